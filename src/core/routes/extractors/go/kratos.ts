import { HTTP_METHODS, addRoute, routerValue, type GoFramework } from './shared/go-framework.js';
import { concatStr } from './shared/go-strings.js';

const VERBS: readonly string[] = HTTP_METHODS;

/**
 * Kratos' HTTP transport: `http.NewServer(opts...)`, `s.Route(prefix)` routers with verb methods
 * (what protoc-gen-go-http generates in `*_http.pb.go`: `r := s.Route("/"); r.GET("/helloworld/{name}", h)`),
 * `Group`, and the server's own mux methods `Handle`, `HandleFunc` and `HandlePrefix`.
 */
export const KRATOS: GoFramework = {
  id: 'kratos',
  isPackage: (path) => /^github\.com\/go-kratos\/kratos\/v2\/transport\/http$/.test(path),
  packageName: 'http',
  packageFunctions: ['NewServer'],
  routerMethods: ['Route', 'HandlePrefix'],
  routerTypes: { Server: { rootOnly: true }, Router: { rootOnly: false } },
  routerKind: (typeName) => ({ kind: typeName === 'Server' ? 'server' : 'router', liveMiddleware: true }),

  callPackage(site, name) {
    if (name !== 'NewServer') return undefined;
    return routerValue(site.newRouter('kratos', 'server', { liveMiddleware: true }));
  },

  callRouter(site, node, name) {
    const args = site.args;
    if (VERBS.includes(name)) {
      // Route filters follow the handler.
      addRoute(site, node, 'kratos', [name], args[0], args.slice(1), 'first');
      return undefined;
    }
    switch (name) {
      case 'Route':
      case 'Group':
        return routerValue(
          site.newRouter('kratos', 'router', {
            parent: node,
            prefix: args[0] ? site.str(args[0]) : { text: '' },
            middleware: args.slice(1).map((arg) => site.name(arg)),
            liveMiddleware: true,
          }),
        );
      case 'Handle':
      case 'HandleFunc':
        addRoute(site, node, 'kratos', ['ANY'], args[0], args.slice(1, 2), 'first');
        return undefined;
      case 'HandlePrefix':
        // Everything below the prefix goes to the handler.
        if (args[0]) site.route(node, 'kratos', ['ANY'], concatStr(site.str(args[0]), { text: '/*' }), args[1], []);
        return undefined;
      default:
        return undefined;
    }
  },
};
