import type { NapiConfig, Range, SgNode } from '@ast-grep/napi';
import { stableHash } from '../../../../hash.js';
import type { ParsedFile } from '../../../../source/language.js';
import { toPyExpr, type PyExpr } from './py-expr.js';
import type {
  PyBinding,
  PyCallFact,
  PyClassAttr,
  PyClassFacts,
  PyDecorator,
  PyFunctionFacts,
  PyLoop,
  PyParam,
  PythonModuleFacts,
} from './python-module-facts.js';

/**
 * Methods whose calls register routes, mount routers or add middleware. Found anywhere in a module
 * (app factories register blueprints inside functions); the receiver decides later whether they matter.
 */
const REGISTRATION_METHODS = [
  'include_router', 'add_api_route', 'add_route', 'mount', 'add_middleware', 'register_blueprint', 'add_url_rule',
  'before_request', 'before_app_request', 'register', 'add_resource', 'add_namespace', 'init_app', 'namespace',
];
/** `urlpatterns.append(path(...))` and friends: Django URLconfs grown in place. */
const URLPATTERNS_METHODS = ['append', 'extend', 'insert'];
const NESTED_DECORATED: NapiConfig = { rule: { kind: 'decorated_definition', inside: { kind: 'function_definition', stopBy: 'end' } } };

/** Text that a route decorator nested in a function (an app factory) must contain. */
const NESTED_ROUTE_PROBES = ['.route(', '.get(', '.post(', '.put(', '.patch(', '.delete(', '.api_route(', '.head(', '.options(', '.before_request'];

/** Values no extractor evaluates: mappings (settings dictionaries), comprehensions, lambdas. */
const SKIPPED_VALUE_KINDS = new Set(['dictionary', 'dictionary_comprehension', 'list_comprehension', 'set_comprehension', 'generator_expression', 'lambda']);

/** Per parsed file: the four Python extractors call this in turn and share one summary. */
const summaries = new WeakMap<ParsedFile, PythonModuleFacts>();

/** The plain-data summary of a Python module that the Python route extractors link across files. */
export function summarisePythonModule(file: ParsedFile): PythonModuleFacts {
  let facts = summaries.get(file);
  if (!facts) {
    facts = new ModuleSummariser(file).run();
    summaries.set(file, facts);
  }
  return facts;
}

class ModuleSummariser {
  private readonly facts: PythonModuleFacts;
  /** Functions whose bodies we read statement by statement: they register routes or build apps. */
  private readonly registrationScopes = new Set<number>();
  private readonly walkedScopes = new Set<number>();
  private readonly moduleFunctions = new Map<string, SgNode>();
  /** Read parameter annotations and defaults only where FastAPI dependencies may be declared. */
  private readonly wantParams: boolean;

  /** Byte offsets equal string offsets: node text can be sliced from the file instead of copied out of the tree. */
  private readonly ascii: boolean;

  constructor(private readonly file: ParsedFile) {
    this.facts = { path: file.path, imports: [], bindings: [], calls: [], functions: [], classes: [], packages: [] };
    this.ascii = Buffer.byteLength(file.text, 'utf8') === file.text.length;
    this.wantParams = file.text.includes('fastapi') || file.text.includes('Depends(') || file.text.includes('Security(');
  }

  run(): PythonModuleFacts {
    const { root, text } = this.file;
    // Cheap text probes first: most modules register nothing. One pattern per method present (patterns
    // compile quickly; a rule with a regex alternation costs more than parsing a small module).
    for (const method of REGISTRATION_METHODS) {
      if (text.includes(`.${method}(`)) for (const call of root.findAll(`$RECEIVER.${method}($$$ARGS)`)) this.addCall(call);
    }
    for (const method of URLPATTERNS_METHODS) {
      if (text.includes(`urlpatterns.${method}(`)) for (const call of root.findAll(`urlpatterns.${method}($$$ARGS)`)) this.addCall(call);
    }
    this.facts.calls.sort((a, b) => a.call.line - b.call.line || a.call.col - b.call.col);
    if (text.includes('@') && NESTED_ROUTE_PROBES.some((probe) => text.includes(probe))) {
      for (const definition of root.findAll(NESTED_DECORATED)) this.markEnclosingScopes(definition);
    }
    this.walkBlock(root.children(), '');
    this.walkFactoriesCalledAtModuleLevel();
    this.facts.packages = [...new Set(this.facts.imports.filter((imp) => imp.level === 0).map((imp) => imp.module.split('.')[0]!))];
    return this.facts;
  }

