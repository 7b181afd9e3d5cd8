import { stableHash } from '../../../../hash.js';
import { normaliseRoutePath } from '../../../normalise-route-path.js';
import type { ProjectInfo, Route } from '../../../types.js';
import { APP_LIKE_NAMES, VERB_METHODS } from './collect-router-calls.js';
import { DIR_ENTRY, DIR_ENTRY_HEAD, DIR_ENTRY_STEM, own, type Arg, type CallFact, type JsModuleFacts, type Part, type RouterFramework, type Val } from './facts.js';
import { middlewareName, resolveHandler } from './handler-ref.js';
import { dirName, joinPath, ModuleIndex } from './module-index.js';
import { ValueResolver, type Resolved, type ResolvedText } from './resolve-values.js';

/** Fastify hooks that run before the handler: they guard a route like middleware. */
const FASTIFY_GUARD_HOOKS: ReadonlySet<string> = new Set(['onRequest', 'preParsing', 'preValidation', 'preHandler', 'beforeHandler']);
const ROUTER_FRAMEWORKS: readonly RouterFramework[] = ['express', 'fastify', 'hono', 'koa'];
/** @hono/zod-openapi's OpenAPIHono methods: each returns the app, so calls chain. */
const OPENAPI_DOC_METHODS: ReadonlySet<string> = new Set(['doc', 'doc31']);
const HONO_OPENAPI_METHODS: readonly string[] = ['openapi', ...OPENAPI_DOC_METHODS];
const SELF_RETURNING: ReadonlySet<string> = new Set(['use', 'on', 'route', 'register', 'prefix', 'withTypeProvider', 'addHook', ...HONO_OPENAPI_METHODS]);
/** Parameter names that hold the application itself: no prefix can be missing above it. */
const APPLICATION_NAMES: ReadonlySet<string> = new Set(['app', 'application', 'server']);

interface RouteEvent {
  methods: string[];
  paths: ResolvedText[];
  file: string;
  line: number;
  at: number;
  middleware: string[];
  handler?: Arg;
  hash: string;
}

interface Edge {
  child: string;
  prefix: ResolvedText;
  middleware: string[];
  file: string;
  at: number;
}

interface UseEvent {
  file: string;
  at: number;
  middleware: string[];
  /** Path the middleware is limited to (`app.use('/admin', requireAdmin)`, Hono `app.use('/api/*', auth)`). */
  filter?: ResolvedText;
}

interface GraphNode {
  key: string;
  file: string;
  line: number;
  framework?: RouterFramework;
  kind: 'app' | 'router' | 'param' | 'derived';
  ownPrefix: ResolvedText[];
  routes: RouteEvent[];
  edges: Edge[];
  uses: UseEvent[];
  hooks: string[];
  incoming: number;
  param?: { fn: number; i: number; key?: string };
}

interface Context {
  prefix: ResolvedText[];
  middleware: string[];
  filters: Array<{ pattern: string; middleware: string[] }>;
  framework?: RouterFramework;
  partial: boolean;
  notes: string[];
  stack: ReadonlySet<string>;
}

/** A route of a router framework, before the extractor of that framework takes it. */
export type RouterRoute = Route & { framework: RouterFramework };

// One link serves the four router extractors of a scan: they receive the same project and facts.
const linked = new WeakMap<ProjectInfo, { files: ReadonlyArray<{ facts: JsModuleFacts }>; routes: RouterRoute[] }>();

/**
 * Links the routing calls of every module into one graph of applications, routers and plugins, and
 * returns every route with its full path. The Express, Fastify, Hono and Koa extractors each take
 * their framework's share; the graph is built once for all of them.
 */
export function linkRouterGraph(files: ReadonlyArray<{ path: string; facts: JsModuleFacts }>, project: ProjectInfo): RouterRoute[] {
  const known = linked.get(project);
  if (known && sameFacts(known.files, files)) return known.routes;
  const graph = new RouterGraph(new ModuleIndex(files, project.paths, project.jsAliases), project);
  const routes = graph.build();
  linked.set(project, { files, routes });
  return routes;
}

function sameFacts(a: ReadonlyArray<{ facts: JsModuleFacts }>, b: ReadonlyArray<{ facts: JsModuleFacts }>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.facts !== b[i]!.facts) return false;
  return true;
}

class RouterGraph extends ValueResolver {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly routes: RouterRoute[] = [];
  private readonly visited = new Set<string>();
  private repoFrameworks: RouterFramework[] = [];

  constructor(index: ModuleIndex, project: ProjectInfo) {
    super(index, project);
  }

