import { z } from 'zod';
import { defineRule } from './types.js';
import { CALL_KINDS } from './support/call-parts.js';
import { entryCandidates, judgedEntryPoints, mayStartAnyServer, operationalFacts, type OperationalFacts } from './support/entry-points.js';
import { isNonServicePath } from './support/path-kind.js';

export const noSignalHandling = defineRule({
  id: 'shutdown/no-signal-handling',
  meta: {
    checklist: 'service.graceful-shutdown',
    severity: 'medium',
    languages: ['js', 'go'],
    description: 'A new Node.js or Go server entry point in a service that never handles SIGTERM/SIGINT (no signal handler, no graceful-shutdown library, no `Server.Shutdown`).',
    rationale:
      'On every deploy, scale-in and node drain the orchestrator sends SIGTERM and, after a grace period, SIGKILL. Node.js and Go exit at once on SIGTERM by default, cutting in-flight requests and leaving connections and transactions half done. Handle the signal: stop accepting connections, fail readiness, finish in-flight work, close pools, then exit. (Python ASGI servers and Spring Boot handle this themselves.)',
    messages: {
      noSignalHandling: {
        title: 'New server without graceful shutdown',
        message: '`{call}` starts a server, but this service handles neither SIGTERM nor SIGINT. Close the server on SIGTERM (`server.close()` / `srv.Shutdown(ctx)`), let in-flight requests finish and close connection pools before exiting.',
      },
    },
    options: z.object({}).strict(),
    examples: {
      js: {
        bad: "import express from 'express';\nconst app = express();\napp.listen(3000);\n",
        good: "import express from 'express';\nconst app = express();\nconst server = app.listen(3000);\nprocess.on('SIGTERM', () => server.close(() => process.exit(0)));\n",
      },
      go: {
        bad: 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", router())\n}\n',
        good: 'package main\n\nimport (\n\t"context"\n\t"net/http"\n\t"os"\n\t"os/signal"\n\t"syscall"\n)\n\nfunc main() {\n\tsrv := &http.Server{Addr: ":8080", Handler: router()}\n\tgo srv.ListenAndServe()\n\tctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)\n\tdefer stop()\n\t<-ctx.Done()\n\tsrv.Shutdown(context.Background())\n}\n',
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
      if (context.collected.some(({ path, facts }) => context.serviceRootOf(path) === root && (facts as OperationalFacts).signals)) continue;
      const entry = (await judgedEntryPoints(candidates, context.collected, context.headTree))[0];
      if (entry) context.report({ path: file.path, messageId: 'noSignalHandling', data: { call: entry.call }, line: entry.line });
    }
  },
});
