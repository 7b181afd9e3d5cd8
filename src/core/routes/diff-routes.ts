import type { Route, RouteChange } from './types.js';

/** A route's identity across refs: what a client calls. */
export function routeKey(route: Pick<Route, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/**
 * Compares the route maps at base and head. Every head route appears once (added, modified or
 * unchanged), followed by the removed ones.
 */
export function diffRoutes(base: readonly Route[], head: readonly Route[]): RouteChange[] {
  const before = new Map<string, Route[]>();
  for (const route of base) {
    const list = before.get(routeKey(route));
    if (list) list.push(route);
    else before.set(routeKey(route), [route]);
  }
  const changes: RouteChange[] = [];
  for (const route of head) {
    const candidates = before.get(routeKey(route));
    const match = candidates?.shift();
    if (!match) changes.push({ kind: 'added', route });
    else changes.push({ kind: match.signature === route.signature ? 'unchanged' : 'modified', route, before: match });
  }
  for (const remaining of before.values()) for (const route of remaining) changes.push({ kind: 'removed', route });
  return changes;
}
