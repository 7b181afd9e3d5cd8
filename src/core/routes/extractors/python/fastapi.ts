import type { Route } from '../../types.js';
import { makeRoute } from './shared/make-route.js';
import { middlewareName } from './shared/middleware-name.js';
import { MountGraph, type MountStep } from './shared/mount-graph.js';
import { argument, declarationHash, exprText, keywordArg, lastName, type PyCall, type PyExpr } from './shared/py-expr.js';
import type { PyFunctionFacts, PythonModuleFacts } from './shared/python-module-facts.js';
import { pythonExtractor } from './shared/python-project-for.js';
import { handlerOf, type Ctx, type FrameworkObject, type PythonProject, type StrValue } from './shared/python-project.js';

/** Route decorators named after their method; `websocket` declares a WebSocket endpoint (method `WS`, as Starlette's). */
const HTTP_DECORATORS = new Set(['get', 'post', 'put', 'patch', 'delete', 'options', 'head', 'trace', 'websocket']);
const DEPENDENCY_CALLEES = new Set(['Depends', 'Security']);
/** Parameters FastAPI fills from the connection itself, never from the client's input. */
const FRAMEWORK_PARAMETER_TYPES = new Set(['Request', 'Response', 'BackgroundTasks', 'WebSocket', 'HTTPConnection', 'SecurityScopes']);

/**
 * FastAPI: `@app.get(...)` / `@router.post(...)` / `@router.api_route(...)` / `router.add_api_route(...)` on
 * FastAPI() and APIRouter() objects (also imported from other modules), mounted with `include_router`
 * (prefix and dependencies, across modules) and `mount`. Dependencies (router, include, route, parameter)
 * become middleware, outermost first.
 */
export const fastapiExtractor = pythonExtractor('fastapi', ['fastapi', 'fastapi_utils', 'fastapi_restful'], (py) => new FastapiLinker(py).routes());

interface RouteDecl {
  obj: FrameworkObject;
  methods: string[];
  path?: PyExpr;
  ctx: Ctx;
  file: string;
  line: number;
  declHash: string;
  handler?: { file: string; fn: PyFunctionFacts };
  middleware: string[];
}

interface Inclusion {
  parent: FrameworkObject;
  child: FrameworkObject;
  prefix?: PyExpr;
  dependencies?: PyExpr;
  ctx: Ctx;
  /** `app.mount(path, subapp)`: the sub-application runs the parent's ASGI middleware but not its dependencies. */
  mounted?: boolean;
}

class FastapiLinker {
  private readonly decls: RouteDecl[] = [];
  private readonly inclusions: Inclusion[] = [];
  /** add_middleware / @app.middleware names per app, outermost first. */
  private readonly appMiddleware = new Map<string, string[]>();

  constructor(private readonly py: PythonProject) {}

  routes(): Route[] {
    for (const [file, facts] of this.py.modules) {
      this.readDecorators(file, facts);
      this.readCalls(file, facts);
    }
    const graph = new MountGraph((obj) => this.rootStep(obj));
    for (const inclusion of this.inclusions) {
      const step = this.ownStep(inclusion.child);
      const prefix = this.prefix(inclusion.prefix, inclusion.ctx);
      graph.add({
        parent: inclusion.parent,
        child: inclusion.child,
        step: {
          pieces: [prefix.value, ...step.pieces],
          middleware: [...this.dependencyNames(inclusion.dependencies, inclusion.ctx), ...step.middleware],
          partial: prefix.partial || step.partial === true,
          notes: [...prefix.notes, ...(step.notes ?? [])],
          ...(inclusion.mounted ? { outer: (middleware: string[]) => middleware.filter((name) => !isDependencyName(name)) } : {}),
        },
      });
    }
    const routes: Route[] = [];
    for (const decl of this.decls) {
      const path = this.prefix(decl.path, decl.ctx);
      const handler = decl.handler
        ? { handler: handlerOf(decl.handler.file, decl.handler.fn), handlerHash: decl.handler.fn.bodyHash, requiredInputs: this.requiredInputs(decl.handler, path.value?.value ?? '') }
        : {};
      for (const mount of graph.mounts(decl.obj)) {
        for (const method of decl.methods) {
          routes.push(
            makeRoute({
              framework: 'fastapi',
              method,
              mount,
              pieces: path.value ? [path.value.value] : [],
              file: decl.file,
              line: decl.line,
              declHash: decl.declHash,
              ...handler,
              middleware: decl.middleware,
              partial: path.partial,
              notes: path.notes,
            }),
          );
        }
      }
    }
    return routes;
  }

