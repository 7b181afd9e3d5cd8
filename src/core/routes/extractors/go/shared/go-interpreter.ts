import { stableHash } from '../../../../hash.js';
import type { ProjectInfo, Route } from '../../../types.js';
import type { GoCall, GoExpr, GoFuncLit, GoParam, GoStmt, GoTypeRef } from './go-facts.js';
import type { GoCallSite, GoFramework, MountedRouter, RouteRegistration, StripPrefixData } from './go-framework.js';
import type { FuncInfo, GoProgram, PackageInfo } from './go-program.js';
import { Scope, type Frame } from './go-scope.js';
import { concatStr, joinPathStr, knownStr, sprintfStr, unknownStr } from './go-strings.js';
import { describeHandler, exprName } from './describe-handler.js';
import { RouterGraph } from './router-graph.js';
import { UNKNOWN, type GoFrameworkId, type GoValue, type ResolvedType, type RouterNode, type StrVal } from './go-values.js';

/** Calls deeper than this are not followed (recursion through interfaces, generated code). */
const MAX_DEPTH = 24;
/** Statements executed per run: a ceiling that keeps pathological trees linear. */
const STEP_BUDGET = 400_000;
/** Elements of a literal list a `for range` body runs for (route tables run longer). */
const MAX_RANGE_ITEMS = 256;
/** Implementations of an interface method a call through the interface runs. */
const MAX_IMPLEMENTATIONS = 32;

interface RouterTypeInfo {
  framework: GoFramework;
  rootOnly: boolean;
  kind: string;
  liveMiddleware: boolean;
}

interface RunOptions {
  /** Discovery: calls are recorded, not followed; routes are thrown away. */
  discover: boolean;
  onCall?: (caller: string, callee: string) => void;
}

/**
 * Runs the program's router set-up code abstractly and returns its routes.
 *
 * 1. Discovery: every function that touches routers runs once without following calls, to learn
 *    which of them some other function calls.
 * 2. The others (`main`, `init`, set-up functions nobody calls) run as entry points, following calls
 *    with the values passed in: a group passed to `routes.Register(v1)` carries its prefix along.
 * 3. Functions still not reached run as entry points with unknown routers as parameters (partial).
 */
export function interpretGoProgram(program: GoProgram, frameworks: readonly GoFramework[], project: ProjectInfo): Route[] {
  // Package init functions run before everything else, as in Go: a registry they fill
  // (`routers = append(routers, registerUsers)`) is full when main ranges over it.
  const bodies = program.functions.filter((fn) => fn.facts.body !== undefined);
  const relevant = [...bodies.filter(isInit), ...bodies.filter((fn) => !isInit(fn))];
  const called = new Set<string>();
  const discovery = new Interpreter(program, frameworks, project, new RouterGraph(), {
    discover: true,
    onCall: (caller, callee) => {
      if (caller !== callee) called.add(callee);
    },
  });
  for (const fn of relevant) discovery.runRoot(fn);

  const graph = new RouterGraph();
  const interpreter = new Interpreter(program, frameworks, project, graph, { discover: false });
  for (const fn of relevant) if (!called.has(fn.id)) interpreter.runRoot(fn);
  for (const fn of relevant) if (!interpreter.evaluated.has(fn.id)) interpreter.runRoot(fn);
  return graph.routes();
}

class Interpreter {
  readonly evaluated = new Set<string>();
  private steps = 0;
  private readonly stack: string[] = [];
  private readonly packageValues = new Map<string, GoValue>();
  private readonly evaluatingPackageValues = new Set<string>();
  private readonly unboundRouters = new Map<string, RouterNode>();
  private readonly frameworkById: Map<GoFrameworkId, GoFramework>;

  constructor(
    private readonly program: GoProgram,
    private readonly frameworks: readonly GoFramework[],
    private readonly project: ProjectInfo,
    private readonly graph: RouterGraph,
    private readonly options: RunOptions,
  ) {
    this.frameworkById = new Map(frameworks.map((framework) => [framework.id, framework]));
  }

  runRoot(fn: FuncInfo): void {
    this.invoke(fn, undefined, [], undefined, false);
  }

  // ---- functions ----------------------------------------------------------------------------

