import type { Range, SgNode } from '@ast-grep/napi';
import { stableHash } from '../../../../hash.js';
import { lineOf, type ParsedFile } from '../../../../source/language.js';
import { topLevelStatements } from '../../../../source/top-level.js';
import { DIR_ENTRY, DIR_ENTRY_HEAD, DIR_ENTRY_STEM, record, type Arg, type ClassDef, type FnDef, type JsModuleFacts, type Part, type Val } from './facts.js';
import { frameworkFactory } from './frameworks.js';
import { FUNCTION_KINDS, Scopes, isClassKind, stringFromText, stringValue, decodeEscape, type Child, type Decl, type Scope, type ScopeChain, type Statement, kindOf } from './scope.js';

/** Parameter values bound while reading a callback (`routes.forEach((r) => router.use(r.path, r.route))`). */
export type Env = ReadonlyMap<string, Val>;

const UNKNOWN: Val = { t: 'u' };
/** Source text longer than this is not kept as a name (inline objects, long calls). */
const MAX_TEXT = 160;
/** Object/array literals are read up to this many entries (configuration files can be huge). */
const MAX_ENTRIES = 200;
/** Nodes evaluated per module: a guard against pathological generated code. */
const MAX_EVALUATIONS = 20_000;
const MAX_RETURNS = 8;
const LITERAL_CONTAINERS: ReadonlySet<string> = new Set(['object', 'array']);
/** Kinds evaluated from the node alone, cheaply: not remembered by node id. */
const PLAIN_KINDS: ReadonlySet<string> = new Set(['identifier', 'shorthand_property_identifier', 'string', 'number']);

/**
 * What a node is written in, when the reader knows it without asking the tree: a function takes its
 * name from there (`const list = () => …`; `{ list: () => … }`), and nothing from a call's arguments.
 */
interface ParentHint {
  kind: string;
  /** The name the function gets (none in call arguments or as a route option's `handler`). */
  name?: string;
  /** The declarator, for its type annotation. */
  node?: SgNode;
}

const ARGUMENT_PARENT: ParentHint = { kind: 'arguments' };

/** Statements (and their parts) a return can sit in without being in another function. */
const CONTROL_FLOW_KINDS: ReadonlySet<string> = new Set([
  'statement_block', 'if_statement', 'else_clause', 'try_statement', 'catch_clause', 'finally_clause',
  'switch_statement', 'switch_body', 'switch_case', 'switch_default', 'for_statement', 'for_in_statement',
  'while_statement', 'do_statement', 'labeled_statement',
]);

/** Trimmed source text with whitespace runs collapsed, or undefined when too long to be a name. */
export function shortText(node: SgNode, range: Range = node.range()): string | undefined {
  const { start, end } = range;
  // A long expression is not copied out of the tree just to be dropped.
  if (end.index - start.index > MAX_TEXT * 4) return undefined;
  return collapse(node.text());
}

/** Like `shortText`, for a node whose range is known, sliced from the module's text (offsets are UTF-16). */
function shortSlice(source: string, range: Range): string | undefined {
  const { start, end } = range;
  if (end.index - start.index > MAX_TEXT * 4) return undefined;
  return collapse(source.slice(start.index, end.index));
}

function collapse(raw: string): string | undefined {
  const text = raw.replace(/\s+/g, ' ').trim();
  return text.length > MAX_TEXT ? undefined : text;
}

/** A class field's value, with the scopes it is written in when known (`ctor`: set in the constructor). */
interface FieldNode {
  node: SgNode;
  ctor?: { body: SgNode; fn: SgNode };
}

/**
 * Evaluates expressions of one module into symbolic values while its syntax tree is alive, recording
 * the functions, classes and framework objects it meets in the module's facts.
 *
 * Every call into the syntax tree crosses into native code and costs about as much as a small
 * JavaScript function, so the evaluator reads each node's kind, id and range once, slices source text
 * from the module's text rather than asking the tree, and carries the scopes an expression is written
 * in instead of walking up the tree for each name.
 */
export class Evaluator {
  readonly scopes = new Scopes();
  /** The module takes part in routing: parameters and return values of its functions are recorded. */
  routing = false;
  /**
   * Other modules may call this module's exported functions for routers, prefixes or handlers: the
   * module imports a router framework, or binds or routes on something more than a local import that
   * is not named like a router (`userRepository.delete(id, ownerId)` in a service is not).
   */
  exportsRouting = false;
  /**
   * Values only (no source text or lines for nested expressions): set while reading the exports of a
   * module that uses no framework, where positions are never reported.
   */
  light = false;
  /** Names of variables holding framework objects (`const app = express()`). */
  readonly frameworkVariables = new Set<string>();
  private readonly memo = new Map<number, Val>();
  /**
   * The scopes around the expression being read, when the caller knows them (the arguments of one call,
   * an export statement): saves finding them again for every name in it. Cleared when reading leaves it.
   */
  private chain: ScopeChain | undefined;
  /**
   * The class the expression being read is written in (null: none), when the caller knows it: what
   * `this.x` reads. Undefined when unknown (then found by walking up the tree).
   */
  private owner: SgNode | null | undefined;
  private readonly visiting = new Set<number>();
  private readonly visitingDecls = new Set<Decl>();
  private readonly fnIds = new Map<number, number>();
  private readonly fnNodes: SgNode[] = [];
  /** Node id and kind of each function, read when it was recorded. */
  private readonly fnKeys: number[] = [];
  private readonly fnKinds: string[] = [];
  /** The scopes around each function, when known where it was met. */
  private readonly fnOuter: Array<ScopeChain | undefined> = [];
  /** The class each function is written in, when known where it was met. */
  private readonly fnOwner: Array<SgNode | null | undefined> = [];
  private readonly classIds = new Map<number, number>();
  private readonly classByNode = new WeakMap<SgNode, number>();
  private readonly classNodes: SgNode[] = [];
  private readonly classOuter: Array<ScopeChain | undefined> = [];
  private readonly classFieldNodes: Array<Map<string, FieldNode>> = [];
  private readonly objIds = new Map<number, number>();
  private evaluations = 0;
  /** Functions whose parameters the link step may need (called, exported, or with a parameter read). */
  private readonly wanted = new Set<number>();
  /**
   * Functions whose return values the link step may need: called here or exported. A function only
   * passed along (an inline handler whose `req` was read) is never called by what the link step reads.
   */
  private readonly called = new Set<number>();
  private readonly finished = new Set<number>();
  private readonly returned = new Set<number>();
  private topLevelStatements: readonly Statement[] | undefined;

