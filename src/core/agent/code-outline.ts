import type { SgNode } from '@ast-grep/napi';
import { endLineOf, languageFamily, lineOf, type ParsedFile } from '../source/language.js';

type Family = ReturnType<typeof languageFamily>;

/** A named function, method or function-valued constant, as plain data (syntax trees are not kept). */
export interface Definition {
  name: string;
  startLine: number;
  endLine: number;
}

/** A function-like node's span and the names it calls. */
export interface FunctionOutline {
  startLine: number;
  endLine: number;
  calls: Array<{ name: string; line: number }>;
}

/** What context selection needs from a source file: definitions, function spans with calls, imports. */
export interface CodeOutline {
  path: string;
  family: Family;
  lineCount: number;
  definitions: Definition[];
  functions: FunctionOutline[];
  /** Import specifiers as written (`./services/articles`, `.models`, `github.com/x/y/z`, `com.a.B`). */
  imports: string[];
}

const FUNCTION_KINDS: Record<Family, readonly string[]> = {
  js: ['function_declaration', 'generator_function_declaration', 'method_definition', 'function_expression', 'arrow_function', 'function'],
  python: ['function_definition', 'lambda'],
  go: ['function_declaration', 'method_declaration', 'func_literal'],
  java: ['method_declaration', 'constructor_declaration', 'lambda_expression'],
};

const CALL_KINDS: Record<Family, readonly string[]> = {
  js: ['call_expression', 'new_expression'],
  python: ['call'],
  go: ['call_expression'],
  java: ['method_invocation', 'object_creation_expression'],
};

/** Reads the outline of a parsed file. Copies plain data only, so the tree can be freed. */
export function outlineOf(file: ParsedFile): CodeOutline {
  const family = languageFamily(file.language);
  const root = file.root;
  const functions = kinds(root, FUNCTION_KINDS[family])
    .map((node) => ({ startLine: lineOf(node), endLine: endLineOf(node), calls: callsIn(node, family) }));
  return {
    path: file.path,
    family,
    lineCount: file.text.split('\n').length,
    definitions: definitionsOf(root, family),
    functions,
    imports: importsOf(root, family),
  };
}

/**
 * Nodes of the given kinds. The JS dialects' grammars differ slightly (`field_definition` exists in
 * JavaScript, `public_field_definition` in TypeScript), and ast-grep throws on a kind the grammar
 * lacks: such kinds are skipped.
 */
function kinds(root: SgNode, list: readonly string[]): SgNode[] {
  return list.flatMap((kind) => {
    try {
      return root.findAll({ rule: { kind } });
    } catch {
      return [];
    }
  });
}

function definitionsOf(root: SgNode, family: Family): Definition[] {
  const result: Definition[] = [];
  const add = (name: string | undefined, node: SgNode) => {
    if (name) result.push({ name, startLine: lineOf(node), endLine: endLineOf(node) });
  };
  switch (family) {
    case 'js':
      for (const node of kinds(root, ['function_declaration', 'generator_function_declaration', 'method_definition'])) add(node.field('name')?.text(), outermostDeclaration(node));
      for (const node of kinds(root, ['variable_declarator'])) {
        const value = node.field('value');
        if (value && ['arrow_function', 'function_expression', 'function', 'call_expression'].includes(String(value.kind()))) add(node.field('name')?.text(), outermostDeclaration(node));
      }
      for (const node of kinds(root, ['public_field_definition', 'field_definition'])) {
        const value = node.field('value');
        if (value && ['arrow_function', 'function_expression'].includes(String(value.kind()))) add(node.field('name')?.text() ?? node.field('property')?.text(), node);
      }
      break;
    case 'python':
      for (const node of kinds(root, ['function_definition'])) {
        const parent = node.parent();
        add(node.field('name')?.text(), parent?.kind() === 'decorated_definition' ? parent : node);
      }
      break;
    case 'go':
      for (const node of kinds(root, ['function_declaration', 'method_declaration'])) add(node.field('name')?.text(), node);
      break;
    case 'java':
      for (const node of kinds(root, ['method_declaration', 'constructor_declaration'])) add(node.field('name')?.text(), node);
      break;
  }
  return result;
}

