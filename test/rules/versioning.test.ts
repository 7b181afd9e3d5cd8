import { breakingRouteChange } from '../../src/core/rules/versioning-breaking-route-change.js';
import { unversionedRoute } from '../../src/core/rules/versioning-unversioned-route.js';
import { testRule } from './rule-tester.js';

const two = "router.get('/users', list);\nrouter.get('/users/:id', get);\n";

testRule(breakingRouteChange, {
  valid: [
    { name: 'route kept', language: 'js', code: two, routes: [{ method: 'GET', path: '/users', line: 1, change: 'unchanged' }, { method: 'GET', path: '/users/{id}', line: 2, change: 'unchanged' }], baseRoutes: [{ method: 'GET', path: '/users', line: 1 }, { method: 'GET', path: '/users/{id}', line: 2 }] },
    { name: 'v1 route moved to v2', language: 'js', code: "router.get('/v2/users', list);\n", routes: [{ method: 'GET', path: '/v2/users', line: 1 }], baseRoutes: [{ method: 'GET', path: '/v1/users', line: 1 }] },
    { name: 'health route removed', language: 'js', code: "router.get('/users', list);\n", routes: [{ method: 'GET', path: '/users', line: 1, change: 'unchanged' }], baseRoutes: [{ method: 'GET', path: '/users', line: 1 }, { method: 'GET', path: '/health', line: 2 }] },
    { name: 'new optional input', language: 'python', code: '@r.post("/orders")\ndef create(o: Order): ...\n', routes: [{ method: 'POST', path: '/orders', line: 1, requiredInputs: ['sku'] }], baseRoutes: [{ method: 'POST', path: '/orders', line: 1, requiredInputs: ['sku'] }] },
  ],
  invalid: [
    { name: 'route removed', language: 'js', code: "router.get('/users', list);\n", addedLines: [], routes: [{ method: 'GET', path: '/users', line: 1, change: 'unchanged' }], baseRoutes: [{ method: 'GET', path: '/users', line: 1 }, { method: 'DELETE', path: '/users/{id}', line: 2 }], errors: [{ messageId: 'removed', line: 2 }] },
    { name: 'two routes removed from one file: each is reported', language: 'js', code: "router.get('/users', list);\nrouter.post('/users', create);\n", addedLines: [], routes: [{ method: 'GET', path: '/users', line: 1, change: 'unchanged' }, { method: 'POST', path: '/users', line: 2, change: 'unchanged' }], baseRoutes: [{ method: 'GET', path: '/users', line: 1 }, { method: 'GET', path: '/users/{id}', line: 2 }, { method: 'POST', path: '/users', line: 3 }, { method: 'DELETE', path: '/users/{id}', line: 4 }], errors: [{ messageId: 'removed', line: 2 }, { messageId: 'removed', line: 4 }] },
    { name: 'method changed on the same line', language: 'go', code: 'package r\n\nfunc routes(r *gin.Engine) {\n\tr.PATCH("/users/:id", update)\n}\n', routes: [{ method: 'PATCH', path: '/users/{id}', line: 4 }], baseRoutes: [{ method: 'PUT', path: '/users/{id}', line: 4 }], errors: [{ messageId: 'pathChanged', line: 4 }] },
    { name: 'new required input', language: 'python', code: '@r.post("/orders")\ndef create(o: Order): ...\n', routes: [{ method: 'POST', path: '/orders', line: 1, requiredInputs: ['sku', 'warehouse'] }], baseRoutes: [{ method: 'POST', path: '/orders', line: 1, requiredInputs: ['sku'] }], errors: [{ messageId: 'newRequiredInput', line: 1 }] },
    { name: 'java path renamed', language: 'java', code: 'class C {\n  @GetMapping("/customers")\n  List<C> list() { return null; }\n}\n', routes: [{ method: 'GET', path: '/customers', line: 2 }], baseRoutes: [{ method: 'GET', path: '/clients', line: 2 }], errors: [{ messageId: 'pathChanged', line: 2 }] },
  ],
});

testRule(unversionedRoute, {
  valid: [
    { name: 'new route under the version', language: 'js', code: "v1.get('/a', a);\nv1.get('/b', b);\nv1.get('/c', c);\n", routes: [{ method: 'GET', path: '/v1/a', line: 1, change: 'unchanged' }, { method: 'GET', path: '/v1/b', line: 2, change: 'unchanged' }, { method: 'GET', path: '/v1/c', line: 3 }] },
    { name: 'health outside the version', language: 'js', code: "v1.get('/a', a);\nv1.get('/b', b);\napp.get('/healthz', h);\n", routes: [{ method: 'GET', path: '/v1/a', line: 1, change: 'unchanged' }, { method: 'GET', path: '/v1/b', line: 2, change: 'unchanged' }, { method: 'GET', path: '/healthz', line: 3 }] },
    { name: 'unversioned API', language: 'python', code: '@r.get("/a")\ndef a(): ...\n@r.get("/b")\ndef b(): ...\n@r.get("/c")\ndef c(): ...\n', routes: [{ method: 'GET', path: '/a', line: 1, change: 'unchanged' }, { method: 'GET', path: '/b', line: 3, change: 'unchanged' }, { method: 'GET', path: '/c', line: 5 }] },
    { name: 'prefix not resolved', language: 'js', code: "v1.get('/a', a);\nv1.get('/b', b);\nr.get('/c', c);\n", routes: [{ method: 'GET', path: '/v1/a', line: 1, change: 'unchanged' }, { method: 'GET', path: '/v1/b', line: 2, change: 'unchanged' }, { method: 'GET', path: '/c', line: 3, partial: true }] },
  ],
  invalid: [
    { name: 'js route escapes /v1', language: 'js', code: "v1.get('/a', a);\nv1.get('/b', b);\napp.get('/c', c);\n", routes: [{ method: 'GET', path: '/api/v1/a', line: 1, change: 'unchanged' }, { method: 'GET', path: '/api/v1/b', line: 2, change: 'unchanged' }, { method: 'GET', path: '/api/c', line: 3 }], errors: [{ messageId: 'outsideVersion', line: 3 }] },
    { name: 'go route escapes /v2', language: 'go', code: 'package r\n\nfunc routes() {\n\tv2.GET("/a", a)\n\tv2.GET("/b", b)\n\tr.GET("/c", c)\n}\n', routes: [{ method: 'GET', path: '/v2/a', line: 4, change: 'unchanged' }, { method: 'GET', path: '/v2/b', line: 5, change: 'unchanged' }, { method: 'GET', path: '/c', line: 6 }], errors: [{ messageId: 'outsideVersion', line: 6 }] },
  ],
});
