import { isTestFile } from '../analysis/excluded-paths.js';
import type { Route } from '../routes/types.js';
import type { CodeRole, CodeSignal, FileFacts, FileRoles, FunctionFact, TypeFact } from './types.js';

const ROLE_ORDER: CodeRole[] = ['entry-point', 'route-handler', 'message-consumer', 'scheduled-job', 'business-service', 'data-access', 'outbound-client', 'message-producer', 'configuration', 'migration', 'test'];

const SIGNAL_ROLES: Partial<Record<CodeSignal['kind'], CodeRole>> = {
  'http-call': 'outbound-client',
  'grpc-client': 'outbound-client',
  'db-query': 'data-access',
  'db-client': 'data-access',
  'data-model': 'data-access',
  'cache-client': 'data-access',
  produce: 'message-producer',
  consume: 'message-consumer',
  schedule: 'scheduled-job',
  entry: 'entry-point',
};

const REPOSITORY_SUPERTYPES = new Set(['JpaRepository', 'CrudRepository', 'PagingAndSortingRepository', 'MongoRepository', 'ReactiveCrudRepository', 'ReactiveMongoRepository', 'ListCrudRepository', 'R2dbcRepository', 'Repository', 'JpaSpecificationExecutor']);
const DATA_DECORATORS = new Set(['Repository', 'Entity', 'Document', 'Table', 'Mapper', 'EntityRepository']);
const CONTROLLER_DECORATORS = new Set(['Controller', 'RestController', 'Resolver', 'Path', 'WebSocketGateway']);
const ROUTE_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'GetMapping', 'PostMapping', 'PutMapping', 'DeleteMapping', 'PatchMapping', 'RequestMapping', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'Query', 'Mutation', 'GrpcMethod']);
const CONFIG_DECORATORS = new Set(['Configuration', 'ConfigurationProperties', 'Module', 'SpringBootApplication']);
const CONFIG_NAMES = /^(config|configuration|settings|constants|env|environment)\.[a-z]+$|\.config\.[cm]?[jt]s$|^application(-[\w-]+)?\.(properties|ya?ml)$|^\.env(\..+)?$|^(docker-compose|compose)[\w.-]*\.ya?ml$|^dockerfile$|^(tsconfig|nest-cli|jest\.config)[\w.-]*$|\.tf$/i;
const CONFIG_DIRS = new Set(['config', 'configs', 'configuration', 'conf', 'settings', 'k8s', 'kubernetes', 'helm', 'deploy', 'deployments', 'charts']);
const TEST_DIRS = new Set(['test', 'tests', '__tests__', 'spec', 'e2e', 'testdata', '__mocks__']);

/** Roles a path alone implies: tests, migrations, configuration. */
export function pathRoles(path: string): CodeRole[] {
  const segments = path.split('/');
  const name = segments[segments.length - 1]!;
  const dirs = segments.slice(0, -1).map((segment) => segment.toLowerCase());
  const lowerPath = path.toLowerCase();
  if (isTestFile(path) || dirs.some((dir) => TEST_DIRS.has(dir)) || lowerPath.includes('src/test/')) return ['test'];
  if (
    dirs.some((dir) => dir === 'migrations' || dir === 'migration') ||
    lowerPath.includes('alembic/versions/') ||
    lowerPath.includes('db/migrate/') ||
    /^V\d+(_\d+)*__.+\.sql$/.test(name) ||
    /^\d{8,}[-_].+\.(sql|[jt]s|py)$/.test(name) && dirs.some((dir) => dir.includes('migrat'))
  ) {
    return ['migration'];
  }
  if (CONFIG_NAMES.test(name) || dirs.some((dir) => CONFIG_DIRS.has(dir))) return ['configuration'];
  return [];
}

function sortRoles(roles: Iterable<CodeRole>): CodeRole[] {
  return [...new Set(roles)].sort((a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b));
}

/** Roles a type's declaration implies (a Spring Data repository, an ORM entity, a controller). */
export function typeRoles(type: TypeFact): CodeRole[] {
  const roles: CodeRole[] = [];
  if (type.supertypes.some((name) => REPOSITORY_SUPERTYPES.has(name)) || type.decorators.some((name) => DATA_DECORATORS.has(name)) || /(Repository|Repo|Dao|DAO)$/.test(type.name)) roles.push('data-access');
  if (type.decorators.some((name) => CONTROLLER_DECORATORS.has(name)) || /Controller$/.test(type.name)) roles.push('route-handler');
  if (type.decorators.some((name) => CONFIG_DECORATORS.has(name))) roles.push('configuration');
  if (type.decorators.some((name) => name === 'Service') || (/Service(Impl)?$/.test(type.name) && !roles.includes('route-handler'))) roles.push('business-service');
  if (/(Client|Gateway)$/.test(type.name) && type.decorators.includes('FeignClient')) roles.push('outbound-client');
  return roles;
}

