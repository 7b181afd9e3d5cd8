import type { ProjectInfo } from '../../../types.js';
import { dottedName, exprText, keywordArg, lastName, type PyCall, type PyExpr } from './py-expr.js';
import {
  functionScope,
  type PyBinding,
  type PyCallFact,
  type PyClassAttr,
  type PyClassFacts,
  type PyFunctionFacts,
  type PyImport,
  type PyParam,
  type PythonModuleFacts,
} from './python-module-facts.js';
import { PythonModuleIndex, type ModuleRef } from './python-module-index.js';
import { frameworkObjectKind, type FrameworkObjectKind } from './framework-objects.js';

/** Where an expression is evaluated: its file, the enclosing function's `functionScope` ('' at module level), loop variables. */
export interface Ctx {
  file: string;
  scope: string;
  locals?: ReadonlyMap<string, Value>;
}

/** A string the evaluator could (partly) compute, with what a reader should know about where it came from. */
export interface StrValue {
  value: string;
  /** Part of the string is computed at run time; `value` holds the known part. */
  partial?: boolean;
  notes: string[];
}

/** An app, router, blueprint or DRF router, identified by its constructor call. */
export interface FrameworkObject {
  id: string;
  kind: FrameworkObjectKind;
  /** Qualified name of the constructor (`fastapi.APIRouter`, `rest_framework.routers.DefaultRouter`). */
  ext: string;
  file: string;
  line: number;
  /** The constructor call and where it is evaluated; absent for objects known only from a parameter's annotation. */
  call?: PyCall;
  ctx?: Ctx;
  /** The object another object's method made (flask-restx `api.namespace(...)`). */
  parent?: FrameworkObject;
  /** Known only as a function parameter (`def register(app: FastAPI)`): where it is mounted is unknown. */
  fromParam?: boolean;
}

export type Value =
  | { t: 'module'; ref: ModuleRef }
  | { t: 'ext'; qual: string }
  | { t: 'class'; file: string; cls: PyClassFacts }
  | { t: 'func'; file: string; fn: PyFunctionFacts }
  | { t: 'obj'; obj: FrameworkObject }
  | { t: 'inst'; of: Value }
  | { t: 'str'; s: StrValue }
  | { t: 'list'; items: Array<{ expr: PyExpr; ctx: Ctx }> }
  | { t: 'param'; file: string; fn: PyFunctionFacts; param: PyParam }
  /** `X.as_view(...)`: a class-based view. */
  | { t: 'view'; target: Value; call: PyCall; ctx: Ctx }
  /** An attribute of a framework object: `router.urls`. */
  | { t: 'objattr'; obj: FrameworkObject; name: string }
  | { t: 'unknown' };

type Def =
  | { k: 'binding'; b: PyBinding; seq: number }
  | { k: 'import'; i: PyImport; seq: number }
  | { k: 'function'; f: PyFunctionFacts; seq: number }
  | { k: 'class'; c: PyClassFacts; seq: number };

interface ScopeIndex {
  defs: Map<string, Def[]>;
  stars: PyImport[];
}

/** A class and every base it reaches: project classes in method resolution order, and external bases by qualified name. */
export interface ClassMro {
  classes: Array<{ file: string; cls: PyClassFacts }>;
  /** Qualified names of external bases (`rest_framework.viewsets.ModelViewSet`), or the dotted text when unresolved. */
  externals: string[];
}

const UNKNOWN: Value = { t: 'unknown' };
const MAX_DEPTH = 40;
/** Loops over literal lists of routers are short; the bound keeps a generated list from multiplying work. */
const MAX_LOOP_ITEMS = 64;

/**
 * The Python modules of a tree, linked: resolves imports, evaluates names, attributes, calls and strings
 * statically (without running anything), and answers questions about classes.
 */
export class PythonProject {
  readonly modules = new Map<string, PythonModuleFacts>();
  readonly index: PythonModuleIndex;
  private readonly scopes = new Map<string, Map<string, ScopeIndex>>();
  private readonly memo = new Map<object, Value | 'pending'>();
  private readonly objects = new Map<string, FrameworkObject>();
  private readonly mroMemo = new Map<PyClassFacts, ClassMro>();
  private readonly definitions = new Map<string, { expr: PyExpr; ctx: Ctx } | undefined>();
  private classAttrIndex?: Map<string, Array<{ file: string; cls: PyClassFacts; attr: PyClassAttr }>>;
  private depth = 0;

