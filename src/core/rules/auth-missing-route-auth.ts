import { z } from 'zod';
import type { Route, RouteChange } from '../routes/types.js';
import { defineRule, routeNameOf, routeRefOf } from './types.js';
import { authMiddlewareOf, isPublicByNature } from './support/route-traits.js';
import { isDocumentRoute } from '../routes/document-routes.js';
import { CALL_KINDS, callParts, receiverNames } from './support/call-parts.js';
import { factsForRoute, type HandlerSpan } from './support/facts-for-route.js';

/** Routes from documents (OpenAPI, proto, SDL) say nothing about the middleware code applies. */

/** How many existing sibling routes must agree before their convention counts. */
const MIN_SIBLINGS = 2;

/** A Next.js route handler's own authentication check, found in its body (`const session = await auth()`). */
interface HandlerAuth extends HandlerSpan {
  auth: string;
}

/**
 * Calls that authenticate inside a route handler: Auth.js/NextAuth (`auth()`, `getServerSession()`),
 * Clerk (`auth()`, `currentUser()`, `getAuth()`), Lucia (`validateRequest()`), Supabase
 * (`supabase.auth.getUser()`), and the usual project helpers (`requireUser()`, `getCurrentUser()`).
 */
const HANDLER_AUTH_CALLS: ReadonlySet<string> = new Set([
  'auth', 'getServerSession', 'getSession', 'currentUser', 'getAuth', 'getToken', 'validateRequest', 'verifySession',
  'requireAuth', 'requireUser', 'requireSession', 'getCurrentUser', 'getUser', 'withAuth',
]);

/**
 * Next.js route handlers have no middleware list to read: they check the session in their body. Such a
 * check counts as the route's authentication, as a guard does elsewhere.
 */
function authOf(route: Route, extra: readonly string[], handlerAuth?: (route: Route) => string | undefined): string | undefined {
  return authMiddlewareOf(route) ?? route.middleware.find((m) => extra.some((name) => m.includes(name))) ?? (route.framework === 'nextjs' ? handlerAuth?.(route) : undefined);
}

/** Existing, non-public routes declared where `accept` says (same file, same directory). */
function existingRoutes(change: RouteChange, changes: readonly RouteChange[], accept: (file: string) => boolean): Route[] {
  return changes
    .filter((other) => other.kind !== 'added' && other.kind !== 'removed' && accept(other.route.file) && other.route !== change.route)
    .map((other) => other.route)
    .filter((route) => !isPublicByNature(route.path) && !isDocumentRoute(route));
}

function directoryOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
}

/**
 * The routes whose convention the new route should follow: its file's existing routes (the same router
 * or controller) when there are enough; otherwise, when its file agrees, the routes of the files
 * beside it (routers split by resource in one `routes/` folder). A route in a file with no existing
 * route (a new module, a second server, a route added where the app is wired) is not judged: measured
 * on realistic pull requests, the routes under the same path prefix elsewhere in the service said too
 * little about it (public catalogs, a second binary, `permitAll()` in a security config).
 */
function siblingsOf(change: RouteChange, changes: readonly RouteChange[]): { routes: Route[]; where: string } {
  const sameFile = existingRoutes(change, changes, (file) => file === change.route.file);
  if (sameFile.length >= MIN_SIBLINGS || sameFile.length === 0) return { routes: sameFile, where: 'in this file' };
  const directory = directoryOf(change.route.file);
  return { routes: existingRoutes(change, changes, (file) => directoryOf(file) === directory), where: 'in this folder' };
}

