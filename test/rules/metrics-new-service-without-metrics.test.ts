import { describe, expect, it } from '@jest/globals';
import { newServiceWithoutMetrics } from '../../src/core/rules/metrics-new-service-without-metrics.js';
import { runRuleCase, testRule } from './rule-tester.js';

const lines = (...text: string[]) => `${text.join('\n')}\n`;

const expressServer = (port: number, ...extra: string[]) => lines("import express from 'express';", ...extra, 'const app = express();', `app.listen(${port});`);

/** Two Node services that export Prometheus metrics; the PRs add `billing`. */
const JS_REPO: Record<string, string> = {
  'package.json': '{ "name": "shop", "private": true, "workspaces": ["services/*", "packages/*"] }\n',
  'services/orders/package.json': '{ "name": "orders" }\n',
  'services/orders/src/main.ts': expressServer(3000, "import client from 'prom-client';", 'client.collectDefaultMetrics();'),
  'services/inventory/package.json': '{ "name": "inventory" }\n',
  'services/inventory/src/main.ts': expressServer(3001, "import promBundle from 'express-prom-bundle';"),
  'services/billing/package.json': '{ "name": "billing" }\n',
};
const JS_PATH = 'services/billing/src/main.ts';

const billingMain = lines(
  "import express from 'express';", // 1
  '', // 2
  'const app = express();', // 3
  "app.get('/invoices', (req, res) => res.json([]));", // 4
  'app.listen(3002);', // 5
);

/** The services get their metrics from a shared observability package of the workspace. */
const JS_SHARED_METRICS: Record<string, string> = {
  'package.json': JS_REPO['package.json']!,
  'packages/observability/package.json': '{ "name": "@shop/observability" }\n',
  'packages/observability/index.ts': "import client from 'prom-client';\nexport const register = client.register;\nexport function instrument() {\n  client.collectDefaultMetrics();\n}\n",
  'services/orders/package.json': '{ "name": "orders" }\n',
  'services/orders/src/main.ts': expressServer(3000, "import { instrument } from '@shop/observability';", 'instrument();'),
  'services/billing/package.json': '{ "name": "billing" }\n',
};

const PY_REPO: Record<string, string> = {
  'services/orders/pyproject.toml': '[project]\nname = "orders"\n',
  'services/orders/app/main.py': lines('import uvicorn', 'from fastapi import FastAPI', 'from prometheus_client import make_asgi_app', '', 'app = FastAPI()', 'app.mount("/metrics", make_asgi_app())', '', 'if __name__ == "__main__":', '    uvicorn.run(app, port=8000)'),
  'services/billing/pyproject.toml': '[project]\nname = "billing"\n',
};
const PY_PATH = 'services/billing/app/main.py';
const pyBillingMain = lines(
  'import uvicorn', // 1
  'from fastapi import FastAPI', // 2
  '', // 3
  'app = FastAPI()', // 4
  '', // 5
  '', // 6
  '@app.get("/invoices")', // 7
  'def list_invoices():', // 8
  '    return []', // 9
  '', // 10
  '', // 11
  'if __name__ == "__main__":', // 12
  '    uvicorn.run(app, host="0.0.0.0", port=8002)', // 13
);
const pyBillingWithoutRun = lines('from fastapi import FastAPI', '', 'app = FastAPI()', '', '', '@app.get("/invoices")', 'def list_invoices():', '    return []');

const goServer = (port: number, ...imports: string[]) =>
  lines('package main', '', 'import (', '\t"net/http"', ...imports.map((path) => `\t"${path}"`), ')', '', 'func main() {', `\thttp.ListenAndServe(":${port}", nil)`, '}');

const GO_REPO: Record<string, string> = {
  'orders/go.mod': 'module github.com/acme/orders\n\ngo 1.22\n',
  'orders/main.go': goServer(8080, 'github.com/prometheus/client_golang/prometheus/promhttp'),
  'billing/go.mod': 'module github.com/acme/billing\n\ngo 1.22\n',
};
const goBilling = lines(
  'package main', // 1
  '', // 2
  'import (', // 3
  '\t"net/http"', // 4
  ')', // 5
  '', // 6
  'func main() {', // 7
  '\tmux := http.NewServeMux()', // 8
  '\tmux.HandleFunc("GET /invoices", listInvoices)', // 9
  '\thttp.ListenAndServe(":8082", mux)', // 10
  '}', // 11
);

