import type { SgNode } from '@ast-grep/napi';
import type { ParamDef } from './facts.js';

/** The scopes around a node, innermost first. */
export type ScopeChain = ReadonlyArray<{ node: SgNode; kind: string }>;

const BLOCK_KINDS: ReadonlySet<string> = new Set(['statement_block', 'program', 'switch_case', 'class_static_block']);

/** Statements that can declare a name in their block. */
const DECLARING_KINDS: ReadonlySet<string> = new Set([
  'lexical_declaration', 'variable_declaration', 'function_declaration', 'generator_function_declaration',
  'class_declaration', 'abstract_class_declaration', 'export_statement', 'import_statement', 'enum_declaration',
]);

/** A block's declarations, read statement by statement as lookups need them. */
interface BlockScope {
  decls: Map<string, Decl>;
  pending: Array<{ node: SgNode; text: string }>;
  misses: Set<string>;
}

/** What a name is bound to in a module. */
export type Decl =
  /** `const x = value` (value absent for `let x;`, then the first `x = …` in the block counts). */
  | { k: 'var'; node: SgNode; name: string; value?: SgNode; block: SgNode }
  /** `const { key: x } = value` */
  | { k: 'destructure'; value: SgNode; key: string }
  | { k: 'fn'; node: SgNode }
  | { k: 'cls'; node: SgNode }
  | { k: 'imp'; spec: string; name: string }
  /** A parameter; `key` for a destructured one (`({ app }) => …`). */
  | { k: 'param'; fn: SgNode; index: number; key?: string };

export const FUNCTION_KINDS: ReadonlySet<string> = new Set([
  'arrow_function', 'function_expression', 'function_declaration', 'generator_function',
  'generator_function_declaration', 'method_definition', 'function',
]);

const CLASS_KINDS: ReadonlySet<string> = new Set(['class_declaration', 'class', 'abstract_class_declaration']);

/** A node's kind as a plain string (the typed API also allows numeric kind ids). */
export function kindOf(node: SgNode): string {
  return node.kind() as string;
}

export function isClassKind(kind: string): boolean {
  return CLASS_KINDS.has(kind);
}

/** The text of a string literal, escapes decoded; undefined when it is not a plain string. */
export function stringValue(node: SgNode): string | undefined {
  if (node.kind() !== 'string') return undefined;
  const raw = node.text();
  // Most strings have no escapes: the quotes are all there is to strip.
  if (!raw.includes('\\')) return raw.slice(1, -1);
  let text = '';
  for (const child of node.children()) {
    const kind = child.kind();
    if (kind === 'string_fragment') text += child.text();
    else if (kind === 'escape_sequence') text += decodeEscape(child.text());
  }
  return text;
}

export function decodeEscape(sequence: string): string {
  const c = sequence[1] ?? '';
  if (c === 'n') return '\n';
  if (c === 't') return '\t';
  if (c === 'u' || c === 'x') {
    const hex = sequence.slice(2).replace(/[{}]/g, '');
    const code = Number.parseInt(hex, 16);
    return Number.isNaN(code) ? '' : String.fromCodePoint(code);
  }
  return c;
}

/**
 * Lexical lookup of names, block by block, with each block's declarations read once. Good enough for
 * routing code: `var` hoisting across blocks and `with` are not modelled.
 */
export class Scopes {
  private readonly blocks = new Map<number, BlockScope>();
  private readonly params = new Map<number, Map<string, { index: number; key?: string }>>();

  /** The declaration `name` refers to at `from`, or undefined for globals (require, module, process). */
  lookup(name: string, from: SgNode): Decl | undefined {
    return this.lookupIn(name, this.chain(from));
  }

  /** The scopes around a node, innermost first: functions (their parameters) and blocks. */
  chain(from: SgNode): ScopeChain {
    const chain: Array<{ node: SgNode; kind: string }> = [];
    for (const ancestor of from.ancestors()) {
      const kind = kindOf(ancestor);
      if (FUNCTION_KINDS.has(kind) || BLOCK_KINDS.has(kind)) chain.push({ node: ancestor, kind });
    }
    return chain;
  }

