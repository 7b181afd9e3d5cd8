import type { SgNode } from '@ast-grep/napi';
import { stableHash } from '../../../../hash.js';
import { lineOf } from '../../../../source/language.js';
import type { Env, Evaluator } from './evaluate.js';
import type { Arg, CallFact, Val } from './facts.js';
import { FUNCTION_KINDS, stringValue, kindOf } from './scope.js';

/** HTTP verbs as method names of Express/Koa/Hono/Fastify objects. */
export const VERB_METHODS: ReadonlySet<string> = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options']);
/** Every method name that declares routes, mounts routers or applies middleware. */
const ROUTING_METHODS: ReadonlySet<string> = new Set([...VERB_METHODS, 'use', 'route', 'register', 'on', 'addHook', 'prefix', 'openapi']);
const ROUTING_METHOD_PATTERN = `^(${[...ROUTING_METHODS].join('|')})$`;
const HTTP_METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'PURGE', 'ALL']);

/** Parameter names that conventionally hold the application or a router (`module.exports = (app) => …`). */
export const APP_LIKE_NAMES: ReadonlySet<string> = new Set(['app', 'application', 'router', 'server', 'fastify']);
/** Fragments of such names in any spelling (`expressApp`, `apiRouter`, `httpServer`). */
const APP_LIKE_FRAGMENTS: readonly string[] = ['app', 'App', 'router', 'Router', 'server', 'Server', 'fastify'];

const CANDIDATE_RULE = {
  rule: {
    kind: 'call_expression',
    has: { field: 'function', kind: 'member_expression', has: { field: 'property', regex: ROUTING_METHOD_PATTERN } },
  },
} as const;

/**
 * Records the routing calls of a module (`app.get(…)`, `router.use('/x', child)`, `fastify.register(…)`)
 * whose receiver can be a framework object, and the calls that hand such an object to a function
 * (`require('./routes')(app)`).
 */
export function collectRouterCalls(ev: Evaluator): void {
  const { text, root } = ev.file;
  const seen = new Set<number>();
  const receiverNames = new Set<string>();
  if (mentionsMemberCall(text, ROUTING_METHODS)) {
    for (const call of root.findAll(CANDIDATE_RULE)) {
      const member = call.field('function');
      const property = member?.field('property');
      const object = member?.field('object');
      if (!member || !property || !object) continue;
      const method = property.text();
      const argNodes = ev.argumentNodes(call);
      if (!plausibleShape(method, argNodes, object)) continue;
      for (const env of callbackEnvironments(call, ev)) {
        const recv = ev.eval(object, env);
        if (!mayBeRouter(recv)) continue;
        const fact: CallFact = {
          recv,
          method,
          args: argNodes.map((arg) => ev.arg(arg, env)),
          line: lineOf(property),
          at: call.range().start.index,
          hash: stableHash(call.text()),
        };
        ev.facts.calls.push(fact);
        seen.add(fact.at);
        if (object.kind() === 'identifier') receiverNames.add(object.text());
        if (mayBeRouter(recv)) ev.routing = true;
      }
    }
  }
  if (ev.facts.frameworks.some((framework) => framework !== 'nestjs' && framework !== 'nextjs')) ev.routing = true;
  collectBindings(ev, seen, receiverNames);
}

/** Cheap lexical test before walking the tree: does `.name(` occur for one of the names? */
export function mentionsMemberCall(text: string, names: ReadonlySet<string>): boolean {
  let index = text.indexOf('.');
  while (index !== -1) {
    let end = index + 1;
    while (end < text.length && isIdentifierChar(text.charCodeAt(end))) end++;
    if (end > index + 1 && names.has(text.slice(index + 1, end))) {
      while (end < text.length && (text[end] === ' ' || text[end] === '\n' || text[end] === '\t' || text[end] === '\r')) end++;
      if (text[end] === '(' || text[end] === '<') return true;
    }
    index = text.indexOf('.', index + 1);
  }
  return false;
}

function isIdentifierChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 36;
}

/** Filters calls that cannot be routing calls by their arguments alone (`map.get(key)`, `emitter.on('data', f)`). */
function plausibleShape(method: string, args: SgNode[], object: SgNode): boolean {
  if (VERB_METHODS.has(method)) {
    // `router.route('/x').get(handler)` chains take handlers only; otherwise a path (or name) comes first.
    if (args.length >= 2) return !['object', 'number', 'true', 'false', 'null'].includes(kindOf(args[0]!));
    return args.length === 1 && object.kind() === 'call_expression';
  }
  switch (method) {
    case 'on': {
      if (args.length < 3) return false;
      const first = args[0]!;
      const methods = first.kind() === 'array' ? first.namedChildren().map(stringValue) : [stringValue(first)];
      return methods.length > 0 && methods.every((name) => name !== undefined && HTTP_METHODS.has(name.toUpperCase()));
    }
    case 'addHook':
      return args.length >= 2 && args[0]!.kind() === 'string';
    case 'prefix':
      return args.length === 1;
    case 'openapi':
      return args.length >= 2;
    default:
      return args.length >= 1;
  }
}

