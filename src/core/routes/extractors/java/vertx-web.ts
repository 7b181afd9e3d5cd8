import type { SgNode } from '@ast-grep/napi';
import { stableHash } from '../../../hash.js';
import { lineOf, type ParsedFile } from '../../../source/language.js';
import { normaliseRoutePath } from '../../normalise-route-path.js';
import type { ProjectInfo, Route, RouteExtractor } from '../../types.js';
import { argumentsOf, callName, CodeIndex, constantsOf, enclosingClass, readCodeFile, readHandler, readPath, simpleType, type CodeFileFacts, type HandlerFacts } from './shared/code-routes.js';
import type { ValueExpr } from './shared/java-facts.js';
import { matchesPathPattern } from './shared/path-pattern.js';

/**
 * A router as code names it: a local variable of a method, a field of a class, a parameter of a
 * method (`void mount(Router router)`), or a router created inline. Fields and parameters are keyed by
 * class and method so that other files can reach them.
 */
type RouterKey = string;

/** A router expression that is the result of a call (`new UserApi(vertx).router()`, `UserRoutes.create(vertx)`). */
interface RouterCall {
  type: string;
  method: string;
}

interface VertxRouteFacts {
  router: RouterKey;
  /** ANY when the route accepts every method. */
  methods: string[];
  path?: ValueExpr;
  /** `handler`/`blockingHandler`/`respond` arguments in order: the last handles, the others are middleware. */
  handlers: HandlerFacts[];
  line: number;
  className?: string;
  declHash: string;
}

/** `child` is reachable below `parent` at `prefix` (a sub-router, or the same router under another name). */
interface VertxEdge {
  parent: RouterKey;
  prefix?: ValueExpr;
  child: RouterKey | RouterCall;
  className?: string;
}

export type VertxFileFacts = CodeFileFacts & {
  routes: VertxRouteFacts[];
  edges: VertxEdge[];
  /** Methods that return a router: `Class.method` → the router they build. */
  returns: Array<{ owner: string; router: RouterKey }>;
};

const FRAMEWORK = 'vertx-web';
const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace', 'connect']);
const START_RULE = { rule: { kind: 'method_invocation', has: { field: 'name', regex: '^(get|post|put|patch|delete|head|options|trace|connect|route|mountSubRouter)$' } } };
const HANDLER_METHODS = new Set(['handler', 'blockingHandler', 'respond']);
/** Route builder methods that do not change where the route is: content types, order, names. */
const PASS_THROUGH = new Set(['produces', 'consumes', 'order', 'last', 'useNormalizedPath', 'virtualHost', 'setName', 'putMetadata', 'failureHandler', 'disable', 'enable']);
/** Handlers of Vert.x Web that serve content rather than pass the request on. */
const SERVING_HANDLERS = /^(StaticHandler|TemplateHandler|FaviconHandler|GraphQLHandler|SockJSHandler|ApolloWSHandler|GraphiQLHandler|HealthCheckHandler)\b/;

/**
 * Vert.x Web: `Router.router(vertx)`, routes from `router.get("/x")`, `route(HttpMethod.POST, "/x")`,
 * `route("/x")`, `route().path(...).method(...)`, each ending in `handler(...)` calls (the earlier ones
 * are the route's middleware); routes without a method on `/*` patterns (or none) that hand on to the
 * next are middleware of the routes they match; sub-routers through `route("/api/*").subRouter(r)` and
 * `mountSubRouter("/api", r)`, routers passed to methods of other classes or returned by them.
 */
export const vertxWebExtractor: RouteExtractor<VertxFileFacts> = {
  id: FRAMEWORK,
  languages: ['java'],
  collect: collectVertxFacts,
  link: (files, project) => linkVertxRoutes(files.map((file) => file.facts), project),
};

