import { z } from 'zod';
import type { Route, RouteChange } from '../routes/types.js';
import { defineRule, routeNameOf, routeRefOf } from './types.js';
import { authMiddlewareOf, isPublicByNature } from './support/route-traits.js';
import { isDocumentRoute } from '../routes/document-routes.js';
import type { DiffFile } from '../diff/parse-unified-diff.js';
import type { SourceTree } from '../change-source.js';
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
 * route has no siblings here: `prefixSiblings` judges it, at low severity (measured on realistic pull
 * requests, the routes under the same prefix elsewhere said less: public catalogs, a second binary,
 * `permitAll()` in a security config raised high false alarms when they counted as siblings).
 */
function siblingsOf(change: RouteChange, changes: readonly RouteChange[]): { routes: Route[]; where: string } {
  const sameFile = existingRoutes(change, changes, (file) => file === change.route.file);
  if (sameFile.length >= MIN_SIBLINGS || sameFile.length === 0) return { routes: sameFile, where: 'in this file' };
  const directory = directoryOf(change.route.file);
  return { routes: existingRoutes(change, changes, (file) => directoryOf(file) === directory), where: 'in this folder' };
}

/** Existing routes under a prefix that make a convention for a route declared where no other route is. */
const MIN_PREFIX_SIBLINGS = 3;

/**
 * For a route declared where no other route is (a new module, a route added where the app is wired):
 * the existing routes of its service and framework under its longest path prefix that has enough of
 * them (`/api/v1` for `/api/v1/admin/tasks`). Another framework is another server (a second binary).
 */
function prefixSiblings(change: RouteChange, changes: readonly RouteChange[], sameService: (file: string) => boolean): { routes: Route[]; prefix: string } | undefined {
  const inService = existingRoutes(change, changes, sameService).filter((route) => route.framework === change.route.framework);
  const segments = change.route.path.split('/').filter(Boolean);
  for (let length = segments.length - 1; length >= 1; length--) {
    const prefix = `/${segments.slice(0, length).join('/')}`;
    const below = inService.filter((route) => route.path === prefix || route.path.startsWith(`${prefix}/`));
    if (below.length >= MIN_PREFIX_SIBLINGS) return { routes: below, prefix };
  }
  return undefined;
}

/** Words that say a module or a function serves anonymous clients on purpose. */
const PUBLIC_WORDS = /public|anonymous|anon|guest|open|unauthenticated/i;
/** Security configuration that opens paths: Spring Security, DRF, Micronaut, NestJS, Quarkus. */
const OPENING_WORDS = ['permitAll', 'AllowAny', 'PermitAll', '@Public(', 'isAnonymous', 'anonymous()', 'SecurityRule.IS_ANONYMOUS'];

/**
 * Whether the PR says the route is public: its file is named so (`public.go`, `public_routes.py`), or a
 * file it changes opens paths in a security configuration (`.requestMatchers("/api/v1/catalog/**").permitAll()`).
 */
async function declaredPublic(route: Route, opensPaths: () => Promise<boolean>): Promise<boolean> {
  return PUBLIC_WORDS.test(route.file.slice(route.file.lastIndexOf('/') + 1)) || (await opensPaths());
}

/** Whether a file the PR changes opens paths in a security configuration. */
async function changesOpenPaths(diff: readonly DiffFile[], tree: SourceTree): Promise<boolean> {
  for (const file of diff) {
    if (file.status === 'deleted') continue;
    const text = await tree.read(file.path);
    if (text && OPENING_WORDS.some((word) => text.includes(word))) return true;
  }
  return false;
}

export const missingRouteAuth = defineRule({
  id: 'auth/missing-route-auth',
  meta: {
    checklist: 'api.auth',
    severity: 'high',
    languages: ['js', 'python', 'go', 'java'],
    description: 'A new route without the authentication middleware, guard, dependency or annotation that every existing route beside it has; or a changed route that lost it.',
    rationale:
      'When every route of a router or controller requires an authenticated user, a new route without that check is almost always an omission, and it exposes data or actions to anyone who finds the URL. The rule judges by the file\'s own convention (at least two existing routes, all protected), so public endpoints in public routers are not reported. A route declared where no other route is (a new module) is judged by the existing routes of its service and framework under its path prefix (at least three, all protected), at low severity, unless its file is named public or the PR opens paths in a security configuration (`permitAll()`, `AllowAny`); login, registration, health and webhook paths are public by nature and skipped.',
    messages: {
      missingAuth: {
        title: '{route} has no authentication, unlike the routes beside it',
        message: 'Every existing route {where} is protected (`{auth}`), but this one has no authentication middleware, guard or dependency. Add it, or say in a comment why this route is public.',
      },
      missingAuthUnderPrefix: {
        title: '{route} has no authentication, unlike the other routes under `{prefix}`',
        message: 'This route is declared where no other route is, and every existing route of the service under `{prefix}` is protected (`{auth}`). If it must be public, say so in a comment; otherwise add the same authentication. (Reported at low severity: the routes under a prefix are weaker evidence than the routes of the same file.)',
        severity: 'low',
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
  async checkProject(context) {
    const extra = context.options.authMiddleware;
    const handlerAuth = (route: Route) => factsForRoute(route, (path) => context.kept(path) as readonly HandlerAuth[])?.auth;
    let opened: Promise<boolean> | undefined;
    const opensPaths = () => (opened ??= changesOpenPaths(context.diff, context.headTree));
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
      if (siblings.routes.length === 0) {
        const nearby = prefixSiblings(change, context.routeChanges, (file) => context.serviceRootOf(file) === context.serviceRootOf(route.file));
        if (!nearby || (await declaredPublic(route, opensPaths))) continue;
        const guards = nearby.routes.map((sibling) => authOf(sibling, extra, handlerAuth));
        if (guards.some((guard) => guard === undefined)) continue;
        context.report({ path: route.file, messageId: 'missingAuthUnderPrefix', data: { route: routeNameOf(route), auth: guards[0]!, prefix: nearby.prefix }, line: route.line, routeRef: routeRefOf(route) });
        continue;
      }
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