  private invoke(fn: FuncInfo, recv: GoValue | undefined, args: GoValue[], caller: Frame | undefined, spread: boolean): GoValue {
    if (caller?.fn && caller.fn.id !== fn.id) this.options.onCall?.(caller.fn.id, fn.id);
    const body = fn.facts.body;
    const depth = (caller?.depth ?? 0) + 1;
    if ((this.options.discover && caller) || !body || this.stack.includes(fn.id) || depth > MAX_DEPTH) return this.wrappedHandler(fn, args) ?? this.resultOf(fn);
    this.evaluated.add(fn.id);
    const frame: Frame = { fn, file: fn.file, pkg: fn.pkg, depth, returns: [] };
    const scope = new Scope();
    if (fn.facts.recvName && fn.facts.recv) {
      scope.define(fn.facts.recvName, recv ?? { t: 'typed', type: { pkg: fn.pkg.dir, local: true, name: fn.facts.recv } });
    }
    this.bindParams(fn.facts.params, args, spread, scope, frame, fn.id, fn.facts.name);
    this.stack.push(fn.id);
    this.exec(body, scope, frame);
    this.stack.pop();
    return mergeReturns(frame.returns) ?? this.resultOf(fn);
  }

  private invokeClosure(closure: Extract<GoValue, { t: 'closure' }>, args: GoValue[], caller: Frame | undefined, spread: boolean): GoValue {
    const body = closure.fn.body;
    const depth = Math.max(caller?.depth ?? 0, closure.frame.depth) + 1;
    if (!body || depth > MAX_DEPTH) return UNKNOWN;
    const frame: Frame = { ...closure.frame, depth, returns: [] };
    const scope = new Scope(closure.scope);
    const key = `${closure.frame.file.path}:${closure.fn.line}`;
    this.bindParams(closure.fn.params, args, spread, scope, frame, key, 'func literal');
    this.exec(body, scope, frame);
    return mergeReturns(frame.returns) ?? UNKNOWN;
  }

  private bindParams(params: readonly GoParam[], args: GoValue[], spread: boolean, scope: Scope, frame: Frame, key: string, fnName: string): void {
    params.forEach((param, i) => {
      let value: GoValue | undefined;
      if (param.variadic) value = spread && args.length === i + 1 ? args[i] : { t: 'list', items: args.slice(i) };
      else value = args[i];
      if (param.name) scope.define(param.name, this.paramValue(param, value, frame, `${key}#${i}`, `${fnName}(${param.name})`));
    });
  }

  /** A parameter's value: the argument, or for a router parameter nobody passes, an unbound router. */
  private paramValue(param: GoParam, arg: GoValue | undefined, frame: Frame, key: string, label: string): GoValue {
    if (arg && arg.t !== 'unknown' && arg.t !== 'typed') return arg;
    const type = this.program.resolveType(param.type, frame.file);
    const routerType = this.routerTypeOf(type);
    if (routerType) {
      let node = this.unboundRouters.get(key);
      if (!node) {
        node = this.graph.unboundRouter(
          routerType.framework.id, routerType.kind, routerType.liveMiddleware, !routerType.rootOnly,
          `prefix unknown: the router reaches ${label} from a caller that was not found`,
        );
        this.unboundRouters.set(key, node);
      }
      return { t: 'router', node };
    }
    if (arg) return arg;
    return type ? { t: 'typed', type } : UNKNOWN;
  }

  /**
   * `handler = Logger(handler, name)`: a middleware of the tree that is not followed returns an
   * http.Handler wrapping the function passed to it; that function stays the route's handler.
   */
  private wrappedHandler(fn: FuncInfo, args: readonly GoValue[]): GoValue | undefined {
    const type = this.program.resolveType(fn.facts.result, fn.file);
    if (!type || type.local || type.slice || type.pkg !== 'net/http' || (type.name !== 'Handler' && type.name !== 'HandlerFunc')) return undefined;
    return args.find((arg) => arg.t === 'func' || arg.t === 'closure');
  }

  /** What a call returns when its body is not followed: a value of its declared result type. */
  private resultOf(fn: FuncInfo): GoValue {
    const type = this.program.resolveType(fn.facts.result, fn.file);
    const routerType = this.routerTypeOf(type);
    if (routerType) {
      const key = `result:${fn.id}`;
      let node = this.unboundRouters.get(key);
      if (!node) {
        node = this.graph.unboundRouter(routerType.framework.id, routerType.kind, routerType.liveMiddleware, !routerType.rootOnly, `prefix unknown: the router returned by ${fn.facts.name} could not be followed`);
        this.unboundRouters.set(key, node);
      }
      return { t: 'router', node };
    }
    return type ? { t: 'typed', type } : UNKNOWN;
  }

  // ---- statements ---------------------------------------------------------------------------