  build(): RouterRoute[] {
    const frameworks = new Set<string>();
    for (const facts of this.index.all()) for (const framework of facts.frameworks) frameworks.add(framework);
    this.repoFrameworks = ROUTER_FRAMEWORKS.filter((framework) => frameworks.has(framework));
    for (const facts of this.index.all()) {
      for (const call of facts.calls) {
        if (call.each) for (const entry of this.entries(facts.path, call.each, call.args)) this.readCall(facts.path, withEntry(call, entry));
        else this.readCall(facts.path, call);
      }
      for (const bind of facts.binds) {
        if (bind.each) for (const entry of this.entries(facts.path, bind.each, [...bind.args, { v: bind.fn, line: 0, endLine: 0 }])) {
          const filled = withEntry(bind, entry);
          this.readBind(facts.path, filled.fn, filled.args, filled.isNew, filled.at);
        }
        else this.readBind(facts.path, bind.fn, bind.args, bind.isNew, bind.at);
      }
    }
    for (const node of this.nodes.values()) if (node.incoming === 0) this.emitRoot(node);
    // Routers reachable only through cycles or from parents that were not routes modules.
    for (const node of this.nodes.values()) {
      if (this.visited.has(node.key) || (node.routes.length === 0 && node.edges.length === 0)) continue;
      if (node.kind === 'param' && !this.acceptsUnboundParam(node)) continue;
      this.walk(node, this.rootContext(node, true));
    }
    return this.routes;
  }

  /**
   * The entries of a listed directory (`fs.readdirSync(dir)`): its files and folders the repository
   * holds modules in. An entry whose module is the listing module itself is left out: a routes index
   * loading its folder skips itself (`if (file === 'index.js') return`).
   */
  private entries(file: string, each: Part[], args: readonly Arg[]): string[] {
    const dir = this.text({ k: 's', file, parts: each });
    const base = dir.partial ? undefined : joinPath('', dir.text);
    if (base === undefined) return [];
    const names = new Set<string>();
    for (const [folder, paths] of this.index.directoriesUnder(base)) {
      if (folder === base) for (const path of paths) names.add(path.slice(path.lastIndexOf('/') + 1));
      else names.add(folder.slice(base.length + (base === '' ? 0 : 1)).split('/')[0]!);
    }
    const specs = args.flatMap((arg) => importSpecs(arg.v)).filter((spec) => spec.includes('\u0000'));
    return [...names].sort().filter((name) => !specs.some((spec) => this.index.resolve(file, entryText(spec, name)) === file));
  }

  // ----- values the graph adds to the resolver -------------------------------------------------

  protected override isFrameworkValue(value: Resolved): boolean {
    if (value.k === 'obj') return this.index.facts(value.file)?.objs[value.id]?.framework !== 'next-connect';
    return value.k === 'param' || value.k === 'node' || value.k === 'chain';
  }

  protected override frameworkMethod(recv: Resolved, name: string, args: Arg[], file: string, at: number): Resolved | undefined {
    if (recv.k === 'chain') return VERB_METHODS.has(name) ? recv : undefined;
    const node = this.nodeFor(recv);
    if (!node) return undefined;
    const self: Resolved = { k: 'node', key: node.key };
    if (name === 'routes' || name === 'middleware') return self;
    if (name === 'basePath' && args[0]) return { k: 'node', key: this.derivedNode(node, args[0], file, at).key };
    if (name === 'route' && args.length === 1 && args[0]!.v.t !== 'rec') return { k: 'chain', node: node.key, path: args[0]!, file };
    // Express, Hono and Koa return the receiver from route methods, so calls chain; Fastify's
    // withTypeProvider() is the same instance with other types.
    if (VERB_METHODS.has(name) || SELF_RETURNING.has(name)) return self;
    return undefined;
  }

  private nodeFor(value: Resolved): GraphNode | undefined {
    switch (value.k) {
      case 'node':
        return this.nodes.get(value.key);
      case 'obj': {
        const key = `o:${value.file}#${value.id}`;
        const known = this.nodes.get(key);
        if (known) return known;
        const def = this.index.facts(value.file)?.objs[value.id];
        if (!def || def.framework === 'next-connect') return undefined;
        const node = this.newNode(key, value.file, def.line, def.kind);
        node.framework = def.framework;
        if (def.options) {
          // new Router({ prefix: '/api' }) (Koa)
          const options = this.resolve(value.file, def.options);
          const prefix = options.k === 'rec' ? own(options.props, 'prefix') : undefined;
          if (prefix && options.k === 'rec') node.ownPrefix.push(this.valText(options.file, prefix.v));
        }
        return node;
      }
      case 'param': {
        const key = `p:${value.file}#${value.fn}:${value.i}${value.key === undefined ? '' : '.' + value.key}`;
        const known = this.nodes.get(key);
        if (known) return known;
        const def = this.fn(value.file, value.fn);
        const node = this.newNode(key, value.file, def?.line ?? 1, 'param');
        node.param = value.key === undefined ? { fn: value.fn, i: value.i } : { fn: value.fn, i: value.i, key: value.key };
        return node;
      }
      default:
        return undefined;
    }
  }

  private newNode(key: string, file: string, line: number, kind: GraphNode['kind']): GraphNode {
    const node: GraphNode = { key, file, line, kind, ownPrefix: [], routes: [], edges: [], uses: [], hooks: [], incoming: 0 };
    this.nodes.set(key, node);
    return node;
  }

  private derivedNode(parent: GraphNode, prefix: Arg, file: string, at: number): GraphNode {
    const key = `d:${file}@${at}`;
    const known = this.nodes.get(key);
    if (known) return known;
    // Hono's basePath: a new instance whose routes carry the base path wherever it is mounted, and that
    // shares its parent's router.
    const node = this.newNode(key, file, prefix.line, 'derived');
    if (parent.framework) node.framework = parent.framework;
    node.ownPrefix.push(this.valText(file, prefix.v, prefix.text));
    this.addEdge(parent, node, emptyText(), [], file, at);
    return node;
  }

