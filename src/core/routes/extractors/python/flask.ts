import type { Route } from '../../types.js';
import { makeRoute } from './shared/make-route.js';
import { middlewareName } from './shared/middleware-name.js';
import { MountGraph, type MountStep } from './shared/mount-graph.js';
import { argument, declarationHash, exprText, keywordArg, type PyCall, type PyExpr } from './shared/py-expr.js';
import type { PyClassFacts, PyDecorator, PyFunctionFacts, PythonModuleFacts } from './shared/python-module-facts.js';
import { pythonExtractor } from './shared/python-project-for.js';
import { handlerOf, type Ctx, type FrameworkObject, type PythonProject, type StrValue, type Value } from './shared/python-project.js';

const METHOD_DECORATORS = new Set(['get', 'post', 'put', 'patch', 'delete']);
const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];
/** Framework decorators that describe a view (schemas, docs) rather than guard it. */
const DESCRIPTIVE_DECORATOR = /^(input|output|doc|arguments|response|alt_response|paginate|expect|marshal_with|marshal_list_with|param|header|produces|vary|etag)$/;

/**
 * Flask (and APIFlask, flask-smorest, flask-restful, flask-restx): `@app.route`/`@bp.get` on Flask()
 * and Blueprint() objects, `add_url_rule` with functions and class-based views (one route per method
 * the class defines), blueprints registered with `register_blueprint` across modules and nested, and
 * `api.add_resource` / `@ns.route` resources. Decorators under the route decorator and before_request
 * hooks become middleware.
 */
export const flaskExtractor = pythonExtractor('flask', ['flask', 'apiflask', 'flask_smorest', 'flask_restful', 'flask_restx', 'flask_restplus'], (py) => new FlaskLinker(py).routes());

interface RouteDecl {
  obj: FrameworkObject;
  method: string;
  rule?: PyExpr;
  ctx: Ctx;
  file: string;
  line: number;
  declHash: string;
  handler?: { file: string; fn: PyFunctionFacts };
  /** A class view whose method is inherited from outside the project: the class is the handler. */
  handlerClass?: { file: string; cls: PyClassFacts; method: string };
  middleware: string[];
  /** Why the rule may not be the path clients call (a project helper rewrites it): the route is partial. */
  note?: string;
}

interface Registration {
  parent: FrameworkObject;
  child: FrameworkObject;
  prefix?: PyExpr;
  ctx: Ctx;
}

class FlaskLinker {
  private readonly decls: RouteDecl[] = [];
  private readonly registrations: Registration[] = [];
  private readonly beforeRequest = new Map<string, string[]>();

  constructor(private readonly py: PythonProject) {}

  routes(): Route[] {
    for (const [file, facts] of this.py.modules) {
      for (const fn of facts.functions) this.readFunction(file, fn);
      for (const cls of facts.classes) this.readClass(file, cls);
      this.readCalls(file, facts);
    }
    const graph = new MountGraph((obj) => this.rootStep(obj));
    for (const obj of this.objectsWithOwners()) graph.add(obj);
    for (const registration of this.registrations) {
      const own = this.ownStep(registration.child);
      const prefix = registration.prefix ? this.str(registration.prefix, registration.ctx) : undefined;
      // register_blueprint(url_prefix=...) replaces the blueprint's own url_prefix.
      const step: MountStep = prefix
        ? { pieces: [prefix.value], middleware: own.middleware, partial: prefix.partial, notes: prefix.notes }
        : own;
      graph.add({ parent: registration.parent, child: registration.child, step });
    }
    const routes: Route[] = [];
    for (const decl of this.decls) {
      const rule = decl.rule ? this.str(decl.rule, decl.ctx) : { partial: false, notes: [] };
      for (const mount of graph.mounts(decl.obj)) {
        const handler = decl.handler
          ? { handler: handlerOf(decl.handler.file, decl.handler.fn), handlerHash: decl.handler.fn.bodyHash }
          : decl.handlerClass
            ? {
                handler: { name: `${decl.handlerClass.cls.name}.${decl.handlerClass.method}`, file: decl.handlerClass.file, startLine: decl.handlerClass.cls.line, endLine: decl.handlerClass.cls.endLine },
                handlerHash: decl.handlerClass.cls.bodyHash,
              }
            : {};
        routes.push(
          makeRoute({
            framework: 'flask',
            method: decl.method,
            mount,
            pieces: rule.value ? [rule.value.value] : [],
            file: decl.file,
            line: decl.line,
            declHash: decl.declHash,
            ...handler,
            middleware: decl.middleware,
            partial: rule.partial || decl.note !== undefined,
            notes: decl.note ? [...rule.notes, decl.note] : rule.notes,
          }),
        );
      }
    }
    return routes;
  }