function collectVertxFacts(file: ParsedFile): VertxFileFacts | undefined {
  if (!file.text.includes('io.vertx.ext.web')) {
    const code = constantsOf(file);
    return code ? { ...code, routes: [], edges: [], returns: [] } : undefined;
  }
  const facts: VertxFileFacts = { ...readCodeFile(file), routes: [], edges: [], returns: [] };
  for (const call of file.root.findAll(START_RULE)) readStart(call, facts);
  readRouterFlow(file.root, facts);
  return facts;
}

/** A chain that starts a route (`router.get("/x")`) or mounts a sub-router. */
function readStart(call: SgNode, facts: VertxFileFacts): void {
  const object = call.field('object');
  const router = object ? routerKeyOf(object) : undefined;
  if (!router) return;
  const name = callName(call);
  const args = argumentsOf(call);
  const className = enclosingClass(call);
  if (name === 'mountSubRouter') {
    const child = args[1] ? routerRef(args[1]) : undefined;
    if (child && args[0]) facts.edges.push({ parent: router, prefix: readPath(args[0]), child, ...(className ? { className } : {}) });
    return;
  }
  let methods = VERBS.has(name) ? [name.toUpperCase()] : ['ANY'];
  let path: ValueExpr | undefined;
  if (name === 'route' && args.length === 2) {
    methods = [httpMethodOf(args[0]!)];
    path = readPath(args[1]!);
  } else if (args[0]) path = readPath(args[0]);
  const handlers: HandlerFacts[] = [];
  let current = call;
  for (let parent = current.parent(); parent?.kind() === 'method_invocation' && parent.field('object')?.id() === current.id(); parent = current.parent()) {
    current = parent;
    const step = callName(parent);
    const [first] = argumentsOf(parent);
    if (HANDLER_METHODS.has(step) && first) handlers.push(readHandler(first));
    else if (step === 'method' && first) methods = [...methods.filter((method) => method !== 'ANY'), httpMethodOf(first)];
    else if (step === 'path' && first) path = readPath(first);
    else if (step === 'subRouter' && first) {
      const child = routerRef(first);
      // `/api/*` mounts the sub-router at /api.
      if (child) facts.edges.push({ parent: router, ...(path ? { prefix: path } : {}), child, ...(className ? { className } : {}) });
      return;
    } else if (!PASS_THROUGH.has(step)) break;
  }
  if (handlers.length === 0) return;
  facts.routes.push({ router, methods, ...(path ? { path } : {}), handlers, line: lineOf(call.field('name') ?? call), ...(className ? { className } : {}), declHash: stableHash(current.text()) });
}

function httpMethodOf(node: SgNode): string {
  const text = node.text();
  return text.slice(text.lastIndexOf('.') + 1).toUpperCase();
}

/**
 * Where routers flow: `return router;` (a method building a router), `this.router = router` and
 * `Router api = other.router()` (the same router under another name), and routers passed as arguments
 * (`new UserHandler().mount(router)`).
 */
function readRouterFlow(root: SgNode, facts: VertxFileFacts): void {
  for (const statement of root.findAll({ rule: { kind: 'return_statement' } })) {
    const value = statement.namedChildren()[0];
    const key = value ? routerKeyOf(value) : undefined;
    const owner = ownerOf(statement);
    if (key && owner) facts.returns.push({ owner, router: key });
  }
  for (const assignment of root.findAll({ rule: { any: [{ kind: 'assignment_expression' }, { kind: 'variable_declarator' }] } })) {
    const target = assignment.kind() === 'assignment_expression' ? assignment.field('left') : assignment.field('name');
    const value = assignment.kind() === 'assignment_expression' ? assignment.field('right') : assignment.field('value');
    const child = target ? routerKeyOf(target) : undefined;
    if (!child || !value || isRouterConstructor(value)) continue;
    const parent = routerRef(value);
    // The assigned router is the target's parent at no prefix: whatever reaches it reaches the target.
    if (parent) facts.edges.push({ parent: typeof parent === 'string' ? parent : callKey(parent), child });
  }
  for (const call of root.findAll({ rule: { any: [{ kind: 'method_invocation' }, { kind: 'object_creation_expression' }] } })) {
    const args = argumentsOf(call);
    args.forEach((arg, index) => {
      const key = arg.kind() === 'identifier' || arg.kind() === 'field_access' ? routerKeyOf(arg) : undefined;
      const target = !key ? undefined : call.kind() === 'object_creation_expression' ? { type: simpleType(call.field('type')), method: '<init>' } : calleeOf(call);
      if (key && target) facts.edges.push({ parent: key, child: `param:${target.type}.${target.method}#${index}` });
    });
  }
}