  constructor(
    files: ReadonlyArray<{ path: string; facts: PythonModuleFacts }>,
    readonly project: ProjectInfo,
  ) {
    for (const { path, facts } of files) this.modules.set(path, facts);
    this.index = new PythonModuleIndex([...project.paths, ...this.modules.keys()]);
  }

  /** Some module imports this top-level package. */
  usesPackage(...packages: string[]): boolean {
    for (const facts of this.modules.values()) if (facts.packages.some((name) => packages.includes(name))) return true;
    return false;
  }

  // ── names ────────────────────────────────────────────────────────────────────────────────────

  private scopeIndex(file: string, scope: string): ScopeIndex | undefined {
    let byScope = this.scopes.get(file);
    if (!byScope) {
      byScope = new Map();
      const facts = this.modules.get(file);
      if (facts) {
        const get = (name: string): ScopeIndex => {
          let index = byScope!.get(name);
          if (!index) byScope!.set(name, (index = { defs: new Map(), stars: [] }));
          return index;
        };
        const add = (scopeName: string, name: string, def: Def): void => {
          const defs = get(scopeName).defs;
          const list = defs.get(name);
          if (list) list.push(def);
          else defs.set(name, [def]);
        };
        for (const b of facts.bindings) if (b.op === undefined) add(b.scope, b.name, { k: 'binding', b, seq: b.seq });
        for (const i of facts.imports) {
          if (i.star) get(i.scope).stars.push(i);
          else add(i.scope, i.local, { k: 'import', i, seq: i.seq });
        }
        for (const f of facts.functions) add(f.scope, f.name, { k: 'function', f, seq: f.seq });
        for (const c of facts.classes) add(c.scope, c.name, { k: 'class', c, seq: c.seq });
        for (const index of byScope.values()) for (const list of index.defs.values()) list.sort((a, b) => a.seq - b.seq);
      }
      this.scopes.set(file, byScope);
    }
    return byScope.get(scope);
  }

  /** The value a name has in a context: locals, the enclosing function, the module, star imports. */
  lookup(ctx: Ctx, name: string): Value {
    const local = ctx.locals?.get(name);
    if (local) return local;
    if (ctx.scope !== '') {
      const def = this.lastDef(this.scopeIndex(ctx.file, ctx.scope), name);
      if (def) return this.evaluateDef(def, ctx.file);
      const param = this.param(ctx.file, ctx.scope, name);
      if (param) return param;
    }
    const found = this.moduleDef(ctx.file, name);
    return found ? this.evaluateDef(found.def, found.file) : UNKNOWN;
  }

  private lastDef(index: ScopeIndex | undefined, name: string): Def | undefined {
    const defs = index?.defs.get(name);
    return defs?.[defs.length - 1];
  }

  private param(file: string, scope: string, name: string): Value | undefined {
    const facts = this.modules.get(file);
    // Scopes are qualified (`ApiHandler.register`): a method is told apart from its namesakes in other classes.
    const hasParam = (candidate: PyFunctionFacts): boolean => functionScope(candidate) === scope && candidate.params.some((param) => param.name === name);
    const fn = facts?.functions.find(hasParam) ?? facts?.classes.flatMap((cls) => cls.methods).find(hasParam);
    const param = fn?.params.find((candidate) => candidate.name === name);
    return fn && param ? { t: 'param', file, fn, param } : undefined;
  }

  /** A module-level definition of a module (including what its star imports bring). */
  private moduleDef(file: string, name: string, seen = new Set<string>()): { def: Def; file: string } | undefined {
    if (seen.has(file)) return undefined;
    seen.add(file);
    const index = this.scopeIndex(file, '');
    const def = this.lastDef(index, name);
    if (def) return { def, file };
    for (const star of index?.stars ?? []) {
      const ref = this.resolveImportModule(star, file);
      if (ref?.file && this.modules.has(ref.file)) {
        const found = this.moduleDef(ref.file, name, seen);
        if (found) return found;
      }
    }
    return undefined;
  }

