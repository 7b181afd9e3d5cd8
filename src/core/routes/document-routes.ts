import { routeKey } from './diff-routes.js';
import type { Route, RouteChange, RouteChangeKind } from './types.js';

/** Route sources that describe an interface (OpenAPI, gRPC, GraphQL documents) rather than serve it. */
export const DOCUMENT_FRAMEWORKS: ReadonlySet<string> = new Set(['openapi', 'grpc', 'graphql']);

export function isDocumentRoute(route: Pick<Route, 'framework'>): boolean {
  return DOCUMENT_FRAMEWORKS.has(route.framework);
}

/**
 * The routes a listing shows. An OpenAPI operation that the tree's code also declares (same method
 * and path) is one endpoint: it is listed once, as the code's route. The route map itself keeps
 * both, because the documentation rule compares the two.
 */
export function listedRoutes(routes: readonly Route[]): Route[] {
  const served = new Set(routes.filter((route) => !isDocumentRoute(route)).map(routeKey));
  return routes.filter((route) => route.framework !== 'openapi' || !served.has(routeKey(route)));
}

/**
 * The same for a review's route changes. A documented operation stays listed when its document
 * changed otherwise than its code (the document alone was edited): that change is news.
 */
export function listedRouteChanges(changes: readonly RouteChange[]): RouteChange[] {
  const served = new Map<string, Set<RouteChangeKind>>();
  for (const change of changes) {
    if (isDocumentRoute(change.route)) continue;
    const key = routeKey(change.route);
    const kinds = served.get(key) ?? new Set<RouteChangeKind>();
    kinds.add(change.kind);
    served.set(key, kinds);
  }
  return changes.filter((change) => change.route.framework !== 'openapi' || !served.get(routeKey(change.route))?.has(change.kind));
}