  private addCall(node: SgNode): void {
    const call = toPyExpr(node);
    if (call.k !== 'call') return;
    let scope = '';
    const loops: PyLoop[] = [];
    for (const ancestor of node.ancestors()) {
      const kind = ancestor.kind();
      if (kind === 'function_definition') {
        scope = ancestor.field('name')?.text() ?? '';
        this.registrationScopes.add(ancestor.id());
        this.markEnclosingScopes(ancestor);
        break;
      }
      if (kind === 'for_statement') {
        const left = ancestor.field('left');
        const right = ancestor.field('right');
        if (left && right) loops.unshift({ target: toPyExpr(left), iter: toPyExpr(right) });
      }
    }
    const fact: PyCallFact = { call, scope };
    if (loops.length > 0) fact.loops = loops;
    this.facts.calls.push(fact);
  }

  private markEnclosingScopes(node: SgNode): void {
    for (const ancestor of node.ancestors()) if (ancestor.kind() === 'function_definition') this.registrationScopes.add(ancestor.id());
  }

  private walkBlock(statements: SgNode[], scope: string, returns?: PyExpr[]): void {
    for (const statement of statements) {
      switch (statement.kind()) {
        case 'import_statement':
        case 'import_from_statement':
          this.addImport(statement, scope);
          break;
        case 'expression_statement': {
          const inner = statement.child(0);
          if (inner && (inner.kind() === 'assignment' || inner.kind() === 'augmented_assignment')) this.addAssignment(inner, scope);
          break;
        }
        case 'function_definition':
          this.addFunction(statement, [], scope);
          break;
        case 'class_definition':
          this.addClass(statement, [], scope);
          break;
        case 'decorated_definition': {
          const definition = statement.field('definition');
          if (!definition) break;
          const decorators = this.decorators(statement);
          if (definition.kind() === 'function_definition') this.addFunction(definition, decorators, scope);
          else if (definition.kind() === 'class_definition') this.addClass(definition, decorators, scope);
          break;
        }
        case 'return_statement': {
          const value = statement.children().find((child) => child.isNamed());
          if (returns && value && returns.length < 4) returns.push(toPyExpr(value));
          break;
        }
        case 'if_statement':
        case 'try_statement':
        case 'with_statement':
        case 'for_statement':
        case 'while_statement':
          for (const block of nestedBlocks(statement)) this.walkBlock(block.children(), scope, returns);
          break;
        default:
          break;
      }
    }
  }

  private addImport(node: SgNode, scope: string): void {
    const line = node.range().start.line + 1;
    if (node.kind() === 'import_statement') {
      for (const name of node.fieldChildren('name')) {
        if (name.kind() === 'aliased_import') {
          const dotted = name.field('name')?.text();
          const alias = name.field('alias')?.text();
          if (dotted && alias) this.facts.imports.push({ local: alias, module: dotted, level: 0, scope, line });
        } else {
          const dotted = name.text();
          this.facts.imports.push({ local: dotted.split('.')[0]!, module: dotted, level: 0, bindsTopPackage: true, scope, line });
        }
      }
      return;
    }
    const moduleNode = node.field('module_name');
    if (!moduleNode) return;
    let module = moduleNode.text();
    let level = 0;
    if (moduleNode.kind() === 'relative_import') {
      const prefix = moduleNode.children().find((child) => child.kind() === 'import_prefix')?.text() ?? '';
      level = prefix.length;
      module = moduleNode.children().find((child) => child.kind() === 'dotted_name')?.text() ?? '';
    }
    if (node.children().some((child) => child.kind() === 'wildcard_import')) {
      this.facts.imports.push({ local: '*', module, level, star: true, scope, line });
      return;
    }
    for (const name of node.fieldChildren('name')) {
      if (name.kind() === 'aliased_import') {
        const imported = name.field('name')?.text();
        const alias = name.field('alias')?.text();
        if (imported && alias) this.facts.imports.push({ local: alias, module, level, name: imported, scope, line });
      } else {
        this.facts.imports.push({ local: name.text(), module, level, name: name.text(), scope, line });
      }
    }
  }

