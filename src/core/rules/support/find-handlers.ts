import type { SgNode } from '@ast-grep/napi';
import { endLineOf, lineOf } from '../../source/language.js';
import type { FileView, RuleLanguage } from '../types.js';
import { CALL_KINDS, callParts } from './call-parts.js';
import { kindOf } from './kind-of.js';
import { isStringNode } from './string-literal.js';

/** A function that serves HTTP requests, found in one file. `node` lives only while the file's tree does. */
export interface HandlerInfo {
  node: SgNode;
  /** The function's body (block / statement block / expression). */
  body: SgNode;
  name?: string;
  startLine: number;
  endLine: number;
  /** HTTP method when the code says it next to the function (decorator, annotation, registration call). */
  method?: string;
  /** Parameter names bound to the request object (`req`, `request`, `r`, `c`, `ctx`); `self.request` for aiohttp `web.View` methods. */
  requestNames: string[];
  /** Parameter names that ARE client input (FastAPI/Flask route parameters, `@Body()`, `@RequestParam`…). */
  inputParams: string[];
  /** Every parameter name. */
  params: string[];
  /** Text of what runs before the handler at its registration or on it: middleware args, decorators, annotations. */
  guards: string[];
}

const JS_ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'options', 'head']);
const NEST_METHODS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Options', 'Head']);
const NEST_INPUT_DECORATORS = new Set(['Body', 'Query', 'Param', 'Headers']);
const NEXT_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const JS_FUNCTION_KINDS = ['arrow_function', 'function_expression', 'function_declaration', 'generator_function_declaration', 'method_definition'];
const PY_ROUTE_DECORATORS = new Set(['get', 'post', 'put', 'patch', 'delete', 'route', 'api_route', 'head', 'options']);
const PY_CBV_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);
const PY_NOT_INPUT_TYPES = new Set(['Request', 'Response', 'Session', 'AsyncSession', 'BackgroundTasks', 'WebSocket', 'HttpRequest']);
const JAVA_MAPPINGS: Record<string, string | undefined> = {
  GetMapping: 'GET', PostMapping: 'POST', PutMapping: 'PUT', DeleteMapping: 'DELETE', PatchMapping: 'PATCH', RequestMapping: undefined,
  GET: 'GET', POST: 'POST', PUT: 'PUT', DELETE: 'DELETE', PATCH: 'PATCH',
};
const JAX_RS_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
const JAVA_INPUT_ANNOTATIONS = new Set(['RequestBody', 'RequestParam', 'PathVariable', 'RequestHeader', 'QueryParam', 'PathParam', 'FormParam', 'ModelAttribute', 'CookieValue']);
const GO_CONTEXT_TYPES = new Set(['*gin.Context', 'echo.Context', '*fiber.Ctx', 'fiber.Ctx', '*fasthttp.RequestCtx']);

/** Node kinds `findHandlers` reads, for the plans of rules that will ask for handlers. */
export const HANDLER_KINDS: Record<RuleLanguage, readonly string[]> = {
  js: [...CALL_KINDS.js, 'formal_parameters', 'decorator'],
  python: ['function_definition'],
  go: ['function_declaration', 'method_declaration', 'func_literal'],
  java: ['method_declaration'],
};

/** Request handlers declared in a file, outermost first, each once. */
export function findHandlers(file: FileView): HandlerInfo[] {
  const found =
    file.family === 'js' ? findJsHandlers(file)
    : file.family === 'python' ? findPythonHandlers(file)
    : file.family === 'go' ? findGoHandlers(file)
    : findJavaHandlers(file);
  const seen = new Set<number>();
  return found.filter((handler) => !seen.has(handler.node.id()) && seen.add(handler.node.id()) !== undefined);
}

/** The innermost handler whose function contains `node`. */
export function enclosingHandler(node: SgNode, handlers: readonly HandlerInfo[]): HandlerInfo | undefined {
  const { start, end } = node.range();
  let best: HandlerInfo | undefined;
  for (const handler of handlers) {
    const range = handler.node.range();
    if (range.start.index <= start.index && end.index <= range.end.index) {
      if (!best || best.node.range().start.index < range.start.index) best = handler;
    }
  }
  return best;
}

