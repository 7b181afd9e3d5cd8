import { stableHash } from '../../../hash.js';
import { normaliseRoutePath } from '../../normalise-route-path.js';
import type { ProjectInfo, Route, RouteExtractor } from '../../types.js';
import { analyseJsModule } from './shared/analyse-js-module.js';
import { own, type Arg, type JsModuleFacts, type NestAppSettings, type NestBootstrap, type NestConfigurer, type NestConsumerBinding, type NestController, type NestModule, type Val } from './shared/facts.js';
import { JS_LANGUAGES } from './shared/languages.js';
import { ModuleIndex } from './shared/module-index.js';
import { ValueResolver, type Resolved, type ResolvedText } from './shared/resolve-values.js';

/**
 * NestJS: @Controller classes and their @Get/@Post/… methods, with the global prefix of main.ts
 * (and its `exclude`), URI versioning, and RouterModule paths resolved through the modules'
 * `controllers` lists. Guards, interceptors and other decorators are the routes' middleware.
 */
export const nestjsExtractor: RouteExtractor<JsModuleFacts> = {
  id: 'nestjs',
  languages: JS_LANGUAGES,
  collect: analyseJsModule,
  link: linkNest,
};

interface ControllerEntry {
  file: string;
  controller: NestController;
}

interface ConsumerEntry {
  file: string;
  binding: NestConsumerBinding;
}

interface ModuleEntry {
  key: string;
  file: string;
  module: NestModule;
}

/** What an application applies to every route: `NestFactory.create(AppModule)` and its settings. */
interface AppSettings {
  prefix?: ResolvedText;
  exclude: Array<{ path: string; method?: string }>;
  uriVersioning: boolean;
  versionPrefix: string;
  defaultVersions?: Array<string | null>;
  guards: string[];
  /** Middleware modules bind with `consumer.apply(…).forRoutes(…)`. */
  consumers: ConsumerEntry[];
  /** Controllers reachable from the app's root module. */
  controllers: Set<string>;
}

const NEUTRAL = null;

function linkNest(files: ReadonlyArray<{ path: string; facts: JsModuleFacts }>, project: ProjectInfo): Route[] {
  if (!files.some((file) => file.facts.nest)) return [];
  const index = new ModuleIndex(files, project.paths, project.jsAliases);
  const resolver = new ValueResolver(index, project);
  const controllers = new Map<string, ControllerEntry>();
  const modules = new Map<string, ModuleEntry>();
  const bootstraps: Array<{ file: string; bootstrap: NestBootstrap }> = [];
  for (const { path, facts } of files) {
    if (!facts.nest) continue;
    for (const controller of facts.nest.controllers) controllers.set(`${path}#${controller.name}`, { file: path, controller });
    for (const module of facts.nest.modules) modules.set(`${path}#${module.name}`, { key: `${path}#${module.name}`, file: path, module });
    for (const bootstrap of facts.nest.bootstraps) bootstraps.push({ file: path, bootstrap });
  }
  const configurers = new Map<string, NestConfigurer>();
  for (const { path, facts } of files) for (const configurer of facts.nest?.configurers ?? []) configurers.set(`${path}#${configurer.fn}:${configurer.param}`, configurer);
  const namespaces = new Map<string, { file: string; factory: number }>();
  for (const { path, facts } of files) {
    for (const namespace of facts.nest?.configNamespaces ?? []) if (!namespaces.has(namespace.name)) namespaces.set(namespace.name, { file: path, factory: namespace.factory });
  }
  const graph = new NestModuleGraph(resolver, modules);
  const allConsumers = [...modules.values()].flatMap(({ file, module }) => (module.consumers ?? []).map((binding) => ({ file, binding })));
  const apps = bootstraps.map(({ file, bootstrap }) => appSettings(resolver, graph, namespaces, file, bootstrap, configurers));
  const routes: Route[] = [];
  for (const [key, entry] of controllers) {
    const owners = apps.filter((app) => app.controllers.has(key));
    // One application in the repository: every controller is part of it even when a module import was not followed.
    const settings = owners.length > 0 ? owners : apps.length === 1 ? apps : [];
    const unplaced = settings.length === 0 && apps.length > 1;
    for (const app of settings.length > 0 ? settings : [undefined]) {
      routes.push(...controllerRoutes(resolver, graph, key, entry, app, unplaced, app ? app.consumers : allConsumers));
    }
  }
  return routes;
}

