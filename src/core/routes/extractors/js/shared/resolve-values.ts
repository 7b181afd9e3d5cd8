import type { ProjectInfo } from '../../../types.js';
import { own, type Arg, type ClassDef, type FnDef, type Part, type Val } from './facts.js';
import { dirName, type ModuleIndex } from './module-index.js';

/** A value resolved across modules. File-scoped parts (ids, nested values) carry their module's path. */
export type Resolved =
  | { k: 'u'; text?: string }
  | { k: 's'; file: string; parts: Part[] }
  | { k: 'obj'; file: string; id: number }
  | { k: 'param'; file: string; fn: number; i: number; key?: string }
  /** A framework object made by the router graph (Hono basePath, Express route chain). */
  | { k: 'node'; key: string }
  | { k: 'chain'; node: string; path: Arg; file: string }
  | { k: 'fn'; file: string; id: number }
  | { k: 'cls'; file: string; id: number }
  | { k: 'inst'; file: string; cls: number }
  | { k: 'mod'; file: string }
  | { k: 'rec'; file: string; props: Record<string, Arg> }
  | { k: 'arr'; file: string; items: Arg[] }
  /** Something a package exports (`@fastify/autoload`, `fastify-plugin`), with the member path read. */
  | { k: 'ext'; spec: string; path: string[] }
  /** A call of a package function: `fp(plugin)`, `mount('/x', router.routes())`, `asyncHandler(fn)`. */
  | { k: 'extCall'; spec: string; path: string[]; args: Arg[]; file: string };

/** A string resolved as far as the repository tells. */
export interface ResolvedText {
  text: string;
  /** Some piece is computed at run time and was left out. */
  partial: boolean;
  notes: string[];
}

const UNKNOWN: Resolved = { k: 'u' };
const MAX_DEPTH = 48;

/** Follows values across modules: imports to exports, members, calls to return values. */
export class ValueResolver {
  private readonly cache = new WeakMap<Val, Resolved>();
  private readonly active = new Set<Val>();

  constructor(
    readonly index: ModuleIndex,
    readonly project: ProjectInfo,
  ) {}

  resolve(file: string, val: Val, depth = 0): Resolved {
    const cached = this.cache.get(val);
    if (cached) return cached;
    if (depth > MAX_DEPTH || this.active.has(val)) return UNKNOWN;
    this.active.add(val);
    try {
      const result = this.compute(file, val, depth);
      this.cache.set(val, result);
      return result;
    } finally {
      this.active.delete(val);
    }
  }

  fn(file: string, id: number): FnDef | undefined {
    return this.index.facts(file)?.fns[id];
  }

  cls(file: string, id: number): ClassDef | undefined {
    return this.index.facts(file)?.classes[id];
  }

  /**
   * How a framework object answers a method call (`router.routes()`, `app.basePath('/api')`); the
   * router graph overrides this.
   */
  protected frameworkMethod(_recv: Resolved, _name: string, _args: Arg[], _file: string, _at: number): Resolved | undefined {
    return undefined;
  }

  /** Whether a value is a framework object the router graph knows. */
  protected isFrameworkValue(value: Resolved): boolean {
    return value.k === 'obj' || value.k === 'param' || value.k === 'node' || value.k === 'chain';
  }

  private compute(file: string, val: Val, depth: number): Resolved {
    switch (val.t) {
      case 'u':
        return val.text === undefined ? UNKNOWN : { k: 'u', text: val.text };
      case 's':
        return { k: 's', file, parts: val.parts };
      case 'obj':
        return { k: 'obj', file, id: val.id };
      case 'param':
        return val.key === undefined ? { k: 'param', file, fn: val.fn, i: val.i } : { k: 'param', file, fn: val.fn, i: val.i, key: val.key };
      case 'fn':
        return { k: 'fn', file, id: val.id };
      case 'cls':
        return { k: 'cls', file, id: val.id };
      case 'rec':
        return { k: 'rec', file, props: val.props };
      case 'arr':
        return { k: 'arr', file, items: val.items };
      case 'imp':
        return this.importValue(file, val.spec, val.name, depth);
      case 'mem':
        return this.member(this.resolve(file, val.of, depth + 1), val.name, depth);
      case 'call':
        return this.call(file, val, depth);
    }
  }

