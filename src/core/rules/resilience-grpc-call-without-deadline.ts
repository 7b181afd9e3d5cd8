import type { SgNode } from '@ast-grep/napi';
import { z } from 'zod';
import { categoriesOf } from '../services/library-catalog.js';
import { topLevelStatements } from '../source/top-level.js';
import { literalText } from './support/string-literal.js';
import { defineRule, type FileView } from './types.js';
import { CALL_KINDS, callParts, keywordArgument, receiverNames } from './support/call-parts.js';
import { assignedName } from './support/assigned-name.js';
import { FUNCTION_KINDS, enclosingFunction } from './support/enclosing-function.js';
import { kindOf } from './support/kind-of.js';
import { lineSpanOf } from './support/line-span.js';
import { isFrontendPath } from './support/path-kind.js';

type MessageId = 'goCallWithoutDeadline' | 'jsCallWithoutDeadline' | 'pythonCallWithoutDeadline' | 'javaCallWithoutDeadline';

/** Import paths of Go packages that protoc generates into (`pb`, `genproto`, `gen/orders/v1`, `orderspb`). */
const GENERATED_PACKAGE = /(^|\/)(pb|proto|protos|protobuf|gen|genproto|grpc|rpc|api)(\/|$)|pb$|_grpc$/;
/** Methods that open streams: their context lives as long as the stream (a deadline would cut it). */
const STREAM_METHOD = /^(Stream|Subscribe|Watch|Listen|Tail|Follow)/;
/** Calls that return a context derived from their first argument without a deadline of their own. */
const DEADLINE_CALLS: ReadonlySet<string> = new Set(['context.WithTimeout', 'context.WithDeadline', 'context.WithTimeoutCause', 'context.WithDeadlineCause']);
const ROOT_CONTEXTS: ReadonlySet<string> = new Set(['context.Background', 'context.TODO']);
const GO_DECLARATIONS = { rule: { any: [{ kind: 'short_var_declaration' }, { kind: 'assignment_statement' }, { kind: 'var_spec' }] } };
/** grpc-js client methods that are not RPCs. */
const JS_CLIENT_METHODS: ReadonlySet<string> = new Set(['close', 'getChannel', 'waitForReady', 'makeUnaryRequest', 'makeClientStreamRequest', 'makeServerStreamRequest', 'makeBidiStreamRequest', 'bind', 'on']);
/** grpcio multi-callable methods that make the same call as calling the method itself. */
const PYTHON_CALL_VARIANTS: ReadonlySet<string> = new Set(['future', 'with_call']);
/** Python parameter kinds that carry a type annotation (`stub: orders_pb2_grpc.OrdersStub`). */
const PYTHON_TYPED_PARAMETERS = ['typed_parameter', 'typed_default_parameter'];
/**
 * grpc-java factories of the stubs whose unary calls can be told from their shape: blocking and future
 * stubs. Async stubs (`newStub`) take a `StreamObserver` for unary and server-streaming calls alike.
 */
const JAVA_STUB_FACTORIES: ReadonlySet<string> = new Set(['newBlockingStub', 'newBlockingV2Stub', 'newFutureStub']);
/** Declared types of such stubs: `OrdersGrpc.OrdersBlockingStub`, `OrdersFutureStub`. */
const JAVA_STUB_TYPE = /\w(BlockingV2|Blocking|Future)Stub$/;
const JAVA_DEADLINE_METHODS: ReadonlySet<string> = new Set(['withDeadline', 'withDeadlineAfter']);
/** Methods every stub has that are no RPCs (`with*` copies of the stub are skipped by name). */
const JAVA_STUB_METHODS: ReadonlySet<string> = new Set(['getChannel', 'getCallOptions', 'toString', 'hashCode', 'equals', 'getClass']);
const JAVA_DECLARATIONS = ['field_declaration', 'local_variable_declaration', 'formal_parameter'];

/** How a file installs client interceptors: grpcio, grpc-java, grpc-go, grpc-js. */
const INTERCEPTOR_WORDS = ['intercept_channel', 'ClientInterceptor', 'WithUnaryInterceptor', 'WithChainUnaryInterceptor', 'interceptors:'];

/** The judgement of a context expression: no deadline anywhere on its path, one, or cannot tell. */
type Deadline = 'none' | 'set' | 'unknown';

