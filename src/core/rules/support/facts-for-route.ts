import type { Route } from '../../routes/types.js';

/** Facts a rule keeps about one handler function of a changed file, located by its line span. */
export interface HandlerSpan {
  startLine: number;
  endLine: number;
}

/**
 * The kept facts of the handler a route points to: the span that holds the handler (or, for inline
 * and decorated handlers, the one that starts at or just below the declaration line).
 */
export function factsForRoute<T extends HandlerSpan>(route: Route, kept: (path: string) => readonly T[]): T | undefined {
  const file = route.handler?.file ?? route.file;
  const candidates = kept(file);
  if (candidates.length === 0) return undefined;
  if (route.handler) {
    const { startLine, endLine } = route.handler;
    const exact = candidates.find((f) => f.startLine === startLine && f.endLine === endLine);
    if (exact) return exact;
    const overlapping = candidates.filter((f) => f.startLine <= endLine && f.endLine >= startLine);
    if (overlapping.length > 0) return closest(overlapping, startLine);
    if (file !== route.file) return undefined;
  }
  // Decorators and annotations sit a few lines above the function they declare.
  const near = candidates.filter((f) => (f.startLine <= route.line && f.endLine >= route.line) || (f.startLine > route.line && f.startLine - route.line <= 6));
  return file === route.file ? closest(near, route.line) : undefined;
}

function closest<T extends HandlerSpan>(facts: readonly T[], line: number): T | undefined {
  let best: T | undefined;
  for (const fact of facts) if (!best || Math.abs(fact.startLine - line) < Math.abs(best.startLine - line)) best = fact;
  return best;
}
