import type { SgNode } from '@ast-grep/napi';

/** A node's kind as a plain string (ast-grep types kinds per grammar; rules compare across grammars). */
export function kindOf(node: SgNode): string {
  return node.kind() as string;
}