export const grpcCallWithoutDeadline = defineRule({
  id: 'resilience/grpc-call-without-deadline',
  meta: {
    checklist: 'service.resilience',
    severity: 'medium',
    languages: ['js', 'python', 'go', 'java'],
    description:
      'A call on a generated gRPC client whose context has no deadline (`context.Background()`, `context.TODO()`, or a context derived from them without `WithTimeout`/`WithDeadline`), a `@grpc/grpc-js` call without a `deadline` option, a Python grpcio stub call without `timeout=`, or a grpc-java blocking/future stub call without `withDeadlineAfter`.',
    rationale:
      'gRPC calls have no deadline unless the caller sets one: a slow or stuck server holds the call, its goroutine or callback and the HTTP/2 stream until the connection dies. The caller\'s own request may have long been abandoned by then, and under load the waiting calls pile up. A context from the incoming request carries the caller\'s deadline; a fresh `context.Background()` carries none, so it needs `context.WithTimeout`. Python grpcio stubs likewise wait forever without a `timeout=` on the call, and grpc-java stubs without a `withDeadlineAfter` on the stub the call goes through. Files that install a client interceptor (which may set a default deadline) and streaming calls (whose deadline would cut the stream) are not judged.',
    messages: {
      goCallWithoutDeadline: {
        title: 'gRPC call `{call}` without a deadline',
        message: 'This call runs with `{context}`, which has no deadline, so a slow `{method}` blocks it forever. Bound it: `ctx, cancel := context.WithTimeout(ctx, 2*time.Second)` with `defer cancel()` (or pass the incoming request\'s context).',
      },
      jsCallWithoutDeadline: {
        title: 'gRPC call `{call}` without a deadline',
        message: '`@grpc/grpc-js` calls wait forever unless given a deadline. Pass call options with one: `client.{method}(request, metadata, { deadline: Date.now() + 2000 }, callback)`.',
      },
      pythonCallWithoutDeadline: {
        title: 'gRPC call `{call}` without a deadline',
        message: 'grpcio calls wait forever unless given a timeout, so a slow `{method}` holds this call and its thread or task. Pass one in seconds: `{receiver}.{method}(request, timeout=2.0)` (the same keyword works on `.future(…)` and `.with_call(…)`).',
      },
      javaCallWithoutDeadline: {
        title: 'gRPC call `{call}` without a deadline',
        message: 'grpc-java stubs wait forever unless given a deadline, so a slow `{method}` holds this call and its thread. Set one on the call: `{receiver}.withDeadlineAfter(2, TimeUnit.SECONDS).{method}(request)`.',
      },
    },
    options: z.object({}).strict(),
    examples: {
      go: {
        bad: 'package checkout\n\nimport (\n\t"context"\n\n\tpb "github.com/acme/shop/genproto"\n\t"google.golang.org/grpc"\n)\n\nfunc Quote(conn *grpc.ClientConn, req *pb.QuoteRequest) (*pb.QuoteResponse, error) {\n\tclient := pb.NewShippingServiceClient(conn)\n\treturn client.GetQuote(context.Background(), req)\n}\n',
        good: 'package checkout\n\nimport (\n\t"context"\n\t"time"\n\n\tpb "github.com/acme/shop/genproto"\n\t"google.golang.org/grpc"\n)\n\nfunc Quote(conn *grpc.ClientConn, req *pb.QuoteRequest) (*pb.QuoteResponse, error) {\n\tclient := pb.NewShippingServiceClient(conn)\n\tctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)\n\tdefer cancel()\n\treturn client.GetQuote(ctx, req)\n}\n',
      },
      js: {
        bad: "import * as grpc from '@grpc/grpc-js';\nimport { OrdersClient } from './gen/orders_grpc_pb';\n\nconst client = new OrdersClient('orders:50051', grpc.credentials.createInsecure());\n\nexport function getOrder(request, callback) {\n  client.getOrder(request, callback);\n}\n",
        good: "import * as grpc from '@grpc/grpc-js';\nimport { OrdersClient } from './gen/orders_grpc_pb';\n\nconst client = new OrdersClient('orders:50051', grpc.credentials.createInsecure());\n\nexport function getOrder(request, callback) {\n  client.getOrder(request, new grpc.Metadata(), { deadline: Date.now() + 2000 }, callback);\n}\n",
      },
      python: {
        bad: 'import grpc\n\nimport orders_pb2\nimport orders_pb2_grpc\n\n\nclass OrdersClient:\n    def __init__(self, channel: grpc.Channel):\n        self.stub = orders_pb2_grpc.OrdersStub(channel)\n\n    def get_order(self, order_id: str) -> orders_pb2.Order:\n        return self.stub.GetOrder(orders_pb2.GetOrderRequest(id=order_id))\n',
        good: 'import grpc\n\nimport orders_pb2\nimport orders_pb2_grpc\n\n\nclass OrdersClient:\n    def __init__(self, channel: grpc.Channel):\n        self.stub = orders_pb2_grpc.OrdersStub(channel)\n\n    def get_order(self, order_id: str) -> orders_pb2.Order:\n        return self.stub.GetOrder(orders_pb2.GetOrderRequest(id=order_id), timeout=2.0)\n',
      },
      java: {
        bad: 'package com.acme.checkout;\n\nimport com.acme.orders.v1.GetOrderRequest;\nimport com.acme.orders.v1.Order;\nimport com.acme.orders.v1.OrdersGrpc;\nimport io.grpc.Channel;\n\npublic class OrdersClient {\n  private final OrdersGrpc.OrdersBlockingStub stub;\n\n  public OrdersClient(Channel channel) {\n    this.stub = OrdersGrpc.newBlockingStub(channel);\n  }\n\n  public Order getOrder(String id) {\n    return stub.getOrder(GetOrderRequest.newBuilder().setId(id).build());\n  }\n}\n',
        good: 'package com.acme.checkout;\n\nimport com.acme.orders.v1.GetOrderRequest;\nimport com.acme.orders.v1.Order;\nimport com.acme.orders.v1.OrdersGrpc;\nimport io.grpc.Channel;\nimport java.util.concurrent.TimeUnit;\n\npublic class OrdersClient {\n  private final OrdersGrpc.OrdersBlockingStub stub;\n\n  public OrdersClient(Channel channel) {\n    this.stub = OrdersGrpc.newBlockingStub(channel);\n  }\n\n  public Order getOrder(String id) {\n    return stub.withDeadlineAfter(2, TimeUnit.SECONDS).getOrder(GetOrderRequest.newBuilder().setId(id).build());\n  }\n}\n',
      },
    },
  },
  plan(file) {
    // A client interceptor may give every call a default deadline (`details._replace(timeout=…)`,
    // `callOptions.withDeadlineAfter(…)`): where the file installs one, the calls cannot be judged.
    if (file.mentions(...INTERCEPTOR_WORDS)) return false;
    if (file.family === 'go') return mayCallGoGrpc(file) ? CALL_KINDS.go : false;
    if (file.family === 'js') return !isFrontendPath(file.path) && file.mentions('credentials') && file.importsAny(['@grpc/grpc-js', 'grpc']) ? CALL_KINDS.js : false;
    // Stubs come from protoc's `*_pb2_grpc` modules (Python) and `*Grpc` classes (Java): their names must be in the file.
    if (file.family === 'python') return file.mentions('_pb2_grpc') && file.mentions('Stub') ? [...CALL_KINDS.python, ...PYTHON_TYPED_PARAMETERS] : false;
    if (file.family === 'java') return file.mentions('BlockingStub', 'BlockingV2Stub', 'FutureStub') ? [...CALL_KINDS.java, ...JAVA_DECLARATIONS] : false;
    return false;
  },
  checkFile(context) {
    if (context.family === 'go') checkGo(context);
    else if (context.family === 'js') checkJs(context);
    else if (context.family === 'python') checkPython(context);
    else if (context.family === 'java') checkJava(context);
  },
});

