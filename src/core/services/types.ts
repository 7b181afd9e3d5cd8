import type { JsModuleAliases } from '../source/js-module-aliases.js';

/**
 * The service map: which deployable services a repository holds, what each file and function of them
 * is for, and what each service talks to. Everything here is plain, serialisable data.
 */

/** Language family of a file (the three JS dialects read the same way). */
export type CodeFamily = 'js' | 'python' | 'go' | 'java';

/** What a piece of code is for. A file or function may have several. */
export type CodeRole =
  | 'route-handler'
  | 'business-service'
  | 'data-access'
  | 'outbound-client'
  | 'message-producer'
  | 'message-consumer'
  | 'scheduled-job'
  | 'entry-point'
  | 'configuration'
  | 'migration'
  | 'test';

/** A place in a file at one ref. */
export interface CodeSite {
  file: string;
  line: number;
}

/** What a call (or decorator, annotation, literal) found in the code does. */
export type SignalKind =
  | 'http-call'
  | 'grpc-client'
  | 'db-client'
  | 'db-query'
  | 'data-model'
  | 'cache-client'
  | 'produce'
  | 'consume'
  | 'schedule'
  | 'entry'
  | 'shutdown'
  | 'health';

/** One fact about what the code does at one line, copied out of the syntax tree. */
export interface CodeSignal {
  kind: SignalKind;
  /** Library that does it (`axios`, `pg`, `kafkajs`, `database/sql`, `spring-kafka`). */
  library: string;
  /** The system it reaches: postgres, mysql, mongodb, redis, kafka, rabbitmq, nats, sqs, bullmq, celery… */
  system?: string;
  /**
   * Who it reaches: a base URL's origin (`http://inventory:8080`), `env:NAME` when the value comes from
   * an environment variable, `config:key` from application configuration, a topic/queue/stream name, a
   * gRPC service name; `dynamic` when computed at run time.
   */
  target?: string;
  /** The default literal given beside an environment variable (`process.env.X ?? 'http://…'`). */
  fallback?: string;
  line: number;
  /** Qualified name of the enclosing function (`OrdersService.create`); absent at module level. */
  function?: string;
  /** How the code says it, for people: `new Pool`, `app.listen`, `@KafkaListener`. */
  detail?: string;
  /** Database/cache clients: true for pools and pooled clients, false for single connections. */
  pooled?: boolean;
}

/** A call inside a function: `receiver.name(…)`, receiver as a chain of names (`this`, `orders`). */
export interface CallSite {
  name: string;
  receiver: string[];
  line: number;
}

export interface ParamFact {
  name: string;
  /** Declared type's base name (`OrderService` for `*service.OrderService` keeps `service.OrderService`). */
  type?: string;
}

/** A function or method declared in a file. */
export interface FunctionFact {
  /** Qualified name: `OrdersService.create`, `(*Handler).Create` is written `Handler.Create`. */
  name: string;
  /** Class / struct / receiver type the function belongs to. */
  owner?: string;
  startLine: number;
  endLine: number;
  params: ParamFact[];
  /** Decorator / annotation names (`Get`, `KafkaListener`, `app.task`). */
  decorators: string[];
  /** Distinct calls made in the body (nested anonymous functions included). */
  calls: CallSite[];
}

/** A class, interface or struct declared in a file. */
export interface TypeFact {
  name: string;
  kind: 'class' | 'interface' | 'struct';
  startLine: number;
  endLine: number;
  /** Fields (and constructor-injected parameters) with their declared types. */
  fields: ParamFact[];
  /** Extended classes and implemented interfaces, by base name. */
  supertypes: string[];
  decorators: string[];
}

/** One import statement: the module and the local names it binds. */
export interface ImportFact {
  source: string;
  /** `imported` is `default`, `*` (namespace / whole module) or the exported name. */
  bindings: Array<{ local: string; imported: string }>;
}

/** Everything the service map needs from one source file, copied out of its syntax tree. */
export interface FileFacts {
  path: string;
  family: CodeFamily;
  /** Go package name / Java package. */
  package?: string;
  imports: ImportFact[];
  functions: FunctionFact[];
  types: TypeFact[];
  signals: CodeSignal[];
  /** Logging and metrics libraries the file imports (by friendly name). */
  logging: string[];
  metrics: string[];
  /** Module-level instances: `const svc = new OrderService()`, `svc = OrderService()`. */
  instances: Array<{ name: string; type: string }>;
}