export const missingRouteAuth = defineRule({
  id: 'auth/missing-route-auth',
  meta: {
    checklist: 'api.auth',
    severity: 'high',
    languages: ['js', 'python', 'go', 'java'],
    description: 'A new route without the authentication middleware, guard, dependency or annotation that every existing route beside it has; or a changed route that lost it.',
    rationale:
      'When every route of a router or controller requires an authenticated user, a new route without that check is almost always an omission, and it exposes data or actions to anyone who finds the URL. The rule judges by the file\'s own convention (at least two existing routes, all protected) so public endpoints in public routers are not reported; login, registration, health and webhook paths are public by nature and skipped.',
    messages: {
      missingAuth: {
        title: '{route} has no authentication, unlike the routes beside it',
        message: 'Every existing route {where} is protected (`{auth}`), but this one has no authentication middleware, guard or dependency. Add it, or say in a comment why this route is public.',
      },
      authRemoved: {
        title: '{route} lost its authentication',
        message: 'This route was protected by `{auth}` before this change and is not any more. If it must become public, say why in the PR; otherwise restore the check.',
      },
    },
    options: z
      .object({ authMiddleware: z.array(z.string()).default([]).describe('Extra middleware/guard names that mean "authenticated" in this codebase.') })
      .strict(),
    examples: {
      js: {
        bad: "router.get('/orders', authenticate, listOrders);\nrouter.get('/orders/:id', authenticate, getOrder);\nrouter.delete('/orders/:id', deleteOrder);\n",
        good: "router.get('/orders', authenticate, listOrders);\nrouter.get('/orders/:id', authenticate, getOrder);\nrouter.delete('/orders/:id', authenticate, deleteOrder);\n",
        badRoutes: [
          { method: 'GET', path: '/orders', line: 1, middleware: ['authenticate'], change: 'unchanged' },
          { method: 'GET', path: '/orders/{id}', line: 2, middleware: ['authenticate'], change: 'unchanged' },
          { method: 'DELETE', path: '/orders/{id}', line: 3 },
        ],
        goodRoutes: [
          { method: 'GET', path: '/orders', line: 1, middleware: ['authenticate'], change: 'unchanged' },
          { method: 'GET', path: '/orders/{id}', line: 2, middleware: ['authenticate'], change: 'unchanged' },
          { method: 'DELETE', path: '/orders/{id}', line: 3, middleware: ['authenticate'] },
        ],
      },
      python: {
        bad: '@router.get("/orders")\ndef list_orders(user=Depends(get_current_user)): ...\n\n@router.get("/orders/{id}")\ndef get_order(id: int, user=Depends(get_current_user)): ...\n\n@router.delete("/orders/{id}")\ndef delete_order(id: int): ...\n',
        good: '@router.get("/orders")\ndef list_orders(user=Depends(get_current_user)): ...\n\n@router.get("/orders/{id}")\ndef get_order(id: int, user=Depends(get_current_user)): ...\n\n@router.delete("/orders/{id}")\ndef delete_order(id: int, user=Depends(get_current_user)): ...\n',
        badRoutes: [
          { method: 'GET', path: '/orders', line: 1, middleware: ['Depends(get_current_user)'], change: 'unchanged' },
          { method: 'GET', path: '/orders/{id}', line: 4, middleware: ['Depends(get_current_user)'], change: 'unchanged' },
          { method: 'DELETE', path: '/orders/{id}', line: 7 },
        ],
        goodRoutes: [
          { method: 'GET', path: '/orders', line: 1, middleware: ['Depends(get_current_user)'], change: 'unchanged' },
          { method: 'GET', path: '/orders/{id}', line: 4, middleware: ['Depends(get_current_user)'], change: 'unchanged' },
          { method: 'DELETE', path: '/orders/{id}', line: 7, middleware: ['Depends(get_current_user)'] },
        ],
      },
    },
  },
  plan(file) {
    // Next.js route modules: their handlers' own session checks (read while the tree is alive).
    return file.family === 'js' && /(^|\/)(app\/.*\/route|pages\/api\/.*)\.[jt]sx?$/.test(file.path) && file.mentionsCall(...HANDLER_AUTH_CALLS) ? CALL_KINDS.js : false;
  },
  checkFile(context) {
    for (const handler of context.handlers()) {
      if (!handler.method) continue;
      for (const call of handler.body.findAll({ rule: { kind: 'call_expression' } })) {
        const parts = callParts(call, 'js');
        if (!parts || !HANDLER_AUTH_CALLS.has(parts.name)) continue;
        // `getUser`/`getSession` are auth only on an auth client (`supabase.auth.getUser()`).
        if ((parts.name === 'getUser' || parts.name === 'getSession') && !receiverNames(parts.receiver, 'js').includes('auth')) continue;
        context.keep({ startLine: handler.startLine, endLine: handler.endLine, auth: `${parts.name}()` } satisfies HandlerAuth);
        break;
      }
    }
  },
  checkProject(context) {
    const extra = context.options.authMiddleware;
    const handlerAuth = (route: Route) => factsForRoute(route, (path) => context.kept(path) as readonly HandlerAuth[])?.auth;
    for (const change of context.routeChanges) {
      const route = change.route;
      if (isDocumentRoute(route) || isPublicByNature(route.path) || authOf(route, extra, handlerAuth)) continue;
      if (change.kind === 'modified' && change.before) {
        const before = authOf(change.before, extra);
        if (before) context.report({ path: route.file, messageId: 'authRemoved', data: { route: routeNameOf(route), auth: before }, line: route.line, routeRef: routeRefOf(route) });
        continue;
      }
      if (change.kind !== 'added') continue;
      const siblings = siblingsOf(change, context.routeChanges);
      if (siblings.routes.length < MIN_SIBLINGS) continue;
      const guards = siblings.routes.map((sibling) => authOf(sibling, extra, handlerAuth));
      if (guards.some((guard) => guard === undefined)) continue;
      context.report({ path: route.file, messageId: 'missingAuth', data: { route: routeNameOf(route), auth: guards[0]!, where: siblings.where }, line: route.line, routeRef: routeRefOf(route) });
    }
  },
  assess(change, context) {
    const auth = authOf(change.route, context.options.authMiddleware, (route) => factsForRoute(route, (path) => context.kept(path) as readonly HandlerAuth[])?.auth);
    if (auth) return { status: 'satisfied', evidence: `auth: ${auth}` };
    if (isPublicByNature(change.route.path)) return { status: 'not-applicable', evidence: 'public by nature' };
    return undefined;
  },
});