function info(node: SgNode, body: SgNode | null, fields: Partial<HandlerInfo> & { params: string[] }): HandlerInfo {
  return {
    node,
    body: body ?? node,
    startLine: lineOf(node),
    endLine: endLineOf(node),
    requestNames: [],
    inputParams: [],
    guards: [],
    ...fields,
  };
}

function jsParamNames(fn: SgNode): string[] {
  const params = fn.field('parameters') ?? fn.field('parameter');
  if (!params) return [];
  if (params.kind() === 'identifier') return [params.text()];
  return params.children().filter((p) => p.isNamed()).map((p) => {
    const pattern = p.field('pattern') ?? p;
    return pattern.kind() === 'identifier' ? pattern.text() : '';
  });
}

/**
 * The function a wrapper call hands to the router: `asyncHandler(async (req, res) => …)`,
 * `catchAsync(fn)`, `wrap(…)`. The wrapper only forwards errors, so the route's middleware is the function's.
 */
function unwrapHandlerWrapper(arg: SgNode): SgNode {
  if (kindOf(arg) !== 'call_expression') return arg;
  const wrapped = callParts(arg, 'js')?.args;
  const inner = wrapped && wrapped.length === 1 ? wrapped[0]! : undefined;
  return inner && JS_FUNCTION_KINDS.includes(kindOf(inner)) ? inner : arg;
}

/** `export async function GET(request)` in a Next.js route module. */
function isNextRouteHandler(fn: SgNode): boolean {
  return kindOf(fn) === 'function_declaration' && NEXT_METHODS.has(fn.field('name')?.text() ?? '') && fn.parent()?.kind() === 'export_statement';
}