/** A Go file that may call a gRPC client with a root context: both must be named in it. */
function mayCallGoGrpc(file: FileView): boolean {
  return file.mentions('Client') && file.mentionsMember('context', 'Background', 'TODO') && file.importsAny(['context']);
}

type GoContext = Parameters<NonNullable<typeof grpcCallWithoutDeadline.checkFile>>[0];

function checkGo(context: GoContext): void {
  const packages = generatedPackages(context);
  if (packages.size === 0) return;
  const clients = goClientNames(context, packages);
  const declarations = new Map<number, SgNode[]>();
  // Calls on a client's name, or on a client made inline (`pb.NewCurrencyServiceClient(conn).Convert(…)`).
  for (const { node: call } of context.callsMatching([...clients, 'Client'])) {
    const parts = callParts(call, 'go');
    const receiver = parts?.receiver;
    const first = parts?.args[0];
    if (!parts || !receiver || !first || STREAM_METHOD.test(parts.name) || /^New\w*Client$/.test(parts.name)) continue;
    const receiverText = receiver.text();
    if (kindOf(receiver) === 'call_expression' ? !isStubConstructor(receiver, packages) : !clients.has(receiverText.slice(receiverText.lastIndexOf('.') + 1)) || packages.has(receiverText)) continue;
    const span = lineSpanOf(call);
    if (!context.isAdded(span.line, span.endLine)) continue;
    if (goDeadline(first, call, declarations, 0) !== 'none') continue;
    context.report({ messageId: 'goCallWithoutDeadline', data: { call: `${receiverText}.${parts.name}`, context: first.text(), method: parts.name }, line: span.line, endLine: span.endLine });
  }
}

/** Local names of the imported packages that look generated by protoc (and are no known library), by alias. */
function generatedPackages(file: FileView): Set<string> {
  const names = new Set<string>();
  const grpc = file.importsAny(['google.golang.org/grpc']);
  for (const { node, kind } of topLevelStatements(file.root)) {
    if (kind !== 'import_declaration') continue;
    for (const spec of node.findAll({ rule: { kind: 'import_spec' } })) {
      const pathNode = spec.field('path');
      const path = pathNode ? literalText(pathNode, 'go') : undefined;
      if (!path || !path.includes('.') || !isStubPackage(path)) continue;
      if (!grpc && !GENERATED_PACKAGE.test(path)) continue;
      const alias = spec.field('name')?.text();
      if (alias === '_' || alias === '.') continue;
      names.add(alias ?? packageName(path));
    }
  }
  return names;
}

/** A package of the project or a stub package (`grpc/health/grpc_health_v1`), not a known client library (`go-redis`, `pgx`). */
function isStubPackage(path: string): boolean {
  for (const category of categoriesOf('go', [path])) if (category !== 'grpc') return false;
  return path !== 'google.golang.org/grpc';
}

function packageName(path: string): string {
  const segments = path.split('/');
  const last = segments[segments.length - 1]!;
  return (/^v\d+$/.test(last) && segments.length > 1 ? segments[segments.length - 2]! : last).replace(/[.-]/g, '');
}

/**
 * Names that hold generated gRPC clients: what `pb.NewOrdersClient(conn)` is stored in (a variable, a
 * field assigned or keyed in a literal), and fields, parameters and variables typed `pb.OrdersClient`.
 */
