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

const STRING_KIND_SETS: Record<RuleLanguage, ReadonlySet<string>> = {
  js: new Set(STRING_KINDS.js),
  python: new Set(STRING_KINDS.python),
  go: new Set(STRING_KINDS.go),
  java: new Set(STRING_KINDS.java),
};

/** True when the node is a string literal of its language (interpolated or not). */
export function isStringNode(node: SgNode, family: RuleLanguage): boolean {
  return STRING_KIND_SETS[family].has(kindOf(node));
}

/**
 * The value of a plain string literal (no interpolation), or undefined. Escapes are left as written:
 * rules compare words, not bytes.
 */
export function literalText(node: SgNode, family: RuleLanguage, kind: string = kindOf(node)): string | undefined {
  if (!STRING_KIND_SETS[family].has(kind)) return undefined;
  const quick = quickLiteral(node.text(), kind, family);
  if (quick !== undefined) return quick;
  if (interpolations(node, family).length > 0) return undefined;
  if (kind === 'concatenated_string') {
    const parts = node.children().map((part) => literalText(part, family));
    return parts.every((part) => part !== undefined) ? parts.join('') : undefined;
  }
  return fragmentsOf(node, family);
}

/**
 * The value of a well-formed, plain literal read from its text alone (one native call instead of one
 * per part): what lies between its delimiters is exactly its fragments and escapes. Undefined whenever
 * the text leaves any doubt (interpolation, JSX character references, text blocks, a missing closing
 * quote in broken code); the syntax tree decides then.
 */
function quickLiteral(text: string, kind: string, family: RuleLanguage): string | undefined {
  if (family === 'python') {
    if (kind !== 'string' || text.includes('{')) return undefined;
    let start = 0;
    while (start < text.length && isLetter(text.charCodeAt(start))) start++;
    const quote = text[start];
    if (quote !== '"' && quote !== "'") return undefined;
    const delimiter = text.startsWith(quote.repeat(3), start) && text.length - start >= 6 ? quote.repeat(3) : quote;
    const end = text.length - delimiter.length;
    if (end < start + delimiter.length || !text.endsWith(delimiter) || text[end - 1] === '\\') return undefined;
    const content = text.slice(start + delimiter.length, end);
    return delimiter.length === 1 && content.includes('\n') ? undefined : content;
  }
  const first = text[0];
  const closed = text.length >= 2 && text[text.length - 1] === first && text[text.length - 2] !== '\\';
  if (!closed) return undefined;
  if (family === 'js') {
    if (kind === 'string') return (first === '"' || first === "'") && !text.includes('&') && !text.includes('\n') ? text.slice(1, -1) : undefined;
    return first === '`' && !text.includes('${') ? text.slice(1, -1) : undefined;
  }
  if (family === 'go') {
    if (kind === 'raw_string_literal') return first === '`' ? text.slice(1, -1) : undefined;
    return first === '"' && !text.includes('\n') ? text.slice(1, -1) : undefined;
  }
  return first === '"' && !text.startsWith('"""') && !text.includes('\\{') && !text.includes('\n') ? text.slice(1, -1) : undefined;
}

function isLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
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