function findJsHandlers(file: FileView): HandlerInfo[] {
  const handlers: HandlerInfo[] = [];
  const root = file.root;
  const hasDecorators = file.nodes('decorator').length > 0;
  // 1. Registration calls: router.get('/path', mw, (req, res) => …).
  for (const { node: call } of file.callsNamed(JS_ROUTE_METHODS)) {
    const parts = callParts(call, 'js');
    if (!parts || !JS_ROUTE_METHODS.has(parts.name) || parts.args.length < 2) continue;
    const first = parts.args[0]!;
    const routeReceiver = parts.receiver?.kind() === 'call_expression' && callParts(parts.receiver, 'js')?.name === 'route';
    if (!isStringNode(first, 'js') && !routeReceiver) continue;
    const last = unwrapHandlerWrapper(parts.args[parts.args.length - 1]!);
    const middle = parts.args.slice(routeReceiver ? 0 : 1, -1).map((arg) => arg.text());
    if (!JS_FUNCTION_KINDS.includes(kindOf(last))) continue;
    const params = jsParamNames(last);
    handlers.push(info(last, last.field('body'), { params, requestNames: params.slice(0, 1).filter(Boolean), method: parts.name.toUpperCase(), guards: middle }));
  }
  // 2. Controller functions with (req, res) parameters, wherever they are declared; Next.js route
  // handlers (`export async function GET(request)`). Parameter lists are read from JavaScript: cheaper
  // than pattern rules, which ast-grep compiles on every query.
  const functions: SgNode[] = [];
  for (const params of file.nodes('formal_parameters')) {
    // The first parameter's text is part of the list's: without `req` in it, no need to read it.
    if (!params.text().includes('req')) continue;
    const first = params.child(1)?.text() ?? '';
    if (first.startsWith('req') || first.startsWith('request')) {
      const fn = params.parent();
      if (fn && JS_FUNCTION_KINDS.includes(kindOf(fn))) functions.push(fn);
    }
  }
  for (const fn of functions) {
    const params = jsParamNames(fn);
    if (/^(req|request)$/.test(params[0] ?? '') && /^(res|response|reply)$/.test(params[1] ?? '')) {
      handlers.push(info(fn, fn.field('body'), { params, requestNames: [params[0]!], name: functionName(fn) }));
    } else if (isNextRouteHandler(fn)) {
      handlers.push(info(fn, fn.field('body'), { params, requestNames: params.slice(0, 1).filter(Boolean), method: fn.field('name')!.text(), name: fn.field('name')!.text() }));
    }
  }
  // Next.js route handlers whose request parameter is unused or named otherwise (`DELETE(_req, { params })`, `GET()`).
  if ([...NEXT_METHODS].some((method) => file.mentions(`function ${method}(`))) {
    // Node wrappers are not unique per node: the functions read above are known by id.
    const read = new Set(functions.map((fn) => fn.id()));
    for (const fn of root.findAll({ rule: { kind: 'function_declaration', inside: { kind: 'export_statement' } } })) {
      if (read.has(fn.id()) || !isNextRouteHandler(fn)) continue;
      const params = jsParamNames(fn);
      handlers.push(info(fn, fn.field('body'), { params, requestNames: params.slice(0, 1).filter(Boolean), method: fn.field('name')!.text(), name: fn.field('name')!.text() }));
    }
  }
  // 3. NestJS controller methods: decorators are the method's preceding siblings in the class body.
  const decorated = { rule: { kind: 'method_definition', inside: { kind: 'class_body' }, any: [{ follows: { kind: 'decorator' } }, { has: { kind: 'decorator' } }] } };
  for (const method of hasDecorators ? root.findAll(decorated) : []) {
    const decorators = precedingDecorators(method);
    const routeDecorator = decorators.find((d) => NEST_METHODS.has(decoratorName(d)));
    if (!routeDecorator) continue;
    const params: string[] = [];
    const inputParams: string[] = [];
    const requestNames: string[] = [];
    for (const param of method.field('parameters')?.children().filter((p) => p.isNamed()) ?? []) {
      const name = (param.field('pattern') ?? param).text();
      params.push(name);
      const paramDecorators = param.children().filter((c) => c.kind() === 'decorator').map(decoratorName);
      if (paramDecorators.some((d) => NEST_INPUT_DECORATORS.has(d))) inputParams.push(name);
      if (paramDecorators.some((d) => d === 'Req' || d === 'Request')) requestNames.push(name);
    }
    handlers.push(
      info(method, method.field('body'), {
        params, inputParams, requestNames,
        name: method.field('name')?.text(),
        method: decoratorName(routeDecorator).toUpperCase(),
        guards: [...classDecorators(method), ...decorators].map((d) => d.text()),
      }),
    );
  }
  return handlers;
}

function functionName(fn: SgNode): string | undefined {
  const own = fn.field('name')?.text();
  if (own) return own;
  const parent = fn.parent();
  if (parent?.kind() === 'variable_declarator' || parent?.kind() === 'pair') return (parent.field('name') ?? parent.field('key'))?.text();
  return undefined;
}

/** Decorators of a class member: its own and the ones written before it in the class body. */
export function precedingDecorators(node: SgNode): SgNode[] {
  const decorators: SgNode[] = [];
  let previous = node.prev();
  while (previous && (previous.kind() === 'decorator' || previous.kind() === 'comment')) {
    if (previous.kind() === 'decorator') decorators.unshift(previous);
    previous = previous.prev();
  }
  return [...node.children().filter((c) => c.kind() === 'decorator'), ...decorators];
}

function classDecorators(method: SgNode): SgNode[] {
  const classNode = method.parent()?.parent();
  if (!classNode) return [];
  const own = classNode.children().filter((c) => c.kind() === 'decorator');
  const exported = classNode.parent()?.kind() === 'export_statement' ? classNode.parent()!.children().filter((c) => c.kind() === 'decorator') : [];
  return [...exported, ...own];
}

/** `@Get(':id')` → Get; `@UseGuards(AuthGuard('jwt'))` → UseGuards. */
export function decoratorName(decorator: SgNode): string {
  const expression = decorator.children().find((c) => c.isNamed());
  if (!expression) return '';
  const callee = expression.kind() === 'call_expression' || expression.kind() === 'call' ? expression.field('function') : expression;
  const text = callee?.text() ?? '';
  return text.slice(text.lastIndexOf('.') + 1);
}

