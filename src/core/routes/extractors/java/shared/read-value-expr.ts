import type { SgNode } from '@ast-grep/napi';
import type { ValueExpr } from './java-facts.js';

/**
 * Reads an annotation argument or a constant initialiser as a small expression: string literals,
 * `+` concatenation, names of constants and `{…}` arrays. Everything else stays `other` so that the
 * link step can say what it could not resolve instead of guessing.
 */
export function readValueExpr(node: SgNode): ValueExpr {
  switch (node.kind()) {
    case 'string_literal':
      return { kind: 'string', value: decodeJavaStringLiteral(node.text()) };
    case 'binary_expression': {
      const left = node.field('left');
      const right = node.field('right');
      if (node.field('operator')?.text() !== '+' || !left || !right) return { kind: 'other', text: node.text() };
      return { kind: 'concat', parts: [...concatParts(readValueExpr(left)), ...concatParts(readValueExpr(right))] };
    }
    case 'parenthesized_expression': {
      const inner = node.namedChildren()[0];
      return inner ? readValueExpr(inner) : { kind: 'other', text: node.text() };
    }
    case 'identifier':
    case 'field_access':
    case 'scoped_identifier':
      return { kind: 'ref', name: compact(node.text()) };
    case 'element_value_array_initializer':
    case 'array_initializer':
      return { kind: 'array', items: node.namedChildren().filter((child) => !isComment(child)).map(readValueExpr) };
    default:
      return { kind: 'other', text: node.text() };
  }
}

function concatParts(expr: ValueExpr): ValueExpr[] {
  return expr.kind === 'concat' ? expr.parts : [expr];
}

function isComment(node: SgNode): boolean {
  return node.kind() === 'line_comment' || node.kind() === 'block_comment';
}

function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

const SIMPLE_ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', s: ' ', '"': '"', "'": "'", '\\': '\\' };

/** The value of a Java string literal or text block, escapes decoded (`"{id:\\d+}"` → `{id:\d+}`). */
export function decodeJavaStringLiteral(literal: string): string {
  const body = literal.startsWith('"""') ? textBlockBody(literal) : literal.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (char !== '\\' || i + 1 >= body.length) {
      out += char;
      continue;
    }
    const next = body[i + 1]!;
    if (next in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[next];
      i++;
    } else if (next === 'u') {
      let j = i + 1;
      while (body[j] === 'u') j++;
      const hex = body.slice(j, j + 4);
      out += /^[0-9a-fA-F]{4}$/.test(hex) ? String.fromCharCode(parseInt(hex, 16)) : '\\u';
      i = /^[0-9a-fA-F]{4}$/.test(hex) ? j + 3 : i + 1;
    } else if (next >= '0' && next <= '7') {
      const octal = /^[0-7]{1,3}/.exec(body.slice(i + 1, i + 4))![0];
      out += String.fromCharCode(parseInt(octal, 8));
      i += octal.length;
    } else if (next === '\n') {
      i++; // a text block's line continuation
    } else {
      out += next;
      i++;
    }
  }
  return out;
}

/** Text block content: after the opening line, common indentation removed, as javac does. */
function textBlockBody(literal: string): string {
  const inner = literal.slice(3, -3);
  const lines = inner.slice(inner.indexOf('\n') + 1).split('\n');
  const indents = lines.filter((line) => line.trim() !== '').map((line) => line.length - line.trimStart().length);
  const last = lines[lines.length - 1] ?? '';
  if (last.trim() === '') indents.push(last.length);
  const indent = indents.length ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(indent).trimEnd()).join('\n');
}
