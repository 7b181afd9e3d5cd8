import { describe, expect, it } from '@jest/globals';
import { syncCallToInternalService } from '../../src/core/rules/communication-sync-call-to-internal-service.js';
import { runRuleCase, testRule } from './rule-tester.js';

const lines = (...text: string[]) => `${text.join('\n')}\n`;

/** Two Node services: `orders` (changed by the PRs) and `inventory`. */
const JS_REPO: Record<string, string> = {
  'package.json': '{ "name": "shop", "private": true, "workspaces": ["services/*"] }\n',
  'services/orders/package.json': '{ "name": "orders" }\n',
  'services/inventory/package.json': '{ "name": "inventory" }\n',
  'services/inventory/src/server.ts': lines(
    "import express from 'express';",
    'const app = express();',
    "app.post('/reservations', (req, res) => res.status(201).json(req.body));",
    'app.listen(3001);',
  ),
};

const JS_ROUTE_FILE = 'services/orders/src/routes/orders.ts';
const JS_SERVICE_FILE = 'services/orders/src/services/orders-service.ts';

const jsHandlerCall = lines(
  "import { Router } from 'express';", // 1
  '', // 2
  'export const router = Router();', // 3
  '', // 4
  "router.post('/orders', async (req, res) => {", // 5
  '  const stock = await fetch(`${process.env.INVENTORY_URL}/stock/${req.body.sku}`, { signal: AbortSignal.timeout(2000) });', // 6
  '  if (!stock.ok) return res.status(409).end();', // 7
  '  res.status(201).json({ sku: req.body.sku });', // 8
  '});', // 9
);

/** A route handler that delegates to the service module (the route file is unchanged by the PR). */
const jsRouteToService = lines(
  "import { Router } from 'express';", // 1
  "import { createOrder } from '../services/orders-service';", // 2
  '', // 3
  'export const router = Router();', // 4
  "router.post('/orders', async (req, res) => {", // 5
  '  res.status(201).json(await createOrder(req.body));', // 6
  '});', // 7
);

const jsServiceWithAxios = lines(
  "import axios from 'axios';", // 1
  '', // 2
  'export async function createOrder(input: { sku: string; quantity: number }) {', // 3
  '  await axios.post(`${process.env.INVENTORY_URL}/reservations`, input, { timeout: 2000 });', // 4
  '  return input;', // 5
  '}', // 6
);

const jsServiceWithoutCall = lines(
  'export async function createOrder(input: { sku: string; quantity: number }) {',
  '  return input;',
  '}',
);

const jsConsumer = lines(
  "import { Kafka } from 'kafkajs';", // 1
  '', // 2
  "const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'orders' });", // 3
  '', // 4
  'export async function onPaymentCompleted(event: { sku: string }) {', // 5
  '  await fetch(`${process.env.INVENTORY_URL}/reservations/${event.sku}/confirm`, { method: "POST", signal: AbortSignal.timeout(2000) });', // 6
  '}', // 7
  '', // 8
  'export async function start() {', // 9
  "  await consumer.subscribe({ topics: ['payments.completed'] });", // 10
  '  await consumer.run({ eachMessage: async ({ message }) => onPaymentCompleted(JSON.parse(String(message.value))) });', // 11
  '}', // 12
);

const jsExternalCall = lines(
  "import { Router } from 'express';", // 1
  '', // 2
  'export const router = Router();', // 3
  '', // 4
  "router.post('/payments', async (req, res) => {", // 5
  "  const intent = await fetch('https://api.stripe.com/v1/payment_intents', { method: 'POST', body: JSON.stringify(req.body), signal: AbortSignal.timeout(5000) });", // 6
  '  res.status(201).json(await intent.json());', // 7
  '});', // 8
);

