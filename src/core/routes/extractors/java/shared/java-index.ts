import type { JavaFileFacts, MethodFacts, TypeFacts, ValueExpr } from './java-facts.js';

/** A type together with the file that declares it (its package and imports resolve its names). */
export interface TypeRef {
  type: TypeFacts;
  file: JavaFileFacts;
}

/** A compile-time string as far as it could be resolved; unresolved pieces are left out of `text`. */
export interface ResolvedText {
  text: string;
  /** The names or expressions that could not be resolved (`ApiPaths.BASE`, `base + "/x"`). */
  unresolved: string[];
}

/** A method of a controller's hierarchy: where it is declared. */
export interface MethodRef {
  method: MethodFacts;
  owner: TypeRef;
}

/** One callable method of a class with the declaration that carries its route annotations. */
export interface HandlerMethod {
  /** The implementation that runs (the most specific declaration with a body). */
  handler: MethodRef;
  /** The most specific declaration carrying route annotations (possibly on an interface or base class). */
  declaration: MethodRef;
}

/** Constant chains deeper than this are cycles or generated code; give up rather than loop. */
const MAX_CONSTANT_DEPTH = 16;

/**
 * Every Java type of the tree, by name, with Java's rules for finding a type or a constant from the
 * place it is written: nested types, imports, the package, static imports and inherited constants.
 */
export class JavaIndex {
  private readonly types: TypeRef[] = [];
  private readonly qualified = new Map<string, TypeRef[]>();
  private readonly bySimple = new Map<string, TypeRef[]>();

  constructor(files: readonly JavaFileFacts[]) {
    for (const file of files) {
      for (const type of file.types) {
        const ref = { type, file };
        this.types.push(ref);
        push(this.qualified, type.qualifiedName, ref);
        push(this.bySimple, type.name, ref);
      }
    }
  }

  /** Every type, in file order (the same qualified name may occur in several modules). */
  all(): readonly TypeRef[] {
    return this.types;
  }

  /**
   * The type of that qualified name nearest to `from`: multi-module repositories (and sample
   * collections) repeat package names, and a module sees its own classes.
   */
  private byQualified(name: string, from: TypeRef): TypeRef | undefined {
    const candidates = this.qualified.get(name);
    if (!candidates || candidates.length < 2) return candidates?.[0];
    let best = candidates[0]!;
    let bestShared = -1;
    for (const candidate of candidates) {
      const shared = sharedPrefixLength(candidate.file.path, from.file.path);
      if (shared > bestShared) [best, bestShared] = [candidate, shared];
    }
    return best;
  }

  /** The type a name written inside `from` refers to, if the tree declares it. */
  resolveType(name: string, from: TypeRef): TypeRef | undefined {
    const exact = this.byQualified(name, from);
    if (exact) return exact;
    const [first, ...rest] = name.split('.');
    const head = this.resolveSimpleType(first!, from);
    if (!head) return undefined;
    return rest.length === 0 ? head : this.byQualified([head.type.qualifiedName, ...rest].join('.'), from);
  }

  private resolveSimpleType(name: string, from: TypeRef): TypeRef | undefined {
    for (let scope: TypeRef | undefined = from; scope; scope = this.outerOf(scope)) {
      if (scope.type.name === name) return scope;
      const member = this.byQualified(`${scope.type.qualifiedName}.${name}`, from);
      if (member) return member;
    }
    const { file } = from;
    for (const imported of file.imports) {
      if (imported.endsWith(`.${name}`)) return this.byQualified(imported, from);
    }
    const samePackage = this.byQualified(file.package ? `${file.package}.${name}` : name, from);
    if (samePackage) return samePackage;
    for (const imported of file.imports) {
      if (!imported.endsWith('.*')) continue;
      const onDemand = this.byQualified(`${imported.slice(0, -2)}.${name}`, from);
      if (onDemand) return onDemand;
    }
    // Last resort for trees where a name is unambiguous anyway (e.g. an import of a generated package).
    const candidates = this.bySimple.get(name);
    return candidates?.length === 1 ? candidates[0] : undefined;
  }

  private outerOf(ref: TypeRef): TypeRef | undefined {
    return ref.type.outer ? this.byQualified(ref.type.outer, ref) : undefined;
  }

  /** Supertypes in the order Java looks members up: the superclass chain, then interfaces breadth-first. */
  ancestorsOf(ref: TypeRef): TypeRef[] {
    const seen = new Set<string>([ref.type.qualifiedName]);
    const ordered: TypeRef[] = [];
    const interfaces: TypeRef[] = [];
    const add = (target: TypeRef | undefined, list: TypeRef[]): void => {
      if (!target || seen.has(target.type.qualifiedName)) return;
      seen.add(target.type.qualifiedName);
      list.push(target);
    };
    const queueInterfaces = (of: TypeRef): void => {
      for (const name of of.type.interfaces) add(this.resolveType(name, of), interfaces);
    };
    queueInterfaces(ref);
    for (let current = ref; current.type.superclass; ) {
      const parent = this.resolveType(current.type.superclass, current);
      if (!parent || seen.has(parent.type.qualifiedName)) break;
      seen.add(parent.type.qualifiedName);
      ordered.push(parent);
      queueInterfaces(parent);
      current = parent;
    }
    for (let i = 0; i < interfaces.length; i++) queueInterfaces(interfaces[i]!);
    return [...ordered, ...interfaces];
  }