  private moduleMember(file: string, name: string): Value | undefined {
    const found = this.moduleDef(file, name);
    return found ? this.evaluateDef(found.def, found.file) : undefined;
  }

  /**
   * The expression a name (or a module attribute) is bound to, following imports:
   * `CurrentUser` → `Annotated[User, Depends(get_current_user)]` in the module that defines it.
   */
  definition(expr: PyExpr, ctx: Ctx, depth = 0): { expr: PyExpr; ctx: Ctx } | undefined {
    if (depth > 8) return undefined;
    if (expr.k === 'name' && !ctx.locals) {
      // Handlers share their dependency aliases (`CurrentUser`, `SessionDep`): remember each answer.
      const key = `${ctx.file}\u0000${ctx.scope}\u0000${expr.id}`;
      if (this.definitions.has(key)) return this.definitions.get(key);
      const found = this.findDefinition(expr, ctx, depth);
      this.definitions.set(key, found);
      return found;
    }
    return this.findDefinition(expr, ctx, depth);
  }

  private findDefinition(expr: PyExpr, ctx: Ctx, depth: number): { expr: PyExpr; ctx: Ctx } | undefined {
    if (expr.k === 'attr') {
      const base = this.evaluate(expr.obj, ctx);
      if (base.t !== 'module' || !base.ref.file || !this.modules.has(base.ref.file)) return undefined;
      return this.definition({ k: 'name', id: expr.name }, { file: base.ref.file, scope: '' }, depth + 1);
    }
    if (expr.k !== 'name') return undefined;
    let found: { def: Def; file: string } | undefined;
    if (ctx.scope !== '') {
      const def = this.lastDef(this.scopeIndex(ctx.file, ctx.scope), expr.id);
      if (def) found = { def, file: ctx.file };
    }
    found = found ?? this.moduleDef(ctx.file, expr.id);
    if (!found) return undefined;
    const { def, file } = found;
    if (def.k === 'binding') {
      return def.b.value && def.b.index === undefined ? { expr: def.b.value, ctx: { file, scope: def.b.scope } } : undefined;
    }
    if (def.k === 'import' && def.i.name !== undefined) {
      const ref = this.resolveImportModule(def.i, file);
      if (!ref?.file || !this.modules.has(ref.file)) return undefined;
      return this.definition({ k: 'name', id: def.i.name }, { file: ref.file, scope: '' }, depth + 1);
    }
    return undefined;
  }

  /**
   * The contexts a call runs in: one per iteration of its enclosing literal loops
   * (`for router in [a.router, b.router]: app.include_router(router)`), else just its scope.
   */
  callContexts(fact: PyCallFact, file: string): Ctx[] {
    let contexts: Ctx[] = [{ file, scope: fact.scope }];
    for (const loop of fact.loops ?? []) {
      const next: Ctx[] = [];
      for (const ctx of contexts) {
        const iter = this.evaluate(loop.iter, ctx);
        if (iter.t !== 'list') {
          next.push(ctx);
          continue;
        }
        for (const item of iter.items.slice(0, MAX_LOOP_ITEMS)) {
          const locals = new Map(ctx.locals ?? []);
          this.bindTarget(loop.target, item.expr, item.ctx, locals);
          next.push({ ...ctx, locals });
        }
      }
      contexts = next.slice(0, MAX_LOOP_ITEMS);
    }
    return contexts;
  }

  private bindTarget(target: PyExpr, value: PyExpr, ctx: Ctx, locals: Map<string, Value>): void {
    if (target.k === 'name') {
      locals.set(target.id, this.evaluate(value, ctx));
    } else if (target.k === 'list' && value.k === 'list') {
      target.items.forEach((part, index) => {
        const item = value.items[index];
        if (item) this.bindTarget(part, item, ctx, locals);
      });
    }
  }

  private evaluateDef(def: Def, file: string): Value {
    switch (def.k) {
      case 'function':
        return { t: 'func', file, fn: def.f };
      case 'class':
        return { t: 'class', file, cls: def.c };
      case 'import':
        return this.memoised(def.i, () => this.importValue(def.i, file));
      case 'binding':
        return this.memoised(def.b, () => this.bindingValue(def.b, file));
    }
  }