  /** The declaration `name` refers to in a chain of scopes. */
  lookupIn(name: string, chain: ScopeChain): Decl | undefined {
    for (const { node, kind } of chain) {
      if (FUNCTION_KINDS.has(kind)) {
        const param = this.paramIndex(node).get(name);
        if (param) return { k: 'param', fn: node, ...param };
      } else {
        const decl = this.declared(node, name);
        if (decl) return decl;
      }
    }
    return undefined;
  }

  /**
   * What `name` is declared as directly in a block (for the program, imports included). Statements are
   * read only when their text mentions the name: most lookups need few of a module's declarations.
   */
  declared(block: SgNode, name: string): Decl | undefined {
    const id = block.id();
    let scope = this.blocks.get(id);
    if (!scope) {
      const pending: BlockScope['pending'] = [];
      for (const node of block.children()) if (DECLARING_KINDS.has(kindOf(node))) pending.push({ node, text: node.text() });
      scope = { decls: new Map(), pending, misses: new Set() };
      this.blocks.set(id, scope);
    }
    const known = scope.decls.get(name);
    if (known || scope.misses.has(name)) return known;
    const { pending } = scope;
    for (let i = 0; i < pending.length; i++) {
      const entry = pending[i]!;
      if (!containsWord(entry.text, name)) continue;
      pending.splice(i--, 1);
      if (entry.node.kind() === 'import_statement') addImportDecls(entry.node, scope.decls);
      else addStatementDecls(entry.node, block, scope.decls);
      const found = scope.decls.get(name);
      if (found) return found;
    }
    scope.misses.add(name);
    return undefined;
  }

  private paramIndex(fn: SgNode): Map<string, { index: number; key?: string }> {
    const id = fn.id();
    let names = this.params.get(id);
    if (names) return names;
    const found = new Map<string, { index: number; key?: string }>();
    paramDefs(fn).forEach((param, index) => {
      if (param.name !== undefined && !found.has(param.name)) found.set(param.name, { index });
      for (const [local, key] of param.fields ?? []) if (!found.has(local)) found.set(local, { index, key });
    });
    this.params.set(id, found);
    return found;
  }
}

/** The parameters of a function node: names (when simple identifiers) and type annotations. */
export function paramDefs(fn: SgNode): ParamDef[] {
  const single = fn.field('parameter');
  if (single) return [{ name: single.text() }];
  const list = fn.field('parameters');
  if (!list) return [];
  const params: ParamDef[] = [];
  for (const child of list.namedChildren()) {
    const kind = child.kind();
    if (kind === 'comment') continue;
    if (kind === 'identifier') params.push({ name: child.text() });
    else if (kind === 'required_parameter' || kind === 'optional_parameter') {
      const pattern = child.field('pattern');
      const type = child.field('type');
      const param: ParamDef = pattern ? patternParam(pattern) : {};
      if (type) param.type = type.text().replace(/^:\s*/, '');
      params.push(param);
    } else if (kind === 'assignment_pattern') {
      const left = child.field('left');
      params.push(left ? patternParam(left) : {});
    } else params.push(patternParam(child));
  }
  return params;
}

/** Whether `word` occurs in `text` as a whole identifier. */
export function containsWord(text: string, word: string): boolean {
  let index = text.indexOf(word);
  while (index !== -1) {
    const before = index === 0 ? 0 : text.charCodeAt(index - 1);
    const end = index + word.length;
    const after = end >= text.length ? 0 : text.charCodeAt(end);
    if (!isWordChar(before) && !isWordChar(after)) return true;
    index = text.indexOf(word, end);
  }
  return false;
}

function isWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 36;
}

/** A parameter's name, or the names an object pattern destructures (`{ app, router: r }`). */
function patternParam(pattern: SgNode): ParamDef {
  const kind = pattern.kind();
  if (kind === 'identifier') return { name: pattern.text() };
  if (kind !== 'object_pattern') return {};
  const fields: Array<[string, string]> = [];
  for (const part of pattern.namedChildren()) {
    const partKind = part.kind();
    if (partKind === 'shorthand_property_identifier_pattern') fields.push([part.text(), part.text()]);
    else if (partKind === 'pair_pattern') {
      const key = part.field('key');
      const value = part.field('value');
      if (key && value?.kind() === 'identifier') fields.push([value.text(), key.text()]);
    } else if (partKind === 'object_assignment_pattern') {
      const left = part.field('left');
      if (left) fields.push([left.text(), left.text()]);
    }
  }
  return { fields };
}

