import type { RouteExtractor } from '../../types.js';
import { analyseJsModule } from './shared/analyse-js-module.js';
import type { JsModuleFacts } from './shared/facts.js';
import { JS_LANGUAGES } from './shared/languages.js';
import { linkRouterGraph } from './shared/router-graph.js';

/** Express: `app.get(…)`, routers mounted with `app.use(prefix, router)` across modules, `router.route(path)` chains, middleware arrays and apps passed to route modules. */
export const expressExtractor: RouteExtractor<JsModuleFacts> = {
  id: 'express',
  languages: JS_LANGUAGES,
  collect: analyseJsModule,
  link: (files, project) => linkRouterGraph(files, project).filter((route) => route.framework === 'express'),
};
