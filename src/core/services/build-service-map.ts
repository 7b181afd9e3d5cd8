import { readJsModuleAliases } from '../source/js-module-aliases.js';
import type { SourceTree } from '../change-source.js';
import { routeKey } from '../routes/diff-routes.js';
import type { Route } from '../routes/types.js';
import { fileRoles } from './classify-roles.js';
import { originOf, systemOfScheme } from './facts-builder.js';
import { findServiceRoots, ServiceOwners, type ServiceRoot } from './find-services.js';
import { codeIndexOf, type CodeIndex } from './code-index.js';
import type { CodeFamily, CodeSignal, CodeSite, Dependency, DependencyKind, FileFacts, FileRoles, Service, ServiceMap } from './types.js';

/** Sites kept per dependency: enough to find it, not a list of every call. */
const MAX_SITES = 5;
const HEALTH_SEGMENTS = new Set(['health', 'healthz', 'healthcheck', 'health-check', 'ready', 'readyz', 'readiness', 'live', 'livez', 'liveness', 'ping']);

export interface BuildServiceMapInput {
  facts: readonly FileFacts[];
  tree: SourceTree;
  routes: readonly Route[];
}

/**
 * Links per-file facts into the service map of a tree: units from manifests, each file's owner and
 * roles, and per unit its entry points, routes, health routes, shutdown handling, observability
 * libraries and dependencies (matched to other units of the repository where the code names them).
 */
export async function buildServiceMap({ facts, tree, routes }: BuildServiceMapInput): Promise<ServiceMap> {
  const paths = await tree.paths();
  const roots = await findServiceRoots(paths, (path) => tree.read(path), facts);
  const owners = new ServiceOwners(roots);
  const byRoot = new Map<string, { root: ServiceRoot; files: FileFacts[]; routes: Route[] }>();
  for (const root of roots) byRoot.set(root.root, { root, files: [], routes: [] });
  const orphan: ServiceRoot = { name: 'root', root: '', manifest: '', config: {} };
  const ownerEntry = (path: string): { root: ServiceRoot; files: FileFacts[]; routes: Route[] } => {
    const root = owners.ownerOf(path) ?? orphan;
    let entry = byRoot.get(root.root);
    if (!entry) byRoot.set(root.root, (entry = { root, files: [], routes: [] }));
    return entry;
  };
  for (const file of facts) ownerEntry(file.path).files.push(file);
  for (const route of routes) ownerEntry(route.file).routes.push(route);

  const routesByFile = new Map<string, Route[]>();
  for (const route of routes) {
    for (const file of new Set([route.file, route.handler?.file].filter((f): f is string => !!f))) {
      const list = routesByFile.get(file) ?? [];
      list.push(route);
      routesByFile.set(file, list);
    }
  }

  const services: Service[] = [];
  const goFilesByDir = new Map<string, FileFacts[]>();
  for (const file of facts) {
    if (file.family !== 'go') continue;
    const dir = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/')) : '';
    goFilesByDir.set(dir, [...(goFilesByDir.get(dir) ?? []), file]);
  }
  const filesOf = new Map<Service, readonly FileFacts[]>();
  for (const { root, files, routes: own } of byRoot.values()) {
    if (files.length === 0 && own.length === 0) continue;
    const shared = root.goModule && root.manifest === root.root ? goSharedFiles(files, roots, goFilesByDir, owners, root) : [];
    const service = buildService(root, files, own, shared);
    services.push(service);
    filesOf.set(service, files);
  }
  linkServices(services, routes, owners);
  services.sort((a, b) => a.root.localeCompare(b.root) || a.name.localeCompare(b.name));

  const serviceOf = (path: string): Service | undefined => {
    const root = owners.ownerOf(path) ?? orphan;
    return services.find((service) => service.root === root.root);
  };
  const fileMap: Record<string, FileRoles> = {};
  const factMap: Record<string, FileFacts> = {};
  for (const file of facts) {
    const service = serviceOf(file.path);
    fileMap[file.path] = fileRoles(file, file.path, routesByFile.get(file.path) ?? [], service?.name, service?.root);
    factMap[file.path] = file;
  }
  const rootMap: Record<string, string> = {};
  for (const service of services) rootMap[service.name] = service.root;
  const goModules: Record<string, string> = {};
  for (const root of roots) if (root.goModule && root.manifest.endsWith('go.mod')) goModules[root.root] = root.goModule;
  const map: ServiceMap = { ref: tree.ref, services, files: fileMap, facts: factMap, roots: rootMap, goModules, jsAliases: await readJsModuleAliases(tree) };
  // The same index later follows the PR's call chains (codeIndexOf keeps one per map).
  creditLibraryDependencies(services, filesOf, owners, codeIndexOf(map));
  return map;
}

