import type { SgNode } from '@ast-grep/napi';
import { z } from 'zod';
import { lineOf } from '../source/language.js';
import { defineRule, type FileView, type RuleLanguage } from './types.js';
import { callParts, memberParts } from './support/call-parts.js';
import { enclosingHandler, type HandlerInfo } from './support/find-handlers.js';
import { kindOf } from './support/kind-of.js';
import { isFrontendPath, isNonServicePath } from './support/path-kind.js';

/**
 * Level methods of loggers, per family. Plain prints (`console.log`, `print`, `fmt.Println`,
 * `log.Printf`) are not here: `logging/unstructured-log` reports them, one finding per line is enough.
 */
const LEVELS: Record<RuleLanguage, ReadonlySet<string>> = {
  js: new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'log', 'verbose']),
  python: new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'log', 'msg']),
  go: new Set(['Debug', 'Info', 'Warn', 'Error', 'Debugf', 'Infof', 'Warnf', 'Errorf', 'Debugw', 'Infow', 'Warnw', 'Errorw', 'DebugContext', 'InfoContext', 'WarnContext', 'ErrorContext', 'Msg', 'Msgf', 'Send']),
  java: new Set(['trace', 'debug', 'info', 'warn', 'error', 'log']),
};

/** Names a logger goes by (lower-cased, leading underscores dropped); `…logger` names count too. */
const LOGGER_NAMES = new Set(['log', 'logger', 'logging', 'slog', 'zlog', 'hlog', 'zap', 'zerolog', 'logrus', 'structlog', 'loguru', 'glog', 'klog']);

/** Calls that hand back the logger a middleware attached to the request's context (zerolog, zap, hlog, own helpers). */
const CONTEXT_LOGGER_CALLS = new Set(['FromContext', 'FromRequest', 'Ctx', 'FromCtx', 'LoggerFromContext', 'LoggerFromCtx', 'Extract']);

/** Parts of a normalised name (lower case, letters and digits only) that say "the request's id". */
const ID_WORDS = ['requestid', 'reqid', 'correlationid', 'traceid'];

/** The conventional parameter names of request objects, besides those a handler declares. */
const REQUEST_NAMES = ['req', 'request', 'ctx'];

/** Nodes of a log call whose text can name the id: names, object keys, keyword names, string contents, member reads. */
const TOKEN_KINDS: Record<RuleLanguage, readonly string[]> = {
  js: ['identifier', 'property_identifier', 'shorthand_property_identifier', 'string_fragment', 'member_expression'],
  python: ['identifier', 'string_content', 'attribute'],
  go: ['identifier', 'field_identifier', 'interpreted_string_literal_content', 'raw_string_literal_content'],
  java: ['identifier', 'string_fragment'],
};

/** Declarations that bind a local logger inside a handler (`const log = req.log.child(…)`, `log := hlog.FromRequest(r)`). */
const BINDING_KINDS: Record<RuleLanguage, readonly string[]> = {
  js: ['variable_declarator', 'assignment_expression'],
  python: ['assignment'],
  go: ['short_var_declaration', 'assignment_statement', 'var_spec'],
  java: ['variable_declarator'],
};

/** How many other handlers of the service must log before their habit is a convention. */
const MIN_SIBLINGS = 2;
/** Share of those handlers that must log with the request's id (one old, sloppy handler does not void it). */
const MIN_SHARE = 0.8;

/** A handler of a file and its log calls: `[line, carries the request id]`. */
interface HandlerLogs {
  start: number;
  logs: Array<[number, boolean]>;
}

interface LoggingFacts {
  handlers: HandlerLogs[];
  /** The service puts the id into every log line itself (Java MDC, structlog context variables). */
  serviceWide?: true;
}