  private addAssignment(node: SgNode, scope: string): void {
    const line = node.range().start.line + 1;
    if (node.kind() === 'augmented_assignment') {
      const left = node.field('left');
      const right = node.field('right');
      if (left?.kind() === 'identifier' && right && node.field('operator')?.text() === '+=') {
        this.facts.bindings.push({ name: left.text(), value: toPyExpr(right), op: '+=', scope, line });
      }
      return;
    }
    // a = b = value: every target gets the innermost value.
    const targets: SgNode[] = [];
    let current: SgNode | null = node;
    while (current && current.kind() === 'assignment') {
      const left = current.field('left');
      if (left) targets.push(left);
      current = current.field('right');
    }
    const value = current && !SKIPPED_VALUE_KINDS.has(String(current.kind())) ? toPyExpr(current) : undefined;
    for (const target of targets) {
      if (target.kind() === 'identifier') {
        const binding: PyBinding = { name: target.text(), scope, line };
        if (value) binding.value = value;
        this.facts.bindings.push(binding);
      } else if (target.kind() === 'pattern_list' || target.kind() === 'tuple_pattern' || target.kind() === 'list_pattern') {
        target
          .children()
          .filter((child) => child.isNamed())
          .forEach((child, index) => {
            if (child.kind() === 'identifier' && value) this.facts.bindings.push({ name: child.text(), value, index, scope, line });
          });
      }
    }
  }

  private decorators(decorated: SgNode): PyDecorator[] {
    const decorators: PyDecorator[] = [];
    for (const child of decorated.children()) {
      if (child.kind() !== 'decorator') continue;
      const expression = child.namedChildren().find((part) => part.kind() !== 'comment');
      if (!expression) continue;
      const range = child.range();
      decorators.push({ expr: toPyExpr(expression), line: range.start.line + 1, hash: this.hashOf(child, range) });
    }
    return decorators;
  }

  private functionFacts(node: SgNode, decorators: PyDecorator[], scope: string, className?: string): PyFunctionFacts {
    const range = node.range();
    const facts: PyFunctionFacts = {
      name: node.field('name')?.text() ?? '',
      scope,
      line: range.start.line + 1,
      endLine: range.end.line + 1,
      decorators,
      params: this.wantParams || this.isRegistrationScope(node) ? this.params(node) : [],
      bodyHash: this.hashOf(node, range),
    };
    if (className) {
      facts.className = className;
    } else {
      // Factories annotated `-> AppSettings` tell what settings objects are.
      const returnType = node.field('return_type');
      if (returnType) facts.returnType = toPyExpr(returnType);
    }
    return facts;
  }

  private hashOf(node: SgNode, range: Range = node.range()): string {
    if (!this.ascii) return stableHash(node.text());
    return stableHash(this.file.text.slice(range.start.index, range.end.index));
  }

  private addFunction(node: SgNode, decorators: PyDecorator[], scope: string): void {
    const facts = this.functionFacts(node, decorators, scope);
    this.facts.functions.push(facts);
    if (scope === '') this.moduleFunctions.set(facts.name, node);
    if (this.isRegistrationScope(node)) this.walkFunctionBody(node, facts);
  }

  private isRegistrationScope(node: SgNode): boolean {
    return this.registrationScopes.size > 0 && this.registrationScopes.has(node.id());
  }

  private walkFunctionBody(node: SgNode, facts: PyFunctionFacts): void {
    if (this.walkedScopes.has(node.id())) return;
    this.walkedScopes.add(node.id());
    const body = node.field('body');
    if (!body) return;
    const returns: PyExpr[] = [];
    this.walkBlock(body.children(), facts.name, returns);
    if (returns.length > 0) facts.returns = returns;
  }

  /** `app = create_app()` at module level: read the factory's body to learn what it returns. */
  private walkFactoriesCalledAtModuleLevel(): void {
    for (const binding of [...this.facts.bindings]) {
      if (binding.scope !== '' || binding.value?.k !== 'call' || binding.value.fn.k !== 'name') continue;
      const callee = binding.value.fn.id;
      const node = this.moduleFunctions.get(callee);
      const facts = this.facts.functions.find((fn) => fn.scope === '' && fn.name === callee);
      if (node && facts) this.walkFunctionBody(node, facts);
    }
  }