  private bindingValue(binding: PyBinding, file: string): Value {
    if (!binding.value) return UNKNOWN;
    const ctx = { file, scope: binding.scope };
    if (binding.index !== undefined) {
      const whole = binding.value;
      if (whole.k === 'list') {
        const item = whole.items[binding.index];
        return item ? this.evaluate(item, ctx) : UNKNOWN;
      }
      return UNKNOWN;
    }
    return this.evaluate(binding.value, ctx);
  }

  private resolveImportModule(imp: PyImport, file: string): ModuleRef | undefined {
    if (imp.level > 0) return this.index.resolveRelative(imp.module, imp.level, file);
    return this.index.resolveAbsolute(imp.bindsTopPackage ? imp.module.split('.')[0]! : imp.module, file);
  }

  private importValue(imp: PyImport, file: string): Value {
    const ref = this.resolveImportModule(imp, file);
    if (imp.name === undefined) {
      if (ref) return { t: 'module', ref };
      return { t: 'ext', qual: imp.bindsTopPackage ? imp.module.split('.')[0]! : imp.module };
    }
    if (!ref) return imp.level > 0 ? UNKNOWN : { t: 'ext', qual: `${imp.module}.${imp.name}` };
    return this.member(ref, imp.name) ?? UNKNOWN;
  }

  /** `from package import name`: a name the package's module defines, else its submodule. */
  member(ref: ModuleRef, name: string): Value | undefined {
    if (ref.file && this.modules.has(ref.file)) {
      const value = this.moduleMember(ref.file, name);
      // `from . import users` inside the package's own __init__.py finds that import itself (unknown): the submodule is meant.
      if (value && value.t !== 'unknown') return value;
    }
    const sub = this.index.submodule(ref, name);
    return sub ? { t: 'module', ref: sub } : undefined;
  }

  private memoised(key: object, compute: () => Value): Value {
    const known = this.memo.get(key);
    if (known === 'pending') return UNKNOWN;
    if (known) return known;
    this.memo.set(key, 'pending');
    const value = compute();
    this.memo.set(key, value);
    return value;
  }

  // ── expressions ──────────────────────────────────────────────────────────────────────────────

  /** The static value of an expression; `unknown` when it depends on run time. */
  evaluate(expr: PyExpr, ctx: Ctx): Value {
    if (this.depth > MAX_DEPTH) return UNKNOWN;
    this.depth++;
    try {
      return this.evaluateInner(expr, ctx);
    } finally {
      this.depth--;
    }
  }

  private evaluateInner(expr: PyExpr, ctx: Ctx): Value {
    switch (expr.k) {
      case 'name':
        return this.lookup(ctx, expr.id);
      case 'attr':
        return this.attribute(this.evaluate(expr.obj, ctx), expr.name);
      case 'call':
        return this.call(expr, ctx);
      case 'list':
        return { t: 'list', items: expr.items.map((item) => ({ expr: item, ctx })) };
      case 'cond': {
        // `DefaultRouter() if settings.DEBUG else SimpleRouter()`: objects are what matter, and both branches
        // make one; a DEBUG test means the else branch is what production runs.
        const [first, second] = /DEBUG/.test(exprText(expr.test)) ? [expr.b, expr.a] : [expr.a, expr.b];
        const value = this.evaluate(first, ctx);
        if (value.t === 'obj' || value.t === 'module' || value.t === 'class' || value.t === 'func') return value;
        const other = this.evaluate(second, ctx);
        return other.t === 'obj' || other.t === 'module' || other.t === 'class' || other.t === 'func' ? other : UNKNOWN;
      }
      case 'str':
      case 'fstr':
      case 'bin': {
        if (expr.k === 'bin' && expr.op === '+') {
          const left = this.evaluate(expr.l, ctx);
          if (left.t === 'list') {
            const right = this.evaluate(expr.r, ctx);
            return right.t === 'list' ? { t: 'list', items: [...left.items, ...right.items] } : UNKNOWN;
          }
        }
        const s = this.evaluateString(expr, ctx);
        return s ? { t: 'str', s } : UNKNOWN;
      }
      default:
        return UNKNOWN;
    }
  }

