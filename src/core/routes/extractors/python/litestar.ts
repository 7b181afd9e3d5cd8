import type { Route } from '../../types.js';
import { makeRoute } from './shared/make-route.js';
import { MountGraph, type Mount, type MountStep } from './shared/mount-graph.js';
import { argument, keywordArg, type PyCall, type PyExpr } from './shared/py-expr.js';
import type { PyClassFacts, PyFunctionFacts, PythonModuleFacts } from './shared/python-module-facts.js';
import { pythonExtractor } from './shared/python-project-for.js';
import { handlerOf, type Ctx, type FrameworkObject, type PythonProject, type StrValue } from './shared/python-project.js';
import { constructedObjects, listItems, methodList, namesIn, orphanNote, pieceOf, type Piece } from './shared/route-lists.js';

const PACKAGES = ['litestar', 'starlite'];
const CONSTRUCTORS = new Set(['Litestar', 'Starlite', 'Router']);
/** Handler decorators of `litestar` (and its predecessor `starlite`) and the methods they answer. */
const HANDLER_DECORATORS: Record<string, string[] | undefined> = {
  get: ['GET'],
  post: ['POST'],
  put: ['PUT'],
  patch: ['PATCH'],
  delete: ['DELETE'],
  head: ['HEAD'],
  websocket: ['WS'],
  websocket_listener: ['WS'],
  route: undefined,
};

/**
 * Litestar (and Starlite): `@get`/`@post`/…/`@route(http_method=...)`/`@websocket` handlers, `Controller` classes
 * with `path`, `Router(path=..., route_handlers=[...])` nested, `Litestar(route_handlers=[...])` and
 * `app.register(...)`, across modules. Each layer's `middleware`, `guards` and `dependencies` (app, routers,
 * controller, handler) become middleware, outermost first. Handlers registered nowhere we could follow are
 * reported partial. WebSocket handlers are reported with the method `WS`.
 */
export const litestarExtractor = pythonExtractor('litestar', PACKAGES, (py) => new LitestarLinker(py).routes());

/** A handler function and the decorator that makes it one. */
interface Handler {
  file: string;
  fn: PyFunctionFacts;
  call: PyCall;
  line: number;
  declHash: string;
  methods: string[];
}

interface RouteDecl {
  /** Undefined for handlers registered nowhere we could follow. */
  obj?: FrameworkObject;
  /** A controller's path, then the handler's own path. */
  pieces: Piece[];
  handler: Handler;
  /** Controller layers, then the handler's own. */
  middleware: string[];
}

class LitestarLinker {
  private readonly decls: RouteDecl[] = [];
  private readonly edges: Array<{ parent: FrameworkObject; child: FrameworkObject }> = [];
  private readonly read = new Set<string>();
  private readonly registered = new Set<PyFunctionFacts>();
  private readonly handlers = new Map<PyFunctionFacts, Handler | null>();

  constructor(private readonly py: PythonProject) {}

