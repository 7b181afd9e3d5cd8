import type { ProjectInfo, Route, RouteExtractor } from '../../types.js';
import { analyseJsModule } from './shared/analyse-js-module.js';
import { decoratedControllers, decoratedRoutes, type DecoratedEntry, type Placement } from './shared/decorated-routes.js';
import { own, type Arg, type JsModuleFacts, type RoutingControllersServer } from './shared/facts.js';
import { JS_LANGUAGES } from './shared/languages.js';
import { joinPath, ModuleIndex } from './shared/module-index.js';
import { globMatcher } from './shared/path-glob.js';
import { ValueResolver, type Resolved, type ResolvedText } from './shared/resolve-values.js';

/**
 * routing-controllers: `@Controller`/`@JsonController` classes and their `@Get`/`@Post`/… methods,
 * served under the `routePrefix` of `useExpressServer(app, options)` / `createExpressServer(options)`
 * to the controllers those options list (by class or by file glob). `@UseBefore(…)` arguments, global
 * `@Middleware({ type: 'before' })` classes and `@Authorized(…)` are the routes' middleware.
 */
export const routingControllersExtractor: RouteExtractor<JsModuleFacts> = {
  id: 'routing-controllers',
  languages: JS_LANGUAGES,
  collect: analyseJsModule,
  link: linkRoutingControllers,
};

/** What one server set-up applies to the controllers it serves. */
interface Server {
  prefix?: ResolvedText;
  /** Controller keys it serves, or every controller when the list is absent or cannot be read. */
  controllers: ReadonlySet<string> | 'all';
  /** Global before-middleware classes, in the order listed. */
  middleware: string[];
  /** The options object could not be read. */
  unknownOptions: boolean;
}

/** Classes decorated `@Middleware({ type: 'before' })`, by `file#Name`, and by file. */
interface MiddlewareClasses {
  byKey: ReadonlyMap<string, string>;
  byFile: ReadonlyMap<string, readonly string[]>;
}

function linkRoutingControllers(files: ReadonlyArray<{ path: string; facts: JsModuleFacts }>, project: ProjectInfo): Route[] {
  if (!files.some((file) => file.facts.decorated)) return [];
  const controllers = decoratedControllers(files, 'routing-controllers');
  if (controllers.length === 0) return [];
  const index = new ModuleIndex(files, project.paths, project.jsAliases);
  const resolver = new ValueResolver(index, project);
  const middleware = middlewareClasses(files);
  const servers: Server[] = [];
  for (const { path, facts } of files) {
    for (const server of facts.decorated?.servers ?? []) servers.push(readServer(resolver, path, server, controllers, middleware));
  }
  const routes: Route[] = [];
  for (const entry of controllers) {
    const owners = servers.filter((server) => server.controllers === 'all' || server.controllers.has(entry.key));
    if (owners.length === 0) {
      // Not served by any set-up the code shows (or no set-up at all): the controller's own paths.
      const placement: Placement = servers.length === 0
        ? { prefixes: [], notes: [], partial: false }
        : { prefixes: [], notes: ['controller not listed by any useExpressServer/createExpressServer: route prefix unknown'], partial: true };
      routes.push(...decoratedRoutes(resolver, entry, placement, (method) => [...entry.controller.middleware, ...method.middleware, ...authOf(entry, method.auth)]));
      continue;
    }
    for (const server of owners) {
      const placement: Placement = {
        prefixes: server.prefix ? [server.prefix] : [],
        notes: server.unknownOptions ? ['routing-controllers options computed at run time: route prefix unknown'] : [],
        partial: server.unknownOptions,
      };
      // Global middleware runs first, then the controller's and the method's @UseBefore, then the authorization check.
      routes.push(...decoratedRoutes(resolver, entry, placement, (method) => [...server.middleware, ...entry.controller.middleware, ...method.middleware, ...authOf(entry, method.auth)]));
    }
  }
  return routes;
}

/** A method's @Authorized replaces the class's (its roles are the ones checked). */
function authOf(entry: DecoratedEntry, methodAuth: readonly string[]): string[] {
  return methodAuth.length > 0 ? [...methodAuth] : [...entry.controller.auth];
}

function middlewareClasses(files: ReadonlyArray<{ path: string; facts: JsModuleFacts }>): MiddlewareClasses {
  const byKey = new Map<string, string>();
  const byFile = new Map<string, string[]>();
  for (const { path, facts } of files) {
    const names = facts.decorated?.beforeMiddleware ?? [];
    if (names.length === 0) continue;
    byFile.set(path, [...names]);
    for (const name of names) byKey.set(`${path}#${name}`, name);
  }
  return { byKey, byFile };
}

