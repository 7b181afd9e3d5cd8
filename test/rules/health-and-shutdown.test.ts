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

// Servers made in one file and started in another (`import app from './app'; app.listen(PORT)`,
// `r := setupRouter(); r.Run()`): the entry file imports no server library.
const expressApp = lines(
  "import express from 'express';",
  "import { ordersRouter } from './orders/orders.router';",
  '',
  'const app = express();',
  'app.use(express.json());',
  "app.use('/orders', ordersRouter);",
  '',
  'export default app;',
);
const expressServer = lines(
  "import app from './app';",
  "import { logger } from './logger';",
  '',
  'const PORT = Number(process.env.PORT ?? 3000);',
  '',
  'app.listen(PORT, () => {',
  '  logger.info(`listening on ${PORT}`);',
  '});',
);
const fastifyApp = lines(
  "import Fastify, { type FastifyInstance } from 'fastify';",
  "import { ordersRoutes } from './routes/orders';",
  '',
  'export async function buildApp(): Promise<FastifyInstance> {',
  '  const app = Fastify({ logger: true });',
  "  await app.register(ordersRoutes, { prefix: '/orders' });",
  '  return app;',
  '}',
);
const fastifyServer = lines(
  "import { buildApp } from './app.js';",
  '',
  'const app = await buildApp();',
  "await app.listen({ port: Number(process.env.PORT ?? 3000), host: '0.0.0.0' });",
);
const httpServerModule = lines(
  "import http from 'node:http';",
  "import app from './app';",
  '',
  'export const server = http.createServer(app);',
);
const eventsModule = lines(
  "import { EventEmitter } from 'node:events';",
  '',
  'class Bus extends EventEmitter {',
  '  listen(topic: string, handler: (message: unknown) => void) {',
  '    this.on(topic, handler);',
  '  }',
  '}',
  '',
  'export const bus = new Bus();',
);
const goRouter = lines(
  'package main',
  '',
  'import (',
  '\t"net/http"',
  '',
  '\t"github.com/gin-gonic/gin"',
  ')',
  '',
  'func setupRouter() *gin.Engine {',
  '\tr := gin.Default()',
  '\tr.GET("/orders", listOrders)',
  '\treturn r',
  '}',
);
const goGinMain = lines(
  'package main',
  '',
  'import "log"',
  '',
  'func main() {',
  '\tr := setupRouter()',
  '\tif err := r.Run(":8080"); err != nil {',
  '\t\tlog.Fatal(err)',
  '\t}',
  '}',
);
const goEchoServer = lines(
  'package main',
  '',
  'import "github.com/labstack/echo/v4"',
  '',
  'func newServer(h *Handler) *echo.Echo {',
  '\te := echo.New()',
  '\te.GET("/orders", h.List)',
  '\treturn e',
  '}',
);
const goEchoMain = lines(
  'package main',
  '',
  'import "os"',
  '',
  'func main() {',
  '\te := newServer(&Handler{})',
  '\te.Logger.Fatal(e.Start(":" + os.Getenv("PORT")))',
  '}',
);
const goServerStruct = lines(
  'package server',
  '',
  'import (',
  '\t"net/http"',
  '',
  '\t"github.com/gin-gonic/gin"',
  ')',
  '',
  'type Server struct {',
  '\trouter *gin.Engine',
  '\thttp   *http.Server',
  '}',
  '',
  'func (s *Server) httpServer(addr string) *http.Server {',
  '\treturn &http.Server{Addr: addr, Handler: s.router}',
  '}',
);
const goServerRun = lines(
  'package server',
  '',
  'func (s *Server) Run(addr string) error {',
  '\treturn s.router.Run(addr)',
  '}',
  '',
  'func (s *Server) Serve(addr string) error {',
  '\tsrv := s.httpServer(addr)',
  '\treturn srv.ListenAndServe()',
  '}',
);
const goCliMain = lines(
  'package main',
  '',
  'import (',
  '\t"log"',
  '\t"os"',
  ')',
  '',
  'func main() {',
  '\tapp := newApp()',
  '\tif err := app.Run(os.Args); err != nil {',
  '\t\tlog.Fatal(err)',
  '\t}',
  '}',
);
const goCliApp = lines('package main', '', 'import "github.com/urfave/cli/v2"', '', 'func newApp() *cli.App {', '\treturn &cli.App{Name: "orders-admin"}', '}');

