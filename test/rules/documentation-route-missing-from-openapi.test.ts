import { routeMissingFromOpenApi } from '../../src/core/rules/documentation-route-missing-from-openapi.js';
import { testRule } from './rule-tester.js';

const code = "router.get('/users', list);\nrouter.get('/users/:id', get);\nrouter.post('/users', create);\n";
const existing = [
  { method: 'GET', path: '/users', line: 1, change: 'unchanged' as const },
  { method: 'GET', path: '/users/{id}', line: 2, change: 'unchanged' as const },
];
const doc = (method: string, path: string, line: number) => ({ method, path, line, file: 'openapi.yaml', framework: 'openapi', change: 'unchanged' as const });

testRule(routeMissingFromOpenApi, {
  valid: [
    { name: 'new route documented (with server base path)', language: 'js', code, routes: [...existing, { method: 'POST', path: '/users', line: 3 }, doc('GET', '/api/users', 1), doc('GET', '/api/users/{userId}', 2), doc('POST', '/api/users', 3)] },
    { name: 'no OpenAPI document', language: 'js', code, routes: [...existing, { method: 'POST', path: '/users', line: 3 }] },
    { name: 'document covers too little to be maintained', language: 'js', code, routes: [...existing, { method: 'GET', path: '/a', line: 1, change: 'unchanged' }, { method: 'GET', path: '/b', line: 1, change: 'unchanged' }, { method: 'GET', path: '/c', line: 1, change: 'unchanged' }, { method: 'POST', path: '/users', line: 3 }, doc('GET', '/users', 1), doc('GET', '/users/{id}', 2)] },
  ],
  invalid: [
    { name: 'js new route missing', language: 'js', code, routes: [...existing, { method: 'POST', path: '/users', line: 3 }, doc('GET', '/users', 1), doc('GET', '/users/{id}', 2)], errors: [{ messageId: 'notInOpenApi', line: 3 }] },
    { name: 'python new route missing', language: 'python', code: '@r.get("/items")\ndef a(): ...\n@r.get("/items/{id}")\ndef b(id: int): ...\n@r.delete("/items/{id}")\ndef c(id: int): ...\n', routes: [{ method: 'GET', path: '/items', line: 1, change: 'unchanged' }, { method: 'GET', path: '/items/{id}', line: 3, change: 'unchanged' }, { method: 'DELETE', path: '/items/{id}', line: 5 }, doc('GET', '/items', 1), doc('GET', '/items/{id}', 2)], errors: [{ messageId: 'notInOpenApi', line: 5 }] },
  ],
});