/** Modules, what they import, their controllers, and RouterModule paths. */
class NestModuleGraph {
  /** Controller key → RouterModule path pieces of the module declaring it. */
  private readonly controllerPaths = new Map<string, ResolvedText[]>();
  private readonly moduleControllers = new Map<string, string[]>();
  private readonly moduleImports = new Map<string, string[]>();

  constructor(
    private readonly resolver: ValueResolver,
    readonly modules: ReadonlyMap<string, ModuleEntry>,
  ) {
    for (const entry of modules.values()) {
      this.moduleControllers.set(entry.key, this.classKeys(entry.file, entry.module.controllers));
      const imports: string[] = [];
      for (const item of entry.module.imports) imports.push(...this.importedModules(entry.file, item));
      this.moduleImports.set(entry.key, imports);
    }
    for (const entry of modules.values()) {
      for (const item of entry.module.imports) this.readRouterModule(entry.file, item);
    }
  }

  modulePath(controllerKey: string): ResolvedText[] {
    return this.controllerPaths.get(controllerKey) ?? [];
  }

  /** Modules reachable from a root module through `imports`. */
  reachable(root: string): Set<string> {
    const seen = new Set<string>();
    const queue = [root];
    while (queue.length > 0) {
      const key = queue.pop()!;
      if (seen.has(key)) continue;
      seen.add(key);
      queue.push(...(this.moduleImports.get(key) ?? []));
    }
    return seen;
  }

  controllersOf(moduleKey: string): string[] {
    return this.moduleControllers.get(moduleKey) ?? [];
  }

  classKey(value: Resolved): string | undefined {
    if (value.k !== 'cls') return undefined;
    const name = this.resolver.cls(value.file, value.id)?.name;
    return name === undefined ? undefined : `${value.file}#${name}`;
  }

  private classKeys(file: string, items: readonly Arg[]): string[] {
    return items.map((item) => this.classKey(this.resolver.resolve(file, item.v))).filter((key): key is string => key !== undefined);
  }

  /** An `imports` entry: a module class, or a dynamic module (`X.forRoot()` returning `{ module, controllers }`). */
  private importedModules(file: string, item: Arg): string[] {
    const value = this.resolver.resolve(file, item.v);
    const key = this.classKey(value);
    if (key !== undefined) return [key];
    if (value.k === 'rec') {
      const module = own(value.props, 'module');
      const moduleKey = module ? this.classKey(this.resolver.resolve(value.file, module.v)) : undefined;
      if (moduleKey !== undefined) {
        const controllers = own(value.props, 'controllers');
        const extra = controllers ? this.resolver.resolve(value.file, controllers.v) : undefined;
        if (extra?.k === 'arr') this.moduleControllers.set(moduleKey, [...this.controllersOf(moduleKey), ...this.classKeys(extra.file, extra.items)]);
        return [moduleKey];
      }
    }
    return [];
  }

  /** RouterModule.register([{ path: 'admin', module: AdminModule, children: [...] }]) (and nest-router's forRoutes). */
  private readRouterModule(file: string, item: Arg): void {
    const value = this.resolver.resolve(file, item.v);
    if (value.k !== 'extCall') return;
    const name = value.path.join('.');
    if (name !== 'RouterModule.register' && name !== 'RouterModule.forRoutes') return;
    const routes = value.args[0] ? this.resolver.resolve(value.file, value.args[0].v) : undefined;
    if (routes?.k === 'arr') this.readRoutes(routes.file, routes.items, []);
  }

