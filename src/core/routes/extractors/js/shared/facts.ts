/**
 * The plain facts the JavaScript/TypeScript analysis keeps about one module once its syntax tree is
 * gone. Values are symbolic: a local identifier is resolved while the tree is alive, but what comes
 * from another module stays an `imp` reference that the link step follows across files.
 */

/** A piece of a string value (a path, a prefix). */
export type Part =
  | string
  /** `process.env.NAME`: resolved from the defaults the repository ships (.env.example). */
  | { env: string }
  /** `${expr}` or `a + expr` whose value lives elsewhere (another module, a class field). */
  | { ref: Val; text: string }
  /** `a ?? b`, `a || b`: configuration with a fallback written in code. */
  | { or: [Part[], Part[]]; text: string }
  /** `__dirname` and friends: the directory of this module. */
  | { dir: true };

/**
 * Stands for the name of each entry of a directory listing (`fs.readdirSync(__dirname).forEach((file) =>
 * router.use(`/${file}`, require(`./${file}`)))`) in strings and import specifiers; the link step
 * replaces it with every entry of the folder the repository holds.
 */
export const DIR_ENTRY = '\u0000entry\u0000';
/** The entry's name without its extension (`file.replace('.js', '')`, `path.basename(file, '.js')`). */
export const DIR_ENTRY_STEM = '\u0000stem\u0000';
/** The entry's name up to its first dot (`file.split('.')[0]`). */
export const DIR_ENTRY_HEAD = '\u0000head\u0000';

/** What an expression evaluates to, as far as a static reading can tell. */
export type Val =
  | { t: 'u'; text?: string }
  | { t: 's'; parts: Part[] }
  /** A framework object created in this module: express(), Router(), fastify(), new Hono(), new Router(). */
  | { t: 'obj'; id: number }
  /** A parameter of a function of this module (a router once something passes one in). */
  | { t: 'param'; fn: number; i: number; key?: string }
  | { t: 'fn'; id: number }
  | { t: 'cls'; id: number }
  /** What another module exports: `name` is an export name, 'default', or '*' for the module itself. */
  | { t: 'imp'; spec: string; name: string }
  | { t: 'mem'; of: Val; name: string }
  /** A call (or `new`): `at` is the call's offset, which names the call in this module. */
  | { t: 'call'; fn: Val; args: Arg[]; at: number; isNew?: boolean }
  /** An object literal; keys are own properties of a prototype-less record. */
  | { t: 'rec'; props: Record<string, Arg> }
  | { t: 'arr'; items: Arg[] };

/** A value with where it was written, and its source text when short (middleware names, notes). */
export interface Arg {
  v: Val;
  /** Trimmed source text; absent for inline functions and large literals. */
  text?: string;
  line: number;
  endLine: number;
  /** The expression is a function written in place. */
  inline?: boolean;
}

export type RouterFramework = 'express' | 'fastify' | 'hono' | 'koa';

/** A framework object created in this module. */
export interface ObjDef {
  framework: RouterFramework | 'next-connect';
  /** An application (the root of its routes) or a router (mounted by something else). */
  kind: 'app' | 'router';
  line: number;
  /** Constructor options (Koa router `{ prefix }`). */
  options?: Val;
}

export interface ParamDef {
  name?: string;
  /** Destructured names, as [local name, property] (`({ app: server }) => …`). */
  fields?: Array<[string, string]>;
  /** Type annotation text without the colon (`FastifyInstance`, `Router`). */
  type?: string;
}

export interface FnDef {
  name?: string;
  line: number;
  endLine: number;
  /** stableHash of the function's text: a change in its body changes the route's signature. */
  hash: string;
  /** Filled for modules that take part in routing (others never have their parameters bound). */
  params?: ParamDef[];
  /** What the function returns (filled for modules that take part in routing). */
  returns?: Val[];
  /** Type annotation of the variable holding it (`FastifyPluginAsync`). */
  typeHint?: string;
}

export interface ClassDef {
  name?: string;
  line: number;
  endLine: number;
  /** Method name → function id. */
  methods: Record<string, number>;
  /** Field name → value (initialisers and constructor assignments). */
  fields: Record<string, Val>;
}

/** A call of a routing method (`get`, `use`, `route`, `register`, …) on some receiver. */
export interface CallFact {
  recv: Val;
  method: string;
  args: Arg[];
  /** Line of the method name (a chained `.post(...)` on its own line gets its own line). */
  line: number;
  /** Offset of the call in the module: orders `use` before the routes it applies to. */
  at: number;
  /** stableHash of the call's text. */
  hash: string;
  /** Written in a loop over this directory's entries: DIR_ENTRY in the arguments names each entry. */
  each?: Part[];
}

/** A call that passes a router-like value to a function: `require('./routes')(app)`, `setup(router)`. */
export interface BindFact {
  fn: Val;
  args: Arg[];
  isNew: boolean;
  line: number;
  at: number;
  /** Written in a loop over this directory's entries (see CallFact.each). */
  each?: Part[];
}

/** NestJS: a class decorated with @Controller. */
export interface NestController {
  name: string;
  line: number;
  paths: Val;
  version?: Val;
  /** Class-level guards, interceptors and other decorators, as middleware names. */
  middleware: string[];
  methods: NestMethod[];
}

export interface NestMethod {
  name: string;
  httpMethod: string;
  /** Line of the HTTP method decorator. */
  line: number;
  paths?: Val;
  version?: Val;
  middleware: string[];
  startLine: number;
  endLine: number;
  /** stableHash of decorators and method text. */
  hash: string;
}

