import type { ChainStep, Dependency, DependencyChange, FileRoles, Service, ServiceChanges } from './types.js';

/** A dependency in the review JSON. */
export interface DependencyJson {
  kind: Dependency['kind'];
  direction?: 'produce' | 'consume';
  system: string;
  target: string;
  fallback?: string;
  /** The unit of this repository the dependency reaches. */
  target_service?: string;
  /** The workspace library whose code makes the call, when the service reaches it through one. */
  via_library?: string;
  libraries: string[];
  clients?: Array<{ file: string; line: number; detail: string; pooled: boolean; scope: 'module' | 'function' }>;
  sites: Array<{ file: string; line: number }>;
  site_count: number;
}

export interface ServiceJson {
  name: string;
  root: string;
  manifest: string;
  kind: Service['kind'];
  languages: string[];
  entry_points: Array<{ file: string; line: number; detail: string }>;
  routes: string[];
  health_routes: string[];
  shutdown: Array<{ file: string; line: number; detail: string }>;
  logging: string[];
  metrics: string[];
  dependencies: DependencyJson[];
}

export interface ChainStepJson {
  function: string;
  file: string;
  line: number;
  roles: string[];
  reaches?: string[];
  calls?: ChainStepJson[];
}

/** The `services` field of the review JSON (additive to format version 1). */
export interface ServicesJson {
  touched: ServiceJson[];
  added_services: string[];
  removed_services: string[];
  files: Array<{ path: string; service?: string; roles: string[]; functions: Array<{ name: string; start_line: number; end_line: number; roles: string[] }> }>;
  added_dependencies: Array<{ service: string } & DependencyJson>;
  removed_dependencies: Array<{ service: string } & DependencyJson>;
  call_chains: Array<{ route: string; change: 'added' | 'modified' | 'affected'; service?: string; reaches: string[]; chain?: ChainStepJson }>;
}

/** The services part of the review JSON: snake_case like the rest of the document. */
export function servicesJson(changes: ServiceChanges): ServicesJson {
  return {
    touched: changes.touched.map(serviceJson),
    added_services: changes.addedServices,
    removed_services: changes.removedServices,
    files: changes.files.map(fileJson),
    added_dependencies: changes.addedDependencies.map(changeJson),
    removed_dependencies: changes.removedDependencies.map(changeJson),
    call_chains: changes.chains.map((chain) => ({
      route: chain.route,
      change: chain.change,
      ...(chain.service ? { service: chain.service } : {}),
      reaches: chain.reaches,
      ...(chain.chain ? { chain: stepJson(chain.chain) } : {}),
    })),
  };
}

export function serviceJson(service: Service): ServiceJson {
  return {
    name: service.name,
    root: service.root,
    manifest: service.manifest,
    kind: service.kind,
    languages: service.languages,
    entry_points: service.entryPoints,
    routes: service.routes,
    health_routes: service.healthRoutes,
    shutdown: service.shutdown,
    logging: service.logging,
    metrics: service.metrics,
    dependencies: service.dependencies.map(dependencyJson),
  };
}

function dependencyJson(dependency: Dependency): DependencyJson {
  return {
    kind: dependency.kind,
    ...(dependency.direction ? { direction: dependency.direction } : {}),
    system: dependency.system,
    target: dependency.target,
    ...(dependency.fallback ? { fallback: dependency.fallback } : {}),
    ...(dependency.service ? { target_service: dependency.service } : {}),
    ...(dependency.via ? { via_library: dependency.via } : {}),
    libraries: dependency.libraries,
    ...(dependency.clients ? { clients: dependency.clients } : {}),
    sites: dependency.sites,
    site_count: dependency.siteCount,
  };
}

function changeJson(change: DependencyChange): { service: string } & DependencyJson {
  return { service: change.service, ...dependencyJson(change.dependency) };
}

function fileJson(file: FileRoles): ServicesJson['files'][number] {
  return {
    path: file.path,
    ...(file.service ? { service: file.service } : {}),
    roles: file.roles,
    functions: file.functions.map((fn) => ({ name: fn.name, start_line: fn.startLine, end_line: fn.endLine, roles: fn.roles })),
  };
}

function stepJson(step: ChainStep): ChainStepJson {
  return {
    function: step.function,
    file: step.file,
    line: step.line,
    roles: step.roles,
    ...(step.reaches.length > 0 ? { reaches: step.reaches } : {}),
    ...(step.calls.length > 0 ? { calls: step.calls.map(stepJson) } : {}),
  };
}
