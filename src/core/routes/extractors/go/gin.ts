import { addGroup, addRoute, httpMethodOf, routerValue, type GoFramework } from './shared/go-framework.js';

const VERBS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/**
 * Gin: `gin.Default()`/`gin.New()` engines, `Group(prefix, middleware...)` groups (a snapshot of the
 * parent's middleware at creation, like gin itself), `Use`, and the verb methods whose last handler
 * is the route's handler and the others its middleware.
 */
export const GIN: GoFramework = {
  id: 'gin',
  isPackage: (path) => path === 'github.com/gin-gonic/gin' || /^gopkg\.in\/gin-gonic\/gin\.v\d+$/.test(path),
  packageName: 'gin',
  packageFunctions: ['Default', 'New'],
  routerMethods: [...VERBS, 'Any', 'Handle', 'Match', 'Group'],
  routerTypes: { Engine: { rootOnly: true }, RouterGroup: { rootOnly: false }, IRouter: { rootOnly: false }, IRoutes: { rootOnly: false } },
  routerKind: (typeName) => ({ kind: typeName === 'Engine' ? 'engine' : 'group', liveMiddleware: false }),

  callPackage(site, name) {
    if (name !== 'Default' && name !== 'New') return undefined;
    // gin.Default() is gin.New() with its logger and recovery middleware.
    const middleware = name === 'Default' ? ['gin.Logger()', 'gin.Recovery()'] : [];
    return routerValue(site.newRouter('gin', 'engine', { liveMiddleware: false, middleware }));
  },

  callRouter(site, node, name) {
    const args = site.args;
    const method = VERBS.includes(name) ? httpMethodOf(name) : undefined;
    if (method) addRoute(site, node, 'gin', [method], args[0], args.slice(1), 'last');
    else if (name === 'Any') addRoute(site, node, 'gin', ['ANY'], args[0], args.slice(1), 'last');
    else if (name === 'Handle' || name === 'Match') {
      const methods = args[0] ? site.methods([args[0]]) : undefined;
      addRoute(site, node, 'gin', methods ?? ['ANY'], args[1], args.slice(2), 'last');
    } else if (name === 'Group') {
      return routerValue(addGroup(site, node, 'gin', args));
    } else if (name === 'Use') {
      node.middleware.push(...args.map((arg) => site.name(arg)));
    } else return undefined;
    return routerValue(node);
  },
};
