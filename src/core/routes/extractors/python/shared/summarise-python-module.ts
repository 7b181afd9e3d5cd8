import type { NapiConfig, SgNode } from '@ast-grep/napi';
import type { ParsedFile } from '../../../../source/language.js';
import { fastHash } from './fast-hash.js';
import { hashNodeText, nameExpr, setPySource, toPyExpr, type PyExpr } from './py-expr.js';
import {
  functionScope,
  type PyBinding,
  type PyCallFact,
  type PyClassAttr,
  type PyClassFacts,
  type PyDecorator,
  type PyFunctionFacts,
  type PyImport,
  type PyLoop,
  type PyParam,
  type PythonModuleFacts,
} from './python-module-facts.js';

/*
 * Cost model: every syntax node handed to JavaScript costs a few microseconds (a napi object and, later,
 * its finaliser), about as much as parsing a line of code. The summary therefore asks the tree for as few
 * nodes as it can: named children only, positions only where a line is reported, text where a node's
 * text is a plain name.
 */

/**
 * Methods whose calls register routes, mount routers or add middleware. Found anywhere in a module
 * (app factories register blueprints inside functions); the receiver decides later whether they matter.
 */
const REGISTRATION_METHODS = [
  'include_router', 'add_api_route', 'add_route', 'mount', 'add_middleware', 'register_blueprint', 'add_url_rule',
  'before_request', 'before_app_request', 'register', 'add_resource', 'add_namespace', 'init_app', 'namespace',
  // aiohttp, Starlette, Sanic.
  'add_get', 'add_post', 'add_put', 'add_patch', 'add_delete', 'add_head', 'add_routes', 'add_subapp', 'add_view',
  'add_websocket_route', 'blueprint', 'register_middleware',
];
/** `api.add_org_resource(...)`: methods named like add_resource that a project adds to its Api subclass. */
const HELPER_RESOURCE_CALL: NapiConfig = {
  rule: {
    kind: 'call',
    has: { field: 'function', kind: 'attribute', has: { field: 'attribute', regex: '^add_\\w+_resource$' } },
  },
};