/** One Go module; the existing binary gets its metrics from the module's shared package. */
const GO_ONE_MODULE: Record<string, string> = {
  'go.mod': 'module github.com/acme/shop\n\ngo 1.22\n',
  'cmd/orders/main.go': goServer(8080, 'github.com/acme/shop/internal/telemetry'),
  'internal/telemetry/metrics.go': 'package telemetry\n\nimport "github.com/prometheus/client_golang/prometheus"\n\nvar Requests = prometheus.NewCounter(prometheus.CounterOpts{Name: "requests_total"})\n',
};

const springApp = (pkg: string, name: string, ...extra: string[]) =>
  lines(
    `package ${pkg};`, // 1
    '', // 2
    ...extra,
    'import org.springframework.boot.SpringApplication;', // 3
    'import org.springframework.boot.autoconfigure.SpringBootApplication;', // 4
    '', // 5
    '@SpringBootApplication', // 6
    `public class ${name} {`, // 7
    '  public static void main(String[] args) {', // 8
    `    SpringApplication.run(${name}.class, args);`, // 9
    '  }', // 10
    '}', // 11
  );
const pom = (artifact: string, ...dependencies: string[]) =>
  lines('<project>', `  <artifactId>${artifact}</artifactId>`, '  <dependencies>', ...dependencies.map((d) => `    <dependency><artifactId>${d}</artifactId></dependency>`), '  </dependencies>', '</project>');
const JAVA_REPO: Record<string, string> = {
  'orders-service/pom.xml': pom('orders-service', 'spring-boot-starter-web', 'spring-boot-starter-actuator', 'micrometer-registry-prometheus'),
  'orders-service/src/main/java/com/acme/orders/OrdersApplication.java': springApp('com.acme.orders', 'OrdersApplication'),
  'billing-service/pom.xml': pom('billing-service', 'spring-boot-starter-web'),
};
const JAVA_PATH = 'billing-service/src/main/java/com/acme/billing/BillingApplication.java';