  private addEdge(parent: GraphNode, child: GraphNode, prefix: ResolvedText, middleware: string[], file: string, at: number): void {
    if (parent.edges.some((edge) => edge.child === child.key && edge.file === file && edge.at === at)) return;
    parent.edges.push({ child: child.key, prefix, middleware, file, at });
    child.incoming++;
  }

  // ----- reading calls ---------------------------------------------------------------------------

  private readCall(file: string, call: CallFact): void {
    const recv = this.resolve(file, call.recv);
    if (recv.k === 'chain') {
      if (!VERB_METHODS.has(call.method)) return;
      const node = this.nodes.get(recv.node);
      if (!node) return;
      const paths = this.pathTexts(recv.file, recv.path.v, recv.path.text);
      if (paths) this.addRoute(node, file, call, [verbMethod(call.method)], paths, call.args);
      return;
    }
    const node = this.nodeFor(recv);
    if (!node) return;
    const { method, args } = call;
    if (VERB_METHODS.has(method)) this.readVerb(node, file, call);
    else if (method === 'on') this.readOn(node, file, call);
    else if (method === 'route') this.readRouteMethod(node, file, call);
    else if (method === 'use') this.readUse(node, file, args, call.at);
    else if (method === 'register') this.readRegister(node, file, args, call.at);
    else if (method === 'addHook') {
      const hook = this.valText(file, args[0]!.v).text;
      if (FASTIFY_GUARD_HOOKS.has(hook) && args[1]) node.hooks.push(...this.middlewareNames(file, [args[1]], hook));
    } else if (method === 'prefix' && args[0]) node.ownPrefix.push(this.valText(file, args[0].v));
    else if (method === 'openapi') this.readOpenApi(node, file, call);
    else if (OPENAPI_DOC_METHODS.has(method) && node.framework === 'hono') this.readOpenApiDoc(node, file, call);
  }

  /** `app.doc('/doc', config)` (@hono/zod-openapi) serves the generated OpenAPI document: a GET route. */
  private readOpenApiDoc(node: GraphNode, file: string, call: CallFact): void {
    const [pathArg, ...rest] = call.args;
    if (!pathArg || rest.length === 0) return;
    const paths = this.pathTexts(file, pathArg.v, pathArg.text);
    // The document's configuration stands for the handler: Hono builds the one that serves it.
    if (paths) node.routes.push({ methods: ['GET'], paths, file, line: call.line, at: call.at, middleware: [], handler: rest[0]!, hash: call.hash });
  }

  private readVerb(node: GraphNode, file: string, call: CallFact): void {
    const { args } = call;
    if (args.length < 2) return;
    let pathIndex = 0;
    // Koa: router.get('user', '/users/:id', handler) names the route first.
    if (args.length >= 3 && this.isString(file, args[0]!.v) && this.isString(file, args[1]!.v)) pathIndex = 1;
    const paths = this.pathTexts(file, args[pathIndex]!.v, args[pathIndex]!.text);
    if (!paths) return;
    this.addRoute(node, file, call, [verbMethod(call.method)], paths, args.slice(pathIndex + 1));
  }

  private readOn(node: GraphNode, file: string, call: CallFact): void {
    const [methodsArg, pathArg, ...rest] = call.args;
    if (!methodsArg || !pathArg) return;
    const methods = this.stringList(file, methodsArg.v)?.map((method) => (method.toUpperCase() === 'ALL' ? 'ANY' : method.toUpperCase()));
    const paths = this.pathTexts(file, pathArg.v, pathArg.text);
    if (methods && paths) this.addRoute(node, file, call, methods, paths, rest);
  }

  /** `router.route('/x')` (a chain, read through its verbs), `app.route('/prefix', subApp)` (Hono), `fastify.route({…})`. */
  private readRouteMethod(node: GraphNode, file: string, call: CallFact): void {
    const { args } = call;
    if (args.length >= 2) {
      const child = this.nodeFor(this.resolve(file, args[1]!.v));
      if (child) this.addEdge(node, child, this.valText(file, args[0]!.v, args[0]!.text), [], file, call.at);
      return;
    }
    const options = args[0] ? this.resolve(file, args[0].v) : undefined;
    if (options?.k !== 'rec') return;
    const method = own(options.props, 'method');
    const url = own(options.props, 'url') ?? own(options.props, 'path');
    const methods = method ? this.stringList(options.file, method.v)?.map((name) => name.toUpperCase()) : undefined;
    const paths = url ? this.pathTexts(options.file, url.v) : undefined;
    if (!methods || !paths) return;
    this.addRoute(node, file, call, methods, paths, [args[0]!]);
  }

  private readOpenApi(node: GraphNode, file: string, call: CallFact): void {
    // app.openapi(createRoute({ method: 'get', path: '/users/{id}' }), handler)
    const [routeArg, ...rest] = call.args;
    if (!routeArg) return;
    let config = this.resolve(file, routeArg.v);
    if (config.k === 'extCall' && config.args[0]) config = this.resolve(config.file, config.args[0].v);
    if (config.k !== 'rec') return;
    const method = own(config.props, 'method');
    const path = own(config.props, 'path');
    const methods = method ? this.stringList(config.file, method.v)?.map((name) => name.toUpperCase()) : undefined;
    const paths = path ? this.pathTexts(config.file, path.v) : undefined;
    if (methods && paths) this.addRoute(node, file, call, methods, paths, rest);
  }