function goClientNames(file: FileView, packages: ReadonlySet<string>): Set<string> {
  const names = new Set<string>();
  for (const { node: call } of file.callsMatching(['Client'], (name) => /^New\w+Client$/.test(name))) {
    if (!isStubConstructor(call, packages)) continue;
    const name = goAssignedName(call);
    if (name) names.add(name);
  }
  const isClientType = (type: string | undefined) => {
    if (!type) return false;
    const bare = type.replace(/^[*[\]]+/, '');
    const dot = bare.indexOf('.');
    return dot > 0 && packages.has(bare.slice(0, dot)) && /^[A-Z]\w*Client$/.test(bare.slice(dot + 1));
  };
  // Declarations at the top level only (fields of the file's structs, parameters of its functions): no walk.
  for (const { node, kind } of topLevelStatements(file.root)) {
    if (kind === 'type_declaration' && node.text().includes('Client')) {
      for (const field of node.findAll({ rule: { kind: 'field_declaration' } })) {
        if (!isClientType(field.field('type')?.text())) continue;
        for (const name of field.children()) if (kindOf(name) === 'field_identifier') names.add(name.text());
      }
    } else if ((kind === 'function_declaration' || kind === 'method_declaration') && node.field('parameters')?.text().includes('Client')) {
      for (const declaration of node.field('parameters')!.children()) {
        if (kindOf(declaration) !== 'parameter_declaration' || !isClientType(declaration.field('type')?.text())) continue;
        for (const name of declaration.children()) if (kindOf(name) === 'identifier') names.add(name.text());
      }
    } else if (kind === 'var_declaration' && node.text().includes('Client')) {
      for (const spec of node.findAll({ rule: { kind: 'var_spec' } })) {
        if (!isClientType(spec.field('type')?.text())) continue;
        for (const name of spec.children()) if (kindOf(name) === 'identifier') names.add(name.text());
      }
    }
  }
  return names;
}

/** `pb.NewOrdersClient(conn)`: generated constructors take the connection only (`storage.NewClient(ctx)` and friends are no stubs). */
function isStubConstructor(call: SgNode, packages: ReadonlySet<string>): boolean {
  const parts = callParts(call, 'go');
  return parts !== undefined && /^New\w+Client$/.test(parts.name) && parts.receiver !== undefined && packages.has(parts.receiver.text()) && parts.args.length === 1;
}

/** `c := pb.NewXClient(conn)`, `s.orders = …`, `&Server{orders: …}`, `var c = …`: the name the result is kept in. */
function goAssignedName(call: SgNode): string | undefined {
  let parent = call.parent();
  if (parent && kindOf(parent) === 'expression_list') parent = parent.parent();
  if (!parent) return undefined;
  const kind = kindOf(parent);
  if (kind === 'short_var_declaration' || kind === 'assignment_statement') {
    const left = parent.field('left');
    const first = left && kindOf(left) === 'expression_list' ? left.child(0) : left;
    const text = first?.text();
    return text ? text.slice(text.lastIndexOf('.') + 1) : undefined;
  }
  if (kind === 'var_spec') return parent.field('name')?.text();
  // `&Server{orders: pb.NewOrdersClient(conn)}`: the value sits in a `literal_element` of a `keyed_element`.
  if (kind === 'literal_element') {
    const keyed = parent.parent();
    if (keyed && kindOf(keyed) === 'keyed_element') return keyed.child(0)?.text();
  }
  return undefined;
}

/**
 * Whether a context expression has a deadline on its path. A parameter is the caller's (`set`: its
 * deadline, if any, is the caller's to choose); `context.Background()` / `TODO()` have none; a context
 * derived from another (`WithValue`, `WithCancel`, `metadata.NewOutgoingContext`, a tracer's `Start`)
 * has what its first argument has, unless the call sets a deadline. Anything else cannot be told.
 */
function goDeadline(expression: SgNode, at: SgNode, declarations: Map<number, SgNode[]>, depth: number): Deadline {
  if (depth > 6) return 'unknown';
  const kind = kindOf(expression);
  if (kind === 'parenthesized_expression') {
    const inner = expression.child(1);
    return inner ? goDeadline(inner, at, declarations, depth + 1) : 'unknown';
  }
  if (kind === 'call_expression') {
    const callee = expression.field('function')?.text() ?? '';
    if (ROOT_CONTEXTS.has(callee)) return 'none';
    if (DEADLINE_CALLS.has(callee)) return 'set';
    const first = callParts(expression, 'go')?.args[0];
    // `r.Context()`, `c.Request.Context()`, `newContext()`: the request's context or something unknown.
    return first ? goDeadline(first, at, declarations, depth + 1) : 'unknown';
  }
  if (kind !== 'identifier') return 'unknown';
  const name = expression.text();
  for (let scope = enclosingGoFunction(at); scope; scope = enclosingGoFunction(scope)) {
    if (isParameter(scope, name)) return 'set';
    const before = at.range().start.index;
    const values: SgNode[] = [];
    for (const declaration of declarationsIn(scope, declarations)) {
      if (declaration.range().start.index >= before) break;
      const value = assignedValue(declaration, name);
      if (value) values.push(value);
    }
    if (values.length === 0) continue;
    const judged = values.map((value) => goDeadline(value, value, declarations, depth + 1));
    // Any deadline on the way counts (the flow between assignments is not followed).
    if (judged.includes('set')) return 'set';
    return judged.every((judgement) => judgement === 'none') ? 'none' : 'unknown';
  }
  return 'unknown';
}

