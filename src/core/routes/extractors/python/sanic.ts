import type { Route } from '../../types.js';
import { declaredRoute, makeRoutes, type DeclarationSite } from './shared/make-route.js';
import { middlewareName } from './shared/middleware-name.js';
import { MountGraph, type Mount, type MountStep } from './shared/mount-graph.js';
import { argument, declarationHash, exprText, keywordArg, type PyExpr } from './shared/py-expr.js';
import type { PyDecorator, PythonModuleFacts } from './shared/python-module-facts.js';
import { pythonExtractor } from './shared/python-project-for.js';
import { handlerOf, type Ctx, type FrameworkObject, type PythonProject, type StrValue, type Value } from './shared/python-project.js';
import { classVerbs, listItems, methodList, orphanNote, pieceOf, type Piece } from './shared/route-lists.js';

const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);
/** Decorators that document a handler (sanic-ext's `@openapi.*`) rather than guard it. */
const DESCRIPTIVE = /^(openapi|doc)\./;
/** A mount piece carrying a blueprint's `version`: the innermost one becomes `/v{n}` in front of the whole path. */
const VERSION_MARK = '\u0000v';

/**
 * Sanic: `@app.get/post/…/route(uri, methods=[...])/websocket(uri)` on apps and blueprints, `add_route(handler,
 * uri, methods=...)` with functions and `HTTPMethodView.as_view()` classes, `Blueprint(name, url_prefix=...,
 * version=...)`, `Blueprint.group(bp1, bp2, url_prefix=...)` (nested), `app.blueprint(bp_or_group)`, across
 * modules. Path parameters `<id:int>` become `{id}`; `version=` becomes a leading `/v{n}`. Request middleware of
 * apps and blueprints and the decorators under the route decorator become middleware, outermost first.
 * WebSocket routes are reported with the method `WS`.
 */
export const sanicExtractor = pythonExtractor('sanic', ['sanic'], (py) => new SanicLinker(py).routes());

interface RouteDecl extends DeclarationSite {
  obj: FrameworkObject;
  path: Piece;
  version?: string;
  methods: string[];
}

interface Registration {
  parent: FrameworkObject;
  child: FrameworkObject;
  /** `app.blueprint(bp, url_prefix=...)`: replaces the blueprint's own prefix. */
  prefix?: Piece;
}

class SanicLinker {
  private readonly decls: RouteDecl[] = [];
  private readonly registrations: Registration[] = [];
  private readonly requestMiddleware = new Map<string, string[]>();
  private readonly groupsRead = new Set<string>();

  constructor(private readonly py: PythonProject) {}

  routes(): Route[] {
    for (const [file, facts] of this.py.modules) {
      this.readDecorators(file, facts);
      this.readCalls(file, facts);
    }
    const graph = new MountGraph((obj) => this.rootStep(obj));
    for (const { parent, child, prefix } of this.registrations) {
      const own = this.ownStep(child);
      const step: MountStep = prefix ? { ...own, pieces: [...own.pieces.filter(isVersion), prefix.value], partial: prefix.partial, notes: prefix.notes } : own;
      graph.add({ parent, child, step });
    }
    return this.decls.flatMap((decl) =>
      makeRoutes(
        declaredRoute('sanic', decl, decl.path.value ? [sanicParams(decl.path.value.value)] : [], decl.path),
        graph.mounts(decl.obj).map((mount) => withVersion(mount, decl.version)),
        decl.methods,
      ),
    );
  }

  // ── declarations ─────────────────────────────────────────────────────────────────────────────

  private readDecorators(file: string, facts: PythonModuleFacts): void {
    for (const fn of facts.functions) {
      if (fn.decorators.length === 0) continue;
      const ctx: Ctx = { file, scope: fn.scope };
      const found = this.routeDecorators(fn.decorators, ctx);
      for (const [index, { obj, call, verb }] of found) {
        if (verb === 'middleware' || verb === 'on_request') {
          // `@app.middleware("request")`, `@app.middleware` (request by default), `@bp.on_request`.
          const kind = call ? this.py.evaluateString(argument(call, 0, 'attach_to') ?? { k: 'str', v: 'request', raw: '' }, ctx)?.value : 'request';
          if (kind === 'request') this.requestMiddleware.set(obj.id, [...(this.requestMiddleware.get(obj.id) ?? []), fn.name]);
          continue;
        }
        if (!call) continue;
        const decorator = fn.decorators[index]!;
        const middleware = fn.decorators
          .slice(index + 1)
          .filter((_, offset) => !found.has(index + 1 + offset))
          .map((other) => middlewareName(other.expr))
          .filter((name) => !DESCRIPTIVE.test(name));
        const methods = verb === 'websocket' ? ['WS'] : verb === 'route' ? methodList(this.py, keywordArg(call, 'methods'), ctx) ?? ['GET'] : [verb.toUpperCase()];
        const decl: RouteDecl = {
          obj,
          path: pieceOf(this.py, argument(call, 0, 'uri'), ctx),
          methods,
          file,
          line: decorator.line,
          declHash: decorator.hash,
          handler: handlerOf(file, fn),
          handlerHash: fn.bodyHash,
          middleware,
        };
        const version = this.version(keywordArg(call, 'version'), ctx);
        if (version) decl.version = version;
        this.decls.push(decl);
      }
    }
  }

