import { stableHash } from '../../../../hash.js';
import { normaliseRoutePath } from '../../../normalise-route-path.js';
import type { HandlerRef, Route } from '../../../types.js';
import { addNotes, type Mount } from './mount-graph.js';

export interface RouteParts {
  framework: string;
  method: string;
  /** The mount the route hangs on (prefixes, outer middleware) and the route's own path pieces. */
  mount: Mount;
  pieces: string[];
  file: string;
  line: number;
  /** Hash of the declaration's text (decorator, path() or register() call). */
  declHash: string;
  handler?: HandlerRef;
  /** Hash of the handler's code. */
  handlerHash?: string;
  /** Middleware of the route itself, after the mount's. */
  middleware: string[];
  partial?: boolean;
  notes?: string[];
  requiredInputs?: string[];
}

/** What a declaration gives each of its routes: all of `RouteParts` but the method and the mount. */
export type DeclaredRoute = Omit<RouteParts, 'method' | 'mount'>;

/** Where a route is declared and what runs it: the part the aiohttp, Sanic and Starlette linkers' declarations share. */
export type DeclarationSite = Pick<RouteParts, 'file' | 'line' | 'declHash' | 'handler' | 'handlerHash' | 'middleware'>;

/** What a declared site gives each of its routes, with its path pieces and whether they were read whole. */
export function declaredRoute(framework: string, site: DeclarationSite, pieces: string[], read: { partial: boolean; notes: string[] }): DeclaredRoute {
  return {
    framework,
    pieces,
    file: site.file,
    line: site.line,
    declHash: site.declHash,
    ...(site.handler ? { handler: site.handler } : {}),
    ...(site.handlerHash ? { handlerHash: site.handlerHash } : {}),
    middleware: site.middleware,
    partial: read.partial,
    notes: read.notes,
  };
}

/** The routes of one declaration: one per mount it hangs on and per method it accepts. */
export function makeRoutes(declared: DeclaredRoute, mounts: readonly Mount[], methods: readonly string[]): Route[] {
  return mounts.flatMap((mount) => methods.map((method) => makeRoute({ ...declared, method, mount })));
}

/** A Route in the contract's form, with its signature. */
export function makeRoute(parts: RouteParts): Route {
  const middleware = dedupe([...parts.mount.middleware, ...parts.middleware]);
  const notes: string[] = [...parts.mount.notes];
  addNotes(notes, parts.notes ?? []);
  const route: Route = {
    method: parts.method.toUpperCase(),
    path: normaliseRoutePath(...parts.mount.pieces, ...parts.pieces),
    file: parts.file,
    line: parts.line,
    framework: parts.framework,
    middleware,
    signature: stableHash(parts.declHash, middleware.join('\n'), parts.handlerHash ?? ''),
  };
  if (parts.handler) route.handler = parts.handler;
  if (parts.requiredInputs && parts.requiredInputs.length > 0) route.requiredInputs = parts.requiredInputs;
  if (parts.mount.partial || parts.partial) route.partial = true;
  if (notes.length > 0) route.notes = notes;
  return route;
}

function dedupe(names: string[]): string[] {
  return names.filter((name, index) => names.indexOf(name) === index);
}