  /**
   * `use(path?, ...handlers)`: routers among the handlers are mounted under the path with the
   * middleware written before them; otherwise the handlers are middleware for what follows.
   */
  private readUse(node: GraphNode, file: string, args: Arg[], at: number): void {
    if (args.length === 0) return;
    let filter: ResolvedText | undefined;
    let rest = args;
    const firstArg = args[0]!;
    const first = this.resolve(file, firstArg.v);
    if (first.k === 's' || (first.k === 'arr' && first.items.every((item) => this.isString(first.file, item.v)))) {
      filter = this.text(first.k === 'arr' ? this.resolve(first.file, first.items[0]!.v) : first, firstArg.text);
      rest = args.slice(1);
    } else if (args.length >= 2 && !firstArg.inline && (first.k === 'u' || first.k === 'extCall') && looksLikeValue(firstArg.v)) {
      // app.use(config.apiPrefix, router), app.use(settings.get('prefix'), router): a prefix the analysis cannot read
      filter = this.text({ k: 'u' }, firstArg.text);
      rest = args.slice(1);
    }
    const middleware: string[] = [];
    let mounted = false;
    for (const arg of this.flatten(file, rest)) {
      const value = this.resolve(arg.file, arg.arg.v);
      const child = this.nodeFor(value);
      if (child) {
        this.addEdge(node, child, filter ?? emptyText(), [...middleware], file, at);
        mounted = true;
        continue;
      }
      if (value.k === 'extCall' && value.spec === 'koa-mount' && value.args.length >= 2) {
        const mountedNode = this.nodeFor(this.resolve(value.file, value.args[1]!.v));
        if (mountedNode) {
          const prefix = this.valText(value.file, value.args[0]!.v);
          this.addEdge(node, mountedNode, joinTexts(filter ?? emptyText(), prefix), [...middleware], file, at);
          mounted = true;
          continue;
        }
      }
      middleware.push(middlewareName(arg.arg));
    }
    if (!mounted && middleware.length > 0) node.uses.push({ file, at, middleware, ...(filter ? { filter } : {}) });
  }

  /** `fastify.register(plugin, { prefix })`, with @fastify/autoload and fastify-plugin understood. */
  private readRegister(node: GraphNode, file: string, args: Arg[], at: number): void {
    const [pluginArg, optionsArg] = args;
    if (!pluginArg) return;
    const options = optionsArg ? this.resolve(file, optionsArg.v) : undefined;
    const prefixArg = options?.k === 'rec' ? own(options.props, 'prefix') : undefined;
    const prefix = prefixArg && options?.k === 'rec' ? this.valText(options.file, prefixArg.v) : emptyText();
    const plugin = this.pluginFunction(this.resolve(file, pluginArg.v));
    if (plugin?.value.k === 'ext' && AUTOLOAD_PACKAGES.has(plugin.value.spec) && options?.k === 'rec') {
      this.readAutoload(node, options.file, options.props, file, at);
      return;
    }
    if (plugin?.value.k !== 'fn') return;
    const child = this.nodeFor({ k: 'param', file: plugin.value.file, fn: plugin.value.id, i: 0 });
    // fastify-plugin skips encapsulation, and with it the `prefix` option.
    if (child) this.addEdge(node, child, plugin.skipsOverride ? emptyText() : prefix, [], file, at);
  }

  /** The function a plugin value stands for: through modules, default exports and fastify-plugin. */
  private pluginFunction(value: Resolved, depth = 0, skipsOverride = false): { value: Resolved; skipsOverride: boolean } | undefined {
    if (depth > 4) return undefined;
    if (value.k === 'fn' || value.k === 'ext') return { value, skipsOverride };
    if (value.k === 'mod') return this.pluginFunction(this.exportOf(value.file, 'default'), depth + 1, skipsOverride);
    if (value.k === 'extCall' && value.args[0]) {
      const wrapper = value.spec === 'fastify-plugin';
      return this.pluginFunction(this.resolve(value.file, value.args[0].v), depth + 1, skipsOverride || wrapper);
    }
    return undefined;
  }