/** `Router.router(vertx)`: a new router. */
function isRouterConstructor(node: SgNode): boolean {
  return node.kind() === 'method_invocation' && callName(node) === 'router' && node.field('object')?.text() === 'Router';
}

/** The router an expression names, if it is one: a variable, parameter or field declared `Router`, or a new one. */
function routerKeyOf(node: SgNode): RouterKey | undefined {
  if (isRouterConstructor(node)) return `new:${lineOf(node)}:${node.range().start.column}:${enclosingClass(node) ?? ''}`;
  const kind = node.kind();
  const name = kind === 'identifier' ? node.text() : kind === 'field_access' && node.field('object')?.kind() === 'this' ? node.field('field')?.text() : undefined;
  if (!name) return undefined;
  const thisField = kind === 'field_access';
  const className = enclosingClass(node) ?? '';
  for (const scope of node.ancestors()) {
    const scopeKind = scope.kind();
    if (!thisField && (scopeKind === 'method_declaration' || scopeKind === 'constructor_declaration')) {
      const params = (scope.field('parameters')?.namedChildren() ?? []).filter((param) => param.kind() === 'formal_parameter');
      const index = params.findIndex((param) => param.field('name')?.text() === name);
      if (index !== -1) {
        const method = scopeKind === 'constructor_declaration' ? '<init>' : (scope.field('name')?.text() ?? '');
        return simpleType(params[index]!.field('type')) === 'Router' ? `param:${className}.${method}#${index}` : undefined;
      }
    }
    if (!thisField && (scopeKind === 'block' || scopeKind === 'constructor_body')) {
      for (const statement of scope.namedChildren()) {
        if (statement.kind() !== 'local_variable_declaration') continue;
        const declarator = statement.findAll({ rule: { kind: 'variable_declarator' } }).find((d) => d.field('name')?.text() === name);
        if (!declarator) continue;
        const type = simpleType(statement.field('type'));
        const init = declarator.field('value');
        if (type !== 'Router' && !(type === 'var' && init && isRouterConstructor(init))) return undefined;
        return `local:${className}.${ownerOf(statement) ?? ''}:${name}:${lineOf(statement)}`;
      }
    }
    if (scopeKind === 'class_body') {
      for (const member of scope.namedChildren()) {
        if (member.kind() !== 'field_declaration') continue;
        if (!member.findAll({ rule: { kind: 'variable_declarator' } }).some((d) => d.field('name')?.text() === name)) continue;
        return simpleType(member.field('type')) === 'Router' ? `field:${className}.${name}` : undefined;
      }
      return undefined;
    }
  }
  return undefined;
}

/** A router passed as a value: one the file names, or the result of a call to a router-building method. */
function routerRef(node: SgNode): RouterKey | RouterCall | undefined {
  const key = routerKeyOf(node);
  if (key) return key;
  if (node.kind() !== 'method_invocation') return undefined;
  return calleeOf(node);
}

