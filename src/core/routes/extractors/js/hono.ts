import type { RouteExtractor } from '../../types.js';
import { analyseJsModule } from './shared/analyse-js-module.js';
import type { JsModuleFacts } from './shared/facts.js';
import { JS_LANGUAGES } from './shared/languages.js';
import { linkRouterGraph } from './shared/router-graph.js';

/** Hono: `app.get(…)`, `app.on(method, path, …)`, sub-apps mounted with `app.route(prefix, sub)`, `basePath`, `app.use(pattern, mw)` middleware, zod-openapi routes. */
export const honoExtractor: RouteExtractor<JsModuleFacts> = {
  id: 'hono',
  languages: JS_LANGUAGES,
  collect: analyseJsModule,
  link: (files, project) => linkRouterGraph(files, project).filter((route) => route.framework === 'hono'),
};
