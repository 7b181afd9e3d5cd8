/** Annotation names (simple names) the Java route extractors look for. */

/** Spring MVC/WebFlux request-mapping annotations and the HTTP method each implies. */
export const SPRING_MAPPING_METHODS: ReadonlyMap<string, string | undefined> = new Map([
  ['RequestMapping', undefined],
  ['GetMapping', 'GET'],
  ['PostMapping', 'POST'],
  ['PutMapping', 'PUT'],
  ['PatchMapping', 'PATCH'],
  ['DeleteMapping', 'DELETE'],
]);

/** Class-level annotations that make a concrete class a Spring controller. */
export const SPRING_CONTROLLER_ANNOTATIONS: ReadonlySet<string> = new Set([
  'RestController', 'Controller', 'RepositoryRestController', 'BasePathAwareController',
]);

/** JAX-RS request-method designators (javax.ws.rs / jakarta.ws.rs). */
export const JAX_RS_HTTP_METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']);

/** Micronaut's method annotations (io.micronaut.http.annotation) and the HTTP method each maps. */
export const MICRONAUT_HTTP_METHODS: ReadonlyMap<string, string> = new Map([
  ['Get', 'GET'], ['Post', 'POST'], ['Put', 'PUT'], ['Patch', 'PATCH'], ['Delete', 'DELETE'], ['Head', 'HEAD'], ['Options', 'OPTIONS'], ['Trace', 'TRACE'],
]);

/**
 * Annotations that make a method worth copying into the facts even when its class looks
 * unremarkable (a mapping inherited by a controller, a sub-resource's methods). Micronaut's are
 * here because a shared API module often declares them on an interface (`ArticleOperations`) that
 * the `@Controller` class of another module implements.
 */
export const ROUTE_METHOD_ANNOTATIONS: ReadonlySet<string> = new Set([...SPRING_MAPPING_METHODS.keys(), ...JAX_RS_HTTP_METHODS, ...MICRONAUT_HTTP_METHODS.keys(), 'Path']);

/** Class-level annotations that make every method of a class worth copying. */
export const ROUTE_CLASS_ANNOTATIONS: ReadonlySet<string> = new Set([...SPRING_CONTROLLER_ANNOTATIONS, 'RequestMapping', 'Path', 'ApplicationPath']);

/**
 * Annotations that wrap a handler the way middleware does: security checks, rate limits, resilience
 * and caching interceptors, CORS. Rules compare a route's list with its siblings'. `@Valid` and
 * `@Transactional` are deliberately absent: they describe the handler's own work, not a gate in front of it.
 */
export const MIDDLEWARE_ANNOTATIONS: ReadonlySet<string> = new Set([
  // Spring Security, JSR-250, Quarkus security
  'PreAuthorize', 'PostAuthorize', 'PreFilter', 'PostFilter', 'Secured', 'RolesAllowed', 'PermitAll', 'DenyAll', 'Authenticated',
  // Resilience4j, Bucket4j, MicroProfile Fault Tolerance
  'RateLimiter', 'RateLimiting', 'CircuitBreaker', 'Retry', 'Bulkhead', 'TimeLimiter', 'Timeout', 'Fallback',
  // Caching and CORS interceptors
  'Cacheable', 'CacheEvict', 'CachePut', 'CacheResult', 'CrossOrigin',
  // Metrics interceptors
  'Timed', 'Counted',
]);

/** Bean Validation annotations that make a body field or a parameter required. */
export const REQUIRED_ANNOTATIONS: ReadonlySet<string> = new Set(['NotNull', 'NotBlank', 'NotEmpty']);