  /** @fastify/autoload: each module under `dir` is a plugin, prefixed by its folder (and `autoPrefix`). */
  private readAutoload(node: GraphNode, optionsFile: string, options: Record<string, Arg>, file: string, at: number): void {
    const dirArg = own(options, 'dir');
    if (!dirArg) return;
    const dir = this.valText(optionsFile, dirArg.v);
    const base = dir.partial ? undefined : joinPath('', dir.text);
    if (base === undefined) return;
    const pluginOptions = own(options, 'options');
    const optionsValue = pluginOptions ? this.resolve(optionsFile, pluginOptions.v) : undefined;
    const prefixArg = optionsValue?.k === 'rec' ? own(optionsValue.props, 'prefix') : undefined;
    const rootPrefix = prefixArg && optionsValue?.k === 'rec' ? this.valText(optionsValue.file, prefixArg.v) : emptyText();
    const dirPrefix = own(options, 'dirNameRoutePrefix');
    const useDirNames = !(dirPrefix && dirPrefix.text === 'false');
    // routeParams: true turns folders named `_id` into `:id`.
    const routeParams = own(options, 'routeParams')?.text === 'true';
    const autoHooks = own(options, 'autoHooks')?.text === 'true';
    const cascadeHooks = own(options, 'cascadeHooks')?.text === 'true';
    const directories = this.index.byDirectory();
    for (const path of autoloadedModules(this.index.directoriesUnder(base))) {
      const plugin = this.pluginFunction(this.moduleValue(path));
      if (plugin?.value.k !== 'fn') continue;
      const child = this.nodeFor({ k: 'param', file: plugin.value.file, fn: plugin.value.id, i: 0 });
      if (!child) continue;
      if (plugin.skipsOverride) {
        this.addEdge(node, child, emptyText(), [], file, at);
        continue;
      }
      const folder = dirName(path).slice(base.length).split('/').map((name) => (routeParams && name.startsWith('_') ? ':' + name.slice(1) : name)).join('/');
      // A plugin's `autoPrefix` export replaces the folder prefix.
      const autoPrefix = this.exportOf(path, 'autoPrefix');
      const local = autoPrefix.k === 's' ? this.text(autoPrefix) : useDirNames ? plainText(folder) : emptyText();
      // autoHooks: the hooks of autohooks files (of the folder, or of every folder above with cascadeHooks)
      // wrap the folder's plugins.
      let parent = node;
      for (const hooksPath of autoHooks ? autohooksFor(base, dirName(path), cascadeHooks, directories) : []) {
        const hooks = this.pluginFunction(this.moduleValue(hooksPath));
        const hooksNode = hooks?.value.k === 'fn' ? this.nodeFor({ k: 'param', file: hooks.value.file, fn: hooks.value.id, i: 0 }) : undefined;
        if (!hooksNode) continue;
        this.addEdge(parent, hooksNode, emptyText(), [], file, at);
        parent = hooksNode;
      }
      this.addEdge(parent, child, joinTexts(rootPrefix, local), [], file, at);
    }
  }

  private readBind(file: string, fnVal: Val, args: Arg[], isNew: boolean, at: number): void {
    let callee = this.resolve(file, fnVal);
    if (isNew && callee.k === 'cls') {
      const ctor = own(this.cls(callee.file, callee.id)?.methods ?? {}, 'constructor');
      callee = ctor === undefined ? { k: 'u' } : { k: 'fn', file: callee.file, id: ctor };
    }
    if (callee.k === 'mod') callee = this.exportOf(callee.file, 'default');
    if (callee.k !== 'fn') return;
    const fn = callee;
    const bind = (value: Resolved, i: number, key?: string): void => {
      const parent = this.nodeFor(value);
      if (!parent) return;
      const child = this.nodeFor(key === undefined ? { k: 'param', file: fn.file, fn: fn.id, i } : { k: 'param', file: fn.file, fn: fn.id, i, key });
      if (child && child !== parent) this.addEdge(parent, child, emptyText(), [], file, at);
    };
    args.forEach((arg, i) => {
      const value = this.resolve(file, arg.v);
      if (value.k !== 'rec') return bind(value, i);
      // loader({ app: expressApp }) binds the destructured parameter `({ app }) => …`
      for (const key of Object.keys(value.props)) bind(this.resolve(value.file, value.props[key]!.v), i, key);
    });
  }

  private addRoute(node: GraphNode, file: string, call: CallFact, methods: string[], paths: ResolvedText[], handlers: Arg[]): void {
    const middleware: string[] = [];
    let handler: Arg | undefined;
    const flat = this.flatten(file, handlers);
    flat.forEach((entry, index) => {
      const value = this.resolve(entry.file, entry.arg.v);
      if (value.k === 'rec') {
        // Fastify route options: hooks that guard the route, and the handler.
        for (const hook of FASTIFY_GUARD_HOOKS) {
          const hookArg = own(value.props, hook);
          if (hookArg) middleware.push(...this.middlewareNames(value.file, [hookArg], hook));
        }
        const inner = own(value.props, 'handler');
        if (inner) handler = inner;
        return;
      }
      if (index === flat.length - 1 && !handler) handler = entry.arg;
      else middleware.push(middlewareName(entry.arg));
    });
    if (!handler) return;
    node.routes.push({ methods, paths, file, line: call.line, at: call.at, middleware, handler, hash: call.hash });
  }

  // ----- emitting routes -------------------------------------------------------------------------

  private emitRoot(node: GraphNode): void {
    if (node.kind === 'param' && !this.acceptsUnboundParam(node)) return;
    this.walk(node, this.rootContext(node, false));
  }

  private rootContext(node: GraphNode, unreachable: boolean): Context {
    const context: Context = { prefix: [], middleware: [], filters: [], partial: false, notes: [], stack: new Set() };
    const framework = node.framework ?? this.guessFramework(node);
    if (framework) context.framework = framework;
    if (unreachable) {
      context.partial = true;
      context.notes.push('mounted only through code the analysis could not follow');
    } else if (node.kind === 'router') {
      context.partial = true;
      context.notes.push('router is not mounted anywhere the analysis could follow: its prefix is unknown');
    } else if (node.kind === 'param') {
      const param = this.paramDef(node);
      const type = param?.type ?? '';
      // fastify-cli loads app.js as the application itself: its plugin instance is the root.
      const applicationModule = /^(app|server|main)\.[cm]?[jt]sx?$/.test(node.file.slice(node.file.lastIndexOf('/') + 1));
      if (!APPLICATION_NAMES.has(param?.name ?? '') && !/^(Express|Application|Hono)\b/.test(type) && !applicationModule) {
        context.partial = true;
        context.notes.push(`routes module: nothing the analysis could follow passes in \`${param?.name ?? 'its router'}\`, so its prefix is unknown`);
      }
    }
    return context;
  }

