import type { SgNode } from '@ast-grep/napi';
import { stableHash } from '../../../hash.js';
import { lineOf, type ParsedFile } from '../../../source/language.js';
import { normaliseRoutePath } from '../../normalise-route-path.js';
import type { ProjectInfo, Route, RouteExtractor } from '../../types.js';
import { sourceModuleRoot } from './shared/config-index.js';
import { argumentsOf, callName, CodeIndex, constantsOf, declaredType, enclosingClass, readCodeFile, readHandler, readPath, type CodeFileFacts, type HandlerFacts } from './shared/code-routes.js';
import type { ValueExpr } from './shared/java-facts.js';
import { matchesPathPattern } from './shared/path-pattern.js';

/** A route a Javalin app or an `ApiBuilder` block declares. */
interface JavalinRouteFacts {
  method: string;
  /** Enclosing `path(...)` prefixes, outermost first, then the route's own path. */
  pathParts: ValueExpr[];
  line: number;
  /** The class the call is written in (its constants resolve names). */
  className?: string;
  handler?: HandlerFacts;
  /** `crud(path, handler)`: expanded to the five CrudHandler routes at link time. */
  crud?: true;
  /** Roles given to the route (`Role.ADMIN`), checked by the access manager. */
  roles: string[];
  declHash: string;
}

/** A `before`/`after` handler and the paths it applies to (all when there is no pattern). */
interface JavalinFilterFacts {
  kind: 'before' | 'after';
  pattern?: ValueExpr[];
  className?: string;
  name: string;
  line: number;
}

export type JavalinFileFacts = CodeFileFacts & {
  routes: JavalinRouteFacts[];
  filters: JavalinFilterFacts[];
  /** `config.router.contextPath = "/api"` (Javalin 6), `config.routing.contextPath` (5), `config.contextPath` (4). */
  contextPaths: Array<{ value: ValueExpr; className?: string; line: number }>;
};

const FRAMEWORK = 'javalin';
const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);
const FILTERS = new Set(['before', 'after', 'beforeMatched', 'afterMatched']);
const CALL_RULE = { rule: { kind: 'method_invocation', has: { field: 'name', regex: '^(get|post|put|patch|delete|head|options|crud|before|after|beforeMatched|afterMatched|addHandler|addHttpHandler)$' } } };
const CONTEXT_PATH_RULE = { rule: { kind: 'assignment_expression', has: { field: 'left', kind: 'field_access', has: { field: 'field', regex: '^contextPath$' } } } };
/** What `crud(path, handler)` registers: CrudHandler's methods on the collection and on the item. */
const CRUD: ReadonlyArray<{ method: string; item: boolean; handler: string }> = [
  { method: 'GET', item: false, handler: 'getAll' },
  { method: 'POST', item: false, handler: 'create' },
  { method: 'GET', item: true, handler: 'getOne' },
  { method: 'PATCH', item: true, handler: 'update' },
  { method: 'DELETE', item: true, handler: 'delete' },
];

/**
 * Javalin: routes on a `Javalin` instance (`app.get("/x", ctx -> …)`, `addHandler(HandlerType.GET, …)`)
 * and `ApiBuilder` blocks (`app.routes(() -> …)`, Javalin 6's `config.router.apiBuilder(() -> …)`) with
 * nested `path(...)`, `crud(...)` and role lists; `before` handlers are the middleware of the routes
 * their pattern matches; the context path set in the config prefixes every route of the module.
 */
export const javalinExtractor: RouteExtractor<JavalinFileFacts> = {
  id: FRAMEWORK,
  languages: ['java'],
  collect: collectJavalinFacts,
  link: (files, project) => linkJavalinRoutes(files.map((file) => file.facts), project),
};

function collectJavalinFacts(file: ParsedFile): JavalinFileFacts | undefined {
  // Files that do not name Javalin cost one substring test; they may still hold the constants of paths.
  if (!file.text.includes('io.javalin')) return constantsOnly(file);
  const code = readCodeFile(file);
  const apiBuilder = code.header.staticImports.some((name) => name.startsWith('io.javalin.apibuilder.ApiBuilder'));
  const facts: JavalinFileFacts = { ...code, routes: [], filters: [], contextPaths: [] };
  for (const call of file.root.findAll(CALL_RULE)) readCall(call, apiBuilder, facts);
  if (file.text.includes('contextPath')) {
    for (const assignment of file.root.findAll(CONTEXT_PATH_RULE)) {
      const right = assignment.field('right');
      const className = enclosingClass(assignment);
      if (right) facts.contextPaths.push({ value: readPath(right), ...(className ? { className } : {}), line: lineOf(assignment) });
    }
  }
  return facts;
}