const jsGrpcInHandler = lines(
  "import { Router } from 'express';", // 1
  "import { credentials } from '@grpc/grpc-js';", // 2
  "import { InventoryClient } from '../gen/inventory_grpc_pb';", // 3
  '', // 4
  'export const router = Router();', // 5
  '', // 6
  "router.post('/orders', (req, res) => {", // 7
  '  const inventory = new InventoryClient(process.env.INVENTORY_ADDR, credentials.createInsecure());', // 8
  '  inventory.reserve({ sku: req.body.sku }, { deadline: Date.now() + 2000 }, (err: Error | null) => res.status(err ? 409 : 201).end());', // 9
  '});', // 10
);

/** Python: `orders` (FastAPI, changed by the PRs) and `inventory`. */
const PY_REPO: Record<string, string> = {
  'services/orders/pyproject.toml': '[project]\nname = "orders"\n',
  'services/orders/app/__init__.py': '',
  'services/orders/app/clients/__init__.py': '',
  'services/orders/app/services/__init__.py': '',
  'services/orders/app/routers/__init__.py': '',
  'services/inventory/pyproject.toml': '[project]\nname = "inventory"\n',
  'services/inventory/app/main.py': lines('import uvicorn', 'from fastapi import FastAPI', '', 'app = FastAPI()', '', 'if __name__ == "__main__":', '    uvicorn.run(app, port=8001)'),
};

const pyHandlerCall = lines(
  'import os', // 1
  '', // 2
  'import httpx', // 3
  'from fastapi import APIRouter', // 4
  '', // 5
  'router = APIRouter()', // 6
  'INVENTORY_URL = os.environ["INVENTORY_URL"]', // 7
  '', // 8
  '', // 9
  '@router.post("/orders")', // 10
  'def create_order(payload: dict):', // 11
  '    httpx.post(f"{INVENTORY_URL}/reservations", json=payload, timeout=2)', // 12
  '    return {"status": "created"}', // 13
);

const pyRouter = lines(
  'from fastapi import APIRouter, Depends', // 1
  '', // 2
  'from app.services.order_service import OrderService', // 3
  '', // 4
  'router = APIRouter()', // 5
  '', // 6
  '', // 7
  '@router.post("/orders")', // 8
  'def create_order(payload: dict, service: OrderService = Depends(OrderService)):', // 9
  '    return service.place(payload)', // 10
);

const pyService = lines(
  'from app.clients.inventory import reserve', // 1
  '', // 2
  '', // 3
  'class OrderService:', // 4
  '    def place(self, payload):', // 5
  '        reserve(payload["sku"], payload["quantity"])', // 6
  '        return payload', // 7
);

const pyInventoryClient = lines(
  'import os', // 1
  '', // 2
  'import requests', // 3
  '', // 4
  'INVENTORY_URL = os.getenv("INVENTORY_URL", "http://inventory:8001")', // 5
  '', // 6
  '', // 7
  'def reserve(sku, quantity):', // 8
  '    response = requests.post(f"{INVENTORY_URL}/reservations", json={"sku": sku, "quantity": quantity}, timeout=2)', // 9
  '    response.raise_for_status()', // 10
  '    return response.json()', // 11
);

const pyCeleryTask = lines(
  'import os', // 1
  '', // 2
  'import requests', // 3
  'from celery import shared_task', // 4
  '', // 5
  '', // 6
  '@shared_task', // 7
  'def release_expired(sku):', // 8
  '    requests.post(f"{os.environ[\'INVENTORY_URL\']}/reservations/{sku}/release", timeout=2)', // 9
);

