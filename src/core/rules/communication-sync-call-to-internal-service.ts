import { z } from 'zod';
import { routeKey } from '../routes/diff-routes.js';
import type { Route } from '../routes/types.js';
import type { ChainStep, CodeSite, Dependency } from '../services/types.js';
import { defineRule, routeRefOf, type ProjectRuleContext } from './types.js';
import { isNonServicePath } from './support/path-kind.js';
import { isInRoute } from './support/route-traits.js';

type Context = ProjectRuleContext<'syncCall', Record<string, never>, unknown, unknown>;

/** How a chain step names a call it makes (see `describeReach` of the service map). */
function reachOf(dependency: Pick<Dependency, 'kind' | 'target'>): string {
  return `${dependency.kind} ${dependency.target}`;
}

/** True when the step, or a step it calls, is a function of `file` that makes the call. */
function stepMakes(step: ChainStep | undefined, site: CodeSite, reach: string): boolean {
  if (!step) return false;
  if (step.file === site.file && step.line <= site.line && step.reaches.includes(reach)) return true;
  return step.calls.some((call) => stepMakes(call, site, reach));
}

/**
 * The route whose request runs the call at `site`: one whose handler holds the line, or a route whose
 * call chain (handler → service → client) leads to the function that makes it — an added or modified
 * route, or an unchanged one whose chain runs through the changed function.
 */
function requestRouteOf(site: CodeSite, service: string, reach: string, context: Context): Route | undefined {
  const direct = context.headRoutes.find((route) => route.framework !== 'openapi' && isInRoute(route, site.file, site.line));
  if (direct) return direct;
  for (const chain of context.services.chains) {
    if (chain.service !== service || !chain.reaches.includes(reach) || !stepMakes(chain.chain, site, reach)) continue;
    // Chains exist for added and modified routes, and for unchanged ones that run through changed code.
    const route = context.headRoutes.find((candidate) => routeKey(candidate) === chain.route);
    if (route) return route;
  }
  return undefined;
}