/** Route handler spans of a file (from the route map), to mark the functions that serve routes. */
export type HandlerSpans = ReadonlyArray<{ startLine: number; endLine: number }>;

/** Roles of one function: what it does (signals), where it sits (its type), and whether it serves a route. */
export function functionRoles(fn: FunctionFact, signals: readonly CodeSignal[], owner: TypeFact | undefined, handlers: HandlerSpans, names: ReadonlySet<string> = new Set([fn.name])): CodeRole[] {
  const roles = new Set<CodeRole>();
  for (const signal of signals) {
    if (signal.function === undefined || !names.has(signal.function)) continue;
    const role = SIGNAL_ROLES[signal.kind];
    if (role) roles.add(role);
  }
  if (handlers.some((span) => span.startLine >= fn.startLine && span.startLine <= fn.endLine && span.endLine <= fn.endLine && span.startLine <= fn.startLine + 2) || fn.decorators.some((name) => ROUTE_DECORATORS.has(name))) {
    roles.add('route-handler');
  }
  if (owner) {
    for (const role of typeRoles(owner)) if (role !== 'route-handler' && role !== 'configuration') roles.add(role);
  }
  if (roles.size === 0) roles.add('business-service');
  return sortRoles(roles);
}

/**
 * Names whose signals and calls count for `fn`: its own, and those of the anonymous functions nested
 * in it (callbacks: `items.map((x) => repo.find(x))`).
 */
export function ownFunctionNames(functions: readonly FunctionFact[], fn: FunctionFact): Set<string> {
  const names = new Set([fn.name]);
  for (const other of functions) {
    if (other !== fn && other.name.startsWith('(anonymous') && other.startLine >= fn.startLine && other.endLine <= fn.endLine) names.add(other.name);
  }
  return names;
}

/** Roles of a whole file and of each function in it. */
export function fileRoles(facts: FileFacts | undefined, path: string, routes: readonly Route[], service: string | undefined, root = ''): FileRoles {
  const fromPath = pathRoles(path);
  if (!facts || fromPath.includes('test') || fromPath.includes('migration')) {
    return { path, ...(service ? { service } : {}), roles: fromPath.length > 0 ? fromPath : routes.length > 0 ? ['route-handler'] : [], functions: [] };
  }
  const handlers = routes.flatMap((route) => (route.handler && route.handler.file === path ? [{ startLine: route.handler.startLine, endLine: route.handler.endLine }] : []));
  const roles = new Set<CodeRole>(fromPath);
  if (routes.some((route) => route.file === path)) roles.add('route-handler');
  for (const type of facts.types) for (const role of typeRoles(type)) roles.add(role);
  for (const signal of facts.signals) {
    const role = SIGNAL_ROLES[signal.kind];
    if (role) roles.add(role);
  }
  const functions = facts.functions
    .filter((fn) => !fn.name.startsWith('(anonymous'))
    .map((fn) => {
      const owner = fn.owner ? facts.types.find((type) => type.name === fn.owner) : undefined;
      const own = functionRoles(fn, facts.signals, owner, handlers, ownFunctionNames(facts.functions, fn));
      return { name: fn.name, startLine: fn.startLine, endLine: fn.endLine, roles: own };
    });
  for (const fn of facts.functions.filter((f) => f.name.startsWith('(anonymous'))) {
    for (const role of functionRoles(fn, facts.signals, undefined, handlers)) if (role !== 'business-service') roles.add(role);
  }
  for (const fn of functions) for (const role of fn.roles) roles.add(role);
  // Business logic by default only when nothing more specific is known, or when the file says so
  // (a `*Service` type, a services/domain folder, a `*service*` file name).
  // Folders count inside the unit only: a monorepo's `services/` folder holds units, not business logic.
  const inside = root && path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
  const saysService = facts.types.some((type) => typeRoles(type).includes('business-service')) || /(^|\/)(services?|domain|usecases?|use-cases)\//i.test(inside) || /service/i.test(path.slice(path.lastIndexOf('/') + 1));
  if (roles.size > 1 && !saysService) roles.delete('business-service');
  if (roles.size === 0) roles.add('business-service');
  return { path, ...(service ? { service } : {}), roles: sortRoles(roles), functions };
}
