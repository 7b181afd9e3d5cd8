import type { SgNode } from '@ast-grep/napi';
import type { NapiConfig, Range } from '@ast-grep/napi';
import { stableHash } from '../../../../hash.js';
import { endLineOf, lineOf, type ParsedFile } from '../../../../source/language.js';
import type { GoCompositeLit, GoExpr, GoFileFacts, GoFuncFacts, GoFuncLit, GoImport, GoParam, GoStmt, GoStructFacts, GoTypeRef } from './go-facts.js';
import { HTTP_METHODS, type GoFramework } from './go-framework.js';
import { decodeGoString, defaultPackageName, shortText } from './go-literals.js';

/** The facts of a file are the same for every Go extractor: computed once per parsed file. */
const factsCache = new WeakMap<ParsedFile, GoFileFacts>();

/**
 * Most functions of a service never touch a router; translating their bodies would cost more than
 * parsing them. Only functions holding one of these nodes (found natively by ast-grep) are translated.
 */
interface RelevanceNames {
  methods: readonly string[];
  methodSet: ReadonlySet<string>;
  /** `GET(`, `"GET ` …: substrings a router method call or a method pattern cannot do without. */
  methodNeedles: string[];
  packageFunctions: readonly string[];
  routerTypes: readonly string[];
}
const namesCache = new WeakMap<readonly GoFramework[], RelevanceNames>();

/** Ceiling on translated nodes per file: generated or huge set-up files degrade to opaque expressions. */
const NODE_BUDGET = 60_000;
const MAX_LITERAL_ELEMENTS = 256;

const STATEMENT_KINDS = new Set([
  'expression_statement', 'short_var_declaration', 'assignment_statement', 'var_declaration', 'const_declaration',
  'return_statement', 'block', 'if_statement', 'for_statement', 'expression_switch_statement', 'type_switch_statement',
  'select_statement', 'labeled_statement', 'go_statement', 'defer_statement',
]);

/** Collects the Go facts of one parsed file (cached per file, shared by every Go extractor). */
export function collectGoFacts(file: ParsedFile, frameworks: readonly GoFramework[]): GoFileFacts {
  const cached = factsCache.get(file);
  if (cached) return cached;
  const facts = new FileCollector(file, frameworks).collect();
  factsCache.set(file, facts);
  return facts;
}

function relevanceNames(frameworks: readonly GoFramework[]): RelevanceNames {
  let names = namesCache.get(frameworks);
  if (!names) {
    const methods = [...new Set(frameworks.flatMap((f) => f.routerMethods))];
    names = {
      methods,
      methodSet: new Set(methods),
      methodNeedles: [...methods.map((name) => `${name}(`), ...HTTP_METHODS.map((method) => `"${method} `)],
      packageFunctions: [...new Set(frameworks.flatMap((f) => f.packageFunctions))],
      routerTypes: [...new Set(frameworks.flatMap((f) => Object.keys(f.routerTypes)))],
    };
    namesCache.set(frameworks, names);
  }
  return names;
}

class FileCollector {
  private readonly aliases = new Map<string, string>();
  /** Start positions (line * 1e6 + column), sorted, of nodes that show code sets routes up. */
  private strong: number[] = [];
  /** Start positions, sorted, of path literals (`"/users"`, `"GET /users"`). */
  private paths: number[] = [];
  /** Start positions, sorted, of path literals inside composite literals: route tables (`Routes{{"GET", "/x", h}}`). */
  private tables: number[] = [];
  /** Calls that pass a path literal, with their start positions, in source order. */
  private pathCalls: Array<{ at: number; end: number; node: SgNode }> = [];
  private budget = NODE_BUDGET;
  /** Whether the file imports net/http or a framework: only then can its functions be handlers. */
  private importsHttp = false;

  constructor(
    private readonly file: ParsedFile,
    private readonly frameworks: readonly GoFramework[],
  ) {}