  private exec(statements: readonly GoStmt[], scope: Scope, frame: Frame): void {
    for (const statement of statements) {
      if (++this.steps > STEP_BUDGET) return;
      switch (statement.k) {
        case 'do':
          this.eval(statement.e, scope, frame);
          break;
        case 'def': {
          const values = statement.vals.map((value) => this.eval(value, scope, frame));
          statement.names.forEach((name, i) => {
            let value = values.length === statement.names.length ? values[i] : i === 0 ? values[0] : undefined;
            if (!value || value.t === 'unknown') value = this.typedOf(statement.type, frame);
            scope.define(name, value);
          });
          break;
        }
        case 'set': {
          const values = statement.vals.map((value) => this.eval(value, scope, frame));
          statement.lhs.forEach((target, i) => {
            const value = (values.length === statement.lhs.length ? values[i] : i === 0 ? values[0] : undefined) ?? UNKNOWN;
            this.assign(target, value, scope, frame);
          });
          break;
        }
        case 'ret': {
          const values = statement.vals.map((value) => this.eval(value, scope, frame));
          if (values[0]) frame.returns.push(values[0]);
          break;
        }
        case 'blk':
          this.exec(statement.body, new Scope(scope, statement.cond === true), frame);
          break;
        case 'range': {
          const over = this.eval(statement.over, scope, frame);
          const items: GoValue[] = over.t === 'list' ? distinctItems(over.items).slice(0, MAX_RANGE_ITEMS) : [over.t === 'typed' && over.type.slice ? { t: 'typed', type: { ...over.type, slice: undefined } as ResolvedType } : UNKNOWN];
          for (const item of items) {
            const inner = new Scope(scope, true);
            if (statement.key) inner.define(statement.key, UNKNOWN);
            if (statement.val) inner.define(statement.val, item);
            this.exec(statement.body, inner, frame);
          }
          break;
        }
      }
    }
  }

  private typedOf(type: GoTypeRef | undefined, frame: Frame): GoValue {
    const resolved = this.program.resolveType(type, frame.file);
    return resolved ? { t: 'typed', type: resolved } : UNKNOWN;
  }

  private assign(target: GoExpr, value: GoValue, scope: Scope, frame: Frame): void {
    if (target.k === 'id') {
      if (target.n === '_') return;
      const assigned = scope.assign(target.n, value);
      if (assigned) {
        const kept = fallbackAssignment(assigned.previous, value, assigned.conditional);
        if (kept !== value) scope.assign(target.n, kept);
        return;
      }
      if (value.t === 'router' && frame.pkg.vars.has(target.n)) this.graph.store(`global:${frame.pkg.dir}.${target.n}`, value.node);
      if (value.t === 'list') this.setPackageList(frame.pkg, target.n, value);
      else this.setPackageString(frame.pkg, target.n, value, scope.withinConditional());
      return;
    }
    if (target.k === 'sel') {
      const holder = this.eval(target.x, scope, frame);
      if (holder.t === 'obj') holder.fields.set(target.n, value);
      if (holder.t === 'pkg' && holder.local && value.t === 'list') {
        const pkg = this.program.packages.get(holder.pkg);
        if (pkg) this.setPackageList(pkg, target.n, value);
      }
      if (value.t !== 'router') return;
      if (holder.t === 'obj' || holder.t === 'typed') this.graph.store(fieldKey(holder.type, target.n), value.node);
      else if (holder.t === 'pkg' && holder.local) this.graph.store(`global:${holder.pkg}.${target.n}`, value.node);
      return;
    }
    if (target.k === 'ref') this.assign(target.x, value, scope, frame);
  }

  // ---- expressions --------------------------------------------------------------------------

  private eval(expr: GoExpr, scope: Scope, frame: Frame): GoValue {
    switch (expr.k) {
      case 'str':
        return { t: 'str', s: knownStr(expr.v) };
      case 'id':
        return this.ident(expr.n, scope, frame);
      case 'sel':
        return this.selector(expr.x, expr.n, scope, frame);
      case 'call':
        return this.call(expr, scope, frame);
      case 'fn':
        return { t: 'closure', fn: expr, scope, frame };
      case 'bin':
        return this.binary(expr, scope, frame);
      case 'ref':
        return this.eval(expr.x, scope, frame);
      case 'lit':
        return this.composite(expr, scope, frame);
      default:
        return UNKNOWN;
    }
  }

  private binary(expr: Extract<GoExpr, { k: 'bin' }>, scope: Scope, frame: Frame): GoValue {
    if (expr.op !== '+') return UNKNOWN;
    const left = this.eval(expr.l, scope, frame);
    const right = this.eval(expr.r, scope, frame);
    if (left.t !== 'str' && right.t !== 'str') return UNKNOWN;
    return { t: 'str', s: concatStr(this.toStr(left, expr.l), this.toStr(right, expr.r)) };
  }

