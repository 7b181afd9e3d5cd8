import { stableHash } from '../../../../hash.js';
import { normaliseRoutePath } from '../../../normalise-route-path.js';
import type { HandlerRef, Route } from '../../../types.js';
import type { NewRouterOptions, RouteRegistration } from './go-framework.js';
import { mergeNotes } from './go-strings.js';
import type { GoFrameworkId, Mount, RouterNode, StrVal } from './go-values.js';

/** One way a router is reached from a top-level router: the prefixes on the way and the middleware they add. */
interface Derivation {
  prefixes: StrVal[];
  middleware: string[];
  methods?: string[];
}

/** A router mounted in many places (or a generated tree) must not multiply routes without bound. */
const MAX_DERIVATIONS = 32;

/**
 * Routers, the mounts between them and the routes registered on them. Prefixes are resolved only at
 * the end, once every mount is known: a sub-router is often filled before it is mounted.
 */
export class RouterGraph {
  readonly registrations: RouteRegistration[] = [];
  private nextId = 1;
  private readonly lazyNodes = new Map<string, RouterNode>();
  private readonly stored = new Map<string, Set<RouterNode>>();
  private readonly singletons = new Map<string, RouterNode>();
  private readonly derivations = new Map<RouterNode, Derivation[]>();

  /** A router from a constructor (no parent) or below a parent (a group, a sub-router). */
  newRouter(framework: GoFrameworkId, kind: string, options: NewRouterOptions): RouterNode {
    const node: RouterNode = {
      id: this.nextId++,
      framework,
      kind,
      origin: options.parent ? 'derived' : 'root',
      mounts: [],
      middleware: [],
      liveMiddleware: options.liveMiddleware,
    };
    if (options.parent) {
      this.mount(node, options.parent, options.prefix ?? { text: '' }, {
        ...(options.middleware ? { middleware: options.middleware } : {}),
        ...(options.methods ? { methods: options.methods } : {}),
      });
    } else if (options.middleware) node.middleware.push(...options.middleware);
    return node;
  }

  /** A router whose caller (and so prefix) is unknown: a parameter of a function nobody was seen calling. */
  unboundRouter(framework: GoFrameworkId, kind: string, liveMiddleware: boolean, partial: boolean, note: string): RouterNode {
    return { id: this.nextId++, framework, kind, origin: 'unbound', mounts: [], middleware: [], liveMiddleware, unbound: { partial, note } };
  }

  /**
   * The router a struct field or package variable holds, resolved at the end from every router stored
   * into it anywhere in the program (it is often set in one function and used in another).
   */
  lazyRouter(key: string, framework: GoFrameworkId, kind: string, liveMiddleware: boolean, fallback: { partial: boolean; note: string }): RouterNode {
    let node = this.lazyNodes.get(key);
    if (!node) {
      node = { id: this.nextId++, framework, kind, origin: 'lazy', mounts: [], middleware: [], liveMiddleware, lazyKey: key, unbound: fallback };
      this.lazyNodes.set(key, node);
    }
    return node;
  }

  /** The first router stored under a key (a field declared as an interface may hold one). */
  firstStored(key: string): RouterNode | undefined {
    return this.stored.get(key)?.values().next().value;
  }

  store(key: string, node: RouterNode): void {
    if (node.lazyKey === key) return;
    let set = this.stored.get(key);
    if (!set) this.stored.set(key, (set = new Set()));
    set.add(node);
  }

  singleton(key: string, make: () => RouterNode): RouterNode {
    let node = this.singletons.get(key);
    if (!node) this.singletons.set(key, (node = make()));
    return node;
  }

  mount(child: RouterNode, parent: RouterNode, prefix: StrVal, options: { middleware?: string[]; methods?: string[] } = {}): void {
    if (child === parent) return;
    const mount: Mount = {
      parent,
      prefix,
      parentMiddleware: parent.liveMiddleware ? Infinity : parent.middleware.length,
      middleware: options.middleware ?? [],
    };
    if (options.methods) mount.methods = options.methods;
    child.mounts.push(mount);
  }

  /** Every route, with prefixes, middleware and signatures resolved. */
  routes(): Route[] {
    const routes: Route[] = [];
    for (const registration of this.registrations) {
      // Nothing of the path is known (a table row the code could not follow): any path given would be made up.
      if (registration.path.partial && registration.path.text === '') continue;
      for (const derivation of this.derive(registration.router, new Set())) routes.push(...this.toRoutes(registration, derivation));
    }
    return routes;
  }

