import type { SgNode } from '@ast-grep/napi';

/** Kinds already read, by node object (weakly: they die with the tree). */
const known = new WeakMap<SgNode, string>();

/**
 * A node's kind as a plain string (ast-grep types kinds per grammar; rules compare across grammars).
 * Each read is a native call: kinds the shared query read are remembered, and so is every answer.
 */
export function kindOf(node: SgNode): string {
  let kind = known.get(node);
  if (kind === undefined) known.set(node, (kind = node.kind() as string));
  return kind;
}

/** Records the kind of a node read elsewhere (the shared query reads the kinds of all its nodes). */
export function rememberKind(node: SgNode, kind: string): void {
  known.set(node, kind);
}