function enclosingGoFunction(node: SgNode): SgNode | undefined {
  for (let parent = node.parent(); parent; parent = parent.parent()) if (FUNCTION_KINDS.go.has(kindOf(parent))) return parent;
  return undefined;
}

function isParameter(fn: SgNode, name: string): boolean {
  for (const list of [fn.field('parameters'), fn.field('receiver')]) {
    for (const declaration of list?.children() ?? []) {
      if (kindOf(declaration) !== 'parameter_declaration') continue;
      for (const child of declaration.children()) if (kindOf(child) === 'identifier' && child.text() === name) return true;
    }
  }
  return false;
}

/** The declarations and assignments of a function, in document order (searched once per function, for candidates only). */
function declarationsIn(fn: SgNode, cache: Map<number, SgNode[]>): SgNode[] {
  const id = fn.id();
  let found = cache.get(id);
  if (!found) cache.set(id, (found = fn.findAll(GO_DECLARATIONS)));
  return found;
}

/** The value a declaration gives `name`: `ctx := …`, `ctx, cancel := context.WithTimeout(…)` (the call), `var ctx = …`. */
function assignedValue(declaration: SgNode, name: string): SgNode | undefined {
  const isSpec = kindOf(declaration) === 'var_spec';
  const left = isSpec ? declaration : declaration.field('left');
  const right = declaration.field(isSpec ? 'value' : 'right');
  if (!left || !right) return undefined;
  const names = isSpec ? declaration.children().filter((child) => kindOf(child) === 'identifier') : kindOf(left) === 'expression_list' ? left.children().filter((child) => child.isNamed()) : [left];
  const at = names.findIndex((node) => node.text() === name);
  if (at === -1) return undefined;
  const values = kindOf(right) === 'expression_list' ? right.children().filter((child) => child.isNamed()) : [right];
  // One call giving several results (`ctx, cancel := context.WithTimeout(…)`) gives the context first.
  return values.length === names.length ? values[at] : values[0];
}

type JsContext = GoContext;

/**
 * `@grpc/grpc-js` clients made in the file (`new OrdersClient(address, credentials)`, `new
 * proto.orders.Orders(…)`), and calls on them with no `deadline` among their arguments. A call with an
 * options variable (`client.getOrder(req, metadata, options, cb)`) may carry one: only a request and
 * a callback (or a literal without `deadline`) are judged.
 */
function checkJs(context: JsContext): void {
  const clients = new Set<string>();
  for (const { node: call, kind } of context.callsMatching(['credentials'])) {
    if (kind !== 'new_expression') continue;
    const parts = callParts(call, 'js');
    if (!parts || parts.args.length < 2 || !parts.args[1]!.text().includes('credentials')) continue;
    const name = assignedName(call, 'js');
    if (name) clients.add(name.slice(name.lastIndexOf('.') + 1));
  }
  if (clients.size === 0) return;
  for (const { node: call, kind } of context.callsMatching([...clients])) {
    if (kind !== 'call_expression') continue;
    const parts = callParts(call, 'js');
    const receiver = parts?.receiver?.text();
    if (!parts || !receiver || JS_CLIENT_METHODS.has(parts.name) || STREAM_METHOD.test(parts.name.replace(/^./, (c) => c.toUpperCase()))) continue;
    if (!clients.has(receiver.slice(receiver.lastIndexOf('.') + 1))) continue;
    const args = parts.args;
    const last = args[args.length - 1];
    if (args.length < 2 || args.length > 3 || !last || !['arrow_function', 'function_expression', 'function', 'identifier'].includes(kindOf(last))) continue;
    if (call.text().includes('deadline')) continue;
    // (request, callback) or (request, metadata, callback): no options; (request, options, callback) with a literal without deadline.
    if (args.length === 3 && kindOf(args[1]!) !== 'new_expression' && kindOf(args[1]!) !== 'object') continue;
    const span = lineSpanOf(call);
    if (context.isAdded(span.line, span.endLine)) context.report({ messageId: 'jsCallWithoutDeadline', data: { call: `${receiver}.${parts.name}`, method: parts.name }, line: span.line, endLine: span.endLine });
  }
}

type PythonContext = GoContext;

/** What a Python file imports from protoc's `*_pb2_grpc` modules: names bound to such modules, and stub classes. */
interface PythonGenerated {
  modules: Set<string>;
  classes: Set<string>;
}

/**
 * grpcio stubs of the file: what `orders_pb2_grpc.OrdersStub(channel)` (or `OrdersStub(channel)` imported
 * from such a module) is stored in (`stub = …`, `self.stub = …` in `__init__`), and parameters typed as
 * one. Calls of their methods (`stub.GetOrder(req)`, `.future(req)`, `.with_call(req)`) with no
 * `timeout` are reported; grpc.aio stubs are made and called the same way.
 */
