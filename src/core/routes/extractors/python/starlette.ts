import type { Route } from '../../types.js';
import { declaredRoute, makeRoutes, type DeclarationSite } from './shared/make-route.js';
import { MountGraph, type MountStep } from './shared/mount-graph.js';
import { argument, declarationHash, keywordArg, type PyCall, type PyExpr } from './shared/py-expr.js';
import type { PythonModuleFacts } from './shared/python-module-facts.js';
import { pythonExtractor } from './shared/python-project-for.js';
import { handlerOf, type Ctx, type FrameworkObject, type PythonProject } from './shared/python-project.js';
import {
  callBehind,
  classVerbs,
  constructedObjects,
  externalCallee,
  listItems,
  methodList,
  namesIn,
  objectWithin,
  orphanNote,
  pieceOf,
  piecesState,
  stepPieces,
  type Piece,
} from './shared/route-lists.js';

/** Objects whose route lists and mounts this extractor reads: Starlette apps and routers, and FastAPI apps given `routes=`. */
const KINDS = ['starlette.', 'fastapi.app'];
const CONSTRUCTORS = new Set(['Starlette', 'Router', 'FastAPI']);
/** Route classes of `starlette.routing` (also re-exported by `fastapi.routing`). */
const ROUTE_CLASSES = new Set(['Route', 'WebSocketRoute', 'Mount']);

/**
 * Starlette: `Starlette(routes=[Route(...), WebSocketRoute(...), Mount('/api', routes=[...]), Mount('/v1', app=other)])`,
 * `Router(routes=...)`, `add_route`/`add_websocket_route`/`mount` and the `@app.route` decorators, across modules.
 * Function endpoints answer `methods=` (GET by default); HTTPEndpoint classes the verbs they define. `middleware=`
 * of apps, mounts and routes, and `add_middleware`, become middleware, outermost first. FastAPI apps count as
 * Starlette apps for the Starlette routes and sub-apps they are given (their own routes are the fastapi extractor's).
 * WebSocket routes are reported with the method `WS`.
 */
export const starletteExtractor = pythonExtractor('starlette', ['starlette'], (py) => new StarletteLinker(py).routes());

interface RouteDecl extends DeclarationSite {
  obj: FrameworkObject;
  /** Prefixes of inline `Mount(path, routes=[...])` around the route, then its own path. */
  pieces: Piece[];
  methods: string[];
}

class StarletteLinker {
  private readonly decls: RouteDecl[] = [];
  /** Mounts, turned into graph edges once every `add_middleware` is known. */
  private readonly mounts: Array<{ parent: FrameworkObject; child: FrameworkObject; pieces: Piece[]; middleware: string[] }> = [];
  private readonly read = new Set<string>();
  private readonly queue: FrameworkObject[] = [];
  /** `add_middleware` per app, outermost (last added) first. */
  private readonly added = new Map<string, string[]>();

  constructor(private readonly py: PythonProject) {}

  routes(): Route[] {
    for (const obj of constructedObjects(this.py, ['starlette', 'fastapi'], CONSTRUCTORS, KINDS)) this.enqueue(obj);
    for (const [file, facts] of this.py.modules) {
      this.readDecorators(file, facts);
      this.readCalls(file, facts);
    }
    while (this.queue.length > 0) this.readObject(this.queue.shift()!);
    const graph = new MountGraph((obj) => this.rootStep(obj));
    for (const { parent, child, pieces, middleware } of this.mounts) {
      const own = this.ownStep(child);
      const state = piecesState(pieces);
      graph.add({
        parent,
        child,
        step: { pieces: [...stepPieces(pieces), ...own.pieces], middleware: [...middleware, ...own.middleware], partial: state.partial, notes: state.notes },
      });
    }
    return this.decls.flatMap((decl) => {
      const pieces = decl.pieces.flatMap((piece) => (piece.value ? [piece.value.value] : []));
      return makeRoutes(
        declaredRoute('starlette', decl, pieces, piecesState(decl.pieces)),
        graph.mounts(decl.obj),
        decl.methods,
      );
    });
  }

  private enqueue(obj: FrameworkObject): void {
    if (this.read.has(obj.id)) return;
    this.read.add(obj.id);
    this.queue.push(obj);
  }