  routes(): Route[] {
    const queue = constructedObjects(this.py, PACKAGES, CONSTRUCTORS, ['litestar.']);
    for (const [file, facts] of this.py.modules) this.readRegisterCalls(file, facts, queue);
    while (queue.length > 0) {
      const obj = queue.shift()!;
      if (this.read.has(obj.id) || !obj.call || !obj.ctx) continue;
      this.read.add(obj.id);
      this.readHandlers(obj, keywordArg(obj.call, 'route_handlers') ?? (obj.kind === 'litestar.app' ? argument(obj.call, 0, 'route_handlers') : argument(obj.call, 1, 'route_handlers')), obj.ctx, queue);
    }
    this.addOrphans();
    const graph = new MountGraph((obj) => this.rootStep(obj));
    for (const { parent, child } of this.edges) graph.add({ parent, child, step: this.ownStep(child) });
    const routes: Route[] = [];
    const orphanMount: Mount = { pieces: [], middleware: [], partial: true, notes: [] };
    for (const decl of this.decls) {
      const own = pieceOf(this.py, argument(decl.handler.call, 0, 'path'), { file: decl.handler.file, scope: decl.handler.fn.scope });
      const paths = this.handlerPaths(decl.handler);
      const pieces = [...decl.pieces, ...(paths.length > 0 ? [] : [own])];
      const mounts = decl.obj ? graph.mounts(decl.obj) : [{ ...orphanMount, notes: [`handler ${decl.handler.file}:${decl.handler.line} is not registered in an app we could follow`] }];
      for (const mount of mounts) {
        for (const path of paths.length > 0 ? paths : [undefined]) {
          const all = path ? [...pieces, { value: path, partial: false, notes: [] }] : pieces;
          for (const method of decl.handler.methods) {
            routes.push(
              makeRoute({
                framework: 'litestar',
                method,
                mount,
                pieces: all.flatMap((piece) => (piece.value ? [piece.value.value] : [])),
                file: decl.handler.file,
                line: decl.handler.line,
                declHash: decl.handler.declHash,
                handler: handlerOf(decl.handler.file, decl.handler.fn),
                handlerHash: decl.handler.fn.bodyHash,
                middleware: decl.middleware,
                partial: all.some((piece) => piece.partial),
                notes: all.flatMap((piece) => piece.notes),
              }),
            );
          }
        }
      }
    }
    return routes;
  }

  /** `@get(["/", "/list"])`: one route per listed path. */
  private handlerPaths(handler: Handler): StrValue[] {
    const expr = argument(handler.call, 0, 'path');
    if (expr?.k !== 'list') return [];
    const ctx: Ctx = { file: handler.file, scope: handler.fn.scope };
    return expr.items.flatMap((item) => {
      const value = this.py.evaluateString(item, ctx);
      return value ? [value] : [];
    });
  }

  // ── route handlers ───────────────────────────────────────────────────────────────────────────

  /** `app.register(handler_or_router)`. */
  private readRegisterCalls(file: string, facts: PythonModuleFacts, queue: FrameworkObject[]): void {
    for (const fact of facts.calls) {
      if (fact.call.fn.k !== 'attr' || fact.call.fn.name !== 'register') continue;
      for (const ctx of this.py.callContexts(fact, file)) {
        const obj = this.py.objectOf(fact.call.fn.obj, ctx);
        if (!obj?.kind.startsWith('litestar.')) continue;
        const target = fact.call.args[0];
        if (target) this.readHandlers(obj, { k: 'list', items: [target] }, ctx, queue);
      }
    }
  }

  /** The items of a `route_handlers` list: handler functions, controllers and routers. */
  private readHandlers(owner: FrameworkObject, list: PyExpr | undefined, ctx: Ctx, queue: FrameworkObject[]): void {
    for (const item of listItems(this.py, list, ctx)) {
      const value = this.py.evaluate(item.expr, item.ctx);
      if (value.t === 'obj' && value.obj.kind === 'litestar.router') {
        this.edges.push({ parent: owner, child: value.obj });
        queue.push(value.obj);
      } else if (value.t === 'func') {
        const handler = this.handlerOf(value.file, value.fn);
        if (!handler) continue;
        this.registered.add(value.fn);
        this.decls.push({ obj: owner, pieces: [], handler, middleware: this.layers(handler.call, { file: handler.file, scope: handler.fn.scope }) });
      } else if (value.t === 'class') {
        this.readController(owner, value.file, value.cls);
      }
    }
  }