function checkPython(context: PythonContext): void {
  const generated = pythonGenerated(context);
  const stubs = new Set<string>();
  for (const { node: call } of context.callsMatching(['Stub'], (name) => name.endsWith('Stub'))) {
    if (!isPythonStubConstructor(call, generated) || onProjectChannel(call)) continue;
    const name = assignedName(call, 'python');
    if (name) stubs.add(name);
  }
  for (const parameter of context.nodesOf(PYTHON_TYPED_PARAMETERS)) {
    const type = parameter.field('type');
    const name = parameter.child(0);
    if (type && name && kindOf(name) === 'identifier' && type.text().includes('Stub') && isPythonStubType(type, generated)) stubs.add(name.text());
  }
  for (const { node: call } of context.callsMatching([...[...stubs].map(lastSegment), 'Stub'])) {
    const parts = callParts(call, 'python');
    let receiver = parts?.receiver;
    if (!parts || !receiver) continue;
    let method = parts.name;
    // `stub.GetOrder.future(req)` / `.with_call(req)`: the RPC is the receiver's last name.
    if (PYTHON_CALL_VARIANTS.has(method) && kindOf(receiver) === 'attribute') {
      method = receiver.field('attribute')?.text() ?? '';
      receiver = receiver.field('object') ?? undefined;
      if (!receiver) continue;
    }
    if (STREAM_METHOD.test(method) || !isPythonStub(receiver, stubs, generated) || isIteratedInPython(call)) continue;
    const args = parts.args;
    // The timeout may also come positionally (second argument) or inside `*args` / `**kwargs`: not judged.
    if (keywordArgument(args, 'timeout') || args.some((arg) => kindOf(arg) === 'dictionary_splat' || kindOf(arg) === 'list_splat')) continue;
    if (args.filter((arg) => kindOf(arg) !== 'keyword_argument').length > 1) continue;
    const span = lineSpanOf(call);
    if (!context.isAdded(span.line, span.endLine)) continue;
    const receiverText = receiver.text();
    context.report({ messageId: 'pythonCallWithoutDeadline', data: { call: `${receiverText}.${method}`, receiver: receiverText, method }, line: span.line, endLine: span.endLine });
  }
}

/**
 * A stub made on a channel a project function returns (`OrdersStub(internal_channel(target, timeout=2.0))`):
 * such helpers exist to add interceptors and options, a default deadline among them, so its calls
 * cannot be judged. Channels grpc makes here (`grpc.insecure_channel(…)`), names and parameters are read.
 */
function onProjectChannel(stubCall: SgNode): boolean {
  const channel = callParts(stubCall, 'python')?.args[0];
  if (!channel || kindOf(channel) !== 'call') return false;
  const parts = callParts(channel, 'python');
  const receiver = parts ? receiverNames(parts.receiver, 'python') : [];
  return !!parts && receiver[0] !== 'grpc';
}

/**
 * A server-streaming call, known by its use: iterated where it is made (`for feature in
 * stub.ListFeatures(rect)`, `async for`, a comprehension) or stored in a name the function then
 * iterates. Its call lives as long as the stream, so a deadline would cut the stream short.
 */
function isIteratedInPython(call: SgNode): boolean {
  const parent = call.parent();
  if (!parent) return false;
  const parentKind = kindOf(parent);
  if (parentKind === 'for_statement' || parentKind === 'for_in_clause') return parent.field('right')?.id() === call.id();
  if (parentKind !== 'assignment' || parent.field('right')?.id() !== call.id()) return false;
  const name = parent.field('left');
  const scope = enclosingFunction(call, 'python');
  if (!name || kindOf(name) !== 'identifier' || !scope) return false;
  const stored = name.text();
  return scope.findAll({ rule: { any: [{ kind: 'for_statement' }, { kind: 'for_in_clause' }] } }).some((loop) => loop.field('right')?.text() === stored);
}

/**
 * `import orders_pb2_grpc`, `import gen.orders_pb2_grpc as orders_grpc`, `from gen import orders_pb2_grpc`
 * bind modules; `from gen.orders_pb2_grpc import OrdersStub` binds a class (top-level imports only).
 */
function pythonGenerated(file: FileView): PythonGenerated {
  const generated: PythonGenerated = { modules: new Set(), classes: new Set() };
  const bound = (name: SgNode): { imported: string; local: string } => {
    if (kindOf(name) !== 'aliased_import') return { imported: name.text(), local: lastSegment(name.text()) };
    const imported = name.field('name')?.text() ?? '';
    return { imported, local: name.field('alias')?.text() ?? lastSegment(imported) };
  };
  for (const { node, kind } of topLevelStatements(file.root)) {
    if (kind === 'import_statement') {
      for (const name of node.fieldChildren('name')) {
        const { imported, local } = bound(name);
        // `import a.orders_pb2_grpc` is used as `a.orders_pb2_grpc.OrdersStub`: its last name says it.
        if (imported.endsWith('_pb2_grpc')) generated.modules.add(local);
      }
    } else if (kind === 'import_from_statement') {
      const fromGenerated = node.field('module_name')?.text().endsWith('_pb2_grpc') ?? false;
      for (const name of node.fieldChildren('name')) {
        const { imported, local } = bound(name);
        if (fromGenerated) generated.classes.add(local);
        else if (imported.endsWith('_pb2_grpc')) generated.modules.add(local);
      }
    }
  }
  return generated;
}