/** `export const x = …` and `export function f` span from `export`, so the model sees the whole statement. */
function outermostDeclaration(node: SgNode): SgNode {
  let current = node;
  for (let parent = current.parent(); parent; parent = current.parent()) {
    if (!['lexical_declaration', 'variable_declaration', 'export_statement'].includes(String(parent.kind()))) break;
    current = parent;
  }
  return current;
}

function callsIn(scope: SgNode, family: Family): Array<{ name: string; line: number }> {
  const calls: Array<{ name: string; line: number }> = [];
  for (const call of kinds(scope, CALL_KINDS[family])) {
    const name = calleeName(call, family);
    if (name) calls.push({ name, line: lineOf(call) });
  }
  return calls;
}

function calleeName(call: SgNode, family: Family): string | undefined {
  switch (family) {
    case 'js':
      return lastName(call.field(call.kind() === 'new_expression' ? 'constructor' : 'function'));
    case 'python':
    case 'go':
      return lastName(call.field('function'));
    case 'java':
      return lastName(call.kind() === 'method_invocation' ? call.field('name') : call.field('type'));
  }
}

const MEMBER_KINDS = new Set(['member_expression', 'attribute', 'selector_expression']);
const QUALIFIED_KINDS = new Set(['scoped_identifier', 'scoped_type_identifier', 'generic_type', 'nested_identifier']);

/** The called name: `svc.list` → `list`, `pkg.Func` → `Func`, `new Service()` → `Service`; nothing for `(() => 1)()`. */
function lastName(node: SgNode | null): string | undefined {
  if (!node) return undefined;
  if (MEMBER_KINDS.has(String(node.kind()))) return (node.field('property') ?? node.field('attribute') ?? node.field('field'))?.text();
  if (node.isNamedLeaf()) return node.text();
  if (QUALIFIED_KINDS.has(String(node.kind()))) {
    const named = node.namedChildren();
    return named.length > 0 ? lastName(named[named.length - 1]!) : undefined;
  }
  return undefined;
}

function stripQuotes(text: string): string {
  return text.replace(/^['"`]|['"`]$/g, '');
}

function importsOf(root: SgNode, family: Family): string[] {
  const specs: string[] = [];
  switch (family) {
    case 'js':
      for (const node of kinds(root, ['import_statement', 'export_statement'])) {
        const source = node.field('source');
        if (source) specs.push(stripQuotes(source.text()));
      }
      for (const call of kinds(root, ['call_expression'])) {
        if (call.field('function')?.text() !== 'require') continue;
        const argument = call.field('arguments')?.namedChildren()[0];
        if (argument?.kind() === 'string') specs.push(stripQuotes(argument.text()));
      }
      break;
    case 'python':
      for (const node of kinds(root, ['import_from_statement'])) {
        const module = node.field('module_name')?.text();
        if (!module) continue;
        specs.push(module);
        for (const name of node.fieldChildren('name')) specs.push(`${module}${module.endsWith('.') ? '' : '.'}${name.text().split(' ')[0]}`);
      }
      for (const node of kinds(root, ['import_statement'])) for (const name of node.fieldChildren('name')) specs.push(name.text().split(' ')[0]!);
      break;
    case 'go':
      for (const node of kinds(root, ['import_spec'])) {
        const path = node.field('path');
        if (path) specs.push(stripQuotes(path.text()));
      }
      break;
    case 'java':
      for (const node of kinds(root, ['import_declaration'])) {
        const name = node.namedChildren().find((child) => child.kind() === 'scoped_identifier' || child.kind() === 'identifier');
        if (name) specs.push(name.text() + (node.text().includes('*') ? '.*' : ''));
      }
      break;
  }
  return specs;
}
