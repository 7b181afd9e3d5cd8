import type { SgNode } from '@ast-grep/napi';
import type { RuleLanguage } from '../types.js';
import { kindOf } from './kind-of.js';

/** Syntax kinds of string literals per family (template strings and f-strings included). */
export const STRING_KINDS: Record<RuleLanguage, readonly string[]> = {
  js: ['string', 'template_string'],
  python: ['string', 'concatenated_string'],
  go: ['interpreted_string_literal', 'raw_string_literal'],
  java: ['string_literal'],
};

/** True when the node is a string literal of its language (interpolated or not). */
export function isStringNode(node: SgNode, family: RuleLanguage): boolean {
  return STRING_KINDS[family].includes(kindOf(node));
}

/**
 * The value of a plain string literal (no interpolation), or undefined. Escapes are left as written:
 * rules compare words, not bytes.
 */
export function literalText(node: SgNode, family: RuleLanguage): string | undefined {
  if (!isStringNode(node, family)) return undefined;
  if (interpolations(node, family).length > 0) return undefined;
  if (node.kind() === 'concatenated_string') {
    const parts = node.children().map((part) => literalText(part, family));
    return parts.every((part) => part !== undefined) ? parts.join('') : undefined;
  }
  return fragmentsOf(node, family);
}

/** The literal parts of a string, interpolations left out (`SELECT * FROM t WHERE a = `). */
export function fragmentsOf(node: SgNode, family: RuleLanguage): string {
  const fragmentKinds =
    family === 'js' ? ['string_fragment', 'escape_sequence']
    : family === 'python' ? ['string_content', 'escape_sequence']
    : family === 'go' ? ['interpreted_string_literal_content', 'raw_string_literal_content', 'escape_sequence']
    : ['string_fragment', 'escape_sequence', 'multiline_string_fragment'];
  if (node.kind() === 'concatenated_string') return node.children().map((part) => fragmentsOf(part, family)).join('');
  const parts = node.children().filter((child) => fragmentKinds.includes(kindOf(child)));
  if (parts.length === 0 && family === 'go' && node.kind() === 'raw_string_literal') return node.text().slice(1, -1);
  if (parts.length === 0 && family === 'java' && node.kind() === 'text_block') return node.text().slice(3, -3);
  return parts.map((part) => part.text()).join('');
}

/** Interpolated expressions of a template string / f-string (empty for plain literals). */
export function interpolations(node: SgNode, family: RuleLanguage): SgNode[] {
  if (family === 'js' && node.kind() === 'template_string') {
    return node.children().filter((child) => child.kind() === 'template_substitution').flatMap((sub) => sub.children().filter((c) => c.isNamed()));
  }
  if (family === 'python') {
    const strings = node.kind() === 'concatenated_string' ? node.children() : [node];
    return strings.flatMap((string) =>
      string.children().filter((child) => child.kind() === 'interpolation').flatMap((sub) => {
        const expression = sub.field('expression') ?? sub.children().find((c) => c.isNamed());
        return expression ? [expression] : [];
      }),
    );
  }
  return [];
}
