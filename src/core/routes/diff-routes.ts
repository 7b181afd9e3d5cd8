import type { Route, RouteChange } from './types.js';

/** A route's identity across refs: what a client calls. */
export function routeKey(route: Pick<Route, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/**
 * Compares the route maps at base and head. Every head route appears once (added, modified or
 * unchanged), followed by the removed ones. Routes with the same method and path (two servers of one
 * repository, a route moved between files) are paired by what else they share, most first: the same
 * declaration, then the same file, then the same framework; only then in order.
 */
export function diffRoutes(base: readonly Route[], head: readonly Route[]): RouteChange[] {
  const before = new Map<string, Route[]>();
  for (const route of base) {
    const list = before.get(routeKey(route));
    if (list) list.push(route);
    else before.set(routeKey(route), [route]);
  }
  const matches = new Map<Route, Route>();
  const passes: Array<(a: Route, b: Route) => boolean> = [
    (a, b) => a.signature === b.signature && a.file === b.file,
    (a, b) => a.file === b.file,
    (a, b) => a.framework === b.framework,
    () => true,
  ];
  for (const same of passes) {
    for (const route of head) {
      if (matches.has(route)) continue;
      const candidates = before.get(routeKey(route));
      const at = candidates?.findIndex((candidate) => same(route, candidate)) ?? -1;
      if (at >= 0) matches.set(route, candidates!.splice(at, 1)[0]!);
    }
  }
  const changes: RouteChange[] = [];
  for (const route of head) {
    const match = matches.get(route);
    if (!match) changes.push({ kind: 'added', route });
    else changes.push({ kind: match.signature === route.signature ? 'unchanged' : 'modified', route, before: match });
  }
  for (const remaining of before.values()) for (const route of remaining) changes.push({ kind: 'removed', route });
  return changes;
}
