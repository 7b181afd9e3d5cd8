import type { SgNode } from '@ast-grep/napi';
import { z } from 'zod';
import { categoriesOf } from '../services/library-catalog.js';
import { topLevelStatements } from '../source/top-level.js';
import { literalText } from './support/string-literal.js';
import { defineRule, type FileView } from './types.js';
import { CALL_KINDS, callParts } from './support/call-parts.js';
import { assignedName } from './support/assigned-name.js';
import { FUNCTION_KINDS } from './support/enclosing-function.js';
import { kindOf } from './support/kind-of.js';
import { lineSpanOf } from './support/line-span.js';
import { isFrontendPath } from './support/path-kind.js';

type MessageId = 'goCallWithoutDeadline' | 'jsCallWithoutDeadline';

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

/** The judgement of a context expression: no deadline anywhere on its path, one, or cannot tell. */
type Deadline = 'none' | 'set' | 'unknown';

export const grpcCallWithoutDeadline = defineRule({
  id: 'resilience/grpc-call-without-deadline',
  meta: {
    checklist: 'service.resilience',
    severity: 'medium',
    languages: ['js', 'go'],
    description: 'A call on a generated gRPC client whose context has no deadline (`context.Background()`, `context.TODO()`, or a context derived from them without `WithTimeout`/`WithDeadline`), or a `@grpc/grpc-js` call without a `deadline` option.',
    rationale:
      'gRPC calls have no deadline unless the caller sets one: a slow or stuck server holds the call, its goroutine or callback and the HTTP/2 stream until the connection dies. The caller\'s own request may have long been abandoned by then, and under load the waiting calls pile up. A context from the incoming request carries the caller\'s deadline; a fresh `context.Background()` carries none, so it needs `context.WithTimeout`.',
    messages: {
      goCallWithoutDeadline: {
        title: 'gRPC call `{call}` without a deadline',
        message: 'This call runs with `{context}`, which has no deadline, so a slow `{method}` blocks it forever. Bound it: `ctx, cancel := context.WithTimeout(ctx, 2*time.Second)` with `defer cancel()` (or pass the incoming request\'s context).',
      },
      jsCallWithoutDeadline: {
        title: 'gRPC call `{call}` without a deadline',
        message: '`@grpc/grpc-js` calls wait forever unless given a deadline. Pass call options with one: `client.{method}(request, metadata, { deadline: Date.now() + 2000 }, callback)`.',
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
    },
  },
  plan(file) {
    if (file.family === 'go') return mayCallGoGrpc(file) ? CALL_KINDS.go : false;
    if (file.family === 'js') return !isFrontendPath(file.path) && file.mentions('credentials') && file.importsAny(['@grpc/grpc-js', 'grpc']) ? CALL_KINDS.js : false;
    return false;
  },
  checkFile(context) {
    if (context.family === 'go') checkGo(context);
    else if (context.family === 'js') checkJs(context);
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
