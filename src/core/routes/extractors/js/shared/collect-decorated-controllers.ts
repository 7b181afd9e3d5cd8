import type { SgNode } from '@ast-grep/napi';
import { endLineOf, lineOf } from '../../../../source/language.js';
import { parseDecorator, type Decorator } from './collect-nest-facts.js';
import { shortText, type Evaluator } from './evaluate.js';
import { decoratedMethods, topLevelClasses } from './top-level-classes.js';
import { own, type DecoratedController, type DecoratedFacts, type DecoratedMethod, type DecoratorFramework, type RoutingControllersServer, type Val } from './facts.js';

/** What each framework's decorators mean. */
interface DecoratorVocabulary {
  /** Class decorators that make a controller. */
  controller: ReadonlySet<string>;
  /** Method decorators declaring a route, and the HTTP method each declares. */
  http: Readonly<Record<string, string>>;
  /** Decorators whose arguments are each a middleware run before the handler. */
  middleware: string;
  /** Decorators that require an authenticated caller. */
  auth: string;
  /** Decorator that lifts the class's auth requirement from a method. */
  noAuth?: string;
}

const VOCABULARIES: Readonly<Record<DecoratorFramework, DecoratorVocabulary>> = {
  'routing-controllers': {
    controller: new Set(['Controller', 'JsonController']),
    http: { Get: 'GET', Post: 'POST', Put: 'PUT', Patch: 'PATCH', Delete: 'DELETE', Head: 'HEAD', All: 'ANY' },
    middleware: 'UseBefore',
    auth: 'Authorized',
  },
  tsoa: {
    controller: new Set(['Route']),
    http: { Get: 'GET', Post: 'POST', Put: 'PUT', Patch: 'PATCH', Delete: 'DELETE', Head: 'HEAD', Options: 'OPTIONS' },
    middleware: 'Middlewares',
    auth: 'Security',
    noAuth: 'NoSecurity',
  },
};

/** Packages exporting each framework's decorators (tsoa's are also published as @tsoa/runtime). */
const PACKAGES: ReadonlyMap<string, DecoratorFramework> = new Map([['routing-controllers', 'routing-controllers'], ['tsoa', 'tsoa'], ['@tsoa/runtime', 'tsoa']]);
const SERVER_FUNCTIONS: Readonly<Record<string, number>> = { useExpressServer: 1, useKoaServer: 1, createExpressServer: 0, createKoaServer: 0 };

/** A decorator with the package and name it was imported under (aliases and namespace imports seen through). */
interface KnownDecorator extends Decorator {
  framework: DecoratorFramework;
  imported: string;
}

/**
 * Reads a module that imports routing-controllers or tsoa: classes decorated as controllers with
 * their route methods, middleware and auth decorators; routing-controllers `@Middleware({ type:
 * 'before' })` classes; and `useExpressServer(app, options)` / `createExpressServer(options)` calls.
 */
export function collectDecoratedControllers(ev: Evaluator): DecoratedFacts | undefined {
  const facts: DecoratedFacts = { controllers: [], servers: [], beforeMiddleware: [] };
  for (const { node: owner, name, decorators } of topLevelClasses(ev)) {
    if (decorators.length === 0) continue;
    // Decorators of a top-level class (and of its methods) are written in the program's scope.
    ev.within(ev.programChain(), () => {
      const known = decorators.map((node) => knownDecorator(ev, node)).filter((decorator): decorator is KnownDecorator => decorator !== undefined);
      const controller = known.find((decorator) => VOCABULARIES[decorator.framework].controller.has(decorator.imported));
      if (controller) facts.controllers.push(readController(ev, owner, name, controller, known));
      else if (known.some((decorator) => decorator.framework === 'routing-controllers' && decorator.imported === 'Middleware' && runsBefore(ev, decorator))) {
        facts.beforeMiddleware.push(name);
      }
    }, owner);
  }
  if (Object.keys(SERVER_FUNCTIONS).some((fn) => ev.file.text.includes(fn))) facts.servers.push(...readServers(ev));
  return facts.controllers.length + facts.servers.length + facts.beforeMiddleware.length > 0 ? facts : undefined;
}

/** A decorator imported from routing-controllers or tsoa, judged by its import rather than its name. */
function knownDecorator(ev: Evaluator, node: SgNode): KnownDecorator | undefined {
  const decorator = parseDecorator(node);
  const expression = node.namedChildren()[0];
  if (!decorator || !expression) return undefined;
  const callee = expression.kind() === 'call_expression' ? expression.field('function') : expression;
  const origin = callee ? importOrigin(ev.eval(callee)) : undefined;
  return origin ? { ...decorator, framework: origin.framework, imported: origin.name } : undefined;
}

/** `Get` from `import { Get } from 'routing-controllers'`, or `rc.Get` from `import * as rc from …`. */
function importOrigin(value: Val): { framework: DecoratorFramework; name: string } | undefined {
  if (value.t === 'imp' && value.name !== '*' && value.name !== 'default') {
    const framework = PACKAGES.get(value.spec);
    return framework ? { framework, name: value.name } : undefined;
  }
  if (value.t === 'mem' && value.of.t === 'imp' && (value.of.name === '*' || value.of.name === 'default')) {
    const framework = PACKAGES.get(value.of.spec);
    return framework ? { framework, name: value.name } : undefined;
  }
  return undefined;
}