export const logWithoutRequestId = defineRule({
  id: 'logging/log-without-request-id',
  meta: {
    checklist: 'service.logging',
    severity: 'low',
    languages: ['js', 'python', 'go', 'java'],
    description: 'A log call in a request handler without the request or correlation id, in a service whose other handlers log with it (request-scoped logger or an id field).',
    rationale:
      'When a request fails, the request id is what joins its log lines across the handler, the services it called and the load balancer. A service whose handlers log through the request-scoped logger (`req.log`, a logger from the request context) or with a `requestId` field has made that promise; a new line through the global logger breaks it silently, and the line cannot be found when it matters. The rule judges by the service\'s own handlers (at least two that log, 80 % of them with the id) and stays quiet where the id is added to every line for the whole service (Java MDC filter, structlog context variables).',
    messages: {
      missingRequestId: {
        title: 'Log line without the request id, unlike the rest of the service',
        message: 'This log line in a request handler cannot be tied to the request that produced it: the other handlers of this service log with the request id ({carrier}). Use the request-scoped logger or add the id to the fields.',
      },
    },
    options: z.object({}).strict(),
    examples: {
      js: {
        bad: "router.post('/refunds', async (req, res) => {\n  logger.info({ orderId: req.body.orderId }, 'refund requested');\n  res.status(202).end();\n});\n",
        good: "router.post('/refunds', async (req, res) => {\n  req.log.info({ orderId: req.body.orderId }, 'refund requested');\n  res.status(202).end();\n});\n",
        files: {
          'src/routes/orders.ts':
            "router.get('/orders/:id', async (req, res) => {\n  req.log.info({ orderId: req.params.id }, 'loading order');\n  res.json(await orders.find(req.params.id));\n});\n\nrouter.post('/orders', async (req, res) => {\n  req.log.info('creating order');\n  res.status(201).json(await orders.create(req.body));\n});\n",
        },
      },
      python: {
        bad: '@router.post("/refunds")\nasync def request_refund(body: RefundIn, request: Request):\n    logger.info("refund requested", extra={"order_id": body.order_id})\n    return await refunds.create(body)\n',
        good: '@router.post("/refunds")\nasync def request_refund(body: RefundIn, request: Request):\n    logger.info("refund requested", extra={"order_id": body.order_id, "request_id": request.state.request_id})\n    return await refunds.create(body)\n',
        files: {
          'app/orders.py':
            '@router.get("/orders/{order_id}")\nasync def get_order(order_id: int, request: Request):\n    logger.info("loading order", extra={"request_id": request.state.request_id})\n    return await orders.find(order_id)\n\n\n@router.post("/orders")\nasync def create_order(body: OrderIn, request: Request):\n    logger.info("creating order", extra={"request_id": request.state.request_id})\n    return await orders.create(body)\n',
        },
      },
      go: {
        bad: 'package server\n\nfunc (s *Server) refund(w http.ResponseWriter, r *http.Request) {\n\ts.logger.Info("refund requested")\n\tw.WriteHeader(http.StatusAccepted)\n}\n',
        good: 'package server\n\nfunc (s *Server) refund(w http.ResponseWriter, r *http.Request) {\n\tlog := logging.FromContext(r.Context())\n\tlog.Info("refund requested")\n\tw.WriteHeader(http.StatusAccepted)\n}\n',
        files: {
          'internal/server/orders.go':
            'package server\n\nfunc (s *Server) getOrder(w http.ResponseWriter, r *http.Request) {\n\ts.logger.Info("loading order", "request_id", middleware.GetReqID(r.Context()))\n\twriteJSON(w, s.orders.Find(r.PathValue("id")))\n}\n\nfunc (s *Server) createOrder(w http.ResponseWriter, r *http.Request) {\n\ts.logger.Info("creating order", "request_id", middleware.GetReqID(r.Context()))\n\tw.WriteHeader(http.StatusCreated)\n}\n',
        },
      },
      java: {
        bad: 'class RefundController {\n  @PostMapping("/refunds")\n  ResponseEntity<Void> refund(@RequestHeader("X-Request-Id") String requestId, @RequestBody RefundIn body) {\n    log.info("refund requested for order {}", body.orderId());\n    return ResponseEntity.accepted().build();\n  }\n}\n',
        good: 'class RefundController {\n  @PostMapping("/refunds")\n  ResponseEntity<Void> refund(@RequestHeader("X-Request-Id") String requestId, @RequestBody RefundIn body) {\n    log.info("refund requested for order {} requestId={}", body.orderId(), requestId);\n    return ResponseEntity.accepted().build();\n  }\n}\n',
        files: {
          'src/main/java/com/example/api/OrderController.java':
            'class OrderController {\n  @GetMapping("/orders/{id}")\n  Order get(@RequestHeader("X-Request-Id") String requestId, @PathVariable long id) {\n    log.info("loading order {} requestId={}", id, requestId);\n    return orders.find(id);\n  }\n\n  @PostMapping("/orders")\n  Order create(@RequestHeader("X-Request-Id") String requestId, @RequestBody OrderIn body) {\n    log.info("creating order requestId={}", requestId);\n    return orders.create(body);\n  }\n}\n',
        },
      },
    },
  },
  collect(file): LoggingFacts | undefined {
    // A filter or middleware that adds the id may live anywhere (even under a `web/` package).
    const serviceWide = addsIdServiceWide(file);
    const judged = !isNonServicePath(file.path) && !isFrontendPath(file.path) && mayLog(file);
    const handlers = judged ? handlerLogs(file) : [];
    if (!serviceWide && handlers.length === 0) return undefined;
    return serviceWide ? { handlers, serviceWide } : { handlers };
  },
  checkProject(context) {
    const byService = new Map<string, Array<{ path: string; handler: HandlerLogs }>>();
    const serviceWide = new Set<string>();
    for (const { path, facts } of context.collected) {
      const root = context.serviceRootOf(path);
      if (facts.serviceWide) serviceWide.add(root);
      let list = byService.get(root);
      if (!list) byService.set(root, (list = []));
      for (const handler of facts.handlers) list.push({ path, handler });
    }
    for (const [path, lines] of context.changedLines) {
      const root = context.serviceRootOf(path);
      if (serviceWide.has(root)) continue;
      const handlers = byService.get(root) ?? [];
      for (const entry of handlers) {
        if (entry.path !== path) continue;
        const first = entry.handler.logs.find(([line, withId]) => !withId && lines.has(line));
        if (!first) continue;
        const carrier = conventionOf(entry, handlers, context.isAdded);
        if (carrier) context.report({ path, messageId: 'missingRequestId', data: { carrier }, line: first[0] });
      }
    }
  },
});