/** Go: a module `shop` whose `cmd/api` binary is changed, and a separate `inventory` module. */
const GO_REPO: Record<string, string> = {
  'go.mod': 'module github.com/acme/shop\n\ngo 1.22\n',
  'cmd/api/main.go': lines(
    'package main', // 1
    '', // 2
    'import (', // 3
    '\t"net/http"', // 4
    '', // 5
    '\t"github.com/acme/shop/internal/orders"', // 6
    ')', // 7
    '', // 8
    'func main() {', // 9
    '\th := &Handler{svc: orders.NewService(orders.NewInventoryClient())}', // 10
    '\tmux := http.NewServeMux()', // 11
    '\tmux.HandleFunc("POST /orders", h.CreateOrder)', // 12
    '\thttp.ListenAndServe(":8080", mux)', // 13
    '}', // 14
  ),
  'cmd/api/handler.go': lines(
    'package main', // 1
    '', // 2
    'import (', // 3
    '\t"net/http"', // 4
    '', // 5
    '\t"github.com/acme/shop/internal/orders"', // 6
    ')', // 7
    '', // 8
    'type Handler struct {', // 9
    '\tsvc *orders.Service', // 10
    '}', // 11
    '', // 12
    'func (h *Handler) CreateOrder(w http.ResponseWriter, r *http.Request) {', // 13
    '\tif err := h.svc.Place(r.Context(), r.URL.Query().Get("sku")); err != nil {', // 14
    '\t\thttp.Error(w, err.Error(), http.StatusBadGateway)', // 15
    '\t\treturn', // 16
    '\t}', // 17
    '\tw.WriteHeader(http.StatusCreated)', // 18
    '}', // 19
  ),
  'internal/orders/service.go': lines(
    'package orders', // 1
    '', // 2
    'import "context"', // 3
    '', // 4
    'type Service struct {', // 5
    '\tinventory *InventoryClient', // 6
    '}', // 7
    '', // 8
    'func NewService(inventory *InventoryClient) *Service {', // 9
    '\treturn &Service{inventory: inventory}', // 10
    '}', // 11
    '', // 12
    'func (s *Service) Place(ctx context.Context, sku string) error {', // 13
    '\treturn s.inventory.Reserve(ctx, sku)', // 14
    '}', // 15
  ),
  'inventory/go.mod': 'module github.com/acme/inventory\n\ngo 1.22\n',
  'inventory/main.go': lines('package main', '', 'import "net/http"', '', 'func main() {', '\thttp.ListenAndServe(":8081", nil)', '}'),
};

const goInventoryClient = lines(
  'package orders', // 1
  '', // 2
  'import (', // 3
  '\t"context"', // 4
  '\t"net/http"', // 5
  '\t"os"', // 6
  '\t"time"', // 7
  ')', // 8
  '', // 9
  'type InventoryClient struct {', // 10
  '\thttp *http.Client', // 11
  '}', // 12
  '', // 13
  'func NewInventoryClient() *InventoryClient {', // 14
  '\treturn &InventoryClient{http: &http.Client{Timeout: 2 * time.Second}}', // 15
  '}', // 16
  '', // 17
  'func (c *InventoryClient) Reserve(ctx context.Context, sku string) error {', // 18
  '\treq, err := http.NewRequestWithContext(ctx, http.MethodPost, os.Getenv("INVENTORY_URL")+"/reservations/"+sku, nil)', // 19
  '\tif err != nil {', // 20
  '\t\treturn err', // 21
  '\t}', // 22
  '\t_, err = c.http.Do(req)', // 23
  '\treturn err', // 24
  '}', // 25
);

const goHandlerCall = lines(
  'package main', // 1
  '', // 2
  'import (', // 3
  '\t"net/http"', // 4
  '\t"os"', // 5
  ')', // 6
  '', // 7
  'func CreateOrder(w http.ResponseWriter, r *http.Request) {', // 8
  '\tresp, err := http.Post(os.Getenv("INVENTORY_URL")+"/reservations", "application/json", r.Body)', // 9
  '\tif err != nil {', // 10
  '\t\thttp.Error(w, err.Error(), http.StatusBadGateway)', // 11
  '\t\treturn', // 12
  '\t}', // 13
  '\tdefer resp.Body.Close()', // 14
  '\tw.WriteHeader(http.StatusCreated)', // 15
  '}', // 16
);

const goWorker = lines(
  'package main', // 1
  '', // 2
  'import (', // 3
  '\t"net/http"', // 4
  '\t"os"', // 5
  ')', // 6
  '', // 7
  'func releaseExpired(sku string) error {', // 8
  '\t_, err := http.Post(os.Getenv("INVENTORY_URL")+"/reservations/"+sku+"/release", "application/json", nil)', // 9
  '\treturn err', // 10
  '}', // 11
  '', // 12
  'func main() {', // 13
  '\treleaseExpired("all")', // 14
  '}', // 15
);

