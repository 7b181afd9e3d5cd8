/**
 * The checklist items of the agent definition ("Checklist: Lo Que NUNCA Olvido") with the stable IDs
 * that `shared/contract.md` fixes. Every finding names one of these IDs.
 */
export const CHECKLIST = [
  { id: 'api.versioning', section: 'api', label: 'Versionado de API (URL vs headers)', title: 'API versioning' },
  { id: 'api.pagination', section: 'api', label: 'Paginación para colecciones', title: 'Pagination for collections' },
  { id: 'api.rate-limiting', section: 'api', label: 'Rate limiting y throttling', title: 'Rate limiting and throttling' },
  { id: 'api.auth', section: 'api', label: 'Autenticación y autorización', title: 'Authentication and authorization' },
  { id: 'api.input-validation', section: 'api', label: 'Validación de input', title: 'Input validation' },
  { id: 'api.error-handling', section: 'api', label: 'Manejo de errores consistente', title: 'Consistent error handling' },
  { id: 'api.documentation', section: 'api', label: 'Documentación (OpenAPI/Swagger)', title: 'Documentation (OpenAPI/Swagger)' },
  { id: 'api.idempotency', section: 'api', label: 'Idempotencia para operaciones críticas', title: 'Idempotency for critical operations' },
  { id: 'service.boundaries', section: 'service', label: 'Boundaries claros (bounded contexts)', title: 'Clear boundaries (bounded contexts)' },
  { id: 'service.communication', section: 'service', label: 'Comunicación sync vs async', title: 'Sync vs async communication' },
  { id: 'service.resilience', section: 'service', label: 'Manejo de fallos (circuit breakers, retries)', title: 'Failure handling (timeouts, retries, circuit breakers)' },
  { id: 'service.health-checks', section: 'service', label: 'Health checks y readiness probes', title: 'Health checks and readiness probes' },
  { id: 'service.logging', section: 'service', label: 'Logging estructurado con correlation IDs', title: 'Structured logging with correlation IDs' },
  { id: 'service.metrics', section: 'service', label: 'Métricas de negocio y técnicas', title: 'Business and technical metrics' },
  { id: 'service.graceful-shutdown', section: 'service', label: 'Graceful shutdown', title: 'Graceful shutdown' },
  { id: 'scale.stateless', section: 'scale', label: 'Stateless design (sin estado en memoria)', title: 'Stateless design' },
  { id: 'scale.connection-pooling', section: 'scale', label: 'Connection pooling', title: 'Connection pooling' },
  { id: 'scale.caching', section: 'scale', label: 'Caching strategy (local, distributed)', title: 'Caching strategy' },
  { id: 'scale.horizontal', section: 'scale', label: 'Horizontal vs vertical scaling', title: 'Horizontal vs vertical scaling' },
  { id: 'scale.load-balancing', section: 'scale', label: 'Load balancing strategy', title: 'Load balancing strategy' },
  { id: 'scale.database', section: 'scale', label: 'Database bottlenecks', title: 'Database bottlenecks' },
  { id: 'security.injection', section: 'security', label: 'Security by design: injection', title: 'Injection through string-built queries' },
  { id: 'security.secrets', section: 'security', label: 'Security by design: secrets', title: 'Credentials in code' },
] as const;

export type ChecklistId = (typeof CHECKLIST)[number]['id'];
export type ChecklistSection = (typeof CHECKLIST)[number]['section'];

export const CHECKLIST_IDS: readonly ChecklistId[] = CHECKLIST.map((item) => item.id);

/** True when `value` is one of the contract's checklist IDs. */
export function isChecklistId(value: string): value is ChecklistId {
  return (CHECKLIST_IDS as readonly string[]).includes(value);
}

/** The checklist entry for an ID. */
export function checklistItem(id: ChecklistId): (typeof CHECKLIST)[number] {
  const item = CHECKLIST.find((entry) => entry.id === id);
  if (!item) throw new Error(`unknown checklist id ${id}`);
  return item;
}
