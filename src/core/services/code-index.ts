import { aliasCandidates, NO_JS_MODULE_ALIASES, type JsModuleAliases } from '../source/js-module-aliases.js';
import type { Route } from '../routes/types.js';
import { functionRoles, ownFunctionNames, typeRoles } from './classify-roles.js';
import type { CallSite, ChainStep, CodeRole, CodeSignal, FileFacts, FunctionFact, ServiceMap, TypeFact } from './types.js';
import { dirOf, normalisePath } from '../source/repo-paths.js';

/** A call's resolved target: a function with a body, or a type with no body for it (a Spring Data repository). */
type Target = { kind: 'function'; file: string; fn: FunctionFact } | { kind: 'type'; file: string; type: TypeFact; method: string };

const JS_EXTENSIONS = ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.jsx', '.mts', '.cts'];
/** Call chains stop here: deep enough for handler → service → repository → client. */
export const DEFAULT_CHAIN_DEPTH = 4;
const MAX_STEPS = 60;

/** Kinds of signals a chain reports as "reaches". */
const REACH_KINDS = new Set<CodeSignal['kind']>(['http-call', 'grpc-client', 'db-query', 'db-client', 'cache-client', 'produce']);

/** How a signal reads in a chain: `http env:INVENTORY_URL`, `database postgres`, `produce kafka orders.created`. */
export function describeReach(signal: CodeSignal): string {
  switch (signal.kind) {
    case 'http-call': return `http ${signal.target ?? 'dynamic'}`;
    case 'grpc-client': return `grpc ${signal.target ?? 'dynamic'}`;
    case 'db-query': return signal.system === 'redis' || signal.system === 'memcached' ? `cache ${signal.system}` : `database ${signal.system ?? signal.library}`;
    case 'db-client': return `database ${signal.system ?? signal.library}`;
    case 'cache-client': return `cache ${signal.system ?? signal.library}`;
    case 'produce': return `produce ${signal.system ?? signal.library} ${signal.target ?? 'dynamic'}`;
    default: return signal.kind;
  }
}

const indexes = new WeakMap<ServiceMap, CodeIndex>();

/** The cross-file index of a map (built once per map, shared by the map's own linking and the PR's chains). */
export function codeIndexOf(map: ServiceMap): CodeIndex {
  let index = indexes.get(map);
  if (!index) {
    index = new CodeIndex(map.facts, Object.entries(map.goModules).map(([root, module]) => ({ root, module })), map.jsAliases);
    indexes.set(map, index);
  }
  return index;
}

/**
 * Cross-file index of functions and types, to follow calls from a route handler down to the code
 * that reaches other systems. Resolution is by name through imports (JS/TS, Python), packages and
 * receiver types (Go, Java); a call it cannot place is left out, never guessed.
 */
export class CodeIndex {
  private readonly files: ReadonlyMap<string, FileFacts>;
  private readonly typesByName = new Map<string, Array<{ file: string; type: TypeFact }>>();
  private readonly filesByDir = new Map<string, string[]>();

  constructor(
    facts: Readonly<Record<string, FileFacts>>,
    private readonly goModules: ReadonlyArray<{ root: string; module: string }> = [],
    private readonly jsAliases: JsModuleAliases = NO_JS_MODULE_ALIASES,
  ) {
    this.files = new Map(Object.entries(facts));
    for (const [path, file] of this.files) {
      for (const type of file.types) {
        const list = this.typesByName.get(type.name) ?? [];
        list.push({ file: path, type });
        this.typesByName.set(type.name, list);
      }
      const dir = dirOf(path);
      const list = this.filesByDir.get(dir) ?? [];
      list.push(path);
      this.filesByDir.set(dir, list);
    }
  }

  /** The function a route's handler reference points at. */
  handlerOf(route: Route): { file: string; fn: FunctionFact } | undefined {
    const handler = route.handler;
    if (!handler) return undefined;
    const file = this.files.get(handler.file);
    if (!file) return undefined;
    const exact = file.functions.find((fn) => fn.startLine === handler.startLine) ?? file.functions.find((fn) => handler.name !== undefined && (fn.name === handler.name || fn.name.endsWith(`.${handler.name}`)) && fn.startLine <= handler.startLine && handler.startLine <= fn.endLine);
    if (exact) return { file: handler.file, fn: exact };
    // A function inside the handler's span (the extractor pointed at a wrapper or a registration);
    // never the function around it, which would credit the handler with its neighbours' calls.
    const inside = file.functions.filter((fn) => fn.startLine >= handler.startLine && fn.endLine <= handler.endLine);
    inside.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
    return inside[0] ? { file: handler.file, fn: inside[0] } : undefined;
  }

