import type { SgNode } from '@ast-grep/napi';
import type { RuleLanguage } from '../types.js';
import { CALL_KINDS } from './call-parts.js';
import { kindOf } from './kind-of.js';

/** One call of a file with its callee's last name, read once and shared by every rule. */
export interface IndexedCall {
  node: SgNode;
  /** `query` in `db.pool.query(…)`, `Pool` in `new Pool()`. */
  name: string;
  /** Byte span, read on first use (containment checks repeat per handler and loop). */
  span?: { start: number; end: number };
}

/**
 * Every call of a file with its name. Rules filter this list by name in JavaScript instead of each
 * walking the tree: one traversal and two native calls per call for the whole rule set.
 */
export function indexCalls(root: SgNode, family: RuleLanguage): IndexedCall[] {
  const calls: IndexedCall[] = [];
  for (const node of root.findAll({ rule: { any: CALL_KINDS[family].map((kind) => ({ kind })) } })) {
    let callee: SgNode | null;
    if (family === 'java') callee = kindOf(node) === 'method_invocation' ? node.field('name') : node.field('type');
    else if (family === 'js' && kindOf(node) === 'new_expression') callee = node.field('constructor');
    else callee = node.field('function');
    if (!callee) continue;
    const text = callee.text();
    const cut = text.split('<')[0]!;
    calls.push({ node, name: cut.slice(cut.lastIndexOf('.') + 1).trim() });
  }
  return calls;
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
