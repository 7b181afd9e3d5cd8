import type { SgNode } from '@ast-grep/napi';
import type { RuleLanguage } from '../types.js';
import { treeCache } from '../../source/tree-cache.js';

/**
 * One call of a file, shared by every rule. Its callee name costs two native calls, so it is read
 * only for calls whose text can contain a name a rule asks for.
 */
export class IndexedCall {
  /** Byte span, read on first use (containment checks repeat per handler and loop). */
  span?: { start: number; end: number };
  private calleeName: string | null | undefined;
  private source: string | undefined;

  constructor(readonly node: SgNode, private readonly family: RuleLanguage, readonly kind: string) {}

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

function calleeNameOf(node: SgNode, family: RuleLanguage, kind: string): string | null {
  const callee = calleeOf(node, family, kind);
  if (!callee) return null;
  const text = withoutTypeArguments(callee.text());
  return text.slice(text.lastIndexOf('.') + 1).trim();
}

/**
 * A callee's text without the type arguments it ends with: `pool.query<Row>` → `pool.query`,
 * `new Hono<Env>().get('/x', h).get` stays whole (its generics are inside, not at the end).
 */
function withoutTypeArguments(text: string): string {
  if (!text.endsWith('>')) return text;
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    if (text[i] === '>') depth++;
    else if (text[i] === '<' && --depth === 0) return text.slice(0, i);
  }
  return text;
}

/** Callees already read, by call node (weakly: they die with the tree). */
const callees = treeCache<SgNode, SgNode | null>('callee');

/**
 * The node a call's name is read from: the function (JS/Python/Go), the constructor (`new` in JS), the
 * method name or created type (Java). Read once per call: the index and `callParts` both need it.
 */
export function calleeOf(node: SgNode, family: RuleLanguage, kind: string): SgNode | null {
  let callee = callees.get(node);
  if (callee === undefined) {
    if (family === 'java') callee = kind === 'method_invocation' ? node.field('name') : node.field('type');
    else if (family === 'js' && kind === 'new_expression') callee = node.field('constructor');
    else callee = node.field('function');
    callees.set(node, callee);
  }
  return callee;
}

/** The calls of one file, read from the file's shared query. */
export class CallIndex {
  private readonly entries: IndexedCall[];
  private everything: IndexedCall[] | undefined;

  constructor(nodes: readonly SgNode[], kinds: readonly string[], family: RuleLanguage) {
    this.entries = nodes.map((node, i) => new IndexedCall(node, family, kinds[i]!));
  }

  /** The calls `accept` keeps, in document order (it decides what to read: kind, text, name). */
  where(accept: (call: IndexedCall) => boolean): IndexedCall[] {
    return this.entries.filter(accept);
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

  /**
   * Calls whose text contains one of `words` and, when `accept` is given, whose name passes it (every
   * accepted name must contain one of the words).
   */
  matching(words: readonly string[], accept?: (name: string) => boolean): IndexedCall[] {
    return this.entries.filter((call) => words.some((word) => call.text.includes(word)) && (!accept || (call.hasCallee && accept(call.name))));
  }
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
