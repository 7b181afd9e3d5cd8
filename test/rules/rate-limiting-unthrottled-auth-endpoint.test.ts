import { unthrottledAuthEndpoint } from '../../src/core/rules/rate-limiting-unthrottled-auth-endpoint.js';
import { testRule } from './rule-tester.js';

const code = "router.post('/auth/refresh', loginLimiter, refresh);\nrouter.post('/auth/login', login);\n";

testRule(unthrottledAuthEndpoint, {
  valid: [
    { name: 'login has the limiter', language: 'js', code, routes: [{ method: 'POST', path: '/auth/refresh', line: 1, middleware: ['loginLimiter'], change: 'unchanged' }, { method: 'POST', path: '/auth/login', line: 2, middleware: ['loginLimiter'] }] },
    { name: 'limiter library applied globally', language: 'js', code: "import rateLimit from 'express-rate-limit';\napp.use(rateLimit({ windowMs: 60000, max: 100 }));\nrouter.post('/auth/login', login);\n", routes: [{ method: 'POST', path: '/auth/login', line: 3 }] },
    { name: 'not an auth endpoint', language: 'js', code, routes: [{ method: 'POST', path: '/auth/refresh', line: 1, middleware: ['loginLimiter'], change: 'unchanged' }, { method: 'POST', path: '/orders', line: 2 }] },
    { name: 'python token check of a signed-in user', language: 'python', code: '@router.post("/login/test-token")\ndef test_token(current_user: CurrentUser): ...\n', routes: [{ method: 'POST', path: '/api/v1/login/test-token', line: 1 }] },
    { name: 'python slowapi decorator', language: 'python', code: 'from slowapi import Limiter\n@r.post("/login")\n@limiter.limit("5/minute")\ndef login(): ...\n', routes: [{ method: 'POST', path: '/login', line: 2, middleware: ['@limiter.limit("5/minute")'] }] },
  ],
  invalid: [
    { name: 'js sibling limited, login not', language: 'js', code, routes: [{ method: 'POST', path: '/auth/refresh', line: 1, middleware: ['loginLimiter'], change: 'unchanged' }, { method: 'POST', path: '/auth/login', line: 2 }], errors: [{ messageId: 'siblingsLimited', line: 2 }] },
    { name: 'python no limiter at all', language: 'python', code: '@r.post("/password/reset")\ndef reset(): ...\n', routes: [{ method: 'POST', path: '/password/reset', line: 1 }], errors: [{ messageId: 'noLimiter', line: 1 }] },
    { name: 'go register without limiter', language: 'go', code: 'package r\n\nfunc routes() {\n\tr.POST("/register", register)\n}\n', routes: [{ method: 'POST', path: '/register', line: 4 }], errors: [{ messageId: 'noLimiter', line: 4 }] },
    {
      name: 'python OAuth2 password login',
      language: 'python',
      code: '@router.post("/login/access-token")\ndef login_access_token(session: SessionDep, form_data: Annotated[OAuth2PasswordRequestForm, Depends()]) -> Token:\n    ...\n',
      routes: [{ method: 'POST', path: '/api/v1/login/access-token', line: 1 }],
      errors: [{ messageId: 'noLimiter', line: 1 }],
    },
    { name: 'java token endpoint', language: 'java', code: 'class A {\n  @PostMapping("/oauth/token")\n  T token() { return null; }\n}\n', routes: [{ method: 'POST', path: '/oauth/token', line: 2 }], errors: [{ messageId: 'noLimiter', line: 2 }] },
  ],
});