  // ── declarations ─────────────────────────────────────────────────────────────────────────────

  private readFunction(file: string, fn: PyFunctionFacts): void {
    if (fn.decorators.length === 0) return;
    const ctx: Ctx = { file, scope: fn.scope };
    const routeDecorators = this.routeDecorators(fn.decorators, ctx);
    for (const [index, { obj, call, verb }] of routeDecorators) {
      if (verb === 'before_request') {
        this.addBeforeRequest(obj, fn.name);
        continue;
      }
      if (obj.kind !== 'flask.app' && obj.kind !== 'flask.blueprint') continue;
      const decorator = fn.decorators[index]!;
      const middleware = this.decoratorsBelow(fn.decorators, index, routeDecorators, ctx);
      const methods = verb === 'route' ? this.methods(keywordArg(call, 'methods'), ctx) ?? ['GET'] : [verb.toUpperCase()];
      for (const method of methods) {
        this.push({ obj, method, rule: argument(call, 0, 'rule'), ctx, file, line: decorator.line, declHash: decorator.hash, handler: { file, fn }, middleware });
      }
    }
  }

  /** `@blp.route('/')` on a MethodView (flask-smorest) or `@ns.route('/')` on a Resource (flask-restx). */
  private readClass(file: string, cls: PyClassFacts): void {
    if (cls.decorators.length === 0) return;
    const ctx: Ctx = { file, scope: cls.scope };
    const routeDecorators = this.routeDecorators(cls.decorators, ctx);
    for (const [index, { obj, call, verb }] of routeDecorators) {
      if (verb !== 'route') continue;
      const decorator = cls.decorators[index]!;
      const middleware = this.decoratorsBelow(cls.decorators, index, routeDecorators, ctx);
      const value: Value = { t: 'class', file, cls };
      this.addClassView(obj, value, argument(call, 0, 'rule'), ctx, file, decorator.line, decorator.hash, this.methods(keywordArg(call, 'methods'), ctx), middleware);
    }
  }

  private routeDecorators(decorators: PyDecorator[], ctx: Ctx): Map<number, { obj: FrameworkObject; call: PyCall; verb: string }> {
    const found = new Map<number, { obj: FrameworkObject; call: PyCall; verb: string }>();
    decorators.forEach((decorator, index) => {
      const expr = decorator.expr;
      if (expr.k === 'attr' && expr.name === 'before_request') {
        const obj = this.receiver(expr.obj, ctx);
        if (obj) found.set(index, { obj, call: { k: 'call', fn: expr, args: [], kw: [], line: decorator.line }, verb: 'before_request' });
        return;
      }
      if (expr.k !== 'call' || expr.fn.k !== 'attr') return;
      const verb = expr.fn.name;
      if (verb !== 'route' && !METHOD_DECORATORS.has(verb)) return;
      const obj = this.receiver(expr.fn.obj, ctx);
      if (obj) found.set(index, { obj, call: expr, verb });
    });
    return found;
  }

  /** Decorators applied before the route decorator registers the view: they wrap what the route runs. */
  private decoratorsBelow(decorators: PyDecorator[], index: number, routes: ReadonlyMap<number, unknown>, ctx: Ctx): string[] {
    const names: string[] = [];
    for (let i = index + 1; i < decorators.length; i++) {
      if (routes.has(i)) continue;
      const expr = decorators[i]!.expr;
      if (!this.isDescriptive(expr, ctx)) names.push(middlewareName(expr));
    }
    return names;
  }

  /** `@blp.response(...)`, `@api.doc(...)`, `@app.input(...)`: schema and documentation decorators of the framework object. */
  private isDescriptive(expr: PyExpr, ctx: Ctx): boolean {
    const callee = expr.k === 'call' ? expr.fn : expr;
    return callee.k === 'attr' && DESCRIPTIVE_DECORATOR.test(callee.name) && this.receiver(callee.obj, ctx) !== undefined;
  }

