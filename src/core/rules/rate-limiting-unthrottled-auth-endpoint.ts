import { z } from 'zod';
import type { Route } from '../routes/types.js';
import { defineRule, routeNameOf, routeRefOf, type RuleLanguage } from './types.js';
import { rateLimitMiddlewareOf, segmentsOf } from './support/route-traits.js';

const LIMITER_MODULES: Record<RuleLanguage, readonly string[]> = {
  js: ['express-rate-limit', 'rate-limiter-flexible', '@nestjs/throttler', 'express-slow-down', 'express-brute', '@fastify/rate-limit', 'fastify-rate-limit', 'hono-rate-limiter', 'koa-ratelimit', '@upstash/ratelimit', 'limiter', 'bottleneck'],
  python: ['slowapi', 'flask_limiter', 'django_ratelimit', 'ratelimit', 'fastapi_limiter', 'limits', 'rest_framework.throttling'],
  go: ['golang.org/x/time/rate', 'github.com/ulule/limiter', 'github.com/didip/tollbooth', 'github.com/go-chi/httprate', 'github.com/sethvargo/go-limiter', 'github.com/gofiber/fiber/v2/middleware/limiter'],
  java: ['io.github.bucket4j', 'io.github.resilience4j.ratelimiter', 'com.google.common.util.concurrent.RateLimiter', 'es.moki.ratelimitj'],
};

/** Last words of credential-handling endpoints that attackers brute-force. */
const AUTH_ENDPOINT_WORDS = new Set(['login', 'signin', 'sign-in', 'register', 'signup', 'sign-up', 'token', 'access-token', 'password-reset', 'reset-password', 'forgot-password', 'forgot', 'otp', 'verify-otp', 'mfa', '2fa', 'magic-link', 'sessions', 'session', 'authenticate']);

/** POST /login, /auth/register, /password/reset, /oauth/token … */
export function isAuthEndpoint(route: Pick<Route, 'method' | 'path'>): boolean {
  if (route.method !== 'POST' && route.method !== 'ANY') return false;
  const words = segmentsOf(route.path).map((s) => s.toLowerCase().replace(/_/g, '-'));
  const last = words[words.length - 1] ?? '';
  const lastTwo = words.slice(-2).join('-');
  return AUTH_ENDPOINT_WORDS.has(last) || AUTH_ENDPOINT_WORDS.has(lastTwo) || (last === 'reset' && words.includes('password'));
}

export const unthrottledAuthEndpoint = defineRule({
  id: 'rate-limiting/unthrottled-auth-endpoint',
  meta: {
    checklist: 'api.rate-limiting',
    severity: 'medium',
    languages: ['js', 'python', 'go', 'java'],
    description: 'A new login, registration, token or password-reset endpoint without rate limiting, when the service rate-limits other routes per route, or has no rate limiter at all.',
    rationale:
      'Credential endpoints are what attackers automate: password guessing, credential stuffing, account enumeration, SMS and e-mail bombing through reset and OTP flows. A per-client, per-account limit on these routes is the cheapest defence. When the service applies limiters route by route, a new auth route without one is an omission; when it has none at all, say where limiting happens (gateway) or add it.',
    messages: {
      siblingsLimited: {
        title: '{route} has no rate limiter, unlike other routes of the service',
        message: 'This service rate-limits routes individually (e.g. `{limiter}`), but this credential endpoint has no limiter. Add one keyed by client and account.',
      },
      noLimiter: {
        title: '{route} is not rate-limited',
        message: 'The service has no rate limiter, and this credential endpoint invites brute force and enumeration. Add a per-client/per-account limit here, or document that the gateway enforces one.',
        severity: 'low',
      },
    },
    options: z.object({}).strict(),
    examples: {
      js: {
        bad: "router.post('/auth/refresh', loginLimiter, refresh);\nrouter.post('/auth/login', login);\n",
        good: "router.post('/auth/refresh', loginLimiter, refresh);\nrouter.post('/auth/login', loginLimiter, login);\n",
        badRoutes: [
          { method: 'POST', path: '/auth/refresh', line: 1, middleware: ['loginLimiter'] },
          { method: 'POST', path: '/auth/login', line: 2 },
        ],
        goodRoutes: [
          { method: 'POST', path: '/auth/refresh', line: 1, middleware: ['loginLimiter'] },
          { method: 'POST', path: '/auth/login', line: 2, middleware: ['loginLimiter'] },
        ],
      },
    },
  },
  collect(file): boolean | undefined {
    return file.importsAny(LIMITER_MODULES[file.family]) ? true : undefined;
  },
  checkProject(context) {
    const withLibrary = new Set(context.collected.map(({ path }) => context.serviceRootOf(path)));
    for (const change of context.routeChanges) {
      const route = change.route;
      if (change.kind !== 'added' || !isAuthEndpoint(route) || rateLimitMiddlewareOf(route)) continue;
      const root = context.serviceRootOf(route.file);
      const limited = context.headRoutes.find((other) => other !== route && context.serviceRootOf(other.file) === root && rateLimitMiddlewareOf(other));
      if (limited) {
        context.report({ path: route.file, messageId: 'siblingsLimited', data: { route: routeNameOf(route), limiter: rateLimitMiddlewareOf(limited)! }, line: route.line, routeRef: routeRefOf(route) });
      } else if (!withLibrary.has(root)) {
        context.report({ path: route.file, data: { route: routeNameOf(route) }, messageId: 'noLimiter', line: route.line, routeRef: routeRefOf(route) });
      }
      // A library but no per-route limiter anywhere: it is applied globally; nothing to say.
    }
  },
  assess(change) {
    const limiter = rateLimitMiddlewareOf(change.route);
    if (limiter) return { status: 'satisfied', evidence: `rate limiting: ${limiter}` };
    return undefined;
  },
});