  /** `value.name`. */
  attribute(value: Value, name: string): Value {
    switch (value.t) {
      case 'module':
        return this.member(value.ref, name) ?? UNKNOWN;
      case 'ext':
        return { t: 'ext', qual: `${value.qual}.${name}` };
      case 'class':
        return this.classMember(value, name) ?? UNKNOWN;
      case 'inst':
        return value.of.t === 'class' ? (this.classMember(value.of, name) ?? UNKNOWN) : UNKNOWN;
      case 'obj':
        return { t: 'objattr', obj: value.obj, name };
      default:
        return UNKNOWN;
    }
  }

  private classMember(value: { file: string; cls: PyClassFacts }, name: string): Value | undefined {
    for (const { file, cls } of this.mro(value.cls, value.file).classes) {
      const method = cls.methods.find((fn) => fn.name === name);
      if (method) return { t: 'func', file, fn: method };
      const attr = findLast(cls.attrs, (candidate) => candidate.name === name);
      if (attr?.value) return this.evaluate(attr.value, { file, scope: cls.scope });
    }
    return undefined;
  }

  private call(call: PyCall, ctx: Ctx): Value {
    if (envLookup(call)) {
      const s = this.callString(call, ctx);
      return s ? { t: 'str', s } : UNKNOWN;
    }
    if (call.fn.k === 'attr' && call.fn.name === 'as_view') return { t: 'view', target: this.evaluate(call.fn.obj, ctx), call, ctx };
    const fn = this.evaluate(call.fn, ctx);
    switch (fn.t) {
      case 'ext': {
        const kind = frameworkObjectKind(fn.qual);
        return kind ? this.object(kind, fn.qual, call, ctx) : { t: 'inst', of: fn };
      }
      case 'class': {
        const mro = this.mro(fn.cls, fn.file);
        for (const base of mro.externals) {
          const kind = frameworkObjectKind(base);
          if (kind) return this.object(kind, base, call, ctx);
        }
        return { t: 'inst', of: fn };
      }
      case 'func':
        return this.returnValue(fn.file, fn.fn);
      case 'objattr': {
        const kind = frameworkObjectKind(`${fn.obj.ext}.${fn.name}()`);
        if (kind) return this.object(kind, `${fn.obj.ext}.${fn.name}()`, call, ctx, fn.obj);
        return UNKNOWN;
      }
      default:
        return UNKNOWN;
    }
  }

  private returnValue(file: string, fn: PyFunctionFacts): Value {
    return this.memoised(fn, () => {
      for (const expr of fn.returns ?? []) {
        const value = this.evaluate(expr, { file, scope: functionScope(fn) });
        if (value.t !== 'unknown') return value;
      }
      if (fn.returnType) {
        const type = this.evaluate(fn.returnType, { file, scope: fn.scope });
        if (type.t === 'class') return { t: 'inst', of: type };
      }
      return UNKNOWN;
    });
  }

  private object(kind: FrameworkObjectKind, ext: string, call: PyCall, ctx: Ctx, parent?: FrameworkObject): Value {
    // A constructor call is told apart by its file, line and text (two identical constructors on one line are one object).
    const id = `${ctx.file}:${call.line}:${exprText(call)}`;
    let obj = this.objects.get(id);
    if (!obj) {
      obj = { id, kind, ext, file: ctx.file, line: call.line, call, ctx };
      if (parent) obj.parent = parent;
      this.objects.set(id, obj);
    }
    return { t: 'obj', obj };
  }

  /** A parameter whose annotation names a framework class (`app: FastAPI`): an object mounted we do not know where. */
  paramObject(value: Extract<Value, { t: 'param' }>, fallbackExt?: string): FrameworkObject | undefined {
    let ext: string | undefined;
    if (value.param.annotation) {
      const type = this.evaluate(value.param.annotation, { file: value.file, scope: value.fn.scope });
      if (type.t === 'ext') ext = type.qual;
      else if (type.t === 'class') ext = this.mro(type.cls, type.file).externals.find((base) => frameworkObjectKind(base));
    } else {
      ext = fallbackExt;
    }
    const kind = ext ? frameworkObjectKind(ext) : undefined;
    if (!ext || !kind) return undefined;
    const id = `${value.file}:param:${value.fn.line}:${value.param.name}`;
    let obj = this.objects.get(id);
    if (!obj) {
      obj = { id, kind, ext, file: value.file, line: value.fn.line, fromParam: true };
      this.objects.set(id, obj);
    }
    return obj;
  }

