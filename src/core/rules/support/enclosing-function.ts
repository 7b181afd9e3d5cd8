import type { SgNode } from '@ast-grep/napi';
import type { RuleLanguage } from '../types.js';
import { kindOf } from './kind-of.js';

/** Syntax kinds of a function (declaration, method, closure) per family. */
export const FUNCTION_KINDS: Record<RuleLanguage, ReadonlySet<string>> = {
  js: new Set(['arrow_function', 'function_expression', 'function', 'function_declaration', 'generator_function', 'generator_function_declaration', 'method_definition']),
  python: new Set(['function_definition', 'lambda']),
  go: new Set(['function_declaration', 'method_declaration', 'func_literal']),
  java: new Set(['method_declaration', 'constructor_declaration', 'lambda_expression']),
};

/** The innermost function around `node`, or undefined at module level. Walks parents: call it for candidates only. */
export function enclosingFunction(node: SgNode, family: RuleLanguage): SgNode | undefined {
  const kinds = FUNCTION_KINDS[family];
  for (let parent = node.parent(); parent; parent = parent.parent()) if (kinds.has(kindOf(parent))) return parent;
  return undefined;
}