/** The class and method a call reaches: `new T(…).m()`, `t.m()` with `t` of type T, `T.m()`, `this.m()`, `m()`. */
function calleeOf(call: SgNode): RouterCall | undefined {
  const method = callName(call);
  const object = call.field('object');
  if (!object || object.kind() === 'this') {
    const own = enclosingClass(call);
    return own ? { type: own, method } : undefined;
  }
  if (object.kind() === 'object_creation_expression') return { type: simpleType(object.field('type')), method };
  if (object.kind() === 'identifier') {
    const name = object.text();
    if (/^[A-Z]/.test(name)) return { type: name, method };
    const type = declaredTypeName(object, name);
    return type ? { type, method } : undefined;
  }
  if (object.kind() === 'field_access' && object.field('object')?.kind() === 'this') {
    const type = declaredTypeName(object, object.field('field')?.text() ?? '');
    return type ? { type, method } : undefined;
  }
  return undefined;
}

function declaredTypeName(use: SgNode, name: string): string | undefined {
  for (const scope of use.ancestors()) {
    for (const param of scope.kind() === 'method_declaration' || scope.kind() === 'constructor_declaration' ? (scope.field('parameters')?.namedChildren() ?? []) : []) {
      if (param.field('name')?.text() === name) return simpleType(param.field('type'));
    }
    if (scope.kind() !== 'block' && scope.kind() !== 'constructor_body' && scope.kind() !== 'class_body') continue;
    for (const statement of scope.namedChildren()) {
      if (statement.kind() !== 'local_variable_declaration' && statement.kind() !== 'field_declaration') continue;
      const declarator = statement.findAll({ rule: { kind: 'variable_declarator' } }).find((d) => d.field('name')?.text() === name);
      if (!declarator) continue;
      const type = simpleType(statement.field('type'));
      const init = declarator.field('value');
      return type === 'var' && init?.kind() === 'object_creation_expression' ? simpleType(init.field('type')) : type;
    }
  }
  return undefined;
}

/** `Class.method` of the method (or `Class.<init>`) a node is written in. */
function ownerOf(node: SgNode): string | undefined {
  const method = node.ancestors().find((ancestor) => ancestor.kind() === 'method_declaration' || ancestor.kind() === 'constructor_declaration');
  if (!method) return undefined;
  const name = method.kind() === 'constructor_declaration' ? '<init>' : (method.field('name')?.text() ?? '');
  return `${enclosingClass(method) ?? ''}.${name}`;
}

function callKey(call: RouterCall): RouterKey {
  return `returns:${call.type}.${call.method}`;
}

/** One way a router is reached from a top-level router: its full prefix and the middleware above it. */
interface Placement {
  prefix: string;
  unresolved: string[];
  /** Router-level middleware of the routers above, to match against the route's full path. */
  above: Array<{ pattern: string; name: string }>;
  /** Nobody passes the router in: the prefix is unknown. */
  unbound?: string;
}

const MAX_DEPTH = 12;