/** Route decorators that code also calls directly on a view: `app.route("/ping")(ping)`. */
const DECORATOR_CALL_VERBS = ['route', 'get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'api_route'];
/** `urlpatterns.append(path(...))` and friends: Django URLconfs grown in place. */
const LIST_METHODS = ['append', 'extend', 'insert'];
const NESTED_DECORATED: NapiConfig = { rule: { kind: 'decorated_definition', inside: { kind: 'function_definition', stopBy: 'end' } } };
const INSIDE_FOR: NapiConfig = { rule: { inside: { kind: 'for_statement', stopBy: 'end' } } };

/** Text of constructors of apps and routers: functions holding one are factories worth reading. */
const CONSTRUCTOR_PROBES = [
  'Blueprint(', 'APIRouter(', 'Flask(', 'FastAPI(', 'Router(', 'Api(', 'Namespace(',
  'Starlette(', 'Application(', 'RouteTableDef(', 'Sanic(', 'Blueprint.group(', 'Litestar(', 'Starlite(',
];

/** Text that a route decorator nested in a function (an app factory) must contain. */
const NESTED_ROUTE_PROBES = [
  '.route(', '.get(', '.post(', '.put(', '.patch(', '.delete(', '.api_route(', '.head(', '.options(', '.before_request',
  '.websocket(', '.websocket_route(', '.view(',
];

/** Settings mappings an extractor reads (DRF's default policies). */
const KEPT_MAPPINGS = new Set(['REST_FRAMEWORK']);

/** Values no extractor evaluates: mappings (settings dictionaries), comprehensions, lambdas. */
const SKIPPED_VALUE_KINDS = new Set(['dictionary', 'dictionary_comprehension', 'list_comprehension', 'set_comprehension', 'generator_expression', 'lambda']);

/**
 * Class attributes the extractors read: DRF and Django view policies, Flask view options. Settings
 * classes keep every string-like default too. Others (querysets, model fields, migrations' operations)
 * are skipped: copying them is costly.
 */
const CLASS_ATTRS = new Set([
  'permission_classes', 'authentication_classes', 'throttle_classes', 'lookup_field', 'lookup_url_kwarg',
  'http_method_names', 'methods', 'decorators', 'method_decorators', 'model_config', 'env_prefix',
]);

/** Litestar controllers declare their prefix and guards as class attributes; read only in modules that mention Litestar. */
const CONTROLLER_ATTRS = new Set(['path', 'guards', 'middleware', 'dependencies']);

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

interface Span {
  /** The function's `functionScope`: what a call inside it gets as its scope. */
  name: string;
  line: number;
  endLine: number;
}

class ModuleSummariser {
  private readonly facts: PythonModuleFacts;
  /** Lines of registration calls and nested route decorators: the functions around them are read statement by statement. */
  private readonly registrationLines: number[] = [];
  /** Every function and method recorded, to give each call its enclosing function. */
  private readonly spans: Span[] = [];
  private readonly moduleFunctions = new Map<string, { node: SgNode; facts: PyFunctionFacts }>();
  private readonly walked = new Set<PyFunctionFacts>();
  private seq = 0;
  /** Read parameter annotations and defaults only where FastAPI dependencies may be declared. */
  private readonly wantParams: boolean;
  private readonly referencesEndpoints: boolean;
  private readonly constructsObjects: boolean;
  /** The module mentions Litestar (or Starlite): controller attributes are worth copying. */
  private readonly controllerAttrs: boolean;
  /** Byte offsets equal string offsets: node text can be sliced from the file instead of copied out of the tree. */
  private readonly ascii: boolean;

  constructor(private readonly file: ParsedFile) {
    this.facts = { path: file.path, imports: [], bindings: [], calls: [], functions: [], classes: [], packages: [] };
    this.ascii = Buffer.byteLength(file.text, 'utf8') === file.text.length;
    this.wantParams = file.text.includes('fastapi') || file.text.includes('Depends(') || file.text.includes('Security(');
    this.referencesEndpoints = file.text.includes('.add_api_route(') || file.text.includes('.add_route(');
    this.constructsObjects = CONSTRUCTOR_PROBES.some((probe) => file.text.includes(probe));
    this.controllerAttrs = file.text.includes('litestar') || file.text.includes('starlite');
  }

  run(): PythonModuleFacts {
    setPySource({ text: this.file.text, ascii: this.ascii });
    try {
      return this.summarise();
    } finally {
      setPySource(undefined);
    }
  }

  private summarise(): PythonModuleFacts {
    const { root, text } = this.file;
    // Cheap text probes first: most modules register nothing. One pattern per method present (patterns
    // compile quickly; a rule with a regex alternation costs more than parsing a small module).
    for (const method of REGISTRATION_METHODS) {
      if (text.includes(`.${method}(`)) for (const call of root.findAll(`$RECEIVER.${method}($$$ARGS)`)) this.addCall(call);
    }
    // A route decorator called by hand: `app.route("/ping")(ping)`, `bp.get("/x")(view)`.
    if (text.includes(')(')) {
      for (const verb of DECORATOR_CALL_VERBS) {
        if (text.includes(`.${verb}(`)) for (const call of root.findAll(`$RECEIVER.${verb}($$$ARGS)($$$VIEW)`)) this.addCall(call);
      }
    }
    // A project's own helper around flask-restful's add_resource: `api.add_org_resource(Resource, '/x')`.
    if (text.includes('_resource(')) {
      for (const call of root.findAll(HELPER_RESOURCE_CALL)) this.addCall(call);
    }
    // URLconfs grow lists in place (`urlpatterns.append(...)`, `api_urls.extend([...])`).
    if (text.includes('urlpatterns')) {
      for (const method of LIST_METHODS) {
        if (!text.includes(`.${method}(`)) continue;
        for (const call of root.findAll(`$LIST.${method}($$$ARGS)`)) if (call.field('function')?.field('object')?.kind() === 'identifier') this.addCall(call);
      }
    }
    this.facts.calls.sort((a, b) => a.call.line - b.call.line);
    if (hasIndentedDecorator(text) && NESTED_ROUTE_PROBES.some((probe) => text.includes(probe))) {
      for (const definition of root.findAll(NESTED_DECORATED)) this.registrationLines.push(definition.range().start.line + 1);
    }
    this.walkBlock(root.namedChildren(), '');
    this.walkFactoriesCalledAtModuleLevel();
    this.assignCallScopes();
    this.facts.packages = [...new Set(this.facts.imports.filter((imp) => imp.level === 0).map((imp) => imp.module.split('.')[0]!))];
    return this.facts;
  }

  private addCall(node: SgNode): void {
    const line = node.range().start.line + 1;
    const call = toPyExpr(node, line);
    if (call.k !== 'call') return;
    this.registrationLines.push(line);
    const fact: PyCallFact = { call, scope: '' };
    if (node.matches(INSIDE_FOR)) {
      const loops: PyLoop[] = [];
      for (const ancestor of node.ancestors()) {
        const kind = ancestor.kind();
        if (kind === 'function_definition' || kind === 'class_definition') break;
        if (kind !== 'for_statement') continue;
        const left = ancestor.field('left');
        const right = ancestor.field('right');
        if (left && right) loops.unshift({ target: toPyExpr(left), iter: toPyExpr(right) });
      }
      if (loops.length > 0) fact.loops = loops;
    }
    this.facts.calls.push(fact);
  }

  /** A call's scope is the innermost function or method around it (qualified: `ApiHandler.register`). */
  private assignCallScopes(): void {
    if (this.facts.calls.length === 0) return;
    for (const fact of this.facts.calls) {
      let best: Span | undefined;
      for (const span of this.spans) {
        if (span.line < fact.call.line && fact.call.line <= span.endLine && (!best || span.line > best.line)) best = span;
      }
      if (best) fact.scope = best.name;
    }
  }

  private isRegistrationScope(line: number, endLine: number): boolean {
    return this.registrationLines.some((candidate) => candidate > line && candidate <= endLine);
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
          const kind = inner?.kind();
          if (inner && (kind === 'assignment' || kind === 'augmented_assignment')) this.addAssignment(inner, scope);
          break;
        }
        case 'function_definition':
          this.addFunction(statement, [], scope);
          break;
        case 'class_definition':
          this.addClass(statement, [], scope);
          break;
        case 'type_alias_statement': {
          // `type CurrentUser = Annotated[User, Depends(get_current_user)]` (Python 3.12).
          const [left, right] = statement.namedChildren();
          if (left && right) this.facts.bindings.push({ name: left.text(), value: toPyExpr(right), scope, line: 0, seq: this.seq++ });
          break;
        }
        case 'decorated_definition': {
          const children = statement.namedChildren();
          const definition = children[children.length - 1];
          if (!definition) break;
          const decorators = this.decorators(statement, children);
          const kind = definition.kind();
          if (kind === 'function_definition') this.addFunction(definition, decorators, scope);
          else if (kind === 'class_definition') this.addClass(definition, decorators, scope);
          break;
        }
        case 'return_statement': {
          const value = statement.namedChildren()[0];
          if (returns && value && returns.length < 4) returns.push(toPyExpr(value));
          break;
        }
        case 'if_statement':
        case 'try_statement':
        case 'with_statement':
        case 'for_statement':
        case 'while_statement':
          for (const block of nestedBlocks(statement)) this.walkBlock(block.namedChildren(), scope, returns);
          break;
        default:
          break;
      }
    }
  }

  private addImport(node: SgNode, scope: string): void {
    const seq = this.seq++;
    if (node.kind() === 'import_statement') {
      for (const name of node.fieldChildren('name')) {
        const [dotted, alias] = splitAlias(name.text());
        if (alias) this.facts.imports.push({ local: alias, module: dotted, level: 0, scope, seq });
        else this.facts.imports.push({ local: dotted.split('.')[0]!, module: dotted, level: 0, bindsTopPackage: true, scope, seq });
      }
      return;
    }
    const moduleNode = node.field('module_name');
    if (!moduleNode) return;
    let module = moduleNode.text();
    let level = 0;
    // `..pkg.mod`: the leading dots are the level.
    while (module[level] === '.') level++;
    module = module.slice(level);
    const names = node.fieldChildren('name');
    if (names.length === 0) {
      this.facts.imports.push({ local: '*', module, level, star: true, scope, seq });
      return;
    }
    for (const name of names) {
      const [imported, alias] = splitAlias(name.text());
      const fact: PyImport = { local: alias ?? imported, module, level, name: imported, scope, seq };
      this.facts.imports.push(fact);
    }
  }

  private addAssignment(node: SgNode, scope: string): void {
    if (node.kind() === 'augmented_assignment') {
      const left = node.field('left');
      const right = node.field('right');
      if (left?.kind() === 'identifier' && right && node.field('operator')?.text() === '+=') {
        this.facts.bindings.push({ name: left.text(), value: toPyExpr(right), op: '+=', scope, line: node.range().start.line + 1, seq: this.seq++ });
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
    const seq = this.seq++;
    let value: PyExpr | undefined;
    let valueRead = false;
    const readValue = (): PyExpr | undefined => {
      if (!valueRead && current && (!SKIPPED_VALUE_KINDS.has(String(current.kind())) || KEPT_MAPPINGS.has(targets[0]?.text() ?? ''))) value = toPyExpr(current);
      valueRead = true;
      return value;
    };
    for (const target of targets) {
      const kind = target.kind();
      if (kind === 'identifier') {
        const name = target.text();
        if (name.startsWith('__') && name.endsWith('__')) continue;
        // Lines only for module-level lists a URLconf may grow in place (statement order matters there).
        const line = scope === '' && (name === 'urlpatterns' || current?.kind() === 'list') ? node.range().start.line + 1 : 0;
        const binding: PyBinding = { name, scope, line, seq };
        const bound = readValue();
        if (bound) binding.value = bound;
        this.facts.bindings.push(binding);
      } else if (kind === 'pattern_list' || kind === 'tuple_pattern' || kind === 'list_pattern') {
        target.namedChildren().forEach((child, index) => {
          const bound = child.kind() === 'identifier' ? readValue() : undefined;
          if (bound) this.facts.bindings.push({ name: child.text(), value: bound, index, scope, line: 0, seq });
        });
      }
    }
  }

  private decorators(decorated: SgNode, children: SgNode[]): PyDecorator[] {
    const nodes = children.filter((child) => child.kind() === 'decorator');
    const lines = this.decoratorLines(decorated, nodes);
    const decorators: PyDecorator[] = [];
    nodes.forEach((child, index) => {
      const expression = child.namedChildren().find((part) => part.kind() !== 'comment');
      if (!expression) return;
      const line = lines[index]!;
      decorators.push({ expr: toPyExpr(expression, line), line, hash: fastHash(child.text()) });
    });
    return decorators;
  }

  /**
   * The line of each decorator. One position lookup for the whole stack: in an ASCII file each decorator
   * starts the next line whose first non-blank character is `@` (a decorator's own lines continue its
   * arguments and never start with `@`).
   */
  private decoratorLines(decorated: SgNode, nodes: SgNode[]): number[] {
    if (!this.ascii) return nodes.map((node) => node.range().start.line + 1);
    const start = decorated.range().start;
    const text = this.file.text;
    const lines: number[] = [];
    let line = start.line + 1;
    let at = start.index;
    while (lines.length < nodes.length && at < text.length) {
      let i = at;
      while (text[i] === ' ' || text[i] === '\t') i++;
      if (text[i] === '@') lines.push(line);
      const newline = text.indexOf('\n', i);
      if (newline === -1) break;
      at = newline + 1;
      line++;
    }
    while (lines.length < nodes.length) lines.push(nodes[lines.length]!.range().start.line + 1);
    return lines;
  }

  private functionFacts(node: SgNode, decorators: PyDecorator[], scope: string, className?: string): PyFunctionFacts {
    const range = node.range();
    const line = range.start.line + 1;
    const endLine = range.end.line + 1;
    const facts: PyFunctionFacts = {
      name: node.field('name')?.text() ?? '',
      scope,
      line,
      endLine,
      decorators,
      params: this.readsParams(decorators, line, endLine) ? this.params(node) : [],
      bodyHash: hashNodeText(node, range),
      seq: this.seq++,
    };
    if (className) facts.className = className;
    this.spans.push({ name: functionScope(facts), line, endLine });
    if (!className && scope === '') {
      // Factories annotated `-> AppSettings` tell what settings objects are.
      const returnType = node.field('return_type');
      if (returnType) facts.returnType = toPyExpr(returnType);
    }
    return facts;
  }


  /**
   * Parameters matter for route handlers (FastAPI dependencies) and for functions that receive an app or
   * router: functions under a `@x.y(...)` decorator, registration functions, and any function of a module
   * that registers endpoints by reference (add_api_route).
   */
  private readsParams(decorators: PyDecorator[], line: number, endLine: number): boolean {
    if (this.isRegistrationScope(line, endLine)) return true;
    if (!this.wantParams) return false;
    return this.referencesEndpoints || decorators.some((decorator) => decorator.expr.k === 'call' && decorator.expr.fn.k === 'attr');
  }

  private addFunction(node: SgNode, decorators: PyDecorator[], scope: string): void {
    const facts = this.functionFacts(node, decorators, scope);
    this.facts.functions.push(facts);
    if (scope === '') this.moduleFunctions.set(facts.name, { node, facts });
    if (this.isRegistrationScope(facts.line, facts.endLine) || (scope === '' && this.buildsFrameworkObject(node))) this.walkFunctionBody(node, facts);
  }

  /** `def create_blueprint(): bp = Blueprint(...); return bp`: a factory whose result may be registered elsewhere. */
  private buildsFrameworkObject(node: SgNode): boolean {
    if (!this.constructsObjects) return false;
    const range = node.range();
    const body = this.ascii ? this.file.text.slice(range.start.index, range.end.index) : node.text();
    return CONSTRUCTOR_PROBES.some((probe) => body.includes(probe));
  }

  private walkFunctionBody(node: SgNode, facts: PyFunctionFacts): void {
    if (this.walked.has(facts)) return;
    this.walked.add(facts);
    const body = node.field('body');
    if (!body) return;
    const returns: PyExpr[] = [];
    this.walkBlock(body.namedChildren(), functionScope(facts), returns);
    if (returns.length > 0) facts.returns = returns;
  }

  /** `app = create_app()` at module level: read the factory's body to learn what it returns. */
  private walkFactoriesCalledAtModuleLevel(): void {
    for (const binding of [...this.facts.bindings]) {
      if (binding.scope !== '' || binding.value?.k !== 'call' || binding.value.fn.k !== 'name') continue;
      const factory = this.moduleFunctions.get(binding.value.fn.id);
      if (factory) this.walkFunctionBody(factory.node, factory.facts);
    }
  }

  /**
   * Parameter names always (receivers may be parameters); annotations and defaults where FastAPI
   * dependencies may hide: `x = Depends(f)`, `x: Annotated[T, Depends(f)]`, `x: CurrentUser`.
   */
  private params(node: SgNode): PyParam[] {
    const parameters = node.field('parameters');
    if (!parameters) return [];
    const params: PyParam[] = [];
    for (const child of parameters.namedChildren()) {
      const kind = child.kind();
      if (kind === 'identifier') {
        params.push({ name: child.text() });
        continue;
      }
      if (kind !== 'typed_parameter' && kind !== 'default_parameter' && kind !== 'typed_default_parameter') continue;
      const text = child.text();
      if (text.startsWith('*')) continue;
      const name = text.slice(0, firstOf(text, kind === 'default_parameter' ? '=' : ':')).trim();
      const param: PyParam = { name };
      if (kind !== 'typed_parameter') param.optional = true;
      if (kind !== 'default_parameter') {
        // `x: T` / `x: T = v`: a plain T is read from the text; anything else from the tree, where it may hold a dependency.
        const afterColon = text.slice(text.indexOf(':') + 1);
        const typeText = (kind === 'typed_parameter' ? afterColon : afterColon.slice(0, firstOf(afterColon, '='))).trim();
        if (PLAIN_NAME.test(typeText)) {
          param.annotation = nameExpr(typeText);
        } else if (this.wantParams && afterColon.includes('[')) {
          const type = child.field('type');
          if (type) param.annotation = toPyExpr(type);
        }
      }
      if (kind !== 'typed_parameter' && this.wantParams && (text.includes('Depends(') || text.includes('Security('))) {
        const value = child.field('value');
        if (value) param.default = toPyExpr(value);
      }
      params.push(param);
    }
    return params;
  }

  private addClass(node: SgNode, decorators: PyDecorator[], scope: string): void {
    const range = node.range();
    const name = node.field('name')?.text() ?? '';
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
      bodyHash: hashNodeText(node, range),
      seq: this.seq++,
    };
    // Settings classes keep their string defaults; other classes only the attributes views use.
    const settingsLike = /Settings|Config/.test(name) || bases.some((base) => /Settings|Config/.test(baseName(base)));
    const body = node.field('body');
    for (const statement of body?.namedChildren() ?? []) {
      switch (statement.kind()) {
        case 'function_definition':
          facts.methods.push(this.functionFacts(statement, [], scope, name));
          break;
        case 'decorated_definition': {
          const children = statement.namedChildren();
          const definition = children[children.length - 1];
          if (definition?.kind() === 'function_definition') facts.methods.push(this.functionFacts(definition, this.decorators(statement, children), scope, name));
          break;
        }
        case 'expression_statement': {
          const attr = classAttr(statement, settingsLike, this.controllerAttrs);
          if (attr) facts.attrs.push(attr);
          break;
        }
        case 'class_definition': {
          if (!settingsLike) break;
          const innerName = statement.field('name')?.text();
          if (innerName === 'Config') {
            facts.inner[innerName] = (statement.field('body')?.namedChildren() ?? []).map((inner) => classAttr(inner, true)).filter((attr): attr is PyClassAttr => !!attr);
          }
          break;
        }
        default:
          break;
      }
    }
    this.facts.classes.push(facts);
  }
}