  // ── route lists ──────────────────────────────────────────────────────────────────────────────

  /** The `routes=` list of an app or router's constructor. */
  private readObject(obj: FrameworkObject): void {
    if (!obj.call || !obj.ctx) return;
    const routes = obj.kind === 'starlette.router' ? argument(obj.call, 0, 'routes') : keywordArg(obj.call, 'routes');
    this.readList(obj, routes, obj.ctx, [], [], 0);
  }

  private readList(owner: FrameworkObject, list: PyExpr | undefined, ctx: Ctx, pieces: Piece[], middleware: string[], depth: number): void {
    if (depth > 8) return;
    for (const item of listItems(this.py, list, ctx)) {
      const found = callBehind(this.py, item);
      if (!found) continue;
      const { call, ctx: callCtx } = found;
      const kind = this.routeClass(call, callCtx);
      if (!kind) continue;
      const path = pieceOf(this.py, argument(call, 0, 'path'), callCtx);
      const own = namesIn(this.py, keywordArg(call, 'middleware'), callCtx);
      if (kind === 'Mount') {
        const routes = keywordArg(call, 'routes');
        if (routes) {
          this.readList(owner, routes, callCtx, [...pieces, path], [...middleware, ...own], depth + 1);
          continue;
        }
        const appExpr = argument(call, 1, 'app');
        const child = appExpr ? objectWithin(this.py, appExpr, callCtx, ['starlette.']) : undefined;
        if (child) this.mount(owner, child, [...pieces, path], [...middleware, ...own]);
        continue;
      }
      const endpoint = argument(call, 1, 'endpoint');
      const methods = kind === 'WebSocketRoute' ? ['WS'] : methodList(this.py, keywordArg(call, 'methods'), callCtx);
      this.addDecl(owner, [...pieces, path], endpoint, callCtx, methods, call, [...middleware, ...own]);
    }
  }

  /** `Route`, `WebSocketRoute` or `Mount` of starlette (or fastapi's re-export), else undefined. */
  private routeClass(call: PyCall, ctx: Ctx): string | undefined {
    const qual = externalCallee(this.py, call, ctx);
    if (!qual || !(qual.startsWith('starlette.') || qual.startsWith('fastapi.'))) return undefined;
    const name = qual.slice(qual.lastIndexOf('.') + 1);
    return ROUTE_CLASSES.has(name) ? name : undefined;
  }

  private mount(parent: FrameworkObject, child: FrameworkObject, pieces: Piece[], middleware: string[]): void {
    this.mounts.push({ parent, child, pieces, middleware });
    this.enqueue(child);
  }

  /**
   * One route: a function endpoint answers `methods` (GET by default), an HTTPEndpoint class each verb it
   * defines (limited to `methods` when given), a WebSocket endpoint `WS`.
   */
  private addDecl(owner: FrameworkObject, pieces: Piece[], endpointExpr: PyExpr | undefined, ctx: Ctx, methods: string[] | undefined, call: PyCall, middleware: string[]): void {
    const base = { obj: owner, pieces, file: ctx.file, line: call.line, declHash: declarationHash(call), middleware };
    const endpoint = endpointExpr ? this.py.evaluate(endpointExpr, ctx) : undefined;
    if (endpoint?.t === 'class' && !(methods?.length === 1 && methods[0] === 'WS')) {
      for (const { verb, file, fn } of classVerbs(this.py, endpoint.cls, endpoint.file)) {
        if (methods && !methods.includes(verb)) continue;
        this.decls.push({ ...base, methods: [verb], handler: handlerOf(file, fn), handlerHash: fn.bodyHash });
      }
      return;
    }
    const decl: RouteDecl = { ...base, methods: methods ?? ['GET'] };
    if (endpoint?.t === 'func') {
      decl.handler = handlerOf(endpoint.file, endpoint.fn);
      decl.handlerHash = endpoint.fn.bodyHash;
    } else if (endpoint?.t === 'class') {
      decl.handler = { name: endpoint.cls.name, file: endpoint.file, startLine: endpoint.cls.line, endLine: endpoint.cls.endLine };
      decl.handlerHash = endpoint.cls.bodyHash;
    }
    this.decls.push(decl);
  }

  // ── calls and decorators ─────────────────────────────────────────────────────────────────────