/** Java: Spring Boot `orders-service` (changed) and `inventory-service`. */
const JAVA_REPO: Record<string, string> = {
  'orders-service/pom.xml': '<project>\n  <artifactId>orders-service</artifactId>\n</project>\n',
  'inventory-service/pom.xml': '<project>\n  <artifactId>inventory-service</artifactId>\n</project>\n',
  'inventory-service/src/main/java/com/acme/inventory/InventoryApplication.java': lines(
    'package com.acme.inventory;',
    '',
    'import org.springframework.boot.SpringApplication;',
    'import org.springframework.boot.autoconfigure.SpringBootApplication;',
    '',
    '@SpringBootApplication',
    'public class InventoryApplication {',
    '  public static void main(String[] args) {',
    '    SpringApplication.run(InventoryApplication.class, args);',
    '  }',
    '}',
  ),
};
const JAVA_DIR = 'orders-service/src/main/java/com/acme/orders';

const javaController = lines(
  'package com.acme.orders;', // 1
  '', // 2
  'import org.springframework.web.bind.annotation.PostMapping;', // 3
  'import org.springframework.web.bind.annotation.RequestBody;', // 4
  'import org.springframework.web.bind.annotation.RestController;', // 5
  '', // 6
  '@RestController', // 7
  'public class OrderController {', // 8
  '  private final OrderService service;', // 9
  '', // 10
  '  public OrderController(OrderService service) {', // 11
  '    this.service = service;', // 12
  '  }', // 13
  '', // 14
  '  @PostMapping("/orders")', // 15
  '  public Order create(@RequestBody Order order) {', // 16
  '    return service.place(order);', // 17
  '  }', // 18
  '}', // 19
);

const javaService = lines(
  'package com.acme.orders;', // 1
  '', // 2
  'import org.springframework.beans.factory.annotation.Value;', // 3
  'import org.springframework.stereotype.Service;', // 4
  'import org.springframework.web.client.RestTemplate;', // 5
  '', // 6
  '@Service', // 7
  'public class OrderService {', // 8
  '  private final RestTemplate restTemplate;', // 9
  '', // 10
  '  @Value("${inventory.url}")', // 11
  '  private String inventoryUrl;', // 12
  '', // 13
  '  public OrderService(RestTemplate restTemplate) {', // 14
  '    this.restTemplate = restTemplate;', // 15
  '  }', // 16
  '', // 17
  '  public Order place(Order order) {', // 18
  '    restTemplate.postForObject(inventoryUrl + "/reservations", order, Void.class);', // 19
  '    return order;', // 20
  '  }', // 21
  '}', // 22
);

const javaListener = lines(
  'package com.acme.orders;', // 1
  '', // 2
  'import org.springframework.beans.factory.annotation.Value;', // 3
  'import org.springframework.kafka.annotation.KafkaListener;', // 4
  'import org.springframework.stereotype.Component;', // 5
  'import org.springframework.web.client.RestTemplate;', // 6
  '', // 7
  '@Component', // 8
  'public class PaymentListener {', // 9
  '  private final RestTemplate restTemplate;', // 10
  '', // 11
  '  @Value("${inventory.url}")', // 12
  '  private String inventoryUrl;', // 13
  '', // 14
  '  public PaymentListener(RestTemplate restTemplate) {', // 15
  '    this.restTemplate = restTemplate;', // 16
  '  }', // 17
  '', // 18
  '  @KafkaListener(topics = "payments.completed")', // 19
  '  public void onPayment(String sku) {', // 20
  '    restTemplate.postForObject(inventoryUrl + "/reservations/" + sku + "/confirm", null, Void.class);', // 21
  '  }', // 22
  '}', // 23
);

