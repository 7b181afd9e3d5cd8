import type { RouteExtractor } from '../../types.js';
import { analyseJsModule } from './shared/analyse-js-module.js';
import type { JsModuleFacts } from './shared/facts.js';
import { JS_LANGUAGES } from './shared/languages.js';
import { linkRouterGraph } from './shared/router-graph.js';

/** Koa with @koa/router or koa-router: `new Router({ prefix })`, named routes, `router.use(prefix, other.routes())`, `router.prefix()`, across modules. */
export const koaExtractor: RouteExtractor<JsModuleFacts> = {
  id: 'koa',
  languages: JS_LANGUAGES,
  collect: analyseJsModule,
  link: (files, project) => linkRouterGraph(files, project).filter((route) => route.framework === 'koa'),
};
