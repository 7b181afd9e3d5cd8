import type { SgNode } from '@ast-grep/napi';
import { treeCache } from './tree-cache.js';

/** A child of a file's root with its kind, and its text once someone has read it. */
export interface TopLevelStatement {
  readonly node: SgNode;
  readonly kind: string;
  text?: string;
  /** An export statement's declaration with its kind (null: it declares nothing), once read. */
  declaration?: { readonly node: SgNode; readonly kind: string } | null;
}

const statementsOf = treeCache<SgNode, readonly TopLevelStatement[]>('top-level statements');

/**
 * The root's children (its top-level statements, declarations and tokens) with their kinds, read once
 * per syntax tree. Every analyser of a file starts there (imports, exports, module constants, module
 * state), and each child handed to JavaScript and each `kind()` crosses into native code (about 6 and
 * 2 µs): five readers of the same statements paid that five times.
 */
export function topLevelStatements(root: SgNode): readonly TopLevelStatement[] {
  return statementsOf.get(root) ?? statementsOf.set(root, root.children().map((node) => ({ node, kind: node.kind() as string })));
}

/** A top-level statement's text, read from the tree on first use. */
export function statementText(statement: TopLevelStatement): string {
  return (statement.text ??= statement.node.text());
}

/**
 * What an `export` statement declares (`export const …`, `export function …`, `export class …`) with
 * its kind; null for re-exports, `export default <expression>`, `export { … }` and other statements.
 */
export function exportedDeclaration(statement: TopLevelStatement): { readonly node: SgNode; readonly kind: string } | null {
  if (statement.declaration === undefined) {
    const node = statement.kind === 'export_statement' ? statement.node.field('declaration') : null;
    statement.declaration = node ? { node, kind: node.kind() as string } : null;
  }
  return statement.declaration;
}