function constantsOnly(file: ParsedFile): JavalinFileFacts | undefined {
  const code = constantsOf(file);
  return code ? { ...code, routes: [], filters: [], contextPaths: [] } : undefined;
}

function readCall(call: SgNode, apiBuilder: boolean, facts: JavalinFileFacts): void {
  const name = callName(call);
  const object = call.field('object');
  const builder = object ? object.text() === 'ApiBuilder' : apiBuilder;
  if (!builder && !(object && isJavalin(object))) return;
  const args = argumentsOf(call);
  const className = enclosingClass(call);
  const prefixes = builder ? enclosingPaths(call) : [];
  const where = { ...(className ? { className } : {}), line: lineOf(call.field('name') ?? call) };
  if (FILTERS.has(name)) {
    const handler = args[args.length - 1];
    if (!handler) return;
    const own = args.length >= 2 ? [readPath(args[0]!)] : builder ? [{ kind: 'string', value: '*' } as const] : undefined;
    const pattern = own ? [...prefixes, ...own] : prefixes.length > 0 ? prefixes : undefined;
    facts.filters.push({ kind: name.startsWith('before') ? 'before' : 'after', ...(pattern ? { pattern } : {}), name: filterName(handler), ...where });
    return;
  }
  let method = name.toUpperCase();
  let rest = args;
  if (name === 'addHandler' || name === 'addHttpHandler') {
    // addHandler(HandlerType.GET, "/x", handler, roles...)
    const type = args[0]?.text() ?? '';
    method = type.slice(type.lastIndexOf('.') + 1).toUpperCase();
    if (!VERBS.has(method.toLowerCase())) return;
    rest = args.slice(1);
  }
  const hasPath = rest.length >= 2 || (!builder && rest.length >= 1) ? isPathArgument(rest[0]!) : false;
  const path: ValueExpr = hasPath ? readPath(rest[0]!) : { kind: 'string', value: '' };
  const handlerNode = hasPath ? rest[1] : rest[0];
  if (!handlerNode || (!hasPath && !builder)) return;
  const roles = rest.slice(hasPath ? 2 : 1).map((role) => role.text());
  facts.routes.push({
    method,
    pathParts: [...prefixes, path],
    ...where,
    handler: readHandler(handlerNode),
    ...(name === 'crud' ? { crud: true } : {}),
    roles,
    declHash: stableHash(call.text()),
  });
}

/** A path argument, as opposed to a handler passed first (`get(UserController::list)` in an ApiBuilder block). */
function isPathArgument(node: SgNode): boolean {
  const kind = node.kind();
  if (kind === 'string_literal' || kind === 'binary_expression') return true;
  if (kind === 'identifier') return /^[A-Z_][A-Z0-9_]*$/.test(node.text()) || declaredType(node, node.text())?.type === 'String';
  return kind === 'field_access' && /^[A-Z_][A-Z0-9_]*$/.test(node.field('field')?.text() ?? '');
}

/**
 * Whether a call's receiver is a Javalin instance: `Javalin.create(…)` (possibly chained), or a
 * variable, parameter or field declared as `Javalin` or initialised by `Javalin.create`.
 */
function isJavalin(object: SgNode): boolean {
  let current: SgNode | null = object;
  while (current?.kind() === 'method_invocation') {
    const inner: SgNode | null = current.field('object');
    if (inner?.text() === 'Javalin') return callName(current) === 'create' || callName(current) === 'createAndStart';
    current = inner;
  }
  if (!current) return false;
  const name = current.kind() === 'identifier' ? current.text() : current.kind() === 'field_access' && current.field('object')?.kind() === 'this' ? current.field('field')?.text() : undefined;
  if (!name) return false;
  const declared = declaredType(object, name);
  return declared?.type === 'Javalin' || (declared?.init !== undefined && isJavalin(declared.init));
}