  constructor(
    readonly file: ParsedFile,
    readonly facts: JsModuleFacts,
  ) {
    this.scopes.setRoot(this.programScope());
  }

  /** The program's statements with their kinds, read once for every reader of the module's top level. */
  topLevel(): readonly Statement[] {
    if (!this.topLevelStatements) {
      // Shared with the file's other analysers: what this module learns of a statement stays on it.
      this.topLevelStatements = topLevelStatements(this.file.root) as readonly Statement[];
      this.scopes.seed(this.programScope(), this.topLevelStatements);
    }
    return this.topLevelStatements;
  }

  /** The program as a scope chain of its own. */
  programChain(): ScopeChain {
    return this.scopes.chainFrom(this.programScope(), []);
  }

  private programScopeEntry: Scope | undefined;

  /** The program as a scope. */
  programScope(): Scope {
    return (this.programScopeEntry ??= this.scopes.scopeOf(this.file.root, 'program'));
  }

  /** The value of an expression. */
  eval(node: SgNode, env?: Env): Val {
    return this.evalNode(node, kindOf(node), env);
  }

  /**
   * `eval` for a node whose kind the caller has read. `parent`: what the node is written in, when the
   * caller knows (a function takes its name from there).
   */
  private evalNode(node: SgNode, kind: string, env: Env | undefined, parent?: ParentHint): Val {
    // Names and literals are read again rather than remembered: that costs less than the node's id.
    // Cycles through names (`const a = a`) are caught at their declarations.
    if (PLAIN_KINDS.has(kind)) return ++this.evaluations > MAX_EVALUATIONS ? UNKNOWN : this.evaluate(node, 0, kind, env, parent);
    const id = node.id();
    const cacheable = !env || env.size === 0;
    if (cacheable) {
      const cached = this.memo.get(id);
      if (cached) return cached;
    }
    if (this.visiting.has(id) || ++this.evaluations > MAX_EVALUATIONS) return UNKNOWN;
    this.visiting.add(id);
    try {
      const value = this.evaluate(node, id, kind, env, parent);
      if (cacheable) this.memo.set(id, value);
      return value;
    } finally {
      this.visiting.delete(id);
    }
  }

  /** A value with its position and, when short, its source text. `kind`/`parent` when the caller has them. */
  arg(node: SgNode, env?: Env, kind: string = kindOf(node), parent?: ParentHint): Arg {
    const v = this.evalNode(node, kind, env, parent);
    const inline = v.t === 'fn' && FUNCTION_KINDS.has(kind);
    if (this.light) return inline ? { v, line: 0, endLine: 0, inline: true } : { v, line: 0, endLine: 0 };
    if (inline) {
      // The function's own record has its lines: no second trip into the tree.
      // (A function node always evaluates to its own record.)
      const def = this.facts.fns[v.id];
      if (def) return { v, line: def.line, endLine: def.endLine, inline: true };
    }
    const range = node.range();
    const arg: Arg = { v, line: range.start.line + 1, endLine: range.end.line + 1 };
    if (inline) arg.inline = true;
    else if (v.t !== 'rec' && v.t !== 'arr') {
      const text = shortSlice(this.file.text, range) ?? (kind === 'call_expression' ? this.calleeText(node) : undefined);
      if (text !== undefined) arg.text = text;
    }
    return arg;
  }

  /** The value a declarator's initialiser holds (`const name = value`), named after the variable. */
  declaredValue(value: SgNode, declarator: SgNode, name: string): Val {
    return this.evalNode(value, kindOf(value), undefined, { kind: 'variable_declarator', name, node: declarator });
  }

  /** Trimmed source text of a node when short (see `shortText`). */
  short(node: SgNode, range: Range = node.range()): string | undefined {
    return shortSlice(this.file.text, range);
  }

  /** A long call named by its callee: `session(…)`. */
  private calleeText(node: SgNode): string | undefined {
    const callee = node.field('function');
    const text = callee ? this.short(callee) : undefined;
    return text === undefined ? undefined : `${text}(…)`;
  }

  /** The arguments of a call, comments left out. */
  argumentNodes(call: SgNode): SgNode[] {
    return this.argumentEntries(call).map((entry) => entry.node);
  }

  /** The arguments of a call with their kinds, comments left out. */
  argumentEntries(call: SgNode): Child[] {
    const args = call.field('arguments');
    if (!args || args.kind() !== 'arguments') return [];
    const entries: Child[] = [];
    for (const node of args.namedChildren()) {
      const kind = kindOf(node);
      if (kind !== 'comment') entries.push({ node, kind });
    }
    return entries;
  }