  private readRoutes(file: string, items: readonly Arg[], parent: ResolvedText[]): void {
    for (const item of items) {
      const value = this.resolver.resolve(file, item.v);
      const moduleKey = this.classKey(value);
      if (moduleKey !== undefined) {
        this.assignPath(moduleKey, parent);
        continue;
      }
      if (value.k !== 'rec') continue;
      const path = own(value.props, 'path');
      const pieces = path ? [...parent, this.resolver.valText(value.file, path.v)] : parent;
      const module = own(value.props, 'module');
      const key = module ? this.classKey(this.resolver.resolve(value.file, module.v)) : undefined;
      if (key !== undefined) this.assignPath(key, pieces);
      const children = own(value.props, 'children');
      const list = children ? this.resolver.resolve(value.file, children.v) : undefined;
      if (list?.k === 'arr') this.readRoutes(list.file, list.items, pieces);
    }
  }

  private assignPath(moduleKey: string, pieces: ResolvedText[]): void {
    for (const controller of this.controllersOf(moduleKey)) if (!this.controllerPaths.has(controller)) this.controllerPaths.set(controller, pieces);
  }
}

function appSettings(
  resolver: ValueResolver, graph: NestModuleGraph, namespaces: ConfigNamespaces, file: string, bootstrap: NestBootstrap, configurers: ReadonlyMap<string, NestConfigurer>,
): AppSettings {
  const settings: AppSettings = { exclude: [], uriVersioning: false, versionPrefix: 'v', guards: [], consumers: [], controllers: new Set() };
  // Settings written on the app where it is created, then in the functions it is handed to, in call order.
  applySettings({ resolver, namespaces, configurers }, settings, file, bootstrap, new Set());
  const root = graph.classKey(resolver.resolve(file, bootstrap.module));
  const modules = root === undefined ? new Set<string>() : graph.reachable(root);
  for (const key of modules) {
    for (const controller of graph.controllersOf(key)) settings.controllers.add(controller);
    const module = graph.modules.get(key);
    for (const binding of module?.module.consumers ?? []) settings.consumers.push({ file: module!.file, binding });
    for (const guard of graph.modules.get(key)?.module.globalGuards ?? []) if (!settings.guards.includes(guard)) settings.guards.push(guard);
  }
  return settings;
}

/** What reading an application's settings needs besides the settings themselves. */
interface SettingsContext {
  resolver: ValueResolver;
  namespaces: ConfigNamespaces;
  configurers: ReadonlyMap<string, NestConfigurer>;
}

/** Applies one set of app settings, and those of the functions the app is passed to (`configureApp(app)`). */
function applySettings(context: SettingsContext, settings: AppSettings, file: string, applied: NestAppSettings, seen: Set<string>): void {
  const { resolver, configurers } = context;
  for (const guard of applied.globalGuards) if (!settings.guards.includes(guard)) settings.guards.push(guard);
  if (applied.globalPrefix) settings.prefix = prefixText(resolver, context.namespaces, file, applied.globalPrefix);
  if (applied.prefixOptions) settings.exclude = excludes(resolver, file, applied.prefixOptions);
  if (applied.versioning) readVersioning(resolver, settings, file, applied.versioning);
  for (const pass of applied.passes) {
    const callee = resolver.resolve(file, pass.fn);
    if (callee.k !== 'fn') continue;
    const key = `${callee.file}#${callee.id}:${pass.arg}`;
    const configurer = configurers.get(key);
    if (!configurer || seen.has(key) || seen.size > 16) continue;
    seen.add(key);
    applySettings(context, settings, callee.file, configurer, seen);
  }
}

/** Configuration namespaces (`registerAs('app', factory)`) by name: where the factory is written. */
type ConfigNamespaces = ReadonlyMap<string, { file: string; factory: number }>;