  /** The framework object an expression denotes, if any. */
  objectOf(expr: PyExpr, ctx: Ctx): FrameworkObject | undefined {
    const value = this.evaluate(expr, ctx);
    return value.t === 'obj' ? value.obj : undefined;
  }

  // ── classes ──────────────────────────────────────────────────────────────────────────────────

  /** The class and its bases, depth first, left to right (close enough to C3 for the questions we ask). */
  mro(cls: PyClassFacts, file: string): ClassMro {
    const known = this.mroMemo.get(cls);
    if (known) return known;
    const result: ClassMro = { classes: [], externals: [] };
    this.mroMemo.set(cls, result);
    const visit = (current: PyClassFacts, currentFile: string, depth: number): void => {
      if (depth > 12 || result.classes.some((entry) => entry.cls === current)) return;
      result.classes.push({ file: currentFile, cls: current });
      for (const base of current.bases) {
        const value = this.evaluate(base, { file: currentFile, scope: current.scope });
        if (value.t === 'class') visit(value.cls, value.file, depth + 1);
        else {
          const qual = value.t === 'ext' ? value.qual : dottedName(base) ?? (base.k === 'sub' ? dottedName(base.obj) : undefined);
          if (qual && !result.externals.includes(qual)) result.externals.push(qual);
        }
      }
    };
    visit(cls, file, 0);
    return result;
  }

  /** The first definition of a class attribute along the MRO, with the class that defines it. */
  classAttr(mro: ClassMro, name: string): { file: string; cls: PyClassFacts; attr: PyClassAttr } | undefined {
    for (const { file, cls } of mro.classes) {
      const attr = findLast(cls.attrs, (candidate) => candidate.name === name);
      if (attr) return { file, cls, attr };
    }
    return undefined;
  }

  /** A method along the MRO, with the class that defines it. */
  classMethod(mro: ClassMro, name: string): { file: string; cls: PyClassFacts; fn: PyFunctionFacts } | undefined {
    for (const { file, cls } of mro.classes) {
      const fn = cls.methods.find((method) => method.name === name);
      if (fn) return { file, cls, fn };
    }
    return undefined;
  }

  // ── strings ──────────────────────────────────────────────────────────────────────────────────

  /**
   * The string an expression denotes: literals, f-strings, concatenations, constants imported from
   * other modules, settings class defaults (overridden by the repository's .env.example) and
   * environment lookups with defaults. Undefined when nothing about it is known.
   */
  evaluateString(expr: PyExpr, ctx: Ctx): StrValue | undefined {
    switch (expr.k) {
      case 'str':
        return { value: expr.v, notes: [] };
      case 'fstr': {
        const result: StrValue = { value: '', notes: [] };
        for (const part of expr.parts) {
          if (typeof part === 'string') result.value += part;
          else append(result, this.evaluateString(part, ctx));
        }
        return result;
      }
      case 'bin': {
        if (expr.op !== '+') return undefined;
        const left = this.evaluateString(expr.l, ctx);
        const right = this.evaluateString(expr.r, ctx);
        if (!left && !right) return undefined;
        const result: StrValue = { value: '', notes: [] };
        append(result, left);
        append(result, right);
        return result;
      }
      case 'name': {
        const value = this.evaluate(expr, ctx);
        return value.t === 'str' ? value.s : undefined;
      }
      case 'attr':
        return this.attributeString(expr, ctx);
      case 'call':
        return this.callString(expr, ctx);
      case 'sub':
        return this.subscriptString(expr, ctx);
      default:
        return undefined;
    }
  }