  /**
   * A call's arguments as values, read in the scopes being read. Spread arguments are opened when they
   * hold a list: an array (`...[auth, validate]`, `...guards`) or Hono's `factory.createHandlers(mw, handler)`.
   */
  argsOf(entries: readonly Child[], env?: Env): Arg[] {
    const args: Arg[] = [];
    for (const { node, kind } of entries) {
      const spread = kind === 'spread_element' ? this.spreadItems(node, env) : undefined;
      if (spread) args.push(...spread);
      else args.push(this.arg(node, env, kind, ARGUMENT_PARENT));
    }
    return args;
  }

  private spreadItems(node: SgNode, env?: Env): Arg[] | undefined {
    const inner = node.namedChildren().find((child) => kindOf(child) !== 'comment');
    if (!inner) return undefined;
    const value = this.eval(inner, env);
    if (value.t === 'arr') return value.items;
    if (value.t === 'call' && value.fn.t === 'mem' && value.fn.name === 'createHandlers') return value.args;
    return undefined;
  }

  /**
   * The id of a function node in the module's facts. `outer`: the scopes around it when the caller
   * knows them (else the scopes of the expression being read, if any).
   */
  fnOf(node: SgNode, outer?: ScopeChain, key: number = node.id(), kind?: string, ownName?: string, parent?: ParentHint, owner?: SgNode | null): number {
    const known = this.fnIds.get(key);
    if (known !== undefined) return known;
    const range = node.range();
    const def: FnDef = {
      line: range.start.line + 1,
      endLine: range.end.line + 1,
      hash: stableHash(this.file.text.slice(range.start.index, range.end.index)),
    };
    const fnKind = kind ?? kindOf(node);
    const named = fnKind === 'function_declaration' || fnKind === 'method_definition' || fnKind === 'generator_function_declaration';
    let name = ownName;
    if (named && name === undefined) name = node.field('name')?.text();
    // A function without a name of its own is named by where it is written.
    if (name === undefined && parent) {
      name = parent.name;
      const type = parent.kind === 'variable_declarator' ? parent.node?.field('type') : undefined;
      if (type) def.typeHint = type.text().replace(/^:\s*/, '');
    } else if (name === undefined) {
      const parentNode = node.parent();
      const parentKind = parentNode ? kindOf(parentNode) : undefined;
      if (parentNode) name = nameFromParent(parentNode, parentKind!);
      if (parentKind === 'variable_declarator') {
        const type = parentNode!.field('type');
        if (type) def.typeHint = type.text().replace(/^:\s*/, '');
      }
    }
    if (name !== undefined) def.name = name;
    const id = this.facts.fns.push(def) - 1;
    this.fnNodes.push(node);
    this.fnKeys.push(key);
    this.fnKinds.push(fnKind);
    this.fnOuter.push(outer ?? this.chain);
    this.fnOwner.push(owner !== undefined ? owner : outer ? undefined : this.owner);
    this.fnIds.set(key, id);
    return id;
  }

  /** The id of a class node in the module's facts (methods recorded, fields read on demand). */
  classOf(node: SgNode, outer?: ScopeChain): number {
    // The class around the expressions being read is the same node object each time: no trip for its id.
    const seen = this.classByNode.get(node);
    if (seen !== undefined) return seen;
    const key = node.id();
    const known = this.classIds.get(key);
    if (known !== undefined) {
      this.classByNode.set(node, known);
      return known;
    }
    const range = node.range();
    const def: ClassDef = { line: range.start.line + 1, endLine: range.end.line + 1, methods: record(), fields: record() };
    const name = node.field('name');
    if (name) def.name = name.text();
    const id = this.facts.classes.push(def) - 1;
    this.classIds.set(key, id);
    this.classByNode.set(node, id);
    this.classNodes.push(node);
    const classChain = outer ?? this.chain;
    this.classOuter.push(classChain);
    const fieldNodes = new Map<string, FieldNode>();
    this.classFieldNodes.push(fieldNodes);
    const body = node.field('body');
    for (const member of body?.namedChildren() ?? []) {
      const kind = kindOf(member);
      if (kind === 'method_definition') {
        const methodName = member.field('name')?.text();
        if (methodName === undefined) continue;
        def.methods[methodName] = this.fnOf(member, classChain, member.id(), kind, methodName, undefined, node);
        if (methodName === 'constructor') collectConstructorFields(member, fieldNodes);
      } else if (kind === 'public_field_definition' || kind === 'field_definition') {
        const fieldName = (member.field('name') ?? member.field('property'))?.text();
        const value = member.field('value');
        if (fieldName !== undefined && value && !fieldNodes.has(fieldName)) fieldNodes.set(fieldName, { node: value });
      }
    }
    return id;
  }

  /**
   * Completes the facts of functions and classes met so far: class fields, and, in modules that take
   * part in routing, the parameters and return values of the functions the link step may call (those
   * called here or whose parameters are read as routers, and, when other modules may call them for
   * routing, the exported ones). Inline handlers need neither.
   */
  finish(): void {
    for (let round = 0; round < 8; round++) {
      // Class fields matter where routing code may read them (`this.router`, controller arrow methods).
      if (this.routing || this.facts.frameworks.length > 0) this.classFieldNodes.forEach((fields, id) => {
        const def = this.facts.classes[id]!;
        for (const [name, field] of fields) if (!Object.hasOwn(def.fields, name)) def.fields[name] = this.fieldValue(id, field);
      });
      if (!this.routing) return;
      if (this.exportsRouting) for (const value of Object.values(this.facts.exports)) this.wantExported(value, 0);
      const pending = [...this.wanted].filter((id) => !this.finished.has(id) || (this.called.has(id) && !this.returned.has(id)));
      if (pending.length === 0) return;
      for (const id of pending) {
        const def = this.facts.fns[id]!;
        if (!this.finished.has(id)) {
          this.finished.add(id);
          def.params = this.scopes.paramsOf(this.fnNodes[id]!, this.fnKeys[id], this.fnKinds[id]);
        }
        if (this.called.has(id) && !this.returned.has(id)) {
          this.returned.add(id);
          def.returns = this.returnsOf(id);
        }
      }
    }
  }