function readServer(resolver: ValueResolver, file: string, server: RoutingControllersServer, controllers: readonly DecoratedEntry[], middleware: MiddlewareClasses): Server {
  if (!server.options) return { controllers: 'all', middleware: [], unknownOptions: false };
  const options = resolver.resolve(file, server.options);
  if (options.k !== 'rec') return { controllers: 'all', middleware: [], unknownOptions: true };
  const result: Server = { controllers: 'all', middleware: [], unknownOptions: false };
  const prefix = own(options.props, 'routePrefix');
  if (prefix) result.prefix = resolver.valText(options.file, prefix.v, prefix.text);
  const list = own(options.props, 'controllers');
  if (list) result.controllers = listedControllers(resolver, options.file, list, controllers);
  const globals = own(options.props, 'middlewares');
  if (globals) result.middleware = listedMiddleware(resolver, options.file, globals, middleware);
  return result;
}

/** The items of a `controllers`/`middlewares` list (arrays spread into it flattened), or undefined when it is no array the code shows. */
function listItems(resolver: ValueResolver, file: string, list: Arg): { items: Resolved[] } | undefined {
  const value = resolver.resolve(file, list.v);
  if (value.k !== 'arr') return undefined;
  const items: Resolved[] = [];
  const add = (array: Extract<Resolved, { k: 'arr' }>, depth: number): void => {
    for (const item of array.items) {
      const resolved = resolver.resolve(array.file, item.v);
      if (resolved.k === 'arr' && depth < 4) add(resolved, depth + 1);
      else items.push(resolved);
    }
  };
  add(value, 0);
  return { items };
}

/** `controllers: [UsersController, __dirname + '/controllers/*.ts']`: the controllers named, or all when any entry cannot be read. */
function listedControllers(resolver: ValueResolver, file: string, list: Arg, controllers: readonly DecoratedEntry[]): ReadonlySet<string> | 'all' {
  const listed = listItems(resolver, file, list);
  if (!listed) return 'all';
  const keys = new Set<string>();
  for (const item of listed.items) {
    const key = classKey(resolver, item);
    if (key !== undefined) {
      keys.add(key);
      continue;
    }
    const matches = item.k === 's' ? globFiles(resolver, item, new Set(controllers.map((entry) => entry.file))) : undefined;
    if (!matches || matches.size === 0) return 'all';
    for (const entry of controllers) if (matches.has(entry.file)) keys.add(entry.key);
  }
  return keys;
}

/** `middlewares: [LoggingMiddleware, __dirname + '/middlewares/*.ts']`: the before-middleware classes named or matched. */
function listedMiddleware(resolver: ValueResolver, file: string, list: Arg, middleware: MiddlewareClasses): string[] {
  const listed = listItems(resolver, file, list);
  const names: string[] = [];
  for (const item of listed?.items ?? []) {
    const key = classKey(resolver, item);
    const found = key === undefined ? undefined : middleware.byKey.get(key);
    if (found !== undefined) names.push(found);
    if (item.k !== 's') continue;
    const matches = globFiles(resolver, item, new Set(middleware.byFile.keys()));
    for (const [path, classes] of middleware.byFile) if (matches?.has(path)) names.push(...classes);
  }
  return names;
}

function classKey(resolver: ValueResolver, value: Resolved): string | undefined {
  if (value.k !== 'cls') return undefined;
  const name = resolver.cls(value.file, value.id)?.name;
  return name === undefined ? undefined : `${value.file}#${name}`;
}

/**
 * The candidate files a glob entry matches (`__dirname + '/controllers/*.js'` is read in the source
 * tree: a `.js` glob also matches the `.ts` file it is compiled from). Undefined when the glob is
 * computed at run time.
 */
function globFiles(resolver: ValueResolver, value: Extract<Resolved, { k: 's' }>, candidates: ReadonlySet<string>): Set<string> | undefined {
  const text = resolver.text(value);
  if (text.partial || text.text === '') return undefined;
  const glob = joinPath('', text.text.replace(/^\.\//, ''));
  if (glob === undefined) return undefined;
  const matches = globMatcher(glob);
  const found = new Set<string>();
  for (const path of candidates) {
    const emitted = path.replace(/\.(m|c)?tsx?$/, '.$1js');
    if (matches(path) || matches(emitted)) found.add(path);
  }
  return found;
}
