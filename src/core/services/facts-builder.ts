import type { Range, SgNode } from '@ast-grep/napi';
import type { CallSite, CodeSignal, FunctionFact } from './types.js';

/** A value the code computes, as far as one file tells: a literal, an environment variable, a config key. */
export interface ValueInfo {
  literal?: string;
  env?: string;
  config?: string;
  /** True when some part could not be read (an unknown identifier, a call). */
  dynamic?: boolean;
}

interface OpenFunction {
  fact: FunctionFact;
  start: number;
  end: number;
  seen: Set<string>;
}

/** Upper bound of distinct calls kept per function: call chains need the callees, not every call. */
const MAX_CALLS_PER_FUNCTION = 200;

/**
 * Accumulates one file's functions, calls and signals while its tree is alive. Calls and signals go to
 * the innermost recorded function that contains them (anonymous callbacks nested in a named function
 * are not recorded, so their calls count for the named one).
 */
export class FactsBuilder {
  private readonly open: OpenFunction[] = [];
  readonly signals: CodeSignal[] = [];

  addFunction(node: SgNode, fact: Omit<FunctionFact, 'startLine' | 'endLine' | 'calls'>): FunctionFact {
    return this.addFunctionAt(node.range(), fact);
  }

  /** `addFunction` for a node whose range the reader already has (each `range()` crosses into native code). */
  addFunctionAt(range: Range, fact: Omit<FunctionFact, 'startLine' | 'endLine' | 'calls'>): FunctionFact {
    const full: FunctionFact = { ...fact, startLine: range.start.line + 1, endLine: range.end.line + 1, calls: [] };
    this.open.push({ fact: full, start: range.start.index, end: range.end.index, seen: new Set() });
    return full;
  }

  /** True when a function already recorded contains the node (for skipping nested anonymous functions). */
  isInsideFunction(node: SgNode): boolean {
    return this.enclosingOpen(node) !== undefined;
  }

  enclosing(node: SgNode): FunctionFact | undefined {
    return this.enclosingOpen(node)?.fact;
  }

  /** The innermost recorded function that contains a range the reader already has. */
  enclosingAt(range: Range): FunctionFact | undefined {
    return this.innermost(range.start.index, range.end.index)?.fact;
  }

  private enclosingOpen(node: SgNode): OpenFunction | undefined {
    const { start, end } = node.range();
    return this.innermost(start.index, end.index);
  }

  private innermost(start: number, end: number): OpenFunction | undefined {
    let best: OpenFunction | undefined;
    for (const fn of this.open) {
      if (fn.start <= start && end <= fn.end && (!best || fn.start >= best.start)) best = fn;
    }
    return best;
  }

  addCall(node: SgNode, name: string, receiver: string[]): void {
    this.addCallAt(node.range(), name, receiver);
  }

  /** `addCall` for a call whose range the reader already has. */
  addCallAt(range: Range, name: string, receiver: string[]): void {
    const fn = this.innermost(range.start.index, range.end.index);
    if (!fn || fn.fact.calls.length >= MAX_CALLS_PER_FUNCTION) return;
    const key = `${receiver.join('.')}|${name}`;
    if (fn.seen.has(key)) return;
    fn.seen.add(key);
    const call: CallSite = { name, receiver, line: range.start.line + 1 };
    fn.fact.calls.push(call);
  }

  /** Records a signal at the node's line, in the enclosing function (or `owner`, for decorators). */
  signal(node: SgNode, signal: Omit<CodeSignal, 'line' | 'function'>, owner?: FunctionFact): void {
    const range = node.range();
    const fn = owner ?? this.innermost(range.start.index, range.end.index)?.fact;
    this.signals.push({ ...signal, line: range.start.line + 1, ...(fn ? { function: fn.name } : {}) });
  }

  functions(): FunctionFact[] {
    return this.open.map((fn) => fn.fact);
  }
}

/** Turns what a value is into a dependency target: `env:NAME`, `config:key`, an origin, or `dynamic`. */
export function targetOf(value: ValueInfo | undefined, kind: 'url' | 'name'): { target: string; fallback?: string } {
  if (!value) return { target: 'dynamic' };
  const literal = value.literal !== undefined ? (kind === 'url' ? originOf(value.literal) : value.literal) : undefined;
  if (value.env) return { target: `env:${value.env}`, ...(literal ? { fallback: literal } : {}) };
  if (value.config) return { target: `config:${value.config}`, ...(literal ? { fallback: literal } : {}) };
  if (literal && !value.dynamic) return { target: literal };
  if (literal && kind === 'url') return { target: literal };
  return { target: 'dynamic' };
}

/**
 * The origin of a URL or address, credentials and path left out (`postgres://u:p@db:5432/x` →
 * `postgres://db:5432`); a bare `host:port` stays; relative paths give undefined.
 */
export function originOf(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed || trimmed.startsWith('/')) return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)/i.exec(trimmed);
  if (scheme) {
    const host = scheme[2]!.slice(scheme[2]!.lastIndexOf('@') + 1);
    return host ? `${scheme[1]!.toLowerCase()}://${host}` : undefined;
  }
  // jdbc:postgresql://host/db
  const jdbc = /^jdbc:([a-z0-9]+):\/\/([^/?#;]*)/i.exec(trimmed);
  if (jdbc) return `${jdbc[1]!.toLowerCase()}://${jdbc[2]!.slice(jdbc[2]!.lastIndexOf('@') + 1)}`;
  if (/^[a-z0-9.-]+(:\d+)?$/i.test(trimmed)) return trimmed;
  return undefined;
}

/** Database system named by a URL scheme or driver name (`postgresql://`, `mysql`, `pgx`). */
export function systemOfScheme(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const scheme = (/^(?:jdbc:)?([a-z0-9+]+)(?::|$)/i.exec(text.trim())?.[1] ?? '').toLowerCase().split('+')[0]!;
  const systems: Record<string, string> = {
    postgres: 'postgres', postgresql: 'postgres', pg: 'postgres', pgx: 'postgres', psycopg2: 'postgres', asyncpg: 'postgres',
    mysql: 'mysql', mysql2: 'mysql', mariadb: 'mysql',
    mongodb: 'mongodb', mongo: 'mongodb',
    sqlite: 'sqlite', sqlite3: 'sqlite', redis: 'redis', rediss: 'redis',
    mssql: 'sqlserver', sqlserver: 'sqlserver', oracle: 'oracle',
  };
  return systems[scheme];
}

/** True for a literal that reads like SQL (the literal was extracted from the tree; this is not a scan of code). */
export function looksLikeSql(text: string): boolean {
  return /^\s*(select|insert\s+into|update\s+\S+\s+set|delete\s+from|with\s+\w+\s+as|merge\s+into|upsert)\b/i.test(text);
}

/** Merges value infos of parts joined together (`BASE + '/x'`, template strings). */
export function joinValues(parts: ReadonlyArray<ValueInfo | undefined>): ValueInfo {
  const first = parts[0];
  if (!first) return { dynamic: true };
  const restLiteral = parts.slice(1).map((part) => part?.literal);
  const rest = restLiteral.every((text) => text !== undefined) ? restLiteral.join('') : undefined;
  return {
    ...(first.env ? { env: first.env } : {}),
    ...(first.config ? { config: first.config } : {}),
    ...(first.literal !== undefined ? { literal: first.literal + (rest ?? '') } : {}),
    ...(first.dynamic || rest === undefined ? { dynamic: true } : {}),
  };
}
