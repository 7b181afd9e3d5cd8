import type { Route } from '../../routes/types.js';

/** The last segment of the route path is a parameter: `/users/{id}` names one item, not a collection. */
export function endsWithParam(path: string): boolean {
  const last = path.split('/').pop() ?? '';
  return last.startsWith('{') && last.endsWith('}');
}

/** Segments of a route path, without empty ones. */
export function segmentsOf(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** A version segment: v1, v2, v1.1, v2beta. */
export function isVersionSegment(segment: string): boolean {
  return /^v\d+([._-]?\w*)?$/i.test(segment);
}

/** The version segment of a path (`v1` in `/api/v1/users`), if any. */
export function versionOf(path: string): string | undefined {
  return segmentsOf(path).find(isVersionSegment);
}

/** Paths that are operational or protocol plumbing, not part of the product API. */
export function isOperationalPath(path: string): boolean {
  const words = segmentsOf(path).map((s) => s.toLowerCase());
  return words.some((w) =>
    ['health', 'healthz', 'healthcheck', 'health-check', 'ready', 'readyz', 'readiness', 'live', 'livez', 'liveness', 'ping', 'metrics', 'status',
      'version', 'docs', 'swagger', 'swagger-ui', 'openapi', 'openapi.json', 'api-docs', 'redoc', 'favicon.ico', 'robots.txt', '.well-known', 'webhook', 'webhooks', 'graphql', 'actuator'].includes(w),
  );
}

/** Paths a user calls before being authenticated. */
export function isPublicByNature(path: string): boolean {
  const words = segmentsOf(path).map((s) => s.toLowerCase().replace(/[_-]/g, ''));
  return (
    isOperationalPath(path) ||
    words.some((w) =>
      ['login', 'signin', 'logout', 'signup', 'register', 'registration', 'auth', 'oauth', 'callback', 'token', 'refresh', 'forgotpassword', 'resetpassword',
        'passwordreset', 'verify', 'verifyemail', 'confirm', 'public', 'invite', 'invitations', 'sso', 'saml', 'otp', 'magiclink'].includes(w),
    )
  );
}

/** Words in middleware/guard/dependency names that mean authentication or authorization. */
const AUTH_WORDS = ['auth', 'jwt', 'login_required', 'loginrequired', 'authenticated', 'permission', 'guard', 'passport', 'bearer', 'token',
  'protect', 'requireuser', 'currentuser', 'current_user', 'get_current', 'isadmin', 'admin', 'role', 'preauthorize', 'secured', 'rolesallowed',
  'verifyuser', 'requirelogin', 'ensureloggedin', 'apikey', 'api_key', 'clerk', 'oauth'];

/** The first middleware of a route that reads as authentication, or undefined. */
export function authMiddlewareOf(route: Pick<Route, 'middleware'>): string | undefined {
  return route.middleware.find((m) => {
    // tsoa names its security schemes freely (`@Security('firebase')`): the decorator itself is the guard.
    if (m.startsWith('@Security(')) return true;
    const lower = m.toLowerCase();
    if (/csrf|xsrf/.test(lower)) return false;
    if (/(rate|limit|throttl|cors|helmet|compress|cache)/.test(lower) && !/auth|jwt|guard|permission/.test(lower)) return false;
    return AUTH_WORDS.some((word) => lower.includes(word));
  });
}

/** The first middleware that reads as a rate limiter, or undefined. */
export function rateLimitMiddlewareOf(route: Pick<Route, 'middleware'>): string | undefined {
  return route.middleware.find((m) => /rate.?limit|limiter|throttl|slowdown|slow_down|brute/i.test(m));
}

/** The first middleware that validates the request, or undefined. */
export function validationMiddlewareOf(route: Pick<Route, 'middleware'>): string | undefined {
  return route.middleware.find((m) => /valid|schema|celebrate|zod|joi|yup|sanitiz|checkSchema|body\(|check\(|ValidationPipe|@Valid/i.test(m));
}

/** Handler span of a route: its handler, or its declaration line for inline declarations. */
export function handlerSpanOf(route: Route): { file: string; startLine: number; endLine: number } {
  return route.handler
    ? { file: route.handler.file, startLine: route.handler.startLine, endLine: route.handler.endLine }
    : { file: route.file, startLine: route.line, endLine: route.line };
}

/** True when a line of `file` lies in the route's handler (or is its declaration). */
export function isInRoute(route: Route, file: string, line: number): boolean {
  const span = handlerSpanOf(route);
  return (file === route.file && line === route.line) || (file === span.file && line >= span.startLine && line <= span.endLine);
}