  collect(): GoFileFacts {
    const facts: GoFileFacts = {
      path: this.file.path,
      dir: this.file.path.includes('/') ? this.file.path.slice(0, this.file.path.lastIndexOf('/')) : '',
      pkg: '',
      imports: [],
      vars: {},
      types: {},
      funcs: [],
    };
    const top = this.file.root.children();
    for (const node of top) {
      const kind = node.kind();
      if (kind === 'package_clause') facts.pkg = node.namedChildren()[0]?.text() ?? '';
      else if (kind === 'import_declaration') this.readImports(node, facts.imports);
    }
    this.findInteresting();
    for (const node of top) {
      switch (node.kind()) {
        case 'function_declaration':
        case 'method_declaration': {
          const fn = this.readFunction(node);
          if (fn) facts.funcs.push(fn);
          break;
        }
        case 'const_declaration':
        case 'var_declaration':
          this.readPackageVars(node, facts.vars);
          break;
        case 'type_declaration':
          this.readTypes(node, facts);
          break;
      }
    }
    return facts;
  }

  private readImports(node: SgNode, imports: GoImport[]): void {
    const specs = node.findAll({ rule: { kind: 'import_spec' } });
    for (const spec of specs) {
      const pathNode = spec.field('path');
      if (!pathNode) continue;
      const path = decodeGoString(pathNode.text());
      const aliasNode = spec.field('name');
      const alias = aliasNode?.text();
      imports.push(alias ? { alias, path } : { path });
      if (alias === '_' || alias === '.') continue;
      // Named by its path: a framework may span several packages (hertz' server and route).
      const name = alias ?? defaultPackageName(path);
      this.aliases.set(name, path);
    }
  }

  /**
   * Finds, natively and in one pass, the nodes that show a function sets routes up: a call of a router
   * method, a path literal (`"/users"`, `"GET /users"`), and — when the file imports them — a
   * framework constructor or router type, or an environment read. Rules are compiled on every call,
   * so they are kept to two regular expressions.
   */
  private findInteresting(): void {
    const names = relevanceNames(this.frameworks);
    const text = this.file.text;
    // Only names the text contains can match: the regular expressions stay short (a rule is compiled
    // on every call, and a 40-name alternation costs about five times a short one).
    const present = (members: readonly string[]) => members.filter((member) => text.includes(member));
    const qualified: string[] = [];
    for (const [alias, path] of this.aliases) {
      const members = this.frameworks.some((f) => f.isPackage(path)) ? present([...names.packageFunctions, ...names.routerTypes]) : path === 'os' ? present(['Getenv', 'LookupEnv']) : [];
      if (members.length > 0) qualified.push(`${escapeRegex(alias)}\\.(${members.join('|')})`);
    }
    this.importsHttp = [...this.aliases.values()].some((path) => this.frameworks.some((f) => f.isPackage(path)));
    if (!this.mayHoldInteresting(names, qualified.length > 0)) return;
    const path = { kind: 'interpreted_string_literal', regex: '^"(/|[A-Z]+ /)' } as const;
    const methods = present(names.methods);
    const rules: NapiConfig['rule'][] = [
      {
        kind: 'call_expression',
        any: [
          ...(methods.length > 0 ? [{ has: { field: 'function', kind: 'selector_expression', has: { field: 'field', regex: `^(${methods.join('|')})$` } } }] : []),
          // A path (`"/users"`, `"GET /users"`) passed to a helper…
          { has: { field: 'arguments', has: path } },
        ],
      },
      // …or kept in a variable or a route table.
      { ...path, not: { inside: { kind: 'argument_list' } } },
    ];
    if (qualified.length > 0) rules.push({ any: [{ kind: 'selector_expression' }, { kind: 'qualified_type' }], regex: `^(${qualified.join('|')})$` });
    const found = this.file.root.findAll({ rule: { any: rules } as NapiConfig['rule'] });
    const byPosition = (a: number, b: number) => a - b;
    for (const node of found) {
      const range = node.range();
      const at = position(range.start);
      const kind = node.kind();
      if (kind === 'interpreted_string_literal') {
        this.paths.push(at);
        if (insideLiteral(node)) this.tables.push(at);
      } else if (kind !== 'call_expression' || this.isRouterMethodCall(node, names)) this.strong.push(at);
      else {
        // A call passing a path: a registration helper, or a client call; its range holds the path.
        this.paths.push(at);
        this.pathCalls.push({ at, end: position(range.end), node });
      }
    }
    this.strong.sort(byPosition);
    this.paths.sort(byPosition);
    this.tables.sort(byPosition);
    this.pathCalls.sort((a, b) => a.at - b.at);
  }