  /** The value of a class field, read in the scopes it is written in. */
  private fieldValue(classId: number, field: FieldNode): Val {
    const outer = this.classChain(classId);
    const owner = this.classNodes[classId];
    if (!field.ctor) return this.readIn(outer, field.node, owner);
    const fnChain = this.scopes.chainFrom(this.scopes.scopeOf(field.ctor.fn, 'method_definition'), outer);
    return this.readIn(this.scopes.chainFrom(this.scopes.scopeOf(field.ctor.body, 'statement_block'), fnChain), field.node, owner);
  }

  private classChain(classId: number): ScopeChain {
    let outer = this.classOuter[classId];
    if (!outer) this.classOuter[classId] = outer = this.scopes.chain(this.classNodes[classId]!);
    return outer;
  }

  /** Reads an expression written directly in the scopes of `chain` (and in class `owner`, when known). */
  private readIn(chain: ScopeChain, node: SgNode, owner?: SgNode | null): Val {
    return this.within(chain, () => this.eval(node), owner);
  }

  /** Function nodes the module exports (directly, in an object, or wrapped in a call). */
  exportedFunctionNodes(): SgNode[] {
    const ids = new Set<number>();
    const visit = (value: Val, depth: number): void => {
      if (depth > 3) return;
      if (value.t === 'fn') ids.add(value.id);
      else if (value.t === 'call') for (const arg of value.args) visit(arg.v, depth + 1);
      else if (value.t === 'rec') for (const key of Object.keys(value.props)) visit(value.props[key]!.v, depth + 1);
    };
    for (const value of Object.values(this.facts.exports)) visit(value, 0);
    return [...ids].map((id) => this.fnNodes[id]!);
  }

  private wantExported(value: Val, depth: number): void {
    if (depth > 3) return;
    if (value.t === 'fn') this.want(value.id);
    else if (value.t === 'call') for (const arg of value.args) this.wantExported(arg.v, depth + 1);
    else if (value.t === 'rec') for (const key of Object.keys(value.props)) this.wantExported(value.props[key]!.v, depth + 1);
    else if (value.t === 'cls') for (const id of Object.values(this.facts.classes[value.id]?.methods ?? {})) this.want(id);
  }

  /**
   * The link step reads what this function returns (a configuration factory), though the module takes
   * no other part in routing.
   */
  wantReturns(id: number): void {
    this.routing = true;
    this.want(id);
  }

  /** The link step may call this function: its parameters and return values are recorded. */
  private want(id: number): void {
    this.wanted.add(id);
    this.called.add(id);
  }

  /** The scopes inside a function (its parameters first). */
  private functionChain(id: number): ScopeChain {
    const scope: Scope = { node: this.fnNodes[id]!, kind: this.fnKinds[id]!, id: this.fnKeys[id]! };
    return this.scopes.chainFrom(scope, this.fnOuter[id]);
  }

  private returnsOf(id: number): Val[] {
    const fn = this.fnNodes[id]!;
    const body = fn.field('body');
    if (!body) return [];
    const bodyKind = kindOf(body);
    const fnChain = this.functionChain(id);
    const owner = this.fnOwner[id];
    if (bodyKind !== 'statement_block') return [this.readIn(fnChain, body, owner)];
    const values: Val[] = [];
    this.collectReturns(body, bodyKind, fnChain, owner, values, 0);
    return values;
  }

  /** Return statements of a body, through blocks and control flow but not into nested functions. */
  private collectReturns(block: SgNode, kind: string, outer: ScopeChain, owner: SgNode | null | undefined, values: Val[], depth: number): void {
    if (depth > 6) return;
    // Blocks (and switch cases) are scopes of their own: names in a return are looked up from there.
    const chain = kind === 'statement_block' || kind === 'switch_case' ? this.scopes.chainFrom(this.scopes.scopeOf(block, kind), outer) : outer;
    for (const statement of block.namedChildren()) {
      if (values.length >= MAX_RETURNS) return;
      const statementKind = kindOf(statement);
      if (statementKind === 'return_statement') {
        const expression = statement.namedChildren().find((child) => child.kind() !== 'comment');
        if (expression) values.push(this.readIn(chain, expression, owner));
      } else if (CONTROL_FLOW_KINDS.has(statementKind)) this.collectReturns(statement, statementKind, chain, owner, values, depth + 1);
    }
  }

