import type { SgNode } from '@ast-grep/napi';

/** 1-based first and last line of a node, read with one native call (`lineOf` and `endLineOf` take one each). */
export function lineSpanOf(node: SgNode): { line: number; endLine: number } {
  const range = node.range();
  return { line: range.start.line + 1, endLine: range.end.line + 1 };
}