  private paramDef(node: GraphNode): { name?: string; type?: string } | undefined {
    if (!node.param) return undefined;
    const param = this.fn(node.file, node.param.fn)?.params?.[node.param.i];
    if (node.param.key === undefined) return param;
    const local = param?.fields?.find(([, key]) => key === node.param!.key)?.[0];
    return { name: local ?? node.param.key };
  }

  /**
   * A parameter nobody is seen passing a router into is a routes module only when its function is
   * exported and the parameter is named or typed like an application/router. Anything else (`res.get`,
   * `client.get`) is not a route.
   */
  private acceptsUnboundParam(node: GraphNode): boolean {
    if (!node.param || !this.isExported(node.file, node.param.fn)) return false;
    const param = this.paramDef(node);
    const fnType = this.fn(node.file, node.param.fn)?.typeHint ?? '';
    if (param?.name !== undefined && APP_LIKE_NAMES.has(param.name)) return true;
    if (/^(FastifyInstance|Router|Express|Application|Hono)\b/.test(param?.type ?? '')) return true;
    return /^Fastify(Plugin|PluginAsync|PluginCallback)\b/.test(fnType);
  }

  private readonly exportedFns = new Map<string, Set<number>>();

  private isExported(file: string, fn: number): boolean {
    let set = this.exportedFns.get(file);
    if (!set) {
      set = new Set();
      const facts = this.index.facts(file);
      const visit = (value: Val, depth: number): void => {
        if (depth > 4) return;
        if (value.t === 'fn') set!.add(value.id);
        else if (value.t === 'call') for (const arg of value.args) visit(arg.v, depth + 1);
        else if (value.t === 'rec') for (const key of Object.keys(value.props)) visit(value.props[key]!.v, depth + 1);
        else if (value.t === 'cls') for (const method of Object.values(facts?.classes[value.id]?.methods ?? {})) set!.add(method);
      };
      for (const key of Object.keys(facts?.exports ?? {})) visit(facts!.exports[key]!, 0);
      this.exportedFns.set(file, set);
    }
    return set.has(fn);
  }

  /** The framework of a routes module nobody mounts: its types, its parameter's name, or the only one the repository uses. */
  private guessFramework(node: GraphNode): RouterFramework | undefined {
    const param = this.paramDef(node);
    const hint = `${param?.type ?? ''} ${node.param ? this.fn(node.file, node.param.fn)?.typeHint ?? '' : ''}`;
    if (/Fastify/.test(hint) || param?.name === 'fastify') return 'fastify';
    if (/Hono/.test(hint)) return 'hono';
    if (/Router|Express|Application/.test(hint) && this.repoFrameworks.includes('express')) return 'express';
    if (this.repoFrameworks.length === 1) return this.repoFrameworks[0];
    return this.repoFrameworks.length > 0 ? this.handlerStyle(node) ?? this.repoFrameworks[0] : undefined;
  }

  /** The framework a handler's parameters suggest: (request, reply) Fastify, (c) Hono, (ctx) Koa, (req, res) Express. */
  private handlerStyle(node: GraphNode): RouterFramework | undefined {
    for (const route of node.routes) {
      if (!route.handler) continue;
      const value = this.resolve(route.file, route.handler.v);
      if (value.k !== 'fn') continue;
      const names = (this.fn(value.file, value.id)?.params ?? []).map((param) => param.name ?? '');
      if (names[1] === 'reply') return 'fastify';
      if (names.length === 1 && names[0] === 'c') return 'hono';
      if (names[0] === 'ctx') return 'koa';
      if (names[0] === 'req') return 'express';
    }
    return undefined;
  }

  private walk(node: GraphNode, context: Context): void {
    if (context.stack.has(node.key)) return;
    this.visited.add(node.key);
    const framework = node.framework ?? context.framework;
    if (!framework) return;
    const stack = new Set(context.stack).add(node.key);
    const prefix = [...context.prefix, ...node.ownPrefix];
    const base = normalisedPrefix(prefix);
    const middleware = [...context.middleware, ...node.hooks];
    for (const route of node.routes) {
      const uses = node.uses.filter((use) => use.file !== route.file || use.at < route.at);
      for (const pathText of route.paths) {
        const fullPath = joinRoutePath(prefix, pathText, framework);
        const applied = [...middleware];
        for (const filter of context.filters) if (matchesFilter(filter.pattern, fullPath)) applied.push(...filter.middleware);
        for (const use of uses) {
          if (!use.filter || matchesFilter(joinRoutePath([{ text: base, partial: false, notes: [] }], use.filter, framework), fullPath)) applied.push(...use.middleware);
        }
        applied.push(...route.middleware);
        for (const method of route.methods) this.emit(route, method, fullPath, applied, framework, [...prefix, pathText], context);
      }
    }
    for (const edge of node.edges) {
      const child = this.nodes.get(edge.child);
      if (!child) continue;
      const before = node.uses.filter((use) => use.file !== edge.file || use.at < edge.at);
      const childContext: Context = {
        prefix: [...prefix, edge.prefix],
        middleware: [...middleware, ...before.filter((use) => !use.filter).flatMap((use) => use.middleware), ...edge.middleware],
        filters: [
          ...context.filters,
          ...before.filter((use) => use.filter).map((use) => ({ pattern: joinRoutePath([{ text: base, partial: false, notes: [] }], use.filter!, framework), middleware: use.middleware })),
        ],
        framework,
        partial: context.partial,
        notes: context.notes,
        stack,
      };
      this.walk(child, childContext);
    }
  }