  /** What `import { name } from spec` (name '*' for the module itself) is, seen from `file`. */
  importValue(file: string, spec: string, name: string, depth = 0): Resolved {
    const target = this.index.resolve(file, spec);
    if (target === undefined || !this.index.facts(target)) return { k: 'ext', spec, path: name === '*' ? [] : [name] };
    return name === '*' ? this.moduleValue(target, depth) : this.exportOf(target, name, depth);
  }

  /** The value of a module as `require` returns it: `module.exports` when assigned, else its namespace. */
  moduleValue(path: string, depth = 0): Resolved {
    const facts = this.index.facts(path);
    const assigned = facts && own(facts.exports, '=');
    return assigned ? this.resolve(path, assigned, depth + 1) : { k: 'mod', file: path };
  }

  exportOf(path: string, name: string, depth = 0, seen = new Set<string>()): Resolved {
    const facts = this.index.facts(path);
    if (!facts || seen.has(path) || depth > MAX_DEPTH) return UNKNOWN;
    seen.add(path);
    const direct = own(facts.exports, name);
    if (direct) return this.resolve(path, direct, depth + 1);
    const assigned = own(facts.exports, '=');
    if (assigned) {
      const value = this.resolve(path, assigned, depth + 1);
      // CommonJS seen from ESM: `import x from './cjs'` is module.exports.
      if (name === 'default') return value;
      return this.member(value, name, depth + 1);
    }
    if (name === 'default') return UNKNOWN;
    for (const star of facts.stars) {
      const target = this.index.resolve(path, star);
      if (target === undefined) continue;
      const value = this.exportOf(target, name, depth + 1, seen);
      if (value.k !== 'u') return value;
    }
    return UNKNOWN;
  }

  member(of: Resolved, name: string, depth = 0): Resolved {
    switch (of.k) {
      case 'mod':
        return this.exportOf(of.file, name, depth + 1);
      case 'rec': {
        const prop = own(of.props, name);
        return prop ? this.resolve(of.file, prop.v, depth + 1) : UNKNOWN;
      }
      case 'ext':
        return { k: 'ext', spec: of.spec, path: [...of.path, name] };
      case 'inst': {
        const def = this.cls(of.file, of.cls);
        if (!def) return UNKNOWN;
        const method = own(def.methods, name);
        if (method !== undefined) return { k: 'fn', file: of.file, id: method };
        const field = own(def.fields, name);
        return field ? this.resolve(of.file, field, depth + 1) : UNKNOWN;
      }
      case 'cls': {
        // Static members are rare in routing code; a method reference still names the handler.
        const def = this.cls(of.file, of.id);
        const method = def && own(def.methods, name);
        return method !== undefined && method !== null ? { k: 'fn', file: of.file, id: method } : UNKNOWN;
      }
      default:
        return UNKNOWN;
    }
  }

  private call(file: string, val: Extract<Val, { t: 'call' }>, depth: number): Resolved {
    if (val.fn.t === 'mem') {
      const recv = this.resolve(file, val.fn.of, depth + 1);
      if (this.isFrameworkValue(recv)) return this.frameworkMethod(recv, val.fn.name, val.args, file, val.at) ?? UNKNOWN;
    }
    const callee = this.resolve(file, val.fn, depth + 1);
    if (val.isNew) return callee.k === 'cls' ? { k: 'inst', file: callee.file, cls: callee.id } : UNKNOWN;
    if (callee.k === 'fn') return this.returnOf(callee.file, callee.id, depth);
    if (callee.k === 'ext') return { k: 'extCall', spec: callee.spec, path: callee.path, args: val.args, file };
    return UNKNOWN;
  }

  /**
   * The function a handler value names: like `resolve`, but a call wrapping a function
   * (`catchAsync(async (req, res) => …)`, also behind imports and members) stands for the wrapped
   * function rather than for what the wrapper returns.
   */
  resolveFunction(file: string, val: Val, depth = 0): Resolved {
    if (depth > 8) return UNKNOWN;
    if (val.t === 'call') {
      for (const arg of [...val.args].reverse()) {
        const inner = this.resolveFunction(file, arg.v, depth + 1);
        if (inner.k === 'fn') return inner;
      }
      return this.resolve(file, val);
    }
    const raw = val.t === 'imp' ? this.rawImport(file, val.spec, val.name) : val.t === 'mem' ? this.rawMember(this.resolve(file, val.of), val.name) : undefined;
    if (raw) return this.resolveFunction(raw.file, raw.val, depth + 1);
    return this.resolve(file, val);
  }