  /**
   * Early exit before the native scan, which costs a walk of the whole tree: without one of these
   * substrings (a path literal's start, a router method name followed by its parenthesis, a framework
   * package name) none of the rule's nodes can exist. The syntax tree still makes the decision.
   */
  private mayHoldInteresting(names: RelevanceNames, qualified: boolean): boolean {
    const text = this.file.text;
    if (text.includes('"/') || names.methodNeedles.some((needle) => text.includes(needle))) return true;
    if (!qualified) return false;
    for (const [alias, path] of this.aliases) {
      const framework = this.frameworks.find((f) => f.isPackage(path));
      const members = framework ? [...framework.packageFunctions, ...Object.keys(framework.routerTypes)] : path === 'os' ? ['Getenv', 'LookupEnv'] : [];
      if (members.some((member) => text.includes(`${alias}.${member}`))) return true;
    }
    return false;
  }

  private isRouterMethodCall(call: SgNode, names: RelevanceNames): boolean {
    const callee = call.field('function');
    return callee?.kind() === 'selector_expression' && names.methodSet.has(callee.field('field')?.text() ?? '');
  }

  /** Whether a node holds strong evidence of route set-up (`paths` too: a path literal). */
  private contains(node: SgNode, range: Range = node.range(), includePaths = false): boolean {
    const start = position(range.start);
    const end = position(range.end);
    return containsPosition(this.strong, start, end) || (includePaths && containsPosition(this.paths, start, end));
  }

  /**
   * A function's facts. Functions that touch routers get their body translated; functions that only
   * hold path literals get the calls passing them (`a.handle("GET /orders", h)`: a registration
   * helper); the others only a name, a place and a hash (they may be handlers). A file importing no
   * HTTP package can hold no handler, so its other methods are skipped altogether.
   */
  private readFunction(node: SgNode): GoFuncFacts | undefined {
    const range = node.range();
    const isMethod = node.kind() === 'method_declaration';
    const name = node.field('name')?.text() ?? '';
    // A function holding a route table (`return Routes{{"GET", "/x", c.X}}`) is translated too: a loop
    // elsewhere registers the table's rows.
    const strong =
      (!isMethod && (name === 'main' || name === 'init')) ||
      this.contains(node, range) ||
      containsPosition(this.tables, position(range.start), position(range.end));
    const pathCalls = strong ? [] : this.pathCallsWithin(range);
    const relevant = strong || pathCalls.length > 0;
    if (isMethod && !relevant && !this.importsHttp) return undefined;
    const facts: GoFuncFacts = {
      name,
      params: [],
      line: range.start.line + 1,
      endLine: range.end.line + 1,
      bodyHash: relevant || this.importsHttp ? this.hashOf(node, range) : '',
    };
    const resultNode = node.field('result');
    const result = resultNode ? this.resultType(resultNode) : undefined;
    if (result) facts.result = result;
    const receiver = isMethod ? node.field('receiver') : null;
    if (receiver) {
      // The first type name of `(h *Handler)` or `(s Set[T])` is the receiver type.
      const type = receiver.find({ rule: { kind: 'type_identifier' } })?.text();
      if (type) facts.recv = type;
    }
    const body = node.field('body');
    if (relevant && body) {
      const recvName = receiver?.find({ rule: { kind: 'identifier' } })?.text();
      if (recvName) facts.recvName = recvName;
      if (strong) {
        const params = node.field('parameters');
        facts.params = params ? this.params(params) : [];
        facts.body = this.block(body);
      } else facts.body = pathCalls.map((call): GoStmt => ({ k: 'do', e: this.expr(call) }));
    }
    return facts;
  }

  /** The outermost calls passing a path literal within a range. */
  private pathCallsWithin(range: Range): SgNode[] {
    const start = position(range.start);
    const end = position(range.end);
    const calls: SgNode[] = [];
    let outerEnd = -1;
    for (const call of this.pathCalls) {
      if (call.at < start || call.end > end || call.end <= outerEnd) continue;
      outerEnd = call.end;
      if (!this.callsLibrary(call.node)) calls.push(call.node);
    }
    return calls;
  }

  /**
   * `http.Redirect(w, r, "/login", 302)`, `url.Parse("/x")`: a call into the standard library or a
   * framework package passes a path without declaring a route (framework registrations count as
   * strong evidence already).
   */
  private callsLibrary(call: SgNode): boolean {
    const callee = call.field('function');
    if (callee?.kind() !== 'selector_expression') return false;
    const operand = callee.field('operand');
    if (operand?.kind() !== 'identifier') return false;
    const path = this.aliases.get(operand.text());
    return path !== undefined && (!path.split('/')[0]!.includes('.') || this.frameworks.some((f) => f.isPackage(path)));
  }

