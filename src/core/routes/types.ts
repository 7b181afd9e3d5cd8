import type { JsModuleAliases } from '../source/js-module-aliases.js';
import type { ParsedFile, SkippedFile } from '../source/language.js';

/** Where a route's handler code lives (a function, a method, an inline arrow). */
export interface HandlerRef {
  /** Function or method name, when it has one (`ArticlesController.findAll`, `list_items`). */
  name?: string;
  file: string;
  /** 1-based inclusive line span of the handler's code at this ref. */
  startLine: number;
  endLine: number;
}

/** One HTTP/RPC route a tree declares, with every prefix resolved. */
export interface Route {
  /** Upper case: GET, POST, …; ANY when every method is accepted; RPC for gRPC; QUERY/MUTATION/SUBSCRIPTION for GraphQL. */
  method: string;
  /** Full normalised path (see normaliseRoutePath): leading '/', no trailing '/', params as {name}. */
  path: string;
  /** File and 1-based line of the declaration (the decorator, the call, the proto rpc line). */
  file: string;
  line: number;
  /** Extractor id: express, fastify, nestjs, hono, nextjs, koa, routing-controllers, tsoa, fastapi, flask, django, drf, starlette, aiohttp, sanic, litestar, gin, echo, chi, net-http, gorilla-mux, fiber, httprouter, spring, spring-data-rest, jax-rs, micronaut, javalin, vertx-web, grpc, graphql, openapi. */
  framework: string;
  handler?: HandlerRef;
  /**
   * Middleware, guards, interceptors, dependencies and decorators that apply to this route, outermost
   * first, by the name they have in code (`authenticate`, `AuthGuard('jwt')`, `Depends(get_current_user)`,
   * `@PreAuthorize`, `login_required`). Rules use these to compare a route with its siblings.
   */
  middleware: string[];
  /** The prefix could not be fully resolved (computed at run time): the path holds what is known. */
  partial?: boolean;
  /** Human-readable notes: "prefix from API_PREFIX, default from .env.example". */
  notes?: string[];
  /**
   * Hash of what makes the route itself: the declaration text, its middleware and its handler's body.
   * Two routes with the same method+path but different signatures are `modified`.
   */
  signature: string;
  /** Names of required inputs (body fields, required query params) when the extractor can tell. */
  requiredInputs?: string[];
}

export type RouteChangeKind = 'added' | 'removed' | 'modified' | 'unchanged';

export interface RouteChange {
  kind: RouteChangeKind;
  /** The route at HEAD; for removed routes, the route at BASE. */
  route: Route;
  /** The route at BASE, for modified and unchanged routes. */
  before?: Route;
}

/** Context an extractor's link step may consult: the whole tree's env defaults and paths. */
export interface ProjectInfo {
  /** Every path of the tree. */
  paths: readonly string[];
  /** Defaults for configuration values: variables from .env.example/.env.sample/.env.defaults. */
  envDefaults: ReadonlyMap<string, { value: string; file: string }>;
  /** Texts of configuration files extractors read: Spring/Quarkus application.properties/.yml (prefixes), go.mod (module paths). */
  configFiles?: ReadonlyMap<string, string>;
  /** tsconfig/jsconfig `paths` and `baseUrl`, and workspace packages: how JS/TS modules import each other by name. */
  jsAliases?: JsModuleAliases;
}

/**
 * A framework's route extractor. `collect` runs on every parsed file while its syntax tree is alive
 * and returns plain, serialisable facts (or undefined when the file has nothing for this framework);
 * `link` runs once over every file's facts and resolves prefixes across files.
 */
export interface RouteExtractor<Facts = unknown> {
  id: string;
  /** Languages this extractor reads; others are never passed to collect. */
  languages: readonly ParsedFile['language'][];
  collect(file: ParsedFile): Facts | undefined;
  link(files: ReadonlyArray<{ path: string; facts: Facts }>, project: ProjectInfo): Route[];
}

/**
 * Extractors for documents that are not code (proto, GraphQL SDL, OpenAPI): they read text.
 */
export interface DocumentRouteExtractor {
  id: string;
  /** Cheap test on the path (and text) before parsing. */
  accepts(path: string, text: string): boolean;
  /** Routes declared by this document; throws with a clear message when the document does not parse. */
  extract(path: string, text: string): Route[];
}

/** The route map of one tree. */
export interface RouteMap {
  ref: string;
  routes: Route[];
  /** Files that could not be read as code, with the reason. */
  skipped: SkippedFile[];
}