function addStatementDecls(statement: SgNode, block: SgNode, decls: Map<string, Decl>): void {
  const kind = statement.kind();
  if (kind === 'lexical_declaration' || kind === 'variable_declaration') {
    for (const declarator of statement.namedChildren()) {
      if (declarator.kind() === 'variable_declarator') addDeclarator(declarator, block, decls);
    }
  } else if (kind === 'function_declaration' || kind === 'generator_function_declaration') {
    const name = statement.field('name');
    if (name && !decls.has(name.text())) decls.set(name.text(), { k: 'fn', node: statement });
  } else if (kind === 'enum_declaration') {
    const name = statement.field('name');
    if (name && !decls.has(name.text())) decls.set(name.text(), { k: 'var', node: statement, name: name.text(), value: statement, block });
  } else if (kind === 'class_declaration' || kind === 'abstract_class_declaration') {
    const name = statement.field('name');
    if (name && !decls.has(name.text())) decls.set(name.text(), { k: 'cls', node: statement });
  } else if (kind === 'export_statement') {
    const declaration = statement.field('declaration');
    if (declaration) addStatementDecls(declaration, block, decls);
  }
}

function addDeclarator(declarator: SgNode, block: SgNode, decls: Map<string, Decl>): void {
  const name = declarator.field('name');
  if (!name) return;
  const value = declarator.field('value') ?? undefined;
  if (name.kind() === 'identifier') {
    if (!decls.has(name.text())) decls.set(name.text(), { k: 'var', node: declarator, name: name.text(), value, block });
    return;
  }
  if (name.kind() !== 'object_pattern' || !value) return;
  for (const part of name.namedChildren()) {
    if (part.kind() === 'shorthand_property_identifier_pattern') {
      decls.set(part.text(), { k: 'destructure', value, key: part.text() });
    } else if (part.kind() === 'pair_pattern') {
      const key = part.field('key');
      const target = part.field('value');
      if (key && target?.kind() === 'identifier') decls.set(target.text(), { k: 'destructure', value, key: key.text().replace(/^['"]|['"]$/g, '') });
    }
  }
}

function addImportDecls(statement: SgNode, decls: Map<string, Decl>): void {
  const source = statement.field('source');
  const requireClause = statement.namedChildren().find((child) => child.kind() === 'import_require_clause');
  if (requireClause) {
    // import x = require('y')
    const local = requireClause.namedChildren().find((child) => child.kind() === 'identifier');
    const spec = requireClause.namedChildren().find((child) => child.kind() === 'string');
    const specText = spec ? stringValue(spec) : undefined;
    if (local && specText !== undefined) decls.set(local.text(), { k: 'imp', spec: specText, name: '*' });
    return;
  }
  const spec = source ? stringValue(source) : undefined;
  if (spec === undefined) return;
  const clause = statement.namedChildren().find((child) => child.kind() === 'import_clause');
  if (!clause) return;
  for (const part of clause.namedChildren()) {
    const kind = part.kind();
    if (kind === 'identifier') decls.set(part.text(), { k: 'imp', spec, name: 'default' });
    else if (kind === 'namespace_import') {
      const local = part.namedChildren().find((child) => child.kind() === 'identifier');
      if (local) decls.set(local.text(), { k: 'imp', spec, name: '*' });
    } else if (kind === 'named_imports') {
      for (const specifier of part.namedChildren()) {
        if (specifier.kind() !== 'import_specifier') continue;
        const imported = specifier.field('name');
        const alias = specifier.field('alias');
        if (!imported) continue;
        const importedName = imported.kind() === 'string' ? stringValue(imported) ?? imported.text() : imported.text();
        decls.set((alias ?? imported).text(), { k: 'imp', spec, name: importedName });
      }
    }
  }
}
