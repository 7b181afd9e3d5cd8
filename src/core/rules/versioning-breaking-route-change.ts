import { z } from 'zod';
import type { DiffFile } from '../diff/parse-unified-diff.js';
import type { Route } from '../routes/types.js';
import { defineRule, routeNameOf, routeRefOf } from './types.js';
import { isOperationalPath, isVersionSegment, segmentsOf, versionOf } from './support/route-traits.js';

/** A path with its version segment and parameter names blanked: `/v2/users/{uid}` → `/*\/users/{}`. */
function shapeOf(path: string): string {
  return segmentsOf(path).map((s) => (isVersionSegment(s) ? '*' : s.startsWith('{') ? '{}' : s)).join('/');
}

/** The right-side line where a base line was deleted (an added line of its hunk when there is one). */
function lineWhereDeleted(file: DiffFile | undefined, baseLine: number): number | undefined {
  if (!file || file.status === 'deleted') return undefined;
  for (const hunk of file.hunks) {
    if (baseLine < hunk.oldStart || baseLine >= hunk.oldStart + Math.max(hunk.oldLines, 1)) continue;
    return hunk.addedLines[0] ?? hunk.rightLines[0] ?? hunk.newStart;
  }
  return undefined;
}

export const breakingRouteChange = defineRule({
  id: 'versioning/breaking-route-change',
  meta: {
    checklist: 'api.versioning',
    severity: 'high',
    languages: ['js', 'python', 'go', 'java'],
    description: 'A breaking change to the API contract without a new version: a route removed, its path or method changed, or a new required input on an existing route.',
    rationale:
      'Clients call the API that was deployed yesterday. Removing or renaming a route, changing its method, or requiring a new field breaks every client that has not been updated in the same instant, which for mobile apps and third parties is never. Keep the old contract (deprecate it, with a sunset date) and put the new shape under a new version, or make the new input optional with a default.',
    messages: {
      removed: {
        title: '{method} {path} was removed',
        message: 'This change removes `{method} {path}`, which clients may still call. Deprecate it first (keep it, announce a sunset date) or move the new contract to a new API version.',
      },
      pathChanged: {
        title: '{route} replaces {oldRoute}',
        message: 'The handler that served `{oldRoute}` is now at {route}; clients of the old path or method break. Keep the old route (as a deprecated alias) or introduce the change under a new API version.',
      },
      newRequiredInput: {
        title: '{route} now requires `{inputs}`',
        message: 'Existing clients do not send `{inputs}`, so their requests will fail validation. Make the new input optional with a default, or add it in a new API version.',
      },
    },
    options: z.object({}).strict(),
    examples: {
      js: {
        bad: "router.get('/users', listUsers);\n",
        good: "router.get('/users', listUsers);\nrouter.delete('/users/:id', deleteUser);\n",
        badRoutes: [{ method: 'GET', path: '/users', line: 1 }],
        goodRoutes: [{ method: 'GET', path: '/users', line: 1 }, { method: 'DELETE', path: '/users/{id}', line: 2 }],
        badBaseRoutes: [{ method: 'GET', path: '/users', line: 1 }, { method: 'DELETE', path: '/users/{id}', line: 2 }],
        goodBaseRoutes: [{ method: 'GET', path: '/users', line: 1 }, { method: 'DELETE', path: '/users/{id}', line: 2 }],
      },
    },
  },
  checkProject(context) {
    const added = context.routeChanges.filter((c) => c.kind === 'added').map((c) => c.route);
    const head = context.headRoutes;
    for (const change of context.routeChanges) {
      const route = change.route;
      if (change.kind === 'modified' && change.before?.requiredInputs && route.requiredInputs) {
        const before = new Set(change.before.requiredInputs);
        const fresh = route.requiredInputs.filter((input) => !before.has(input));
        if (fresh.length > 0) context.report({ path: route.file, messageId: 'newRequiredInput', data: { route: routeNameOf(route), inputs: fresh.join('`, `') }, line: route.line, routeRef: routeRefOf(route) });
        continue;
      }
      if (change.kind !== 'removed' || isOperationalPath(route.path)) continue;
      // Moved to a new version (`/v1/x` gone, `/v2/x` present): a versioned change, not a silent break.
      if (head.some((h) => h.method === route.method && shapeOf(h.path) === shapeOf(route.path) && versionOf(h.path) !== versionOf(route.path))) continue;
      const replacement = added.find((a) => sameHandler(a, route));
      if (replacement) {
        if (versionOf(replacement.path) !== versionOf(route.path)) continue;
        context.report({ path: replacement.file, messageId: 'pathChanged', data: { route: routeNameOf(replacement), oldRoute: `${route.method} ${route.path}` }, line: replacement.line, routeRef: routeRefOf(replacement) });
        continue;
      }
      const diffFile = context.diff.find((file) => (file.oldPath ?? file.path) === route.file);
      const line = lineWhereDeleted(diffFile, route.line);
      context.report({
        path: line === undefined ? route.file : diffFile!.path,
        messageId: 'removed',
        data: { method: route.method, path: route.path },
        line: line ?? route.line,
        allowUnchangedLine: true,
      });
    }
  },
});

/** The same handler now serves another method or path (a rename, not a removal). */
function sameHandler(added: Route, removed: Route): boolean {
  const name = removed.handler?.name;
  if (name && added.handler?.name === name) return true;
  return added.file === removed.file && Math.abs(added.line - removed.line) <= 1 && (added.method !== removed.method || shapeOf(added.path) !== shapeOf(removed.path));
}
