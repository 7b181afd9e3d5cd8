import type { SgNode } from '@ast-grep/napi';
import type { RuleLanguage } from '../types.js';
import { CALL_KINDS } from './call-parts.js';

/**
 * One call of a file, shared by every rule. Its callee name costs two native calls, so it is read
 * only for calls whose text can contain a name a rule asks for.
 */
export class IndexedCall {
  /** Byte span, read on first use (containment checks repeat per handler and loop). */
  span?: { start: number; end: number };
  private calleeName: string | null | undefined;
  private source: string | undefined;

  constructor(readonly node: SgNode, private readonly family: RuleLanguage, private readonly kind?: string) {}

  /** `query` in `db.pool.query(…)`, `Pool` in `new Pool()`; empty when the call has no callee. */
  get name(): string {
    if (this.calleeName === undefined) this.calleeName = calleeNameOf(this.node, this.family, this.kind);
    return this.calleeName ?? '';
  }

  /** False when the call has no callee node (such calls have no name and are never indexed). */
  get hasCallee(): boolean {
    return this.name !== '' || this.calleeName !== null;
  }

  /** The call's source text (a cheap filter: a callee name is part of it). */
  get text(): string {
    return (this.source ??= this.node.text());
  }
}

function calleeNameOf(node: SgNode, family: RuleLanguage, known?: string): string | null {
  let callee: SgNode | null;
  if (family === 'java') callee = (known ?? node.kind()) === 'method_invocation' ? node.field('name') : node.field('type');
  else if (family === 'js' && (known ?? node.kind()) === 'new_expression') callee = node.field('constructor');
  else callee = node.field('function');
  if (!callee) return null;
  const cut = callee.text().split('<')[0]!;
  return cut.slice(cut.lastIndexOf('.') + 1).trim();
}

/** The calls of one file, read from the file's shared query. */
export class CallIndex {
  private readonly entries: IndexedCall[];
  private everything: IndexedCall[] | undefined;

  constructor(nodes: readonly SgNode[], kinds: readonly string[], family: RuleLanguage) {
    this.entries = nodes.map((node, i) => new IndexedCall(node, family, kinds[i]));
  }

  /** Every call that has a callee, in document order. */
  get all(): IndexedCall[] {
    return (this.everything ??= this.entries.filter((call) => call.hasCallee));
  }

  /** Calls named one of `names` (names that occur in the file), in document order. */
  named(names: readonly string[]): IndexedCall[] {
    const wanted = new Set(names);
    return this.entries.filter((call) => names.some((name) => call.text.includes(name)) && wanted.has(call.name));
  }

  /** Calls whose name passes `accept`; `words` are substrings every accepted name contains (a filter on the call's text). */
  matching(words: readonly string[], accept: (name: string) => boolean): IndexedCall[] {
    return this.entries.filter((call) => words.some((word) => call.text.includes(word)) && call.hasCallee && accept(call.name));
  }
}

/** Every call of a file with its name (outside the rule runner: tests, one-off readers). */
export function indexCalls(root: SgNode, family: RuleLanguage): IndexedCall[] {
  const nodes = root.findAll({ rule: { any: CALL_KINDS[family].map((kind) => ({ kind })) } });
  return new CallIndex(nodes, nodes.map((node) => node.kind() as string), family).all;
}

/** The calls of `calls` whose name is one of `names`. */
export function callsWithName(calls: readonly IndexedCall[], names: ReadonlySet<string>): IndexedCall[] {
  return calls.filter((call) => names.has(call.name));
}

/** True when a call lies inside `container` (by byte offsets). */
export function isInside(call: IndexedCall, container: { start: number; end: number }): boolean {
  const span = (call.span ??= spanOf(call.node));
  return container.start <= span.start && span.end <= container.end;
}

/** Byte span of a node, for repeated containment checks. */
export function spanOf(node: SgNode): { start: number; end: number } {
  const range = node.range();
  return { start: range.start.index, end: range.end.index };
}