/** `@Middleware({ type: 'before' })`. */
function runsBefore(ev: Evaluator, decorator: KnownDecorator): boolean {
  const options = decorator.args[0] ? ev.eval(decorator.args[0]) : undefined;
  const type = options?.t === 'rec' ? own(options.props, 'type')?.v : undefined;
  return type?.t === 's' && type.parts.length === 1 && type.parts[0] === 'before';
}

function readController(ev: Evaluator, cls: SgNode, name: string, decorator: KnownDecorator, decorators: readonly KnownDecorator[]): DecoratedController {
  const { framework } = decorator;
  const vocabulary = VOCABULARIES[framework];
  const mine = decorators.filter((other) => other.framework === framework);
  const controller: DecoratedController = {
    framework,
    name,
    line: lineOf(decorator.node),
    middleware: middlewareOf(vocabulary, mine),
    auth: authOf(vocabulary, mine),
    methods: readMethods(ev, cls, framework),
  };
  if (decorator.args[0]) controller.path = ev.eval(decorator.args[0]);
  return controller;
}

function readMethods(ev: Evaluator, cls: SgNode, framework: DecoratorFramework): DecoratedMethod[] {
  const vocabulary = VOCABULARIES[framework];
  const methods: DecoratedMethod[] = [];
  for (const { node: member, decorators: written, hash } of decoratedMethods(cls)) {
    const decorators = written.map((node) => knownDecorator(ev, node)).filter((decorator): decorator is KnownDecorator => decorator?.framework === framework);
    const name = member.field('name')?.text() ?? '';
    const middleware = middlewareOf(vocabulary, decorators);
    const auth = authOf(vocabulary, decorators);
    const noAuth = vocabulary.noAuth !== undefined && decorators.some((decorator) => decorator.imported === vocabulary.noAuth);
    for (const decorator of decorators) {
      const route = routeOf(ev, vocabulary, decorator);
      if (!route) continue;
      const method: DecoratedMethod = {
        name, httpMethod: route.httpMethod, line: lineOf(decorator.node), middleware, auth, startLine: lineOf(member), endLine: endLineOf(member), hash,
      };
      if (route.path) method.path = route.path;
      if (noAuth) method.noAuth = true;
      methods.push(method);
    }
  }
  return methods;
}

/** `@Get(path)`, and routing-controllers' `@Method('move', path)`. */
function routeOf(ev: Evaluator, vocabulary: DecoratorVocabulary, decorator: KnownDecorator): { httpMethod: string; path?: Val } | undefined {
  const httpMethod = vocabulary.http[decorator.imported];
  if (httpMethod !== undefined) return decorator.args[0] ? { httpMethod, path: ev.eval(decorator.args[0]) } : { httpMethod };
  if (decorator.imported !== 'Method' || decorator.framework !== 'routing-controllers') return undefined;
  const verb = decorator.args[0] ? ev.eval(decorator.args[0]) : undefined;
  const name = verb?.t === 's' && verb.parts.length === 1 && typeof verb.parts[0] === 'string' ? verb.parts[0].toUpperCase() : undefined;
  if (name === undefined) return undefined;
  return decorator.args[1] ? { httpMethod: name === 'ALL' ? 'ANY' : name, path: ev.eval(decorator.args[1]) } : { httpMethod: name === 'ALL' ? 'ANY' : name };
}

/** Each argument of `@UseBefore(a, b)` / `@Middlewares(a, b)` (or of one array argument), by its text. */
function middlewareOf(vocabulary: DecoratorVocabulary, decorators: readonly KnownDecorator[]): string[] {
  const names: string[] = [];
  for (const decorator of decorators) {
    if (decorator.imported !== vocabulary.middleware) continue;
    const args = decorator.args.length === 1 && decorator.args[0]!.kind() === 'array' ? decorator.args[0]!.namedChildren().filter((child) => child.kind() !== 'comment') : decorator.args;
    for (const arg of args) names.push(shortText(arg) ?? '<expression>');
  }
  return names;
}

/** `@Authorized()`, `@Security('jwt', ['admin'])`: the decorator as written. */
function authOf(vocabulary: DecoratorVocabulary, decorators: readonly KnownDecorator[]): string[] {
  return decorators.filter((decorator) => decorator.imported === vocabulary.auth).map((decorator) => shortText(decorator.node) ?? `@${decorator.name}`);
}

/** `useExpressServer(app, options)`, `createExpressServer(options)` and the Koa pair, imported from routing-controllers. */
function readServers(ev: Evaluator): RoutingControllersServer[] {
  const servers: RoutingControllersServer[] = [];
  const calls = ev.file.root.findAll({
    rule: {
      kind: 'call_expression',
      has: { field: 'function', regex: '(^|\\.)(use|create)(Express|Koa)Server$' },
    },
  });
  for (const call of calls) {
    const fn = call.field('function');
    if (!fn) continue;
    const { chain, owner } = ev.scopes.surroundings(call);
    const read = (node: SgNode): Val => ev.within(chain, () => ev.eval(node), owner);
    const origin = importOrigin(read(fn));
    if (origin?.framework !== 'routing-controllers') continue;
    const index = SERVER_FUNCTIONS[origin.name];
    if (index === undefined) continue;
    const options = ev.argumentNodes(call)[index];
    servers.push(options ? { line: lineOf(call), options: read(options) } : { line: lineOf(call) });
  }
  return servers;
}
