import type { SgNode } from '@ast-grep/napi';
import { callParts, type CallParts } from '../rules/support/call-parts.js';
import type { CodeFamily } from './types.js';

const CALLEE_FIELDS: Record<CodeFamily, { member: string; object: string; property: string }> = {
  js: { member: 'member_expression', object: 'object', property: 'property' },
  python: { member: 'attribute', object: 'object', property: 'attribute' },
  go: { member: 'selector_expression', object: 'operand', property: 'field' },
  java: { member: '', object: 'object', property: 'name' },
};

/** A call's parts, plus its receiver as names when the callee is a plain chain (`this.repo.save`). */
export type ReadCallParts = CallParts & { chain?: string[] };

/** A dotted chain of plain names, as the callee node's own text (checked against the node's kind first). */
const PLAIN_CHAIN = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/**
 * The parts of a call with its arguments (and, for plain chains, its receiver node) read only when
 * asked: most calls of a file are only recorded as call sites, and every node visited through the
 * bindings costs more than the rest of the work.
 */
export function readCall(node: SgNode, family: CodeFamily): ReadCallParts | undefined {
  const kind = node.kind() as string;
  if (family === 'java' || kind === 'new_expression' || kind === 'object_creation_expression') return callParts(node, family);
  const callee = node.field('function');
  if (!callee) return undefined;
  const fields = CALLEE_FIELDS[family];
  const calleeKind = callee.kind() as string;
  if (calleeKind !== fields.member && calleeKind !== 'identifier') return callParts(node, family);
  const text = calleeKind === 'identifier' || family !== 'js' || !callee.text().includes('?') ? callee.text() : '';
  if (!PLAIN_CHAIN.test(text)) return callParts(node, family);
  const names = text.split('.');
  const name = names[names.length - 1]!;
  const chain = names.slice(0, -1);
  let args: SgNode[] | undefined;
  let tagged: boolean | undefined;
  let receiver: SgNode | null | undefined;
  const argumentsNode = (): SgNode | null => node.field('arguments');
  return {
    name,
    chain,
    isNew: false,
    get receiver(): SgNode | undefined {
      if (chain.length === 0) return undefined;
      if (receiver === undefined) receiver = callee.field(fields.object);
      return receiver ?? undefined;
    },
    get isTagged(): boolean {
      return (tagged ??= family === 'js' && argumentsNode()?.kind() === 'template_string');
    },
    get args(): SgNode[] {
      if (args) return args;
      const list = argumentsNode();
      args = !list || (family === 'js' && list.kind() === 'template_string') ? [] : list.children().filter((child) => child.isNamed() && !(child.kind() as string).includes('comment'));
      return args;
    },
  };
}