  private attributeString(expr: Extract<PyExpr, { k: 'attr' }>, ctx: Ctx): StrValue | undefined {
    const base = this.evaluate(expr.obj, ctx);
    const cls = base.t === 'class' ? base : base.t === 'inst' && base.of.t === 'class' ? base.of : undefined;
    if (cls) {
      const mro = this.mro(cls.cls, cls.file);
      const found = this.classAttr(mro, expr.name);
      if (found) return this.settingString(found, mro);
      return this.settingsFallback(expr.name);
    }
    if (base.t === 'module') {
      const value = this.attribute(base, expr.name);
      return value.t === 'str' ? value.s : undefined;
    }
    if (base.t === 'ext' && base.qual === 'django.conf.settings') return this.djangoSetting(expr.name);
    if (base.t === 'unknown' || base.t === 'inst' || base.t === 'param') return this.settingsFallback(expr.name);
    return undefined;
  }

  /** A class attribute used as configuration: pydantic settings read the environment first. */
  private settingString(found: { file: string; cls: PyClassFacts; attr: PyClassAttr }, mro: ClassMro): StrValue | undefined {
    const { file, cls, attr } = found;
    const isSettings = mro.externals.some((base) => /(^|\.)(BaseSettings|Settings)$/.test(base)) || /Settings|Config/.test(cls.name);
    if (isSettings) {
      const env = this.envDefault(this.envPrefix(mro) + attr.name);
      if (env) return { value: env.value, notes: [`"${env.value}" from ${cls.name}.${attr.name}, the default in ${env.file}`] };
    }
    const value = attr.value ? this.fieldDefault(attr.value, { file, scope: cls.scope }) : undefined;
    if (!value) return undefined;
    if (!isSettings) return value;
    return { value: value.value, ...(value.partial ? { partial: true } : {}), notes: [...value.notes, `"${value.value}" from ${cls.name}.${attr.name}, the default in ${file}`] };
  }

  /** `Field("/api", env=...)`, `Field(default="/api")`, or a plain default. */
  private fieldDefault(expr: PyExpr, ctx: Ctx): StrValue | undefined {
    if (expr.k === 'call' && lastName(expr.fn) === 'Field') {
      const value = expr.args[0] ?? keywordArg(expr, 'default');
      return value ? this.evaluateString(value, ctx) : undefined;
    }
    return this.evaluateString(expr, ctx);
  }

  private envPrefix(mro: ClassMro): string {
    for (const { file, cls } of mro.classes) {
      const config = findLast(cls.attrs, (attr) => attr.name === 'model_config');
      if (config?.value?.k === 'call') {
        const prefix = keywordArg(config.value, 'env_prefix');
        const value = prefix ? this.evaluateString(prefix, { file, scope: cls.scope }) : undefined;
        if (value) return value.value;
      }
      const inner = cls.inner['Config']?.find((attr) => attr.name === 'env_prefix');
      if (inner?.value) {
        const value = this.evaluateString(inner.value, { file, scope: cls.scope });
        if (value) return value.value;
      }
    }
    return '';
  }

  /** The repository's default for an environment variable (pydantic matches names case-insensitively). */
  private envDefault(name: string): { value: string; file: string } | undefined {
    const exact = this.project.envDefaults.get(name);
    if (exact) return exact;
    const upper = name.toUpperCase();
    for (const [key, value] of this.project.envDefaults) if (key.toUpperCase() === upper) return value;
    return undefined;
  }

  /**
   * `settings.API_PREFIX` where `settings` could not be followed (built by a factory, a parameter):
   * the default of the one settings-like class attribute with that name, when the project has exactly one value.
   */
  private settingsFallback(name: string): StrValue | undefined {
    const candidates = this.classAttributes(name).filter(({ cls, attr }) => attr.value && /Settings|Config/i.test(cls.name));
    const values = new Map<string, StrValue>();
    for (const candidate of candidates) {
      const mro = this.mro(candidate.cls, candidate.file);
      const value = this.settingString(candidate, mro);
      if (value && !value.partial && !values.has(value.value)) values.set(value.value, value);
    }
    if (values.size === 1) return [...values.values()][0];
    const env = this.envDefault(name);
    if (env) return { value: env.value, notes: [`"${env.value}" from ${name}, the default in ${env.file}`] };
    return undefined;
  }