/**
 * A callback of `list.forEach(…)`/`list.map(…)` over an array literal is read once per element, with its
 * parameter bound to that element (`defaultRoutes.forEach((route) => router.use(route.path, route.route))`).
 */
function callbackEnvironments(call: SgNode, ev: Evaluator): Array<Env | undefined> {
  const fn = call.ancestors().find((ancestor) => FUNCTION_KINDS.has(kindOf(ancestor)));
  const args = fn?.parent();
  const outer = args?.kind() === 'arguments' ? args.parent() : undefined;
  const member = outer?.kind() === 'call_expression' ? outer.field('function') : undefined;
  const iteration = member?.kind() === 'member_expression' ? member.field('property')?.text() : undefined;
  if (!fn || !member || (iteration !== 'forEach' && iteration !== 'map')) return [undefined];
  const list = member.field('object');
  const items = list ? ev.eval(list) : undefined;
  if (items?.t !== 'arr' || items.items.length === 0) return [undefined];
  const key = `${fn.id()}:0`;
  return items.items.map((item) => new Map([[key, item.v]]));
}

/** The value a receiver chain starts from: `a` for `a.b`, `a.route('/x')`, `a.get(…).post(…)`. */
export function chainRoot(value: Val): Val {
  let current = value;
  for (let depth = 0; depth < 16; depth++) {
    if (current.t === 'mem') current = current.of;
    else if (current.t === 'call') current = current.fn.t === 'mem' ? current.fn.of : current.fn;
    else break;
  }
  return current;
}

/** Could this receiver be a framework object once modules are linked? */
function mayBeRouter(value: Val): boolean {
  const root = chainRoot(value);
  if (root.t === 'obj' || root.t === 'param' || root.t === 'fn') return true;
  return root.t === 'imp' && mayBeLocalModule(root.spec);
}

/** Relative specifiers and path aliases may name a module of the repository; bare package names do not. */
export function mayBeLocalModule(spec: string): boolean {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('~') || spec.startsWith('#') || spec.startsWith('@/')) return true;
  if (spec.startsWith('@')) return false;
  return spec.includes('/');
}

/** Calls that pass a framework object to a function: `routes(app)`, `require('./users')(router)`, `new Api(app)`. */
function collectBindings(ev: Evaluator, seen: Set<number>, receiverNames: ReadonlySet<string>): void {
  const names = new Set<string>([...ev.frameworkVariables, ...receiverNames]);
  const { text, root } = ev.file;
  // A module that neither routes nor mentions an app/router-like name cannot pass one on.
  if (!ev.routing && !(Object.keys(ev.facts.exports).length > 0 && APP_LIKE_FRAGMENTS.some((fragment) => text.includes(fragment)))) return;
  const exact = [...names].filter((name) => /^[A-Za-z_$][\w$]*$/.test(name)).map((name) => name.replace(/\$/g, '\\$'));
  const regex = `${exact.length > 0 ? `^(?:${exact.join('|')})$|` : ''}(?i:app|router|server|fastify)`;
  const inArguments = { kind: 'arguments' } as const;
  const inObjectArgument = { kind: 'object', inside: inArguments } as const;
  const matches = root.findAll({
    rule: {
      any: [
        { kind: 'identifier', regex, inside: inArguments },
        { kind: 'identifier', regex, inside: { kind: 'pair', field: 'value', inside: inObjectArgument } },
        { kind: 'shorthand_property_identifier', regex, inside: inObjectArgument },
      ],
    },
  });
  for (const identifier of matches) {
    const call = identifier.ancestors().slice(0, 4).find((ancestor) => ancestor.kind() === 'call_expression' || ancestor.kind() === 'new_expression');
    if (!call) continue;
    const kind = call.kind();
    const at = call.range().start.index;
    if (seen.has(at)) continue;
    const value = ev.eval(identifier);
    if (!mayBeRouter(value)) continue;
    seen.add(at);
    const callee = call.field(kind === 'new_expression' ? 'constructor' : 'function');
    if (!callee) continue;
    const args: Arg[] = ev.argumentNodes(call).map((arg) => ev.arg(arg));
    ev.facts.binds.push({ fn: ev.eval(callee), args, isNew: kind === 'new_expression', line: lineOf(call), at });
    ev.routing = true;
  }
}
