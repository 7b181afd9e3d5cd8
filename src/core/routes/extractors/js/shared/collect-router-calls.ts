import type { Range, SgNode } from '@ast-grep/napi';
import { stableHash } from '../../../../hash.js';
import { lineOf } from '../../../../source/language.js';
import type { Env, Evaluator } from './evaluate.js';
import { DIR_ENTRY, type Arg, type BindFact, type CallFact, type Part, type Val } from './facts.js';
import { FUNCTION_KINDS, containsWord, stringValue, kindOf, type Child, type ScopeChain } from './scope.js';

/** HTTP verbs as method names of Express/Koa/Hono/Fastify objects. */
export const VERB_METHODS: ReadonlySet<string> = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options']);
/** Every method name that declares routes, mounts routers or applies middleware. */
const ROUTING_METHODS: ReadonlySet<string> = new Set([...VERB_METHODS, 'use', 'route', 'register', 'on', 'addHook', 'prefix', 'openapi', 'doc', 'doc31']);
const HTTP_METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'PURGE', 'ALL']);

/** Parameter names that conventionally hold the application or a router (`module.exports = (app) => …`). */
export const APP_LIKE_NAMES: ReadonlySet<string> = new Set(['app', 'application', 'router', 'server', 'fastify']);
/** Receiver names worth a look in a module that imports no framework (route modules, plugins). */
const ROUTE_MODULE_RECEIVERS: ReadonlySet<string> = new Set([...APP_LIKE_NAMES, 'instance', 'api', 'routes', 'route']);
/** Camel-case endings of such names (`expressApp`, `apiRouter`, `httpServer`, `userRoutes`). */
const APP_LIKE_SUFFIXES: readonly string[] = ['App', 'Router', 'Server', 'Routes'];
const ROUTER_FRAMEWORKS: ReadonlySet<string> = new Set(['express', 'fastify', 'hono', 'koa']);

/**
 * Records the routing calls of a module (`app.get(…)`, `router.use('/x', child)`, `fastify.register(…)`)
 * whose receiver can be a framework object, and the calls that hand such an object to a function
 * (`require('./routes')(app)`).
 *
 * Walking a syntax tree costs a good part of parsing it, so the walk happens only where routes can be:
 * in modules that import a router framework, or whose routing-method calls have receivers named like
 * an app or router, or imported from a local module (a lexical look at the text decides; the tree
 * decides everything else).
 */
export function collectRouterCalls(ev: Evaluator): void {
  const { text, root } = ev.file;
  const seen = new Set<number>();
  const receiverNames = new Set<string>();
  const frameworkModule = ev.facts.frameworks.some((framework) => ROUTER_FRAMEWORKS.has(framework));
  if (frameworkModule) ev.routing = ev.exportsRouting = true;
  const occurrences = memberCalls(text, ROUTING_METHODS);
  if (occurrences.length > 0 && (frameworkModule || occurrences.some(({ receiver }) => mayNameRouter(ev, receiver)))) {
    const names = [...new Set(occurrences.map(({ method }) => method))];
    const iterates = text.includes('forEach') || text.includes('.map');
    const rule = { rule: { kind: 'call_expression', has: { field: 'function', kind: 'member_expression', has: { field: 'property', regex: `^(${names.join('|')})$` } } } };
    for (const call of root.findAll(rule)) {
      const member = call.field('function');
      const property = member?.field('property');
      const object = member?.field('object');
      if (!member || !property || !object) continue;
      const method = property.text();
      const argEntries = ev.argumentEntries(call);
      const objectKind = kindOf(object);
      if (!plausibleShape(method, argEntries, objectKind)) continue;
      const { chain, owner } = ev.scopes.surroundings(call);
      let range: Range | undefined;
      let line = 0;
      const loop = iterates ? callbackEnvironments(call, chain, ev) : undefined;
      for (const env of loop?.envs ?? [undefined]) {
        const recv = ev.within(chain, () => ev.eval(object, env), owner);
        if (!mayBeRouter(recv)) continue;
        const args = ev.within(chain, () => ev.argsOf(argEntries, env), owner);
        if (!range) {
          range = call.range();
          line = lineOf(property);
        }
        const fact: CallFact = { recv, method, args, line, at: range.start.index, hash: stableHash(text.slice(range.start.index, range.end.index)) };
        if (loop?.each) fact.each = loop.each;
        ev.facts.calls.push(fact);
        seen.add(fact.at);
        const receiver = objectKind === 'identifier' ? object.text() : undefined;
        if (receiver !== undefined) receiverNames.add(receiver);
        ev.routing = true;
        // A local import not named like a router (`userRepository.delete(id, ownerId)`) is kept as a
        // call, but does not make this module's exported functions routing code.
        if (!ev.exportsRouting && (chainRoot(recv).t !== 'imp' || isAppLikeName(receiver ?? lastName(object, objectKind)))) ev.exportsRouting = true;
      }
    }
  }
  collectBindings(ev, seen, receiverNames);
}