  private readCalls(file: string, facts: PythonModuleFacts): void {
    for (const fact of facts.calls) {
      const call = fact.call;
      if (call.fn.k === 'call') {
        for (const ctx of this.py.callContexts(fact, file)) this.addDecoratorCall(call, call.fn, ctx, file);
        continue;
      }
      if (call.fn.k !== 'attr') continue;
      const verb = call.fn.name;
      if (/^add_\w+_resource$/.test(verb)) {
        for (const ctx of this.py.callContexts(fact, file)) this.addHelperResource(call, call.fn.obj, verb, ctx, file);
        continue;
      }
      if (!['add_url_rule', 'register_blueprint', 'before_request', 'add_resource', 'add_namespace', 'init_app'].includes(verb)) continue;
      for (const ctx of this.py.callContexts(fact, file)) {
        const obj = this.receiver(call.fn.obj, ctx);
        if (!obj) continue;
        switch (verb) {
          case 'add_url_rule':
            if (obj.kind === 'flask.app' || obj.kind === 'flask.blueprint') this.addUrlRule(obj, call, ctx, file);
            break;
          case 'register_blueprint': {
            const childExpr = argument(call, 0, 'blueprint');
            const child = childExpr ? this.receiver(childExpr, ctx) : undefined;
            if (!child) break;
            const registration: Registration = { parent: obj, child, ctx };
            const prefix = keywordArg(call, 'url_prefix');
            if (prefix) registration.prefix = prefix;
            this.registrations.push(registration);
            break;
          }
          case 'before_request': {
            const hook = call.args[0];
            if (hook) this.addBeforeRequest(obj, exprText(hook));
            break;
          }
          case 'add_resource': {
            const resource = call.args[0];
            if (!resource) break;
            const value = this.py.evaluate(resource, ctx);
            const urls = call.args.slice(1);
            for (const url of urls.length > 0 ? urls : [undefined]) {
              this.addClassView(obj, value, url, ctx, file, call.line, declarationHash(call), undefined, []);
            }
            break;
          }
          case 'add_namespace': {
            const nsExpr = call.args[0];
            const ns = nsExpr ? this.receiver(nsExpr, ctx) : undefined;
            if (!ns) break;
            const registration: Registration = { parent: obj, child: ns, ctx };
            const path = keywordArg(call, 'path') ?? call.args[1];
            if (path) registration.prefix = path;
            this.registrations.push(registration);
            break;
          }
          case 'init_app': {
            const appExpr = argument(call, 0, 'app');
            const app = appExpr ? this.receiver(appExpr, ctx) : undefined;
            if (app && (obj.kind === 'flask.restful-api' || obj.kind === 'flask.smorest-api')) {
              this.registrations.push({ parent: app, child: obj, ctx, ...this.ownPrefixArg(obj) });
            }
            break;
          }
          default:
            break;
        }
      }
    }
  }

  /**
   * `api.add_org_resource(AlertResource, '/api/alerts/<alert_id>')` on `class ApiExt(Api)` whose method hands its
   * arguments to `self.add_resource(resource, *urls)`: the resource and rules of the call, partial because the
   * method may rewrite the rules before passing them on (`urls = [org_scoped_rule(url) for url in urls]`).
   */
  private addHelperResource(call: PyCall, receiverExpr: PyExpr, verb: string, ctx: Ctx, file: string): void {
    const obj = this.receiver(receiverExpr, ctx);
    if (obj?.kind !== 'flask.restful-api' || !obj.call || !obj.ctx) return;
    const cls = this.py.evaluate(obj.call.fn, obj.ctx);
    if (cls.t !== 'class') return;
    const method = cls.cls.methods.find((candidate) => candidate.name === verb);
    const facts = this.py.modules.get(cls.file);
    if (!method || !facts) return;
    const inner = facts.calls.find(
      (fact) =>
        fact.call.line > method.line &&
        fact.call.line <= method.endLine &&
        fact.call.fn.k === 'attr' &&
        fact.call.fn.name === 'add_resource' &&
        fact.call.fn.obj.k === 'name' &&
        fact.call.fn.obj.id === 'self',
    );
    const resourceParam = inner?.call.args[0];
    const urlsParam = inner?.call.args[1];
    if (!inner || resourceParam?.k !== 'name' || urlsParam?.k !== 'splat' || urlsParam.e.k !== 'name') return;
    // Positions in the call: the method's named parameters without `self`; `*urls` (not among them) takes the rest.
    const params = method.params.map((param) => param.name).filter((name) => name !== 'self');
    const resourceAt = params.indexOf(resourceParam.id);
    const named = params.indexOf(urlsParam.e.id);
    const urlsAt = named >= 0 ? named : resourceAt + 1;
    const positional = call.args.filter((arg) => arg.k !== 'splat');
    const resource = positional[resourceAt];
    if (resourceAt < 0 || !resource) return;
    // The helper exists to do something to what it passes on (redash prefixes an organisation slug when
    // MULTI_ORG is set): the rules as written are the likely paths, not certain ones.
    const note = `${cls.cls.name}.${verb}() may rewrite these rules before add_resource()`;
    const value = this.py.evaluate(resource, ctx);
    const before = this.decls.length;
    for (const url of positional.slice(urlsAt)) this.addClassView(obj, value, url, ctx, file, call.line, declarationHash(call), undefined, []);
    for (const decl of this.decls.slice(before)) decl.note = note;
  }

