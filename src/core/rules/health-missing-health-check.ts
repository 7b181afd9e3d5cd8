import { z } from 'zod';
import { defineRule } from './types.js';
import { CALL_KINDS } from './support/call-parts.js';
import { entryCandidates, judgedEntryPoints, mayStartAnyServer, isHealthPath, operationalFacts, type OperationalFacts } from './support/entry-points.js';
import { isNonServicePath } from './support/path-kind.js';

export const missingHealthCheck = defineRule({
  id: 'health/missing-health-check',
  meta: {
    checklist: 'service.health-checks',
    severity: 'medium',
    languages: ['js', 'python', 'go', 'java'],
    description: 'A new service entry point (`app.listen`, `ListenAndServe`, `uvicorn.run`, `SpringApplication.run`) in a service that has no health or readiness route and no health-check library.',
    rationale:
      'Orchestrators and load balancers decide from probes whether to send traffic to an instance and whether to restart it. Without a liveness and a readiness endpoint, a process that is up but cannot reach its database keeps receiving requests, and a deploy sends traffic before the service is ready. Add a cheap liveness route and a readiness route that checks the dependencies the service needs.',
    messages: {
      noHealthRoute: {
        title: 'New service entry point without health checks',
        message: '`{call}` starts a server, but this service declares no health or readiness route (e.g. `/healthz`, `/readyz`) and uses no health-check library. Add liveness and readiness endpoints for the orchestrator and load balancer.',
      },
    },
    options: z.object({}).strict(),
    examples: {
      js: {
        bad: "import express from 'express';\nconst app = express();\napp.get('/orders', listOrders);\napp.listen(3000);\n",
        good: "import express from 'express';\nconst app = express();\napp.get('/orders', listOrders);\napp.get('/healthz', (req, res) => res.send('ok'));\napp.listen(3000);\n",
        badRoutes: [{ method: 'GET', path: '/orders', line: 3 }],
        goodRoutes: [{ method: 'GET', path: '/orders', line: 3 }, { method: 'GET', path: '/healthz', line: 4 }],
      },
    },
  },
  collect(file): OperationalFacts | undefined {
    return operationalFacts(file);
  },
  plan(file) {
    return !isNonServicePath(file.path) && mayStartAnyServer(file) ? CALL_KINDS[file.family] : false;
  },
  checkFile(context) {
    for (const entry of entryCandidates(context)) if (context.changedLines.has(entry.line)) context.keep(entry);
  },
  async checkProject(context) {
    for (const file of context.diff) {
      if (file.status !== 'added') continue;
      const candidates = context.kept(file.path) as Parameters<typeof judgedEntryPoints>[0];
      if (candidates.length === 0) continue;
      const root = context.serviceRootOf(file.path);
      const inService = (path: string) => context.serviceRootOf(path) === root;
      const routes = context.headRoutes.filter((route) => inService(route.file));
      // No routes found means the extractors do not read this service: nothing to judge by.
      if (routes.length === 0 || routes.some((route) => isHealthPath(route.path))) continue;
      if (context.collected.some(({ path, facts }) => inService(path) && (facts as OperationalFacts).health)) continue;
      if (await usesSpringActuator(context.headTree, root)) continue;
      const entry = (await judgedEntryPoints(candidates, context.collected, context.headTree))[0];
      if (!entry) continue;
      context.report({ path: file.path, messageId: 'noHealthRoute', data: { call: entry.call }, line: entry.line });
    }
  },
});

/** Spring Boot Actuator serves /actuator/health when the build declares it. */
async function usesSpringActuator(tree: { read(path: string): Promise<string | undefined> }, root: string): Promise<boolean> {
  for (const name of ['pom.xml', 'build.gradle', 'build.gradle.kts']) {
    const text = await tree.read(root ? `${root}/${name}` : name);
    if (text?.includes('spring-boot-starter-actuator')) return true;
  }
  return false;
}
