import type { GoExpr } from './shared/go-facts.js';
import { httpMethodOf, routerValue, type GoCallSite, type GoFramework } from './shared/go-framework.js';
import type { RouterNode } from './shared/go-values.js';

const VERBS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/**
 * julienschmidt/httprouter: `httprouter.New()`, the verb methods (`router.GET(path, handle)`),
 * `Handle`/`Handler`/`HandlerFunc(method, path, h)` and `ServeFiles(path, root)`. httprouter has no
 * groups and no `Use`: middleware wrap a handler (`requireAuth(h)`) or the whole router, and a router
 * is mounted as any http.Handler is (`mux.Handle("/api/", http.StripPrefix("/api", router))`).
 * `:id` and `*filepath` are normalised by the shared path rules.
 */
export const HTTPROUTER: GoFramework = {
  id: 'httprouter',
  isPackage: (path) => path === 'github.com/julienschmidt/httprouter',
  packageName: 'httprouter',
  packageFunctions: ['New'],
  // HandlerFunc is left out: `http.HandlerFunc(f)` conversions are everywhere, and its calls pass a path anyway.
  routerMethods: [...VERBS, 'Handler', 'ServeFiles'],
  routerTypes: { Router: { rootOnly: false } },
  routerKind: () => ({ kind: 'router', liveMiddleware: true }),

  callPackage(site, name) {
    if (name !== 'New') return undefined;
    return routerValue(site.newRouter('httprouter', 'router', { liveMiddleware: true }));
  },

  callRouter(site, node, name) {
    const args = site.args;
    const verb = VERBS.includes(name) ? httpMethodOf(name) : undefined;
    if (verb) addHttprouterRoute(site, node, [verb], args[0], args[1]);
    else if (name === 'Handle' || name === 'Handler' || name === 'HandlerFunc') {
      const methods = args[0] ? site.methods([args[0]]) : undefined;
      addHttprouterRoute(site, node, methods ?? ['ANY'], args[1], args[2]);
    } else if (name === 'ServeFiles') {
      // ServeFiles registers GET on a path ending in /*filepath, served from a file system.
      addHttprouterRoute(site, node, ['GET'], args[0], args[1]);
    } else return undefined;
    return undefined;
  },
};

function addHttprouterRoute(site: GoCallSite, node: RouterNode, methods: readonly string[], path: GoExpr | undefined, handler: GoExpr | undefined): void {
  if (!path) return;
  site.route(node, 'httprouter', methods, site.str(path), handler, []);
}
