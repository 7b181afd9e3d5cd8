import type { SgNode } from '@ast-grep/napi';
import type { ParamDef } from './facts.js';

/** One scope around a node: a function (its parameters) or a block; `id` is the node's id. */
export interface Scope {
  node: SgNode;
  kind: string;
  id: number;
}

/** The scopes around a node, innermost first. */
export type ScopeChain = readonly Scope[];

const BLOCK_KINDS: ReadonlySet<string> = new Set(['statement_block', 'program', 'switch_case', 'class_static_block']);

/** Statements that can declare a name in their block. */
const DECLARING_KINDS: ReadonlySet<string> = new Set([
  'lexical_declaration', 'variable_declaration', 'function_declaration', 'generator_function_declaration',
  'class_declaration', 'abstract_class_declaration', 'export_statement', 'import_statement', 'enum_declaration',
]);

/** A node with its kind, read together. */
export interface Child {
  node: SgNode;
  kind: string;
}

/**
 * A statement of a block, with what readers have learnt of it so far, each read once: its text (for
 * lexical checks before asking the tree), an import's named children, the names it declares and its
 * declarators' initialisers (the module summary and name lookups share them).
 */
export interface Statement extends Child {
  text?: string;
  parts?: Child[];
  bindings?: readonly Binding[];
  /** Initialisers of a variable declaration's declarators, in order. */
  values?: SgNode[];
}

/** A statement's source text, read once. */
export function statementText(statement: Statement): string {
  return (statement.text ??= statement.node.text());
}

/** A block's declarations, read statement by statement as lookups need them. */
interface BlockScope {
  decls: Map<string, Decl>;
  pending: Statement[];
  misses: Set<string>;
}

/** What a name is bound to in a module. `block`/`outer`: the scopes the bound expression is written in. */
export type Decl =
  /** `const x = value` (value absent for `let x;`, then the first `x = …` in the block counts). */
  | { k: 'var'; node: SgNode; name: string; value?: SgNode; block: Scope }
  /** `const { key: x } = value` */
  | { k: 'destructure'; value: SgNode; key: string; block: Scope }
  | { k: 'fn'; node: SgNode; block: Scope }
  | { k: 'cls'; node: SgNode; block: Scope }
  | { k: 'imp'; spec: string; name: string }
  /** A parameter; `key` for a destructured one (`({ app }) => …`); `outer`: the scopes around the function. */
  | { k: 'param'; fn: SgNode; index: number; key?: string; outer: ScopeChain };

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

/** Whether a node of this kind opens a scope (a function or a block). */
export function isScopeKind(kind: string): boolean {
  return FUNCTION_KINDS.has(kind) || BLOCK_KINDS.has(kind);
}

/** The text of a string literal, escapes decoded; undefined when it is not a plain string. */
export function stringValue(node: SgNode, kind: string = kindOf(node)): string | undefined {
  return kind === 'string' ? stringFromText(node, node.text()) : undefined;
}