  private routeDecorators(decorators: PyDecorator[], ctx: Ctx): Map<number, { obj: FrameworkObject; call?: Extract<PyExpr, { k: 'call' }>; verb: string }> {
    const found = new Map<number, { obj: FrameworkObject; call?: Extract<PyExpr, { k: 'call' }>; verb: string }>();
    decorators.forEach((decorator, index) => {
      const expr = decorator.expr;
      const callee = expr.k === 'call' ? expr.fn : expr;
      if (callee.k !== 'attr') return;
      const verb = callee.name;
      if (!VERBS.has(verb) && verb !== 'route' && verb !== 'websocket' && verb !== 'middleware' && verb !== 'on_request') return;
      const obj = this.receiver(callee.obj, ctx);
      if (!obj || obj.kind === 'sanic.group') return;
      found.set(index, { obj, ...(expr.k === 'call' ? { call: expr } : {}), verb });
    });
    return found;
  }

  private readCalls(file: string, facts: PythonModuleFacts): void {
    for (const fact of facts.calls) {
      const call = fact.call;
      if (call.fn.k !== 'attr') continue;
      const verb = call.fn.name;
      if (verb !== 'add_route' && verb !== 'add_websocket_route' && verb !== 'blueprint' && verb !== 'register_middleware') continue;
      for (const ctx of this.py.callContexts(fact, file)) {
        const obj = this.receiver(call.fn.obj, ctx);
        if (!obj) continue;
        if (verb === 'blueprint') {
          const prefixExpr = keywordArg(call, 'url_prefix');
          const prefix = prefixExpr ? pieceOf(this.py, prefixExpr, ctx) : undefined;
          for (const child of this.objects(argument(call, 0, 'blueprint'), ctx)) this.register(obj, child, prefix);
        } else if (verb === 'register_middleware') {
          const kind = this.py.evaluateString(argument(call, 1, 'attach_to') ?? { k: 'str', v: 'request', raw: '' }, ctx)?.value;
          const hook = call.args[0];
          if (hook && kind === 'request') this.requestMiddleware.set(obj.id, [...(this.requestMiddleware.get(obj.id) ?? []), exprText(hook)]);
        } else {
          this.addRouteCall(obj, call, verb === 'add_websocket_route', ctx, file);
        }
      }
    }
  }

  /** `add_route(handler, uri, methods=[...])`: a function, or `View.as_view()` answering the verbs the class defines. */
  private addRouteCall(obj: FrameworkObject, call: Extract<PyExpr, { k: 'call' }>, websocket: boolean, ctx: Ctx, file: string): void {
    const handlerExpr = argument(call, 0, 'handler');
    const value: Value | undefined = handlerExpr ? this.py.evaluate(handlerExpr, ctx) : undefined;
    const base = { obj, path: pieceOf(this.py, argument(call, 1, 'uri'), ctx), file, line: call.line, declHash: declarationHash(call), middleware: [] as string[] };
    const version = this.version(keywordArg(call, 'version'), ctx);
    const target = value?.t === 'view' ? value.target : value;
    if (target?.t === 'class' && !websocket) {
      const decorators = this.classDecorators(target.cls.attrs.find((attr) => attr.name === 'decorators')?.value, { file: target.file, scope: target.cls.scope });
      for (const { verb, file: methodFile, fn } of classVerbs(this.py, target.cls, target.file)) {
        this.decls.push({ ...base, methods: [verb], handler: handlerOf(methodFile, fn), handlerHash: fn.bodyHash, middleware: decorators, ...(version ? { version } : {}) });
      }
      return;
    }
    const decl: RouteDecl = { ...base, methods: websocket ? ['WS'] : methodList(this.py, keywordArg(call, 'methods'), ctx) ?? ['GET'] };
    if (version) decl.version = version;
    if (target?.t === 'func') {
      decl.handler = handlerOf(target.file, target.fn);
      decl.handlerHash = target.fn.bodyHash;
    }
    this.decls.push(decl);
  }