testRule(syncCallToInternalService, {
  valid: [
    { name: 'js call to a third-party API', language: 'js', path: JS_ROUTE_FILE, code: jsExternalCall, files: JS_REPO, routes: [{ method: 'POST', path: '/payments', line: 5, handler: [5, 8] }] },
    { name: 'js call made by a Kafka consumer, outside any request', language: 'js', path: 'services/orders/src/consumers/payments.ts', code: jsConsumer, files: JS_REPO },
    {
      name: 'js call that only moves from the route into a service module',
      language: 'js',
      path: JS_SERVICE_FILE,
      code: jsServiceWithAxios,
      files: { ...JS_REPO, [JS_ROUTE_FILE]: jsRouteToService },
      baseFiles: { ...JS_REPO, [JS_ROUTE_FILE]: jsHandlerCall, [JS_SERVICE_FILE]: jsServiceWithoutCall },
      routes: [{ method: 'POST', path: '/orders', line: 5, handler: [5, 7], file: JS_ROUTE_FILE }],
      baseRoutes: [{ method: 'POST', path: '/orders', line: 5, handler: [5, 9], file: JS_ROUTE_FILE }],
    },
    {
      name: 'js another call to a service this one already calls',
      language: 'js',
      path: JS_ROUTE_FILE,
      code: jsHandlerCall,
      files: { ...JS_REPO, [JS_SERVICE_FILE]: jsServiceWithAxios },
      routes: [{ method: 'POST', path: '/orders', line: 5, handler: [5, 9] }],
    },
    { name: 'js call on a line the PR does not add', language: 'js', path: JS_ROUTE_FILE, code: jsHandlerCall, files: JS_REPO, addedLines: [7, 8], baseFiles: { ...JS_REPO }, routes: [{ method: 'POST', path: '/orders', line: 5, handler: [5, 9] }] },
    { name: 'python Celery task', language: 'python', path: 'services/orders/app/tasks.py', code: pyCeleryTask, files: PY_REPO },
    { name: 'go worker binary, no request', language: 'go', path: 'cmd/worker/main.go', code: goWorker, files: GO_REPO },
    { name: 'java Kafka listener', language: 'java', path: `${JAVA_DIR}/PaymentListener.java`, code: javaListener, files: JAVA_REPO },
  ],
  invalid: [
    { name: 'js fetch in a new route handler', language: 'js', path: JS_ROUTE_FILE, code: jsHandlerCall, files: JS_REPO, routes: [{ method: 'POST', path: '/orders', line: 5, handler: [5, 9] }], errors: [{ messageId: 'syncCall', line: 6 }] },
    {
      name: 'js axios in the service module a new route calls',
      language: 'js',
      path: JS_SERVICE_FILE,
      code: jsServiceWithAxios,
      files: { ...JS_REPO, [JS_ROUTE_FILE]: jsRouteToService },
      routes: [{ method: 'POST', path: '/orders', line: 5, handler: [5, 7], file: JS_ROUTE_FILE }],
      errors: [{ messageId: 'syncCall', line: 4 }],
    },
    {
      name: 'js axios added to the service an unchanged route calls (its chain runs through the change)',
      language: 'js',
      path: JS_SERVICE_FILE,
      code: jsServiceWithAxios,
      addedLines: [1, 4],
      files: { ...JS_REPO, [JS_ROUTE_FILE]: jsRouteToService },
      baseFiles: { ...JS_REPO, [JS_ROUTE_FILE]: jsRouteToService, [JS_SERVICE_FILE]: jsServiceWithoutCall },
      routes: [{ method: 'POST', path: '/orders', line: 5, handler: [5, 7], file: JS_ROUTE_FILE, change: 'unchanged' }],
      baseRoutes: [{ method: 'POST', path: '/orders', line: 5, handler: [5, 7], file: JS_ROUTE_FILE }],
      errors: [{ messageId: 'syncCall', line: 4 }],
    },
    {
      name: 'js gRPC client in a route handler',
      language: 'js',
      path: JS_ROUTE_FILE,
      code: jsGrpcInHandler,
      files: JS_REPO,
      routes: [{ method: 'POST', path: '/orders', line: 7, handler: [7, 10] }],
      errors: [{ messageId: 'syncCall', line: 8 }],
    },
    { name: 'python httpx in a FastAPI handler', language: 'python', path: 'services/orders/app/routers/orders.py', code: pyHandlerCall, files: PY_REPO, routes: [{ method: 'POST', path: '/orders', line: 10, handler: [10, 13] }], errors: [{ messageId: 'syncCall', line: 12 }] },
    {
      name: 'python requests in the client a new route reaches through its service',
      language: 'python',
      path: 'services/orders/app/clients/inventory.py',
      code: pyInventoryClient,
      files: { ...PY_REPO, 'services/orders/app/routers/orders.py': pyRouter, 'services/orders/app/services/order_service.py': pyService },
      routes: [{ method: 'POST', path: '/orders', line: 8, handler: [8, 10], file: 'services/orders/app/routers/orders.py' }],
      errors: [{ messageId: 'syncCall', line: 9 }],
    },
    {
      name: 'go net/http in a handler',
      language: 'go',
      path: 'orders/internal/api/orders.go',
      code: goHandlerCall,
      files: { 'orders/go.mod': 'module github.com/acme/orders\n\ngo 1.22\n', 'inventory/go.mod': GO_REPO['inventory/go.mod']!, 'inventory/main.go': GO_REPO['inventory/main.go']! },
      routes: [{ method: 'POST', path: '/orders', line: 8, handler: [8, 16] }],
      errors: [{ messageId: 'syncCall', line: 9 }],
    },
    {
      name: 'go client reached from a new route through the service',
      language: 'go',
      path: 'internal/orders/inventory_client.go',
      code: goInventoryClient,
      files: GO_REPO,
      routes: [{ method: 'POST', path: '/orders', line: 12, file: 'cmd/api/main.go', handlerFile: 'cmd/api/handler.go', handler: [13, 19] }],
      errors: [{ messageId: 'syncCall', line: 19 }],
    },
    {
      name: 'java RestTemplate in the service a new endpoint calls',
      language: 'java',
      path: `${JAVA_DIR}/OrderService.java`,
      code: javaService,
      files: { ...JAVA_REPO, [`${JAVA_DIR}/OrderController.java`]: javaController },
      routes: [{ method: 'POST', path: '/orders', line: 15, file: `${JAVA_DIR}/OrderController.java`, handler: [15, 18] }],
      errors: [{ messageId: 'syncCall', line: 19 }],
    },
  ],
});