/** Some decorator is indented (inside a function or class): a cheap probe before looking for nested route decorators. */
function hasIndentedDecorator(text: string): boolean {
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let i = at - 1;
    while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
    if (i < at - 1 && (i < 0 || text[i] === '\n')) return true;
  }
  return false;
}

/** A parameter annotation that is a plain (dotted) name: `FastAPI`, `CurrentUser`, `deps.SessionDep`. */
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

function firstOf(text: string, char: string): number {
  const index = text.indexOf(char);
  return index === -1 ? text.length : index;
}

/** `name as alias` (an import item's text) → [name, alias]. */
function splitAlias(text: string): [string, string | undefined] {
  const parts = text.split(/\s+as\s+/);
  return parts.length === 2 ? [parts[0]!.trim(), parts[1]!.trim()] : [text.trim(), undefined];
}

function baseName(expr: PyExpr): string {
  if (expr.k === 'name') return expr.id;
  if (expr.k === 'attr') return expr.name;
  if (expr.k === 'sub') return baseName(expr.obj);
  return '';
}

/**
 * Routers and namespaces kept as class attributes: flask-restx boilerplates declare each Namespace on a
 * DTO class (`class UserDto: api = Namespace("user")`) and their controllers use `api = UserDto.api`.
 */
const ROUTER_CONSTRUCTORS: ReadonlySet<string> = new Set(['Namespace', 'Blueprint', 'APIRouter', 'Router', 'Api']);