/**
 * Files of the module's shared packages that a Go binary imports (transitively): a `cmd/api` binary
 * talks to what its `internal/…` packages talk to.
 */
function goSharedFiles(files: readonly FileFacts[], roots: readonly ServiceRoot[], byDir: ReadonlyMap<string, FileFacts[]>, owners: ServiceOwners, own: ServiceRoot): FileFacts[] {
  const module = roots.find((root) => root.goModule === own.goModule && root.manifest.endsWith('go.mod'));
  if (!module?.goModule) return [];
  const seen = new Set<string>();
  const shared: FileFacts[] = [];
  const queue = [...files];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const imported of file.imports) {
      if (imported.source !== module.goModule && !imported.source.startsWith(`${module.goModule}/`)) continue;
      const relative = imported.source.slice(module.goModule.length + 1);
      const dir = [module.root, relative].filter(Boolean).join('/');
      if (seen.has(dir)) continue;
      seen.add(dir);
      for (const next of byDir.get(dir) ?? []) {
        // Another binary's own package is not shared code.
        if (owners.ownerOf(next.path)?.root !== module.root) continue;
        shared.push(next);
        queue.push(next);
      }
    }
  }
  return shared;
}

function buildService(root: ServiceRoot, files: FileFacts[], routes: Route[], shared: readonly FileFacts[] = []): Service {
  const entryPoints: Service['entryPoints'] = [];
  const shutdown: Service['shutdown'] = [];
  const health = new Set<string>();
  const logging = new Set<string>();
  const metrics = new Set<string>();
  const languages = new Set<CodeFamily>();
  const dependencies = new Map<string, Dependency>();
  for (const file of files) {
    languages.add(file.family);
    for (const name of file.logging) logging.add(name);
    for (const name of file.metrics) metrics.add(name);
    for (const signal of file.signals) {
      const site = { file: file.path, line: signal.line };
      if (signal.kind === 'entry') entryPoints.push({ ...site, detail: signal.detail ?? signal.library });
      else if (signal.kind === 'shutdown') shutdown.push({ ...site, detail: signal.detail ?? signal.library });
      else if (signal.kind === 'health' && signal.target) health.add(`GET ${signal.target}`);
      else addDependency(dependencies, signal, site);
    }
  }
  for (const file of shared) {
    for (const signal of file.signals) if (signal.kind !== 'entry' && signal.kind !== 'shutdown' && signal.kind !== 'health') addDependency(dependencies, signal, { file: file.path, line: signal.line });
  }
  addConfiguredDependencies(dependencies, root, files);
  // `config:inventory.url`: the service's application configuration gives the value.
  for (const dependency of dependencies.values()) {
    const value = dependency.target.startsWith('config:') ? root.config[dependency.target.slice(7)] : undefined;
    const origin = value ? originOf(value) : undefined;
    if (origin && !dependency.fallback) dependency.fallback = origin;
  }
  for (const route of routes) {
    const segments = route.path.toLowerCase().split('/').filter(Boolean);
    if (segments.some((segment) => HEALTH_SEGMENTS.has(segment)) || route.path.startsWith('/actuator/health')) health.add(routeKey(route));
  }
  if (root.actuator) {
    health.add('GET /actuator/health');
  }
  if (root.gracefulShutdown) shutdown.push({ file: root.gracefulShutdown, line: 1, detail: 'server.shutdown=graceful' });
  const routeKeys = [...new Set(routes.map(routeKey))].sort();
  const consumes = [...dependencies.values()].some((dependency) => dependency.direction === 'consume');
  const scheduled = files.some((file) => file.signals.some((signal) => signal.kind === 'schedule'));
  return {
    name: root.name,
    root: root.root,
    manifest: root.manifest,
    kind: entryPoints.length > 0 || routeKeys.length > 0 || consumes || scheduled ? 'service' : 'library',
    languages: [...languages].sort(),
    entryPoints: sortSites(entryPoints),
    routes: routeKeys,
    healthRoutes: [...health].sort(),
    shutdown: sortSites(shutdown),
    logging: [...logging].sort(),
    metrics: [...metrics].sort(),
    dependencies: [...dependencies.values()].sort(compareDependencies),
    fileCount: files.length,
  };
}