/** Litestar's bare route decorators (`from litestar import get, post` → `@get("/x")`). */
const LITESTAR_DECORATORS = new Set(['get', 'post', 'put', 'patch', 'delete', 'route', 'head']);
/** Base classes whose methods named after HTTP methods serve requests: Starlette/aiohttp/Django/Flask views. */
const PY_VIEW_BASES = new Set(['View', 'HTTPEndpoint', 'MethodView', 'APIView', 'GenericAPIView', 'TemplateView']);

/** What a Python file's imports say about the route decorators and views it may declare. */
interface PythonStyle {
  /** `litestar` (or its old name `starlite`) is imported: bare `@get`/`@post` are routes. */
  litestar: boolean;
  /** The text names a view base (`web.View`): its methods may read `self.request` and take no request parameter. */
  views: boolean;
}

function findPythonHandlers(file: FileView): HandlerInfo[] {
  const handlers: HandlerInfo[] = [];
  const style: PythonStyle = { litestar: file.importsAny(['litestar', 'starlite']), views: file.mentions('View') };
  for (const fn of file.nodes('function_definition')) {
    const parent = fn.parent();
    const decorators = parent?.kind() === 'decorated_definition' ? parent.children().filter((c) => c.kind() === 'decorator') : [];
    let routeDecorator: SgNode | undefined;
    let bare = false;
    for (const decorator of decorators) {
      const callee = pythonDecoratorCallee(decorator);
      if (!callee) continue;
      const kind = callee.kind();
      if (kind === 'attribute' ? PY_ROUTE_DECORATORS.has(callee.field('attribute')?.text() ?? '') : kind === 'identifier' && callee.text() === 'api_view') routeDecorator = decorator;
      else if (style.litestar && kind === 'identifier' && LITESTAR_DECORATORS.has(callee.text())) [routeDecorator, bare] = [decorator, true];
      if (routeDecorator) break;
    }
    // Without a route decorator, only a request parameter (or a view's `self.request`) makes a handler:
    // no need to read the rest.
    const text = routeDecorator ? '' : fn.text();
    if (!routeDecorator && !text.includes('request') && !text.includes('Request') && !(style.views && PY_CBV_METHODS.has(fn.field('name')?.text() ?? ''))) continue;
    const { params, inputParams, requestNames, takesRequest } = pythonParams(fn);
    const name = fn.field('name')?.text();
    const guards = decorators.map((d) => d.text());
    if (routeDecorator) {
      const method = pythonDecoratorMethod(routeDecorator, bare);
      // Flask's `request` is a module global, not a parameter; Litestar passes it only as a parameter.
      if (!bare && !requestNames.includes('request')) requestNames.push('request');
      handlers.push(info(fn, fn.field('body'), { params, inputParams: routeDecorator.text().includes('api_view') ? [] : inputParams, requestNames, name, ...(method ? { method } : {}), guards }));
      continue;
    }
    const classNode = fn.ancestors().find((a) => a.kind() === 'class_definition');
    if (!classNode) {
      // Django views, aiohttp/Starlette/Sanic endpoints registered by call (`add_get("/x", handler)`,
      // `Route("/x", endpoint)`): the first parameter is the request, by name or by type.
      if (takesRequest) handlers.push(info(fn, fn.field('body'), { params, requestNames: [params[0]!], name, guards }));
    } else if (params[0] === 'self' && PY_CBV_METHODS.has(name ?? '')) {
      // Class-based views: `def get(self, request)` (Django, Starlette `HTTPEndpoint`), or aiohttp
      // `web.View` methods `async def get(self)` that read `self.request`.
      const viewRequest = params[1] === undefined && isPythonViewClass(classNode) ? 'self.request' : undefined;
      if (params[1] === 'request' || viewRequest) handlers.push(info(fn, fn.field('body'), { params, requestNames: [params[1] === 'request' ? 'request' : viewRequest!], name, method: name!.toUpperCase(), guards }));
    }
  }
  return handlers;
}