/** The last name of a receiver expression: `router` for `router`, `this.router`, `api.v1.router`; '' otherwise. */
function lastName(node: SgNode, kind: string): string {
  if (kind === 'identifier') return node.text();
  if (kind === 'member_expression') return node.field('property')?.text() ?? '';
  return '';
}

/** A routing-method call in the text: the method and the last name of its receiver ('' when not a name). */
interface MemberCall {
  method: string;
  receiver: string;
}

/** Lexical scan for `.name(` (also `.name<T>(`), with the receiver's last name: `this.router.get(` → router. */
function memberCalls(text: string, names: ReadonlySet<string>): MemberCall[] {
  const calls: MemberCall[] = [];
  let index = text.indexOf('.');
  while (index !== -1) {
    let end = index + 1;
    while (end < text.length && isIdentifierChar(text.charCodeAt(end))) end++;
    const method = text.slice(index + 1, end);
    if (end > index + 1 && names.has(method)) {
      while (end < text.length && isSpace(text[end]!)) end++;
      if (text[end] === '(' || text[end] === '<') calls.push({ method, receiver: nameBefore(text, index) });
    }
    index = text.indexOf('.', index + 1);
  }
  return calls;
}

function nameBefore(text: string, dot: number): string {
  let end = dot;
  if (text[end - 1] === '?') end--;
  while (end > 0 && isSpace(text[end - 1]!)) end--;
  let start = end;
  while (start > 0 && isIdentifierChar(text.charCodeAt(start - 1))) start--;
  return text.slice(start, end);
}

function isSpace(char: string): boolean {
  return char === ' ' || char === '\n' || char === '\t' || char === '\r';
}

function isIdentifierChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 36;
}

/** Named like an app or router, or bound at the top level to a local module (`const route = require('./router')`). */
function mayNameRouter(ev: Evaluator, name: string): boolean {
  if (name === '') return false;
  return isAppLikeName(name) || isLocalImport(ev, name);
}

/** Bound at the top level to an import of a local module. */
function isLocalImport(ev: Evaluator, name: string): boolean {
  const decl = ev.scopes.declaredIn(ev.programScope(), name);
  if (decl?.k === 'imp') return mayBeLocalModule(decl.spec);
  if (decl?.k === 'var' && decl.value?.kind() === 'call_expression') {
    const spec = requiredSpec(decl.value);
    return spec !== undefined && mayBeLocalModule(spec);
  }
  return false;
}

function isAppLikeName(name: string): boolean {
  return ROUTE_MODULE_RECEIVERS.has(name) || APP_LIKE_SUFFIXES.some((suffix) => name.endsWith(suffix) && name.length > suffix.length);
}

function requiredSpec(call: SgNode): string | undefined {
  const fn = call.field('function');
  if (fn?.kind() !== 'identifier' || fn.text() !== 'require') return undefined;
  const first = call.field('arguments')?.namedChildren()[0];
  return first ? stringValue(first) : undefined;
}