  // ── declarations ─────────────────────────────────────────────────────────────────────────────

  private readDecorators(file: string, facts: PythonModuleFacts): void {
    const functions = [...facts.functions, ...facts.classes.flatMap((cls) => cls.methods)];
    for (const fn of functions) {
      if (fn.decorators.length === 0) continue;
      const ctx: Ctx = { file, scope: fn.scope };
      const routeIndexes = new Map<number, { obj: FrameworkObject; call: PyCall; method: string }>();
      fn.decorators.forEach((decorator, index) => {
        const expr = decorator.expr;
        if (expr.k !== 'call' || expr.fn.k !== 'attr') return;
        const method = expr.fn.name;
        if (!HTTP_DECORATORS.has(method) && method !== 'api_route' && method !== 'route' && method !== 'middleware') return;
        const obj = this.receiver(expr.fn.obj, ctx);
        if (!obj) return;
        if (method === 'middleware') {
          if (obj.kind === 'fastapi.app') this.addAppMiddleware(obj, fn.name);
          return;
        }
        routeIndexes.set(index, { obj, call: expr, method });
      });
      for (const [index, { obj, call, method }] of routeIndexes) {
        const decorator = fn.decorators[index]!;
        const below = fn.decorators
          .slice(index + 1)
          .filter((_, offset) => !routeIndexes.has(index + 1 + offset))
          .map((other) => middlewareName(other.expr));
        const decl: RouteDecl = {
          obj,
          methods: this.decoratorMethods(method, call, ctx),
          ctx,
          file,
          line: decorator.line,
          declHash: decorator.hash,
          handler: { file, fn },
          middleware: [...this.dependencyNames(keywordArg(call, 'dependencies'), ctx), ...below, ...this.parameterDependencies(fn, file)],
        };
        const path = argument(call, 0, 'path');
        if (path) decl.path = path;
        this.decls.push(decl);
      }
    }
  }

  private readCalls(file: string, facts: PythonModuleFacts): void {
    for (const fact of facts.calls) {
      const call = fact.call;
      if (call.fn.k === 'call') {
        for (const ctx of this.py.callContexts(fact, file)) this.addDecoratorCall(call, call.fn, ctx, file);
        continue;
      }
      if (call.fn.k !== 'attr') continue;
      const method = call.fn.name;
      if (method !== 'include_router' && method !== 'add_api_route' && method !== 'add_route' && method !== 'mount' && method !== 'add_middleware') continue;
      for (const ctx of this.py.callContexts(fact, file)) {
        const parent = this.receiver(call.fn.obj, ctx);
        if (!parent) continue;
        switch (method) {
          case 'include_router': {
            const childExpr = argument(call, 0, 'router');
            const child = childExpr ? this.receiver(childExpr, ctx) : undefined;
            if (!child) continue;
            const inclusion: Inclusion = { parent, child, ctx };
            const prefix = keywordArg(call, 'prefix');
            const dependencies = keywordArg(call, 'dependencies');
            if (prefix) inclusion.prefix = prefix;
            if (dependencies) inclusion.dependencies = dependencies;
            this.inclusions.push(inclusion);
            break;
          }
          case 'mount': {
            const childExpr = argument(call, 1, 'app');
            const child = childExpr ? this.receiver(childExpr, ctx) : undefined;
            const path = argument(call, 0, 'path');
            if (child?.kind === 'fastapi.app') this.inclusions.push({ parent, child, ctx, mounted: true, ...(path ? { prefix: path } : {}) });
            break;
          }
          case 'add_middleware': {
            const middleware = call.args[0];
            // Starlette wraps the app with each added middleware: the last one added runs first.
            if (middleware && parent.kind === 'fastapi.app') this.appMiddleware.set(parent.id, [exprText(middleware), ...(this.appMiddleware.get(parent.id) ?? [])]);
            break;
          }
          default:
            this.addRouteCall(parent, call, ctx, file);
        }
      }
    }
  }

  /** `app.get("/health")(health)`, `router.api_route("/x", methods=[...])(view)`: a route decorator applied by hand. */
  private addDecoratorCall(call: PyCall, decorator: PyCall, ctx: Ctx, file: string): void {
    if (decorator.fn.k !== 'attr') return;
    const method = decorator.fn.name;
    if (!HTTP_DECORATORS.has(method) && method !== 'api_route' && method !== 'route') return;
    const obj = this.receiver(decorator.fn.obj, ctx);
    if (!obj) return;
    this.addDecl(obj, call, decorator, call.args[0], this.decoratorMethods(method, decorator, ctx), ctx, file);
  }

