import type { SgNode } from '@ast-grep/napi';
import { endLineOf, lineOf } from '../../../../source/language.js';
import { shortText, type Evaluator } from './evaluate.js';
import { decoratedMethods, topLevelClasses } from './top-level-classes.js';
import { own, type Arg, type NestAppSettings, type NestBootstrap, type NestConfigNamespace, type NestConfigurer, type NestConsumerBinding, type NestController, type NestFacts, type NestMethod, type NestModule, type Val } from './facts.js';

/** NestJS route decorators and the method each declares. */
const HTTP_DECORATORS: Readonly<Record<string, string>> = {
  Get: 'GET', Post: 'POST', Put: 'PUT', Patch: 'PATCH', Delete: 'DELETE', All: 'ANY', Head: 'HEAD', Options: 'OPTIONS', Search: 'SEARCH', Sse: 'GET',
};
/** Decorators whose arguments are each a guard/interceptor/pipe/filter applied to the route. */
const LIST_DECORATORS: ReadonlySet<string> = new Set(['UseGuards', 'UseInterceptors', 'UsePipes', 'UseFilters']);
/** Decorators that shape the response or the docs, not who may call the route. */
const IGNORED_DECORATORS: ReadonlySet<string> = new Set(['Controller', 'Version', 'HttpCode', 'Header', 'Redirect', 'Render', 'Injectable', 'Module']);

/** A decorator: its name (the last member of a dotted name), its arguments and its node. */
export interface Decorator {
  name: string;
  args: SgNode[];
  node: SgNode;
}

/**
 * Reads a NestJS module: @Controller classes with their route methods, @Module classes (controllers,
 * imports, global guards), and `NestFactory.create(...)` with the app's global prefix and versioning.
 */
export function collectNestFacts(ev: Evaluator): NestFacts | undefined {
  const facts: NestFacts = { controllers: [], modules: [], bootstraps: [] };
  for (const { node: owner, name, decorators } of topLevelClasses(ev)) {
    const parsed = decorators.map(parseDecorator).filter((decorator): decorator is Decorator => decorator !== undefined);
    // A top-level class is written in the program's scope.
    ev.classOf(owner, ev.programChain());
    const controller = parsed.find((decorator) => decorator.name === 'Controller');
    const module = parsed.find((decorator) => decorator.name === 'Module');
    if (!controller && !module) continue;
    // Decorators of a top-level class (and of its methods) are written in the program's scope only.
    ev.within(ev.programChain(), () => {
      if (controller) facts.controllers.push(readController(ev, owner, name, controller, parsed));
      if (module) facts.modules.push(readModule(ev, name, module, owner));
    }, owner);
  }
  if (ev.file.text.includes('NestFactory')) facts.bootstraps.push(...readBootstraps(ev));
  const configurers = readConfigurers(ev);
  if (configurers.length > 0) facts.configurers = configurers;
  const namespaces = readConfigNamespaces(ev);
  if (namespaces.length > 0) facts.configNamespaces = namespaces;
  return facts.controllers.length + facts.modules.length + facts.bootstraps.length + configurers.length + namespaces.length > 0 ? facts : undefined;
}

/**
 * Configuration namespaces the module exports: `export default registerAs('app', () => ({ … }))` (or
 * `export const appConfig = registerAs(…)`). A global prefix read with `configService.get('app.apiPrefix')`
 * is the `apiPrefix` the factory returns.
 */
function readConfigNamespaces(ev: Evaluator): NestConfigNamespace[] {
  const namespaces: NestConfigNamespace[] = [];
  for (const value of Object.values(ev.facts.exports)) {
    if (value.t !== 'call' || value.fn.t !== 'imp' || value.fn.spec !== '@nestjs/config' || value.fn.name !== 'registerAs') continue;
    const [name, factory] = value.args;
    if (name?.v.t !== 's' || name.v.parts.length !== 1 || typeof name.v.parts[0] !== 'string' || factory?.v.t !== 'fn') continue;
    ev.wantReturns(factory.v.id);
    namespaces.push({ name: name.v.parts[0], factory: factory.v.id });
  }
  return namespaces;
}