/** Filters calls that cannot be routing calls by their arguments alone (`map.get(key)`, `emitter.on('data', f)`). */
function plausibleShape(method: string, args: readonly Child[], objectKind: string): boolean {
  if (VERB_METHODS.has(method)) {
    // `router.route('/x').get(handler)` chains take handlers only; otherwise a path (or name) comes first.
    if (args.length >= 2) return !['object', 'number', 'true', 'false', 'null'].includes(args[0]!.kind);
    return args.length === 1 && objectKind === 'call_expression';
  }
  switch (method) {
    case 'on': {
      if (args.length < 3) return false;
      const first = args[0]!;
      const methods = first.kind === 'array' ? first.node.namedChildren().map((item) => stringValue(item)) : [stringValue(first.node, first.kind)];
      return methods.length > 0 && methods.every((name) => name !== undefined && HTTP_METHODS.has(name.toUpperCase()));
    }
    case 'addHook':
      return args.length >= 2 && args[0]!.kind === 'string';
    case 'prefix':
      return args.length === 1;
    case 'openapi':
      return args.length >= 2;
    // OpenAPIHono's app.doc('/doc', config); other `doc` methods (Firestore's doc(id)) take one argument.
    case 'doc':
    case 'doc31':
      return args.length === 2 && args[0]!.kind === 'string';
    default:
      return args.length >= 1;
  }
}

/** The environments a call in a loop callback is read in; `each`: the directory whose entries the loop goes over. */
interface LoopEnvironments {
  envs: Array<Env | undefined>;
  each?: Part[];
}

/**
 * A callback of `list.forEach(…)`/`list.map(…)` over an array literal is read once per element, with its
 * parameter bound to that element (`defaultRoutes.forEach((route) => router.use(route.path, route.route))`).
 * Over a directory listing (`fs.readdirSync(__dirname).forEach((file) => …)`) it is read once, with its
 * parameter standing for each entry (DIR_ENTRY), which the link step fills in from the repository's files.
 */
function callbackEnvironments(call: SgNode, chain: ScopeChain, ev: Evaluator): LoopEnvironments {
  const index = chain.findIndex((scope) => FUNCTION_KINDS.has(scope.kind));
  const fn = index === -1 ? undefined : chain[index]!.node;
  const args = fn?.parent();
  const outer = args?.kind() === 'arguments' ? args.parent() : undefined;
  const member = outer?.kind() === 'call_expression' ? outer.field('function') : undefined;
  const iteration = member?.kind() === 'member_expression' ? member.field('property')?.text() : undefined;
  if (!fn || !member || (iteration !== 'forEach' && iteration !== 'map')) return { envs: [undefined] };
  const list = member.field('object');
  // The list is written around the callback: in the scopes outside it.
  const items = list ? ev.within(chain.slice(index + 1), () => ev.eval(list)) : undefined;
  const key = `${fn.id()}:0`;
  const directory = items ? listedDirectory(items) : undefined;
  if (directory) return { envs: [new Map([[key, { t: 's', parts: [DIR_ENTRY] }]])], each: directory };
  if (items?.t !== 'arr' || items.items.length === 0) return { envs: [undefined] };
  return { envs: items.items.map((item) => new Map([[key, item.v]])) };
}

const FS_MODULES: ReadonlySet<string> = new Set(['fs', 'node:fs']);

