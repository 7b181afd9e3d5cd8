import type { GoExpr } from './shared/go-facts.js';
import { addGroup, addRoute, httpMethodOf, routerValue, type GoCallSite, type GoFramework } from './shared/go-framework.js';
import type { RouterNode } from './shared/go-values.js';

const VERBS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/**
 * CloudWeGo Hertz: `server.Default()`/`server.New()` engines, `route.RouterGroup` groups, `Use`, and
 * gin-like verb methods whose last handler is the route's handler. hz-generated routers pass handlers
 * as `append(_getMw(), hello.Get)...`: the appended function is the handler, the list its middleware.
 */
export const HERTZ: GoFramework = {
  id: 'hertz',
  isPackage: (path) => path === 'github.com/cloudwego/hertz/pkg/app/server' || path === 'github.com/cloudwego/hertz/pkg/route',
  packageName: 'server',
  packageFunctions: ['Default', 'New'],
  routerMethods: [...VERBS, 'Any', 'Handle', 'Group'],
  routerTypes: { Hertz: { rootOnly: true }, Engine: { rootOnly: true }, RouterGroup: { rootOnly: false }, IRouter: { rootOnly: false }, IRoutes: { rootOnly: false } },
  routerKind: (typeName) => ({ kind: typeName === 'Hertz' || typeName === 'Engine' ? 'engine' : 'group', liveMiddleware: false }),

  callPackage(site, name) {
    if (name !== 'Default' && name !== 'New') return undefined;
    // server.Default() is server.New() with the recovery middleware.
    return routerValue(site.newRouter('hertz', 'engine', { liveMiddleware: false, middleware: name === 'Default' ? ['recovery.Recovery()'] : [] }));
  },

  callRouter(site, node, name) {
    const args = site.args;
    const method = VERBS.includes(name) ? httpMethodOf(name) : undefined;
    if (method) addHertzRoute(site, node, [method], args[0], args.slice(1));
    else if (name === 'Any') addHertzRoute(site, node, ['ANY'], args[0], args.slice(1));
    else if (name === 'Handle') {
      const methods = args[0] ? site.methods([args[0]]) : undefined;
      addHertzRoute(site, node, methods ?? ['ANY'], args[1], args.slice(2));
    } else if (name === 'Group') {
      return routerValue(addGroup(site, node, 'hertz', args));
    } else if (name === 'Use') {
      node.middleware.push(...args.map((arg) => site.name(arg)));
    } else return undefined;
    return routerValue(node);
  },
};

function addHertzRoute(site: GoCallSite, node: RouterNode, methods: readonly string[], path: GoExpr | undefined, handlers: readonly GoExpr[]): void {
  const only = handlers.length === 1 ? handlers[0] : undefined;
  // `append(_getMw(), hello.Get)...`
  if (only?.k === 'call' && only.f.k === 'id' && only.f.n === 'append' && only.a.length >= 2) {
    const [list, ...appended] = only.a as [GoExpr, ...GoExpr[]];
    addRoute(site, node, 'hertz', methods, path, [list, ...appended], 'last');
    return;
  }
  addRoute(site, node, 'hertz', methods, path, handlers, 'last');
}