  private evaluate(node: SgNode, id: number, kind: string, env: Env | undefined, parent: ParentHint | undefined): Val {
    switch (kind) {
      case 'parenthesized_expression':
      case 'await_expression':
      case 'non_null_expression':
      case 'as_expression':
      case 'satisfies_expression': {
        const inner = node.namedChildren()[0];
        return inner ? this.eval(inner, env) : UNKNOWN;
      }
      case 'type_assertion': {
        const inner = node.namedChildren().at(-1);
        return inner ? this.eval(inner, env) : UNKNOWN;
      }
      case 'identifier':
      case 'shorthand_property_identifier':
        return this.identifier(node, env);
      case 'string': {
        const text = stringValue(node, kind);
        return text === undefined ? UNKNOWN : { t: 's', parts: [text] };
      }
      case 'number':
        return { t: 's', parts: [node.text()] };
      case 'template_string':
        return this.template(node, env);
      case 'binary_expression':
        return this.binary(node, env);
      case 'member_expression':
        return this.member(node, env);
      case 'subscript_expression': {
        const index = node.field('index');
        const key = index ? stringValue(index) : undefined;
        const object = node.field('object');
        if (key === undefined || !object) return UNKNOWN;
        return this.memberOf(object, key, env);
      }
      case 'call_expression':
        return this.call(node, id, env, false, parent);
      case 'new_expression':
        return this.call(node, id, env, true, parent);
      case 'arrow_function':
      case 'function_expression':
      case 'function':
      case 'function_declaration':
      case 'generator_function':
      case 'generator_function_declaration':
        return { t: 'fn', id: this.fnOf(node, undefined, id, kind, undefined, parent) };
      case 'class':
      case 'class_declaration':
      case 'abstract_class_declaration':
        return { t: 'cls', id: this.classOf(node) };
      case 'object':
        return this.object(node, env);
      case 'enum_declaration':
        return this.enumValues(node);
      case 'array':
        return this.array(node, env);
      case 'assignment_expression': {
        const right = node.field('right');
        return right ? this.eval(right, env) : UNKNOWN;
      }
      default:
        return UNKNOWN;
    }
  }

  /**
   * Reads `nodes`, all written inside the scopes of `chain` (and not inside a function of theirs);
   * `owner`: the class they are written in, when known.
   */
  within<T>(chain: ScopeChain, read: () => T, owner?: SgNode | null): T {
    const saved = this.chain;
    const savedOwner = this.owner;
    this.chain = chain;
    this.owner = owner;
    try {
      return read();
    } finally {
      this.chain = saved;
      this.owner = savedOwner;
    }
  }

  /** The declaration a name refers to, from the scopes being read (or, when unknown, from the node). */
  private lookup(name: string, node: SgNode): Decl | undefined {
    return this.chain ? this.scopes.lookupIn(name, this.chain) : this.scopes.lookup(name, node);
  }

  private identifier(node: SgNode, env: Env | undefined): Val {
    const name = node.text();
    if (name === 'undefined') return UNKNOWN;
    const decl = this.lookup(name, node);
    if (!decl) return name === '__dirname' ? { t: 's', parts: [{ dir: true }] } : { t: 'u', text: name };
    return this.declValue(decl, env);
  }

  /** The value a declaration binds. */
  declValue(decl: Decl, env?: Env): Val {
    if (decl.k === 'imp') return { t: 'imp', spec: decl.spec, name: decl.name };
    if (this.visitingDecls.has(decl)) return UNKNOWN;
    // The declaration is elsewhere: names in it are looked up from its block.
    const saved = this.chain;
    const savedOwner = this.owner;
    this.chain = decl.k === 'param' ? undefined : this.scopes.chainFrom(decl.block);
    this.owner = undefined;
    this.visitingDecls.add(decl);
    try {
      return this.bound(decl, env);
    } finally {
      this.chain = saved;
      this.owner = savedOwner;
      this.visitingDecls.delete(decl);
    }
  }

  private bound(decl: Decl, env?: Env): Val {
    switch (decl.k) {
      case 'param': {
        const bound = env?.get(`${decl.fn.id()}:${decl.index}`);
        if (bound && decl.key === undefined) return bound;
        if (bound) return bound.t === 'rec' ? (Object.hasOwn(bound.props, decl.key!) ? bound.props[decl.key!]!.v : UNKNOWN) : { t: 'mem', of: bound, name: decl.key! };
        const param: Val = { t: 'param', fn: this.fnOf(decl.fn, decl.outer), i: decl.index };
        this.wanted.add(param.fn);
        if (decl.key !== undefined) param.key = decl.key;
        return param;
      }
      case 'var': {
        if (decl.value) {
          const kind = kindOf(decl.value);
          const parent = decl.node !== decl.value ? { kind: 'variable_declarator', name: decl.name, node: decl.node } : undefined;
          return this.evalNode(decl.value, kind, env, parent);
        }
        const assigned = laterAssignment(decl.block.node, decl.name);
        return assigned ? this.eval(assigned, env) : UNKNOWN;
      }
      case 'destructure':
        return this.memberOf(decl.value, decl.key, env);
      case 'fn':
        return { t: 'fn', id: this.fnOf(decl.node) };
      case 'cls':
        return { t: 'cls', id: this.classOf(decl.node) };
      case 'imp':
        return { t: 'imp', spec: decl.spec, name: decl.name };
    }
  }

  private template(node: SgNode, env: Env | undefined): Val {
    const parts: Part[] = [];
    for (const child of node.children()) {
      const kind = child.kind();
      if (kind === 'string_fragment') parts.push(child.text());
      else if (kind === 'escape_sequence') parts.push(decodeEscape(child.text()));
      else if (kind === 'template_substitution') {
        const inner = child.namedChildren()[0];
        if (inner) parts.push(...this.partsOf(inner, env));
      }
    }
    return { t: 's', parts };
  }

  private partsOf(node: SgNode, env: Env | undefined): Part[] {
    const value = this.eval(node, env);
    if (value.t === 's') return value.parts;
    return [{ ref: value, text: this.short(node) ?? '…' }];
  }

