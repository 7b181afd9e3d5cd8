import type { AnyRule } from './types.js';
import { breakingRouteChange } from './versioning-breaking-route-change.js';
import { unversionedRoute } from './versioning-unversioned-route.js';
import { unboundedList } from './pagination-unbounded-list.js';
import { unthrottledAuthEndpoint } from './rate-limiting-unthrottled-auth-endpoint.js';
import { missingRouteAuth } from './auth-missing-route-auth.js';
import { unkeyedPaymentPost } from './idempotency-unkeyed-payment-post.js';
import { routeMissingFromOpenApi } from './documentation-route-missing-from-openapi.js';
import { missingDocAnnotations } from './documentation-missing-doc-annotations.js';
import { retryWithoutBackoff } from './resilience-retry-without-backoff.js';
import { unvalidatedBodyWrite } from './validation-unvalidated-body-write.js';
import { internalErrorExposed } from './errors-internal-error-exposed.js';
import { httpCallWithoutTimeout } from './resilience-http-call-without-timeout.js';
import { grpcCallWithoutDeadline } from './resilience-grpc-call-without-deadline.js';
import { missingHealthCheck } from './health-missing-health-check.js';
import { unstructuredLog } from './logging-unstructured-log.js';
import { logWithoutRequestId } from './logging-log-without-request-id.js';
import { noSignalHandling } from './shutdown-no-signal-handling.js';
import { moduleStateInHandler } from './stateless-module-state-in-handler.js';
import { clientPerRequest } from './pooling-client-per-request.js';
import { writeWithoutTtl } from './caching-write-without-ttl.js';
import { schedulerInWebProcess } from './horizontal-scheduler-in-web-process.js';
import { socketServerWithoutAdapter } from './load-balancing-socket-server-without-adapter.js';
import { queryInLoop } from './database-query-in-loop.js';
import { sqlStringBuilt } from './injection-sql-string-built.js';
import { commandStringBuilt } from './injection-command-string-built.js';
import { hardcodedCredential } from './secrets-hardcoded-credential.js';
import { crossServiceImport } from './boundaries-cross-service-import.js';
import { syncCallToInternalService } from './communication-sync-call-to-internal-service.js';
import { newServiceWithoutMetrics } from './metrics-new-service-without-metrics.js';

/**
 * Every deterministic rule, in the order of the checklist. An explicit list, checked by the compiler:
 * a rule that is not here does not run (and the meta-tests say so).
 */
export const RULES: readonly AnyRule[] = [
  breakingRouteChange,
  unversionedRoute,
  unboundedList,
  unthrottledAuthEndpoint,
  missingRouteAuth,
  unvalidatedBodyWrite,
  internalErrorExposed,
  routeMissingFromOpenApi,
  missingDocAnnotations,
  unkeyedPaymentPost,
  crossServiceImport,
  syncCallToInternalService,
  httpCallWithoutTimeout,
  grpcCallWithoutDeadline,
  retryWithoutBackoff,
  missingHealthCheck,
  unstructuredLog,
  logWithoutRequestId,
  newServiceWithoutMetrics,
  noSignalHandling,
  moduleStateInHandler,
  clientPerRequest,
  writeWithoutTtl,
  schedulerInWebProcess,
  socketServerWithoutAdapter,
  queryInLoop,
  sqlStringBuilt,
  commandStringBuilt,
  hardcodedCredential,
] as readonly AnyRule[];
