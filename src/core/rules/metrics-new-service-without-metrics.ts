import { z } from 'zod';
import { routeKey } from '../routes/diff-routes.js';
import type { CodeSite, Service } from '../services/types.js';
import { defineRule, type ProjectRuleContext } from './types.js';
import { isNonServicePath } from './support/path-kind.js';
import { RepositoryUnits, unitFileFacts, type UnitFileFacts } from './support/repository-units.js';

type Context = ProjectRuleContext<'noMetrics', Record<string, never>, UnitFileFacts, unknown>;

/** Entry points that start a process, not a server: a CLI has them too. */
const PROCESS_ENTRIES = new Set(['func main', "if __name__ == '__main__'", 'public static void main']);

/**
 * Services the PR creates: new in the service map, or an existing unit gaining its first server (every
 * server start is in a file the PR adds, and the PR deletes or renames none of the unit's files: code
 * that only moves is not a new service).
 */
function newServices(context: Context): Service[] {
  const added = new Set(context.services.addedServices);
  const statusOf = new Map(context.diff.map((file) => [file.path, file.status]));
  return context.services.touched.filter((service) => {
    if (service.kind !== 'service') return false;
    if (added.has(service.name)) return true;
    const servers = serverStarts(service);
    return (
      servers.length > 0 &&
      servers.every((entry) => statusOf.get(entry.file) === 'added') &&
      !context.services.files.some((file) => file.service === service.name && (statusOf.get(file.path) === 'deleted' || statusOf.get(file.path) === 'renamed'))
    );
  });
}

function serverStarts(service: Service): Array<CodeSite & { detail: string }> {
  return service.entryPoints.filter((entry) => !PROCESS_ENTRIES.has(entry.detail) && !isNonServicePath(entry.file));
}

/** Where to say it: the line that starts the server, else the first route the service declares. */
function siteOf(service: Service, context: Context, units: RepositoryUnits): CodeSite | undefined {
  const server = serverStarts(service)[0];
  if (server) return server;
  const route = context.headRoutes.find((candidate) => candidate.framework !== 'openapi' && units.unitOf(candidate.file)?.root === service.root);
  return route ? { file: route.file, line: route.line } : undefined;
}