  private emit(route: RouteEvent, method: string, path: string, middleware: string[], framework: RouterFramework, pieces: ResolvedText[], context: Context): void {
    const handler = route.handler ? resolveHandler(this, route.file, route.handler) : undefined;
    const partial = context.partial || pieces.some((piece) => piece.partial);
    const notes = [...context.notes];
    for (const piece of pieces) for (const note of piece.notes) if (!notes.includes(note)) notes.push(note);
    const out: RouterRoute = {
      method,
      path,
      file: route.file,
      line: route.line,
      framework,
      middleware,
      signature: stableHash(route.hash, middleware.join('\n'), handler?.hash ?? ''),
    };
    if (handler) out.handler = handler.ref;
    if (partial) out.partial = true;
    if (notes.length > 0) out.notes = notes;
    this.routes.push(out);
  }

  // ----- small readers ---------------------------------------------------------------------------

  private isString(file: string, val: Val): boolean {
    return this.resolve(file, val).k === 's';
  }

  /** The path(s) a route argument names: a string, an array of strings; undefined for anything else (a RegExp). */
  private pathTexts(file: string, val: Val, source?: string): ResolvedText[] | undefined {
    const value = this.resolve(file, val);
    if (value.k === 's') return [this.text(value)];
    if (value.k === 'arr') {
      const texts = value.items.map((item) => this.resolve(value.file, item.v)).filter((item) => item.k === 's').map((item) => this.text(item));
      return texts.length > 0 ? texts : undefined;
    }
    // A path the analysis cannot read: the route is kept with what is known, marked partial.
    if (value.k === 'u') return [this.text(value, source)];
    return undefined;
  }

  private stringList(file: string, val: Val): string[] | undefined {
    const value = this.resolve(file, val);
    if (value.k === 's') return [this.text(value).text];
    if (value.k === 'arr') return value.items.map((item) => this.valText(value.file, item.v).text).filter((text) => text !== '');
    return undefined;
  }

  private middlewareNames(file: string, args: Arg[], hook?: string): string[] {
    return this.flatten(file, args).map((entry) => middlewareName(entry.arg, hook));
  }

  /** Arguments with array literals spread (`[auth, validate]`), each with the module it was written in. */
  private flatten(file: string, args: Arg[], depth = 0): Array<{ arg: Arg; file: string }> {
    const out: Array<{ arg: Arg; file: string }> = [];
    for (const arg of args) {
      if (arg.v.t === 'arr' || (arg.v.t !== 'fn' && depth < 2 && this.resolve(file, arg.v).k === 'arr')) {
        const value = this.resolve(file, arg.v);
        if (value.k === 'arr') {
          out.push(...this.flatten(value.file, value.items, depth + 1));
          continue;
        }
      }
      out.push({ arg, file });
    }
    return out;
  }
}

/**
 * Whether an unreadable first argument of `use` is a value (a prefix from configuration) rather than a
 * middleware factory call: member reads and identifiers are values, and so are configuration lookups
 * (`config.get('prefix')`); other calls (`cors()`) make middleware.
 */
function looksLikeValue(val: Val): boolean {
  if (val.t !== 'call') return val.t !== 'fn';
  return val.fn.t === 'mem' && /^get/.test(val.fn.name) && val.args.length > 0 && val.args[0]!.v.t === 's';
}

function verbMethod(method: string): string {
  if (method === 'all') return 'ANY';
  if (method === 'del') return 'DELETE';
  return method.toUpperCase();
}

function emptyText(): ResolvedText {
  return { text: '', partial: false, notes: [] };
}

function plainText(text: string): ResolvedText {
  return { text, partial: false, notes: [] };
}

function joinTexts(a: ResolvedText, b: ResolvedText): ResolvedText {
  return { text: `${a.text}/${b.text}`, partial: a.partial || b.partial, notes: [...a.notes, ...b.notes.filter((note) => !a.notes.includes(note))] };
}

function normalisedPrefix(prefix: readonly ResolvedText[]): string {
  return normalised(prefix.map((piece) => piece.text));
}

// Routers share prefixes and every route of a router is joined to the same ones: joined paths are
// remembered (normalising applies a dozen regular expressions per segment).
const joinedPaths = new Map<string, string>();

function normalised(pieces: readonly string[]): string {
  let key = '';
  for (const piece of pieces) key += `${piece.length}:${piece}`;
  let path = joinedPaths.get(key);
  if (path === undefined) {
    if (joinedPaths.size > 50_000) joinedPaths.clear();
    path = normaliseRoutePath(...pieces);
    joinedPaths.set(key, path);
  }
  return path;
}