/**
 * How the other handlers of the service log, when they agree on logging with the request id: a short
 * description for the message; undefined when there is no such convention. Only their existing log
 * lines count: the convention is the code the PR found, not the code it brings.
 */
function conventionOf(
  entry: { path: string; handler: HandlerLogs },
  handlers: ReadonlyArray<{ path: string; handler: HandlerLogs }>,
  isAdded: (path: string, line: number) => boolean,
): string | undefined {
  let logging = 0;
  let carrying = 0;
  for (const other of handlers) {
    if (other === entry) continue;
    const existing = other.handler.logs.filter(([line]) => !isAdded(other.path, line));
    if (existing.length === 0) continue;
    logging++;
    if (existing.every(([, withId]) => withId)) carrying++;
  }
  if (logging < MIN_SIBLINGS || carrying / logging < MIN_SHARE) return undefined;
  return `${carrying} of ${logging}`;
}

/** Gate: a level-method call and a logger's name are in the text. */
function mayLog(file: FileView): boolean {
  return file.mentionsAnyCase('log', 'zap') && file.mentionsCall(...LEVELS[file.family]);
}

/** The log calls of each request handler of a file, judged one by one. */
function handlerLogs(file: FileView): HandlerLogs[] {
  const handlers = file.handlers();
  if (handlers.length === 0) return [];
  const byHandler = new Map<HandlerInfo, HandlerLogs>();
  const seen = new Set<number>();
  for (const { node } of file.callsNamed(LEVELS[file.family])) {
    if (!isLogCall(node, file.family)) continue;
    const call = outermostCall(node, file.family);
    if (seen.has(call.id())) continue;
    seen.add(call.id());
    const handler = enclosingHandler(call, handlers);
    if (!handler) continue;
    let entry = byHandler.get(handler);
    if (!entry) byHandler.set(handler, (entry = { start: handler.startLine, logs: [] }));
    entry.logs.push([lineOf(call), carriesRequestId(call, handler, file.family)]);
  }
  return [...byHandler.values()];
}