/** The global prefix: a value written in the code, or one read from @nestjs/config. */
function prefixText(resolver: ValueResolver, namespaces: ConfigNamespaces, file: string, val: Val): ResolvedText {
  const direct = resolver.valText(file, val);
  if (!direct.partial) return direct;
  return configValue(resolver, namespaces, file, val) ?? direct;
}

/**
 * `configService.get('app.apiPrefix')` (or `getOrThrow`): what the `app` namespace's factory returns
 * under `apiPrefix`, its environment defaults applied. A key without a namespace is an environment
 * variable (`configService.get('API_PREFIX', 'api')`, the second argument its default). Undefined when
 * the call is no ConfigService lookup or the repository does not tell the value.
 */
function configValue(resolver: ValueResolver, namespaces: ConfigNamespaces, file: string, val: Val): ResolvedText | undefined {
  if (val.t !== 'call' || val.fn.t !== 'mem' || (val.fn.name !== 'get' && val.fn.name !== 'getOrThrow')) return undefined;
  const keyArg = val.args[0]?.v;
  const key = keyArg?.t === 's' && keyArg.parts.length === 1 && typeof keyArg.parts[0] === 'string' ? keyArg.parts[0] : undefined;
  if (key === undefined || !isConfigService(resolver, file, val.fn.of)) return undefined;
  const [head, ...rest] = key.split('.');
  const fallbackArg = val.fn.name === 'get' ? val.args[1] : undefined;
  const fallback = fallbackArg ? resolver.valText(file, fallbackArg.v) : undefined;
  const note = `prefix read from configuration \`${key}\``;
  let found: ResolvedText | undefined;
  if (rest.length === 0) {
    // ConfigService reads keys it holds no namespace for from the environment.
    found = resolver.text({ k: 's', file, parts: [{ env: key }] });
  } else {
    const namespace = namespaces.get(head!);
    let value: Resolved | undefined = namespace ? resolver.returnOf(namespace.file, namespace.factory) : undefined;
    for (const prop of rest) {
      const entry = value?.k === 'rec' ? own(value.props, prop) : undefined;
      value = entry && value?.k === 'rec' ? resolver.resolve(value.file, entry.v) : undefined;
    }
    if (value === undefined) return undefined;
    found = resolver.text(value);
  }
  if (found.partial && fallback && !fallback.partial) found = { text: fallback.text, partial: false, notes: [...found.notes, `default '${fallback.text}' from the code`] };
  return { ...found, notes: [note, ...found.notes] };
}

/** The receiver of a lookup is @nestjs/config's ConfigService: `app.get(ConfigService)`, `new ConfigService()`, or a parameter typed so. */
function isConfigService(resolver: ValueResolver, file: string, recv: Val): boolean {
  const named = (arg: Arg | undefined): boolean => {
    if (!arg) return false;
    const value = resolver.resolve(file, arg.v);
    if (value.k === 'ext') return value.spec === '@nestjs/config' && value.path.join('.') === 'ConfigService';
    // `app.get(ConfigService<AllConfigType>)`: a generic instantiation the analysis keeps as text.
    return /^ConfigService(<|$)/.test(arg.text ?? '');
  };
  if (recv.t === 'call') {
    if (recv.isNew) return named({ v: recv.fn, line: 0, endLine: 0 });
    return recv.fn.t === 'mem' && recv.fn.name === 'get' && named(recv.args[0]);
  }
  if (recv.t === 'param') {
    const type = resolver.fn(file, recv.fn)?.params?.[recv.i]?.type;
    return type !== undefined && /^ConfigService(<|$)/.test(type);
  }
  return false;
}

function readVersioning(resolver: ValueResolver, settings: AppSettings, file: string, versioning: Val): void {
  const options = resolver.resolve(file, versioning);
  const props = options.k === 'rec' ? options.props : undefined;
  const type = props ? own(props, 'type') : undefined;
  settings.uriVersioning = type !== undefined && /(^|\.)URI$/.test(type.text ?? '');
  const prefix = props ? own(props, 'prefix') : undefined;
  if (prefix && options.k === 'rec') settings.versionPrefix = prefix.text === 'false' ? '' : resolver.valText(options.file, prefix.v).text;
  const defaultVersion = props ? own(props, 'defaultVersion') : undefined;
  if (defaultVersion && options.k === 'rec') settings.defaultVersions = versions(resolver, options.file, defaultVersion);
}

