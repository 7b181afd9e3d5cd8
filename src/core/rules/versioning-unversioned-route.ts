import { z } from 'zod';
import { defineRule, routeNameOf, routeRefOf } from './types.js';
import { isOperationalPath, versionOf } from './support/route-traits.js';

const MIN_SIBLINGS = 2;

export const unversionedRoute = defineRule({
  id: 'versioning/unversioned-route',
  meta: {
    checklist: 'api.versioning',
    severity: 'medium',
    languages: ['js', 'python', 'go', 'java'],
    description: 'A new route outside the version prefix (`/v1`, `/api/v2`) that every other route in its file uses.',
    rationale:
      'When an API is versioned in the URL, a route outside the version cannot evolve with it: the next version has no place for it and clients cannot tell which contract it belongs to. A route that escapes the prefix is usually mounted on the wrong router. Operational paths (health, metrics, docs, webhooks) are not versioned and are skipped.',
    messages: {
      outsideVersion: {
        title: '{route} is outside the `{version}` prefix its siblings use',
        message: 'The other routes in this file are served under `{version}`, but this one is not. Mount it on the versioned router (or explain why it is unversioned).',
      },
    },
    options: z.object({}).strict(),
    examples: {
      js: {
        bad: "v1.get('/users', listUsers);\nv1.get('/users/:id', getUser);\napp.get('/users/:id/orders', listOrders);\n",
        good: "v1.get('/users', listUsers);\nv1.get('/users/:id', getUser);\nv1.get('/users/:id/orders', listOrders);\n",
        badRoutes: [
          { method: 'GET', path: '/v1/users', line: 1, change: 'unchanged' },
          { method: 'GET', path: '/v1/users/{id}', line: 2, change: 'unchanged' },
          { method: 'GET', path: '/users/{id}/orders', line: 3 },
        ],
        goodRoutes: [
          { method: 'GET', path: '/v1/users', line: 1, change: 'unchanged' },
          { method: 'GET', path: '/v1/users/{id}', line: 2, change: 'unchanged' },
          { method: 'GET', path: '/v1/users/{id}/orders', line: 3 },
        ],
      },
    },
  },
  checkProject(context) {
    for (const change of context.routeChanges) {
      const route = change.route;
      if (change.kind !== 'added' || route.partial || isOperationalPath(route.path) || versionOf(route.path) || ['openapi', 'grpc', 'graphql'].includes(route.framework)) continue;
      const siblings = context.routeChanges
        .filter((other) => (other.kind === 'unchanged' || other.kind === 'modified') && other.route.file === route.file && !isOperationalPath(other.route.path))
        .map((other) => other.route);
      if (siblings.length < MIN_SIBLINGS) continue;
      const versions = new Set(siblings.map((sibling) => versionOf(sibling.path)));
      if (versions.size !== 1 || versions.has(undefined)) continue;
      // Named as the siblings write it (`/api/v1`), when they share the path up to the version.
      const version = [...versions][0]!;
      const prefixes = new Set(siblings.map((sibling) => {
        const segments = sibling.path.split('/');
        return segments.slice(0, segments.indexOf(version) + 1).join('/');
      }));
      const prefix = prefixes.size === 1 ? [...prefixes][0]! : '';
      context.report({ path: route.file, messageId: 'outsideVersion', data: { route: routeNameOf(route), version: prefix.endsWith(`/${version}`) ? prefix : `/${version}` }, line: route.line, routeRef: routeRefOf(route) });
    }
  },
  assess(change) {
    const version = versionOf(change.route.path);
    return version ? { status: 'satisfied', evidence: `versioning: /${version} prefix` } : undefined;
  },
});
