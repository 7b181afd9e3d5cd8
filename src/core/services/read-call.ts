import type { SgNode } from '@ast-grep/napi';
import { callParts, type CallParts } from '../rules/support/call-parts.js';
import type { CodeFamily } from './types.js';

const CALLEE_FIELDS: Record<CodeFamily, { member: string; object: string; property: string }> = {
  js: { member: 'member_expression', object: 'object', property: 'property' },
  python: { member: 'attribute', object: 'object', property: 'attribute' },
  go: { member: 'selector_expression', object: 'operand', property: 'field' },
  java: { member: '', object: 'object', property: 'name' },
};

/**
 * The parts of a call with its arguments read only when asked: most calls of a file are only recorded
 * as call sites (name and receiver), and reading every argument list costs more than the rest.
 */
export function readCall(node: SgNode, family: CodeFamily): CallParts | undefined {
  const kind = node.kind() as string;
  if (family === 'java' || kind === 'new_expression' || kind === 'object_creation_expression') return callParts(node, family);
  const callee = node.field('function');
  if (!callee) return undefined;
  const fields = CALLEE_FIELDS[family];
  let name: string | undefined;
  let receiver: SgNode | undefined;
  const calleeKind = callee.kind() as string;
  if (calleeKind === fields.member) {
    name = callee.field(fields.property)?.text();
    receiver = callee.field(fields.object) ?? undefined;
  } else if (calleeKind === 'identifier') {
    name = callee.text();
  } else {
    // Generic instantiation and the like: the full reader knows these.
    return callParts(node, family);
  }
  if (!name) return undefined;
  let args: SgNode[] | undefined;
  let tagged: boolean | undefined;
  const argumentsNode = (): SgNode | null => node.field('arguments');
  return {
    name,
    ...(receiver ? { receiver } : {}),
    isNew: false,
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