  private toRoutes(registration: RouteRegistration, derivation: Derivation): Route[] {
    const handler = registration.handler;
    const middleware = [
      ...derivation.middleware,
      ...registration.router.middleware.slice(0, registration.routerMiddleware),
      ...registration.middleware,
      ...(handler?.middleware ?? []),
    ];
    const pieces = [...derivation.prefixes, registration.path];
    const path = normaliseRoutePath(...pieces.map((piece) => stripParamPatterns(piece.text)));
    const partial = pieces.some((piece) => piece.partial);
    const notes = mergeNotes(...pieces.map((piece) => piece.notes));
    let methods = registration.methods;
    if (methods.length === 1 && methods[0] === 'ANY' && derivation.methods) methods = derivation.methods;
    const signature = stableHash(registration.declHash, middleware.join('\n'), handler?.bodyHash ?? '');
    const handlerRef = this.handlerRef(registration);
    return methods.map((method) => {
      const route: Route = {
        method,
        path,
        file: registration.file,
        line: registration.line,
        framework: registration.framework,
        middleware,
        signature,
      };
      if (handlerRef) route.handler = handlerRef;
      if (partial) route.partial = true;
      if (notes) route.notes = notes;
      return route;
    });
  }

  private handlerRef(registration: RouteRegistration): HandlerRef | undefined {
    const handler = registration.handler;
    if (!handler) return undefined;
    if (handler.file !== undefined && handler.startLine !== undefined && handler.endLine !== undefined) {
      return { ...(handler.name ? { name: handler.name } : {}), file: handler.file, startLine: handler.startLine, endLine: handler.endLine };
    }
    if (!handler.name) return undefined;
    // The handler lives outside the tree (or could not be found): HandlerRef needs a place, so it points at the declaration.
    return { name: handler.name, file: registration.file, startLine: registration.line, endLine: registration.line };
  }

  private derive(node: RouterNode, visiting: Set<RouterNode>): Derivation[] {
    const cached = this.derivations.get(node);
    if (cached) return cached;
    if (visiting.has(node)) return [];
    visiting.add(node);
    const result = this.computeDerivations(node, visiting).slice(0, MAX_DERIVATIONS);
    visiting.delete(node);
    this.derivations.set(node, result);
    return result;
  }

  private computeDerivations(node: RouterNode, visiting: Set<RouterNode>): Derivation[] {
    const result: Derivation[] = [];
    for (const mount of node.mounts) {
      for (const above of this.derive(mount.parent, visiting)) {
        const derivation: Derivation = {
          prefixes: [...above.prefixes, mount.prefix],
          middleware: [...above.middleware, ...mount.parent.middleware.slice(0, mount.parentMiddleware), ...mount.middleware],
        };
        const methods = mount.methods ?? above.methods;
        if (methods) derivation.methods = methods;
        result.push(derivation);
      }
    }
    if (node.mounts.length > 0) return result;
    if (node.origin === 'lazy') {
      const targets = [...(this.stored.get(node.lazyKey ?? '') ?? [])].filter((target) => target !== node);
      for (const target of targets) {
        for (const above of this.derive(target, visiting)) result.push({ ...above, middleware: [...above.middleware, ...target.middleware] });
      }
      if (targets.length > 0) return result;
    }
    if (node.origin === 'root') return [{ prefixes: [], middleware: [] }];
    if (node.unbound) {
      return [{ prefixes: node.unbound.partial ? [{ text: '', partial: true, notes: [node.unbound.note] }] : [], middleware: [] }];
    }
    return [];
  }
}

/**
 * `{id:[0-9]+}` → `{id}` (chi, gorilla). Done here, brace-balanced, because a pattern may itself hold
 * braces or brackets (`{code:[a-z]{3}}`, `{slug:[a-z-]+}`) that a generic normaliser would misread.
 */
export function stripParamPatterns(path: string): string {
  let out = '';
  let i = 0;
  while (i < path.length) {
    const char = path[i]!;
    if (char !== '{') {
      out += char;
      i++;
      continue;
    }
    let depth = 0;
    let end = i;
    for (; end < path.length; end++) {
      if (path[end] === '{') depth++;
      else if (path[end] === '}' && --depth === 0) break;
    }
    const inner = path.slice(i + 1, end);
    const colon = inner.indexOf(':');
    out += `{${colon === -1 ? inner : inner.slice(0, colon)}}`;
    i = end + 1;
  }
  return out;
}