function excludes(resolver: ValueResolver, file: string, options: Val): AppSettings['exclude'] {
  const value = resolver.resolve(file, options);
  const list = value.k === 'rec' ? own(value.props, 'exclude') : undefined;
  const items = list && value.k === 'rec' ? resolver.resolve(value.file, list.v) : undefined;
  if (items?.k !== 'arr') return [];
  const out: AppSettings['exclude'] = [];
  for (const item of items.items) {
    const entry = resolver.resolve(items.file, item.v);
    if (entry.k === 's') out.push({ path: normaliseRoutePath(resolver.text(entry).text) });
    else if (entry.k === 'rec') {
      const path = own(entry.props, 'path');
      const method = own(entry.props, 'method');
      if (!path) continue;
      const methodName = method?.text?.split('.').at(-1);
      out.push({ path: normaliseRoutePath(resolver.valText(entry.file, path.v).text), ...(methodName && methodName !== 'ALL' ? { method: methodName } : {}) });
    }
  }
  return out;
}

/** Versions a `@Version(...)`/`version:` value names; null stands for VERSION_NEUTRAL. */
function versions(resolver: ValueResolver, file: string, arg: Arg | { v: Val; text?: string }): Array<string | null> {
  if (arg.text?.endsWith('VERSION_NEUTRAL')) return [NEUTRAL];
  const value = resolver.resolve(file, arg.v);
  if (value.k === 's') return [resolver.text(value).text];
  if (value.k === 'arr') return value.items.flatMap((item) => versions(resolver, value.file, item));
  if (value.k === 'ext' && value.path.at(-1) === 'VERSION_NEUTRAL') return [NEUTRAL];
  return [];
}

function controllerRoutes(
  resolver: ValueResolver, graph: NestModuleGraph, key: string, entry: ControllerEntry, app: AppSettings | undefined, unplaced: boolean, consumers: readonly ConsumerEntry[],
): Route[] {
  const { file, controller } = entry;
  const modulePath = graph.modulePath(key);
  const routes: Route[] = [];
  const controllerPaths = pathList(resolver, file, controller.paths);
  const controllerVersions = controller.version ? versions(resolver, file, { v: controller.version }) : undefined;
  for (const method of controller.methods) {
    const methodPaths = method.paths ? pathList(resolver, file, method.paths) : [{ text: '', partial: false, notes: [] }];
    const methodVersions = method.version ? versions(resolver, file, { v: method.version }) : undefined;
    const versionList = app?.uriVersioning ? methodVersions ?? controllerVersions ?? app.defaultVersions ?? [NEUTRAL] : [NEUTRAL];
    const decorated = [...(app?.guards ?? []), ...controller.middleware, ...method.middleware];
    for (const controllerPath of controllerPaths) {
      for (const methodPath of methodPaths) {
        const local = normaliseRoutePath(...modulePath.map((piece) => piece.text), controllerPath.text, methodPath.text);
        // Middleware runs before guards, interceptors and pipes.
        const bound = consumers.length > 0 ? consumerMiddleware(resolver, graph, consumers, key, local, method.httpMethod) : [];
        const middleware = [...bound, ...decorated];
        const excluded = app?.exclude.some((rule) => matchesExclude(rule, local, method.httpMethod)) ?? false;
        const pieces = [...modulePath, controllerPath, methodPath, ...(app?.prefix && !excluded ? [app.prefix] : [])];
        for (const version of versionList) {
          const versionSegment = version === NEUTRAL ? undefined : `${app?.versionPrefix ?? 'v'}${version}`;
          const path = normaliseRoutePath(excluded ? undefined : app?.prefix?.text, versionSegment, local);
          const notes: string[] = [];
          for (const piece of pieces) for (const note of piece.notes) if (!notes.includes(note)) notes.push(note);
          if (unplaced) notes.push('controller not reached from any NestFactory.create module: global prefix unknown');
          const route: Route = {
            method: method.httpMethod,
            path,
            file,
            line: method.line,
            framework: 'nestjs',
            handler: { name: `${controller.name}.${method.name}`, file, startLine: method.startLine, endLine: method.endLine },
            middleware,
            signature: stableHash(method.hash, middleware.join('\n')),
          };
          if (unplaced || pieces.some((piece) => piece.partial)) route.partial = true;
          if (notes.length > 0) route.notes = notes;
          routes.push(route);
        }
      }
    }
  }
  return routes;
}

