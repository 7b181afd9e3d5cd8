import { exprText, lastName, type PyCall, type PyExpr } from './py-expr.js';
import { functionScope, type PyClassFacts, type PyFunctionFacts } from './python-module-facts.js';
import type { Ctx, FrameworkObject, PythonProject, StrValue } from './python-project.js';

/** HTTP verbs a class-based view answers when it defines a method of that name. */
export const HTTP_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

/** Bound on nested lists (a routes list holding mounts holding lists): real applications nest a few levels. */
const MAX_LIST_DEPTH = 8;

/** An expression and where it is evaluated. */
export interface Located {
  expr: PyExpr;
  ctx: Ctx;
}

/** A path piece as a string; unresolvable → partial with a note, never guessed. */
export interface Piece {
  value?: StrValue;
  partial: boolean;
  notes: string[];
}

/** A string argument (a path or a prefix) the way every extractor reports it. */
export function pieceOf(py: PythonProject, expr: PyExpr | undefined, ctx: Ctx): Piece {
  if (!expr) return { partial: false, notes: [] };
  const value = py.evaluateString(expr, ctx);
  if (!value) return { partial: true, notes: [`${exprText(expr)} is computed at run time`] };
  return { value, partial: value.partial === true, notes: value.notes };
}

/** Pieces as mount-step pieces: a missing value adds nothing to the path (the step is marked partial instead). */
export function stepPieces(pieces: readonly Piece[]): Array<StrValue | undefined> {
  return pieces.map((piece) => piece.value);
}

/** Whether any piece is partial, and their notes. */
export function piecesState(pieces: readonly Piece[]): { partial: boolean; notes: string[] } {
  const notes: string[] = [];
  for (const piece of pieces) for (const note of piece.notes) if (!notes.includes(note)) notes.push(note);
  return { partial: pieces.some((piece) => piece.partial), notes };
}

/**
 * The items of a list expression, followed through names, `a + b`, tuples and `*splats`, each with the
 * context it is evaluated in. A value that is not a list yields nothing.
 */
export function listItems(py: PythonProject, expr: PyExpr | undefined, ctx: Ctx, depth = 0): Located[] {
  if (!expr || depth > MAX_LIST_DEPTH) return [];
  const value = py.evaluate(expr, ctx);
  if (value.t !== 'list') return [];
  const items: Located[] = [];
  for (const item of value.items) {
    if (item.expr.k === 'splat') items.push(...listItems(py, item.expr.e, item.ctx, depth + 1));
    else items.push(item);
  }
  return items;
}

/** The call an item is, or the call a name is bound to (`health = Route("/health", health)` listed as `health`). */
export function callBehind(py: PythonProject, item: Located): { call: PyCall; ctx: Ctx } | undefined {
  if (item.expr.k === 'call') return { call: item.expr, ctx: item.ctx };
  if (item.expr.k !== 'name' && item.expr.k !== 'attr') return undefined;
  const definition = py.definition(item.expr, item.ctx);
  return definition?.expr.k === 'call' ? { call: definition.expr, ctx: definition.ctx } : undefined;
}

/** The qualified name of what a call calls when it is outside the project (`starlette.routing.Route`). */
export function externalCallee(py: PythonProject, call: PyCall, ctx: Ctx): string | undefined {
  const callee = py.evaluate(call.fn, ctx);
  return callee.t === 'ext' ? callee.qual : undefined;
}

/**
 * Methods listed in code: `["GET", "POST"]`, `("GET",)`, `"GET"`, `{HttpMethod.GET}`; undefined when there
 * is no such list or nothing in it can be read.
 */
export function methodList(py: PythonProject, expr: PyExpr | undefined, ctx: Ctx): string[] | undefined {
  if (!expr) return undefined;
  const single = expr.k === 'list' ? undefined : py.evaluateString(expr, ctx);
  if (single) return [single.value.toUpperCase()];
  const methods: string[] = [];
  for (const item of expr.k === 'list' ? expr.items.map((inner) => ({ expr: inner, ctx })) : listItems(py, expr, ctx)) {
    const text = py.evaluateString(item.expr, item.ctx)?.value ?? (item.expr.k === 'attr' ? item.expr.name : undefined);
    if (text && !methods.includes(text.toUpperCase())) methods.push(text.toUpperCase());
  }
  return methods.length > 0 ? methods : undefined;
}

