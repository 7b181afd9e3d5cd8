import type { GoExpr } from './go-facts.js';
import type { GoFrameworkId, GoValue, RouterNode, StrVal } from './go-values.js';

/** What a router becomes when it is mounted as a handler (`http.StripPrefix("/api", apiMux)`, `mw(router)`). */
export interface MountedRouter {
  node: RouterNode;
  /** The prefix stripped before the router sees the path (StripPrefix), if any. */
  strip?: StrVal;
  middleware: string[];
}

/**
 * The interpreter's side of a framework call: a framework module reads the call's arguments through
 * it and records routers, mounts and routes. Nothing here knows a framework.
 */
export interface GoCallSite {
  /** The call's arguments, as written. */
  readonly args: readonly GoExpr[];
  /** Abstract value of an argument or any expression of the calling function. */
  value(expr: GoExpr): GoValue;
  /** The string an expression holds, as far as it can be known. */
  str(expr: GoExpr): StrVal;
  /** Method names from `"GET"`, `http.MethodGet`, `[]string{...}` or a spread list. */
  methods(exprs: readonly GoExpr[]): string[] | undefined;
  /** How an expression reads as middleware: `authMiddleware`, `middleware.JWT(secret)`. */
  name(expr: GoExpr): string;
  /** A new router that hangs below `parent` (a group, a sub-router) or a new top-level one. */
  newRouter(framework: GoFrameworkId, kind: string, options: NewRouterOptions): RouterNode;
  /** Makes `child` reachable below `parent` at `prefix`. */
  mount(child: RouterNode, parent: RouterNode, prefix: StrVal, options?: { middleware?: string[]; methods?: string[] }): void;
  /** Records a route. `handler` is the handler expression (method value, func literal, wrapped call). */
  route(router: RouterNode, framework: GoFrameworkId, methods: readonly string[], path: StrVal, handler: GoExpr | undefined, middleware: readonly string[]): RouteRegistration;
  /** Calls a func literal or function value with these arguments (chi `Route` callbacks). */
  invoke(callee: GoExpr, args: GoValue[]): GoValue;
  /** Whether a handler expression is a router (possibly wrapped or stripped) being mounted. */
  mountedRouter(expr: GoExpr): MountedRouter | undefined;
  /** A router shared by the whole program (net/http's DefaultServeMux). */
  singleton(key: string, make: () => RouterNode): RouterNode;
}

export interface NewRouterOptions {
  parent?: RouterNode;
  prefix?: StrVal;
  middleware?: string[];
  liveMiddleware: boolean;
  methods?: string[];
}

/** A route as the interpreter records it, before prefixes are resolved. Frameworks may amend it (gorilla `.Methods()`). */
export interface RouteRegistration {
  framework: GoFrameworkId;
  router: RouterNode;
  /** How many of the router's `Use` middleware apply (snapshot), Infinity when all do. */
  routerMiddleware: number;
  methods: string[];
  path: StrVal;
  middleware: string[];
  handler?: HandlerInfo;
  file: string;
  line: number;
  declHash: string;
}

export interface HandlerInfo {
  name?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  bodyHash?: string;
  /** Wrappers around the handler (`mw(h)`): middleware, outermost first. */
  middleware: string[];
}

/**
 * One Go web framework: how to recognise its package and what its router methods do.
 * The interpreter decides which values are routers; a framework only gives their methods meaning.
 */
export interface GoFramework {
  id: GoFrameworkId;
  /** Whether an import path is this framework's package. */
  isPackage(importPath: string): boolean;
  /** The package name its import gets when no alias is written. */
  packageName: string;
  /** Package functions that create or serve routers (`New`, `NewRouter`, `HandleFunc`). */
  packageFunctions: readonly string[];
  /**
   * Router method names that mark a function as one that sets routes up, whatever their arguments.
   * Common names (`Get`, `Add`) are left out: a call passing a path marks the function anyway.
   */
  routerMethods: readonly string[];
  /** Router types of the package; `rootOnly` when a value of that type is always a top-level router. */
  routerTypes: Readonly<Record<string, { rootOnly: boolean }>>;
  /** `pkg.Func(...)`: a router constructor or a package-level registration. */
  callPackage(site: GoCallSite, name: string): GoValue | undefined;
  /** `pkg.Name` that is not a call: a package variable (http.DefaultServeMux) or a method constant. */
  packageValue?(site: Pick<GoCallSite, 'singleton' | 'newRouter'>, name: string): GoValue | undefined;
  /** `router.Method(...)` on one of this framework's routers. */
  callRouter(site: GoCallSite, node: RouterNode, name: string): GoValue | undefined;
  /** `value.Method(...)` on one of this framework's own values (a gorilla route being built). */
  callExt?(site: GoCallSite, kind: string, data: unknown, name: string): GoValue | undefined;
  /** A router of this framework standing for an unknown value of one of its router types. */
  routerKind(typeName: string): { kind: string; liveMiddleware: boolean };
}

/** The value of `http.StripPrefix(prefix, handler)`: a mount prefix when the handler is a router. */
export interface StripPrefixData {
  prefix: StrVal;
  handler: GoExpr;
}

/**
 * Records a route whose handlers are a list: the handler is the last of them (gin, fiber) or the
 * first (echo, whose route middleware follow the handler); the others are route middleware.
 */
export function addRoute(
  site: GoCallSite, node: RouterNode, framework: GoFrameworkId, methods: readonly string[],
  path: GoExpr | undefined, handlers: readonly GoExpr[], handlerPosition: 'first' | 'last',
): void {
  if (!path) return;
  const handler = handlerPosition === 'first' ? handlers[0] : handlers[handlers.length - 1];
  const middleware = handlerPosition === 'first' ? handlers.slice(1) : handlers.slice(0, -1);
  site.route(node, framework, methods, site.str(path), handler, middleware.map((expr) => site.name(expr)));
}

/** `parent.Group(prefix, middleware...)`: a group router below `parent` (gin, echo, fiber, hertz). */
export function addGroup(site: GoCallSite, parent: RouterNode, framework: GoFrameworkId, args: readonly GoExpr[], withMiddleware = true): RouterNode {
  return site.newRouter(framework, 'group', {
    parent,
    prefix: args[0] ? site.str(args[0]) : { text: '' },
    middleware: withMiddleware ? args.slice(1).map((arg) => site.name(arg)) : [],
    liveMiddleware: false,
  });
}

/** HTTP methods in the upper case the route contract uses. */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'CONNECT', 'TRACE'] as const;

/** `Get` → `GET`, for frameworks whose router methods are named after HTTP methods. */
export function httpMethodOf(name: string): string | undefined {
  const upper = name.toUpperCase();
  return (HTTP_METHODS as readonly string[]).includes(upper) ? upper : undefined;
}

/** The value a framework call returns when it returns the router it was called on (chaining). */
export function routerValue(node: RouterNode): GoValue {
  return { t: 'router', node };
}