  /** `app.route("/swaggerui/<path:path>")(serve_assets)`, `bp.get("/x")(view)`: a route decorator applied by hand. */
  private addDecoratorCall(call: PyCall, decorator: PyCall, ctx: Ctx, file: string): void {
    if (decorator.fn.k !== 'attr') return;
    const verb = decorator.fn.name;
    if (verb !== 'route' && !METHOD_DECORATORS.has(verb)) return;
    const obj = this.receiver(decorator.fn.obj, ctx);
    if (!obj || (obj.kind !== 'flask.app' && obj.kind !== 'flask.blueprint')) return;
    const viewExpr = call.args[0];
    const view = viewExpr ? this.py.evaluate(viewExpr, ctx) : undefined;
    const rule = argument(decorator, 0, 'rule');
    const declHash = declarationHash(call);
    const handler = view?.t === 'func' ? { file: view.file, fn: view.fn } : undefined;
    const middleware = handler ? this.viewFunctionMiddleware(handler.fn) : [];
    const methods = verb === 'route' ? this.methods(keywordArg(decorator, 'methods'), ctx) ?? ['GET'] : [verb.toUpperCase()];
    for (const method of methods) {
      this.push({ obj, method, rule, ctx, file, line: call.line, declHash, ...(handler ? { handler } : {}), middleware });
    }
  }

  private ownPrefixArg(obj: FrameworkObject): { prefix?: PyExpr } {
    const prefix = obj.call ? keywordArg(obj.call, 'prefix') : undefined;
    return prefix ? { prefix } : {};
  }

  private addUrlRule(obj: FrameworkObject, call: PyCall, ctx: Ctx, file: string): void {
    const rule = argument(call, 0, 'rule');
    const viewExpr = call.args.filter((arg) => arg.k !== 'splat')[2] ?? keywordArg(call, 'view_func');
    const methods = this.methods(keywordArg(call, 'methods'), ctx);
    const declHash = declarationHash(call);
    const view = viewExpr ? this.py.evaluate(viewExpr, ctx) : undefined;
    if (view?.t === 'view') {
      this.addClassView(obj, view.target, rule, ctx, file, call.line, declHash, methods, []);
      return;
    }
    const handler = view?.t === 'func' ? { file: view.file, fn: view.fn } : undefined;
    const middleware = handler ? this.viewFunctionMiddleware(handler.fn) : [];
    for (const method of methods ?? ['GET']) {
      this.push({ obj, method, rule, ctx, file, line: call.line, declHash, ...(handler ? { handler } : {}), middleware });
    }
  }

  /** Decorators on a function registered with add_url_rule wrap the view itself. */
  private viewFunctionMiddleware(fn: PyFunctionFacts): string[] {
    return fn.decorators.map((decorator) => middlewareName(decorator.expr));
  }