/** `logger.info(…)`, `req.log.warn(…)`, `slog.Info(…)`, `log.Info().Msg(…)`, `LOG.error(…)`: a level method on a logger. */
function isLogCall(call: SgNode, family: RuleLanguage): boolean {
  const parts = callParts(call, family);
  if (!parts || !LEVELS[family].has(parts.name) || !parts.receiver) return false;
  return chainOf(parts.receiver, family).some(isLoggerName);
}

function isLoggerName(name: string): boolean {
  const lower = name.toLowerCase().replace(/^_+/, '');
  return LOGGER_NAMES.has(lower) || lower.endsWith('logger');
}

/**
 * The names along a receiver chain, from its root: `logger.child({…})` → logger, child;
 * `log.Info().Str(…)` → log, Info, Str; `this.logger` → this, logger.
 */
function chainOf(node: SgNode, family: RuleLanguage): string[] {
  const names: string[] = [];
  let current: SgNode | undefined = node;
  while (current) {
    const member = memberParts(current, family);
    if (member) {
      names.unshift(member.property);
      current = member.object;
      continue;
    }
    const parts = callParts(current, family);
    if (parts) {
      names.unshift(parts.name);
      current = parts.receiver;
      continue;
    }
    const kind = kindOf(current);
    if (kind === 'identifier' || kind === 'this' || kind === 'field_identifier') names.unshift(current.text());
    break;
  }
  return names;
}

/** The whole fluent chain a call belongs to (`log.Info()` → `log.Info().Str(…).Msg(…)`), judged as one log line. */
function outermostCall(call: SgNode, family: RuleLanguage): SgNode {
  let current = call;
  for (;;) {
    const parent = current.parent();
    if (!parent) return current;
    // Java: the receiver call is the invocation's `object` field.
    if (family === 'java' && kindOf(parent) === 'method_invocation' && parent.field('object')?.id() === current.id()) {
      current = parent;
      continue;
    }
    const grand = parent.parent();
    if (grand && memberParts(parent, family)?.object.id() === current.id() && callParts(grand, family) && grand.field('function')?.id() === parent.id()) {
      current = grand;
      continue;
    }
    return current;
  }
}

/** Whether a log call carries the request's context: a request-scoped logger, a logger bound with it, or an id field. */
function carriesRequestId(call: SgNode, handler: HandlerInfo, family: RuleLanguage): boolean {
  const requestNames = new Set([...handler.requestNames, ...REQUEST_NAMES]);
  const parts = callParts(call, family)!;
  const chain = parts.receiver ? chainOf(parts.receiver, family) : [];
  if (isRequestScoped(chain, requestNames) || mentionsRequestId(call, requestNames, family)) return true;
  // slog's `InfoContext(ctx, …)`: the handler of the logger reads the request's values from the context.
  if (family === 'go' && parts.name.endsWith('Context') && isRequestContext(parts.args[0])) return true;
  const root = chain[0];
  return root !== undefined && boundToRequest(root, handler, requestNames, family);
}

/** `req.log.info`, `request.log`, `ctx.logger`, `hlog.FromRequest(r).Info()`, `zerolog.Ctx(ctx)`. */
function isRequestScoped(chain: readonly string[], requestNames: ReadonlySet<string>): boolean {
  if (chain.length >= 2 && requestNames.has(chain[0]!) && isLoggerName(chain[1]!)) return true;
  return chain.some((name) => CONTEXT_LOGGER_CALLS.has(name));
}

function isRequestContext(arg: SgNode | undefined): boolean {
  const text = arg?.text() ?? '';
  return text === 'ctx' || text.endsWith('.Context()');
}