/** The middleware `consumer.apply(…).forRoutes(…)` bindings attach to one route (its path without global prefix or version). */
function consumerMiddleware(resolver: ValueResolver, graph: NestModuleGraph, consumers: readonly ConsumerEntry[], controllerKey: string, path: string, method: string): string[] {
  const names: string[] = [];
  for (const { file, binding } of consumers) {
    if (!binding.routes.some((target) => matchesTarget(resolver, graph, file, target, controllerKey, path, method))) continue;
    if (binding.exclude.some((target) => matchesTarget(resolver, graph, file, target, undefined, path, method))) continue;
    for (const name of binding.middleware) if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** One `forRoutes`/`exclude` target: a path pattern, `{ path, method }`, or a controller class. */
function matchesTarget(resolver: ValueResolver, graph: NestModuleGraph, file: string, target: Arg, controllerKey: string | undefined, path: string, method: string): boolean {
  const value = resolver.resolve(file, target.v);
  if (value.k === 's') return matchesMiddlewarePath(resolver.text(value).text, path);
  if (value.k === 'cls') return controllerKey !== undefined && graph.classKey(value) === controllerKey;
  if (value.k !== 'rec') return false;
  const pathArg = own(value.props, 'path');
  const methodName = own(value.props, 'method')?.text?.split('.').at(-1);
  if (methodName !== undefined && methodName !== 'ALL' && methodName !== method) return false;
  return pathArg !== undefined && matchesMiddlewarePath(resolver.valText(value.file, pathArg.v).text, path);
}

/**
 * A middleware path pattern against a route path (both without the global prefix): `*` and `(.*)` match
 * any run of characters, `:param` any one segment (the request `/articles/feed` meets `articles/:slug`).
 */
function matchesMiddlewarePath(pattern: string, path: string): boolean {
  let source = '';
  for (const segment of pattern.split('/').filter((piece) => piece !== '')) {
    const piece = segment.replace(/\(\.\*\)/g, '*');
    if (/^:[A-Za-z_$][\w$]*\??$/.test(piece)) source += '/[^/]+';
    else source += '/' + piece.split('*').map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  }
  return new RegExp(`^${source.replace(/\/\.\*$/, '(/.*)?')}/?$`).test(path === '/' ? '' : path);
}

/** A path argument: one string, or an array of them (`@Controller(['cats', 'kittens'])`). */
function pathList(resolver: ValueResolver, file: string, val: Val): ResolvedText[] {
  const value = resolver.resolve(file, val);
  if (value.k === 'arr') return value.items.map((item) => resolver.valText(value.file, item.v));
  return [resolver.text(value)];
}

function matchesExclude(rule: { path: string; method?: string }, path: string, method: string): boolean {
  if (rule.method && rule.method !== method) return false;
  const wildcard = rule.path.match(/^(.*?)\/?(\(\.\*\)|\*)$/);
  if (wildcard) {
    const prefix = wildcard[1] === '' ? '/' : wildcard[1]!;
    return prefix === '/' || path === prefix || path.startsWith(prefix + '/');
  }
  return rule.path === path;
}