  /** Hash of a declaration's text, sliced from the file rather than fetched from the tree. */
  private hashOf(node: SgNode, range: Range): string {
    const start = (range.start as { index?: number }).index;
    const end = (range.end as { index?: number }).index;
    return stableHash(start !== undefined && end !== undefined ? this.file.text.slice(start, end) : node.text());
  }

  private resultType(node: SgNode): GoTypeRef | undefined {
    if (node.kind() === 'parameter_list') {
      const first = node.namedChildren()[0];
      const type = first?.field('type');
      return type ? this.typeRef(type) : undefined;
    }
    return this.typeRef(node);
  }

  private params(node: SgNode): GoParam[] {
    const params: GoParam[] = [];
    for (const decl of node.namedChildren()) {
      const typeNode = decl.field('type');
      const type = typeNode ? this.typeRef(typeNode) : undefined;
      const variadic = decl.kind() === 'variadic_parameter_declaration';
      const names = decl.namedChildren().filter((child) => child.kind() === 'identifier');
      const make = (name?: string): GoParam => ({ ...(name ? { name } : {}), ...(type ? { type } : {}), ...(variadic ? { variadic: true as const } : {}) });
      if (names.length === 0) params.push(make());
      else for (const n of names) params.push(make(n.text()));
    }
    return params;
  }

  private typeRef(node: SgNode): GoTypeRef | undefined {
    switch (node.kind()) {
      case 'type_identifier':
        return { name: node.text() };
      case 'qualified_type': {
        const alias = node.field('package')?.text() ?? '';
        const name = node.field('name')?.text() ?? '';
        const pkg = this.aliases.get(alias);
        return pkg ? { pkg, name } : { name: `${alias}.${name}` };
      }
      case 'pointer_type':
      case 'parenthesized_type': {
        const inner = node.namedChildren()[0];
        return inner ? this.typeRef(inner) : undefined;
      }
      case 'generic_type': {
        const inner = node.field('type');
        return inner ? this.typeRef(inner) : undefined;
      }
      case 'slice_type':
      case 'array_type': {
        const element = node.field('element');
        const inner = element ? this.typeRef(element) : undefined;
        return inner ? { ...inner, slice: true } : undefined;
      }
      case 'function_type':
        return { name: 'func' };
      default:
        return undefined;
    }
  }

  private readPackageVars(node: SgNode, vars: GoFileFacts['vars']): void {
    const isConst = node.kind() === 'const_declaration';
    const specs = node.findAll({ rule: { kind: isConst ? 'const_spec' : 'var_spec' } });
    for (const spec of specs) {
      const names = spec.namedChildren().filter((child) => child.kind() === 'identifier').map((child) => child.text());
      const typeNode = spec.field('type');
      const type = typeNode ? this.typeRef(typeNode) : undefined;
      const values = spec.field('value')?.namedChildren() ?? [];
      names.forEach((name, i) => {
        const value = values[i];
        const init = value && this.worthTranslating(value) ? this.expr(value) : undefined;
        vars[name] = { ...(type ? { type } : {}), ...(init ? { init } : {}), ...(isConst ? { isConst: true as const } : {}) };
      });
    }
  }

  /** Package-level initialisers: strings and router constructors, not data tables. */
  private worthTranslating(node: SgNode): boolean {
    const kind = node.kind();
    if (kind === 'composite_literal' || kind === 'func_literal') return this.contains(node, node.range(), true);
    return kind !== 'int_literal' && kind !== 'float_literal';
  }