  /** The chain from a function down to what it reaches, pruned to the branches that reach something. */
  chainFrom(file: string, fn: FunctionFact, depth = DEFAULT_CHAIN_DEPTH): ChainStep {
    const budget = { steps: 0 };
    const root = this.step({ kind: 'function', file, fn }, depth, new Set(), budget, true)!;
    // The chain starts at a route's handler, whatever else the function does.
    return { ...root, roles: ['route-handler', ...root.roles.filter((role) => role !== 'business-service' && role !== 'route-handler')] };
  }

  private step(target: Target, depth: number, visiting: Set<string>, budget: { steps: number }, isRoot: boolean): ChainStep | undefined {
    budget.steps++;
    if (target.kind === 'type') {
      const roles = typeRoles(target.type);
      if (!isRoot && roles.length === 0) return undefined;
      return { function: `${target.type.name}.${target.method}`, file: target.file, line: target.type.startLine, roles: roles.length > 0 ? roles : ['business-service'], reaches: roles.includes('data-access') ? ['database'] : [], calls: [] };
    }
    const { file, fn } = target;
    const facts = this.files.get(file)!;
    const owner = fn.owner ? facts.types.find((type) => type.name === fn.owner) : undefined;
    const names = ownFunctionNames(facts.functions, fn);
    const roles = functionRoles(fn, facts.signals, owner, [], names);
    const reaches = [...new Set(facts.signals.filter((signal) => signal.function !== undefined && names.has(signal.function) && REACH_KINDS.has(signal.kind)).map(describeReach))];
    const nested = facts.functions.filter((other) => other !== fn && names.has(other.name));
    const key = `${file}#${fn.name}`;
    const calls: ChainStep[] = [];
    if (depth > 0) {
      visiting.add(key);
      const seen = new Set<string>();
      for (const { call, from } of [...fn.calls.map((call) => ({ call, from: fn })), ...nested.flatMap((inner) => inner.calls.map((call) => ({ call, from: inner })))]) {
        if (budget.steps >= MAX_STEPS) break;
        // A callback sees its own parameters and the enclosing method's `this`/fields.
        const scope = from === fn ? fn : { ...from, ...(fn.owner ? { owner: fn.owner } : {}), params: [...from.params, ...fn.params] };
        const resolved = this.resolve(file, scope, call);
        if (!resolved) continue;
        const id = resolved.kind === 'function' ? `${resolved.file}#${resolved.fn.name}` : `${resolved.file}#${resolved.type.name}.${resolved.method}`;
        if (seen.has(id) || visiting.has(id) || id === key) continue;
        seen.add(id);
        const child = this.step(resolved, depth - 1, visiting, budget, false);
        if (child) calls.push(child);
      }
      visiting.delete(key);
    }
    const interesting = reaches.length > 0 || calls.length > 0 || roles.some((role: CodeRole) => role === 'data-access' || role === 'outbound-client' || role === 'message-producer');
    if (!isRoot && !interesting) return undefined;
    return { function: fn.name, file, line: fn.startLine, roles, reaches, calls };
  }

  /** Where a call in `fn` (declared in `file`) goes, when the code says. */
  resolve(file: string, fn: FunctionFact, call: CallSite): Target | undefined {
    const facts = this.files.get(file);
    if (!facts || call.receiver[0] === '?') return undefined;
    const receiver = call.receiver;
    if (receiver.length === 0) return this.resolveBare(facts, fn, call.name);
    const self = receiver[0] === 'this' || receiver[0] === 'self' || (facts.family === 'go' && fn.params[0]?.name === receiver[0] && fn.owner !== undefined);
    if (self && receiver.length === 1) {
      return fn.owner ? this.methodOf(facts, fn.owner, call.name, file) : undefined;
    }
    if (self && receiver.length === 2) {
      const owner = fn.owner ? this.findType(facts, fn.owner) : undefined;
      const field = owner?.type.fields.find((f) => f.name === receiver[1]);
      return field?.type ? this.methodOnType(facts, field.type, call.name) : undefined;
    }
    if (receiver.length !== 1) return undefined;
    const name = receiver[0]!;
    const param = fn.params.find((p) => p.name === name);
    if (param?.type) return this.methodOnType(facts, param.type, call.name);
    const instance = facts.instances.find((i) => i.name === name);
    if (instance) return this.methodOnType(facts, instance.type, call.name);
    if (facts.family === 'java') {
      const owner = fn.owner ? this.findType(facts, fn.owner) : undefined;
      const field = owner?.type.fields.find((f) => f.name === name);
      if (field?.type) return this.methodOnType(facts, field.type, call.name);
      if (/^[A-Z]/.test(name)) return this.methodOnType(facts, name, call.name);
      return undefined;
    }
    if (facts.family === 'go') {
      const path = facts.imports.find((imported) => imported.bindings[0]?.local === name)?.source;
      const dir = path ? this.goDirOf(path) : undefined;
      return dir !== undefined ? this.functionInDir(dir, call.name) : undefined;
    }
    // JS / Python: a module or class imported under `name`.
    const binding = this.importBinding(facts, name);
    if (!binding) return undefined;
    if (binding.target) {
      const module = this.files.get(binding.target)!;
      const inModule = module.functions.find((f) => f.name === call.name && !f.owner) ?? module.functions.find((f) => f.name === `${binding.imported}.${call.name}`);
      if (inModule) return { kind: 'function', file: binding.target, fn: inModule };
      if (binding.imported !== '*' && binding.imported !== 'default') return this.methodOf(module, binding.imported, call.name, binding.target);
    }
    return undefined;
  }