/** The callee of a decorator: `app.get` in `@app.get("/x")`, `get` in `@get`. */
function pythonDecoratorCallee(decorator: SgNode): SgNode | undefined {
  const expression = decorator.children().find((c) => c.isNamed());
  return (expression?.kind() === 'call' ? expression.field('function') : expression) ?? undefined;
}

/** True when a class derives from a view base (`web.View`, `HTTPEndpoint`, `MethodView`…). */
function isPythonViewClass(classNode: SgNode): boolean {
  const bases = classNode.field('superclasses')?.children().filter((c) => c.isNamed()) ?? [];
  return bases.some((base) => {
    const text = base.text();
    return PY_VIEW_BASES.has(text.slice(text.lastIndexOf('.') + 1));
  });
}

/**
 * The HTTP method a route decorator names: `@app.post` / Litestar `@post` → POST; `@app.route('/x',
 * methods=['POST'])` (Flask, Sanic) and Litestar `@route('/x', http_method=[HttpMethod.POST])` → the first listed.
 */
function pythonDecoratorMethod(decorator: SgNode, bare: boolean): string | undefined {
  const expression = decorator.children().find((c) => c.isNamed());
  const callee = pythonDecoratorCallee(decorator);
  const name = bare ? callee?.text() : callee?.kind() === 'attribute' ? callee.field('attribute')?.text() : undefined;
  if (name && name !== 'route' && name !== 'api_route') return name.toUpperCase();
  const methods = expression?.kind() === 'call'
    ? expression.field('arguments')?.children().find((a) => a.kind() === 'keyword_argument' && ['methods', 'http_method'].includes(a.field('name')?.text() ?? ''))
    : undefined;
  // Flask and Sanic routes without methods serve GET; Litestar's `route` requires them.
  if (!methods) return name === 'route' && !bare ? 'GET' : undefined;
  const value = methods.field('value');
  const first = value?.kind() === 'list' || value?.kind() === 'tuple' || value?.kind() === 'set' ? value.children().find((c) => c.isNamed()) : value;
  if (!first) return undefined;
  // A string literal ('POST') or an enum member (HttpMethod.POST).
  const text = first.kind() === 'string' ? (first.children().find((c) => c.kind() === 'string_content')?.text() ?? '') : first.text();
  return text.slice(text.lastIndexOf('.') + 1).toUpperCase() || undefined;
}

/** The request types of the frameworks that register plain functions as handlers (aiohttp, Starlette, Sanic, Django). */
const PY_FRAMEWORK_REQUEST_TYPES = new Set(['Request', 'BaseRequest', 'HttpRequest', 'ASGIRequest', 'WSGIRequest']);

function pythonParams(fn: SgNode): { params: string[]; inputParams: string[]; requestNames: string[]; takesRequest: boolean } {
  const params: string[] = [];
  const inputParams: string[] = [];
  const requestNames: string[] = [];
  // Whether the first parameter is a framework's request: named so (and untyped or typed as one), or typed
  // as one. A first parameter typed as a model named `…Request` (`CreateOrderRequest`) is a service's input.
  let takesRequest = false;
  for (const param of fn.field('parameters')?.children().filter((p) => p.isNamed()) ?? []) {
    const nameNode = param.kind() === 'identifier' ? param : (param.field('name') ?? param.children().find((c) => c.kind() === 'identifier'));
    const name = nameNode?.text() ?? '';
    if (!name) continue;
    params.push(name);
    const type = param.field('type')?.text() ?? '';
    const defaultValue = param.field('value')?.text() ?? '';
    const isInjected = defaultValue.startsWith('Depends(') || defaultValue.startsWith('Security(') || PY_NOT_INPUT_TYPES.has(type.split('.').pop() ?? '');
    if (name === 'request' || type.endsWith('Request')) requestNames.push(name);
    else if (name !== 'self' && name !== 'cls' && !isInjected) inputParams.push(name);
    if (params.length === 1) {
      const base = type.slice(type.lastIndexOf('.') + 1);
      takesRequest = type === '' ? name === 'request' || name === 'req' : PY_FRAMEWORK_REQUEST_TYPES.has(base);
    }
  }
  return { params, inputParams, requestNames, takesRequest };
}

