import { logWithoutRequestId } from '../../src/core/rules/logging-log-without-request-id.js';
import { testRule } from './rule-tester.js';

/** Express handlers that log through pino-http's request logger: the service's convention. */
const EXPRESS_SIBLINGS = {
  'src/routes/orders.ts': [
    "router.get('/orders/:id', async (req, res) => {",
    "  req.log.info({ orderId: req.params.id }, 'loading order');",
    '  res.json(await orders.find(req.params.id));',
    '});',
    '',
    "router.post('/orders', async (req, res) => {",
    "  req.log.info('creating order');",
    '  res.status(201).json(await orders.create(req.body));',
    '});',
    '',
  ].join('\n'),
};

/** Express handlers that log through the global logger: no request-id convention. */
const EXPRESS_GLOBAL_SIBLINGS = {
  'src/routes/orders.ts': EXPRESS_SIBLINGS['src/routes/orders.ts'].replaceAll('req.log.info', 'logger.info'),
};

const EXPRESS_NEW_HANDLER = [
  "router.post('/refunds', async (req, res) => {",
  "  logger.info({ orderId: req.body.orderId }, 'refund requested');",
  '  res.status(202).end();',
  '});',
  '',
].join('\n');

const FASTAPI_SIBLINGS = {
  'app/orders.py': [
    '@router.get("/orders/{order_id}")',
    'async def get_order(order_id: int, request: Request):',
    '    logger.info("loading order", extra={"request_id": request.state.request_id})',
    '    return await orders.find(order_id)',
    '',
    '',
    '@router.post("/orders")',
    'async def create_order(body: OrderIn, request: Request):',
    '    logger.info("creating order", extra={"request_id": request.state.request_id})',
    '    return await orders.create(body)',
    '',
  ].join('\n'),
};

const FLASK_STRUCTLOG_SIBLINGS = {
  'app/orders.py': [
    'import structlog',
    'from flask import g',
    '',
    'logger = structlog.get_logger()',
    '',
    '',
    '@app.route("/orders/<int:order_id>")',
    'def get_order(order_id):',
    '    log = logger.bind(request_id=g.request_id)',
    '    log.info("loading order", order_id=order_id)',
    '    return jsonify(orders.find(order_id))',
    '',
    '',
    '@app.route("/orders", methods=["POST"])',
    'def create_order():',
    '    logger.info("creating order", request_id=g.request_id)',
    '    return jsonify(orders.create(request.json)), 201',
    '',
  ].join('\n'),
};

const GO_ZEROLOG_SIBLINGS = {
  'internal/server/orders.go': [
    'package server',
    '',
    'import "github.com/rs/zerolog/hlog"',
    '',
    'func (s *Server) getOrder(w http.ResponseWriter, r *http.Request) {',
    '\thlog.FromRequest(r).Info().Str("order_id", r.PathValue("id")).Msg("loading order")',
    '\twriteJSON(w, s.orders.Find(r.PathValue("id")))',
    '}',
    '',
    'func (s *Server) createOrder(w http.ResponseWriter, r *http.Request) {',
    '\tlog := hlog.FromRequest(r)',
    '\tlog.Info().Msg("creating order")',
    '\tw.WriteHeader(http.StatusCreated)',
    '}',
    '',
  ].join('\n'),
};

const GIN_ZAP_SIBLINGS = {
  'internal/server/orders.go': [
    'package server',
    '',
    'func (h *Handlers) GetOrder(c *gin.Context) {',
    '\th.logger.Info("loading order", zap.String("request_id", c.GetString("request_id")))',
    '\tc.JSON(http.StatusOK, h.orders.Find(c.Param("id")))',
    '}',
    '',
    'func (h *Handlers) CreateOrder(c *gin.Context) {',
    '\th.logger.Info("creating order", zap.String("request_id", c.GetString("request_id")))',
    '\tc.Status(http.StatusCreated)',
    '}',
    '',
  ].join('\n'),
};

const JAVA_SIBLINGS = {
  'src/main/java/com/example/api/OrderController.java': [
    '@RestController',
    'class OrderController {',
    '  private static final Logger log = LoggerFactory.getLogger(OrderController.class);',
    '',
    '  @GetMapping("/orders/{id}")',
    '  Order get(@RequestHeader("X-Request-Id") String requestId, @PathVariable long id) {',
    '    log.info("loading order {} requestId={}", id, requestId);',
    '    return orders.find(id);',
    '  }',
    '',
    '  @PostMapping("/orders")',
    '  Order create(@RequestHeader("X-Request-Id") String requestId, @RequestBody OrderIn body) {',
    '    log.info("creating order requestId={}", requestId);',
    '    return orders.create(body);',
    '  }',
    '}',
    '',
  ].join('\n'),
};