  /** A composite literal; `given` is the type of an element whose literal elides it (`Routes{{...}}`). */
  private composite(expr: Extract<GoExpr, { k: 'lit' }>, scope: Scope, frame: Frame, given?: ResolvedType): GoValue {
    const type = given ?? this.program.resolveType(expr.type, frame.file);
    const struct = expr.fields !== undefined || (type !== undefined && !type.slice && this.program.isStruct(type));
    if (!struct) {
      // A named slice or map type (`type Routes []Route`) types the elements that elide their type.
      const element = type ? this.program.elementTypeOf(type) : undefined;
      const item = (v: GoExpr): GoValue =>
        element && v.k === 'lit' && v.type === undefined && v.fields === undefined ? this.composite(v, scope, frame, element) : this.eval(v, scope, frame);
      return { t: 'list', items: expr.els.map((el) => item(el.v)) };
    }
    const objectType: ResolvedType = type && !type.slice ? type : { pkg: frame.pkg.dir, local: true, name: '' };
    // Positional elements follow the struct's field order.
    const order = expr.fields ?? this.program.fieldNames(objectType);
    const fields = new Map<string, GoValue>();
    // A route table's row declares the route its path is registered with.
    const origin = expr.row ? { file: frame.file.path, line: expr.row.line, hash: expr.row.h } : undefined;
    expr.els.forEach((element, i) => {
      const key = element.key ?? order[i];
      if (key === undefined) return;
      let value = this.eval(element.v, scope, frame);
      if (origin && value.t === 'str' && !value.s.origin) value = { t: 'str', s: { ...value.s, origin } };
      fields.set(key, value);
      if (value.t === 'router' && objectType.name !== '') this.graph.store(fieldKey(objectType, key), value.node);
    });
    return { t: 'obj', type: objectType, fields };
  }

  private ident(name: string, scope: Scope, frame: Frame): GoValue {
    const local = scope.lookup(name);
    if (local) return local;
    const packageValue = this.packageVar(frame.pkg, name);
    if (packageValue) return packageValue;
    const fn = frame.pkg.funcs.get(name);
    if (fn) return { t: 'func', fn };
    const target = this.program.importsOf(frame.file).get(name);
    if (target) return target.local ? { t: 'pkg', pkg: target.pkg.dir, local: true } : { t: 'pkg', pkg: target.path, local: false };
    return UNKNOWN;
  }

  /** A package-level constant or variable; router variables stand for everything ever stored in them. */
  private packageVar(pkg: PackageInfo, name: string): GoValue | undefined {
    const entry = pkg.vars.get(name);
    if (!entry) return undefined;
    const key = `${pkg.dir}.${name}`;
    const cached = this.packageValues.get(key);
    if (cached) return cached;
    if (this.evaluatingPackageValues.has(key)) return UNKNOWN;
    this.evaluatingPackageValues.add(key);
    const frame: Frame = { file: entry.file, pkg, depth: 0, returns: [] };
    const declared = this.program.resolveType(entry.decl.type, entry.file);
    let value: GoValue = entry.decl.init ? this.eval(entry.decl.init, new Scope(), frame) : declared ? { t: 'typed', type: declared } : UNKNOWN;
    const routerType = this.routerTypeOf(declared);
    if (!entry.decl.isConst && (value.t === 'router' || routerType)) {
      const framework = value.t === 'router' ? this.frameworkById.get(value.node.framework)! : routerType!.framework;
      const kind = value.t === 'router' ? value.node.kind : routerType!.kind;
      const live = value.t === 'router' ? value.node.liveMiddleware : routerType!.liveMiddleware;
      const lazy = this.graph.lazyRouter(`global:${key}`, framework.id, kind, live, {
        partial: !(routerType?.rootOnly ?? false),
        note: `prefix unknown: the router in ${name} is set where it could not be followed`,
      });
      if (value.t === 'router') this.graph.store(`global:${key}`, value.node);
      value = { t: 'router', node: lazy };
    }
    this.evaluatingPackageValues.delete(key);
    this.packageValues.set(key, value);
    return value;
  }

  /** A package-level slice a function fills (`handlers = append(handlers, h)`): later reads see the items. */
  private setPackageList(pkg: PackageInfo, name: string, value: Extract<GoValue, { t: 'list' }>): void {
    const entry = pkg.vars.get(name);
    if (!entry || entry.decl.isConst) return;
    this.packageValues.set(`${pkg.dir}.${name}`, value);
  }

  /**
   * `baseUrl = os.Getenv("BASE_URL")` in main over `var baseUrl = ""`: the paths built from the
   * variable afterwards use what main assigned, not the declaration's initial value. A value that
   * cannot be read replaces a string with an unknown one, so those paths turn partial.
   */
  private setPackageString(pkg: PackageInfo, name: string, value: GoValue, conditional: boolean): void {
    const entry = pkg.vars.get(name);
    if (!entry || entry.decl.isConst) return;
    const previous = this.packageVar(pkg, name);
    if (value.t !== 'str' && previous?.t !== 'str') return;
    const next: GoValue = value.t === 'str' ? value : { t: 'str', s: unknownStr(`${name} is assigned a value that could not be resolved`) };
    this.packageValues.set(`${pkg.dir}.${name}`, previous ? fallbackAssignment(previous, next, conditional) : next);
  }

