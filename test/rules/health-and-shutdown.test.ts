import { missingHealthCheck } from '../../src/core/rules/health-missing-health-check.js';
import { noSignalHandling } from '../../src/core/rules/shutdown-no-signal-handling.js';
import { testRule } from './rule-tester.js';

const lines = (...text: string[]) => `${text.join('\n')}\n`;
const expressMain = "import express from 'express';\nconst app = express();\napp.get('/orders', listOrders);\napp.listen(3000);\n";
const goMain = 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.HandleFunc("/orders", orders)\n\thttp.ListenAndServe(":8080", nil)\n}\n';

testRule(missingHealthCheck, {
  valid: [
    { name: 'js health route exists', language: 'js', code: expressMain, status: 'added', routes: [{ method: 'GET', path: '/orders', line: 3 }, { method: 'GET', path: '/healthz', line: 3, file: 'src/health.ts' }], files: { 'src/health.ts': '\n\n\n' } },
    {
      name: 'go health route written outside the app namespace',
      language: 'go',
      code: 'package main\n\nimport "net/http"\n\nfunc main() {\n\tr.HandleFunc(baseUrl+"/_healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "ok") })\n\thttp.ListenAndServe(":8080", r)\n}\n',
      path: 'src/frontend/main.go',
      status: 'added',
      routes: [{ method: 'GET', path: '/cart', line: 6 }, { method: 'ANY', path: '/_healthz', line: 6, partial: true }],
    },
    { name: 'python health_check route', language: 'python', code: 'import uvicorn\nfrom fastapi import FastAPI\napp = FastAPI()\n\nif __name__ == "__main__":\n    uvicorn.run(app, port=8000)\n', path: 'app/main.py', status: 'added', routes: [{ method: 'GET', path: '/orders', line: 3 }, { method: 'GET', path: '/api/health_check', line: 3 }] },
    { name: 'js terminus elsewhere in the service', language: 'js', code: expressMain, status: 'added', routes: [{ method: 'GET', path: '/orders', line: 3 }], files: { 'src/shutdown.ts': "import { createTerminus } from '@godaddy/terminus';\n" } },
    { name: 'js file modified, not added', language: 'js', code: expressMain, routes: [{ method: 'GET', path: '/orders', line: 3 }] },
    { name: 'js no routes known', language: 'js', code: expressMain, status: 'added' },
    { name: 'js script', language: 'js', code: expressMain, status: 'added', path: 'scripts/mock-server.ts', routes: [{ method: 'GET', path: '/orders', line: 3, file: 'scripts/mock-server.ts' }] },
    { name: 'java actuator in the build', language: 'java', code: 'import org.springframework.boot.SpringApplication;\nclass App {\n  public static void main(String[] a) { SpringApplication.run(App.class, a); }\n}\n', status: 'added', routes: [{ method: 'GET', path: '/orders', line: 3 }], files: { 'pom.xml': '<artifactId>spring-boot-starter-actuator</artifactId>' } },
  ],
  invalid: [
    { name: 'js new express server', language: 'js', code: expressMain, status: 'added', routes: [{ method: 'GET', path: '/orders', line: 3 }], errors: [{ messageId: 'noHealthRoute', line: 4 }] },
    { name: 'python uvicorn', language: 'python', code: 'import uvicorn\nfrom fastapi import FastAPI\napp = FastAPI()\n\nif __name__ == "__main__":\n    uvicorn.run(app, port=8000)\n', path: 'app/main.py', status: 'added', routes: [{ method: 'GET', path: '/orders', line: 3 }], errors: [{ messageId: 'noHealthRoute', line: 6 }] },
    { name: 'go route that only contains a health word', language: 'go', code: goMain, path: 'cmd/api/main.go', status: 'added', routes: [{ method: 'ANY', path: '/orders', line: 6 }, { method: 'GET', path: '/patients/{id}/health_records', line: 6 }], errors: [{ messageId: 'noHealthRoute', line: 7 }] },
    { name: 'go ListenAndServe', language: 'go', code: goMain, path: 'cmd/api/main.go', status: 'added', routes: [{ method: 'ANY', path: '/orders', line: 6 }], errors: [{ messageId: 'noHealthRoute', line: 7 }] },
    { name: 'java spring boot without actuator', language: 'java', code: 'import org.springframework.boot.SpringApplication;\nclass App {\n  public static void main(String[] a) { SpringApplication.run(App.class, a); }\n}\n', status: 'added', routes: [{ method: 'GET', path: '/orders', line: 3 }], files: { 'pom.xml': '<artifactId>spring-boot-starter-web</artifactId>' }, errors: [{ messageId: 'noHealthRoute', line: 3 }] },
  ],
});

testRule(noSignalHandling, {
  valid: [
    { name: 'js SIGTERM handler elsewhere', language: 'js', code: expressMain, status: 'added', files: { 'src/shutdown.ts': "export function onStop(server) {\n  process.on('SIGTERM', () => server.close());\n}\n" } },
    { name: 'js Nest shutdown hooks', language: 'js', code: "import { NestFactory } from '@nestjs/core';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  app.enableShutdownHooks();\n  await app.listen(3000);\n}\n", status: 'added' },
    { name: 'go os/signal', language: 'go', code: 'package main\n\nimport (\n\t"net/http"\n\t"os/signal"\n)\n\nfunc main() {\n\tgo http.ListenAndServe(":8080", nil)\n\tsignal.Notify(ch)\n}\n', path: 'cmd/api/main.go', status: 'added' },
    {
      name: 'js signal listeners installed in a loop',
      language: 'js',
      code: expressMain,
      status: 'added',
      files: {
        'src/shutdown.ts': lines(
          'export function installShutdown(server, options = {}) {',
          "  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];",
          '  const onSignal = () => server.close();',
          '  for (const signal of signals) process.on(signal, onSignal);',
          '}',
        ),
      },
    },
    { name: 'js signal listeners installed with forEach', language: 'js', code: expressMain, status: 'added', files: { 'src/shutdown.ts': "export function stopOn(server) {\n  ['SIGINT', 'SIGTERM'].forEach((sig) => process.once(sig, () => server.close()));\n}\n" } },
    { name: 'js modified file', language: 'js', code: expressMain },
  ],
  invalid: [
    { name: 'js new express server', language: 'js', code: expressMain, status: 'added', errors: [{ messageId: 'noSignalHandling', line: 4 }] },
    { name: 'js listener for another event beside a log line naming the signal', language: 'js', code: expressMain, status: 'added', files: { 'src/events.ts': "export function watch(emitter, event) {\n  emitter.on(event, () => console.log('SIGTERM received'));\n}\n" }, errors: [{ messageId: 'noSignalHandling', line: 4 }] },
    { name: 'js signal name only in a comment', language: 'js', code: expressMain, status: 'added', files: { 'src/events.ts': '// TODO handle SIGTERM\nexport function watch(emitter, event) {\n  emitter.on(event, () => undefined);\n}\n' }, errors: [{ messageId: 'noSignalHandling', line: 4 }] },
    { name: 'go new main', language: 'go', code: goMain, path: 'cmd/api/main.go', status: 'added', errors: [{ messageId: 'noSignalHandling', line: 7 }] },
  ],
});