const JAVA_NEW_HANDLER = [
  '@RestController',
  'class RefundController {',
  '  @PostMapping("/refunds")',
  '  ResponseEntity<Void> refund(@RequestHeader("X-Request-Id") String requestId, @RequestBody RefundIn body) {',
  '    log.info("refund requested for order {}", body.orderId());',
  '    return ResponseEntity.accepted().build();',
  '  }',
  '}',
  '',
].join('\n');

testRule(logWithoutRequestId, {
  valid: [
    { name: 'js: new handler logs through req.log', language: 'js', files: EXPRESS_SIBLINGS, code: EXPRESS_NEW_HANDLER.replace('logger.info', 'req.log.info') },
    {
      name: 'js: new handler binds a child of the request logger',
      language: 'js',
      files: EXPRESS_SIBLINGS,
      code: "router.post('/refunds', async (req, res) => {\n  const log = req.log.child({ orderId: req.body.orderId });\n  log.info('refund requested');\n  res.status(202).end();\n});\n",
    },
    {
      name: 'js: new handler passes the correlation id',
      language: 'js',
      files: EXPRESS_SIBLINGS,
      code: "router.post('/refunds', async (req, res) => {\n  logger.info({ correlationId: req.headers['x-correlation-id'] }, 'refund requested');\n  res.status(202).end();\n});\n",
    },
    { name: 'js: the service logs through the global logger (no convention)', language: 'js', files: EXPRESS_GLOBAL_SIBLINGS, code: EXPRESS_NEW_HANDLER },
    {
      name: 'js: only one other handler logs',
      language: 'js',
      files: { 'src/routes/orders.ts': "router.get('/orders', async (req, res) => {\n  req.log.info('listing');\n  res.json([]);\n});\n" },
      code: EXPRESS_NEW_HANDLER,
    },
    {
      name: 'js: two of three other handlers log with the id (below 80 %)',
      language: 'js',
      files: { ...EXPRESS_SIBLINGS, 'src/routes/users.ts': "router.get('/users', async (req, res) => {\n  logger.info('listing users');\n  res.json([]);\n});\n" },
      code: EXPRESS_NEW_HANDLER,
    },
    {
      name: 'js: log in a helper outside any handler',
      language: 'js',
      files: EXPRESS_SIBLINGS,
      code: "export async function refund(orderId) {\n  logger.info({ orderId }, 'refund requested');\n}\n",
    },
    {
      name: 'js: the log line is not one the PR adds',
      language: 'js',
      files: EXPRESS_SIBLINGS,
      code: EXPRESS_NEW_HANDLER.replace("'refund requested');", "'refund requested');\n  await refunds.create(req.body);"),
      addedLines: [3],
    },
    { name: 'js: a script in the service', language: 'js', path: 'scripts/backfill.ts', files: EXPRESS_SIBLINGS, code: EXPRESS_NEW_HANDLER },
    {
      name: 'js: console.log is left to logging/unstructured-log',
      language: 'js',
      files: EXPRESS_SIBLINGS,
      code: EXPRESS_NEW_HANDLER.replace('logger.info', 'console.log'),
    },
    {
      name: 'js: the convention belongs to another service of the monorepo',
      language: 'js',
      path: 'services/billing/src/routes/refunds.ts',
      files: {
        'services/orders/package.json': '{}',
        'services/orders/src/routes/orders.ts': EXPRESS_SIBLINGS['src/routes/orders.ts'],
        'services/billing/package.json': '{}',
      },
      code: EXPRESS_NEW_HANDLER,
    },
    {
      name: 'python: new handler passes request_id in extra',
      language: 'python',
      files: FASTAPI_SIBLINGS,
      code: '@router.post("/refunds")\nasync def request_refund(body: RefundIn, request: Request):\n    logger.info("refund requested", extra={"request_id": request.state.request_id})\n    return await refunds.create(body)\n',
    },
    {
      name: 'python: structlog logger bound to the request id',
      language: 'python',
      files: FLASK_STRUCTLOG_SIBLINGS,
      code: '@app.route("/refunds", methods=["POST"])\ndef request_refund():\n    log = logger.bind(request_id=g.request_id)\n    log.info("refund requested")\n    return "", 202\n',
    },
    {
      name: 'python: structlog context variables bound in a middleware',
      language: 'python',
      files: {
        ...FASTAPI_SIBLINGS,
        'app/middleware.py': 'import structlog\n\nasync def add_request_id(request, call_next):\n    structlog.contextvars.bind_contextvars(request_id=request.headers.get("x-request-id"))\n    return await call_next(request)\n',
      },
      code: '@router.post("/refunds")\nasync def request_refund(body: RefundIn, request: Request):\n    logger.info("refund requested")\n    return await refunds.create(body)\n',
    },
    {
      name: 'python: the service logs without the id (no convention)',
      language: 'python',
      files: { 'app/orders.py': FASTAPI_SIBLINGS['app/orders.py'].replaceAll(', extra={"request_id": request.state.request_id}', '') },
      code: '@router.post("/refunds")\nasync def request_refund(body: RefundIn, request: Request):\n    logger.info("refund requested")\n    return await refunds.create(body)\n',
    },
    {
      name: 'go: the service logs through the global logger (no convention)',
      language: 'go',
      files: { 'internal/server/orders.go': GIN_ZAP_SIBLINGS['internal/server/orders.go'].replaceAll(', zap.String("request_id", c.GetString("request_id"))', '') },
      code: 'package server\n\nfunc (h *Handlers) Refund(c *gin.Context) {\n\th.logger.Info("refund requested")\n\tc.Status(http.StatusAccepted)\n}\n',
    },
    {
      name: 'go: logger from the request context',
      language: 'go',
      files: GO_ZEROLOG_SIBLINGS,
      code: 'package server\n\nfunc (s *Server) refund(w http.ResponseWriter, r *http.Request) {\n\tzerolog.Ctx(r.Context()).Info().Msg("refund requested")\n\tw.WriteHeader(http.StatusAccepted)\n}\n',
    },
    {
      name: 'go: local logger from the request, with fields chained',
      language: 'go',
      files: GO_ZEROLOG_SIBLINGS,
      code: 'package server\n\nfunc (s *Server) refund(w http.ResponseWriter, r *http.Request) {\n\tlog := hlog.FromRequest(r)\n\tlog.Info().Str("order_id", r.FormValue("order_id")).Msg("refund requested")\n\tw.WriteHeader(http.StatusAccepted)\n}\n',
    },
    {
      name: 'go: slog with the request context',
      language: 'go',
      files: GIN_ZAP_SIBLINGS,
      code: 'package server\n\nfunc (h *Handlers) Refund(c *gin.Context) {\n\tslog.InfoContext(c.Request.Context(), "refund requested")\n\tc.Status(http.StatusAccepted)\n}\n',
    },
    {
      name: 'go: zap field with the request id',
      language: 'go',
      files: GIN_ZAP_SIBLINGS,
      code: 'package server\n\nfunc (h *Handlers) Refund(c *gin.Context) {\n\th.logger.Info("refund requested", zap.String("request_id", c.GetString("request_id")))\n\tc.Status(http.StatusAccepted)\n}\n',
    },
    {
      name: 'java: an MDC filter puts the request id on every line',
      language: 'java',
      path: 'src/main/java/com/example/api/RefundController.java',
      files: {
        ...JAVA_SIBLINGS,
        'src/main/java/com/example/web/RequestIdFilter.java':
          'class RequestIdFilter extends OncePerRequestFilter {\n  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {\n    MDC.put("requestId", request.getHeader("X-Request-Id"));\n    try {\n      chain.doFilter(request, response);\n    } finally {\n      MDC.remove("requestId");\n    }\n  }\n}\n',
      },
      code: JAVA_NEW_HANDLER,
    },
    {
      name: 'java: new handler logs the request id',
      language: 'java',
      path: 'src/main/java/com/example/api/RefundController.java',
      files: JAVA_SIBLINGS,
      code: JAVA_NEW_HANDLER.replace('"refund requested for order {}", body.orderId()', '"refund requested for order {} requestId={}", body.orderId(), requestId'),
    },
  ],
  invalid: [
    { name: 'js: express handler logs through the global logger', language: 'js', files: EXPRESS_SIBLINGS, code: EXPRESS_NEW_HANDLER, errors: [{ messageId: 'missingRequestId', line: 2 }] },
    {
      name: 'js: reported once per handler, at its first such line',
      language: 'js',
      files: EXPRESS_SIBLINGS,
      code: "router.post('/refunds', async (req, res) => {\n  logger.info('refund requested');\n  await refunds.create(req.body);\n  logger.info('refund created');\n  res.status(202).end();\n});\n",
      errors: [{ messageId: 'missingRequestId', line: 2 }],
    },
    {
      name: 'js: a line added to an existing handler of the same file',
      language: 'js',
      path: 'src/routes/orders.ts',
      files: { 'src/routes/users.ts': "router.get('/users', async (req, res) => {\n  req.log.info('listing users');\n  res.json([]);\n});\n" },
      code: EXPRESS_SIBLINGS['src/routes/orders.ts'].replace("  req.log.info('creating order');\n", "  req.log.info('creating order');\n  logger.warn({ items: req.body.items.length }, 'large order');\n"),
      addedLines: [8],
      errors: [{ messageId: 'missingRequestId', line: 8 }],
    },
    {
      name: 'js: four of five other handlers log with the id (80 %)',
      language: 'js',
      files: {
        ...EXPRESS_SIBLINGS,
        'src/routes/users.ts': "router.get('/users', async (req, res) => {\n  req.log.info('listing users');\n  res.json([]);\n});\n\nrouter.get('/users/:id', async (req, res) => {\n  logger.info({ reqId: req.id }, 'loading user');\n  res.json({});\n});\n\nrouter.delete('/users/:id', async (req, res) => {\n  logger.info('deleting user');\n  res.status(204).end();\n});\n",
      },
      code: EXPRESS_NEW_HANDLER,
      errors: [{ messageId: 'missingRequestId', line: 2 }],
    },
    {
      name: 'js: fastify handler uses the instance logger instead of request.log',
      language: 'js',
      files: {
        'src/routes/orders.ts': "fastify.get('/orders/:id', async (request, reply) => {\n  request.log.info({ id: request.params.id }, 'loading order');\n  return orders.find(request.params.id);\n});\n\nfastify.post('/orders', async (request, reply) => {\n  request.log.info('creating order');\n  return orders.create(request.body);\n});\n",
      },
      code: "fastify.post('/refunds', async (request, reply) => {\n  fastify.log.info('refund requested');\n  return refunds.create(request.body);\n});\n",
      errors: [{ messageId: 'missingRequestId', line: 2 }],
    },
    {
      name: 'js: nest controller method without the correlation id',
      language: 'js',
      path: 'src/refunds/refunds.controller.ts',
      files: {
        'src/orders/orders.controller.ts': [
          "@Controller('orders')",
          'export class OrdersController {',
          '  private readonly logger = new Logger(OrdersController.name);',
          '',
          "  @Get(':id')",
          "  find(@Param('id') id: string, @Req() req: Request) {",
          "    this.logger.log({ correlationId: req.headers['x-correlation-id'], id }, 'loading order');",
          '    return this.orders.find(id);',
          '  }',
          '',
          '  @Post()',
          '  create(@Body() body: OrderDto, @Req() req: Request) {',
          "    this.logger.log({ correlationId: req.headers['x-correlation-id'] }, 'creating order');",
          '    return this.orders.create(body);',
          '  }',
          '}',
          '',
        ].join('\n'),
      },
      code: "@Controller('refunds')\nexport class RefundsController {\n  private readonly logger = new Logger(RefundsController.name);\n\n  @Post()\n  create(@Body() body: RefundDto) {\n    this.logger.log({ orderId: body.orderId }, 'refund requested');\n    return this.refunds.create(body);\n  }\n}\n",
      errors: [{ messageId: 'missingRequestId', line: 7 }],
    },
    {
      name: 'python: fastapi handler without request_id in extra',
      language: 'python',
      files: FASTAPI_SIBLINGS,
      code: '@router.post("/refunds")\nasync def request_refund(body: RefundIn, request: Request):\n    logger.info("refund requested", extra={"order_id": body.order_id})\n    return await refunds.create(body)\n',
      errors: [{ messageId: 'missingRequestId', line: 3 }],
    },
    {
      name: 'python: flask handler logs through the unbound structlog logger',
      language: 'python',
      files: FLASK_STRUCTLOG_SIBLINGS,
      code: '@app.route("/refunds", methods=["POST"])\ndef request_refund():\n    logger.info("refund requested", order_id=request.json["order_id"])\n    return "", 202\n',
      errors: [{ messageId: 'missingRequestId', line: 3 }],
    },
    {
      name: 'go: net/http handler logs through the global zerolog logger',
      language: 'go',
      files: GO_ZEROLOG_SIBLINGS,
      code: 'package server\n\nimport "github.com/rs/zerolog/log"\n\nfunc (s *Server) refund(w http.ResponseWriter, r *http.Request) {\n\tlog.Info().Str("order_id", r.FormValue("order_id")).Msg("refund requested")\n\tw.WriteHeader(http.StatusAccepted)\n}\n',
      errors: [{ messageId: 'missingRequestId', line: 6 }],
    },
    {
      name: 'go: gin handler without the request_id field',
      language: 'go',
      files: GIN_ZAP_SIBLINGS,
      code: 'package server\n\nfunc (h *Handlers) Refund(c *gin.Context) {\n\th.logger.Info("refund requested", zap.String("order_id", c.PostForm("order_id")))\n\tc.Status(http.StatusAccepted)\n}\n',
      errors: [{ messageId: 'missingRequestId', line: 4 }],
    },
    {
      name: 'java: controller method without the request id',
      language: 'java',
      path: 'src/main/java/com/example/api/RefundController.java',
      files: JAVA_SIBLINGS,
      code: JAVA_NEW_HANDLER,
      errors: [{ messageId: 'missingRequestId', line: 5 }],
    },
  ],
});
