import { routerValue, type GoCallSite, type GoFramework, type RouteRegistration } from './shared/go-framework.js';
import { concatStr } from './shared/go-strings.js';
import type { GoValue, RouterNode, StrVal } from './shared/go-values.js';

/** A gorilla route being built: `r.HandleFunc(p, h).Methods("GET")`, `r.PathPrefix(p).Subrouter()`. */
interface RouteBuilder {
  router: RouterNode;
  path?: StrVal;
  prefix?: StrVal;
  methods?: string[];
  registration?: RouteRegistration;
}

/** Route builder methods that only add matchers we do not model (host, headers, queries, names). */
const PASS_THROUGH = new Set(['Name', 'Host', 'Schemes', 'Headers', 'HeadersRegexp', 'Queries', 'MatcherFunc', 'BuildVarsFunc']);

/**
 * gorilla/mux: `mux.NewRouter()`, `HandleFunc`/`Handle` routes refined by `.Methods(...)` (none: any
 * method), `PathPrefix(p).Subrouter()` and `Methods(...).Subrouter()` sub-routers, `Use`, and
 * `PathPrefix(p).Handler(h)` mounts. `{id:[0-9]+}` patterns keep the name only.
 */
export const GORILLA_MUX: GoFramework = {
  id: 'gorilla-mux',
  isPackage: (path) => path === 'github.com/gorilla/mux',
  packageName: 'mux',
  packageFunctions: ['NewRouter'],
  routerMethods: ['Handle', 'HandleFunc', 'PathPrefix', 'Subrouter', 'Methods', 'NewRoute'],
  routerTypes: { Router: { rootOnly: false } },
  routerKind: () => ({ kind: 'router', liveMiddleware: true }),

  callPackage(site, name) {
    if (name !== 'NewRouter') return undefined;
    return routerValue(site.newRouter('gorilla-mux', 'router', { liveMiddleware: true }));
  },

  callRouter(site, node, name) {
    const args = site.args;
    switch (name) {
      case 'HandleFunc':
      case 'Handle': {
        if (!args[0]) return undefined;
        const builder: RouteBuilder = { router: node, path: site.str(args[0]) };
        builder.registration = site.route(node, 'gorilla-mux', ['ANY'], builder.path!, args[1], []);
        return builderValue(builder);
      }
      case 'PathPrefix':
        return builderValue({ router: node, ...(args[0] ? { prefix: site.str(args[0]) } : {}) });
      case 'Path':
        return builderValue({ router: node, ...(args[0] ? { path: site.str(args[0]) } : {}) });
      case 'Methods': {
        const methods = site.methods(args);
        return builderValue({ router: node, ...(methods ? { methods } : {}) });
      }
      case 'NewRoute':
        return builderValue({ router: node });
      case 'Use':
        node.middleware.push(...args.map((arg) => site.name(arg)));
        return undefined;
      case 'StrictSlash':
      case 'SkipClean':
      case 'UseEncodedPath':
        return routerValue(node);
      default:
        return PASS_THROUGH.has(name) ? builderValue({ router: node }) : undefined;
    }
  },

  callExt(site, kind, data, name) {
    if (kind !== 'route') return undefined;
    const builder = data as RouteBuilder;
    const args = site.args;
    switch (name) {
      case 'Methods': {
        const methods = site.methods(args);
        if (methods) {
          builder.methods = methods;
          if (builder.registration) builder.registration.methods = methods;
        }
        return builderValue(builder);
      }
      case 'Path':
        if (args[0]) builder.path = site.str(args[0]);
        if (builder.registration && builder.path) builder.registration.path = builder.path;
        return builderValue(builder);
      case 'PathPrefix':
        if (args[0]) builder.prefix = site.str(args[0]);
        return builderValue(builder);
      case 'Handler':
      case 'HandlerFunc':
        attachHandler(site, builder, name);
        return builderValue(builder);
      case 'Subrouter':
        return routerValue(
          site.newRouter('gorilla-mux', 'router', {
            parent: builder.router,
            prefix: builder.prefix ?? builder.path ?? { text: '' },
            liveMiddleware: true,
            ...(builder.methods ? { methods: builder.methods } : {}),
          }),
        );
      default:
        return PASS_THROUGH.has(name) ? builderValue(builder) : undefined;
    }
  },
};

function attachHandler(site: GoCallSite, builder: RouteBuilder, name: string): void {
  const handler = site.args[0];
  if (!handler || builder.registration) return;
  const mounted = name === 'Handler' && builder.prefix ? site.mountedRouter(handler) : undefined;
  if (mounted) {
    // Without StripPrefix the mounted router sees the full path: its own patterns carry the prefix.
    site.mount(mounted.node, builder.router, mounted.strip ?? { text: '' }, {
      middleware: mounted.middleware,
      ...(builder.methods ? { methods: builder.methods } : {}),
    });
    return;
  }
  // A path prefix with its own handler serves everything below it.
  const path = builder.path ?? (builder.prefix ? concatStr(builder.prefix, { text: '/*' }) : { text: '' });
  builder.registration = site.route(builder.router, 'gorilla-mux', builder.methods ?? ['ANY'], path, handler, []);
}

function builderValue(builder: RouteBuilder): GoValue {
  return { t: 'ext', framework: 'gorilla-mux', kind: 'route', data: builder };
}