testRule(noSignalHandling, {
  valid: [
    { name: 'js listen on an emitter imported from a project module', language: 'js', path: 'src/worker.ts', code: "import { bus } from './events';\n\nbus.listen('orders.created', (message) => handle(message));\n", status: 'added', files: { 'src/events.ts': eventsModule } },
    { name: 'js listen on a binding from an outside package', language: 'js', path: 'src/worker.ts', code: "import { consumer } from '@acme/queue-client';\n\nconsumer.listen(3000);\n", status: 'added' },
    { name: 'js imported express app with a SIGTERM handler in the service', language: 'js', path: 'src/server.ts', code: expressServer, status: 'added', files: { 'src/app.ts': expressApp, 'src/shutdown.ts': "export const stop = (server) => process.on('SIGTERM', () => server.close());\n" } },
    { name: 'go Run on a value made by a package function that is no server', language: 'go', path: 'cmd/admin/main.go', code: goCliMain, status: 'added', files: { 'cmd/admin/app.go': goCliApp } },
    { name: 'go router made in another package directory', language: 'go', path: 'cmd/api/main.go', code: goGinMain, status: 'added', files: { 'internal/http/router.go': goRouter.replace('package main', 'package http') } },
  ],
  invalid: [
    { name: 'js express app imported from the app module', language: 'js', path: 'src/server.ts', code: expressServer, status: 'added', files: { 'src/app.ts': expressApp }, errors: [{ messageId: 'noSignalHandling', line: 6 }] },
    { name: 'js fastify app built by a factory of another module', language: 'js', path: 'src/server.ts', code: fastifyServer, status: 'added', files: { 'src/app.ts': fastifyApp }, errors: [{ messageId: 'noSignalHandling', line: 4 }] },
    { name: 'js http server exported by another module (required)', language: 'js', path: 'src/index.js', code: "const { server } = require('./server');\n\nserver.listen(process.env.PORT);\n", status: 'added', files: { 'src/server.ts': httpServerModule, 'src/app.ts': expressApp }, errors: [{ messageId: 'noSignalHandling', line: 3 }] },
    { name: 'js app imported through a tsconfig path alias', language: 'js', path: 'src/main.ts', code: "import app from '@/app';\n\napp.listen(8080);\n", status: 'added', files: { 'src/app.ts': expressApp, 'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"] } } }' }, errors: [{ messageId: 'noSignalHandling', line: 3 }] },
    { name: 'js app factory called inline', language: 'js', path: 'src/main.ts', code: "import { createApp } from './app';\n\ncreateApp().listen(3000);\n", status: 'added', files: { 'src/app.ts': "import express from 'express';\nexport const createApp = () => express();\n" }, errors: [{ messageId: 'noSignalHandling', line: 3 }] },
    { name: 'go gin router built in another file of package main', language: 'go', path: 'cmd/api/main.go', code: goGinMain, status: 'added', files: { 'cmd/api/router.go': goRouter }, errors: [{ messageId: 'noSignalHandling', line: 7 }] },
    { name: 'go echo server made by a package function, started inside Logger.Fatal', language: 'go', path: 'main.go', code: goEchoMain, status: 'added', files: { 'server.go': goEchoServer }, errors: [{ messageId: 'noSignalHandling', line: 7 }] },
    { name: 'go gin engine in a struct field and an http.Server from a method', language: 'go', path: 'internal/server/run.go', code: goServerRun, status: 'added', files: { 'internal/server/server.go': goServerStruct }, errors: [{ messageId: 'noSignalHandling', line: 4 }] },
    { name: 'go fiber app made by a package function', language: 'go', path: 'main.go', code: 'package main\n\nimport "log"\n\nfunc main() {\n\tapp := newApp()\n\tlog.Fatal(app.Listen(":3000"))\n}\n', status: 'added', files: { 'app.go': 'package main\n\nimport "github.com/gofiber/fiber/v2"\n\nfunc newApp() *fiber.App {\n\treturn fiber.New()\n}\n' }, errors: [{ messageId: 'noSignalHandling', line: 7 }] },
  ],
});

testRule(missingHealthCheck, {
  valid: [
    { name: 'js imported app with a health route', language: 'js', path: 'src/server.ts', code: expressServer, status: 'added', files: { 'src/app.ts': expressApp }, routes: [{ method: 'GET', path: '/orders', line: 6, file: 'src/app.ts' }, { method: 'GET', path: '/healthz', line: 7, file: 'src/app.ts' }] },
    { name: 'js emitter imported from a project module', language: 'js', path: 'src/worker.ts', code: "import { bus } from './events';\n\nbus.listen('orders.created', (message) => handle(message));\n", status: 'added', files: { 'src/events.ts': eventsModule }, routes: [{ method: 'GET', path: '/orders', line: 1, file: 'src/events.ts' }] },
  ],
  invalid: [
    { name: 'js express app imported from the app module', language: 'js', path: 'src/server.ts', code: expressServer, status: 'added', files: { 'src/app.ts': expressApp }, routes: [{ method: 'GET', path: '/orders', line: 6, file: 'src/app.ts' }], errors: [{ messageId: 'noHealthRoute', line: 6 }] },
    { name: 'go gin router built in another file of package main', language: 'go', path: 'cmd/api/main.go', code: goGinMain, status: 'added', files: { 'cmd/api/router.go': goRouter }, routes: [{ method: 'GET', path: '/orders', line: 11, file: 'cmd/api/router.go' }], errors: [{ messageId: 'noHealthRoute', line: 7 }] },
  ],
});