  private addRouteCall(obj: FrameworkObject, call: PyCall, ctx: Ctx, file: string): void {
    this.addDecl(obj, call, call, argument(call, 1, 'endpoint'), this.methods(keywordArg(call, 'methods'), ctx), ctx, file);
  }

  /** A route declared by `call`: `settings` is the call holding its path and `dependencies`, `endpointExpr` the view. */
  private addDecl(obj: FrameworkObject, call: PyCall, settings: PyCall, endpointExpr: PyExpr | undefined, methods: string[], ctx: Ctx, file: string): void {
    const endpoint = endpointExpr ? this.py.evaluate(endpointExpr, ctx) : undefined;
    const handler = endpoint?.t === 'func' ? { file: endpoint.file, fn: endpoint.fn } : undefined;
    const decl: RouteDecl = {
      obj,
      methods,
      ctx,
      file,
      line: call.line,
      declHash: declarationHash(call),
      middleware: [...this.dependencyNames(keywordArg(settings, 'dependencies'), ctx), ...(handler ? this.parameterDependencies(handler.fn, handler.file) : [])],
    };
    const path = argument(settings, 0, 'path');
    if (path) decl.path = path;
    if (handler) decl.handler = handler;
    this.decls.push(decl);
  }

  private addAppMiddleware(app: FrameworkObject, name: string): void {
    this.appMiddleware.set(app.id, [name, ...(this.appMiddleware.get(app.id) ?? [])]);
  }

  /** The FastAPI app or router an expression denotes (also a parameter annotated `FastAPI`/`APIRouter`). */
  private receiver(expr: PyExpr, ctx: Ctx): FrameworkObject | undefined {
    const value = this.py.evaluate(expr, ctx);
    if (value.t === 'obj') return value.obj.kind.startsWith('fastapi.') ? value.obj : undefined;
    if (value.t !== 'param') return undefined;
    // An unannotated parameter of a FastAPI project named like an app or a router (`def init_routes(app)`).
    const name = value.param.name.toLowerCase();
    const fallback = name.includes('router') ? 'fastapi.APIRouter' : /^(app|application|fastapi_app)$/.test(name) ? 'fastapi.FastAPI' : undefined;
    const obj = this.py.paramObject(value, fallback);
    return obj?.kind.startsWith('fastapi.') ? obj : undefined;
  }

  // ── mounts ───────────────────────────────────────────────────────────────────────────────────

  /** What an app or router adds by itself: a router's prefix and dependencies, an app's middleware and dependencies. */
  private ownStep(obj: FrameworkObject): MountStep {
    const call = obj.call;
    const ctx = obj.ctx;
    if (!call || !ctx) return { pieces: [], middleware: [] };
    const dependencies = this.dependencyNames(keywordArg(call, 'dependencies'), ctx);
    if (obj.kind === 'fastapi.app') return { pieces: [], middleware: [...(this.appMiddleware.get(obj.id) ?? []), ...dependencies] };
    const prefix = this.prefix(keywordArg(call, 'prefix'), ctx);
    return { pieces: [prefix.value], middleware: dependencies, partial: prefix.partial, notes: prefix.notes };
  }

  private rootStep(obj: FrameworkObject): MountStep {
    const step = this.ownStep(obj);
    if (obj.kind === 'fastapi.app') return step;
    const note = obj.fromParam
      ? `router ${obj.file}:${obj.line} is a parameter: where it is included is not known`
      : `router ${obj.file}:${obj.line} is not included in an app we could follow`;
    return { ...step, partial: true, notes: [...(step.notes ?? []), note] };
  }

  /** A prefix or path argument as a string; unresolvable → partial with a note, never guessed. */
  private prefix(expr: PyExpr | undefined, ctx: Ctx): { value?: StrValue; partial: boolean; notes: string[] } {
    if (!expr) return { partial: false, notes: [] };
    const value = this.py.evaluateString(expr, ctx);
    if (!value) return { partial: true, notes: [`${exprText(expr)} is computed at run time`] };
    return { value, partial: value.partial === true, notes: value.notes };
  }