/** Reads `@Name(args)`, `@ns.Name(args)` and `@Name`. */
export function parseDecorator(node: SgNode): Decorator | undefined {
  const expression = node.namedChildren()[0];
  if (!expression) return undefined;
  if (expression.kind() === 'call_expression') {
    const fn = expression.field('function');
    const name = fn?.kind() === 'member_expression' ? fn.field('property')?.text() : fn?.text();
    const args = expression.field('arguments')?.namedChildren().filter((child) => child.kind() !== 'comment') ?? [];
    return name === undefined ? undefined : { name, args, node };
  }
  const name = expression.kind() === 'member_expression' ? expression.field('property')?.text() : expression.text();
  return name === undefined ? undefined : { name, args: [], node };
}

/** Middleware names of decorators: each guard of @UseGuards(A, B), the text of others (`@Roles('admin')`). */
function decoratorMiddleware(decorators: readonly Decorator[]): string[] {
  const names: string[] = [];
  for (const decorator of decorators) {
    if (IGNORED_DECORATORS.has(decorator.name) || HTTP_DECORATORS[decorator.name] !== undefined || decorator.name.startsWith('Api')) continue;
    if (LIST_DECORATORS.has(decorator.name) && decorator.args.length > 0) {
      for (const arg of decorator.args) names.push(shortText(arg) ?? '<expression>');
    } else names.push(shortText(decorator.node) ?? `@${decorator.name}`);
  }
  return names;
}

function readController(ev: Evaluator, cls: SgNode, name: string, controller: Decorator, decorators: readonly Decorator[]): NestController {
  const first = controller.args[0];
  let paths: Val = { t: 's', parts: [''] };
  let version: Val | undefined;
  if (first) {
    const value = ev.eval(first);
    if (value.t === 'rec') {
      const path = own(value.props, 'path');
      if (path) paths = path.v;
      const v = own(value.props, 'version');
      if (v) version = v.v;
    } else paths = value;
  }
  const versionDecorator = decorators.find((decorator) => decorator.name === 'Version');
  if (versionDecorator?.args[0]) version = ev.eval(versionDecorator.args[0]);
  const result: NestController = {
    name,
    line: lineOf(controller.node),
    paths,
    middleware: decoratorMiddleware(decorators),
    methods: readMethods(ev, cls),
  };
  if (version) result.version = version;
  return result;
}

function readMethods(ev: Evaluator, cls: SgNode): NestMethod[] {
  const methods: NestMethod[] = [];
  for (const { node: member, decorators: written, hash } of decoratedMethods(cls)) {
    const decorators = written.map(parseDecorator).filter((decorator): decorator is Decorator => decorator !== undefined);
    const name = member.field('name')?.text() ?? '';
    const version = decorators.find((decorator) => decorator.name === 'Version');
    for (const decorator of decorators) {
      const httpMethod = HTTP_DECORATORS[decorator.name];
      if (httpMethod === undefined) continue;
      const method: NestMethod = {
        name,
        httpMethod,
        line: lineOf(decorator.node),
        middleware: decoratorMiddleware(decorators),
        startLine: lineOf(member),
        endLine: endLineOf(member),
        hash,
      };
      if (decorator.args[0]) method.paths = ev.eval(decorator.args[0]);
      if (version?.args[0]) method.version = ev.eval(version.args[0]);
      methods.push(method);
    }
  }
  return methods;
}

function readModule(ev: Evaluator, name: string, module: Decorator, cls: SgNode): NestModule {
  const result: NestModule = { name, imports: [], controllers: [], globalGuards: [] };
  const consumers = readConsumers(ev, cls);
  if (consumers.length > 0) result.consumers = consumers;
  const options = module.args[0] ? ev.eval(module.args[0]) : undefined;
  if (options?.t !== 'rec') return result;
  const list = (key: string): Arg[] => {
    const value = own(options.props, key)?.v;
    return value?.t === 'arr' ? value.items : [];
  };
  result.imports = list('imports');
  result.controllers = list('controllers');
  for (const provider of list('providers')) {
    // { provide: APP_GUARD, useClass: JwtAuthGuard } binds a guard to every route of the app.
    if (provider.v.t !== 'rec') continue;
    const provide = own(provider.v.props, 'provide');
    const useClass = own(provider.v.props, 'useClass') ?? own(provider.v.props, 'useExisting');
    if (provide?.text === 'APP_GUARD' && useClass?.text) result.globalGuards.push(useClass.text);
  }
  return result;
}