  /** `@app.route("/x", methods=[...])`, `@app.websocket_route("/ws")`, `@app.middleware("http")` on Starlette apps and routers. */
  private readDecorators(file: string, facts: PythonModuleFacts): void {
    for (const fn of facts.functions) {
      for (const decorator of fn.decorators) {
        const expr = decorator.expr;
        if (expr.k !== 'call' || expr.fn.k !== 'attr') continue;
        const verb = expr.fn.name;
        if (verb !== 'route' && verb !== 'websocket_route' && verb !== 'middleware') continue;
        const ctx: Ctx = { file, scope: fn.scope };
        const obj = objectWithin(this.py, expr.fn.obj, ctx, ['starlette.']);
        if (!obj) continue;
        this.enqueue(obj);
        if (verb === 'middleware') {
          this.addMiddleware(obj, fn.name);
          continue;
        }
        const methods = verb === 'websocket_route' ? ['WS'] : methodList(this.py, keywordArg(expr, 'methods'), ctx) ?? ['GET'];
        this.decls.push({
          obj,
          pieces: [pieceOf(this.py, argument(expr, 0, 'path'), ctx)],
          methods,
          file,
          line: decorator.line,
          declHash: decorator.hash,
          handler: handlerOf(file, fn),
          handlerHash: fn.bodyHash,
          middleware: [],
        });
      }
    }
  }

  private readCalls(file: string, facts: PythonModuleFacts): void {
    for (const fact of facts.calls) {
      const call = fact.call;
      if (call.fn.k !== 'attr') continue;
      const verb = call.fn.name;
      if (verb !== 'add_route' && verb !== 'add_websocket_route' && verb !== 'mount' && verb !== 'add_middleware') continue;
      for (const ctx of this.py.callContexts(fact, file)) {
        const obj = objectWithin(this.py, call.fn.obj, ctx, KINDS);
        if (!obj) continue;
        if (verb === 'add_middleware') {
          if (call.args[0]) this.addMiddleware(obj, namesIn(this.py, { k: 'list', items: [call.args[0]] }, ctx)[0]!);
          continue;
        }
        if (verb === 'mount') {
          const appExpr = argument(call, 1, 'app');
          const child = appExpr ? objectWithin(this.py, appExpr, ctx, ['starlette.']) : undefined;
          if (child) this.mount(obj, child, [pieceOf(this.py, argument(call, 0, 'path'), ctx)], []);
          continue;
        }
        // FastAPI's own add_route is the fastapi extractor's.
        if (obj.kind === 'fastapi.app') continue;
        this.enqueue(obj);
        const methods = verb === 'add_websocket_route' ? ['WS'] : methodList(this.py, keywordArg(call, 'methods'), ctx);
        this.addDecl(obj, [pieceOf(this.py, argument(call, 0, 'path'), ctx)], argument(call, 1, 'endpoint') ?? argument(call, 1, 'route'), ctx, methods, call, []);
      }
    }
  }

  private addMiddleware(app: FrameworkObject, name: string): void {
    // Starlette wraps the app with each added middleware: the last one added runs first.
    this.added.set(app.id, [name, ...(this.added.get(app.id) ?? [])]);
  }

  // ── mounts ───────────────────────────────────────────────────────────────────────────────────

  /** An app's middleware (added, then `middleware=` in order); a router adds none. */
  private ownStep(obj: FrameworkObject): MountStep {
    if (obj.kind === 'starlette.router') return { pieces: [], middleware: [] };
    const declared = obj.call && obj.ctx ? namesIn(this.py, keywordArg(obj.call, 'middleware'), obj.ctx) : [];
    return { pieces: [], middleware: [...(this.added.get(obj.id) ?? []), ...declared] };
  }

  private rootStep(obj: FrameworkObject): MountStep {
    const step = this.ownStep(obj);
    // `def setup(app: Starlette)`: with no mounted sub-application in the project, the parameter can only be the app.
    const oneApp = this.mounts.length === 0;
    if (obj.kind !== 'starlette.router' && (!obj.fromParam || oneApp)) return step;
    return { ...step, partial: true, notes: [orphanNote(obj.kind === 'starlette.router' ? 'router' : 'app', obj)] };
  }
}
