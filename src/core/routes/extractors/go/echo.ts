import { HTTP_METHODS, addGroup, addRoute, routerValue, type GoFramework } from './shared/go-framework.js';

const VERBS: readonly string[] = HTTP_METHODS;

/**
 * Echo: `echo.New()`, verb methods whose first handler argument is the route's handler and the rest
 * its middleware, `Any`, `Match`, `Add`, groups. `e.Use`/`e.Pre` middleware wrap every route of the
 * instance; a group's middleware is copied into the routes added after it, as echo does.
 */
export const ECHO: GoFramework = {
  id: 'echo',
  isPackage: (path) => /^github\.com\/labstack\/echo(\/v\d+)?$/.test(path) || /^gopkg\.in\/labstack\/echo\.v\d+$/.test(path),
  packageName: 'echo',
  packageFunctions: ['New'],
  routerMethods: [...VERBS, 'Any', 'Match', 'Group'],
  routerTypes: { Echo: { rootOnly: true }, Group: { rootOnly: false } },
  routerKind: (typeName) => (typeName === 'Echo' ? { kind: 'echo', liveMiddleware: true } : { kind: 'group', liveMiddleware: false }),

  callPackage(site, name) {
    if (name !== 'New') return undefined;
    return routerValue(site.newRouter('echo', 'echo', { liveMiddleware: true }));
  },

  packageValue(_site, name) {
    // echo.GET etc. are method-name constants.
    return VERBS.includes(name) ? { t: 'str', s: { text: name } } : undefined;
  },

  callRouter(site, node, name) {
    const args = site.args;
    if (VERBS.includes(name)) addRoute(site, node, 'echo', [name], args[0], args.slice(1), 'first');
    else if (name === 'Any') addRoute(site, node, 'echo', ['ANY'], args[0], args.slice(1), 'first');
    else if (name === 'Match' || name === 'Add') {
      const methods = args[0] ? site.methods([args[0]]) : undefined;
      addRoute(site, node, 'echo', methods ?? ['ANY'], args[1], args.slice(2), 'first');
    } else if (name === 'Group') {
      return routerValue(addGroup(site, node, 'echo', args));
    } else if (name === 'Use') {
      node.middleware.push(...args.map((arg) => site.name(arg)));
      return routerValue(node);
    } else if (name === 'Pre') {
      const pre = node.preMiddleware ?? 0;
      node.middleware.splice(pre, 0, ...args.map((arg) => site.name(arg)));
      node.preMiddleware = pre + args.length;
      return routerValue(node);
    }
    return undefined;
  },
};