  private selector(holderExpr: GoExpr, name: string, scope: Scope, frame: Frame): GoValue {
    const holder = this.eval(holderExpr, scope, frame);
    switch (holder.t) {
      case 'pkg': {
        if (holder.local) {
          const pkg = this.program.packages.get(holder.pkg);
          if (!pkg) return UNKNOWN;
          const value = this.packageVar(pkg, name);
          if (value) return value;
          const fn = pkg.funcs.get(name);
          return fn ? { t: 'func', fn } : UNKNOWN;
        }
        const framework = this.frameworkOfPath(holder.pkg);
        return framework?.packageValue?.({ singleton: (key, make) => this.graph.singleton(key, make), newRouter: (id, kind, options) => this.graph.newRouter(id, kind, options) }, name) ?? UNKNOWN;
      }
      case 'obj':
        return holder.fields.get(name) ?? this.member(holder.type, name, holder);
      case 'typed':
        return this.member(holder.type, name, holder);
      default:
        return UNKNOWN;
    }
  }

  /** `x.name` on a value of a struct type: a field (routers in fields are lazy) or a method value. */
  private member(type: ResolvedType, name: string, holder: GoValue): GoValue {
    const fieldType = this.program.findField(type, name);
    if (fieldType) return this.fieldValue(type, name, fieldType);
    const method = this.program.findMethod(type, name);
    if (method) return { t: 'func', fn: method, recv: holder };
    return UNKNOWN;
  }

  private fieldValue(holderType: ResolvedType, name: string, fieldType: ResolvedType): GoValue {
    const key = fieldKey(holderType, name);
    const routerType = this.routerTypeOf(fieldType);
    if (routerType) {
      const node = this.graph.lazyRouter(key, routerType.framework.id, routerType.kind, routerType.liveMiddleware, {
        partial: !routerType.rootOnly,
        note: `prefix unknown: the router in ${holderType.name}.${name} is set where it could not be followed`,
      });
      return { t: 'router', node };
    }
    const stored = this.graph.firstStored(key);
    if (stored) {
      return { t: 'router', node: this.graph.lazyRouter(key, stored.framework, stored.kind, stored.liveMiddleware, { partial: true, note: `prefix unknown: ${holderType.name}.${name}` }) };
    }
    return { t: 'typed', type: fieldType };
  }

  // ---- calls --------------------------------------------------------------------------------

  private call(expr: GoCall, scope: Scope, frame: Frame): GoValue {
    const callee = expr.f;
    if (callee.k === 'sel') return this.callMember(this.eval(callee.x, scope, frame), callee.n, expr, scope, frame);
    // `make([]func(*gin.RouterGroup), 0)`: an empty registry that `append` fills.
    if (callee.k === 'id' && callee.n === 'make' && scope.lookup('make') === undefined) return { t: 'list', items: [] };
    if (callee.k === 'id' && callee.n === 'append' && scope.lookup('append') === undefined) {
      const values = expr.a.map((arg) => this.eval(arg, scope, frame));
      const items = values.flatMap((value, i) => (value.t === 'list' && (i === 0 || expr.spread) ? value.items : [value]));
      return { t: 'list', items };
    }
    return this.callValue(this.eval(callee, scope, frame), expr, scope, frame);
  }

  private callValue(callee: GoValue, expr: GoCall, scope: Scope, frame: Frame): GoValue {
    if (callee.t === 'closure') return this.invokeClosure(callee, this.args(expr, scope, frame), frame, expr.spread === true);
    if (callee.t === 'func') return this.invoke(callee.fn, callee.recv, this.args(expr, scope, frame), frame, expr.spread === true);
    // Unknown callee: its arguments still run (`log.Fatal(http.ListenAndServe(addr, router()))`).
    this.args(expr, scope, frame);
    return UNKNOWN;
  }

  /** Arguments of a call into a function of the tree; string literals remember the call that wrote them. */
  private args(expr: GoCall, scope: Scope, frame: Frame): GoValue[] {
    return expr.a.map((arg) => {
      const value = this.eval(arg, scope, frame);
      if ((value.t === 'unknown' || value.t === 'typed') && value.name === undefined) return { ...value, name: exprName(arg) };
      if (arg.k !== 'str' || value.t !== 'str') return value;
      return { t: 'str', s: { ...value.s, origin: { file: frame.file.path, line: expr.line, hash: expr.h ?? stableHash(expr.t) } } };
    });
  }

