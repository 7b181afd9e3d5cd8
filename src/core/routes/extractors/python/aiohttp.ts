import type { Route } from '../../types.js';
import { declaredRoute, makeRoutes, type DeclarationSite } from './shared/make-route.js';
import { middlewareName } from './shared/middleware-name.js';
import { MountGraph, type MountStep } from './shared/mount-graph.js';
import { argument, declarationHash, keywordArg, lastName, type PyCall, type PyExpr } from './shared/py-expr.js';
import { functionScope, type PyDecorator, type PyFunctionFacts, type PythonModuleFacts } from './shared/python-module-facts.js';
import { pythonExtractor } from './shared/python-project-for.js';
import { handlerOf, type Ctx, type FrameworkObject, type PythonProject, type Value } from './shared/python-project.js';
import { callBehind, classVerbs, externalCallee, listItems, namesIn, orphanNote, pieceOf, type Piece } from './shared/route-lists.js';

/** `router.add_get(path, handler)` and friends: the method is in the name. */
const ADD_VERB = /^add_(get|post|put|patch|delete|head)$/;
/** Route definitions of `aiohttp.web` and the decorators of a RouteTableDef: the method is in the name. */
const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);

/**
 * aiohttp: `app.router.add_get/add_post/…/add_route(method, path, handler)/add_view(path, View)`, `web.get(...)`
 * definitions listed in `app.add_routes([...])`, `web.RouteTableDef()` tables with `@routes.get(...)` /
 * `@routes.view(...)` added with `add_routes(routes)`, and sub-applications (`app.add_subapp('/api', sub)`),
 * across modules. Class-based views (`web.View`) answer the verbs they define. `middlewares=` of each app and the
 * handler's own decorators become middleware, outermost first. Method `*` is reported as `ANY`.
 */
export const aiohttpExtractor = pythonExtractor('aiohttp', ['aiohttp'], (py) => (servesHttp(py) ? new AiohttpLinker(py).routes() : []));

/** Some module imports aiohttp's server side (`from aiohttp import web`): services often use aiohttp only as a client. */
function servesHttp(py: PythonProject): boolean {
  for (const facts of py.modules.values()) {
    if (!facts.packages.includes('aiohttp')) continue;
    if (facts.imports.some((imp) => imp.module.startsWith('aiohttp.web') || (imp.module === 'aiohttp' && imp.name === 'web'))) return true;
  }
  return false;
}

interface RouteDecl extends DeclarationSite {
  obj: FrameworkObject;
  path: Piece;
  methods: string[];
}

interface SubApp {
  parent: FrameworkObject;
  child: FrameworkObject;
  prefix?: Piece;
}

class AiohttpLinker {
  private readonly decls: RouteDecl[] = [];
  private readonly subapps: SubApp[] = [];

  constructor(private readonly py: PythonProject) {}

  routes(): Route[] {
    for (const [file, facts] of this.py.modules) {
      this.readDecorators(file, facts);
      this.readCalls(file, facts);
    }
    this.followParams();
    const graph = new MountGraph((obj) => this.rootStep(obj));
    for (const { parent, child, prefix } of this.subapps) {
      const own = this.ownStep(child);
      graph.add({
        parent,
        child,
        step: { pieces: [prefix?.value, ...own.pieces], middleware: own.middleware, partial: prefix?.partial === true, notes: prefix?.notes ?? [] },
      });
    }
    return this.decls.flatMap((decl) =>
      makeRoutes(
        declaredRoute('aiohttp', decl, decl.path.value ? [decl.path.value.value] : [], decl.path),
        graph.mounts(decl.obj),
        decl.methods.map((method) => (method === '*' ? 'ANY' : method)),
      ),
    );
  }

  // ── declarations ─────────────────────────────────────────────────────────────────────────────

  /** `@routes.get("/x")` on functions and `@routes.view("/x")` on classes of a RouteTableDef. */
  private readDecorators(file: string, facts: PythonModuleFacts): void {
    const targets: Array<{ decorators: PyDecorator[]; scope: string; value: Value }> = [
      ...facts.functions.map((fn) => ({ decorators: fn.decorators, scope: fn.scope, value: { t: 'func', file, fn } as Value })),
      ...facts.classes.map((cls) => ({ decorators: cls.decorators, scope: cls.scope, value: { t: 'class', file, cls } as Value })),
    ];
    for (const { decorators, scope, value } of targets) {
      decorators.forEach((decorator, index) => {
        const expr = decorator.expr;
        if (expr.k !== 'call' || expr.fn.k !== 'attr') return;
        const verb = expr.fn.name;
        if (!VERBS.has(verb) && verb !== 'route' && verb !== 'view') return;
        const ctx: Ctx = { file, scope };
        const table = this.receiver(expr.fn.obj, ctx);
        if (table?.kind !== 'aiohttp.table') return;
        const below = decorators.slice(index + 1).map((other) => middlewareName(other.expr));
        const at = { file, line: decorator.line, declHash: decorator.hash };
        if (verb === 'route') this.addDecl(table, argument(expr, 1, 'path'), ctx, [this.method(argument(expr, 0, 'method'), ctx)], value, at, below);
        else this.addDecl(table, argument(expr, 0, 'path'), ctx, verb === 'view' ? undefined : [verb.toUpperCase()], value, at, below);
      });
    }
  }

