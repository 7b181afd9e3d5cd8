import { HTTP_METHODS, addGroup, addRoute, httpMethodOf, routerValue, type GoFramework } from './shared/go-framework.js';

const VERBS = ['Get', 'Post', 'Put', 'Patch', 'Delete', 'Head', 'Options', 'Connect', 'Trace'];

/**
 * Fiber (v2 and v3): `fiber.New()`, verb methods and `All` whose handlers run in order (the last one
 * answers; the others are middleware), `Add`, `Group(prefix, handlers...)`, `Route(prefix, fn)`,
 * `Mount(prefix, app)`, `Use`. Like fiber, a route sees only the middleware registered before it.
 */
export const FIBER: GoFramework = {
  id: 'fiber',
  isPackage: (path) => /^github\.com\/gofiber\/fiber(\/v\d+)?$/.test(path),
  packageName: 'fiber',
  packageFunctions: ['New'],
  routerMethods: ['Group', 'Route', 'Mount'],
  routerTypes: { App: { rootOnly: true }, Router: { rootOnly: false }, Group: { rootOnly: false } },
  routerKind: (typeName) => ({ kind: typeName === 'App' ? 'app' : 'group', liveMiddleware: false }),

  callPackage(site, name) {
    if (name !== 'New') return undefined;
    return routerValue(site.newRouter('fiber', 'app', { liveMiddleware: false }));
  },

  packageValue(_site, name) {
    const method = name.startsWith('Method') ? name.slice('Method'.length).toUpperCase() : '';
    return (HTTP_METHODS as readonly string[]).includes(method) ? { t: 'str', s: { text: method } } : undefined;
  },

  callRouter(site, node, name) {
    const args = site.args;
    const verb = VERBS.includes(name) ? httpMethodOf(name) : undefined;
    if (verb) addRoute(site, node, 'fiber', [verb], args[0], args.slice(1), 'last');
    else if (name === 'All') addRoute(site, node, 'fiber', ['ANY'], args[0], args.slice(1), 'last');
    else if (name === 'Add') {
      const methods = args[0] ? site.methods([args[0]]) : undefined;
      addRoute(site, node, 'fiber', methods ?? ['ANY'], args[1], args.slice(2), 'last');
    } else if (name === 'Group' || name === 'Route') {
      const group = addGroup(site, node, 'fiber', args, name === 'Group');
      if (name === 'Route' && args[1]) site.invoke(args[1], [routerValue(group)]);
      return routerValue(group);
    } else if (name === 'Mount' || name === 'Use') {
      // Use("/prefix", subApp) mounts in v3, Mount does in v2; Use(mw...) and Use("/prefix", mw) add middleware.
      const first = args[0] ? site.value(args[0]) : undefined;
      const rest = first?.t === 'str' ? args.slice(1) : args;
      const mounted = rest.length === 1 && rest[0] ? site.mountedRouter(rest[0]) : undefined;
      if (mounted && rest[0]) site.mount(mounted.node, node, first?.t === 'str' ? first.s : { text: '' }, { middleware: mounted.middleware });
      else if (name === 'Use') node.middleware.push(...rest.map((arg) => site.name(arg)));
      return routerValue(node);
    } else return undefined;
    return routerValue(node);
  },
};