/**
 * Middleware bound in the module's `configure(consumer)`: each `.forRoutes(…)` with the `.apply(…)` and
 * `.exclude(…)` written before it in the chain.
 */
function readConsumers(ev: Evaluator, cls: SgNode): NestConsumerBinding[] {
  const configure = cls.field('body')?.children().find((member) => member.kind() === 'method_definition' && member.field('name')?.text() === 'configure');
  if (!configure) return [];
  const bindings: NestConsumerBinding[] = [];
  const calls = configure.findAll({ rule: { kind: 'call_expression', has: { field: 'function', kind: 'member_expression', has: { field: 'property', regex: '^forRoutes$' } } } });
  for (const forRoutes of calls) {
    const { chain, owner } = ev.scopes.surroundings(forRoutes);
    const argsOf = (call: SgNode): Arg[] => ev.within(chain, () => ev.argsOf(ev.argumentEntries(call)), owner);
    const binding: NestConsumerBinding = { middleware: [], routes: argsOf(forRoutes), exclude: [] };
    let current = forRoutes.field('function')?.field('object');
    while (current?.kind() === 'call_expression') {
      const fn = current.field('function');
      const name = fn?.kind() === 'member_expression' ? fn.field('property')?.text() : undefined;
      if (name === 'exclude') binding.exclude.push(...argsOf(current));
      else if (name === 'apply') {
        binding.middleware = ev.argumentNodes(current).map((arg) => shortText(arg) ?? '<expression>');
        break;
      } else break;
      current = fn?.field('object');
    }
    if (binding.middleware.length > 0) bindings.push(binding);
  }
  return bindings;
}

const APP_SETTINGS: ReadonlySet<string> = new Set(['setGlobalPrefix', 'enableVersioning', 'useGlobalGuards']);
const APP_SETTINGS_RULE = { field: 'function', kind: 'member_expression', has: { field: 'property', regex: '^(setGlobalPrefix|enableVersioning|useGlobalGuards)$' } } as const;

function emptySettings(): NestAppSettings {
  return { globalGuards: [], passes: [] };
}

function readBootstraps(ev: Evaluator): NestBootstrap[] {
  const bootstraps: NestBootstrap[] = [];
  const creates = ev.file.root.findAll({
    rule: {
      kind: 'call_expression',
      has: { field: 'function', kind: 'member_expression', all: [{ has: { field: 'object', regex: '^NestFactory$' } }, { has: { field: 'property', regex: '^create' } }] },
    },
  });
  for (const create of creates) {
    const args = ev.argumentNodes(create);
    if (!args[0]) continue;
    const bootstrap: NestBootstrap = { module: ev.eval(args[0]), line: lineOf(create), ...emptySettings() };
    const declarator = create.ancestors().find((ancestor) => ancestor.kind() === 'variable_declarator');
    const appName = declarator?.field('name')?.text();
    const scope = create.ancestors().find((ancestor) => ancestor.kind() === 'statement_block') ?? ev.file.root;
    if (appName !== undefined && /^[A-Za-z_$][\w$]*$/.test(appName)) {
      const named = `^${appName.replace(/\$/g, '\\$')}$`;
      const calls = scope.findAll({
        rule: {
          kind: 'call_expression',
          any: [
            { has: { field: 'function', kind: 'member_expression', has: { field: 'object', regex: named } } },
            // The app handed on to a function that configures it: `configureApp(app, config)`.
            { has: { field: 'arguments', kind: 'arguments', has: { kind: 'identifier', regex: named } } },
          ],
        },
      });
      for (const call of calls) readSetting(ev, call, (object) => object.kind() === 'identifier' && object.text() === appName, bootstrap);
    }
    bootstraps.push(bootstrap);
  }
  return bootstraps;
}