/**
 * Middleware, guards or decorators listed in code, by the name they have there: `Middleware(CORSMiddleware, ...)`
 * is `CORSMiddleware`, `Provide(get_db)` stays as written, a plain name stays a name.
 */
export function namesIn(py: PythonProject, expr: PyExpr | undefined, ctx: Ctx): string[] {
  if (!expr) return [];
  if (expr.k === 'dict') return expr.entries.map(([, value]) => exprText(value));
  const value = py.evaluate(expr, ctx);
  if (value.t !== 'list') {
    // A dictionary bound to a name (`dependencies = {"db": Provide(get_db)}`).
    const definition = expr.k === 'name' || expr.k === 'attr' ? py.definition(expr, ctx) : undefined;
    if (definition?.expr.k === 'dict') return definition.expr.entries.map(([, entry]) => exprText(entry));
    return [exprText(expr)];
  }
  return listItems(py, expr, ctx).map((item) => {
    const call = item.expr.k === 'call' ? item.expr : undefined;
    if (call && lastName(call.fn) === 'Middleware' && call.args[0]) return exprText(call.args[0]);
    if (call && lastName(call.fn) === 'DefineMiddleware' && call.args[0]) return exprText(call.args[0]);
    return exprText(item.expr);
  });
}

/** The HTTP methods a class-based view defines (its own or inherited from project classes), in verb order. */
export function classVerbs(py: PythonProject, cls: PyClassFacts, file: string): Array<{ verb: string; file: string; fn: PyFunctionFacts }> {
  const mro = py.mro(cls, file);
  const verbs: Array<{ verb: string; file: string; fn: PyFunctionFacts }> = [];
  for (const verb of HTTP_VERBS) {
    const found = py.classMethod(mro, verb);
    if (found) verbs.push({ verb: verb.toUpperCase(), file: found.file, fn: found.fn });
  }
  return verbs;
}

/** The framework object an expression denotes when its kind starts with one of `prefixes`; `x.router` of an app is the app. */
export function objectWithin(py: PythonProject, expr: PyExpr, ctx: Ctx, prefixes: readonly string[]): FrameworkObject | undefined {
  const value = py.evaluate(expr, ctx);
  const matches = (obj: FrameworkObject): boolean => prefixes.some((prefix) => obj.kind.startsWith(prefix));
  if (value.t === 'obj') return matches(value.obj) ? value.obj : undefined;
  if (value.t === 'objattr' && value.name === 'router') return matches(value.obj) ? value.obj : undefined;
  if (value.t === 'param') {
    const obj = py.paramObject(value);
    return obj && matches(obj) ? obj : undefined;
  }
  return undefined;
}

/** A note for objects nothing mounts: where their routes end up is not known. */
export function orphanNote(what: string, obj: FrameworkObject): string {
  return obj.fromParam
    ? `${what} ${obj.file}:${obj.line} is a parameter: where it is mounted is not known`
    : `${what} ${obj.file}:${obj.line} is not mounted in an app we could follow`;
}

/**
 * The framework objects the modules importing `packages` construct at module level, in registration
 * functions and in factories' return statements, when the constructor is named in `constructors`
 * (a cheap test before evaluating anything). Objects only reachable otherwise are found while linking.
 */
export function constructedObjects(py: PythonProject, packages: readonly string[], constructors: ReadonlySet<string>, prefixes: readonly string[]): FrameworkObject[] {
  const found = new Map<string, FrameworkObject>();
  const consider = (expr: PyExpr, ctx: Ctx): void => {
    if (expr.k !== 'call' || !constructors.has(lastName(expr.fn) ?? '')) return;
    const obj = py.objectOf(expr, ctx);
    if (obj && prefixes.some((prefix) => obj.kind.startsWith(prefix))) found.set(obj.id, obj);
  };
  for (const [file, facts] of py.modules) {
    if (!facts.packages.some((name) => packages.includes(name))) continue;
    for (const binding of facts.bindings) if (binding.value && binding.index === undefined) consider(binding.value, { file, scope: binding.scope });
    for (const fn of facts.functions) for (const returned of fn.returns ?? []) consider(returned, { file, scope: functionScope(fn) });
  }
  return [...found.values()];
}