/** `stringValue` of a string node whose source text (`raw`) the caller has read. */
export function stringFromText(node: SgNode, raw: string): string {
  // Most strings have no escapes: the quotes are all there is to strip.
  if (!raw.includes('\\')) return raw.slice(1, -1);
  let text = '';
  for (const child of node.children()) {
    const childKind = child.kind();
    if (childKind === 'string_fragment') text += child.text();
    else if (childKind === 'escape_sequence') text += decodeEscape(child.text());
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
 *
 * Every call into the syntax tree crosses into native code, so chains of scopes are kept per scope
 * node once found, and a declaration remembers the scopes its value is written in: names in that
 * value are then looked up without walking the tree upwards again.
 */
export class Scopes {
  private readonly blocks = new Map<number, BlockScope>();
  private readonly params = new Map<number, Map<string, { index: number; key?: string }>>();
  private readonly paramLists = new Map<number, ParamDef[]>();
  /** Scope node id → the chain that starts with that scope. */
  private readonly chains = new Map<number, ScopeChain>();

  /** The declaration `name` refers to at `from`, or undefined for globals (require, module, process). */
  lookup(name: string, from: SgNode): Decl | undefined {
    return this.lookupIn(name, this.chain(from));
  }

  /** The scopes around a node, innermost first: functions (their parameters) and blocks. */
  chain(from: SgNode): ScopeChain {
    return this.surroundings(from, false).chain;
  }

  /**
   * The scopes around a node and the class it is written in (null when none): what `this` in it
   * refers to, as the evaluator reads it.
   */
  surroundings(from: SgNode, withOwner = true): { chain: ScopeChain; owner: SgNode | null | undefined } {
    const chain: Scope[] = [];
    /** Scopes met before any class: their class is the next one up (or none). */
    const ownerless: number[] = [];
    let owner: SgNode | null | undefined;
    let done: ScopeChain | undefined;
    let stopped = false;
    // Up the tree one parent at a time: the walk usually ends at a scope met before (the function
    // around the previous call), whose chain and class are known, long before the program.
    for (let node = from.parent(); node; node = node.parent()) {
      const kind = kindOf(node);
      if (owner === undefined && CLASS_KINDS.has(kind)) {
        owner = node;
        for (const id of ownerless) this.owners.set(id, node);
        if (done) {
          stopped = true;
          break;
        }
        continue;
      }
      if (done || !isScopeKind(kind)) continue;
      const isRoot = kind === 'program' && this.root !== undefined;
      const id = isRoot ? this.root!.id : node.id();
      const known = this.chains.get(id);
      if (known) {
        done = chain.length === 0 ? known : [...chain, ...known];
        if (owner === undefined && this.owners.has(id)) {
          owner = this.owners.get(id)!;
          for (const scoped of ownerless) this.owners.set(scoped, owner);
        }
        if (owner !== undefined || !withOwner) {
          stopped = true;
          break;
        }
        continue;
      }
      chain.push(isRoot ? this.root! : { node, kind, id });
      if (owner === undefined) ownerless.push(id);
    }
    // Up to the program without a class: nothing is `this`'s class.
    if (!stopped && owner === undefined) {
      owner = null;
      for (const id of ownerless) this.owners.set(id, null);
    }
    if (!done) done = chain;
    if (chain.length > 0) this.remember(done);
    return { chain: done, owner };
  }

  /** The program's scope, so that walks up the tree end without asking for its kind and id. */
  setRoot(root: Scope): void {
    this.root = root;
  }

  private root: Scope | undefined;
  /** Scope id → the class the scope is written in (null when none). */
  private readonly owners = new Map<number, SgNode | null>();

  /** The chain that starts with `scope` itself (a block or function whose own chain is `outer`). */
  chainFrom(scope: Scope, outer?: ScopeChain): ScopeChain {
    const known = this.chains.get(scope.id);
    if (known) return known;
    const chain = [scope, ...(outer ?? this.chain(scope.node))];
    this.chains.set(scope.id, chain);
    return chain;
  }

  /** A scope entry for a node known to be a function or block. */
  scopeOf(node: SgNode, kind: string = kindOf(node)): Scope {
    return { node, kind, id: node.id() };
  }

  private remember(chain: ScopeChain): void {
    for (let i = 0; i < chain.length; i++) {
      const id = chain[i]!.id;
      if (this.chains.has(id)) break;
      this.chains.set(id, i === 0 ? chain : chain.slice(i));
    }
  }

  /** The declaration `name` refers to in a chain of scopes. */
  lookupIn(name: string, chain: ScopeChain): Decl | undefined {
    for (let i = 0; i < chain.length; i++) {
      const scope = chain[i]!;
      if (FUNCTION_KINDS.has(scope.kind)) {
        const param = this.paramIndex(scope).get(name);
        if (param) return { k: 'param', fn: scope.node, ...param, outer: chain.slice(i + 1) };
      } else {
        const decl = this.declaredIn(scope, name);
        if (decl) return decl;
      }
    }
    return undefined;
  }

  /**
   * The statements of a block, when the caller has read them already (the program's, by the module
   * summary): saves reading them again.
   */
  seed(block: Scope, statements: readonly Statement[]): void {
    if (this.blocks.has(block.id)) return;
    const pending = statements.filter((statement) => DECLARING_KINDS.has(statement.kind));
    this.blocks.set(block.id, { decls: new Map(), pending, misses: new Set() });
  }

  /**
   * What `name` is declared as directly in a block (for the program, imports included). Statements are
   * read only when their text mentions the name: most lookups need few of a module's declarations.
   */
  declaredIn(block: Scope, name: string): Decl | undefined {
    let scope = this.blocks.get(block.id);
    if (!scope) {
      const pending: Statement[] = [];
      for (const node of block.node.children()) {
        const kind = kindOf(node);
        if (DECLARING_KINDS.has(kind)) pending.push({ node, kind });
      }
      scope = { decls: new Map(), pending, misses: new Set() };
      this.blocks.set(block.id, scope);
    }
    const known = scope.decls.get(name);
    if (known || scope.misses.has(name)) return known;
    const { pending } = scope;
    for (let i = 0; i < pending.length; i++) {
      const entry = pending[i]!;
      if (!containsWord(statementText(entry), name)) continue;
      pending.splice(i--, 1);
      for (const binding of bindingsOf(entry, block)) if (binding.replace || !scope.decls.has(binding.name)) scope.decls.set(binding.name, binding.decl);
      const found = scope.decls.get(name);
      if (found) return found;
    }
    scope.misses.add(name);
    return undefined;
  }

  /** The parameters of a function (read once per function). */
  paramsOf(fn: SgNode, id: number = fn.id(), kind?: string): ParamDef[] {
    let list = this.paramLists.get(id);
    if (!list) this.paramLists.set(id, (list = paramDefs(fn, kind)));
    return list;
  }

  private paramIndex(fn: Scope): Map<string, { index: number; key?: string }> {
    let names = this.params.get(fn.id);
    if (names) return names;
    names = new Map<string, { index: number; key?: string }>();
    const found = names;
    this.paramsOf(fn.node, fn.id, fn.kind).forEach((param, index) => {
      if (param.name !== undefined && !found.has(param.name)) found.set(param.name, { index });
      for (const [local, key] of param.fields ?? []) if (!found.has(local)) found.set(local, { index, key });
    });
    this.params.set(fn.id, names);
    return names;
  }
}

/** The parameters of a function node: names (when simple identifiers) and type annotations. */
export function paramDefs(fn: SgNode, kind?: string): ParamDef[] {
  // Only an arrow function has a lone parameter without parentheses (`req => …`).
  const single = kind === undefined || kind === 'arrow_function' ? fn.field('parameter') : null;
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

/** A name a statement declares. `replace`: it wins over an earlier declaration of the name in the block. */
interface Binding {
  name: string;
  decl: Decl;
  replace?: boolean;
}

/** The names a statement of `block` declares, read once (the module summary and lookups share them). */
export function bindingsOf(statement: Statement, block: Scope): readonly Binding[] {
  if (!statement.bindings) {
    const bindings: Binding[] = [];
    if (statement.kind === 'import_statement') addImportBindings(statement, bindings);
    else addStatementBindings(statement.node, statement.kind, block, bindings, (statement.values = []));
    statement.bindings = bindings;
  }
  return statement.bindings;
}

function addStatementBindings(statement: SgNode, kind: string, block: Scope, bindings: Binding[], values: SgNode[]): void {
  if (kind === 'lexical_declaration' || kind === 'variable_declaration') {
    for (const declarator of statement.namedChildren()) {
      if (declarator.kind() === 'variable_declarator') addDeclarator(declarator, block, bindings, values);
    }
  } else if (kind === 'function_declaration' || kind === 'generator_function_declaration') {
    const name = statement.field('name')?.text();
    if (name !== undefined) bindings.push({ name, decl: { k: 'fn', node: statement, block } });
  } else if (kind === 'enum_declaration') {
    const name = statement.field('name')?.text();
    if (name !== undefined) bindings.push({ name, decl: { k: 'var', node: statement, name, value: statement, block } });
  } else if (kind === 'class_declaration' || kind === 'abstract_class_declaration') {
    const name = statement.field('name')?.text();
    if (name !== undefined) bindings.push({ name, decl: { k: 'cls', node: statement, block } });
  } else if (kind === 'export_statement') {
    const declaration = statement.field('declaration');
    if (declaration) addStatementBindings(declaration, kindOf(declaration), block, bindings, values);
  }
}

function addDeclarator(declarator: SgNode, block: Scope, bindings: Binding[], values: SgNode[]): void {
  const name = declarator.field('name');
  const value = declarator.field('value') ?? undefined;
  if (value) values.push(value);
  if (!name) return;
  const nameKind = name.kind();
  if (nameKind === 'identifier') {
    const text = name.text();
    bindings.push({ name: text, decl: { k: 'var', node: declarator, name: text, value, block } });
    return;
  }
  if (nameKind !== 'object_pattern' || !value) return;
  for (const part of name.namedChildren()) {
    const partKind = part.kind();
    if (partKind === 'shorthand_property_identifier_pattern') {
      const text = part.text();
      bindings.push({ name: text, decl: { k: 'destructure', value, key: text, block }, replace: true });
    } else if (partKind === 'pair_pattern') {
      const key = part.field('key');
      const target = part.field('value');
      if (key && target?.kind() === 'identifier') {
        bindings.push({ name: target.text(), decl: { k: 'destructure', value, key: key.text().replace(/^['"]|['"]$/g, ''), block }, replace: true });
      }
    }
  }
}

/** The named children of an import statement (read once: the module summary reads the source, lookups the names). */
export function importParts(statement: Statement): Child[] {
  return (statement.parts ??= statement.node.namedChildren().map((node) => ({ node, kind: kindOf(node) })));
}

function addImportBindings(statement: Statement, bindings: Binding[]): void {
  const decls = { set: (name: string, decl: Decl): void => void bindings.push({ name, decl, replace: true }) };
  let clause: SgNode | undefined;
  let spec: string | undefined;
  for (const { node: child, kind } of importParts(statement)) {
    if (kind === 'import_require_clause') {
      // import x = require('y')
      const parts = child.namedChildren();
      const local = parts.find((part) => part.kind() === 'identifier');
      const specNode = parts.find((part) => part.kind() === 'string');
      const specText = specNode ? stringValue(specNode, 'string') : undefined;
      if (local && specText !== undefined) decls.set(local.text(), { k: 'imp', spec: specText, name: '*' });
      return;
    }
    if (kind === 'import_clause') clause ??= child;
    else if (kind === 'string') spec ??= stringValue(child, kind);
  }
  if (spec === undefined || !clause) return;
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
        const importedKind = kindOf(imported);
        const importedText = imported.text();
        const importedName = importedKind === 'string' ? stringValue(imported, importedKind) ?? importedText : importedText;
        decls.set(alias ? alias.text() : importedText, { k: 'imp', spec, name: importedName });
      }
    }
  }
}