/** `orders_pb2_grpc.OrdersStub(channel)`, `OrdersStub(channel)` imported from a generated module. */
function isPythonStubConstructor(call: SgNode, generated: PythonGenerated): boolean {
  const parts = callParts(call, 'python');
  if (!parts || !parts.name.endsWith('Stub') || parts.args.length !== 1) return false;
  return parts.receiver ? isGeneratedModule(parts.receiver, generated) : generated.classes.has(parts.name);
}

/** The annotation `orders_pb2_grpc.OrdersStub` or `OrdersStub` (imported from a generated module). */
function isPythonStubType(type: SgNode, generated: PythonGenerated): boolean {
  const expression = type.child(0);
  if (!expression) return false;
  const kind = kindOf(expression);
  if (kind === 'identifier') return generated.classes.has(expression.text());
  if (kind !== 'attribute') return false;
  const object = expression.field('object');
  return (expression.field('attribute')?.text().endsWith('Stub') ?? false) && object !== null && isGeneratedModule(object, generated);
}

function isGeneratedModule(node: SgNode, generated: PythonGenerated): boolean {
  const names = receiverNames(node, 'python');
  const last = names[names.length - 1];
  return last !== undefined && (last.endsWith('_pb2_grpc') || (names.length === 1 && generated.modules.has(last)));
}

/** A stub's name (`stub`, `self._orders`: as assigned) or a stub made inline. */
function isPythonStub(receiver: SgNode, stubs: ReadonlySet<string>, generated: PythonGenerated): boolean {
  if (kindOf(receiver) === 'call') return isPythonStubConstructor(receiver, generated);
  // The whole chain: `self.orders` holding a stub says nothing of a local list `orders`.
  const names = receiverNames(receiver, 'python');
  return names.length > 0 && stubs.has(names.join('.'));
}

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

type JavaContext = GoContext;

/**
 * grpc-java blocking and future stubs of the file: what `OrdersGrpc.newBlockingStub(channel)` is stored
 * in, and fields, variables and parameters typed `OrdersGrpc.OrdersBlockingStub` (constructor-injected,
 * Spring `@GrpcClient`). A call on one is reported when neither its receiver chain nor the stub's
 * creation has `withDeadlineAfter` / `withDeadline`.
 */
function checkJava(context: JavaContext): void {
  const stubs = new Map<string, Deadline>();
  // A deadline in any assignment of a name counts (the flow between assignments is not followed).
  const mark = (name: string, deadline: Deadline) => {
    if (stubs.get(name) !== 'set') stubs.set(name, deadline);
  };
  // Stubs made in the file, and stubs copied with a deadline (`this.stub = stub.withDeadlineAfter(…)`).
  for (const { node: call, kind } of context.callsMatching(['Stub', 'withDeadline'], (name) => JAVA_STUB_FACTORIES.has(name) || JAVA_DEADLINE_METHODS.has(name))) {
    if (kind !== 'method_invocation') continue;
    const factory = !JAVA_DEADLINE_METHODS.has(callParts(call, 'java')?.name ?? '');
    if (factory && !isJavaStubFactory(call)) continue;
    const { top, deadline } = javaStubChain(call);
    const name = javaAssignedName(top);
    if (name) mark(name, deadline || !factory ? 'set' : 'none');
  }
  // Locals and parameters of other types may reuse a stub's name (`List<Order> orders`): they hide it in their method.
  const others: Array<{ name: string; declaration: SgNode }> = [];
  const declarations = context.nodesWithKinds(JAVA_DECLARATIONS);
  declarations.nodes.forEach((declaration, i) => {
    const kind = declarations.kinds[i];
    const type = declaration.field('type')?.text();
    if (!type) return;
    const isStub = JAVA_STUB_TYPE.test(type);
    const declarators = kind === 'formal_parameter' ? [declaration] : declaration.children().filter((child) => kindOf(child) === 'variable_declarator');
    for (const declarator of declarators) {
      const name = declarator.field('name')?.text();
      if (!name) continue;
      // `var stub = OrdersGrpc.newBlockingStub(channel)`, `var copy = stub.withCallCredentials(…)`: a stub all the same.
      const value = type === 'var' ? declarator.field('value') : null;
      const copied = value ? javaReceiverDeadline(value, stubs) : 'unknown';
      if (isStub) mark(name, 'none');
      else if (copied !== 'unknown') mark(name, copied);
      else if (kind !== 'field_declaration') others.push({ name, declaration });
    }
  });
  const hidden = hiddenStubs(others, stubs);
  for (const { node: call, kind } of context.callsMatching([...stubs.keys(), 'Stub'])) {
    if (kind !== 'method_invocation') continue;
    const parts = callParts(call, 'java');
    const receiver = parts?.receiver;
    if (!parts || !receiver || isJavaStubCopy(parts.name) || JAVA_STUB_METHODS.has(parts.name) || JAVA_STUB_FACTORIES.has(parts.name)) continue;
    if (STREAM_METHOD.test(parts.name.replace(/^./, (c) => c.toUpperCase())) || isJavaStreamRead(call) || javaReceiverDeadline(receiver, stubs) !== 'none') continue;
    const range = call.range();
    const at = range.start.index;
    if (kindOf(receiver) === 'identifier' && hidden.get(receiver.text())?.some((scope) => scope.start <= at && at < scope.end)) continue;
    const span = { line: range.start.line + 1, endLine: range.end.line + 1 };
    if (!context.isAdded(span.line, span.endLine)) continue;
    const receiverText = receiver.text();
    context.report({ messageId: 'javaCallWithoutDeadline', data: { call: `${receiverText}.${parts.name}`, receiver: receiverText, method: parts.name }, line: span.line, endLine: span.endLine });
  }
}