/** NestJS: a class decorated with @Module. */
export interface NestModule {
  name: string;
  imports: Arg[];
  controllers: Arg[];
  /** Guards bound globally with `{ provide: APP_GUARD, useClass: X }`. */
  globalGuards: string[];
  /** `configure(consumer) { consumer.apply(AuthMiddleware).forRoutes(…) }`. */
  consumers?: NestConsumerBinding[];
}

/** Middleware a module binds with `consumer.apply(A, B).exclude(…).forRoutes(…)`. */
export interface NestConsumerBinding {
  middleware: string[];
  /** Paths (`'cats'`, `'*'`), `{ path, method }` records, or controller classes. */
  routes: Arg[];
  exclude: Arg[];
}

/** NestJS: settings applied to an application object (`app.setGlobalPrefix('api')`, `app.enableVersioning(…)`). */
export interface NestAppSettings {
  globalPrefix?: Val;
  prefixOptions?: Val;
  versioning?: Val;
  globalGuards: string[];
  /** Calls handing the application on to a function that may configure it (`configureApp(app, config)`). */
  passes: NestAppPass[];
}

/** A call passing the application as argument `arg` of `fn`. */
export interface NestAppPass {
  fn: Val;
  arg: number;
}

/** NestJS: `NestFactory.create(AppModule)` and the settings applied to that app. */
export interface NestBootstrap extends NestAppSettings {
  module: Val;
  line: number;
}

/** NestJS: a function configuring the application it receives as parameter `param` (`export const setup = (app) => { … }`). */
export interface NestConfigurer extends NestAppSettings {
  fn: number;
  param: number;
}

/**
 * NestJS: a configuration namespace the module exports, `registerAs('app', () => ({ apiPrefix: … }))`
 * from @nestjs/config; `configService.get('app.apiPrefix')` reads the factory's return value.
 */
export interface NestConfigNamespace {
  name: string;
  /** The factory function (its return values are recorded). */
  factory: number;
}

export interface NestFacts {
  controllers: NestController[];
  modules: NestModule[];
  bootstraps: NestBootstrap[];
  configurers?: NestConfigurer[];
  configNamespaces?: NestConfigNamespace[];
}

/** routing-controllers and tsoa: the decorator-controller frameworks read by `collectDecoratedControllers`. */
export type DecoratorFramework = 'routing-controllers' | 'tsoa';

/** A class decorated as a controller: `@JsonController('/users')` (routing-controllers), `@Route('users')` (tsoa). */
export interface DecoratedController {
  framework: DecoratorFramework;
  name: string;
  line: number;
  /** The class prefix; absent when the decorator has no argument. */
  path?: Val;
  /** Class-level middleware (`@UseBefore(a, b)` / `@Middlewares(a, b)`), each by its name in code. */
  middleware: string[];
  /** routing-controllers `@Authorized(…)`, tsoa `@Security(…)` of the class, as written. */
  auth: string[];
  methods: DecoratedMethod[];
}

/** One route method of a decorated controller. */
export interface DecoratedMethod {
  name: string;
  httpMethod: string;
  /** Line of the HTTP method decorator. */
  line: number;
  path?: Val;
  middleware: string[];
  /** The method's own auth decorators; they replace the class's. */
  auth: string[];
  /** tsoa `@NoSecurity()`: the class's security does not apply. */
  noAuth?: boolean;
  startLine: number;
  endLine: number;
  /** stableHash of decorators and method text. */
  hash: string;
}

/** routing-controllers: `useExpressServer(app, options)`, `createExpressServer(options)` (and the Koa pair). */
export interface RoutingControllersServer {
  line: number;
  /** The options object (routePrefix, controllers, middlewares); absent when not passed. */
  options?: Val;
}

/** What a module holds for the decorator-controller frameworks. */
export interface DecoratedFacts {
  controllers: DecoratedController[];
  servers: RoutingControllersServer[];
  /** routing-controllers classes decorated `@Middleware({ type: 'before' })`: global middleware when listed. */
  beforeMiddleware: string[];
}

/** Next.js: what a route module (app/**\/route.ts, pages/api/**) exports. */
export interface NextFacts {
  /** Exported HTTP method handlers (app router). */
  methods: Array<{ method: string; line: number; handler: Arg; wrappers: string[]; hash: string }>;
  /** Default export (pages router). */
  defaultExport?: { line: number; handler: Arg; wrappers: string[]; hash: string };
  /** Methods the default handler tests `req.method` against (pages router). */
  comparedMethods: string[];
}

/** Everything the JavaScript extractors keep about one module. */
export interface JsModuleFacts {
  path: string;
  /** Export name ('default', a name, or '=' for `module.exports =` / `export =`) → value. */
  exports: Record<string, Val>;
  /** `export * from '…'` specifiers. */
  stars: string[];
  /** Framework packages this module imports (express, fastify, hono, koa, @nestjs, next …). */
  frameworks: string[];
  objs: ObjDef[];
  fns: FnDef[];
  classes: ClassDef[];
  calls: CallFact[];
  binds: BindFact[];
  nest?: NestFacts;
  next?: NextFacts;
  /** routing-controllers and tsoa controllers, and routing-controllers server set-ups. */
  decorated?: DecoratedFacts;
}

/** Own property of a prototype-less record, safe for keys like `constructor`. */
export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A prototype-less record. */
export function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