  private readTypes(node: SgNode, facts: GoFileFacts): void {
    for (const spec of node.namedChildren()) {
      if (spec.kind() !== 'type_spec') continue;
      const name = spec.field('name')?.text();
      const type = spec.field('type');
      if (!name || !type) continue;
      const kind = type.kind();
      if (kind === 'slice_type' || kind === 'array_type' || kind === 'map_type') {
        const element = type.field(kind === 'map_type' ? 'value' : 'element');
        const ref = element ? this.typeRef(element) : undefined;
        if (ref && !ref.slice) (facts.elems ??= {})[name] = ref;
        continue;
      }
      if (kind === 'interface_type') {
        const methods = type.namedChildren().filter((child) => child.kind() === 'method_elem' || child.kind() === 'method_spec');
        const names = methods.map((method) => method.field('name')?.text() ?? '').filter((method) => method !== '');
        if (names.length > 0) (facts.ifaces ??= {})[name] = names;
        continue;
      }
      if (kind !== 'struct_type') continue;
      const struct: GoStructFacts = { fields: {}, embedded: [] };
      const order: string[] = [];
      const list = type.namedChildren()[0];
      for (const field of list?.namedChildren() ?? []) {
        if (field.kind() !== 'field_declaration') continue;
        const typeNode = field.field('type');
        const ref = typeNode ? this.typeRef(typeNode) : undefined;
        if (!ref) continue;
        const names = field.namedChildren().filter((child) => child.kind() === 'field_identifier');
        if (names.length === 0) struct.embedded.push(ref);
        for (const fieldName of names) struct.fields[fieldName.text()] = ref;
        order.push(...(names.length === 0 ? [ref.name] : names.map((fieldName) => fieldName.text())));
      }
      if (struct.embedded.length > 0) struct.order = order;
      facts.types[name] = struct;
    }
  }

  // ---- bodies -------------------------------------------------------------------------------

  private block(node: SgNode): GoStmt[] {
    const statements: GoStmt[] = [];
    for (const child of node.namedChildren()) {
      if (child.kind() === 'statement_list') statements.push(...this.block(child));
      else if (STATEMENT_KINDS.has(String(child.kind()))) {
        const statement = this.statement(child);
        if (statement) statements.push(statement);
      }
    }
    return statements;
  }

  private statement(node: SgNode): GoStmt | undefined {
    this.budget--;
    switch (node.kind()) {
      case 'expression_statement':
      case 'go_statement':
      case 'defer_statement': {
        const inner = node.namedChildren()[0];
        return inner ? { k: 'do', e: this.expr(inner) } : undefined;
      }
      case 'short_var_declaration': {
        const names = (node.field('left')?.namedChildren() ?? []).map((n) => n.text());
        const vals = (node.field('right')?.namedChildren() ?? []).map((n) => this.expr(n));
        return { k: 'def', names, vals, line: lineOf(node) };
      }
      case 'assignment_statement': {
        const lhs = (node.field('left')?.namedChildren() ?? []).map((n) => this.expr(n));
        let vals = (node.field('right')?.namedChildren() ?? []).map((n) => this.expr(n));
        const operator = node.field('operator')?.text() ?? '=';
        if (operator === '+=' && lhs[0] && vals[0]) vals = [{ k: 'bin', op: '+', l: lhs[0], r: vals[0] }];
        else if (operator !== '=') vals = vals.map((): GoExpr => ({ k: '?', t: '' }));
        return { k: 'set', lhs, vals, line: lineOf(node) };
      }
      case 'var_declaration':
      case 'const_declaration': {
        const body: GoStmt[] = [];
        for (const spec of node.findAll({ rule: { any: [{ kind: 'var_spec' }, { kind: 'const_spec' }] } })) {
          const names = spec.namedChildren().filter((child) => child.kind() === 'identifier').map((child) => child.text());
          const typeNode = spec.field('type');
          const type = typeNode ? this.typeRef(typeNode) : undefined;
          const vals = (spec.field('value')?.namedChildren() ?? []).map((n) => this.expr(n));
          body.push({ k: 'def', names, vals, ...(type ? { type } : {}), line: lineOf(spec) });
        }
        return body.length === 1 ? body[0] : { k: 'blk', body };
      }
      case 'return_statement': {
        const list = node.namedChildren()[0];
        return { k: 'ret', vals: list ? (list.kind() === 'expression_list' ? list.namedChildren() : [list]).map((n) => this.expr(n)) : [] };
      }
      case 'block':
        return { k: 'blk', body: this.block(node) };
      case 'if_statement': {
        const body: GoStmt[] = [];
        const init = node.field('initializer');
        const initStatement = init ? this.statement(init) : undefined;
        if (initStatement) body.push(initStatement);
        const consequence = node.field('consequence');
        if (consequence) body.push({ k: 'blk', body: this.block(consequence), cond: true });
        const alternative = node.field('alternative');
        if (alternative) {
          const alt = alternative.kind() === 'block' ? this.block(alternative) : [this.statement(alternative)].filter((s): s is GoStmt => s !== undefined);
          body.push({ k: 'blk', body: alt, cond: true });
        }
        return { k: 'blk', body };
      }
      case 'for_statement': {
        const bodyNode = node.field('body');
        const body = bodyNode ? this.block(bodyNode) : [];
        const range = node.namedChildren().find((child) => child.kind() === 'range_clause');
        if (range) {
          const left = range.field('left')?.namedChildren().map((n) => n.text()) ?? [];
          const right = range.field('right');
          const statement: GoStmt = { k: 'range', over: right ? this.expr(right) : { k: '?', t: '' }, body };
          if (left[0] && left[0] !== '_') statement.key = left[0];
          if (left[1] && left[1] !== '_') statement.val = left[1];
          return statement;
        }
        return { k: 'blk', body, cond: true };
      }
      case 'expression_switch_statement':
      case 'type_switch_statement':
      case 'select_statement': {
        const body: GoStmt[] = [];
        const init = node.field('initializer');
        const initStatement = init ? this.statement(init) : undefined;
        if (initStatement) body.push(initStatement);
        for (const clause of node.namedChildren()) {
          if (String(clause.kind()).endsWith('_case')) body.push({ k: 'blk', body: this.block(clause), cond: true });
        }
        return { k: 'blk', body };
      }
      case 'labeled_statement': {
        const inner = node.namedChildren().find((child) => STATEMENT_KINDS.has(String(child.kind())));
        return inner ? this.statement(inner) : undefined;
      }
      default:
        return undefined;
    }
  }