  private rawImport(file: string, spec: string, name: string): { file: string; val: Val } | undefined {
    const target = this.index.resolve(file, spec);
    const facts = target === undefined ? undefined : this.index.facts(target);
    if (!facts || target === undefined) return undefined;
    if (name === '*') {
      const assigned = own(facts.exports, '=');
      return assigned ? { file: target, val: assigned } : undefined;
    }
    return this.rawExport(target, name, new Set());
  }

  private rawExport(path: string, name: string, seen: Set<string>): { file: string; val: Val } | undefined {
    const facts = this.index.facts(path);
    if (!facts || seen.has(path)) return undefined;
    seen.add(path);
    const direct = own(facts.exports, name);
    if (direct) return { file: path, val: direct };
    const assigned = own(facts.exports, '=');
    if (assigned) return name === 'default' ? { file: path, val: assigned } : this.rawMember(this.resolve(path, assigned), name);
    for (const star of facts.stars) {
      const target = this.index.resolve(path, star);
      const found = target === undefined ? undefined : this.rawExport(target, name, seen);
      if (found) return found;
    }
    return undefined;
  }

  private rawMember(of: Resolved, name: string): { file: string; val: Val } | undefined {
    if (of.k === 'mod') return this.rawExport(of.file, name, new Set());
    if (of.k === 'rec') {
      const prop = own(of.props, name);
      return prop ? { file: of.file, val: prop.v } : undefined;
    }
    return undefined;
  }

  /** What a function returns: the first return value the analysis can follow. */
  returnOf(file: string, id: number, depth = 0): Resolved {
    const returns = this.fn(file, id)?.returns ?? [];
    let fallback: Resolved = UNKNOWN;
    for (const value of returns) {
      const result = this.resolve(file, value, depth + 1);
      if (this.isFrameworkValue(result)) return result;
      if (fallback.k === 'u') fallback = result;
    }
    return fallback;
  }

  /** A resolved value as text (a path, a prefix), with configuration defaults applied and noted. */
  text(value: Resolved, source?: string, depth = 0): ResolvedText {
    if (value.k === 's') return this.partsText(value.file, value.parts, depth);
    const written = source ?? (value.k === 'u' ? value.text : undefined);
    const note = written ? `\`${written}\` is computed at run time` : 'part of the path is computed at run time';
    return { text: '', partial: true, notes: [note] };
  }

  /** The text of a value written in `file` (`source`: how it is written, for notes). */
  valText(file: string, val: Val, source?: string): ResolvedText {
    return this.text(this.resolve(file, val), source);
  }

  private partsText(file: string, parts: readonly Part[], depth: number): ResolvedText {
    const result: ResolvedText = { text: '', partial: false, notes: [] };
    for (const part of parts) {
      const piece = this.partText(file, part, depth);
      result.text += piece.text;
      result.partial ||= piece.partial;
      for (const note of piece.notes) if (!result.notes.includes(note)) result.notes.push(note);
    }
    return result;
  }

  private partText(file: string, part: Part, depth: number): ResolvedText {
    if (typeof part === 'string') return { text: part, partial: false, notes: [] };
    if ('dir' in part) return { text: dirName(file), partial: false, notes: [] };
    if ('env' in part) {
      const known = this.project.envDefaults.get(part.env);
      if (known) return { text: known.value, partial: false, notes: [`prefix from ${part.env}, default from ${known.file}`] };
      return { text: '', partial: true, notes: [`prefix from ${part.env}, which has no default in the repository`] };
    }
    if ('ref' in part) {
      if (depth > 8) return { text: '', partial: true, notes: [] };
      const value = this.resolve(file, part.ref);
      if (value.k === 's') return this.partsText(value.file, value.parts, depth + 1);
      return { text: '', partial: true, notes: [`\`${part.text}\` is computed at run time`] };
    }
    // a ?? b, a || b: the configured value when the repository ships one, else the fallback in code.
    const first = this.partsText(file, part.or[0], depth + 1);
    if (!first.partial && first.text !== '') return first;
    const second = this.partsText(file, part.or[1], depth + 1);
    if (second.partial) return { text: first.text, partial: true, notes: [...first.notes, ...second.notes] };
    const envNames = part.or[0].filter((piece): piece is { env: string } => typeof piece === 'object' && 'env' in piece).map((piece) => piece.env);
    const source = envNames.length > 0 ? envNames.join(', ') : `\`${part.text}\``;
    return { text: second.text, partial: false, notes: [`prefix from ${source}, not set in the repository: default '${second.text}' from the code`] };
  }
}