/**
 * Functions that configure the application they receive: `export const configureVersioning = (app:
 * INestApplication) => { app.setGlobalPrefix('api'); … }`, and those handing it on (`configureApp(app)`
 * calling `configureVersioning(app)`). Read only where the text names a setting or an application type.
 */
function readConfigurers(ev: Evaluator): NestConfigurer[] {
  const { text, root } = ev.file;
  const names = new Set<string>(['app']);
  if (text.includes('Application')) {
    // Parameters typed as a Nest application (INestApplication, NestExpressApplication, …).
    for (const param of root.findAll({ rule: { kind: 'required_parameter', has: { field: 'type', regex: 'Nest[A-Za-z]*Application' } } })) {
      const pattern = param.field('pattern');
      if (pattern?.kind() === 'identifier') names.add(pattern.text());
    }
  } else if (![...APP_SETTINGS].some((name) => text.includes(name))) return [];
  const regex = `^(${[...names].map((name) => name.replace(/\$/g, '\\$')).join('|')})$`;
  const calls = root.findAll({
    rule: {
      kind: 'call_expression',
      any: [{ has: APP_SETTINGS_RULE }, { has: { field: 'arguments', kind: 'arguments', has: { kind: 'identifier', regex } } }],
    },
  });
  const configurers = new Map<string, NestConfigurer>();
  for (const call of calls) {
    const { chain, owner } = ev.scopes.surroundings(call);
    // The application is a parameter of the function the call is written in.
    const holder = (node: SgNode): NestConfigurer | undefined => {
      if (node.kind() !== 'identifier' || !names.has(node.text())) return undefined;
      const value = ev.within(chain, () => ev.eval(node), owner);
      if (value.t !== 'param' || value.key !== undefined) return undefined;
      const key = `${value.fn}:${value.i}`;
      let configurer = configurers.get(key);
      if (!configurer) configurers.set(key, (configurer = { fn: value.fn, param: value.i, ...emptySettings() }));
      return configurer;
    };
    const member = call.field('function');
    const object = member?.kind() === 'member_expression' ? member.field('object') : undefined;
    const target = object ? holder(object) : undefined;
    if (target) {
      readSetting(ev, call, () => true, target);
      continue;
    }
    const callee = call.field('function');
    ev.argumentNodes(call).forEach((arg, i) => {
      const configurer = callee ? holder(arg) : undefined;
      if (configurer) configurer.passes.push({ fn: ev.within(chain, () => ev.eval(callee!), owner), arg: i });
    });
  }
  return [...configurers.values()];
}

/** One call on (or passing) the application: a setting, or the application handed on to a function. */
function readSetting(ev: Evaluator, call: SgNode, isApp: (object: SgNode) => boolean, settings: NestAppSettings): void {
  const fn = call.field('function');
  const object = fn?.kind() === 'member_expression' ? fn.field('object') : undefined;
  const method = object && isApp(object) ? fn?.field('property')?.text() : undefined;
  const callArgs = ev.argumentNodes(call);
  const { chain, owner } = ev.scopes.surroundings(call);
  const read = (node: SgNode): Val => ev.within(chain, () => ev.eval(node), owner);
  if (method !== undefined) {
    if (!APP_SETTINGS.has(method)) return;
    if (method === 'setGlobalPrefix' && callArgs[0]) {
      settings.globalPrefix = read(callArgs[0]);
      if (callArgs[1]) settings.prefixOptions = read(callArgs[1]);
    } else if (method === 'enableVersioning') {
      settings.versioning = callArgs[0] ? read(callArgs[0]) : { t: 'rec', props: Object.create(null) as Record<string, Arg> };
    } else if (method === 'useGlobalGuards') {
      for (const arg of callArgs) settings.globalGuards.push(guardName(arg));
    }
    return;
  }
  if (!fn) return;
  const arg = callArgs.findIndex((node) => node.kind() === 'identifier' && isApp(node));
  if (arg !== -1) settings.passes.push({ fn: read(fn), arg });
}

/** `new JwtAuthGuard(reflector)` is named by its class. */
function guardName(node: SgNode): string {
  if (node.kind() === 'new_expression') {
    const ctor = node.field('constructor');
    if (ctor) return ctor.text();
  }
  return shortText(node) ?? '<expression>';
}