  private expr(node: SgNode): GoExpr {
    if (--this.budget < 0) return { k: '?', t: '' };
    switch (node.kind()) {
      case 'identifier':
      case 'field_identifier':
      case 'package_identifier':
      case 'type_identifier':
        return { k: 'id', n: node.text() };
      case 'selector_expression': {
        const operand = node.field('operand');
        return { k: 'sel', x: operand ? this.expr(operand) : { k: '?', t: '' }, n: node.field('field')?.text() ?? '' };
      }
      case 'call_expression':
        return this.call(node);
      case 'func_literal':
        return this.funcLiteral(node);
      case 'interpreted_string_literal':
      case 'raw_string_literal':
        return { k: 'str', v: decodeGoString(node.text()) };
      case 'binary_expression': {
        const left = node.field('left');
        const right = node.field('right');
        return { k: 'bin', op: node.field('operator')?.text() ?? '', l: left ? this.expr(left) : { k: '?', t: '' }, r: right ? this.expr(right) : { k: '?', t: '' } };
      }
      case 'unary_expression': {
        const operator = node.field('operator')?.text();
        const operand = node.field('operand');
        if ((operator === '&' || operator === '*') && operand) return { k: 'ref', x: this.expr(operand) };
        return { k: '?', t: shortText(node.text()) };
      }
      case 'parenthesized_expression':
      case 'type_assertion_expression': {
        const inner = node.namedChildren()[0];
        return inner ? { k: 'ref', x: this.expr(inner) } : { k: '?', t: '' };
      }
      case 'composite_literal':
        return this.compositeLiteral(node);
      case 'index_expression': {
        const operand = node.field('operand');
        return { k: 'idx', x: operand ? this.expr(operand) : { k: '?', t: '' } };
      }
      default:
        return { k: '?', t: shortText(node.text()) };
    }
  }

  private call(node: SgNode): GoExpr {
    const fn = node.field('function');
    const text = node.text();
    const args: GoExpr[] = [];
    let spread = false;
    for (const arg of node.field('arguments')?.namedChildren() ?? []) {
      if (arg.kind() === 'variadic_argument') {
        spread = true;
        const inner = arg.namedChildren()[0];
        args.push(inner ? this.expr(inner) : { k: '?', t: '' });
      } else args.push(this.expr(arg));
    }
    return {
      k: 'call',
      f: fn ? this.expr(fn) : { k: '?', t: '' },
      a: args,
      ...(spread ? { spread: true as const } : {}),
      line: lineOf(node),
      endLine: endLineOf(node),
      t: shortText(text),
      ...(fn?.kind() === 'selector_expression' ? { h: stableHash(text) } : {}),
    };
  }

  private funcLiteral(node: SgNode): GoFuncLit {
    const params = node.field('parameters');
    const result = node.field('result');
    const body = node.field('body');
    const literal: GoFuncLit = {
      k: 'fn',
      params: params ? this.params(params) : [],
      line: lineOf(node),
      endLine: endLineOf(node),
      bodyHash: this.hashOf(node, node.range()),
      sig: shortText(`func${params?.text() ?? '()'}${result ? ' ' + result.text() : ''}`),
    };
    if (body && this.contains(node, node.range(), true)) literal.body = this.block(body);
    return literal;
  }

