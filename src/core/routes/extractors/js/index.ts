import type { RouteExtractor } from '../../types.js';
import { expressExtractor } from './express.js';
import { fastifyExtractor } from './fastify.js';
import { honoExtractor } from './hono.js';
import { koaExtractor } from './koa.js';
import { nestjsExtractor } from './nestjs.js';
import { nextjsExtractor } from './nextjs.js';
import { routingControllersExtractor } from './routing-controllers.js';
import { tsoaExtractor } from './tsoa.js';

/** Route extractors for this language family, in the order they run. */
export const JS_EXTRACTORS: readonly RouteExtractor[] = [
  expressExtractor,
  fastifyExtractor,
  honoExtractor,
  koaExtractor,
  nestjsExtractor,
  nextjsExtractor,
  routingControllersExtractor,
  tsoaExtractor,
];
