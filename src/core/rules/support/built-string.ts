import type { SgNode } from '@ast-grep/napi';
import type { RuleLanguage } from '../types.js';
import { callParts } from './call-parts.js';
import { enclosingFunction, unwrapExpression } from './input-taint.js';
import { fragmentsOf, interpolations, isStringNode, literalText } from './string-literal.js';
import { kindOf } from './kind-of.js';

/** A string assembled at run time: its literal text and the values inserted into it. */
export interface BuiltString {
  /** The literal parts joined (what the query or command looks like without its values). */
  literal: string;
  /** Expressions inserted into the string. */
  pieces: SgNode[];
}

const BINARY_KINDS = new Set(['binary_expression', 'binary_operator']);

/**
 * The string an expression builds by interpolation, concatenation or formatting, or undefined when the
 * expression is a plain literal or something else. An identifier is followed one step to its
 * assignments in the same function (`const sql = \`…${x}\`; db.query(sql)`, `sql += …`).
 */
export function builtString(expression: SgNode, family: RuleLanguage): BuiltString | undefined {
  const node = unwrapExpression(expression);
  if (node.kind() === 'identifier') return followIdentifier(node, family);
  return directBuild(node, family);
}

function directBuild(node: SgNode, family: RuleLanguage): BuiltString | undefined {
  if (isStringNode(node, family)) {
    const pieces = interpolations(node, family);
    return pieces.length > 0 ? { literal: fragmentsOf(node, family), pieces } : undefined;
  }
  if (BINARY_KINDS.has(kindOf(node))) {
    const operator = node.field('operator')?.text();
    if (operator === '+') return concatenation(node, family);
    if (operator === '%' && family === 'python') {
      const left = node.field('left');
      const right = node.field('right');
      const literal = left ? literalText(left, family) : undefined;
      if (literal === undefined || !right) return undefined;
      const values = right.kind() === 'tuple' ? right.children().filter((c) => c.isNamed()) : right.kind() === 'dictionary' ? right.findAll({ rule: { kind: 'pair' } }).flatMap((p) => (p.field('value') ? [p.field('value')!] : [])) : [right];
      return { literal, pieces: values };
    }
    return undefined;
  }
  const parts = callParts(node, family);
  if (!parts) return undefined;
  if (family === 'python' && parts.name === 'format' && parts.receiver && literalText(parts.receiver, family) !== undefined) {
    const pieces = parts.args.map((arg) => (arg.kind() === 'keyword_argument' ? (arg.field('value') ?? arg) : arg));
    return pieces.length > 0 ? { literal: literalText(parts.receiver, family)!, pieces } : undefined;
  }
  const receiver = parts.receiver?.text();
  if ((family === 'go' && receiver === 'fmt' && parts.name === 'Sprintf') || (family === 'java' && receiver === 'String' && parts.name === 'format')) {
    const format = parts.args[0] ? literalText(parts.args[0], family) : undefined;
    if (format === undefined) return undefined;
    // Only verbs that insert text: `LIMIT %d` inserts a number and cannot carry SQL.
    const textVerbs = (format.match(/%[-+ #0-9.]*[sqvx]/g) ?? []).length;
    return textVerbs > 0 ? { literal: format, pieces: parts.args.slice(1) } : undefined;
  }
  return undefined;
}

function concatenation(node: SgNode, family: RuleLanguage): BuiltString | undefined {
  const operands: SgNode[] = [];
  const flatten = (current: SgNode): void => {
    const inner = unwrapExpression(current);
    if (BINARY_KINDS.has(kindOf(inner)) && inner.field('operator')?.text() === '+') {
      const left = inner.field('left');
      const right = inner.field('right');
      if (left) flatten(left);
      if (right) flatten(right);
    } else operands.push(inner);
  };
  flatten(node);
  let literal = '';
  let sawLiteral = false;
  const pieces: SgNode[] = [];
  for (const operand of operands) {
    const text = literalText(operand, family);
    if (text !== undefined) {
      literal += text;
      sawLiteral = true;
      continue;
    }
    const nested = isStringNode(operand, family) ? directBuild(operand, family) : undefined;
    if (nested) {
      literal += nested.literal;
      sawLiteral = true;
      pieces.push(...nested.pieces);
    } else pieces.push(operand);
  }
  return sawLiteral && pieces.length > 0 ? { literal, pieces } : undefined;
}

function followIdentifier(identifier: SgNode, family: RuleLanguage): BuiltString | undefined {
  const fn = enclosingFunction(identifier, family);
  if (!fn) return undefined;
  const name = identifier.text();
  const useAt = identifier.range().start.index;
  let literal = '';
  const pieces: SgNode[] = [];
  let found = false;
  for (const assignment of fn.findAll({ rule: { any: ASSIGNMENT_KINDS[family].map((kind) => ({ kind })) } })) {
    if (assignment.range().start.index >= useAt) continue;
    const target = assignment.field('name') ?? assignment.field('left');
    const value = assignment.field('value') ?? assignment.field('right');
    if (!target || !value || singleName(target) !== name) continue;
    const single = value.kind() === 'expression_list' ? value.children().filter((c) => c.isNamed()) : [value];
    if (single.length !== 1) continue;
    const plain = literalText(single[0]!, family);
    const built = plain === undefined ? directBuild(unwrapExpression(single[0]!), family) : undefined;
    if (plain !== undefined) literal += plain;
    if (built) {
      literal += built.literal;
      pieces.push(...built.pieces);
      found = true;
    }
  }
  return found ? { literal, pieces } : undefined;
}

const ASSIGNMENT_KINDS: Record<RuleLanguage, readonly string[]> = {
  js: ['variable_declarator', 'assignment_expression', 'augmented_assignment_expression'],
  python: ['assignment', 'augmented_assignment'],
  go: ['short_var_declaration', 'assignment_statement', 'var_spec'],
  java: ['variable_declarator', 'assignment_expression'],
};

function singleName(target: SgNode): string | undefined {
  if (target.kind() === 'identifier') return target.text();
  if (target.kind() === 'expression_list') {
    const names = target.children().filter((c) => c.isNamed());
    return names.length === 1 && names[0]!.kind() === 'identifier' ? names[0]!.text() : undefined;
  }
  return undefined;
}

/** Literal text that reads as SQL: a statement keyword and the clause that goes with it. */
export function looksLikeSql(text: string): boolean {
  const lower = text.toLowerCase().replace(/\s+/g, ' ');
  return (
    /\bselect\b[\s\S]*\bfrom\b/.test(lower) ||
    /\binsert into\b/.test(lower) ||
    /\bupdate\b[\s\S]*\bset\b/.test(lower) ||
    /\bdelete from\b/.test(lower) ||
    /\bwhere\b/.test(lower) ||
    /\border by\b/.test(lower)
  );
}