  private readCalls(file: string, facts: PythonModuleFacts): void {
    for (const fact of facts.calls) {
      const call = fact.call;
      if (call.fn.k !== 'attr') continue;
      const verb = call.fn.name;
      const added = ADD_VERB.exec(verb);
      if (!added && verb !== 'add_route' && verb !== 'add_view' && verb !== 'add_routes' && verb !== 'add_subapp') continue;
      for (const ctx of this.py.callContexts(fact, file)) {
        const at = { file, line: call.line, declHash: declarationHash(call) };
        const obj = this.receiver(call.fn.obj, ctx);
        if (!obj) {
          if (verb === 'add_route') this.addResourceRoute(call, call.fn.obj, ctx, at);
          continue;
        }
        if (added) {
          this.addDecl(obj, argument(call, 0, 'path'), ctx, [added[1]!.toUpperCase()], this.value(argument(call, 1, 'handler'), ctx), at, []);
        } else if (verb === 'add_route') {
          this.addDecl(obj, argument(call, 1, 'path'), ctx, [this.method(argument(call, 0, 'method'), ctx)], this.value(argument(call, 2, 'handler'), ctx), at, []);
        } else if (verb === 'add_view') {
          this.addDecl(obj, argument(call, 0, 'path'), ctx, undefined, this.value(argument(call, 1, 'handler'), ctx), at, []);
        } else if (verb === 'add_routes') {
          this.addRoutes(obj, argument(call, 0, 'routes'), ctx);
        } else {
          const childExpr = argument(call, 1, 'subapp');
          const child = childExpr ? this.receiver(childExpr, ctx) : undefined;
          if (child?.kind === 'aiohttp.app') this.subapps.push({ parent: obj, child, prefix: pieceOf(this.py, argument(call, 0, 'prefix'), ctx) });
        }
      }
    }
  }

  /**
   * `resource.add_route(method, handler)` on a resource an app's router made: `router.add_resource(path)`
   * kept in a name, chained, or passed through aiohttp-cors' `cors.add(…)` (which returns its argument).
   */
  private addResourceRoute(call: PyCall, receiver: PyExpr, ctx: Ctx, at: { file: string; line: number; declHash: string }): void {
    const resource = this.resourceBehind(receiver, ctx);
    if (!resource) return;
    const router = resource.call.fn.k === 'attr' ? this.receiver(resource.call.fn.obj, resource.ctx) : undefined;
    if (!router) return;
    this.addDecl(router, argument(resource.call, 0, 'path'), resource.ctx, [this.method(argument(call, 0, 'method'), ctx)], this.value(argument(call, 1, 'handler'), ctx), at, []);
  }

  private resourceBehind(expr: PyExpr, ctx: Ctx, depth = 0): { call: PyCall; ctx: Ctx } | undefined {
    if (depth > 4) return undefined;
    if (expr.k === 'name') {
      const definition = this.py.definition(expr, ctx);
      return definition ? this.resourceBehind(definition.expr, definition.ctx, depth + 1) : undefined;
    }
    if (expr.k !== 'call' || expr.fn.k !== 'attr') return undefined;
    if (expr.fn.name === 'add_resource') return { call: expr, ctx };
    const wrapped = expr.fn.name === 'add' ? argument(expr, 0, 'resource') : undefined;
    return wrapped ? this.resourceBehind(wrapped, ctx, depth + 1) : undefined;
  }