  private binary(node: SgNode, env: Env | undefined): Val {
    const left = node.field('left');
    const right = node.field('right');
    const operator = node.field('operator')?.text();
    if (!left || !right) return UNKNOWN;
    if (operator === '+') {
      const value: Val = { t: 's', parts: [...this.partsOf(left, env), ...this.partsOf(right, env)] };
      return value;
    }
    if (operator === '??' || operator === '||') {
      return { t: 's', parts: [{ or: [this.partsOf(left, env), this.partsOf(right, env)], text: this.short(node) ?? '…' }] };
    }
    return UNKNOWN;
  }

  private member(node: SgNode, env: Env | undefined): Val {
    const object = node.field('object');
    const property = node.field('property');
    if (!object || !property) return UNKNOWN;
    const name = property.text();
    const objectKind = kindOf(object);
    if (objectKind === 'this') return this.thisMember(node, name);
    let objectText: string | undefined;
    if (objectKind === 'member_expression') {
      // process.env.NAME and import.meta.env.NAME: configuration
      objectText = object.text();
      if ((objectText === 'process.env' && !this.lookup('process', node)) || objectText === 'import.meta.env') return { t: 's', parts: [{ env: name }] };
    }
    if (objectKind === 'meta_property' || (objectText ?? object.text()) === 'import.meta') {
      if (name === 'dirname') return { t: 's', parts: [{ dir: true }] };
      if (name === 'url' || name === 'filename') return { t: 's', parts: [{ dir: true }, '/' + baseName(this.file.path)] };
    }
    return this.memberOf(object, name, env);
  }

  private memberOf(object: SgNode, name: string, env: Env | undefined): Val {
    const of = this.eval(object, env);
    if (of.t === 'rec') return Object.hasOwn(of.props, name) ? of.props[name]!.v : UNKNOWN;
    if (of.t === 'arr' && /^\d+$/.test(name)) return of.items[Number(name)]?.v ?? UNKNOWN;
    if (of.t === 'u' || of.t === 's') return UNKNOWN;
    return { t: 'mem', of, name };
  }

  /** `this.name` inside a class: a field's value, a method, or unknown (injected services). */
  private thisMember(node: SgNode, name: string): Val {
    // The class is known from the scopes being read, or found up the tree.
    const owner = this.owner !== undefined ? this.owner : node.ancestors().find((ancestor) => isClassKind(kindOf(ancestor)));
    if (!owner) return UNKNOWN;
    const saved = this.chain;
    const savedOwner = this.owner;
    this.chain = undefined;
    this.owner = undefined;
    try {
      return this.classMember(owner, name);
    } finally {
      this.chain = saved;
      this.owner = savedOwner;
    }
  }

  private classMember(owner: SgNode, name: string): Val {
    const classId = this.classOf(owner);
    const field = this.classFieldNodes[classId]?.get(name);
    if (field) return this.fieldValue(classId, field);
    const method = this.facts.classes[classId]!.methods;
    if (Object.hasOwn(method, name)) return { t: 'fn', id: method[name]! };
    return UNKNOWN;
  }

  private call(node: SgNode, id: number, env: Env | undefined, isNew: boolean, parent: ParentHint | undefined): Val {
    const callee = node.field(isNew ? 'constructor' : 'function');
    if (!callee) return UNKNOWN;
    const argEntries = this.argumentEntries(node);
    const calleeKind = kindOf(callee);
    if (calleeKind === 'import' || (!isNew && calleeKind === 'identifier' && callee.text() === 'require' && !this.lookup('require', node))) {
      const first = argEntries[0];
      const spec = first ? stringValue(first.node, first.kind) ?? this.entrySpec(first, env) : undefined;
      return spec === undefined ? UNKNOWN : { t: 'imp', spec, name: '*' };
    }
    // Object.assign({ prefix: '/api' }, opts): the literal options it merges (others are unknown here).
    if (!isNew && calleeKind === 'member_expression' && callee.text() === 'Object.assign' && !this.lookup('Object', node)) return this.assigned(argEntries, env);
    const fn = this.evalNode(callee, calleeKind, env);
    if (fn.t === 'fn') this.want(fn.id);
    if (isNew && fn.t === 'cls') {
      const methods = this.facts.classes[fn.id]?.methods;
      if (methods && Object.hasOwn(methods, 'constructor')) this.want(methods['constructor']!);
    }
    const factory = frameworkFactory(fn, isNew);
    if (factory) return { t: 'obj', id: this.objectOf(node, id, factory, argEntries, env, parent) };
    const pathValue = this.pathHelper(fn, argEntries, env);
    if (pathValue) return pathValue;
    const entryName = env && env.size > 0 ? this.entryName(fn, callee, calleeKind, argEntries, env) : undefined;
    if (entryName) return entryName;
    // Reading exports of a module without framework, object and array arguments of calls (schemas,
    // options) are left unread: other modules take functions and constants from it, not those.
    const args = argEntries.map(({ node: arg, kind }) => (this.light && LITERAL_CONTAINERS.has(kind) ? { v: UNKNOWN, line: 0, endLine: 0 } : this.arg(arg, env, kind, ARGUMENT_PARENT)));
    const value: Val = { t: 'call', fn, args, at: node.range().start.index };
    if (isNew) value.isNew = true;
    return value;
  }

  /**
   * `require(\`./${file}\`)`, `require(path.join(__dirname, file))` in a loop over a directory listing:
   * a specifier relative to this module, with DIR_ENTRY for the entry. Undefined for any other computed specifier.
   */
  private entrySpec(first: Child, env: Env | undefined): string | undefined {
    if (!env) return undefined;
    const value = this.evalNode(first.node, first.kind, env);
    if (value.t !== 's') return undefined;
    let spec = '';
    for (const part of value.parts) {
      if (typeof part === 'string') spec += part;
      else if ('dir' in part && spec === '') spec = '.';
      else return undefined;
    }
    // A computed specifier is kept only when it names the listed entries (DIR_ENTRY or its stem or head).
    if (!spec.includes('\u0000')) return undefined;
    spec = spec.replace(/\/{2,}/g, '/');
    return spec.startsWith('.') ? spec : undefined;
  }