function findGoHandlers(file: FileView): HandlerInfo[] {
  const handlers: HandlerInfo[] = [];
  for (const fn of file.nodesOf(HANDLER_KINDS.go)) {
    // A handler takes a request and a writer (or a framework context): their type names are in its text.
    const text = fn.text();
    if (!text.includes('Request') && !text.includes('Context') && !text.includes('Ctx')) continue;
    const params: string[] = [];
    const requestNames: string[] = [];
    let writer = false;
    for (const declaration of fn.field('parameters')?.children().filter((p) => p.kind() === 'parameter_declaration') ?? []) {
      const type = declaration.field('type')?.text().replace(/\s+/g, '') ?? '';
      const names = declaration.children().filter((c) => c.kind() === 'identifier').map((c) => c.text());
      params.push(...names);
      if (type === '*http.Request' || GO_CONTEXT_TYPES.has(type)) requestNames.push(...names);
      if (type === 'http.ResponseWriter' || GO_CONTEXT_TYPES.has(type)) writer = true;
    }
    if (writer && requestNames.length > 0) handlers.push(info(fn, fn.field('body'), { params, requestNames, name: fn.field('name')?.text() }));
  }
  return handlers;
}

function findJavaHandlers(file: FileView): HandlerInfo[] {
  const handlers: HandlerInfo[] = [];
  for (const method of file.nodes('method_declaration')) {
    // A handler carries a mapping annotation (`@GetMapping`, `@RequestMapping`, JAX-RS `@GET`…).
    const text = method.text();
    if (!text.includes('Mapping') && !JAX_RS_METHODS.some((word) => text.includes(word))) continue;
    const annotations = javaAnnotations(method);
    const mapping = annotations.find((a) => javaAnnotationName(a) in JAVA_MAPPINGS);
    if (!mapping) continue;
    const params: string[] = [];
    const inputParams: string[] = [];
    const requestNames: string[] = [];
    for (const param of method.field('parameters')?.children().filter((p) => p.kind() === 'formal_parameter') ?? []) {
      const name = param.field('name')?.text() ?? '';
      params.push(name);
      const paramAnnotations = javaAnnotations(param).map(javaAnnotationName);
      if (paramAnnotations.some((a) => JAVA_INPUT_ANNOTATIONS.has(a))) inputParams.push(name);
      if ((param.field('type')?.text() ?? '').endsWith('HttpServletRequest')) requestNames.push(name);
    }
    const classNode = method.ancestors().find((a) => a.kind() === 'class_declaration');
    const method_ = JAVA_MAPPINGS[javaAnnotationName(mapping)] ?? requestMappingMethod(mapping);
    handlers.push(
      info(method, method.field('body'), {
        params, inputParams, requestNames,
        name: method.field('name')?.text(),
        ...(method_ ? { method: method_ } : {}),
        guards: [...(classNode ? javaAnnotations(classNode) : []), ...annotations].map((a) => a.text()),
      }),
    );
  }
  return handlers;
}

/** Annotations in a declaration's modifiers. */
export function javaAnnotations(declaration: SgNode): SgNode[] {
  const modifiers = declaration.children().find((c) => c.kind() === 'modifiers');
  return modifiers ? modifiers.children().filter((c) => c.kind() === 'annotation' || c.kind() === 'marker_annotation') : [];
}

/** `@org.x.GetMapping("/a")` → GetMapping. */
export function javaAnnotationName(annotation: SgNode): string {
  const name = annotation.field('name')?.text() ?? '';
  return name.slice(name.lastIndexOf('.') + 1);
}

function requestMappingMethod(annotation: SgNode): string | undefined {
  const access = annotation.findAll({ rule: { kind: 'field_access' } }).find((node) => node.field('object')?.text() === 'RequestMethod');
  return access?.field('field')?.text();
}