  /**
   * A class-based view (MethodView, View, flask-restful Resource): one route per method the class
   * defines, or per method listed explicitly.
   */
  private addClassView(
    obj: FrameworkObject,
    target: Value,
    rule: PyExpr | undefined,
    ctx: Ctx,
    file: string,
    line: number,
    declHash: string,
    explicit: string[] | undefined,
    outer: string[],
  ): void {
    const base = { obj, ctx, file, line, declHash, ...(rule ? { rule } : {}) };
    if (target.t !== 'class') {
      for (const method of explicit ?? ['ANY']) this.push({ ...base, method, middleware: outer });
      return;
    }
    const mro = this.py.mro(target.cls, target.file);
    const classMiddleware = [...outer, ...this.classDecorators(mro, 'decorators'), ...this.classDecorators(mro, 'method_decorators')];
    let methods = explicit;
    if (!methods) {
      const listed = this.py.classAttr(mro, 'methods');
      if (listed?.attr.value) methods = this.methods(listed.attr.value, { file: listed.file, scope: listed.cls.scope });
    }
    if (!methods) {
      methods = HTTP_METHODS.filter((method) => this.py.classMethod(mro, method)).map((method) => method.toUpperCase());
      if (methods.length === 0 && !mro.externals.some((name) => /(MethodView|Resource)$/.test(name))) methods = ['GET'];
    }
    for (const method of methods) {
      // A plain View answers every method in dispatch_request.
      const defined = this.py.classMethod(mro, method.toLowerCase()) ?? this.py.classMethod(mro, 'dispatch_request');
      const methodCtx: Ctx = { file: defined?.file ?? target.file, scope: defined?.cls.scope ?? '' };
      const own = defined ? defined.fn.decorators.filter((decorator) => !this.isDescriptive(decorator.expr, methodCtx)).map((decorator) => middlewareName(decorator.expr)) : [];
      const middleware = [...classMiddleware, ...own];
      if (defined) this.push({ ...base, method, handler: { file: defined.file, fn: defined.fn }, middleware });
      else this.push({ ...base, method, handlerClass: { file: target.file, cls: target.cls, method: method.toLowerCase() }, middleware });
    }
  }

  /** `decorators = [login_required]` (MethodView), `method_decorators = [auth]` or `{'get': [auth]}` (flask-restful). */
  private classDecorators(mro: ReturnType<PythonProject['mro']>, name: string): string[] {
    const found = this.py.classAttr(mro, name);
    const value = found?.attr.value;
    if (!value) return [];
    if (value.k === 'list') return value.items.map(middlewareName);
    if (value.k === 'dict') return value.entries.flatMap(([, list]) => (list.k === 'list' ? list.items.map(middlewareName) : [middlewareName(list)]));
    return [exprText(value)];
  }

  private push(decl: Omit<RouteDecl, 'rule'> & { rule?: PyExpr | undefined }): void {
    const { rule, ...rest } = decl;
    this.decls.push(rule ? { ...rest, rule } : rest);
  }

  private addBeforeRequest(obj: FrameworkObject, name: string): void {
    const list = this.beforeRequest.get(obj.id);
    if (list) list.push(name);
    else this.beforeRequest.set(obj.id, [name]);
  }

  /** The Flask-family object an expression denotes (also a parameter annotated `Flask`/`Blueprint`, or named `app`). */
  private receiver(expr: PyExpr, ctx: Ctx): FrameworkObject | undefined {
    const value = this.py.evaluate(expr, ctx);
    if (value.t === 'obj') return value.obj.kind.startsWith('flask.') ? value.obj : undefined;
    if (value.t !== 'param') return undefined;
    // `def register_blueprints(app): app.register_blueprint(...)`: an unannotated `app` parameter of a Flask project is the app.
    const fallback = /^(app|application|flask_app)$/.test(value.param.name) ? 'flask.Flask' : undefined;
    const obj = this.py.paramObject(value, fallback);
    return obj?.kind.startsWith('flask.') ? obj : undefined;
  }

  // ── mounts ───────────────────────────────────────────────────────────────────────────────────

  /** Objects attached to their owner at construction: `Api(app)`, `Api(bp, prefix=...)`, `api.namespace(...)`. */
  private objectsWithOwners(): Array<{ parent: FrameworkObject; child: FrameworkObject; step: MountStep }> {
    const edges: Array<{ parent: FrameworkObject; child: FrameworkObject; step: MountStep }> = [];
    const seen = new Set<string>();
    const consider = (obj: FrameworkObject): void => {
      if (seen.has(obj.id)) return;
      seen.add(obj.id);
      if (obj.parent) {
        edges.push({ parent: obj.parent, child: obj, step: this.ownStep(obj) });
        return;
      }
      if ((obj.kind !== 'flask.restful-api' && obj.kind !== 'flask.smorest-api') || !obj.call || !obj.ctx) return;
      const ownerExpr = argument(obj.call, 0, 'app');
      const owner = ownerExpr ? this.receiver(ownerExpr, obj.ctx) : undefined;
      if (owner) edges.push({ parent: owner, child: obj, step: this.ownStep(obj) });
    };
    for (const decl of this.decls) consider(decl.obj);
    for (const registration of this.registrations) {
      consider(registration.parent);
      consider(registration.child);
    }
    return edges;
  }