  /** `decorators = [protected]` of an HTTPMethodView. */
  private classDecorators(expr: PyExpr | undefined, ctx: Ctx): string[] {
    return expr ? listItems(this.py, expr, ctx).map((item) => middlewareName(item.expr)) : [];
  }

  /** The blueprints (or groups) an argument denotes: one, or a list of them. */
  private objects(expr: PyExpr | undefined, ctx: Ctx): FrameworkObject[] {
    if (!expr) return [];
    const one = this.receiver(expr, ctx);
    if (one) return [one];
    return listItems(this.py, expr, ctx).flatMap((item) => {
      const obj = this.receiver(item.expr, item.ctx);
      return obj ? [obj] : [];
    });
  }

  private register(parent: FrameworkObject, child: FrameworkObject, prefix?: Piece): void {
    this.registrations.push({ parent, child, ...(prefix ? { prefix } : {}) });
    if (child.kind === 'sanic.group') this.readGroup(child);
  }

  /** `Blueprint.group(bp1, bp2, url_prefix="/api")`: each member hangs under the group. */
  private readGroup(group: FrameworkObject): void {
    if (this.groupsRead.has(group.id) || !group.call || !group.ctx) return;
    this.groupsRead.add(group.id);
    const ctx = group.ctx;
    for (const arg of group.call.args) {
      const members = arg.k === 'splat' ? this.objects(arg.e, ctx) : this.objects(arg, ctx);
      for (const member of members) this.register(group, member);
    }
  }

  /** The app or blueprint an expression denotes; an unannotated `app` parameter is the app. */
  private receiver(expr: PyExpr, ctx: Ctx): FrameworkObject | undefined {
    const value = this.py.evaluate(expr, ctx);
    if (value.t === 'obj') return value.obj.kind.startsWith('sanic.') ? value.obj : undefined;
    if (value.t !== 'param') return undefined;
    const fallback = /^(app|application|sanic_app)$/.test(value.param.name) ? 'sanic.Sanic' : undefined;
    const obj = this.py.paramObject(value, fallback);
    return obj?.kind.startsWith('sanic.') ? obj : undefined;
  }

  private version(expr: PyExpr | undefined, ctx: Ctx): string | undefined {
    if (!expr) return undefined;
    if (expr.k === 'num') return expr.v;
    return this.py.evaluateString(expr, ctx)?.value;
  }

  // ── mounts ───────────────────────────────────────────────────────────────────────────────────

  /** A blueprint's or group's `url_prefix` (and `version`, kept as a mark), an app's request middleware. */
  private ownStep(obj: FrameworkObject): MountStep {
    const middleware = this.requestMiddleware.get(obj.id) ?? [];
    if (obj.kind === 'sanic.app' || !obj.call || !obj.ctx) return { pieces: [], middleware };
    const prefix = pieceOf(this.py, keywordArg(obj.call, 'url_prefix'), obj.ctx);
    const version = this.version(keywordArg(obj.call, 'version'), obj.ctx);
    const mark: StrValue | undefined = version ? { value: VERSION_MARK + version, notes: [] } : undefined;
    return { pieces: [mark, prefix.value], middleware, partial: prefix.partial, notes: prefix.notes };
  }

  private rootStep(obj: FrameworkObject): MountStep {
    const step = this.ownStep(obj);
    // A project serves one Sanic app: an `app` parameter (`def register_routes(app)`) is that app.
    if (obj.kind === 'sanic.app') return step;
    return { ...step, partial: true, notes: [orphanNote(obj.kind === 'sanic.group' ? 'blueprint group' : 'blueprint', obj)] };
  }
}

function isVersion(piece: StrValue | undefined): boolean {
  return piece?.value.startsWith(VERSION_MARK) === true;
}

/** Sanic applies the innermost version (the route's own first) in front of every prefix: `/v1/api/users`. */
function withVersion(mount: Mount, own: string | undefined): Mount {
  const marks = mount.pieces.filter((piece) => piece.startsWith(VERSION_MARK));
  const version = own ?? marks[marks.length - 1]?.slice(VERSION_MARK.length);
  const pieces = mount.pieces.filter((piece) => !piece.startsWith(VERSION_MARK)).map(sanicParams);
  return { ...mount, pieces: version ? [`v${version}`, ...pieces] : pieces };
}

/** `<id:int>`, `<slug:slug>`, `<name>` (Sanic puts the name first) → `{id}`. */
function sanicParams(path: string): string {
  return path.replace(/<([A-Za-z_]\w*)(?::[^>]*)?>/g, '{$1}');
}