  private classAttributes(name: string): Array<{ file: string; cls: PyClassFacts; attr: PyClassAttr }> {
    if (!this.classAttrIndex) {
      this.classAttrIndex = new Map();
      for (const [file, facts] of this.modules) {
        for (const cls of facts.classes) {
          for (const attr of cls.attrs) {
            const list = this.classAttrIndex.get(attr.name);
            if (list) list.push({ file, cls, attr });
            else this.classAttrIndex.set(attr.name, [{ file, cls, attr }]);
          }
        }
      }
    }
    return this.classAttrIndex.get(name) ?? [];
  }

  /** `settings.X` from `django.conf`: the module-level X of a settings module. */
  private djangoSetting(name: string): StrValue | undefined {
    for (const [file, facts] of this.modules) {
      if (!/settings/.test(file)) continue;
      const binding = facts.bindings.find((candidate) => candidate.scope === '' && candidate.name === name && candidate.value);
      if (!binding?.value) continue;
      const value = this.evaluateString(binding.value, { file, scope: '' });
      if (value) return { ...value, notes: [...value.notes, `"${value.value}" from settings.${name} in ${file}`] };
    }
    return undefined;
  }

  private callString(call: PyCall, ctx: Ctx): StrValue | undefined {
    const env = envLookup(call);
    if (env) {
      const name = this.evaluateString(env.name, ctx);
      if (!name || name.partial) return undefined;
      const shipped = this.envDefault(name.value);
      if (shipped) return { value: shipped.value, notes: [`"${shipped.value}" from ${name.value}, the default in ${shipped.file}`] };
      const fallback = env.fallback ? this.evaluateString(env.fallback, ctx) : undefined;
      if (fallback) return { ...fallback, notes: [...fallback.notes, `"${fallback.value}" from ${name.value}, the default in ${ctx.file}`] };
      return { value: '', partial: true, notes: [`${name.value} has no default in the repository`] };
    }
    const value = this.evaluate(call, ctx);
    return value.t === 'str' ? value.s : undefined;
  }

  private subscriptString(expr: Extract<PyExpr, { k: 'sub' }>, ctx: Ctx): StrValue | undefined {
    const key = expr.items[0] ? this.evaluateString(expr.items[0], ctx) : undefined;
    if (!key || key.partial) return undefined;
    const base = dottedName(expr.obj) ?? '';
    if (base === 'os.environ' || base === 'environ') {
      const shipped = this.envDefault(key.value);
      if (shipped) return { value: shipped.value, notes: [`"${shipped.value}" from ${key.value}, the default in ${shipped.file}`] };
      return { value: '', partial: true, notes: [`${key.value} has no default in the repository`] };
    }
    // app.config["API_PREFIX"]: Flask configuration, usually from a config class.
    if (base.endsWith('config')) return this.settingsFallback(key.value);
    return undefined;
  }
}

/** `os.getenv("X", "d")`, `os.environ.get("X", "d")`, `config("X", default="d")`, `env.str("X", default="d")`. */
function envLookup(call: PyCall): { name: PyExpr; fallback?: PyExpr } | undefined {
  const callee = dottedName(call.fn);
  if (!callee) return undefined;
  const isEnv =
    /(^|\.)getenv$/.test(callee) || /(^|\.)environ\.(get|setdefault)$/.test(callee) || callee === 'config' || callee === 'env' || callee === 'env.str' || callee === 'decouple.config';
  if (!isEnv || !call.args[0]) return undefined;
  const fallback = call.args[1] ?? keywordArg(call, 'default');
  return fallback ? { name: call.args[0], fallback } : { name: call.args[0] };
}

function append(target: StrValue, piece: StrValue | undefined): void {
  if (!piece) {
    target.partial = true;
    return;
  }
  target.value += piece.value;
  if (piece.partial) target.partial = true;
  for (const note of piece.notes) if (!target.notes.includes(note)) target.notes.push(note);
}

function findLast<T>(items: readonly T[], predicate: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i]!)) return items[i];
  return undefined;
}

/** Where a function or class's code lives, for Route.handler. */
export function handlerOf(file: string, fn: PyFunctionFacts): { name: string; file: string; startLine: number; endLine: number } {
  return { name: fn.className ? `${fn.className}.${fn.name}` : fn.name, file, startLine: fn.line, endLine: fn.endLine };
}