  private callMember(holder: GoValue, name: string, expr: GoCall, scope: Scope, frame: Frame): GoValue {
    switch (holder.t) {
      case 'pkg':
        return this.callPackage(holder, name, expr, scope, frame);
      case 'router': {
        const framework = this.frameworkById.get(holder.node.framework);
        const result = framework?.callRouter(this.site(expr, scope, frame), holder.node, name);
        return result ?? UNKNOWN;
      }
      case 'ext': {
        const framework = this.frameworkById.get(holder.framework);
        return framework?.callExt?.(this.site(expr, scope, frame), holder.kind, holder.data, name) ?? UNKNOWN;
      }
      case 'obj':
      case 'typed': {
        const method = this.program.findMethod(holder.type, name);
        if (method) return this.invoke(method, holder, this.args(expr, scope, frame), frame, expr.spread === true);
        const router = this.routerOfValue(holder);
        if (router) return this.callMember(router, name, expr, scope, frame);
        const implementations = this.program.implementationsOf(holder.type, name);
        if (implementations.length > 0) return this.dispatch(implementations, expr, scope, frame);
        this.args(expr, scope, frame);
        return UNKNOWN;
      }
      case 'func': {
        // `mw(cfg).Then(h)`-like chains on function values are not followed.
        this.args(expr, scope, frame);
        return UNKNOWN;
      }
      default: {
        const args = this.args(expr, scope, frame);
        return this.callByName(name, args, frame, expr.spread === true);
      }
    }
  }

  /**
   * A method call through a value of a local interface type (`api.Routes()` on a `Router`): every
   * implementation runs; lists they return (route tables) are joined.
   */
  private dispatch(implementations: readonly FuncInfo[], expr: GoCall, scope: Scope, frame: Frame): GoValue {
    const args = this.args(expr, scope, frame);
    const results: GoValue[] = [];
    for (const fn of implementations.slice(0, MAX_IMPLEMENTATIONS)) {
      const recv: GoValue = { t: 'typed', type: { pkg: fn.pkg.dir, local: true, name: fn.facts.recv ?? '' } };
      results.push(this.invoke(fn, recv, args, frame, expr.spread === true));
    }
    if (results.length > 0 && results.every((result) => result.t === 'list')) {
      return { t: 'list', items: results.flatMap((result) => (result.t === 'list' ? result.items : [])) };
    }
    return results.find((result) => result.t !== 'unknown') ?? UNKNOWN;
  }

  /** A router behind a typed value: its own type is a router type, or it embeds one. */
  private routerOfValue(holder: Extract<GoValue, { t: 'obj' | 'typed' }>): GoValue | undefined {
    const own = this.routerTypeOf(holder.type);
    if (own) {
      const key = `typed:${holder.type.pkg}.${holder.type.name}`;
      let node = this.unboundRouters.get(key);
      if (!node) {
        node = this.graph.unboundRouter(own.framework.id, own.kind, own.liveMiddleware, !own.rootOnly, `prefix unknown: a ${holder.type.name} whose origin could not be followed`);
        this.unboundRouters.set(key, node);
      }
      return { t: 'router', node };
    }
    for (const embedded of this.program.embeddedOf(holder.type)) {
      if (!this.routerTypeOf(embedded)) continue;
      const value = holder.t === 'obj' ? holder.fields.get(embedded.name) : undefined;
      return value?.t === 'router' ? value : this.fieldValue(holder.type, embedded.name, embedded);
    }
    return undefined;
  }

  /**
   * `x.Register(router)` where x's type is unknown (an interface, a value we could not follow): the
   * methods of that name in the same module that take a router where one is passed.
   */
  private callByName(name: string, args: GoValue[], frame: Frame, spread: boolean): GoValue {
    const routerAt = args.map((arg) => arg.t === 'router');
    if (!routerAt.some(Boolean)) return UNKNOWN;
    const module = this.program.moduleRootOf(frame.file.dir);
    const candidates = (this.program.methodsByName.get(name) ?? []).filter(
      (fn) =>
        fn.facts.body !== undefined &&
        this.program.moduleRootOf(fn.file.dir) === module &&
        fn.facts.params.some((param, i) => routerAt[i] && this.routerTypeOf(this.program.resolveType(param.type, fn.file)) !== undefined),
    );
    let result: GoValue = UNKNOWN;
    for (const fn of candidates.slice(0, 8)) {
      const recv: GoValue = { t: 'typed', type: { pkg: fn.pkg.dir, local: true, name: fn.facts.recv ?? '' } };
      const value = this.invoke(fn, recv, args, frame, spread);
      if (result.t === 'unknown') result = value;
    }
    return result;
  }