/**
 * A server-streaming call on a blocking stub, known by its use: the `Iterator` it returns is stored.
 * Its call lives as long as the stream, so a deadline would cut it short.
 */
function isJavaStreamRead(call: SgNode): boolean {
  const parent = call.parent();
  if (!parent || kindOf(parent) !== 'variable_declarator') return false;
  const type = parent.parent()?.field('type')?.text() ?? '';
  return type === 'Iterator' || type.startsWith('Iterator<');
}

/** Byte spans of the methods (and lambdas) where a stub's name is declared as something else, by name. */
function hiddenStubs(others: ReadonlyArray<{ name: string; declaration: SgNode }>, stubs: ReadonlyMap<string, Deadline>): Map<string, Array<{ start: number; end: number }>> {
  const hidden = new Map<string, Array<{ start: number; end: number }>>();
  for (const { name, declaration } of others) {
    if (!stubs.has(name)) continue;
    const scope = enclosingFunction(declaration, 'java');
    if (!scope) continue;
    const range = scope.range();
    const spans = hidden.get(name) ?? [];
    spans.push({ start: range.start.index, end: range.end.index });
    hidden.set(name, spans);
  }
  return hidden;
}

/** `OrdersGrpc.newBlockingStub(channel)`, or `newBlockingStub(channel)` imported statically. */
function isJavaStubFactory(call: SgNode): boolean {
  const parts = callParts(call, 'java');
  if (!parts || !JAVA_STUB_FACTORIES.has(parts.name) || parts.args.length !== 1) return false;
  return !parts.receiver || lastSegment(parts.receiver.text()).endsWith('Grpc');
}

/** `withCallCredentials`, `withInterceptors`, `withDeadlineAfter`…: they return a copy of the stub. */
function isJavaStubCopy(name: string): boolean {
  return /^with[A-Z]/.test(name);
}

/** The outermost `with*` copy made of a stub (`newBlockingStub(ch).withDeadlineAfter(…)`), and whether one sets a deadline. */
function javaStubChain(start: SgNode): { top: SgNode; deadline: boolean } {
  let top = start;
  let deadline = false;
  for (let parent = top.parent(); parent && kindOf(parent) === 'method_invocation'; parent = top.parent()) {
    const name = parent.field('name')?.text() ?? '';
    if (!isJavaStubCopy(name) || parent.field('object')?.id() !== top.id()) break;
    deadline ||= JAVA_DEADLINE_METHODS.has(name);
    top = parent;
  }
  return { top, deadline };
}

/** `stub = …`, `this.stub = …`, `OrdersBlockingStub stub = …` (a field's or a variable's): the name kept. */
function javaAssignedName(value: SgNode): string | undefined {
  let parent = value.parent();
  while (parent && kindOf(parent) === 'parenthesized_expression') parent = parent.parent();
  if (!parent) return undefined;
  const kind = kindOf(parent);
  if (kind === 'variable_declarator') return parent.field('name')?.text();
  if (kind !== 'assignment_expression') return undefined;
  const left = parent.field('left');
  if (!left) return undefined;
  if (kindOf(left) === 'identifier') return left.text();
  return kindOf(left) === 'field_access' ? left.field('field')?.text() : undefined;
}

/**
 * The deadline of the stub a call goes through: `set` when its chain has `withDeadlineAfter` /
 * `withDeadline` or the stub was made with one, `none` for a known stub without, `unknown` otherwise
 * (a method returning a stub, an object the file does not make).
 */
function javaReceiverDeadline(receiver: SgNode, stubs: ReadonlyMap<string, Deadline>): Deadline {
  let node: SgNode | null = receiver;
  for (let depth = 0; node && depth < 8; depth++) {
    const kind = kindOf(node);
    if (kind === 'parenthesized_expression') {
      node = node.namedChildren()[0] ?? null;
      continue;
    }
    if (kind === 'identifier') return stubs.get(node.text()) ?? 'unknown';
    if (kind === 'field_access') return stubs.get(node.field('field')?.text() ?? '') ?? 'unknown';
    if (kind !== 'method_invocation') return 'unknown';
    const name = node.field('name')?.text() ?? '';
    if (JAVA_DEADLINE_METHODS.has(name)) return 'set';
    if (JAVA_STUB_FACTORIES.has(name)) return isJavaStubFactory(node) ? 'none' : 'unknown';
    if (!isJavaStubCopy(name)) return 'unknown';
    node = node.field('object');
  }
  return 'unknown';
}