  /** `add_routes(table)` or `add_routes([web.get("/x", h), web.view("/y", V), ...])`. */
  private addRoutes(app: FrameworkObject, expr: PyExpr | undefined, ctx: Ctx): void {
    if (!expr) return;
    const table = this.receiver(expr, ctx);
    if (table?.kind === 'aiohttp.table') {
      this.subapps.push({ parent: app, child: table });
      return;
    }
    for (const item of listItems(this.py, expr, ctx)) {
      const found = callBehind(this.py, item);
      if (!found) continue;
      const { call, ctx: callCtx } = found;
      const qual = externalCallee(this.py, call, callCtx);
      if (!qual?.startsWith('aiohttp.')) continue;
      const name = lastName(call.fn) ?? '';
      const at = { file: callCtx.file, line: call.line, declHash: declarationHash(call) };
      if (VERBS.has(name)) this.addDecl(app, argument(call, 0, 'path'), callCtx, [name.toUpperCase()], this.value(argument(call, 1, 'handler'), callCtx), at, []);
      else if (name === 'view') this.addDecl(app, argument(call, 0, 'path'), callCtx, undefined, this.value(argument(call, 1, 'handler'), callCtx), at, []);
      else if (name === 'route') this.addDecl(app, argument(call, 1, 'path'), callCtx, [this.method(argument(call, 0, 'method'), callCtx)], this.value(argument(call, 2, 'handler'), callCtx), at, []);
    }
  }

  /**
   * One declaration: a function handler answers `methods`; a class-based view each verb it defines (`methods`
   * undefined), or `methods` when given (`add_route("*", path, View)` answers what the view defines).
   */
  private addDecl(
    obj: FrameworkObject,
    pathExpr: PyExpr | undefined,
    ctx: Ctx,
    methods: string[] | undefined,
    handler: Value | undefined,
    at: { file: string; line: number; declHash: string },
    middleware: string[],
  ): void {
    const path = pieceOf(this.py, pathExpr, ctx);
    if (handler?.t === 'class') {
      const verbs = classVerbs(this.py, handler.cls, handler.file);
      for (const { verb, file, fn } of verbs) {
        if (methods && methods[0] !== '*' && !methods.includes(verb)) continue;
        this.decls.push({ obj, path, methods: [verb], ...at, handler: handlerOf(file, fn), handlerHash: fn.bodyHash, middleware });
      }
      if (verbs.length > 0) return;
    }
    const decl: RouteDecl = { obj, path, methods: methods ?? ['ANY'], ...at, middleware };
    if (handler?.t === 'func') {
      decl.handler = handlerOf(handler.file, handler.fn);
      decl.handlerHash = handler.fn.bodyHash;
      // Decorators of a handler registered by a call wrap what the route runs (`@login_required`).
      if (middleware.length === 0) decl.middleware = handler.fn.decorators.filter((decorator) => !this.isRouteDecorator(decorator, handler.file, handler.fn.scope)).map((decorator) => middlewareName(decorator.expr));
    }
    this.decls.push(decl);
  }

  private isRouteDecorator(decorator: PyDecorator, file: string, scope: string): boolean {
    const expr = decorator.expr;
    return expr.k === 'call' && expr.fn.k === 'attr' && this.receiver(expr.fn.obj, { file, scope }) !== undefined;
  }

  private value(expr: PyExpr | undefined, ctx: Ctx): Value | undefined {
    return expr ? this.py.evaluate(expr, ctx) : undefined;
  }

  private method(expr: PyExpr | undefined, ctx: Ctx): string {
    const value = expr ? this.py.evaluateString(expr, ctx) : undefined;
    return value && !value.partial ? value.value.toUpperCase() : 'ANY';
  }

  /** The app (also through `app.router`) or route table an expression denotes; an unannotated `app`/`router` parameter is an app. */
  private receiver(expr: PyExpr, ctx: Ctx, depth = 0): FrameworkObject | undefined {
    if (depth > 4) return undefined;
    // `app.router` of a parameter, or `router = app.router` in a setup function.
    if (expr.k === 'attr' && expr.name === 'router') return this.receiver(expr.obj, ctx, depth + 1);
    if (expr.k === 'name' && ctx.scope !== '') {
      const definition = this.py.definition(expr, ctx);
      if (definition?.expr.k === 'attr' && definition.expr.name === 'router') return this.receiver(definition.expr, definition.ctx, depth + 1);
    }
    const value = this.py.evaluate(expr, ctx);
    if (value.t === 'obj') return value.obj.kind.startsWith('aiohttp.') ? value.obj : undefined;
    if (value.t === 'objattr') return value.name === 'router' && value.obj.kind === 'aiohttp.app' ? value.obj : undefined;
    if (value.t !== 'param') return undefined;
    const fallback = /^(app|application|router|web_app)$/.test(value.param.name) ? 'aiohttp.web.Application' : undefined;
    const obj = this.py.paramObject(value, fallback);
    return obj?.kind.startsWith('aiohttp.') ? obj : undefined;
  }

  // ── apps passed to functions ─────────────────────────────────────────────────────────────────