  /**
   * The callable methods of `ref` (its own and inherited ones) that carry route annotations somewhere
   * in the hierarchy, as Spring and JAX-RS find them: the annotations of the most specific
   * declaration that has any, and the implementation of the most specific declaration with a body.
   */
  handlerMethods(ref: TypeRef, isRouteDeclaration: (method: MethodFacts, owner: TypeRef) => boolean): HandlerMethod[] {
    const entries = new Map<string, MethodEntry[]>();
    const ordered: MethodEntry[] = [];
    for (const owner of [ref, ...this.ancestorsOf(ref)]) {
      for (const method of owner.type.methods) {
        if (method.isStatic) continue;
        const key = `${method.name}/${method.arity}`;
        const here: MethodRef = { method, owner };
        const candidates = entries.get(key) ?? [];
        let entry = matchingEntry(candidates, method, owner);
        if (!entry) {
          entry = { origin: owner, types: parameterTypes(method) };
          candidates.push(entry);
          entries.set(key, candidates);
          ordered.push(entry);
        }
        if (!entry.handler && method.hasBody) entry.handler = here;
        if (!entry.declaration && isRouteDeclaration(method, owner)) entry.declaration = here;
      }
    }
    const result: HandlerMethod[] = [];
    for (const entry of ordered) {
      if (entry.declaration) result.push({ handler: entry.handler ?? entry.declaration, declaration: entry.declaration });
    }
    return result;
  }

  /** Resolves a constant expression to its text(s): arrays give one result per element. */
  evaluate(expr: ValueExpr, from: TypeRef, depth = 0): ResolvedText[] {
    switch (expr.kind) {
      case 'string':
        return [{ text: expr.value, unresolved: [] }];
      case 'array':
        return expr.items.flatMap((item) => this.evaluate(item, from, depth));
      case 'concat': {
        const parts = expr.parts.map((part) => this.evaluateScalar(part, from, depth));
        return [{ text: parts.map((part) => part.text).join(''), unresolved: parts.flatMap((part) => part.unresolved) }];
      }
      case 'ref': {
        const constant = depth < MAX_CONSTANT_DEPTH ? this.resolveConstant(expr.name, from) : undefined;
        return constant ? this.evaluate(constant.expr, constant.owner, depth + 1) : [{ text: '', unresolved: [expr.name] }];
      }
      case 'other':
        return [{ text: '', unresolved: [expr.text.replace(/\s+/g, ' ')] }];
    }
  }

  private evaluateScalar(expr: ValueExpr, from: TypeRef, depth: number): ResolvedText {
    const [first, ...more] = this.evaluate(expr, from, depth);
    if (!first) return { text: '', unresolved: [] };
    return more.length ? { text: '', unresolved: [describe(expr)] } : first;
  }

  /** Where a constant written as `NAME`, `Type.NAME` or `pkg.Type.NAME` inside `from` is declared. */
  resolveConstant(name: string, from: TypeRef): { expr: ValueExpr; owner: TypeRef } | undefined {
    const dot = name.lastIndexOf('.');
    if (dot !== -1) {
      const owner = this.resolveType(name.slice(0, dot), from);
      return owner ? this.inheritedConstant(name.slice(dot + 1), owner) : undefined;
    }
    for (let scope: TypeRef | undefined = from; scope; scope = this.outerOf(scope)) {
      const found = this.inheritedConstant(name, scope);
      if (found) return found;
    }
    for (const imported of from.file.staticImports) {
      const cut = imported.lastIndexOf('.');
      const member = imported.slice(cut + 1);
      if (member !== name && member !== '*') continue;
      const owner = this.byQualified(imported.slice(0, cut), from);
      const found = owner ? this.inheritedConstant(name, owner) : undefined;
      if (found) return found;
    }
    return undefined;
  }

  private inheritedConstant(name: string, owner: TypeRef): { expr: ValueExpr; owner: TypeRef } | undefined {
    for (const type of [owner, ...this.ancestorsOf(owner)]) {
      const expr = type.type.constants[name];
      if (expr) return { expr, owner: type };
    }
    return undefined;
  }
}

/** One method of a hierarchy: its declarations and overrides, found by name, arity and parameter types. */
interface MethodEntry {
  origin: TypeRef;
  types: string;
  handler?: MethodRef;
  declaration?: MethodRef;
}

function parameterTypes(method: MethodFacts): string {
  return method.parameters.map((parameter) => parameter.type).join(',');
}

/**
 * The entry a method of `owner` overrides or declares. Overloads of one class with the same arity
 * (`get(UUID id)`, `get(String slug)`) are different methods; across the hierarchy the parameter types
 * may be written differently (a type parameter `T id` overridden by `Long id`), so there a single
 * candidate of the same name and arity is the one overridden.
 */
function matchingEntry(candidates: readonly MethodEntry[], method: MethodFacts, owner: TypeRef): MethodEntry | undefined {
  const types = parameterTypes(method);
  const exact = candidates.find((candidate) => candidate.types === types);
  if (exact) return exact;
  const inherited = candidates.filter((candidate) => candidate.origin !== owner);
  return inherited.length === 1 && candidates.length === 1 ? inherited[0] : undefined;
}

function push(map: Map<string, TypeRef[]>, key: string, ref: TypeRef): void {
  const list = map.get(key);
  if (list) list.push(ref);
  else map.set(key, [ref]);
}

function sharedPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}

function describe(expr: ValueExpr): string {
  switch (expr.kind) {
    case 'string':
      return JSON.stringify(expr.value);
    case 'ref':
      return expr.name;
    case 'other':
      return expr.text;
    case 'array':
      return `{${expr.items.map(describe).join(', ')}}`;
    case 'concat':
      return expr.parts.map(describe).join(' + ');
  }
}