/** The directory `fs.readdirSync(dir)` lists (also behind `.filter(…)`/`.sort()`), as string parts. */
function listedDirectory(value: Val, depth = 0): Part[] | undefined {
  if (value.t !== 'call' || depth > 4) return undefined;
  const fn = value.fn;
  if (fn.t === 'mem' && (fn.name === 'filter' || fn.name === 'sort')) return listedDirectory(fn.of, depth + 1);
  const isReaddir = (fn.t === 'imp' && FS_MODULES.has(fn.spec) && fn.name === 'readdirSync') ||
    (fn.t === 'mem' && fn.name === 'readdirSync' && fn.of.t === 'imp' && FS_MODULES.has(fn.of.spec) && (fn.of.name === '*' || fn.of.name === 'default'));
  const dir = value.args[0]?.v;
  return isReaddir && dir?.t === 's' ? dir.parts : undefined;
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
  const { text, root } = ev.file;
  const camel = appLikeIdentifiers(text);
  if (!ev.routing && camel.length === 0 && ![...APP_LIKE_NAMES].some((name) => containsWord(text, name))) return;
  const names = new Set<string>([...ev.frameworkVariables, ...receiverNames, ...APP_LIKE_NAMES, ...camel]);
  let imports: ReadonlyArray<readonly [number, number]> | undefined;
  const passedToCall = (name: string): boolean => appearsAsArgument(text, name, (imports ??= importRanges(ev)));
  let scopes: SgNode[] = [root];
  if (!ev.routing) {
    // A module that does not route passes a router on from an exported function receiving one
    // (`export default async ({ expressApp }) => { await expressLoader({ app: expressApp }); }`), or
    // hands on an app it imports (`const app = require('./app'); require('./routes')(app);`).
    scopes = [];
    for (const fn of ev.exportedFunctionNodes()) {
      const params = ev.scopes.paramsOf(fn);
      const appLike = params.flatMap((param) => [param.name ?? '', ...(param.fields ?? []).map(([local]) => local)]).filter(isAppLikeName);
      if (appLike.length === 0) continue;
      for (const name of appLike) names.add(name);
      scopes.push(fn);
    }
    const importsApp = [...names].some((name) => passedToCall(name) && isLocalImport(ev, name));
    if (importsApp) scopes = [root];
    if (scopes.length === 0) return;
  }
  // A name handed to a call appears as `(name)`, `, name,` or `{ key: name }`: without that in the text, no walk.
  const passed = [...names].filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && passedToCall(name));
  if (passed.length === 0) return;
  const wanted = new Set(passed);
  const exact = passed.map((name) => name.replace(/\$/g, '\\$'));
  const regex = `^(?:${exact.join('|')})$`;
  // Calls that pass one of the names: directly, as a property value, or in shorthand (`{ app }`). The
  // rule looks down from the call (`has` checks children only), which ast-grep answers faster than
  // looking up from every name.
  const named = { kind: 'identifier', regex } as const;
  const rule = {
    rule: {
      any: [{ kind: 'call_expression' }, { kind: 'new_expression' }],
      has: {
        field: 'arguments',
        kind: 'arguments',
        any: [
          { has: named },
          { has: { kind: 'object', any: [{ has: { kind: 'pair', has: { field: 'value', ...named } } }, { has: { kind: 'shorthand_property_identifier', regex } }] } },
        ],
      },
    },
  };
  for (const scope of scopes) {
    const calls = scope.findAll(rule).map((call) => ({ call, range: call.range(), first: 0 }));
    // Each call is read at the first name it passes (document order of the names): a call nested in
    // another's arguments may pass its name first.
    const nested = calls.some((outer, i) => calls.some((inner, j) => i !== j && inner.range.start.index >= outer.range.start.index && inner.range.end.index <= outer.range.end.index));
    const passing = calls.map((entry) => ({ ...entry, names: passedNames(ev, entry.call, wanted) }));
    if (nested) {
      for (const entry of passing) entry.first = entry.names[0]?.range().start.index ?? entry.range.start.index;
      passing.sort((x, y) => x.first - y.first);
    }
    for (const { call, range, names: identifiers } of passing) {
      const at = range.start.index;
      if (seen.has(at)) continue;
      const kind = kindOf(call);
      const { chain, owner } = ev.scopes.surroundings(call);
      const passesRouter = ev.within(chain, () => identifiers.some((identifier) => mayBeRouter(ev.eval(identifier))), owner);
      if (!passesRouter) continue;
      seen.add(at);
      const callee = call.field(kind === 'new_expression' ? 'constructor' : 'function');
      if (!callee) continue;
      // `readdirSync(__dirname).forEach((file) => require(path.join(__dirname, file))(app))`
      const loop = text.includes('readdirSync') ? callbackEnvironments(call, chain, ev) : undefined;
      const env = loop?.each ? loop.envs[0] : undefined;
      const args: Arg[] = ev.within(chain, () => ev.argsOf(ev.argumentEntries(call), env), owner);
      const bind: BindFact = { fn: ev.within(chain, () => ev.eval(callee, env), owner), args, isNew: kind === 'new_expression', line: range.start.line + 1, at };
      if (loop?.each) bind.each = loop.each;
      ev.facts.binds.push(bind);
      ev.routing = ev.exportsRouting = true;
    }
  }
}