  private callPackage(holder: Extract<GoValue, { t: 'pkg' }>, name: string, expr: GoCall, scope: Scope, frame: Frame): GoValue {
    if (holder.local) {
      const fn = this.program.packages.get(holder.pkg)?.funcs.get(name);
      if (fn) return this.invoke(fn, undefined, this.args(expr, scope, frame), frame, expr.spread === true);
      this.args(expr, scope, frame);
      return UNKNOWN;
    }
    const framework = this.frameworkOfPath(holder.pkg);
    if (framework) {
      const result = framework.callPackage(this.site(expr, scope, frame), name);
      if (result !== undefined) return result;
    }
    const library = this.libraryCall(holder.pkg, name, expr, scope, frame);
    if (library) return library;
    this.args(expr, scope, frame);
    return UNKNOWN;
  }

  /** The standard library calls that build paths: environment variables, Sprintf, path joins. */
  private libraryCall(pkg: string, name: string, expr: GoCall, scope: Scope, frame: Frame): GoValue | undefined {
    const strArg = (i: number): StrVal => {
      const arg = expr.a[i];
      return arg ? this.toStr(this.eval(arg, scope, frame), arg) : unknownStr();
    };
    const str = (s: StrVal): GoValue => ({ t: 'str', s });
    if (pkg === 'os' && (name === 'Getenv' || name === 'LookupEnv')) return str(this.envStr(strArg(0)));
    if (pkg === 'fmt' && name === 'Sprintf') return str(sprintfStr(strArg(0), expr.a.slice(1).map((_, i) => strArg(i + 1))));
    if ((pkg === 'path' && name === 'Join') || (pkg === 'net/url' && name === 'JoinPath')) return str(joinPathStr(expr.a.map((_, i) => strArg(i))));
    if (pkg === 'strings') {
      if (name === 'TrimSuffix' || name === 'TrimRight' || name === 'TrimPrefix' || name === 'TrimLeft') {
        const value = strArg(0);
        const cut = strArg(1);
        if (value.partial || cut.partial) return str(value);
        let text = value.text;
        if (name === 'TrimSuffix' && text.endsWith(cut.text)) text = text.slice(0, text.length - cut.text.length);
        else if (name === 'TrimPrefix' && text.startsWith(cut.text)) text = text.slice(cut.text.length);
        else if (name === 'TrimRight') while (text.length > 0 && cut.text.includes(text[text.length - 1]!)) text = text.slice(0, -1);
        else if (name === 'TrimLeft') while (text.length > 0 && cut.text.includes(text[0]!)) text = text.slice(1);
        return str({ ...value, text });
      }
      if (name === 'ToLower' || name === 'ToUpper') {
        const value = strArg(0);
        return str({ ...value, text: name === 'ToLower' ? value.text.toLowerCase() : value.text.toUpperCase() });
      }
    }
    return undefined;
  }

  private envStr(name: StrVal): StrVal {
    if (name.partial || name.text === '') return unknownStr('an environment variable with a computed name');
    const found = this.project.envDefaults.get(name.text);
    if (found) return { text: found.value, env: name.text, notes: [`${name.text} from the environment, default "${found.value}" from ${found.file}`] };
    return { text: '', partial: true, env: name.text, notes: [`${name.text} from the environment: no default found`] };
  }

  /** A string value, or what is known of it. */
  private toStr(value: GoValue, expr: GoExpr): StrVal {
    if (value.t === 'str') return value.s;
    return unknownStr(`${exprName(expr)} could not be resolved`);
  }

  // ---- the framework side of a call ---------------------------------------------------------

  private site(expr: GoCall, scope: Scope, frame: Frame): GoCallSite {
    const memo = new Map<GoExpr, GoValue>();
    const value = (e: GoExpr): GoValue => {
      let result = memo.get(e);
      if (!result) memo.set(e, (result = this.eval(e, scope, frame)));
      return result;
    };
    const graph = this.graph;
    return {
      args: expr.a,
      value,
      str: (e) => this.toStr(value(e), e),
      methods: (exprs) => {
        const methods: string[] = [];
        for (const e of exprs) {
          const v = value(e);
          for (const item of v.t === 'list' ? v.items : [v]) {
            if (item.t !== 'str' || item.s.partial || item.s.text === '') return undefined;
            methods.push(item.s.text.toUpperCase());
          }
        }
        return methods;
      },
      // A parameter holding what the caller passed is named as the caller wrote it.
      name: (e) => {
        const v = value(e);
        return (v.t === 'unknown' || v.t === 'typed') && v.name !== undefined ? v.name : exprName(e);
      },
      newRouter: (framework, kind, options) => graph.newRouter(framework, kind, options),
      mount: (child, parent, prefix, options) => graph.mount(child, parent, prefix, options),
      route: (router, framework, methods, path, handler, middleware) => {
        // A path written at a helper's call site declares the route there.
        const origin = path.origin;
        const registration: RouteRegistration = {
          framework,
          router,
          routerMiddleware: router.liveMiddleware ? Infinity : router.middleware.length,
          methods: [...methods],
          path,
          middleware: [...middleware],
          file: origin?.file ?? frame.file.path,
          line: origin?.line ?? expr.line,
          declHash: origin?.hash ?? expr.h ?? stableHash(expr.t),
        };
        if (handler) registration.handler = describeHandler(handler, { value, program: this.program, module: this.program.moduleRootOf(frame.file.dir), file: frame.file.path });
        graph.registrations.push(registration);
        return registration;
      },
      invoke: (callee, args) => {
        const target = value(callee);
        if (target.t === 'closure') return this.invokeClosure(target, args, frame, false);
        if (target.t === 'func') return this.invoke(target.fn, target.recv, args, frame, false);
        return UNKNOWN;
      },
      mountedRouter: (e) => this.mountedRouter(e, value, 0),
      singleton: (key, make) => graph.singleton(key, make),
    };
  }