  private compositeLiteral(node: SgNode): GoExpr {
    const typeNode = node.field('type');
    const body = node.field('body');
    const shape = typeNode ? this.literalShape(typeNode) : {};
    return this.literalBody(body, shape.type, shape.fields, shape.element);
  }

  /**
   * What a literal's type says about its elements: a struct's field names (positional elements), and
   * for slices, arrays and maps the shape of elements whose type is elided (`[]Route{{"GET", "/x", h}}`).
   */
  private literalShape(typeNode: SgNode): LiteralShape {
    const kind = String(typeNode.kind());
    if (kind === 'struct_type') return { fields: this.structFieldNames(typeNode) };
    if (kind === 'slice_type' || kind === 'array_type' || kind === 'implicit_length_array_type' || kind === 'map_type') {
      const element = typeNode.field(kind === 'map_type' ? 'value' : 'element');
      const inner = element ? this.literalShape(element) : {};
      const type = this.typeRef(typeNode);
      return { ...(type ? { type } : {}), element: inner };
    }
    if (kind === 'pointer_type') {
      const inner = typeNode.namedChildren()[0];
      return inner ? this.literalShape(inner) : {};
    }
    const type = this.typeRef(typeNode);
    return type ? { type } : {};
  }

  private structFieldNames(struct: SgNode): string[] {
    const names: string[] = [];
    for (const field of struct.namedChildren()[0]?.namedChildren() ?? []) {
      if (field.kind() !== 'field_declaration') continue;
      const identifiers = field.namedChildren().filter((child) => child.kind() === 'field_identifier');
      if (identifiers.length === 0) names.push(field.field('type')?.text().replace(/^\*/, '').split('.').pop() ?? '');
      else names.push(...identifiers.map((identifier) => identifier.text()));
    }
    return names;
  }

  private literalBody(body: SgNode | null, type: GoTypeRef | undefined, fields: string[] | undefined, element: LiteralShape | undefined): GoCompositeLit {
    const els: Array<{ key?: string; v: GoExpr }> = [];
    const value = (node: SgNode): GoExpr =>
      node.kind() === 'literal_value' ? this.literalBody(node, element?.type, element?.fields, element?.element) : this.expr(node);
    for (const item of body?.namedChildren() ?? []) {
      if (els.length >= MAX_LITERAL_ELEMENTS) break;
      if (item.kind() === 'keyed_element') {
        const [key, val] = item.namedChildren();
        const valueNode = val?.kind() === 'literal_element' ? val.namedChildren()[0] : val;
        const keyNode = key?.kind() === 'literal_element' ? key.namedChildren()[0] : key;
        if (valueNode) els.push({ ...(keyNode ? { key: keyNode.text() } : {}), v: value(valueNode) });
      } else {
        const valueNode = item.kind() === 'literal_element' ? item.namedChildren()[0] : item;
        if (valueNode) els.push({ v: value(valueNode) });
      }
    }
    const row = body && els.some((el) => el.v.k === 'str' && isPathText(el.v.v)) ? { row: { line: lineOf(body), h: this.hashOf(body, body.range()) } } : {};
    return { k: 'lit', ...(type ? { type } : {}), ...(fields ? { fields } : {}), els, ...row };
  }
}

interface LiteralShape {
  type?: GoTypeRef;
  fields?: string[];
  element?: LiteralShape;
}

/** A path (`/users`) or a method and a path (`GET /users`), as route tables hold them. */
function isPathText(text: string): boolean {
  return /^([A-Z]+ )?\//.test(text);
}

/** Whether a string literal is an element (or a keyed element's value) of a composite literal. */
function insideLiteral(node: SgNode): boolean {
  let current = node.parent();
  for (let depth = 0; current && depth < 3; depth++, current = current.parent()) {
    const kind = current.kind();
    if (kind === 'literal_value') return true;
    if (kind !== 'literal_element' && kind !== 'keyed_element') return false;
  }
  return false;
}

/** Whether a sorted list of positions holds one within [start, end]. */
function containsPosition(sorted: readonly number[], start: number, end: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo]! <= end;
}

function position(point: { line: number; column: number }): number {
  return point.line * 1_000_000 + point.column;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