  /** The methods of a route decorator: its name (`@app.get`), or `methods=` of `api_route`/`route`. */
  private decoratorMethods(name: string, decorator: PyCall, ctx: Ctx): string[] {
    if (name === 'websocket') return ['WS'];
    return name === 'api_route' || name === 'route' ? this.methods(keywordArg(decorator, 'methods'), ctx) : [name.toUpperCase()];
  }

  private methods(expr: PyExpr | undefined, ctx: Ctx): string[] {
    if (!expr) return ['GET'];
    const value = this.py.evaluate(expr, ctx);
    if (value.t !== 'list') return ['GET'];
    const methods = value.items.map((item) => this.py.evaluateString(item.expr, item.ctx)?.value.toUpperCase()).filter((method): method is string => !!method);
    return methods.length > 0 ? methods : ['GET'];
  }

  /**
   * Parameters a client must send: no default, not a dependency, not a path parameter, not a request
   * object (body models and required query parameters).
   */
  private requiredInputs(handler: { file: string; fn: PyFunctionFacts }, path: string): string[] {
    const ctx: Ctx = { file: handler.file, scope: handler.fn.scope };
    return handler.fn.params
      .filter((param) => !param.optional && param.name !== 'self' && param.name !== 'cls' && !path.includes(`{${param.name}}`) && !path.includes(`{${param.name}:`))
      .filter((param) => !param.annotation || !FRAMEWORK_PARAMETER_TYPES.has(lastName(param.annotation) ?? ''))
      .filter((param) => !param.annotation || this.annotationDependencies(param.annotation, ctx, 0).length === 0)
      .map((param) => param.name);
  }

  // ── dependencies ─────────────────────────────────────────────────────────────────────────────

  /** `dependencies=[Depends(auth), Security(scopes)]`, also a list bound to a name elsewhere. */
  private dependencyNames(expr: PyExpr | undefined, ctx: Ctx): string[] {
    if (!expr) return [];
    const value = this.py.evaluate(expr, ctx);
    if (value.t !== 'list') return [exprText(expr)];
    return value.items.map((item) => {
      if (item.expr.k === 'name' || item.expr.k === 'attr') {
        const definition = this.py.definition(item.expr, item.ctx);
        if (definition?.expr.k === 'call') return exprText(definition.expr);
      }
      return exprText(item.expr);
    });
  }

  /** Parameters declared `x = Depends(f)`, `x: Annotated[T, Depends(f)]`, or typed with an alias of those (`CurrentUser`). */
  private parameterDependencies(fn: PyFunctionFacts, file: string): string[] {
    const names: string[] = [];
    const ctx: Ctx = { file, scope: fn.scope };
    for (const param of fn.params) {
      if (param.default?.k === 'call' && isDependency(param.default)) {
        names.push(dependencyText(param.default, param.annotation));
      } else if (param.annotation) {
        names.push(...this.annotationDependencies(param.annotation, ctx, 0));
      }
    }
    return names;
  }

  private annotationDependencies(annotation: PyExpr, ctx: Ctx, depth: number): string[] {
    if (depth > 4) return [];
    if (annotation.k === 'sub') {
      if (lastName(annotation.obj) === 'Annotated') {
        const type = annotation.items[0];
        return annotation.items
          .slice(1)
          .filter((item): item is PyCall => item.k === 'call' && isDependency(item))
          .map((item) => dependencyText(item, type));
      }
      // Optional[CurrentUser], Union[...]: look inside.
      return annotation.items.flatMap((item) => (item.k === 'name' || item.k === 'attr' || item.k === 'sub' ? this.annotationDependencies(item, ctx, depth + 1) : []));
    }
    if (annotation.k === 'name' || annotation.k === 'attr') {
      const definition = this.py.definition(annotation, ctx);
      if (definition && definition.expr.k === 'sub') return this.annotationDependencies(definition.expr, definition.ctx, depth + 1);
    }
    return [];
  }
}

/** `Depends(...)` / `Security(...)` as middleware names. */
function isDependencyName(name: string): boolean {
  return name.startsWith('Depends(') || name.startsWith('Security(');
}

function isDependency(call: PyCall): boolean {
  const name = lastName(call.fn);
  return name !== undefined && DEPENDENCY_CALLEES.has(name);
}

/** `Depends()` with no argument depends on the parameter's type: name it after the type. */
function dependencyText(call: PyCall, type: PyExpr | undefined): string {
  if (call.args.length === 0 && call.kw.length === 0 && type) return `${exprText(call.fn)}(${exprText(type)})`;
  return exprText(call);
}
