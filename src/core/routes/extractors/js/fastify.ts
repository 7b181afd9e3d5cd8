import type { RouteExtractor } from '../../types.js';
import { analyseJsModule } from './shared/analyse-js-module.js';
import type { JsModuleFacts } from './shared/facts.js';
import { JS_LANGUAGES } from './shared/languages.js';
import { linkRouterGraph } from './shared/router-graph.js';

/** Fastify: shorthand methods, `fastify.route({…})`, plugins registered with `{ prefix }` across modules, @fastify/autoload folders, onRequest/preHandler hooks as middleware. */
export const fastifyExtractor: RouteExtractor<JsModuleFacts> = {
  id: 'fastify',
  languages: JS_LANGUAGES,
  collect: analyseJsModule,
  link: (files, project) => linkRouterGraph(files, project).filter((route) => route.framework === 'fastify'),
};