  /** A Controller: its `path` and layers (along its bases), then each handler method. */
  private readController(owner: FrameworkObject | undefined, file: string, cls: PyClassFacts): void {
    const mro = this.py.mro(cls, file);
    const attr = (name: string): { expr: PyExpr; ctx: Ctx } | undefined => {
      const found = this.py.classAttr(mro, name);
      return found?.attr.value ? { expr: found.attr.value, ctx: { file: found.file, scope: found.cls.scope } } : undefined;
    };
    const path = attr('path');
    const prefix = path ? pieceOf(this.py, path.expr, path.ctx) : { partial: false, notes: [] };
    const layers = ['middleware', 'guards', 'dependencies'].flatMap((name) => {
      const found = attr(name);
      return found ? namesIn(this.py, found.expr, found.ctx) : [];
    });
    const seen = new Set<string>();
    for (const { file: methodFile, cls: owning } of mro.classes) {
      for (const fn of owning.methods) {
        if (seen.has(fn.name)) continue;
        seen.add(fn.name);
        const handler = this.handlerOf(methodFile, fn);
        if (!handler) continue;
        this.registered.add(fn);
        const decl: RouteDecl = { pieces: [prefix], handler, middleware: [...layers, ...this.layers(handler.call, { file: methodFile, scope: fn.scope })] };
        if (owner) decl.obj = owner;
        this.decls.push(decl);
      }
    }
  }

  /** The handler decorator of a function, if it has one (`@get("/x")`, `@litestar.post()`, `@route(http_method=[...])`). */
  private handlerOf(file: string, fn: PyFunctionFacts): Handler | undefined {
    const known = this.handlers.get(fn);
    if (known !== undefined) return known ?? undefined;
    let found: Handler | undefined;
    for (const decorator of fn.decorators) {
      const expr = decorator.expr;
      if (expr.k !== 'call') continue;
      const callee = this.py.evaluate(expr.fn, { file, scope: fn.scope });
      if (callee.t !== 'ext' || !PACKAGES.some((name) => callee.qual.startsWith(`${name}.`))) continue;
      const name = callee.qual.slice(callee.qual.lastIndexOf('.') + 1);
      if (!(name in HANDLER_DECORATORS)) continue;
      const methods = HANDLER_DECORATORS[name] ?? methodList(this.py, keywordArg(expr, 'http_method') ?? argument(expr, 1, 'http_method'), { file, scope: fn.scope }) ?? ['GET'];
      found = { file, fn, call: expr, line: decorator.line, declHash: decorator.hash, methods };
      break;
    }
    this.handlers.set(fn, found ?? null);
    return found;
  }

  /** A layer's `middleware`, `guards` and `dependencies`, in that order (middleware runs before guards). */
  private layers(call: PyCall, ctx: Ctx): string[] {
    return ['middleware', 'guards', 'dependencies'].flatMap((name) => namesIn(this.py, keywordArg(call, name), ctx));
  }

  /** Handler functions and controllers of Litestar modules that nothing registers we could follow: partial, without prefix. */
  private addOrphans(): void {
    for (const [file, facts] of this.py.modules) {
      if (!facts.packages.some((name) => PACKAGES.includes(name))) continue;
      for (const fn of facts.functions) {
        if (fn.decorators.length === 0 || this.registered.has(fn)) continue;
        const handler = this.handlerOf(file, fn);
        if (handler) this.decls.push({ pieces: [], handler, middleware: this.layers(handler.call, { file, scope: fn.scope }) });
      }
    }
  }

  // ── mounts ───────────────────────────────────────────────────────────────────────────────────

  private rootStep(obj: FrameworkObject): MountStep {
    const step = this.ownStep(obj);
    return obj.kind === 'litestar.app' ? step : { ...step, partial: true, notes: [...(step.notes ?? []), orphanNote('router', obj)] };
  }

  /** A router's path and layers; an app's layers. */
  private ownStep(obj: FrameworkObject): MountStep {
    if (!obj.call || !obj.ctx) return { pieces: [], middleware: [], partial: true, notes: [orphanNote('router', obj)] };
    const middleware = this.layers(obj.call, obj.ctx);
    if (obj.kind === 'litestar.app') return { pieces: [], middleware };
    const path = pieceOf(this.py, keywordArg(obj.call, 'path') ?? argument(obj.call, 0, 'path'), obj.ctx);
    return { pieces: [path.value], middleware, partial: path.partial, notes: path.notes };
  }
}