/** Routes of every Vert.x Web router of the tree. */
export function linkVertxRoutes(files: readonly VertxFileFacts[], _project: ProjectInfo): Route[] {
  if (!files.some((file) => file.routes.length > 0)) return [];
  const index = new CodeIndex(files);
  const edges = new Map<RouterKey, Array<VertxEdge & { file: string }>>();
  const addEdge = (child: RouterKey, edge: VertxEdge & { file: string }) => edges.set(child, [...(edges.get(child) ?? []), edge]);
  for (const file of files) {
    // The router a method returns is reached wherever the method's result is mounted.
    for (const returned of file.returns) addEdge(returned.router, { parent: `returns:${returned.owner}`, child: returned.router, file: file.path });
    for (const edge of file.edges) addEdge(typeof edge.child === 'string' ? edge.child : callKey(edge.child), { ...edge, file: file.path });
  }
  const all = files.flatMap((file) => file.routes.map((route) => ({ route, file: file.path })));
  const filters = new Map<RouterKey, Array<{ pattern: string; name: string }>>();
  const routes = all.filter(({ route, file }) => {
    if (!isMiddleware(route)) return true;
    const pattern = route.path ? index.evaluate(route.path, file, route.className).text : '*';
    const list = filters.get(route.router) ?? [];
    list.push(...route.handlers.map((handler) => ({ pattern: normaliseRoutePath(pattern), name: handler.text })));
    filters.set(route.router, list);
    return false;
  });

  const placements = (key: RouterKey, depth: number): Placement[] => {
    const own = filters.get(key) ?? [];
    const incoming = edges.get(key) ?? [];
    if (incoming.length === 0 || depth > MAX_DEPTH) {
      const unbound = unboundNote(key);
      return [{ prefix: '', unresolved: [], above: [...own], ...(unbound ? { unbound } : {}) }];
    }
    return incoming.flatMap((edge) => {
      const prefix = edge.prefix ? index.evaluate(edge.prefix, edge.file, edge.className) : { text: '', unresolved: [] };
      const mountAt = prefix.text.replace(/\/?\*$/, '');
      return placements(edge.parent, depth + 1).map((parent) => ({
        prefix: normaliseRoutePath(parent.prefix, mountAt),
        unresolved: [...parent.unresolved, ...prefix.unresolved],
        above: [...parent.above.map((filter) => filter), ...own.map((filter) => ({ ...filter, pattern: normaliseRoutePath(parent.prefix, mountAt, filter.pattern) }))],
        ...(parent.unbound ? { unbound: parent.unbound } : {}),
      }));
    });
  };

  const result: Route[] = [];
  for (const { route, file } of routes) {
    const own = route.path ? index.evaluate(route.path, file, route.className) : { text: '', unresolved: [] };
    const handler = route.handlers[route.handlers.length - 1]!;
    const resolved = index.handlerRef(handler, file);
    const routeMiddleware = route.handlers.slice(0, -1).map((entry) => entry.text);
    const seen = new Set<string>();
    for (const placement of placements(route.router, 0)) {
      const path = normaliseRoutePath(placement.prefix, own.text);
      if (seen.has(path)) continue;
      seen.add(path);
      const unresolved = [...placement.unresolved, ...own.unresolved];
      const notes = [...(placement.unbound ? [placement.unbound] : []), ...(unresolved.length ? [`could not resolve ${unresolved.join(', ')}; the path holds the rest`] : [])];
      const middleware = [...placement.above.filter((filter) => matchesPathPattern(filter.pattern, path)).map((filter) => filter.name), ...routeMiddleware];
      for (const method of route.methods) {
        result.push({
          method,
          path,
          file,
          line: route.line,
          framework: FRAMEWORK,
          handler: resolved.ref,
          middleware,
          ...(unresolved.length || placement.unbound ? { partial: true } : {}),
          ...(notes.length ? { notes } : {}),
          signature: stableHash(route.declHash, method, middleware.join('\n'), resolved.hash),
        });
      }
    }
  }
  return result;
}

/** Why a parameter or field router nobody is seen to pass or set has an unknown prefix. */
function unboundNote(key: RouterKey): string | undefined {
  if (key.startsWith('param:')) return `prefix unknown: the Router parameter of ${key.slice('param:'.length, key.indexOf('#'))} is passed by code that could not be followed`;
  if (key.startsWith('field:')) return `prefix unknown: the Router field ${key.slice('field:'.length)} is set where it could not be followed`;
  return undefined;
}

/**
 * A route on no method and no path, or on a `/*` pattern, whose handlers hand on to the next one
 * (`router.route().handler(BodyHandler.create())`): middleware of the routes it matches. A serving
 * handler there (`StaticHandler`) is a route.
 */
function isMiddleware(route: VertxRouteFacts): boolean {
  if (route.methods.length !== 1 || route.methods[0] !== 'ANY') return false;
  const path = route.path?.kind === 'string' ? route.path.value : route.path ? undefined : '';
  if (path === undefined || (path !== '' && !path.endsWith('*'))) return false;
  return !SERVING_HANDLERS.test(route.handlers[route.handlers.length - 1]!.text);
}