  private params(node: SgNode): PyParam[] {
    const parameters = node.field('parameters');
    if (!parameters) return [];
    const params: PyParam[] = [];
    for (const child of parameters.children()) {
      const kind = child.kind();
      if (kind === 'identifier') {
        params.push({ name: child.text() });
      } else if (kind === 'typed_parameter') {
        const name = child.children().find((part) => part.kind() === 'identifier');
        const type = child.field('type');
        if (!name) continue;
        const param: PyParam = { name: name.text() };
        if (type && (this.wantParams || isSimpleType(type))) param.annotation = toPyExpr(type);
        params.push(param);
      } else if (kind === 'default_parameter' || kind === 'typed_default_parameter') {
        const name = child.field('name');
        if (!name || name.kind() !== 'identifier') continue;
        const param: PyParam = { name: name.text() };
        const type = child.field('type');
        const value = child.field('value');
        if (type && (this.wantParams || isSimpleType(type))) param.annotation = toPyExpr(type);
        if (value && this.wantParams) param.default = toPyExpr(value);
        params.push(param);
      }
    }
    return params;
  }

  private addClass(node: SgNode, decorators: PyDecorator[], scope: string): void {
    const name = node.field('name')?.text() ?? '';
    const range = node.range();
    const superclasses = node.field('superclasses');
    const bases = superclasses
      ? superclasses
          .namedChildren()
          .filter((child) => child.kind() !== 'keyword_argument' && child.kind() !== 'comment')
          .map((child) => toPyExpr(child))
      : [];
    const facts: PyClassFacts = {
      name,
      scope,
      line: range.start.line + 1,
      endLine: range.end.line + 1,
      bases,
      decorators,
      methods: [],
      attrs: [],
      inner: {},
      bodyHash: this.hashOf(node, range),
    };
    const body = node.field('body');
    for (const statement of body?.children() ?? []) {
      switch (statement.kind()) {
        case 'function_definition':
          facts.methods.push(this.functionFacts(statement, [], scope, name));
          break;
        case 'decorated_definition': {
          const definition = statement.field('definition');
          if (definition?.kind() === 'function_definition') facts.methods.push(this.functionFacts(definition, this.decorators(statement), scope, name));
          break;
        }
        case 'expression_statement':
          facts.attrs.push(...classAttrs(statement));
          break;
        case 'class_definition': {
          const innerName = statement.field('name')?.text();
          if (innerName === 'Config') facts.inner[innerName] = (statement.field('body')?.children() ?? []).flatMap(classAttrs);
          break;
        }
        default:
          break;
      }
    }
    this.facts.classes.push(facts);
  }
}

function isSimpleType(type: SgNode): boolean {
  const inner = type.child(0);
  return inner !== null && (inner.kind() === 'identifier' || inner.kind() === 'attribute' || inner.kind() === 'member_type');
}

/**
 * Class attributes the extractors read: DRF and Django view policies, Flask view options, settings
 * defaults. Others (querysets, serializers, migrations' operations) are skipped: copying them is costly.
 */
const CLASS_ATTRS = new Set([
  'permission_classes', 'authentication_classes', 'throttle_classes', 'lookup_field', 'lookup_url_kwarg',
  'http_method_names', 'methods', 'decorators', 'method_decorators', 'model_config', 'env_prefix',
]);

function classAttrs(statement: SgNode): PyClassAttr[] {
  if (statement.kind() !== 'expression_statement') return [];
  const assignment = statement.child(0);
  if (!assignment || assignment.kind() !== 'assignment') return [];
  const left = assignment.field('left');
  if (!left || left.kind() !== 'identifier') return [];
  const name = left.text();
  const right = assignment.field('right');
  const attr: PyClassAttr = { name };
  if (right && (CLASS_ATTRS.has(name) || isSettingValue(right))) attr.value = toPyExpr(right);
  return [attr];
}

/** A settings default: a string, a name, or a call such as Field("/api") or os.getenv("X", "/api") (not model fields). */
function isSettingValue(node: SgNode): boolean {
  const kind = node.kind();
  if (kind === 'string' || kind === 'concatenated_string' || kind === 'identifier' || kind === 'attribute' || kind === 'binary_operator') return true;
  if (kind !== 'call') return false;
  const callee = node.field('function')?.text() ?? '';
  return /(^|\.)(Field|getenv|get|config|env|str)$/.test(callee);
}

/** The blocks nested in a compound statement, in source order (if/elif/else, try/except/else/finally, with, for, while). */
function nestedBlocks(statement: SgNode): SgNode[] {
  const blocks: SgNode[] = [];
  for (const child of statement.children()) {
    const kind = child.kind();
    if (kind === 'block') blocks.push(child);
    else if (kind === 'elif_clause' || kind === 'else_clause' || kind === 'except_clause' || kind === 'finally_clause' || kind === 'except_group_clause') {
      for (const part of child.children()) if (part.kind() === 'block') blocks.push(part);
    }
  }
  return blocks;
}