function sortSites<T extends CodeSite>(sites: T[]): T[] {
  return sites.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/** The identity of a dependency across refs: what it reaches, not where the code says it. */
export function dependencyKey(dependency: Pick<Dependency, 'kind' | 'direction' | 'system' | 'target'>): string {
  return `${dependency.kind}|${dependency.direction ?? ''}|${dependency.system}|${dependency.target}`;
}

function compareDependencies(a: Dependency, b: Dependency): number {
  return dependencyKey(a).localeCompare(dependencyKey(b));
}

function dependencyOf(signal: CodeSignal): Pick<Dependency, 'kind' | 'direction' | 'system' | 'target'> | undefined {
  const kinds: Partial<Record<CodeSignal['kind'], DependencyKind>> = {
    'http-call': 'http', 'grpc-client': 'grpc', 'db-client': 'database', 'cache-client': 'cache', produce: 'messaging', consume: 'messaging',
  };
  const kind = kinds[signal.kind];
  if (!kind) return undefined;
  const system = kind === 'http' ? 'http' : kind === 'grpc' ? 'grpc' : (signal.system ?? signal.library);
  const target = signal.target ?? (kind === 'database' || kind === 'cache' ? system : 'dynamic');
  return { kind, ...(kind === 'messaging' ? { direction: signal.kind as 'produce' | 'consume' } : {}), system, target };
}

function addDependency(dependencies: Map<string, Dependency>, signal: CodeSignal, site: CodeSite): void {
  const identity = dependencyOf(signal);
  if (!identity) return;
  const key = dependencyKey(identity);
  let dependency = dependencies.get(key);
  if (!dependency) {
    dependency = { ...identity, ...(signal.fallback ? { fallback: signal.fallback } : {}), libraries: [], sites: [], siteCount: 0 };
    dependencies.set(key, dependency);
  }
  if (!dependency.libraries.includes(signal.library)) dependency.libraries.push(signal.library);
  dependency.libraries.sort();
  dependency.siteCount++;
  if (dependency.sites.length < MAX_SITES) dependency.sites.push(site);
  if (signal.kind === 'db-client' || signal.kind === 'cache-client') {
    (dependency.clients ??= []).push({ ...site, detail: signal.detail ?? signal.library, pooled: signal.pooled ?? true, scope: isStartupScope(signal.function) ? 'module' : 'function' });
  }
}

/**
 * Creating a client at module level, in `main`/`init`, a constructor or a factory is once per process;
 * anywhere else it may be per call.
 */
function isStartupScope(fn: string | undefined): boolean {
  if (!fn) return true;
  const name = fn.slice(fn.lastIndexOf('.') + 1);
  return /^(main|init|constructor|__init__|setup|Setup|bootstrap|configure|lifespan|startup|on_startup|onModuleInit|New|New[A-Z]\w*|[cC]reate\w*(Pool|Client|Engine|DataSource|Db|DB|Database)|[oO]pen\w*|[cC]onnect\w*|get\w*(Pool|Engine|Client|DataSource|Db|DB))$/.test(name) || /(Config|Configuration|Module)$/.test(fn.split('.')[0] ?? '');
}

/** Databases the code reaches without creating a client itself: Spring Data/JPA, Prisma, Django ORM. */
function addConfiguredDependencies(dependencies: Map<string, Dependency>, root: ServiceRoot, files: FileFacts[]): void {
  const hasDatabase = [...dependencies.values()].some((dependency) => dependency.kind === 'database');
  const queries = files.flatMap((file) => file.signals.filter((signal) => signal.kind === 'db-query' || signal.kind === 'data-model').map((signal) => ({ file: file.path, signal })));
  const url = root.config['spring.datasource.url'] ?? root.config['spring.r2dbc.url'];
  const mongo = root.config['spring.data.mongodb.uri'];
  const prisma = root.config['prisma.provider'];
  // Prisma: the schema names the database; the client's own dependency says only "prisma".
  for (const dependency of dependencies.values()) {
    if (dependency.kind === 'database' && dependency.system === 'prisma' && prisma) {
      const key = dependencyKey(dependency);
      dependencies.delete(key);
      dependency.system = systemOfScheme(prisma) ?? prisma;
      if (dependency.target === 'prisma') dependency.target = root.config['prisma.url.env'] ? `env:${root.config['prisma.url.env']}` : dependency.system;
      dependencies.set(dependencyKey(dependency), dependency);
    }
  }
  if (hasDatabase || queries.length === 0) return;
  const jpa = queries.some(({ signal }) => signal.library === 'jpa' || signal.library.endsWith('Template') || signal.library === 'EntityManager');
  const configured = url ?? mongo;
  const system = configured ? (systemOfScheme(configured) ?? 'database') : queries[0]!.signal.system ?? (jpa ? 'jpa' : queries[0]!.signal.library);
  const target = configured ? (originOf(configured) ?? (url ? 'config:spring.datasource.url' : 'config:spring.data.mongodb.uri')) : system;
  if (queries.every(({ signal }) => signal.system === 'redis')) return;
  const first = queries.filter(({ signal }) => signal.system !== 'redis');
  const dependency: Dependency = { kind: 'database', system, target, libraries: [...new Set(first.map(({ signal }) => signal.library))].sort(), sites: first.slice(0, MAX_SITES).map(({ file, signal }) => ({ file, line: signal.line })), siteCount: first.length };
  dependencies.set(dependencyKey(dependency), dependency);
}

/** Marks HTTP and gRPC dependencies that reach another unit of the repository. */
function linkServices(services: Service[], routes: readonly Route[], owners: ServiceOwners): void {
  const byName = new Map<string, Service>();
  for (const service of services) byName.set(normaliseName(service.name), service);
  const grpcOwners = new Map<string, string>();
  for (const route of routes) {
    if (route.method !== 'RPC') continue;
    const serviceName = route.path.split('/')[1]?.split('.').pop();
    const owner = owners.ownerOf(route.file);
    const service = services.find((s) => s.root === owner?.root);
    if (serviceName && service) grpcOwners.set(serviceName.toLowerCase(), service.name);
  }
  for (const service of services) {
    for (const dependency of service.dependencies) {
      let match: string | undefined;
      if (dependency.kind === 'http') match = matchByName(dependency.target, byName) ?? (dependency.fallback ? matchByName(dependency.fallback, byName) : undefined);
      else if (dependency.kind === 'grpc') {
        const name = dependency.target.toLowerCase();
        match = grpcOwners.get(name) ?? grpcOwners.get(`${name}service`) ?? grpcOwners.get(name.replace(/service$/, '')) ?? (dependency.fallback ? matchByName(dependency.fallback, byName) : undefined) ?? matchByName(dependency.target.replace(/Service$/, ''), byName);
      }
      if (match && match !== service.name) dependency.service = match;
    }
  }
}

/**
 * A service that imports a workspace library reaches what the library's code reaches (the payments
 * client package calls the payments service): those dependencies are added to the service's own,
 * marked `via` the library, through libraries that import libraries too. The service's own
 * dependency wins when both reach the same thing.
 */
function creditLibraryDependencies(services: readonly Service[], filesOf: ReadonlyMap<Service, readonly FileFacts[]>, owners: ServiceOwners, index: CodeIndex): void {
  const byRoot = new Map(services.map((service) => [service.root, service] as const));
  const librariesImportedBy = (service: Service): Service[] => {
    const found = new Set<Service>();
    for (const file of filesOf.get(service) ?? []) {
      for (const imported of file.imports) {
        const target = index.importedPath(file.path, imported.source);
        const owner = target === undefined ? undefined : byRoot.get(owners.ownerOf(target)?.root ?? '');
        if (owner && owner !== service && owner.kind === 'library') found.add(owner);
      }
    }
    return [...found];
  };
  const imports = new Map(services.map((service) => [service, librariesImportedBy(service)] as const));
  // Libraries' own dependencies before anything is credited, so that credits do not cascade twice.
  const own = new Map(services.map((service) => [service, [...service.dependencies]] as const));
  for (const service of services) {
    if (service.kind !== 'service') continue;
    const seen = new Set<Service>([service]);
    const queue = [...(imports.get(service) ?? [])];
    const keys = new Set(service.dependencies.map(dependencyKey));
    while (queue.length > 0) {
      const library = queue.shift()!;
      if (seen.has(library)) continue;
      seen.add(library);
      for (const dependency of own.get(library) ?? []) {
        const key = dependencyKey(dependency);
        if (keys.has(key)) continue;
        keys.add(key);
        service.dependencies.push({ ...dependency, via: library.name });
      }
      queue.push(...(imports.get(library) ?? []));
    }
    service.dependencies.sort(compareDependencies);
  }
}

function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '').replace(/(service|svc|api|server|app)$/, '');
}

/** The unit a URL, `env:INVENTORY_URL`, `config:inventory.base-url` or a bare name points at. */
function matchByName(target: string, byName: ReadonlyMap<string, Service>): string | undefined {
  const candidates: string[] = [];
  if (target.startsWith('env:')) {
    candidates.push(target.slice(4).toLowerCase().replace(/_(service_)?(base_)?(url|uri|host|addr|address|endpoint|api)$/, ''));
  } else if (target.startsWith('config:')) {
    candidates.push(...target.slice(7).split('.'));
  } else {
    const origin = /^[a-z][a-z0-9+.-]*:\/\/([^/:]+)/i.exec(target)?.[1] ?? target.split(':')[0]!;
    candidates.push(origin.split('.')[0]!);
  }
  for (const candidate of candidates) {
    const service = byName.get(normaliseName(candidate));
    if (service && normaliseName(candidate).length > 0) return service.name;
  }
  return undefined;
}