  /**
   * `def register(self, app)` of a handler class, or a plain `def setup_routes(app)`, called with an application the
   * tree builds (`handler.register(secrets_app)`): the routes belong to that application, below its prefixes. A
   * parameter no call is found for stays a root (aiohttp's documented `setup_routes(app)` receives the main app).
   */
  private followParams(): void {
    const seen = new Set<string>();
    const queue = [...new Set([...this.decls.map((decl) => decl.obj), ...this.subapps.map((edge) => edge.parent)])];
    while (queue.length > 0) {
      const obj = queue.shift()!;
      if (!obj.fromParam || seen.has(obj.id)) continue;
      seen.add(obj.id);
      for (const parent of this.callersOf(obj)) {
        this.subapps.push({ parent, child: obj });
        queue.push(parent);
      }
    }
  }

  /** The applications the calls of a parameter's function pass for that parameter. */
  private callersOf(obj: FrameworkObject): FrameworkObject[] {
    const target = this.paramFunction(obj);
    if (!target) return [];
    const { fn, file: fnFile } = target;
    const paramName = obj.id.slice(obj.id.lastIndexOf(':') + 1);
    const params = fn.className && (fn.params[0]?.name === 'self' || fn.params[0]?.name === 'cls') ? fn.params.slice(1) : fn.params;
    const position = params.findIndex((param) => param.name === paramName);
    if (position < 0) return [];
    const found = new Map<string, FrameworkObject>();
    for (const [file, facts] of this.py.modules) {
      for (const fact of facts.calls) {
        const call = fact.call;
        if (lastName(call.fn) !== fn.name) continue;
        for (const ctx of this.py.callContexts(fact, file)) {
          if (!this.calls(call.fn, ctx, fn, fnFile)) continue;
          const arg = argument(call, position, paramName);
          const app = arg ? this.receiver(arg, ctx) : undefined;
          if (app?.kind === 'aiohttp.app' && app.id !== obj.id) found.set(app.id, app);
        }
      }
    }
    return [...found.values()];
  }

  /** The function or method whose parameter an object is (paramObject ids end in `:line:name`). */
  private paramFunction(obj: FrameworkObject): { fn: PyFunctionFacts; file: string } | undefined {
    const facts = this.py.modules.get(obj.file);
    if (!facts) return undefined;
    const all = [...facts.functions, ...facts.classes.flatMap((cls) => cls.methods)];
    const fn = all.find((candidate) => candidate.line === obj.line);
    return fn ? { fn, file: obj.file } : undefined;
  }

  /**
   * The callee is that function: the function itself, or the method on an instance of its class (or a subclass),
   * `self` included: the class of `self` is the one whose method the call is in (`ctx.scope` is `Class.method`).
   */
  private calls(callee: PyExpr, ctx: Ctx, fn: PyFunctionFacts, fnFile: string): boolean {
    if (!fn.className) {
      const value = this.py.evaluate(callee, ctx);
      return value.t === 'func' && value.fn === fn;
    }
    if (callee.k !== 'attr') return false;
    const value = callee.obj.k === 'name' && callee.obj.id === 'self' ? this.selfClass(ctx) : this.py.evaluate(callee.obj, ctx);
    const cls = value?.t === 'inst' ? value.of : value;
    if (cls?.t !== 'class') return false;
    return this.py.mro(cls.cls, cls.file).classes.some((entry) => entry.file === fnFile && entry.cls.name === fn.className);
  }

  /** The class whose method a context is. */
  private selfClass(ctx: Ctx): Value | undefined {
    const cls = this.py.modules.get(ctx.file)?.classes.find((candidate) => candidate.methods.some((method) => functionScope(method) === ctx.scope));
    return cls ? { t: 'class', file: ctx.file, cls } : undefined;
  }

  // ── mounts ───────────────────────────────────────────────────────────────────────────────────

  private ownStep(obj: FrameworkObject): MountStep {
    if (obj.kind !== 'aiohttp.app' || !obj.call || !obj.ctx) return { pieces: [], middleware: [] };
    return { pieces: [], middleware: namesIn(this.py, keywordArg(obj.call, 'middlewares'), obj.ctx) };
  }

  private rootStep(obj: FrameworkObject): MountStep {
    const step = this.ownStep(obj);
    // `def setup_routes(app)` (aiohttp's documented layout) receives the main application: a root, like an app
    // parameter of the Flask and FastAPI extractors. Its `middlewares=` are not known from here.
    if (obj.kind === 'aiohttp.app') return step;
    return { ...step, partial: true, notes: [orphanNote(obj.kind === 'aiohttp.table' ? 'route table' : 'app', obj)] };
  }
}
