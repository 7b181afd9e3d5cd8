import type { SgNode } from '@ast-grep/napi';
import type { RuleLanguage } from '../types.js';
import { calleeOf } from './call-index.js';
import { kindOf } from './kind-of.js';
import { treeCache } from '../../source/tree-cache.js';

/** Syntax kinds of a call (and of `new X()`) per language family. */
export const CALL_KINDS: Record<RuleLanguage, readonly string[]> = {
  js: ['call_expression', 'new_expression'],
  python: ['call'],
  go: ['call_expression'],
  java: ['method_invocation', 'object_creation_expression'],
};

/** The parts of a call that rules compare: `receiver.name(args)`. */
export interface CallParts {
  /** Last name of the callee: `query` in `db.pool.query(…)`, `Pool` in `new Pool()`. */
  name: string;
  /** The receiver's node (`db.pool`), absent for a bare function call. */
  receiver?: SgNode;
  /** Argument nodes, without punctuation. Keyword arguments (Python) are included as keyword_argument nodes. */
  args: SgNode[];
  /** `new X()` / Java `new X()`. */
  isNew: boolean;
  /** A tagged template (`sql\`…\``): its template is the "argument" and is not string-built. */
  isTagged: boolean;
}

const partsCache = treeCache<SgNode, CallParts | null>('call parts');

/**
 * Splits a call node into callee name, receiver and arguments; undefined for anything else. Several
 * rules look at the same calls: the parts are kept per node object (weakly, they die with the tree),
 * and the receiver and arguments are read on first use.
 */
export function callParts(node: SgNode, family: RuleLanguage): CallParts | undefined {
  const cached = partsCache.get(node);
  if (cached !== undefined) return cached ?? undefined;
  const parts = readParts(node, family);
  partsCache.set(node, parts ?? null);
  return parts;
}

function readParts(node: SgNode, family: RuleLanguage): CallParts | undefined {
  const kind = kindOf(node);
  if (family === 'java') {
    if (kind === 'method_invocation') {
      const name = calleeOf(node, family, kind);
      if (!name) return undefined;
      return lazyParts({ name: name.text(), isNew: false, isTagged: false }, () => node.field('object') ?? undefined, () => node.field('arguments'));
    }
    if (kind === 'object_creation_expression') {
      const type = calleeOf(node, family, kind);
      if (!type) return undefined;
      return lazyParts({ name: lastName(baseTypeName(type)), isNew: true, isTagged: false }, () => undefined, () => node.field('arguments'));
    }
    return undefined;
  }
  if (!CALL_KINDS[family].includes(kind)) return undefined;
  const callee = calleeOf(node, family, kind);
  if (!callee) return undefined;
  // Only JavaScript has tagged templates (`sql\`…\``), whose template is the "argument".
  const argsNode = family === 'js' ? node.field('arguments') : undefined;
  const isTagged = argsNode?.kind() === 'template_string';
  const split = splitCallee(callee, family);
  if (!split.name) return undefined;
  const args = family === 'js' ? () => (isTagged ? null : (argsNode ?? null)) : () => node.field('arguments');
  return lazyParts({ name: split.name, isNew: kind === 'new_expression', isTagged }, split.receiver, args);
}

/** The receiver and the arguments are read on first use: most calls are rejected by name before that. */
function lazyParts(parts: Omit<CallParts, 'args' | 'receiver'>, receiver: () => SgNode | undefined, list: () => SgNode | null): CallParts {
  let receiverNode: SgNode | undefined | null = null;
  let args: SgNode[] | undefined;
  Object.defineProperty(parts, 'receiver', { get: () => (receiverNode === null ? (receiverNode = receiver()) : receiverNode), enumerable: true });
  Object.defineProperty(parts, 'args', { get: () => (args ??= namedArgs(list())), enumerable: true });
  return parts as CallParts;
}

function splitCallee(callee: SgNode, family: RuleLanguage): { name?: string; receiver: () => SgNode | undefined } {
  let kind = kindOf(callee);
  if (family === 'js' && kind === 'await_expression') {
    // tree-sitter-typescript reads `await pool.query<Row>(sql)` as a call of `await pool.query`: the
    // callee is the awaited expression.
    const awaited = awaitedExpression(callee);
    if (!awaited) return { receiver: () => undefined };
    callee = awaited;
    kind = kindOf(callee);
  }
  const member =
    family === 'js' && kind === 'member_expression' ? ['property', 'object']
    : family === 'python' && kind === 'attribute' ? ['attribute', 'object']
    : family === 'go' && kind === 'selector_expression' ? ['field', 'operand']
    : undefined;
  if (member) return { name: callee.field(member[0]!)?.text(), receiver: () => callee.field(member[1]!) ?? undefined };
  if (kind === 'identifier') return { name: callee.text(), receiver: () => undefined };
  // Generic instantiation and the like (`f[T](x)`, `new a.b.C()`): fall back to the last name.
  return { name: lastName(callee.text()), receiver: () => undefined };
}

/** The expression an `await_expression` awaits (its one named child that is not a comment). */
export function awaitedExpression(node: SgNode): SgNode | undefined {
  return node.namedChildren().find((child) => kindOf(child) !== 'comment');
}

function namedArgs(list: SgNode | null): SgNode[] {
  if (!list) return [];
  return list.namedChildren().filter((child) => !kindOf(child).includes('comment'));
}

function baseTypeName(type: SgNode): string {
  return type.kind() === 'generic_type' ? (type.child(0)?.text() ?? type.text()) : type.text();
}

function lastName(text: string): string {
  const withoutGenerics = text.split('<')[0]!.split('(')[0]!.trim();
  return withoutGenerics.split('.').pop() ?? withoutGenerics;
}

/** The receiver chain as names: `this.prisma.user` → ['this', 'prisma', 'user']; empty when not a plain chain. */
export function receiverNames(receiver: SgNode | undefined, family: RuleLanguage): string[] {
  if (!receiver) return [];
  const names: string[] = [];
  let node: SgNode | null = receiver;
  while (node) {
    const kind = kindOf(node);
    if (kind === 'identifier' || kind === 'this' || kind === 'self' || kind === 'field_identifier' || kind === 'property_identifier' || kind === 'type_identifier' || kind === 'package_identifier') {
      names.unshift(node.text());
      return names;
    }
    const member = memberParts(node, family);
    if (!member) return [];
    names.unshift(member.property);
    node = member.object;
  }
  return names;
}

/** `a.b` in each family: the object node and the property name. */
export function memberParts(node: SgNode, family: RuleLanguage): { object: SgNode; property: string } | undefined {
  const kind = kindOf(node);
  const pair =
    family === 'js' && kind === 'member_expression' ? [node.field('object'), node.field('property')]
    : family === 'python' && kind === 'attribute' ? [node.field('object'), node.field('attribute')]
    : family === 'go' && kind === 'selector_expression' ? [node.field('operand'), node.field('field')]
    : family === 'java' && kind === 'field_access' ? [node.field('object'), node.field('field')]
    : undefined;
  if (!pair || !pair[0] || !pair[1]) return undefined;
  return { object: pair[0], property: pair[1].text() };
}

/** Python keyword argument `name=` of a call's argument list, when present. */
export function keywordArgument(args: readonly SgNode[], name: string): SgNode | undefined {
  for (const arg of args) {
    if (arg.kind() === 'keyword_argument' && arg.field('name')?.text() === name) return arg.field('value') ?? undefined;
  }
  return undefined;
}