/** The identifiers among a call's arguments (directly, as property values, in shorthand) that are `names`, in order. */
function passedNames(ev: Evaluator, call: SgNode, names: ReadonlySet<string>): SgNode[] {
  const found: SgNode[] = [];
  for (const { node, kind } of ev.argumentEntries(call)) {
    if (kind === 'identifier') {
      if (names.has(node.text())) found.push(node);
    } else if (kind === 'object') {
      for (const member of node.namedChildren()) {
        const memberKind = kindOf(member);
        if (memberKind === 'shorthand_property_identifier') {
          if (names.has(member.text())) found.push(member);
        } else if (memberKind === 'pair') {
          const value = member.field('value');
          if (value && kindOf(value) === 'identifier' && names.has(value.text())) found.push(value);
        }
      }
    }
  }
  return found;
}

/**
 * Offsets of the module's import statements: `import { app } from './app'` has `app` between braces,
 * yet no call passes it there.
 */
function importRanges(ev: Evaluator): ReadonlyArray<readonly [number, number]> {
  const ranges: Array<readonly [number, number]> = [];
  for (const { node, kind } of ev.topLevel()) {
    if (kind !== 'import_statement') continue;
    const { start, end } = node.range();
    ranges.push([start.index, end.index]);
  }
  return ranges;
}

/** Whether `name` occurs in the text between argument or property delimiters (outside `skip`). */
function appearsAsArgument(text: string, name: string, skip: ReadonlyArray<readonly [number, number]>): boolean {
  let index = text.indexOf(name);
  while (index !== -1) {
    const end = index + name.length;
    const before = index === 0 ? 0 : text.charCodeAt(index - 1);
    if (!isIdentifierChar(before) && (end >= text.length || !isIdentifierChar(text.charCodeAt(end))) && !skip.some(([from, to]) => index >= from && index < to)) {
      let left = index;
      while (left > 0 && isSpace(text[left - 1]!)) left--;
      let right = end;
      while (right < text.length && isSpace(text[right]!)) right++;
      const opener = text[left - 1];
      const closer = text[right];
      if ((opener === '(' || opener === ',' || opener === ':' || opener === '{') && (closer === ')' || closer === ',' || closer === '}')) return true;
    }
    index = text.indexOf(name, end);
  }
  return false;
}

/** Identifiers in the text ending like an app or router (`expressApp`, `apiRouter`). */
function appLikeIdentifiers(text: string): string[] {
  const found = new Set<string>();
  for (const suffix of APP_LIKE_SUFFIXES) {
    let index = text.indexOf(suffix);
    while (index !== -1) {
      const end = index + suffix.length;
      let start = index;
      while (start > 0 && isIdentifierChar(text.charCodeAt(start - 1))) start--;
      const first = text.charCodeAt(start);
      if (start < index && (end >= text.length || !isIdentifierChar(text.charCodeAt(end))) && !(first >= 48 && first <= 57)) found.add(text.slice(start, end));
      index = text.indexOf(suffix, end);
    }
  }
  return [...found];
}