export const newServiceWithoutMetrics = defineRule({
  id: 'metrics/new-service-without-metrics',
  meta: {
    checklist: 'service.metrics',
    severity: 'low',
    languages: ['js', 'python', 'go', 'java'],
    description: 'A new service (a new deployable unit, or one that gains its first server) that uses no metrics library, in a repository whose other services all do.',
    rationale:
      "A service without metrics is invisible on the dashboards and alerts the team relies on for the others: no request rate, error rate or latency, no saturation, no business counters, so the first sign of trouble is a user's complaint. The rule judges by the repository's own convention: it reports only when every other service of the repository uses a metrics library (Prometheus, Micrometer/Actuator, OpenTelemetry, StatsD/Datadog, New Relic), in its code, its build manifest or the shared library packages it imports. The severity is low because code cannot see every source of metrics: a service mesh, an auto-instrumenting agent added by the deployment or a platform sidecar can measure a service that imports nothing.",
    messages: {
      noMetrics: {
        title: 'New service {service} has no metrics',
        message:
          '`{service}` is a new service and uses no metrics library, while the other services of this repository do ({libraries}). Instrument it the same way (request rate, errors and latency at least, and the business counters it owns) so it shows up on the dashboards and alerts the others have.',
      },
    },
    options: z.object({}).strict(),
    examples: {
      js: {
        path: 'services/billing/src/main.ts',
        bad: "import express from 'express';\nimport { invoicesRouter } from './invoices';\n\nconst app = express();\napp.use('/invoices', invoicesRouter);\napp.listen(3002);\n",
        good: "import express from 'express';\nimport client from 'prom-client';\nimport { invoicesRouter } from './invoices';\n\nclient.collectDefaultMetrics();\nconst app = express();\napp.use('/invoices', invoicesRouter);\napp.get('/metrics', async (req, res) => res.type(client.register.contentType).send(await client.register.metrics()));\napp.listen(3002);\n",
        files: {
          'services/orders/package.json': '{ "name": "orders" }\n',
          'services/orders/src/main.ts': "import express from 'express';\nimport client from 'prom-client';\n\nclient.collectDefaultMetrics();\nconst app = express();\napp.get('/metrics', async (req, res) => res.send(await client.register.metrics()));\napp.listen(3000);\n",
          'services/billing/package.json': '{ "name": "billing" }\n',
        },
      },
      python: {
        path: 'services/billing/app/main.py',
        bad: 'import uvicorn\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/invoices")\ndef list_invoices():\n    return []\n\n\nif __name__ == "__main__":\n    uvicorn.run(app, host="0.0.0.0", port=8002)\n',
        good: 'import uvicorn\nfrom fastapi import FastAPI\nfrom prometheus_fastapi_instrumentator import Instrumentator\n\napp = FastAPI()\nInstrumentator().instrument(app).expose(app)\n\n\n@app.get("/invoices")\ndef list_invoices():\n    return []\n\n\nif __name__ == "__main__":\n    uvicorn.run(app, host="0.0.0.0", port=8002)\n',
        files: {
          'services/orders/pyproject.toml': '[project]\nname = "orders"\n',
          'services/orders/app/main.py': 'import uvicorn\nfrom fastapi import FastAPI\nfrom prometheus_client import make_asgi_app\n\napp = FastAPI()\napp.mount("/metrics", make_asgi_app())\n\nif __name__ == "__main__":\n    uvicorn.run(app, port=8000)\n',
          'services/billing/pyproject.toml': '[project]\nname = "billing"\n',
        },
      },
      go: {
        path: 'billing/main.go',
        bad: 'package main\n\nimport (\n\t"net/http"\n)\n\nfunc main() {\n\tmux := http.NewServeMux()\n\tmux.HandleFunc("GET /invoices", listInvoices)\n\thttp.ListenAndServe(":8082", mux)\n}\n',
        good: 'package main\n\nimport (\n\t"net/http"\n\n\t"github.com/prometheus/client_golang/prometheus/promhttp"\n)\n\nfunc main() {\n\tmux := http.NewServeMux()\n\tmux.HandleFunc("GET /invoices", listInvoices)\n\tmux.Handle("GET /metrics", promhttp.Handler())\n\thttp.ListenAndServe(":8082", mux)\n}\n',
        files: {
          'orders/go.mod': 'module github.com/acme/orders\n\ngo 1.22\n',
          'orders/main.go': 'package main\n\nimport (\n\t"net/http"\n\n\t"github.com/prometheus/client_golang/prometheus/promhttp"\n)\n\nfunc main() {\n\tmux := http.NewServeMux()\n\tmux.Handle("GET /metrics", promhttp.Handler())\n\thttp.ListenAndServe(":8080", mux)\n}\n',
          'billing/go.mod': 'module github.com/acme/billing\n\ngo 1.22\n',
        },
      },
      java: {
        path: 'billing-service/src/main/java/com/acme/billing/BillingApplication.java',
        bad: 'package com.acme.billing;\n\nimport org.springframework.boot.SpringApplication;\nimport org.springframework.boot.autoconfigure.SpringBootApplication;\n\n@SpringBootApplication\npublic class BillingApplication {\n  public static void main(String[] args) {\n    SpringApplication.run(BillingApplication.class, args);\n  }\n}\n',
        good: 'package com.acme.billing;\n\nimport io.micrometer.core.instrument.MeterRegistry;\nimport org.springframework.boot.SpringApplication;\nimport org.springframework.boot.actuate.autoconfigure.metrics.MeterRegistryCustomizer;\nimport org.springframework.boot.autoconfigure.SpringBootApplication;\nimport org.springframework.context.annotation.Bean;\n\n@SpringBootApplication\npublic class BillingApplication {\n  public static void main(String[] args) {\n    SpringApplication.run(BillingApplication.class, args);\n  }\n\n  @Bean\n  MeterRegistryCustomizer<MeterRegistry> commonTags() {\n    return registry -> registry.config().commonTags("service", "billing");\n  }\n}\n',
        files: {
          'orders-service/pom.xml': '<project>\n  <artifactId>orders-service</artifactId>\n  <dependencies>\n    <dependency><artifactId>spring-boot-starter-web</artifactId></dependency>\n    <dependency><artifactId>micrometer-registry-prometheus</artifactId></dependency>\n  </dependencies>\n</project>\n',
          'orders-service/src/main/java/com/acme/orders/OrdersApplication.java': 'package com.acme.orders;\n\nimport org.springframework.boot.SpringApplication;\nimport org.springframework.boot.autoconfigure.SpringBootApplication;\n\n@SpringBootApplication\npublic class OrdersApplication {\n  public static void main(String[] args) {\n    SpringApplication.run(OrdersApplication.class, args);\n  }\n}\n',
          'billing-service/pom.xml': '<project>\n  <artifactId>billing-service</artifactId>\n  <dependencies>\n    <dependency><artifactId>spring-boot-starter-web</artifactId></dependency>\n  </dependencies>\n</project>\n',
        },
      },
    },
  },
  collect(file) {
    return unitFileFacts(file);
  },
  async checkProject(context) {
    const candidates = newServices(context);
    if (candidates.length === 0) return;
    const units = await RepositoryUnits.load(context);
    // Only services whose start the PR writes: a unit renamed by the service map (a Go module gaining
    // a second binary names each binary) is not new code.
    const created = candidates
      .map((service) => ({ service, site: siteOf(service, context, units) }))
      .filter((entry): entry is { service: Service; site: CodeSite } => !!entry.site && context.isAdded(entry.site.file, entry.site.line));
    if (created.length === 0) return;
    const createdRoots = new Set(created.map(({ service }) => service.root));
    const others = units.units.filter((unit) => !createdRoots.has(unit.root) && !isNonServicePath(`${unit.root}/_`) && units.serves(unit));
    if (others.length === 0) return;
    // The repository's convention holds only when every other service follows it (the first that does
    // not settles it: no need to read the rest).
    const convention: string[][] = [];
    for (const unit of others) {
      const names = await units.metricsOf(unit);
      if (names.length === 0) return;
      convention.push(names);
    }
    const libraries = [...new Set(convention.flat())].sort().join(', ');
    for (const { service, site } of created) {
      if (service.metrics.length > 0) continue;
      const unit = units.units.find((candidate) => candidate.root === service.root);
      if (unit && (await units.metricsOf(unit)).length > 0) continue;
      context.report({ path: site.file, line: site.line, messageId: 'noMetrics', data: { service: service.name, libraries } });
    }
  },
  assess(change, context) {
    const key = routeKey(change.route);
    const chain = context.services.chains.find((candidate) => candidate.route === key && candidate.service);
    const service = chain ? context.services.touched.find((candidate) => candidate.name === chain.service) : undefined;
    return service && service.metrics.length > 0 ? { status: 'satisfied', evidence: `metrics: ${service.metrics.join(', ')} in ${service.name}` } : undefined;
  },
});
