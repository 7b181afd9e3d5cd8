import { z } from 'zod';
import type { Route } from '../routes/types.js';
import { defineRule, routeNameOf, routeRefOf } from './types.js';
import { isOperationalPath, segmentsOf } from './support/route-traits.js';
import { isDocumentRoute } from '../routes/document-routes.js';

/** Documented share of the existing routes above which the document is considered maintained. */
const MIN_COVERAGE = 0.5;
const MIN_DOCUMENTED = 2;

/** Path shape with parameter names blanked, for matching code against the document. */
function shapeOf(path: string): string[] {
  return segmentsOf(path).map((s) => (s.startsWith('{') ? '{}' : s.toLowerCase()));
}

/** The document route for a code route: same method, and one path is the other with a base path in front. */
function documentedBy(route: Route, documented: readonly Route[]): Route | undefined {
  const shape = shapeOf(route.path);
  return documented.find((doc) => {
    if (doc.method !== route.method) return false;
    const docShape = shapeOf(doc.path);
    const [longer, shorter] = docShape.length >= shape.length ? [docShape, shape] : [shape, docShape];
    return shorter.length > 0 && longer.slice(longer.length - shorter.length).join('/') === shorter.join('/');
  });
}

export const routeMissingFromOpenApi = defineRule({
  id: 'documentation/route-missing-from-openapi',
  meta: {
    checklist: 'api.documentation',
    severity: 'low',
    languages: ['js', 'python', 'go', 'java'],
    description: 'A new route missing from the OpenAPI document the repository maintains (one that describes most of the existing routes).',
    rationale:
      'An OpenAPI document that most routes appear in is a contract clients generate SDKs and tests from. A route added to the code but not to the document is invisible to them, and the document silently stops being true. Add the operation with its parameters, request body, responses and errors in the same change.',
    messages: {
      notInOpenApi: {
        title: '{route} is not in {document}',
        message: 'The repository documents its API in `{document}`, which describes the other routes, but not this one. Add the operation (parameters, body, responses, errors) in this change.',
      },
    },
    options: z.object({}).strict(),
    examples: {
      js: {
        bad: "router.get('/users', listUsers);\nrouter.get('/users/:id', getUser);\nrouter.post('/users', createUser);\n",
        good: "router.get('/users', listUsers);\nrouter.get('/users/:id', getUser);\nrouter.post('/users', createUser);\n",
        // The code is the same: what differs is whether openapi.yaml describes POST /users.
        badRoutes: [
          { method: 'GET', path: '/users', line: 1, change: 'unchanged' },
          { method: 'GET', path: '/users/{id}', line: 2, change: 'unchanged' },
          { method: 'POST', path: '/users', line: 3 },
          { method: 'GET', path: '/api/users', line: 10, file: 'openapi.yaml', framework: 'openapi', change: 'unchanged' },
          { method: 'GET', path: '/api/users/{userId}', line: 20, file: 'openapi.yaml', framework: 'openapi', change: 'unchanged' },
        ],
        goodRoutes: [
          { method: 'GET', path: '/users', line: 1, change: 'unchanged' },
          { method: 'GET', path: '/users/{id}', line: 2, change: 'unchanged' },
          { method: 'POST', path: '/users', line: 3 },
          { method: 'GET', path: '/api/users', line: 10, file: 'openapi.yaml', framework: 'openapi', change: 'unchanged' },
          { method: 'GET', path: '/api/users/{userId}', line: 20, file: 'openapi.yaml', framework: 'openapi', change: 'unchanged' },
          { method: 'POST', path: '/api/users', line: 30, file: 'openapi.yaml', framework: 'openapi' },
        ],
      },
    },
  },
  checkProject(context) {
    const documents = context.headRoutes.filter((route) => route.framework === 'openapi');
    if (documents.length === 0) return;
    const existing = context.routeChanges.filter((c) => (c.kind === 'unchanged' || c.kind === 'modified') && !isDocumentRoute(c.route) && !isOperationalPath(c.route.path)).map((c) => c.route);
    const covered = existing.filter((route) => documentedBy(route, documents));
    if (covered.length < MIN_DOCUMENTED || covered.length / Math.max(existing.length, 1) < MIN_COVERAGE) return;
    const documentFile = documents[0]!.file;
    for (const change of context.routeChanges) {
      const route = change.route;
      if (change.kind !== 'added' || isDocumentRoute(route) || isOperationalPath(route.path) || documentedBy(route, documents)) continue;
      context.report({ path: route.file, messageId: 'notInOpenApi', data: { route: routeNameOf(route), document: documentFile }, line: route.line, routeRef: routeRefOf(route) });
    }
  },
  assess(change, context) {
    const documented = documentedBy(change.route, context.headRoutes.filter((route) => route.framework === 'openapi'));
    return documented ? { status: 'satisfied', evidence: `documentation: in ${documented.file}` } : undefined;
  },
});
