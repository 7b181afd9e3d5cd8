import { httpMethodOf, routerValue, type GoFramework } from './shared/go-framework.js';
import { concatStr } from './shared/go-strings.js';
import { splitServeMuxPattern } from './net-http.js';

/**
 * chi: `chi.NewRouter()`, verb methods, `Method`/`MethodFunc`, `Handle`/`HandleFunc` (any method, or
 * the method of a Go 1.22-style pattern), `Route(pattern, fn)` and `Group(fn)` callbacks, `With(mw...)`
 * inline routers, `Mount(pattern, router)`. chi applies a mux's middleware to everything below it.
 */
export const CHI: GoFramework = {
  id: 'chi',
  isPackage: (path) => /^github\.com\/(go-chi|pressly)\/chi(\/v\d+)?$/.test(path),
  packageName: 'chi',
  packageFunctions: ['NewRouter', 'NewMux'],
  routerMethods: ['Route', 'Mount', 'Group', 'Method', 'MethodFunc', 'Handle', 'HandleFunc'],
  routerTypes: { Router: { rootOnly: false }, Mux: { rootOnly: false } },
  routerKind: () => ({ kind: 'mux', liveMiddleware: true }),

  callPackage(site, name) {
    if (name !== 'NewRouter' && name !== 'NewMux') return undefined;
    return routerValue(site.newRouter('chi', 'mux', { liveMiddleware: true }));
  },

  callRouter(site, node, name) {
    const args = site.args;
    const verb = ['Get', 'Post', 'Put', 'Patch', 'Delete', 'Head', 'Options', 'Connect', 'Trace'].includes(name) ? httpMethodOf(name) : undefined;
    if (verb) {
      if (args[0]) site.route(node, 'chi', [verb], site.str(args[0]), args[1], []);
      return undefined;
    }
    switch (name) {
      case 'Method':
      case 'MethodFunc': {
        const methods = args[0] ? site.methods([args[0]]) : undefined;
        if (args[1]) site.route(node, 'chi', methods ?? ['ANY'], site.str(args[1]), args[2], []);
        return undefined;
      }
      case 'Handle':
      case 'HandleFunc': {
        if (!args[0]) return undefined;
        const { method, path } = splitServeMuxPattern(site.str(args[0]));
        const mounted = name === 'Handle' && args[1] ? site.mountedRouter(args[1]) : undefined;
        if (mounted) {
          site.mount(mounted.node, node, trimWildcard(path), { middleware: mounted.middleware, ...(method ? { methods: [method] } : {}) });
        } else site.route(node, 'chi', [method ?? 'ANY'], path, args[1], []);
        return undefined;
      }
      case 'Route': {
        const sub = site.newRouter('chi', 'mux', { parent: node, prefix: args[0] ? site.str(args[0]) : { text: '' }, liveMiddleware: true });
        if (args[1]) site.invoke(args[1], [routerValue(sub)]);
        return routerValue(sub);
      }
      case 'Mount': {
        if (!args[0] || !args[1]) return undefined;
        const prefix = site.str(args[0]);
        const mounted = site.mountedRouter(args[1]);
        if (mounted) site.mount(mounted.node, node, prefix, { middleware: mounted.middleware });
        // A mounted handler that is not a router we can see serves everything below the prefix.
        else site.route(node, 'chi', ['ANY'], concatStr(prefix, { text: '/*' }), args[1], []);
        return undefined;
      }
      case 'Group': {
        const inline = site.newRouter('chi', 'mux', { parent: node, liveMiddleware: true });
        if (args[0]) site.invoke(args[0], [routerValue(inline)]);
        return routerValue(inline);
      }
      case 'With':
        return routerValue(site.newRouter('chi', 'mux', { parent: node, middleware: args.map((arg) => site.name(arg)), liveMiddleware: true }));
      case 'Use':
        node.middleware.push(...args.map((arg) => site.name(arg)));
        return undefined;
      default:
        return undefined;
    }
  },
};

/** `/files/*` mounts what is below `/files`. */
function trimWildcard(path: { text: string; partial?: true; notes?: string[] }): typeof path {
  return path.text.endsWith('/*') ? { ...path, text: path.text.slice(0, -2) } : path;
}