export const syncCallToInternalService = defineRule({
  id: 'communication/sync-call-to-internal-service',
  meta: {
    checklist: 'service.communication',
    severity: 'low',
    languages: ['js', 'python', 'go', 'java'],
    description: 'A new synchronous HTTP or gRPC call from one service of the repository to another, made while serving a request (in a route handler or the service code its call chain reaches).',
    rationale:
      "Each synchronous hop between services multiplies failure and latency: the endpoint is now only as available as the product of both services, its latency includes the other's, and a slow dependency holds this service's threads and connections until both fall over together. That is often the right trade (the caller needs the answer to respond), so this is a design note, not a defect: when the response does not need the answer, an event or a queued job decouples the two; when it does, the call needs a timeout, a bounded retry and a fallback. Calls to third-party APIs, calls made outside a request (consumers, jobs, start-up) and calls that a PR only moves are not reported.",
    messages: {
      syncCall: {
        title: 'New synchronous call to the {service} service while serving a request',
        message:
          'This request now waits for the `{service}` service (`{target}`): when `{service}` is slow or down, this endpoint is slow or fails too. If the response does not need the answer, publish an event or enqueue a job instead; otherwise make sure the call has a timeout and a fallback (circuit breaker, cached or degraded answer).',
      },
    },
    options: z.object({}).strict(),
    examples: {
      js: {
        path: 'services/orders/src/routes/orders.ts',
        bad: "import { Router } from 'express';\n\nexport const router = Router();\n\nrouter.post('/orders', async (req, res) => {\n  const stock = await fetch(`${process.env.INVENTORY_URL}/stock/${req.body.sku}`, { signal: AbortSignal.timeout(2000) });\n  if (!stock.ok) return res.status(409).end();\n  res.status(201).json({ sku: req.body.sku });\n});\n",
        good: "import { Router } from 'express';\n\nexport const router = Router();\n\nrouter.post('/orders', async (req, res) => {\n  const rates = await fetch(`https://api.exchangerate.host/latest?base=${req.body.currency}`, { signal: AbortSignal.timeout(2000) });\n  res.status(201).json({ sku: req.body.sku, rates: await rates.json() });\n});\n",
        badRoutes: [{ method: 'POST', path: '/orders', line: 5, handler: [5, 9] }],
        goodRoutes: [{ method: 'POST', path: '/orders', line: 5, handler: [5, 8] }],
        files: {
          'services/orders/package.json': '{ "name": "orders" }\n',
          'services/inventory/package.json': '{ "name": "inventory" }\n',
          'services/inventory/src/server.ts': "import express from 'express';\n\nconst app = express();\napp.get('/stock/:sku', (req, res) => res.json({ sku: req.params.sku, available: 3 }));\napp.listen(3001);\n",
        },
      },
      python: {
        path: 'services/orders/app/routers/orders.py',
        bad: 'import os\n\nimport httpx\nfrom fastapi import APIRouter\n\nrouter = APIRouter()\nINVENTORY_URL = os.environ["INVENTORY_URL"]\n\n\n@router.post("/orders")\ndef create_order(payload: dict):\n    httpx.post(f"{INVENTORY_URL}/reservations", json=payload, timeout=2)\n    return {"status": "created"}\n',
        good: 'from fastapi import APIRouter\n\nfrom app.events import publish\n\nrouter = APIRouter()\n\n\n@router.post("/orders")\ndef create_order(payload: dict):\n    publish("orders.created", payload)\n    return {"status": "created"}\n',
        badRoutes: [{ method: 'POST', path: '/orders', line: 10, handler: [10, 13] }],
        goodRoutes: [{ method: 'POST', path: '/orders', line: 8, handler: [8, 11] }],
        files: {
          'services/orders/pyproject.toml': '[project]\nname = "orders"\n',
          'services/orders/app/__init__.py': '',
          'services/orders/app/events.py': 'def publish(topic, payload):\n    pass\n',
          'services/inventory/pyproject.toml': '[project]\nname = "inventory"\n',
          'services/inventory/app/main.py': 'import uvicorn\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\nif __name__ == "__main__":\n    uvicorn.run(app, port=8001)\n',
        },
      },
      go: {
        path: 'orders/internal/api/orders.go',
        bad: 'package api\n\nimport (\n\t"net/http"\n\t"os"\n)\n\nfunc CreateOrder(w http.ResponseWriter, r *http.Request) {\n\tresp, err := http.Post(os.Getenv("INVENTORY_URL")+"/reservations", "application/json", r.Body)\n\tif err != nil {\n\t\thttp.Error(w, err.Error(), http.StatusBadGateway)\n\t\treturn\n\t}\n\tdefer resp.Body.Close()\n\tw.WriteHeader(http.StatusCreated)\n}\n',
        good: 'package api\n\nimport (\n\t"net/http"\n)\n\nfunc CreateOrder(w http.ResponseWriter, r *http.Request) {\n\tresp, err := http.Post("https://api.stripe.com/v1/payment_intents", "application/json", r.Body)\n\tif err != nil {\n\t\thttp.Error(w, err.Error(), http.StatusBadGateway)\n\t\treturn\n\t}\n\tdefer resp.Body.Close()\n\tw.WriteHeader(http.StatusCreated)\n}\n',
        badRoutes: [{ method: 'POST', path: '/orders', line: 8, handler: [8, 16] }],
        goodRoutes: [{ method: 'POST', path: '/orders', line: 7, handler: [7, 15] }],
        files: {
          'orders/go.mod': 'module github.com/acme/orders\n\ngo 1.22\n',
          'inventory/go.mod': 'module github.com/acme/inventory\n\ngo 1.22\n',
          'inventory/main.go': 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8081", nil)\n}\n',
        },
      },
      java: {
        path: 'orders-service/src/main/java/com/acme/orders/OrderController.java',
        bad: 'package com.acme.orders;\n\nimport org.springframework.beans.factory.annotation.Value;\nimport org.springframework.web.bind.annotation.PostMapping;\nimport org.springframework.web.bind.annotation.RequestBody;\nimport org.springframework.web.bind.annotation.RestController;\nimport org.springframework.web.client.RestTemplate;\n\n@RestController\npublic class OrderController {\n  private final RestTemplate restTemplate;\n\n  @Value("${inventory.url}")\n  private String inventoryUrl;\n\n  public OrderController(RestTemplate restTemplate) {\n    this.restTemplate = restTemplate;\n  }\n\n  @PostMapping("/orders")\n  public Order create(@RequestBody Order order) {\n    restTemplate.postForObject(inventoryUrl + "/reservations", order, Void.class);\n    return order;\n  }\n}\n',
        good: 'package com.acme.orders;\n\nimport org.springframework.kafka.core.KafkaTemplate;\nimport org.springframework.web.bind.annotation.PostMapping;\nimport org.springframework.web.bind.annotation.RequestBody;\nimport org.springframework.web.bind.annotation.RestController;\n\n@RestController\npublic class OrderController {\n  private final KafkaTemplate<String, Order> kafka;\n\n  public OrderController(KafkaTemplate<String, Order> kafka) {\n    this.kafka = kafka;\n  }\n\n  @PostMapping("/orders")\n  public Order create(@RequestBody Order order) {\n    kafka.send("orders.created", order);\n    return order;\n  }\n}\n',
        badRoutes: [{ method: 'POST', path: '/orders', line: 20, handler: [20, 24] }],
        goodRoutes: [{ method: 'POST', path: '/orders', line: 16, handler: [16, 20] }],
        files: {
          'orders-service/pom.xml': '<project>\n  <artifactId>orders-service</artifactId>\n</project>\n',
          'inventory-service/pom.xml': '<project>\n  <artifactId>inventory-service</artifactId>\n</project>\n',
          'inventory-service/src/main/java/com/acme/inventory/InventoryApplication.java': 'package com.acme.inventory;\n\nimport org.springframework.boot.SpringApplication;\nimport org.springframework.boot.autoconfigure.SpringBootApplication;\n\n@SpringBootApplication\npublic class InventoryApplication {\n  public static void main(String[] args) {\n    SpringApplication.run(InventoryApplication.class, args);\n  }\n}\n',
        },
      },
    },
  },
  checkProject(context) {
    for (const { service, dependency } of context.services.addedDependencies) {
      if ((dependency.kind !== 'http' && dependency.kind !== 'grpc') || !dependency.service || dependency.service === service) continue;
      const reach = reachOf(dependency);
      for (const site of dependency.sites) {
        if (!context.isAdded(site.file, site.line) || isNonServicePath(site.file)) continue;
        const route = requestRouteOf(site, service, reach, context);
        if (!route) continue;
        context.report({
          path: site.file,
          line: site.line,
          messageId: 'syncCall',
          data: { service: dependency.service, target: dependency.target },
          routeRef: routeRefOf(route),
        });
        // One finding per new dependency: its first call on a request path says it.
        break;
      }
    }
  },
  assess(change, context) {
    const key = routeKey(change.route);
    const chain = context.services.chains.find((candidate) => candidate.route === key && candidate.chain);
    const service = chain?.service ? context.services.touched.find((candidate) => candidate.name === chain.service) : undefined;
    if (!chain || !service) return undefined;
    const internal = service.dependencies.filter((dependency) => (dependency.kind === 'http' || dependency.kind === 'grpc') && dependency.service && dependency.service !== service.name);
    const published = chain.reaches.find((reach) => reach.startsWith('produce '));
    if (published && !internal.some((dependency) => chain.reaches.includes(reachOf(dependency)))) return { status: 'satisfied', evidence: `communication: asynchronous (${published})` };
    if (internal.length === 0) return { status: 'not-applicable', evidence: `communication: ${service.name} calls no other service of the repository synchronously` };
    return undefined;
  },
});