  private resolveBare(facts: FileFacts, fn: FunctionFact, name: string): Target | undefined {
    const local = facts.functions.find((f) => f.name === name && !f.owner);
    if (local) return { kind: 'function', file: facts.path, fn: local };
    if (facts.family === 'go') return this.functionInDir(dirOf(facts.path), name);
    if (facts.family === 'java') return fn.owner ? this.methodOf(facts, fn.owner, name, facts.path) : undefined;
    const binding = this.importBinding(facts, name);
    if (!binding?.target) return undefined;
    const module = this.files.get(binding.target)!;
    const wanted = binding.imported === 'default' || binding.imported === '*' ? name : binding.imported;
    const exported = module.functions.find((f) => f.name === wanted && !f.owner);
    return exported ? { kind: 'function', file: binding.target, fn: exported } : undefined;
  }

  private methodOf(facts: FileFacts, owner: string, method: string, file: string): Target | undefined {
    const own = facts.functions.find((f) => f.owner === owner && f.name === `${owner}.${method}`);
    if (own) return { kind: 'function', file, fn: own };
    const found = this.typesByName.get(owner)?.find((entry) => entry.file === file) ?? this.typesByName.get(owner)?.[0];
    if (found) return this.methodInType(found.file, found.type, method);
    return undefined;
  }

  /** A method on a declared type: its own, an implementation's, or the type itself (a repository interface). */
  private methodOnType(facts: FileFacts, typeText: string, method: string): Target | undefined {
    const found = this.findType(facts, typeText);
    if (!found) return undefined;
    return this.methodInType(found.file, found.type, method);
  }

  private methodInType(file: string, type: TypeFact, method: string): Target | undefined {
    const declared = this.files.get(file)!.functions.find((f) => f.owner === type.name && f.name === `${type.name}.${method}`);
    if (declared) return { kind: 'function', file, fn: declared };
    // An interface: its single implementation in the repository (Java/TS `implements`, Go methods of the package).
    const implementations = [...this.typesByName.values()].flat().filter((entry) => entry.type.supertypes.includes(type.name));
    for (const implementation of implementations.length === 1 ? implementations : []) {
      const fn = this.files.get(implementation.file)!.functions.find((f) => f.name === `${implementation.type.name}.${method}`);
      if (fn) return { kind: 'function', file: implementation.file, fn };
    }
    if (type.kind === 'interface' && this.files.get(file)!.family === 'go') {
      const candidates = (this.filesByDir.get(dirOf(file)) ?? []).flatMap((path) => this.files.get(path)!.functions.filter((f) => f.owner && f.name === `${f.owner}.${method}`).map((fn) => ({ path, fn })));
      if (candidates.length === 1) return { kind: 'function', file: candidates[0]!.path, fn: candidates[0]!.fn };
    }
    if (type.kind === 'interface' || typeRoles(type).length > 0) return { kind: 'type', file, type, method };
    return undefined;
  }

  /** A type by the name a file uses for it (`OrderService`, `service.Orders`, `*repo.Store`). */
  private findType(facts: FileFacts, typeText: string): { file: string; type: TypeFact } | undefined {
    const cleaned = typeText.replace(/^[*&[\]\s]+/, '').split('<')[0]!.split('[')[0]!.trim();
    const parts = cleaned.split('.');
    const name = parts[parts.length - 1]!;
    const candidates = this.typesByName.get(name);
    if (!candidates || candidates.length === 0) return undefined;
    if (candidates.length === 1) return candidates[0];
    const same = candidates.find((entry) => entry.file === facts.path);
    if (same) return same;
    if (facts.family === 'go') {
      const qualifier = parts.length > 1 ? parts[0]! : undefined;
      const path = qualifier ? facts.imports.find((imported) => imported.bindings[0]?.local === qualifier)?.source : undefined;
      const dir = path ? this.goDirOf(path) : dirOf(facts.path);
      return candidates.find((entry) => dirOf(entry.file) === dir);
    }
    if (facts.family === 'java') {
      const imported = facts.imports.find((entry) => entry.source.endsWith(`.${name}`));
      const wanted = imported ? `${imported.source.replace(/\./g, '/')}.java` : undefined;
      return candidates.find((entry) => (wanted ? entry.file.endsWith(wanted) : dirOf(entry.file) === dirOf(facts.path)));
    }
    const binding = this.importBinding(facts, name);
    return binding?.target ? candidates.find((entry) => entry.file === binding.target) : undefined;
  }