  /**
   * The usual ways of naming a route module after a directory entry, inside a loop over the listing:
   * `file.replace('.js', '')`, `file.split('.')[0]`, `path.basename(file, '.js')`, `path.parse(file)`.
   */
  private entryName(fn: Val, callee: SgNode, calleeKind: string, argEntries: readonly Child[], env: Env): Val | undefined {
    const values = (): Val[] => argEntries.map(({ node, kind }) => this.evalNode(node, kind, env));
    const name = fn.t === 'mem' && fn.of.t === 'imp' && (fn.of.spec === 'path' || fn.of.spec === 'node:path') ? fn.name : fn.t === 'imp' && (fn.spec === 'path' || fn.spec === 'node:path') ? fn.name : undefined;
    if (name === 'basename' || name === 'parse') {
      const args = values();
      if (!isEntry(args[0])) return undefined;
      if (name === 'basename') return args.length > 1 ? { t: 's', parts: [DIR_ENTRY_STEM] } : args[0];
      const props = record<Arg>();
      props['name'] = { v: { t: 's', parts: [DIR_ENTRY_STEM] }, line: 0, endLine: 0 };
      props['base'] = { v: { t: 's', parts: [DIR_ENTRY] }, line: 0, endLine: 0 };
      return { t: 'rec', props };
    }
    if (calleeKind !== 'member_expression') return undefined;
    const method = callee.field('property')?.text();
    if (method !== 'replace' && method !== 'split') return undefined;
    const object = callee.field('object');
    if (!object || !isEntry(this.eval(object, env))) return undefined;
    const first = argEntries[0];
    if (method === 'split') {
      const separator = first ? stringValue(first.node, first.kind) : undefined;
      return separator === '.' ? { t: 'arr', items: [{ v: { t: 's', parts: [DIR_ENTRY_HEAD] }, line: 0, endLine: 0 }] } : undefined;
    }
    // replace('.js', ''), replace(/\.js$/, ''), replace(/\.[jt]s$/, '')
    const second = argEntries[1] ? stringValue(argEntries[1].node, argEntries[1].kind) : undefined;
    const pattern = first ? (first.kind === 'regex' ? first.node.field('pattern')?.text() : stringValue(first.node, first.kind)) : undefined;
    const extension = pattern !== undefined && (pattern.startsWith('.') || pattern.startsWith('\\.'));
    return second === '' && extension ? { t: 's', parts: [DIR_ENTRY_STEM] } : undefined;
  }

  /** `Object.assign(target, …sources)`: the target itself unless it is an object literal, whose properties are merged. */
  private assigned(argEntries: readonly Child[], env: Env | undefined): Val {
    const values = argEntries.map(({ node, kind }) => this.evalNode(node, kind, env));
    if (values[0]?.t !== 'rec') return values[0] ?? UNKNOWN;
    const props = record<Arg>();
    for (const value of values) if (value.t === 'rec') for (const key of Object.keys(value.props)) props[key] = value.props[key]!;
    return { t: 'rec', props };
  }

  private objectOf(
    node: SgNode, key: number, factory: NonNullable<ReturnType<typeof frameworkFactory>>, argEntries: readonly Child[], env: Env | undefined, hint: ParentHint | undefined,
  ): number {
    const known = this.objIds.get(key);
    if (known !== undefined) return known;
    const first = argEntries[0];
    const def = { ...factory, line: lineOf(node), ...(first ? { options: this.evalNode(first.node, first.kind, env) } : {}) };
    const id = this.facts.objs.push(def) - 1;
    this.objIds.set(key, id);
    // `const app = express()`: the variable is a name worth looking for in calls.
    if (hint?.kind === 'variable_declarator') {
      if (hint.name !== undefined) this.frameworkVariables.add(hint.name);
      return id;
    }
    const parent = node.parent();
    const declarator = parent?.kind() === 'variable_declarator' ? parent : parent?.parent()?.kind() === 'variable_declarator' ? parent.parent() : undefined;
    const name = declarator?.field('name');
    if (name?.kind() === 'identifier') this.frameworkVariables.add(name.text());
    return id;
  }

  /** path.join(__dirname, 'routes') and friends, for plugin directories. */
  private pathHelper(fn: Val, argEntries: readonly Child[], env: Env | undefined): Val | undefined {
    const name = pathFunctionName(fn);
    if (!name) return undefined;
    const values = argEntries.map(({ node, kind }) => this.evalNode(node, kind, env));
    if (name === 'fileURLToPath') return values[0]?.t === 's' ? values[0] : UNKNOWN;
    if (name === 'dirname') {
      const parts = values[0]?.t === 's' ? values[0].parts : undefined;
      const last = parts?.at(-1);
      if (parts && typeof last === 'string' && last.startsWith('/') && !last.slice(1).includes('/')) return { t: 's', parts: parts.slice(0, -1) };
      return UNKNOWN;
    }
    const parts: Part[] = [];
    values.forEach((value, index) => {
      if (index > 0) parts.push('/');
      if (value.t === 's') parts.push(...value.parts);
      else parts.push({ ref: value, text: '…' });
    });
    return { t: 's', parts };
  }