describe('communication/sync-call-to-internal-service in the checklist matrix', () => {
  it('marks a route of a service that calls no other service as not applicable', async () => {
    const { matrix } = await runRuleCase(syncCallToInternalService, {
      language: 'js',
      path: JS_ROUTE_FILE,
      code: jsExternalCall,
      files: JS_REPO,
      routes: [{ method: 'POST', path: '/payments', line: 5, handler: [5, 8] }],
    });
    expect(matrix.map((row) => [row.route, row.items.find((item) => item.checklist === 'service.communication')])).toEqual([
      ['POST /payments', { checklist: 'service.communication', status: 'not-applicable', evidence: 'communication: orders calls no other service of the repository synchronously' }],
    ]);
  });

  it('points the matrix at the finding of a route that now calls another service', async () => {
    const { matrix } = await runRuleCase(syncCallToInternalService, {
      language: 'js',
      path: JS_ROUTE_FILE,
      code: jsHandlerCall,
      files: JS_REPO,
      routes: [{ method: 'POST', path: '/orders', line: 5, handler: [5, 9] }],
    });
    expect(matrix[0]!.items.find((item) => item.checklist === 'service.communication')).toEqual({
      checklist: 'service.communication',
      status: 'finding',
      evidence: `communication/sync-call-to-internal-service at ${JS_ROUTE_FILE}:6`,
    });
  });
});