  /**
   * The file of the repository an import of `from` names: a JS/TS module (relative, tsconfig paths,
   * workspace packages), a Python module, a file of a Go package of the repository's modules, a Java
   * class file. Undefined for third-party code.
   */
  importedPath(from: string, source: string): string | undefined {
    const facts = this.files.get(from);
    if (!facts) return undefined;
    switch (facts.family) {
      case 'js':
        return this.jsModule(from, source).target;
      case 'python':
        return this.pyModule(from, source);
      case 'go': {
        const dir = this.goDirOf(source);
        return dir === undefined ? undefined : this.filesByDir.get(dir)?.[0];
      }
      case 'java': {
        const wanted = `/${source.replace(/\./g, '/')}.java`;
        for (const path of this.files.keys()) if (path.endsWith(wanted)) return path;
        return undefined;
      }
    }
  }

  private functionInDir(dir: string, name: string): Target | undefined {
    for (const path of this.filesByDir.get(dir) ?? []) {
      const fn = this.files.get(path)!.functions.find((f) => f.name === name && !f.owner);
      if (fn) return { kind: 'function', file: path, fn };
    }
    return undefined;
  }

  private goDirOf(importPath: string): string | undefined {
    for (const { root, module } of this.goModules) {
      if (importPath === module) return root;
      if (importPath.startsWith(`${module}/`)) return root ? `${root}/${importPath.slice(module.length + 1)}` : importPath.slice(module.length + 1);
    }
    return undefined;
  }

  /** The file an imported local name comes from (JS relative imports, Python modules), and what it names. */
  private importBinding(facts: FileFacts, local: string): { target?: string; imported: string } | undefined {
    for (const imported of facts.imports) {
      const binding = imported.bindings.find((b) => b.local === local);
      if (!binding) continue;
      if (facts.family === 'js') return { imported: binding.imported, ...this.jsModule(facts.path, imported.source) };
      // Python: `from app.services import orders` may name a module (app/services/orders.py) or a member.
      const asModule = this.pyModule(facts.path, binding.imported === '*' ? imported.source : `${imported.source}.${binding.imported}`);
      if (asModule && binding.imported !== '*') return { target: asModule, imported: '*' };
      if (asModule) return { target: asModule, imported: '*' };
      const parent = this.pyModule(facts.path, imported.source);
      return { imported: binding.imported, ...(parent ? { target: parent } : {}) };
    }
    return undefined;
  }

  /** Relative imports, then the names the repository declares (tsconfig paths, workspace packages). */
  private jsModule(from: string, specifier: string): { target?: string } {
    const bases = specifier.startsWith('.') ? [normalisePath(`${dirOf(from)}/${specifier}`)] : aliasCandidates(this.jsAliases, from, specifier);
    for (const base of bases) {
      const stem = base.replace(/\.(js|mjs|cjs|jsx)$/, '');
      const candidates = [base, ...JS_EXTENSIONS.map((ext) => `${stem}${ext}`), ...JS_EXTENSIONS.map((ext) => `${stem}/index${ext}`)];
      const target = candidates.find((candidate) => this.files.has(candidate));
      if (target) return { target };
    }
    return {};
  }

  private pyModule(from: string, module: string): string | undefined {
    const dots = /^\.+/.exec(module)?.[0].length ?? 0;
    const rest = module.slice(dots).split('.').filter(Boolean).join('/');
    const bases: string[] = [];
    if (dots > 0) {
      let dir = dirOf(from);
      for (let i = 1; i < dots; i++) dir = dirOf(dir);
      bases.push(dir);
    } else {
      // Absolute imports: from the repository root, `src/`, or any ancestor of the importing file.
      let dir = dirOf(from);
      for (;;) {
        bases.push(dir);
        if (!dir) break;
        dir = dirOf(dir);
      }
      bases.push('src');
    }
    for (const base of bases) {
      const stem = [base, rest].filter(Boolean).join('/');
      for (const candidate of [`${stem}.py`, `${stem}/__init__.py`]) if (this.files.has(candidate)) return candidate;
    }
    return undefined;
  }
}



/** Every dependency a chain reaches, once. */
export function reachesOf(step: ChainStep | undefined): string[] {
  if (!step) return [];
  const all = new Set<string>(step.reaches);
  for (const call of step.calls) for (const reach of reachesOf(call)) all.add(reach);
  return [...all].sort();
}
