import type { SgNode } from '@ast-grep/napi';
import type { RuleLanguage } from '../types.js';
import { kindOf } from './kind-of.js';

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

/** Splits a call node into callee name, receiver and arguments; undefined for anything else. */
export function callParts(node: SgNode, family: RuleLanguage): CallParts | undefined {
  const kind = kindOf(node);
  if (family === 'java') {
    if (kind === 'method_invocation') {
      const name = node.field('name');
      if (!name) return undefined;
      return lazyArgs({ name: name.text(), receiver: node.field('object') ?? undefined, isNew: false, isTagged: false }, () => node.field('arguments'));
    }
    if (kind === 'object_creation_expression') {
      const type = node.field('type');
      if (!type) return undefined;
      return lazyArgs({ name: lastName(baseTypeName(type)), isNew: true, isTagged: false }, () => node.field('arguments'));
    }
    return undefined;
  }
  if (!CALL_KINDS[family].includes(kind)) return undefined;
  const callee = family === 'js' && kind === 'new_expression' ? node.field('constructor') : node.field('function');
  if (!callee) return undefined;
  const argsNode = node.field('arguments');
  const isTagged = argsNode?.kind() === 'template_string';
  const { name, receiver } = splitCallee(callee, family);
  if (!name) return undefined;
  return lazyArgs({ name, receiver, isNew: kind === 'new_expression', isTagged }, () => (isTagged ? null : argsNode));
}

/** Arguments are read on first use: most calls are rejected by name or receiver before that. */
function lazyArgs(parts: Omit<CallParts, 'args'>, list: () => SgNode | null): CallParts {
  let args: SgNode[] | undefined;
  return Object.defineProperty(parts, 'args', { get: () => (args ??= namedArgs(list())), enumerable: true }) as CallParts;
}

function splitCallee(callee: SgNode, family: RuleLanguage): { name?: string; receiver?: SgNode } {
  const kind = callee.kind();
  if (family === 'js' && kind === 'member_expression') return { name: callee.field('property')?.text(), receiver: callee.field('object') ?? undefined };
  if (family === 'python' && kind === 'attribute') return { name: callee.field('attribute')?.text(), receiver: callee.field('object') ?? undefined };
  if (family === 'go' && kind === 'selector_expression') return { name: callee.field('field')?.text(), receiver: callee.field('operand') ?? undefined };
  if (kind === 'identifier') return { name: callee.text() };
  // Generic instantiation and the like (`f[T](x)`, `new a.b.C()`): fall back to the last name.
  return { name: lastName(callee.text()) };
}

function namedArgs(list: SgNode | null): SgNode[] {
  if (!list) return [];
  return list.children().filter((child) => child.isNamed() && !kindOf(child).includes('comment'));
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