  private object(node: SgNode, env: Env | undefined): Val {
    const props = record<Arg>();
    let count = 0;
    for (const member of node.namedChildren()) {
      if (++count > MAX_ENTRIES) break;
      const kind = kindOf(member);
      if (kind === 'pair') {
        const key = member.field('key');
        const value = member.field('value');
        if (!key || !value) continue;
        const keyKind = kindOf(key);
        if (keyKind !== 'string' && keyKind !== 'property_identifier' && keyKind !== 'number') continue;
        const raw = key.text();
        const name = keyKind === 'string' ? stringFromText(key, raw) : raw;
        // A function in a pair is named by its key, except the `handler` of route options.
        if (name !== undefined) props[name] = this.arg(value, env, kindOf(value), { kind: 'pair', ...(raw === 'handler' ? {} : { name: raw }) });
      } else if (kind === 'shorthand_property_identifier') {
        props[member.text()] = this.arg(member, env, kind);
      } else if (kind === 'method_definition') {
        const name = member.field('name')?.text();
        if (name !== undefined) {
          const id = this.fnOf(member, undefined, member.id(), kind, name);
          const def = this.facts.fns[id]!;
          props[name] = { v: { t: 'fn', id }, line: def.line, endLine: def.endLine, inline: true };
        }
      } else if (kind === 'spread_element') {
        const inner = member.namedChildren()[0];
        const spread = inner ? this.eval(inner, env) : UNKNOWN;
        if (spread.t === 'rec') Object.assign(props, spread.props);
      }
    }
    return { t: 'rec', props };
  }

  /** `enum Routes { Users = 'users' }`: members with string values (numeric ones are not paths). */
  private enumValues(node: SgNode): Val {
    const props = record<Arg>();
    for (const member of node.field('body')?.namedChildren() ?? []) {
      if (member.kind() !== 'enum_assignment') continue;
      const name = member.field('name')?.text() ?? member.namedChildren()[0]?.text();
      const value = member.field('value') ?? member.namedChildren()[1];
      if (name !== undefined && value) props[name] = this.arg(value);
    }
    return { t: 'rec', props };
  }

  private array(node: SgNode, env: Env | undefined): Val {
    const items: Arg[] = [];
    for (const element of node.namedChildren()) {
      if (items.length >= MAX_ENTRIES) break;
      const kind = kindOf(element);
      if (kind === 'comment') continue;
      if (kind === 'spread_element') {
        const inner = element.namedChildren()[0];
        const spread = inner ? this.eval(inner, env) : UNKNOWN;
        if (spread.t === 'arr') items.push(...spread.items);
        else if (inner) items.push(this.arg(inner, env));
        continue;
      }
      items.push(this.arg(element, env, kind));
    }
    return { t: 'arr', items };
  }
}

/** The name a function expression gets from where it is written (`const x = () => …`, `{ x: () => … }`). */
function nameFromParent(parent: SgNode, kind: string): string | undefined {
  if (kind === 'variable_declarator') return parent.field('name')?.text();
  // `handler: async (req, reply) => …` in route options: the key says nothing about the function.
  if (kind === 'pair') {
    const key = parent.field('key')?.text();
    return key === 'handler' ? undefined : key;
  }
  if (kind === 'public_field_definition' || kind === 'field_definition') return (parent.field('name') ?? parent.field('property'))?.text();
  if (kind === 'assignment_expression') {
    const left = parent.field('left');
    if (left?.kind() === 'member_expression') return left.field('property')?.text();
    return left?.text();
  }
  return undefined;
}

/** `this.x = value` statements written directly in a constructor. */
function collectConstructorFields(constructor: SgNode, fields: Map<string, FieldNode>): void {
  const body = constructor.field('body');
  if (!body) return;
  for (const statement of body.namedChildren()) {
    if (statement.kind() !== 'expression_statement') continue;
    const assignment = statement.namedChildren()[0];
    if (assignment?.kind() !== 'assignment_expression') continue;
    const left = assignment.field('left');
    const right = assignment.field('right');
    if (left?.kind() !== 'member_expression' || left.field('object')?.kind() !== 'this' || !right) continue;
    const name = left.field('property')?.text();
    if (name !== undefined && !fields.has(name)) fields.set(name, { node: right, ctor: { body, fn: constructor } });
  }
}

/** `x = value` written directly in the block that declares `let x;`. */
function laterAssignment(block: SgNode, name: string): SgNode | undefined {
  for (const statement of block.children()) {
    if (statement.kind() !== 'expression_statement') continue;
    const assignment = statement.namedChildren()[0];
    if (assignment?.kind() !== 'assignment_expression') continue;
    const left = assignment.field('left');
    if (left?.kind() === 'identifier' && left.text() === name) return assignment.field('right') ?? undefined;
  }
  return undefined;
}

function pathFunctionName(fn: Val): 'join' | 'resolve' | 'dirname' | 'fileURLToPath' | undefined {
  const isPathModule = (spec: string): boolean => spec === 'path' || spec === 'node:path' || spec === 'url' || spec === 'node:url';
  let name: string | undefined;
  if (fn.t === 'imp' && isPathModule(fn.spec)) name = fn.name;
  else if (fn.t === 'mem' && fn.of.t === 'imp' && isPathModule(fn.of.spec) && (fn.of.name === '*' || fn.of.name === 'default')) name = fn.name;
  return name === 'join' || name === 'resolve' || name === 'dirname' || name === 'fileURLToPath' ? name : undefined;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The name of a directory entry in a loop over a listing (DIR_ENTRY), untouched. */
function isEntry(value: Val | undefined): boolean {
  return value?.t === 's' && value.parts.length === 1 && value.parts[0] === DIR_ENTRY;
}