/** A deployable unit of the repository. */
export interface Service {
  /** Unique within the map: the manifest's name, or the folder's, made unique with the root if needed. */
  name: string;
  /** Directory that holds it ('' for the repository root). */
  root: string;
  /** The manifest that defines it (`services/orders/package.json`), or the `package main` directory. */
  manifest: string;
  /** `library` when it has no entry point, route, consumer or schedule of its own (a shared package). */
  kind: 'service' | 'library';
  languages: CodeFamily[];
  /** Where it starts: `app.listen`, `func main`, `SpringApplication.run`, `uvicorn.run`. */
  entryPoints: Array<CodeSite & { detail: string }>;
  /** Keys (`GET /orders`) of the routes it declares. */
  routes: string[];
  /** Routes (or framework endpoints) that report health/readiness. */
  healthRoutes: string[];
  /** How it handles SIGTERM: `process.on('SIGTERM')`, `signal.Notify`, `@PreDestroy`, `server.shutdown=graceful`. */
  shutdown: Array<CodeSite & { detail: string }>;
  logging: string[];
  metrics: string[];
  dependencies: Dependency[];
  /** Source files it owns (analysed code only). */
  fileCount: number;
}

export type DependencyKind = 'http' | 'grpc' | 'database' | 'cache' | 'messaging';

/** Something a service reaches: another service, a database, a cache, a topic. */
export interface Dependency {
  kind: DependencyKind;
  /** Messaging only: whether the service publishes to or consumes from `target`. */
  direction?: 'produce' | 'consume';
  /** postgres, mysql, mongodb, redis, kafka, rabbitmq, sqs, nats, bullmq, celery…; http/grpc for calls. */
  system: string;
  /** See CodeSignal.target. */
  target: string;
  fallback?: string;
  /** Libraries used for it. */
  libraries: string[];
  /** Another service of this repository the dependency reaches, when the code says which. */
  service?: string;
  /** The workspace library the service reaches it through (its code makes the call), when not its own code. */
  via?: string;
  /** Databases and caches: how the client is created (`new Pool` at module level, `psycopg2.connect` per call). */
  clients?: Array<CodeSite & { detail: string; pooled: boolean; scope: 'module' | 'function' }>;
  /** Where the code uses it (first few). */
  sites: CodeSite[];
  /** How many sites in all. */
  siteCount: number;
}

/** The role of one file (and of its functions) at one ref. */
export interface FileRoles {
  path: string;
  service?: string;
  roles: CodeRole[];
  functions: Array<{ name: string; startLine: number; endLine: number; roles: CodeRole[] }>;
}

/** The service map of one tree. */
export interface ServiceMap {
  ref: string;
  services: Service[];
  /** Roles of every analysed file, by path. */
  files: Record<string, FileRoles>;
  /** The collected facts, kept for call chains and diffs. */
  facts: Record<string, FileFacts>;
  /** Each service's root directory (service name → root), to place files the scan did not parse. */
  roots: Record<string, string>;
  /** Go module paths by module root directory, to follow imports across packages. */
  goModules: Record<string, string>;
  /** How JS/TS modules import each other by name (tsconfig paths, workspace packages). */
  jsAliases?: JsModuleAliases;
}

/** One step of a call chain. */
export interface ChainStep {
  function: string;
  file: string;
  line: number;
  roles: CodeRole[];
  /** What this function itself reaches (`http http://inventory:8080`, `database postgres`, `produce kafka orders`). */
  reaches: string[];
  calls: ChainStep[];
}

/** The call chain of one changed route, from its handler down to data access and outbound calls. */
export interface RouteChain {
  route: string;
  /** `affected`: the route itself is unchanged, but its chain runs through a function the PR changes. */
  change: 'added' | 'modified' | 'affected';
  service?: string;
  /** Undefined when the handler could not be located in the code. */
  chain?: ChainStep;
  /** Every dependency reached anywhere in the chain. */
  reaches: string[];
}

/** A dependency added or removed by the PR, in the service that has it. */
export interface DependencyChange {
  service: string;
  dependency: Dependency;
}

/** What a PR does to the services of the repository. */
export interface ServiceChanges {
  /** Services that own a changed file (at head, or at base for deleted files), in full. */
  touched: Service[];
  /** Services that exist at head but not at base, and the reverse. */
  addedServices: string[];
  removedServices: string[];
  /** Changed files with their service and roles, and the changed functions' roles. */
  files: FileRoles[];
  addedDependencies: DependencyChange[];
  removedDependencies: DependencyChange[];
  /** Call chains of the added and modified routes, and of unchanged routes running through changed functions. */
  chains: RouteChain[];
}