  private ownStep(obj: FrameworkObject): MountStep {
    const hooks = this.beforeRequest.get(obj.id) ?? [];
    const call = obj.call;
    const ctx = obj.ctx;
    if (!call || !ctx) return { pieces: [], middleware: hooks };
    const decorators = keywordArg(call, 'decorators');
    const middleware = [...hooks, ...(decorators?.k === 'list' ? decorators.items.map(middlewareName) : [])];
    let prefixExpr: PyExpr | undefined;
    if (obj.kind === 'flask.blueprint') prefixExpr = keywordArg(call, 'url_prefix');
    else if (obj.kind === 'flask.restful-api') prefixExpr = keywordArg(call, 'prefix');
    else if (obj.kind === 'flask.namespace') {
      prefixExpr = keywordArg(call, 'path');
      const name = argument(call, 0, 'name');
      const nameValue = !prefixExpr && name ? this.py.evaluateString(name, ctx) : undefined;
      if (nameValue) return { pieces: [{ ...nameValue, value: '/' + nameValue.value }], middleware };
    }
    if (!prefixExpr) return { pieces: [], middleware };
    const prefix = this.str(prefixExpr, ctx);
    return { pieces: [prefix.value], middleware, partial: prefix.partial, notes: prefix.notes };
  }

  private rootStep(obj: FrameworkObject): MountStep {
    const step = this.ownStep(obj);
    if (obj.kind === 'flask.app') return step;
    const what = obj.kind === 'flask.blueprint' ? 'blueprint' : obj.kind === 'flask.namespace' ? 'namespace' : 'API';
    const note = obj.fromParam
      ? `${what} ${obj.file}:${obj.line} is a parameter: where it is registered is not known`
      : `${what} ${obj.file}:${obj.line} is not registered on an app we could follow`;
    return { ...step, partial: true, notes: [...(step.notes ?? []), note] };
  }

  private str(expr: PyExpr, ctx: Ctx): { value?: StrValue; partial: boolean; notes: string[] } {
    const value = this.py.evaluateString(expr, ctx) ?? this.wrappedRule(expr, ctx);
    if (!value) return { partial: true, notes: [`${exprText(expr)} is computed at run time`] };
    return { value, partial: value.partial === true, notes: value.notes };
  }

  /**
   * `@routes.route(org_scoped_rule("/login"))`: a project function given one literal rule. What it returns is not
   * known here, but the rule it was given is the best account of the path (redash adds an organisation slug
   * only in multi-organisation mode), so it stands, marked partial.
   */
  private wrappedRule(expr: PyExpr, ctx: Ctx): StrValue | undefined {
    if (expr.k !== 'call' || expr.args.length !== 1 || expr.kw.length > 0) return undefined;
    const arg = expr.args[0]!;
    if (this.py.evaluate(expr.fn, ctx).t !== 'func') return undefined;
    const inner = this.py.evaluateString(arg, ctx);
    if (!inner || !inner.value.startsWith('/')) return undefined;
    return { value: inner.value, partial: true, notes: [...inner.notes, `${exprText(expr.fn)}() may rewrite "${inner.value}" at run time`] };
  }

  /** `methods=["GET", "POST"]` (a list, tuple or set, possibly a constant elsewhere); undefined when absent. */
  private methods(expr: PyExpr | undefined, ctx: Ctx): string[] | undefined {
    if (!expr) return undefined;
    const value = this.py.evaluate(expr, ctx);
    if (value.t !== 'list') return undefined;
    const methods = value.items
      .map((item) => this.py.evaluateString(item.expr, item.ctx)?.value.toUpperCase())
      .filter((method): method is string => !!method);
    return methods.length > 0 ? methods : undefined;
  }
}