/** True when the node has an id field, key or variable (`requestId`, `"request_id"`, `X-Request-Id`) or reads `req.id`. */
function mentionsRequestId(node: SgNode, requestNames: ReadonlySet<string>, family: RuleLanguage): boolean {
  const kinds = TOKEN_KINDS[family];
  for (const token of node.findAll({ rule: { any: kinds.map((kind) => ({ kind })) } })) {
    const member = memberParts(token, family);
    if (member) {
      if (member.property === 'id' && requestNames.has(member.object.text())) return true;
      continue;
    }
    const text = token.text();
    // A message that talks about the id ("request id missing") is prose, not the id.
    if (/\s/.test(text)) continue;
    const normalised = text.toLowerCase().replace(/[^a-z0-9]/g, '');
    if (ID_WORDS.some((word) => normalised.includes(word))) return true;
  }
  return false;
}

/** A local logger the handler binds to the request before logging (`const log = req.log.child(…)`, `log = logger.bind(request_id=…)`). */
function boundToRequest(name: string, handler: HandlerInfo, requestNames: ReadonlySet<string>, family: RuleLanguage): boolean {
  const kinds = BINDING_KINDS[family];
  for (const binding of handler.body.findAll({ rule: { any: kinds.map((kind) => ({ kind })) } })) {
    const target = bindingTarget(binding, family);
    if (target !== name) continue;
    const value = bindingValue(binding, family);
    if (!value) continue;
    const valueParts = callParts(value, family);
    const chain = valueParts ? chainOf(value, family) : [];
    if (isRequestScoped(chain, requestNames) || mentionsRequestId(value, requestNames, family)) return true;
  }
  return false;
}

function bindingTarget(binding: SgNode, family: RuleLanguage): string | undefined {
  const target = family === 'js' ? (binding.field('name') ?? binding.field('left')) : family === 'java' ? binding.field('name') : binding.field('left');
  const first = target && kindOf(target) === 'expression_list' ? target.child(0) : target;
  return first && kindOf(first) === 'identifier' ? first.text() : undefined;
}

function bindingValue(binding: SgNode, family: RuleLanguage): SgNode | undefined {
  const value = family === 'js' ? (binding.field('value') ?? binding.field('right')) : family === 'java' ? binding.field('value') : family === 'go' && kindOf(binding) === 'var_spec' ? binding.field('value') : binding.field('right');
  const first = value && kindOf(value) === 'expression_list' ? value.child(0) : value;
  if (!first) return undefined;
  // `await`, parentheses: the call is inside.
  return CALLISH.has(kindOf(first)) ? first : (first.children().find((child) => CALLISH.has(kindOf(child))) ?? first);
}

const CALLISH = new Set(['call_expression', 'call', 'method_invocation']);

/**
 * The service adds the id to every line itself: SLF4J `MDC.put("requestId", …)` (a servlet filter),
 * structlog `bind_contextvars(request_id=…)` (a middleware), asgi-correlation-id's log filter.
 */
function addsIdServiceWide(file: FileView): boolean {
  if (file.family === 'java') {
    if (!file.mentionsMember('MDC', 'put', 'putCloseable')) return false;
    return file.callsNamed(MDC_PUT).some(({ node }) => {
      const parts = callParts(node, 'java');
      const key = parts?.args[0];
      return parts?.receiver?.text() === 'MDC' && !!key && mentionsRequestId(key, new Set(), 'java');
    });
  }
  if (file.family === 'python') {
    if (file.importsAny(['asgi_correlation_id'])) return true;
    if (!file.mentionsCall('bind_contextvars')) return false;
    return file.callsNamed(BIND_CONTEXTVARS).some(({ node }) => mentionsRequestId(node, new Set(), 'python'));
  }
  return false;
}

const MDC_PUT: ReadonlySet<string> = new Set(['put', 'putCloseable']);
const BIND_CONTEXTVARS: ReadonlySet<string> = new Set(['bind_contextvars']);