function constructsRouter(node: SgNode | null): boolean {
  if (node?.kind() !== 'call') return false;
  const callee = node.field('function')?.text() ?? '';
  return ROUTER_CONSTRUCTORS.has(callee.slice(callee.lastIndexOf('.') + 1));
}

function classAttr(statement: SgNode, settingsLike: boolean, controller = false): PyClassAttr | undefined {
  if (statement.kind() !== 'expression_statement') return undefined;
  const assignment = statement.child(0);
  if (!assignment || assignment.kind() !== 'assignment') return undefined;
  const left = assignment.field('left');
  if (!left || left.kind() !== 'identifier') return undefined;
  const name = left.text();
  const read = CLASS_ATTRS.has(name) || (controller && CONTROLLER_ATTRS.has(name)) || constructsRouter(assignment.field('right'));
  if (!read && !settingsLike) return undefined;
  const attr: PyClassAttr = { name };
  const right = assignment.field('right');
  if (right && (read || isSettingValue(right))) attr.value = toPyExpr(right);
  return attr;
}

/** A settings default: a string, a name, or a call such as Field("/api") or os.getenv("X", "/api"). */
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
  for (const child of statement.namedChildren()) {
    const kind = child.kind();
    if (kind === 'block') blocks.push(child);
    else if (kind === 'elif_clause' || kind === 'else_clause' || kind === 'except_clause' || kind === 'finally_clause' || kind === 'except_group_clause') {
      for (const part of child.namedChildren()) if (part.kind() === 'block') blocks.push(part);
    }
  }
  return blocks;
}
