import type { RouteExtractor } from '../../types.js';
import { jaxRsExtractor } from './jax-rs.js';
import { javalinExtractor } from './javalin.js';
import { micronautExtractor } from './micronaut.js';
import { springDataRestExtractor } from './spring-data-rest.js';
import { springExtractor } from './spring.js';
import { vertxWebExtractor } from './vertx-web.js';

/** Route extractors for this language family, in the order they run. */
export const JAVA_EXTRACTORS: readonly RouteExtractor[] = [
  springExtractor as RouteExtractor,
  jaxRsExtractor as RouteExtractor,
  micronautExtractor as RouteExtractor,
  springDataRestExtractor as RouteExtractor,
  javalinExtractor as RouteExtractor,
  vertxWebExtractor as RouteExtractor,
];