testRule(newServiceWithoutMetrics, {
  valid: [
    { name: 'js new service with prom-client', language: 'js', path: JS_PATH, code: expressServer(3002, "import client from 'prom-client';", 'client.collectDefaultMetrics();'), files: JS_REPO },
    { name: 'js new service using the shared observability package', language: 'js', path: JS_PATH, code: expressServer(3002, "import { instrument } from '@shop/observability';", 'instrument();'), files: JS_SHARED_METRICS },
    { name: 'js agent declared in the new service manifest', language: 'js', path: JS_PATH, code: billingMain, files: { ...JS_REPO, 'services/billing/package.json': '{ "name": "billing", "dependencies": { "dd-trace": "^5.0.0" } }\n' } },
    { name: 'js an existing service has no metrics: no convention', language: 'js', path: JS_PATH, code: billingMain, files: { ...JS_REPO, 'services/inventory/src/main.ts': expressServer(3001) } },
    { name: 'js first service of the repository', language: 'js', path: JS_PATH, code: billingMain, files: { 'services/billing/package.json': '{ "name": "billing" }\n' } },
    {
      name: 'js existing service whose server file is modified',
      language: 'js',
      path: JS_PATH,
      code: billingMain,
      files: { ...JS_REPO, 'services/billing/src/invoices.ts': 'export const invoices: unknown[] = [];\n' },
      baseFiles: { ...JS_REPO, 'services/billing/src/invoices.ts': 'export const invoices: unknown[] = [];\n', [JS_PATH]: billingMain.replace('3002', 'Number(process.env.PORT)') },
    },
    { name: 'js mock server under scripts', language: 'js', path: 'services/billing/scripts/mock-server.ts', code: billingMain, files: JS_REPO },
    { name: 'python new service with the FastAPI instrumentator', language: 'python', path: PY_PATH, code: pyBillingMain.replace('from fastapi import FastAPI', 'from fastapi import FastAPI\nfrom prometheus_fastapi_instrumentator import Instrumentator'), files: PY_REPO },
    { name: 'python OpenTelemetry declared in pyproject', language: 'python', path: PY_PATH, code: pyBillingMain, files: { ...PY_REPO, 'services/billing/pyproject.toml': '[project]\nname = "billing"\ndependencies = ["fastapi", "opentelemetry-instrumentation-fastapi"]\n' } },
    { name: 'python new command-line tool', language: 'python', path: 'services/billing/app/main.py', code: 'import sys\n\n\ndef main():\n    print(sys.argv)\n\n\nif __name__ == "__main__":\n    main()\n', files: PY_REPO },
    { name: "go new binary using the module's telemetry package", language: 'go', path: 'cmd/billing/main.go', code: goServer(8082, 'github.com/acme/shop/internal/telemetry'), files: GO_ONE_MODULE },
    { name: 'go new module with promhttp', language: 'go', path: 'billing/main.go', code: goServer(8082, 'github.com/prometheus/client_golang/prometheus/promhttp'), files: GO_REPO },
    { name: 'java actuator in the new service build', language: 'java', path: JAVA_PATH, code: springApp('com.acme.billing', 'BillingApplication'), files: { ...JAVA_REPO, 'billing-service/pom.xml': pom('billing-service', 'spring-boot-starter-web', 'spring-boot-starter-actuator') } },
    {
      name: 'java micrometer from the parent build',
      language: 'java',
      path: JAVA_PATH,
      code: springApp('com.acme.billing', 'BillingApplication'),
      files: { ...JAVA_REPO, 'pom.xml': lines('<project>', '  <artifactId>shop</artifactId>', '  <modules><module>orders-service</module><module>billing-service</module></modules>', '  <dependencies>', '    <dependency><artifactId>micrometer-registry-prometheus</artifactId></dependency>', '  </dependencies>', '</project>') },
    },
  ],
  invalid: [
    { name: 'js new express service', language: 'js', path: JS_PATH, code: billingMain, files: JS_REPO, errors: [{ messageId: 'noMetrics', line: 5 }] },
    { name: 'js new service while the others use a shared metrics package', language: 'js', path: JS_PATH, code: billingMain, files: JS_SHARED_METRICS, errors: [{ messageId: 'noMetrics', line: 5 }] },
    {
      name: 'js existing package gains its first server',
      language: 'js',
      path: JS_PATH,
      code: billingMain,
      status: 'added',
      files: { ...JS_REPO, 'services/billing/src/invoices.ts': 'export const invoices: unknown[] = [];\n' },
      errors: [{ messageId: 'noMetrics', line: 5 }],
    },
    { name: 'python new FastAPI service', language: 'python', path: PY_PATH, code: pyBillingMain, files: PY_REPO, errors: [{ messageId: 'noMetrics', line: 13 }] },
    {
      name: 'python new service started by the uvicorn command: reported on its first route',
      language: 'python',
      path: PY_PATH,
      code: pyBillingWithoutRun,
      files: PY_REPO,
      routes: [{ method: 'GET', path: '/invoices', line: 6, handler: [6, 8] }],
      errors: [{ messageId: 'noMetrics', line: 6 }],
    },
    { name: 'go new module', language: 'go', path: 'billing/main.go', code: goBilling, files: GO_REPO, errors: [{ messageId: 'noMetrics', line: 10 }] },
    { name: 'go new binary in a module whose binary has metrics', language: 'go', path: 'cmd/billing/main.go', code: goBilling, files: GO_ONE_MODULE, errors: [{ messageId: 'noMetrics', line: 10 }] },
    { name: 'java new Spring Boot service', language: 'java', path: JAVA_PATH, code: springApp('com.acme.billing', 'BillingApplication'), files: JAVA_REPO, errors: [{ messageId: 'noMetrics', line: 9 }] },
  ],
});

describe('metrics/new-service-without-metrics in the checklist matrix', () => {
  it('marks a route of a service with a metrics library as satisfied', async () => {
    const { matrix } = await runRuleCase(newServiceWithoutMetrics, {
      language: 'js',
      path: 'services/orders/src/routes.ts',
      code: lines("import { Router } from 'express';", "import client from 'prom-client';", 'export const router = Router();', "router.get('/orders', (req, res) => res.json([]));"),
      files: JS_REPO,
      routes: [{ method: 'GET', path: '/orders', line: 4, handler: [4, 4] }],
    });
    expect(matrix.map((row) => [row.route, row.items.find((item) => item.checklist === 'service.metrics')])).toEqual([
      ['GET /orders', { checklist: 'service.metrics', status: 'satisfied', evidence: 'metrics: prom-client in orders' }],
    ]);
  });
});