/** `path("api", () -> …)` calls around a route, outermost first. */
function enclosingPaths(call: SgNode): ValueExpr[] {
  const prefixes: ValueExpr[] = [];
  const start = call.range().start.index;
  for (const ancestor of call.ancestors()) {
    if (ancestor.kind() === 'method_declaration') break;
    if (ancestor.kind() !== 'method_invocation' || callName(ancestor) !== 'path') continue;
    const object = ancestor.field('object');
    if (object && object.text() !== 'ApiBuilder') continue;
    const [first, body] = argumentsOf(ancestor);
    if (first && body && body.range().start.index <= start && start < body.range().end.index) prefixes.push(readPath(first));
  }
  return prefixes.reverse();
}

/** A filter's name as written (`AuthHandler::check`, `authHandler`); an inline lambda is named by its line. */
function filterName(handler: SgNode): string {
  return handler.kind() === 'lambda_expression' ? `inline handler at line ${lineOf(handler)}` : handler.text().replace(/\s+/g, ' ');
}

/** Routes of every Javalin app of the tree. */
export function linkJavalinRoutes(files: readonly JavalinFileFacts[], _project: ProjectInfo): Route[] {
  if (!files.some((file) => file.routes.length > 0)) return [];
  const index = new CodeIndex(files);
  const contexts = new Map<string, { text: string; unresolved: string[]; note: string }>();
  for (const file of files) {
    for (const setting of file.contextPaths) {
      const value = index.evaluate(setting.value, file.path, setting.className);
      contexts.set(sourceModuleRoot(file.path), { ...value, note: `context path ${value.text || '(computed)'} set at ${file.path}:${setting.line}` });
    }
  }
  const filters = files.flatMap((file) =>
    file.filters.map((filter) => ({ ...filter, module: sourceModuleRoot(file.path), pattern: filter.pattern ? joinParts(filter.pattern, index, file.path, filter.className).text : undefined })),
  );
  const routes: Route[] = [];
  for (const file of files) {
    const module = sourceModuleRoot(file.path);
    const context = contexts.get(module);
    for (const route of file.routes) {
      const own = joinParts(route.pathParts, index, file.path, route.className);
      const unresolved = [...(context?.unresolved ?? []), ...own.unresolved];
      const notes = [...(context ? [context.note] : []), ...(unresolved.length ? [`could not resolve ${unresolved.join(', ')}; the path holds the rest`] : [])];
      const variants = route.crud ? crudRoutes(own.text, route.handler) : [{ method: route.method, path: own.text, handler: route.handler }];
      for (const variant of variants) {
        const path = normaliseRoutePath(variant.path);
        const middleware = [
          ...filters.filter((filter) => filter.kind === 'before' && filter.module === module && (filter.pattern === undefined || matchesPathPattern(filter.pattern, path))).map((filter) => filter.name),
          ...route.roles,
        ];
        const handler = variant.handler ? index.handlerRef(variant.handler, file.path) : undefined;
        routes.push({
          method: variant.method,
          path: normaliseRoutePath(context?.text, path),
          file: file.path,
          line: route.line,
          framework: FRAMEWORK,
          ...(handler ? { handler: handler.ref } : {}),
          middleware,
          ...(unresolved.length ? { partial: true } : {}),
          ...(notes.length ? { notes } : {}),
          signature: stableHash(route.declHash, variant.method, middleware.join('\n'), handler?.hash ?? ''),
        });
      }
    }
  }
  return routes;
}

/** The five routes of `crud("users/{user-id}", handler)`: the collection is the path less its last segment. */
function crudRoutes(path: string, handler: HandlerFacts | undefined): Array<{ method: string; path: string; handler?: HandlerFacts }> {
  const normalised = normaliseRoutePath(path);
  const collection = normalised.slice(0, normalised.lastIndexOf('/')) || '/';
  const type = handler?.created ?? handler?.ref?.type;
  return CRUD.map((entry) => ({
    method: entry.method,
    path: entry.item ? normalised : collection,
    ...(handler ? { handler: type ? { ...handler, ref: { type, method: entry.handler } } : handler } : {}),
  }));
}

function joinParts(parts: readonly ValueExpr[], index: CodeIndex, file: string, className: string | undefined): { text: string; unresolved: string[] } {
  const resolved = parts.map((part) => index.evaluate(part, file, className));
  return { text: normaliseRoutePath(...resolved.map((piece) => piece.text)), unresolved: resolved.flatMap((piece) => piece.unresolved) };
}