  /** Whether a handler expression is a router being mounted, possibly wrapped in middleware or StripPrefix. */
  private mountedRouter(expr: GoExpr, value: (e: GoExpr) => GoValue, depth: number): MountedRouter | undefined {
    const v = value(expr);
    if (v.t === 'router') return { node: v.node, middleware: [] };
    if (v.t === 'ext' && v.kind === 'strip') {
      const data = v.data as StripPrefixData;
      const inner = this.mountedRouter(data.handler, value, depth + 1);
      return inner ? { ...inner, strip: inner.strip ? concatStr(data.prefix, inner.strip) : data.prefix } : undefined;
    }
    if (expr.k === 'ref') return this.mountedRouter(expr.x, value, depth + 1);
    if (expr.k === 'call' && depth < 4) {
      for (const arg of expr.a) {
        const inner = this.mountedRouter(arg, value, depth + 1);
        if (inner) return { ...inner, middleware: [exprName(expr.f), ...inner.middleware] };
      }
    }
    return undefined;
  }

  // ---- types --------------------------------------------------------------------------------

  private frameworkOfPath(path: string): GoFramework | undefined {
    return this.frameworks.find((framework) => framework.isPackage(path));
  }

  private routerTypeOf(type: ResolvedType | undefined): RouterTypeInfo | undefined {
    if (!type || type.local || type.slice) return undefined;
    const framework = this.frameworkOfPath(type.pkg);
    const info = framework?.routerTypes[type.name];
    if (!framework || !info) return undefined;
    return { framework, rootOnly: info.rootOnly, ...framework.routerKind(type.name) };
  }
}

/**
 * A list's items, less repeats the interpreter cannot tell apart (`NewRouter(a, b)` where a and b are
 * both only known as a `Router`): running the loop body once for each would register its routes twice.
 */
function distinctItems(items: readonly GoValue[]): GoValue[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (item.t !== 'typed' && item.t !== 'unknown') return true;
    const key = item.t === 'typed' ? `${item.type.pkg}.${item.type.name}${item.type.slice ? '[]' : ''}` : '?';
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function isInit(fn: FuncInfo): boolean {
  return fn.facts.name === 'init' && fn.facts.recv === undefined;
}

function fieldKey(type: ResolvedType, field: string): string {
  return `field:${type.pkg}.${type.name}.${field}`;
}

/**
 * `prefix := os.Getenv("X"); if prefix == "" { prefix = "/api" }`: a conditional assignment over an
 * unset environment variable is its fallback; over a variable with a known default it does not apply.
 */
function fallbackAssignment(previous: GoValue, next: GoValue, conditional: boolean): GoValue {
  if (!conditional || previous.t !== 'str' || !previous.s.env) return next;
  if (!previous.s.partial) return previous;
  if (next.t !== 'str' || next.s.partial) return next;
  return { t: 'str', s: { text: next.s.text, notes: [`${previous.s.env} from the environment, fallback "${next.s.text}" in code`] } };
}

/** The value a function returns, over all its return statements. */
function mergeReturns(values: readonly GoValue[]): GoValue | undefined {
  const known = values.filter((value) => value.t !== 'unknown');
  if (known.length === 0) return undefined;
  const strings = known.filter((value): value is Extract<GoValue, { t: 'str' }> => value.t === 'str');
  if (strings.length > 1 && strings.length === known.length) {
    const fromDefault = strings.find((value) => value.s.env && !value.s.partial);
    if (fromDefault) return fromDefault;
    const unset = strings.find((value) => value.s.env && value.s.partial);
    const fallback = strings.find((value) => !value.s.env && !value.s.partial);
    if (unset && fallback) return { t: 'str', s: { text: fallback.s.text, notes: [`${unset.s.env} from the environment, fallback "${fallback.s.text}" in code`] } };
  }
  return known.find((value) => value.t === 'router') ?? known[0];
}