/** Joins prefixes and a route path; Hono's inline patterns (`:id{[0-9]+}`) keep their name only. */
function joinRoutePath(prefix: readonly ResolvedText[], path: ResolvedText, framework: RouterFramework): string {
  const pieces = [...prefix.map((piece) => piece.text), path.text];
  const cleaned = framework === 'hono' ? pieces.map((piece) => piece.replace(/:([A-Za-z_][\w-]*)\{[^}]*\}/g, ':$1')) : pieces;
  return normalised(cleaned);
}

/** Whether middleware limited to a path (Express prefix, Hono pattern with `*`) applies to a route path. */
function matchesFilter(pattern: string, path: string): boolean {
  const prefix = pattern.replace(/\/?\*$/, '').replace(/\/$/, '');
  if (prefix === '' || prefix === '/') return true;
  return path === prefix || path.startsWith(prefix + '/');
}

/** @fastify/autoload, and its name before Fastify v4. */
const AUTOLOAD_PACKAGES: ReadonlySet<string> = new Set(['@fastify/autoload', 'fastify-autoload']);
const INDEX_FILE = /^index\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/;
const AUTOHOOKS_FILE = /^[_.]?auto_?hooks\.(ts|js|cjs|mjs)$/i;

/**
 * Modules @fastify/autoload loads from a directory: every module below it, except that in a folder with
 * an index file only that file is loaded (subfolders still are), and autohooks files are hooks, not plugins.
 */
function autoloadedModules(directories: ReadonlyArray<readonly [string, readonly string[]]>): string[] {
  const modules: string[] = [];
  for (const [, paths] of directories) {
    const list = paths.filter((path) => !AUTOHOOKS_FILE.test(fileName(path)));
    if (list.length === 0) continue;
    const index = list.find((path) => INDEX_FILE.test(fileName(path)));
    modules.push(...(index ? [index] : list));
  }
  return modules.sort();
}

/** The autohooks modules that apply to a folder's plugins, outermost first. */
function autohooksFor(base: string, dir: string, cascade: boolean, directories: ReadonlyMap<string, readonly string[]>): string[] {
  const dirs = [dir];
  if (cascade) for (let current = dir; current.length > base.length; current = dirName(current)) dirs.unshift(dirName(current));
  return dirs.flatMap((folder) => (directories.get(folder) ?? []).filter((path) => AUTOHOOKS_FILE.test(fileName(path))));
}

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A call written in a loop over a directory listing, with DIR_ENTRY replaced by one entry's name. */
function withEntry<T extends { args: Arg[]; at: number }>(fact: T & { recv?: Val; fn?: Val }, entry: string): T {
  const filled = { ...fact, args: fact.args.map((arg) => ({ ...arg, v: fillEntry(arg.v, entry) })) };
  if (fact.recv) filled.recv = fillEntry(fact.recv, entry);
  if (fact.fn) filled.fn = fillEntry(fact.fn, entry);
  return filled;
}

function fillEntry(value: Val, entry: string, depth = 0): Val {
  if (depth > 8) return value;
  const fill = (inner: Val): Val => fillEntry(inner, entry, depth + 1);
  const fillArgs = (args: Arg[]): Arg[] => args.map((arg) => ({ ...arg, v: fill(arg.v) }));
  switch (value.t) {
    case 's':
      return value.parts.some((part) => typeof part === 'string' && part.includes('\u0000'))
        ? { t: 's', parts: value.parts.map((part) => (typeof part === 'string' ? entryText(part, entry) : part)) }
        : value;
    case 'imp':
      return value.spec.includes('\u0000') ? { ...value, spec: entryText(value.spec, entry) } : value;
    case 'mem':
      return { ...value, of: fill(value.of) };
    case 'call':
      return { ...value, fn: fill(value.fn), args: fillArgs(value.args) };
    case 'arr':
      return { ...value, items: fillArgs(value.items) };
    case 'rec': {
      const props = Object.create(null) as Record<string, Arg>;
      for (const key of Object.keys(value.props)) props[key] = { ...value.props[key]!, v: fill(value.props[key]!.v) };
      return { t: 'rec', props };
    }
    default:
      return value;
  }
}

/** A string with the entry placeholders (DIR_ENTRY and its stem and head) replaced by an entry's name. */
function entryText(text: string, entry: string): string {
  const dot = entry.lastIndexOf('.');
  const stem = dot > 0 ? entry.slice(0, dot) : entry;
  const first = entry.indexOf('.', 1);
  const head = first > 0 ? entry.slice(0, first) : entry;
  return text.split(DIR_ENTRY).join(entry).split(DIR_ENTRY_STEM).join(stem).split(DIR_ENTRY_HEAD).join(head);
}

/** Import specifiers a value reads modules through (`require(`./${file}`)` in a call's arguments or callee). */
function importSpecs(value: Val, depth = 0): string[] {
  if (depth > 8) return [];
  switch (value.t) {
    case 'imp':
      return [value.spec];
    case 'mem':
      return importSpecs(value.of, depth + 1);
    case 'call':
      return [...importSpecs(value.fn, depth + 1), ...value.args.flatMap((arg) => importSpecs(arg.v, depth + 1))];
    default:
      return [];
  }
}
