import type { SgNode } from '@ast-grep/napi';
import { z } from 'zod';
import { defineRule, type FileRuleContext, type RuleLanguage } from './types.js';
import { spanOf } from './support/call-index.js';
import { CALL_KINDS, callParts, keywordArgument, receiverNames, type CallParts } from './support/call-parts.js';
import { assignedName } from './support/assigned-name.js';
import { enclosingFunction } from './support/enclosing-function.js';
import { importBindings, type ImportBinding } from './support/import-bindings.js';
import { kindOf } from './support/kind-of.js';
import { lineSpanOf } from './support/line-span.js';
import { isFrontendPath, isNonServicePath } from './support/path-kind.js';
import { isStringNode, literalText } from './support/string-literal.js';

type MessageId = 'noExpiry' | 'transientNoExpiry' | 'cacheManagerNoTtl' | 'djangoCacheForever';
type Context = FileRuleContext<MessageId, Record<string, never>, unknown>;

/** Redis client libraries whose imports make a name a client (JS). */
const JS_REDIS_LIBRARIES = ['ioredis', 'redis', '@redis/client'];
const PY_REDIS_LIBRARIES = ['redis', 'aioredis', 'django_redis'];
const GO_REDIS_LIBRARIES = ['github.com/redis/go-redis', 'github.com/go-redis/redis'];
const JAVA_REDIS_LIBRARIES = ['org.springframework.data.redis', 'redis.clients.jedis', 'io.lettuce'];
/**
 * Writes whose own arguments can carry an expiry (`SET … EX`): judged by their arguments. Every other
 * write here (`HSET`, `SETNX`) cannot, so only an `EXPIRE` in the same function saves it.
 */
const JS_SET = new Set(['set', 'SET']);
const JS_WRITES = new Set([...JS_SET, 'hset', 'hSet', 'HSET', 'hmset', 'hmSet', 'HMSET', 'setnx', 'setNX', 'SETNX']);
const PY_WRITES = new Set(['set', 'hset', 'hmset', 'setnx']);
const DJANGO_WRITES = new Set(['set', 'add', 'get_or_set', 'set_many']);
const PY_ALL_WRITES = new Set([...PY_WRITES, ...DJANGO_WRITES]);
const GO_WRITES = new Set(['Set', 'SetNX', 'HSet', 'HMSet']);
const JAVA_WRITES = new Set(['set', 'setIfAbsent', 'put', 'putAll', 'hset', 'hmset', 'setnx']);
/** ioredis / node-redis v3 tokens and node-redis v4/v5 option keys that set an expiry. */
const JS_EXPIRY_OPTIONS = new Set(['EX', 'PX', 'EXAT', 'PXAT', 'KEEPTTL', 'EXPIRATION']);
const PY_EXPIRY_KEYWORDS = ['ex', 'px', 'exat', 'pxat', 'keepttl'];
/**
 * Names that end a wrapper of a client, which may apply its own default TTL (`redisService.set`, a
 * Flask-Caching `redis_cache`): not a raw client.
 */
const WRAPPER_SUFFIXES = ['service', 'store', 'repository', 'repo', 'manager', 'helper', 'wrapper', 'util', 'utils', 'adapter', 'module', 'provider', 'factory', 'config', 'options', 'lock', 'cache'];
/** Words of a key or client name that say the data is only valid for a while. */
const TRANSIENT_WORDS = ['session', 'token', 'cache'];
/** Java types whose `set(k, v)` is a Redis `SET` (Spring Data Redis, Jedis, Lettuce). */
const JAVA_CLIENT_TYPES = new Set(['ValueOperations', 'HashOperations', 'Jedis', 'JedisPooled', 'JedisCluster', 'UnifiedJedis', 'RedisCommands', 'RedisAsyncCommands', 'RedisReactiveCommands', 'RedisClusterCommands', 'RedisAdvancedClusterCommands', 'RedisAdvancedClusterAsyncCommands']);

/** A write the rule judged: where it is and what it is called in the message. */
interface Write {
  call: SgNode;
  display: string;
  /** The key argument (its text says whether the data is a cache, a session or a token). */
  key: SgNode | undefined;
  /** The transient word the client's own name says (`sessionRedis.set`), if any. */
  clientWord: string | undefined;
  /** True when an `EXPIRE` in the same function can give the key its expiry after the write. */
  expirableLater: boolean;
  messageId: MessageId;
}

/** True when a name reads as a raw Redis client (`redis`, `redisClient`, `this.redis`), not a wrapper with its own defaults. */
function looksLikeRedisClient(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.includes('redis') && !WRAPPER_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}

/** Last path segment of a module without its extension (`../lib/redis.ts` → `redis`). */
function moduleBaseName(source: string): string {
  const last = source.slice(source.lastIndexOf('/') + 1);
  return last.split('.')[0] ?? last;
}

/**
 * Names imported from the project's own modules that are Redis clients: a client-like name
 * (`import { redis } from '../lib/db'`) or anything a `redis` module exports (`import client from './redis'`).
 */
function importedClients(bindings: readonly ImportBinding[], libraries: readonly string[], family: RuleLanguage): Set<string> {
  const names = new Set<string>();
  for (const binding of bindings) {
    const source = binding.source;
    if (libraries.some((library) => source === library || source.startsWith(`${library}/`) || source.startsWith(`${library}.`))) continue;
    const base = family === 'python' ? (source.split('.').pop() ?? source) : moduleBaseName(source);
    if (looksLikeRedisClient(binding.local) || (base.toLowerCase().includes('redis') && looksLikeRedisClient(`redis${binding.local}`))) names.add(binding.local);
  }
  return names;
}

/** The receiver a write is called on, with pipelines and transactions (`redis.multi().set(…)`) read through to their client. */
function clientOf(receiver: SgNode | undefined, family: RuleLanguage): { key: string; last: string } | undefined {
  let node = receiver;
  while (node && CALL_KINDS[family].includes(kindOf(node))) {
    const parts = callParts(node, family);
    if (!parts?.receiver) return parts ? { key: `${parts.name}()`, last: parts.name } : undefined;
    node = parts.receiver;
  }
  if (!node) return undefined;
  // Django's `caches['default']`: the subscripted name is the client.
  if (family === 'python' && kindOf(node) === 'subscript') node = node.field('value') ?? node;
  const names = receiverNames(node, family);
  return names.length > 0 ? { key: names.join('.'), last: names[names.length - 1]! } : undefined;
}

/** The binding a name comes from, when an import binds it. */
function bindingOf(bindings: readonly ImportBinding[], local: string | undefined): ImportBinding | undefined {
  return local === undefined ? undefined : bindings.find((binding) => binding.local === local);
}

function fromLibrary(binding: ImportBinding | undefined, libraries: readonly string[]): boolean {
  return !!binding && libraries.some((library) => binding.source === library || binding.source.startsWith(`${library}/`) || binding.source.startsWith(`${library}.`));
}

/** `new Redis()`, `new Redis.Cluster()`, `createClient()`, `redis.createClient()` of ioredis / node-redis. */
function isJsRedisCreation(parts: CallParts, bindings: readonly ImportBinding[]): boolean {
  const receiver = parts.receiver;
  if (!receiver) {
    const binding = bindingOf(bindings, parts.name);
    if (!fromLibrary(binding, JS_REDIS_LIBRARIES)) return false;
    return binding!.source === 'ioredis' ? ['default', '*', 'Redis', 'Cluster'].includes(binding!.imported) : ['createClient', 'createCluster'].includes(binding!.imported);
  }
  if (kindOf(receiver) !== 'identifier') return false;
  const binding = bindingOf(bindings, receiver.text());
  if (!fromLibrary(binding, JS_REDIS_LIBRARIES)) return false;
  return binding!.source === 'ioredis' ? ['Redis', 'Cluster'].includes(parts.name) : ['createClient', 'createCluster'].includes(parts.name);
}

/** `caching(…)` / `createCache(…)` of cache-manager. */
function isCacheManagerCreation(parts: CallParts, bindings: readonly ImportBinding[]): boolean {
  const names = ['caching', 'createCache', 'multiCaching'];
  if (!parts.receiver) {
    const binding = bindingOf(bindings, parts.name);
    return fromLibrary(binding, ['cache-manager']) && names.includes(binding!.imported);
  }
  return kindOf(parts.receiver) === 'identifier' && fromLibrary(bindingOf(bindings, parts.receiver.text()), ['cache-manager']) && names.includes(parts.name);
}

/**
 * True when a cache-manager cache is created with a configuration the rule can read whole and that
 * sets no default `ttl`: every argument a string or a flat object literal. A store passed in as a
 * variable or built by a call may carry its own TTL: undecidable, so no.
 */
function createdWithoutTtl(parts: CallParts): boolean {
  for (const arg of parts.args) {
    const kind = kindOf(arg);
    if (kind === 'string') continue;
    if (kind !== 'object') return false;
    for (const member of arg.children()) {
      const memberKind = kindOf(member);
      if (memberKind === 'comment' || !member.isNamed()) continue;
      if (memberKind !== 'pair') return false;
      const key = (member.field('key')?.text() ?? '').replace(/['"]/g, '');
      const value = member.field('value');
      if (key.toLowerCase() === 'ttl' || !value || !['string', 'number', 'true', 'false', 'null'].includes(kindOf(value))) return false;
    }
  }
  return true;
}

/**
 * The names of the file's Redis clients, of its cache-manager caches that have no default TTL, and of
 * names typed as something else (`private readonly redis: RedisService` is a wrapper, whatever its name) (JS).
 */
function jsClients(context: Context): { redis: Set<string>; caches: Set<string>; others: Set<string> } {
  const bindings = importBindings(context);
  const redis = importedClients(bindings, [...JS_REDIS_LIBRARIES, 'cache-manager'], 'js');
  const caches = new Set<string>();
  const others = new Set<string>();
  const creators = new Set(['createClient', 'createCluster', 'Cluster', 'Redis', 'caching', 'createCache', 'multiCaching']);
  for (const binding of bindings) if (fromLibrary(binding, [...JS_REDIS_LIBRARIES, 'cache-manager'])) creators.add(binding.local);
  for (const { node: call } of context.callsNamed(creators)) {
    const parts = callParts(call, 'js');
    if (!parts) continue;
    if (isJsRedisCreation(parts, bindings)) {
      const name = assignedName(call, 'js');
      if (name) redis.add(name);
    } else if (isCacheManagerCreation(parts, bindings) && createdWithoutTtl(parts)) {
      const name = assignedName(call, 'js');
      if (name) caches.add(name);
    }
  }
  // Typed parameters and fields: `@InjectRedis() private readonly redis: Redis`, `private client: RedisClientType`.
  const typeNames = new Set(bindings.filter((binding) => fromLibrary(binding, JS_REDIS_LIBRARIES) && ['default', '*', 'Redis', 'Cluster', 'RedisClientType', 'RedisClusterType'].includes(binding.imported)).map((binding) => binding.local));
  for (const node of typedKindsOf(context)) {
    const annotation = node.children().find((child) => kindOf(child) === 'type_annotation');
    const type = annotation?.children().find((child) => child.isNamed())?.text().split('<')[0]?.trim() ?? '';
    const injected = node.children().some((child) => kindOf(child) === 'decorator' && child.text().startsWith('@InjectRedis'));
    const typed = typeNames.has(type) || (type.includes('.') && typeNames.has(type.slice(0, type.indexOf('.'))) && ['Redis', 'Cluster', 'RedisClientType'].includes(type.slice(type.lastIndexOf('.') + 1)));
    const name = (node.field('pattern') ?? node.field('name'))?.text();
    if (!name || (!typed && !injected && !annotation)) continue;
    const names = new Set<string>();
    const isField = kindOf(node) === 'public_field_definition';
    if (isField || node.children().some((child) => ['accessibility_modifier', 'readonly'].includes(kindOf(child)) || child.text() === 'readonly')) names.add(`this.${name}`);
    if (!isField) names.add(name);
    for (const each of names) (typed || injected ? redis : others).add(each);
  }
  addPipelines(context, 'js', redis);
  return { redis, caches, others };
}

/** TypeScript's typed parameters and fields (plain JavaScript has no such kinds: querying them fails). */
const JS_TYPED_KINDS = ['required_parameter', 'optional_parameter', 'public_field_definition'];

function typedKindsOf(context: Context): readonly SgNode[] {
  return context.language === 'javascript' ? [] : context.nodesOf(JS_TYPED_KINDS);
}
const PY_TYPED_KINDS = ['typed_parameter', 'typed_default_parameter'];
const JAVA_DECLARATION_KINDS = ['field_declaration', 'local_variable_declaration', 'formal_parameter', 'resource'];

/** `const pipe = redis.pipeline()` / `pipe = r.pipeline()` / `with r.pipeline() as pipe`: the pipeline writes for its client. */
function addPipelines(context: Context, family: RuleLanguage, clients: Set<string>): void {
  for (const { node: call } of context.callsNamed(PIPELINE_CALLS)) {
    const parts = callParts(call, family);
    const client = parts ? clientOf(parts.receiver, family) : undefined;
    if (!client || !(clients.has(client.key) || looksLikeRedisClient(client.last))) continue;
    const name = assignedName(call, family);
    if (name) clients.add(name);
  }
}

const PIPELINE_CALLS = new Set(['pipeline', 'multi', 'Pipeline', 'TxPipeline']);

/**
 * The names of the file's Redis clients (Python: created, typed, imported from the project, pipelines)
 * and of parameters typed as something else.
 */
function pythonClients(context: Context): { clients: Set<string>; others: Set<string> } {
  const bindings = importBindings(context);
  const clients = importedClients(bindings, PY_REDIS_LIBRARIES, 'python');
  const creators = new Set(['Redis', 'StrictRedis', 'RedisCluster', 'from_url', 'get_redis_connection']);
  for (const { node: call } of context.callsNamed(creators)) {
    const parts = callParts(call, 'python');
    if (!parts) continue;
    // The chain's first name must come from a Redis library: `redis.Redis`, `Redis.from_url`, `aioredis.from_url`.
    const root = parts.receiver ? receiverNames(parts.receiver, 'python')[0] : parts.name;
    if (!fromLibrary(bindingOf(bindings, root), PY_REDIS_LIBRARIES)) continue;
    const name = assignedName(call, 'python');
    if (name) clients.add(name);
  }
  const others = new Set<string>();
  const importsRedis = bindings.some((binding) => fromLibrary(binding, PY_REDIS_LIBRARIES));
  for (const parameter of context.nodesOf(PY_TYPED_KINDS)) {
    const type = (parameter.field('type')?.text() ?? '').replace(/["']/g, '');
    const base = type.slice(type.lastIndexOf('.') + 1).split('[')[0]!.trim();
    const name = parameter.children().find((child) => kindOf(child) === 'identifier')?.text();
    if (name) (importsRedis && ['Redis', 'StrictRedis', 'RedisCluster'].includes(base) ? clients : others).add(name);
  }
  addPipelines(context, 'python', clients);
  return { clients, others };
}

/** Java names declared with a Redis client type, by name (fields also as `this.name`). */
function javaClients(context: Context): Map<string, string> {
  const clients = new Map<string, string>();
  for (const declaration of context.nodesOf(JAVA_DECLARATION_KINDS)) {
    const type = declaration.field('type');
    if (!type) continue;
    const written = kindOf(type) === 'generic_type' ? (type.child(0)?.text() ?? '') : type.text();
    const typeName = written.slice(written.lastIndexOf('.') + 1);
    if (!JAVA_CLIENT_TYPES.has(typeName)) continue;
    const kind = kindOf(declaration);
    const names = kind === 'formal_parameter' || kind === 'resource' ? [declaration.field('name')?.text()] : declaration.children().filter((child) => kindOf(child) === 'variable_declarator').map((declarator) => declarator.field('name')?.text());
    for (const name of names) {
      if (!name) continue;
      clients.set(name, typeName);
      if (kind === 'field_declaration') clients.set(`this.${name}`, typeName);
    }
  }
  return clients;
}

/**
 * JS `SET` arguments after the value: true when they set an expiry, false when they surely do not,
 * undefined when the rule cannot read them (a variable, a spread).
 */
function jsSetHasExpiry(extra: readonly SgNode[]): boolean | undefined {
  for (const arg of extra) {
    const kind = kindOf(arg);
    if (kind === 'string') {
      if (JS_EXPIRY_OPTIONS.has((literalText(arg, 'js') ?? '').toUpperCase())) return true;
    } else if (kind === 'object') {
      for (const member of arg.children()) {
        const memberKind = kindOf(member);
        if (memberKind === 'spread_element') return undefined;
        const key = memberKind === 'pair' ? member.field('key')?.text() : memberKind === 'shorthand_property_identifier' ? member.text() : undefined;
        if (key !== undefined && JS_EXPIRY_OPTIONS.has(key.replace(/['"]/g, '').toUpperCase())) return true;
      }
    } else if (kind !== 'number' && kind !== 'arrow_function' && kind !== 'function_expression') return undefined;
  }
  return false;
}

/** The calls named one of `names` on lines the PR adds (clients are worked out only when there is one). */
function addedCalls(context: Context, names: ReadonlySet<string>): SgNode[] {
  return context.callsNamed(names).map(({ node }) => node).filter((call) => {
    const span = lineSpanOf(call);
    return context.isAdded(span.line, span.endLine);
  });
}

/** The file's writes without an expiry in their own arguments (JS). */
function jsWrites(context: Context): Write[] {
  const calls = addedCalls(context, JS_WRITES);
  if (calls.length === 0) return [];
  const { redis, caches, others } = jsClients(context);
  const writes: Write[] = [];
  for (const call of calls) {
    const parts = callParts(call, 'js');
    if (!parts || parts.args.length < 2) continue;
    const client = clientOf(parts.receiver, 'js');
    if (!client) continue;
    const display = `${client.key}.${parts.name}`;
    if (caches.has(client.key) && JS_SET.has(parts.name)) {
      if (parts.args.length === 2) writes.push({ call, display, key: parts.args[0], clientWord: undefined, expirableLater: false, messageId: 'cacheManagerNoTtl' });
      continue;
    }
    if (!redis.has(client.key) && (others.has(client.key) || !looksLikeRedisClient(client.last))) continue;
    const isSet = JS_SET.has(parts.name);
    if (isSet && jsSetHasExpiry(parts.args.slice(2)) !== false) continue;
    writes.push({ call, display, key: parts.args[0], clientWord: saysTransient(client.last), expirableLater: true, messageId: 'noExpiry' });
  }
  return writes;
}

/** The file's writes without an expiry in their own arguments (Python: redis-py, Django's cache with `timeout=None`). */
function pythonWrites(context: Context): Write[] {
  const calls = addedCalls(context, PY_ALL_WRITES);
  if (calls.length === 0) return [];
  const writes: Write[] = [];
  const bindings = importBindings(context);
  const djangoCaches = new Set(bindings.filter((binding) => binding.source === 'django.core.cache' && ['cache', 'caches'].includes(binding.imported)).map((binding) => binding.local));
  const { clients, others } = context.mentionsAnyCase('redis') ? pythonClients(context) : { clients: new Set<string>(), others: new Set<string>() };
  for (const call of calls) {
    const parts = callParts(call, 'python');
    if (!parts || parts.args.length < 1) continue;
    const client = clientOf(parts.receiver, 'python');
    if (!client) continue;
    const display = `${client.key}.${parts.name}`;
    const positional = parts.args.filter((arg) => !['keyword_argument', 'list_splat', 'dictionary_splat', 'comment'].includes(kindOf(arg)));
    const splat = parts.args.some((arg) => ['list_splat', 'dictionary_splat'].includes(kindOf(arg)));
    if (djangoCaches.has(client.key) && DJANGO_WRITES.has(parts.name)) {
      // Django's default timeout is finite (300 s); only an explicit `None` keeps the entry forever.
      const position = parts.name === 'set_many' ? 1 : 2;
      const timeout = keywordArgument(parts.args, 'timeout') ?? positional[position];
      if (timeout && kindOf(timeout) === 'none') writes.push({ call, display, key: parts.name === 'set_many' ? undefined : positional[0], clientWord: undefined, expirableLater: false, messageId: 'djangoCacheForever' });
      continue;
    }
    if (!PY_WRITES.has(parts.name) || splat || (!clients.has(client.key) && (others.has(client.key) || !looksLikeRedisClient(client.last)))) continue;
    if (parts.name === 'set') {
      // set(name, value, ex=None, px=None, …): a third positional argument is `ex`.
      const expiry = PY_EXPIRY_KEYWORDS.some((keyword) => {
        const value = keywordArgument(parts.args, keyword);
        return !!value && kindOf(value) !== 'none' && kindOf(value) !== 'false';
      });
      if (expiry || positional.length >= 3) continue;
    }
    writes.push({ call, display, key: positional[0], clientWord: saysTransient(client.last), expirableLater: true, messageId: 'noExpiry' });
  }
  return writes;
}

/** go-redis `Set(ctx, key, value, 0)` and `HSet` (no expiry argument at all). */
function goWrites(context: Context): Write[] {
  const writes: Write[] = [];
  for (const call of addedCalls(context, GO_WRITES)) {
    const parts = callParts(call, 'go');
    if (!parts?.receiver || parts.args.length < 3) continue;
    const isSet = parts.name === 'Set' || parts.name === 'SetNX';
    if (isSet && (parts.args.length !== 4 || parts.args[3]!.text() !== '0')) continue;
    const client = clientOf(parts.receiver, 'go');
    const display = `${client ? `${client.last}.` : ''}${parts.name}`;
    writes.push({ call, display, key: parts.args[1], clientWord: client ? saysTransient(client.last) : undefined, expirableLater: true, messageId: 'noExpiry' });
  }
  return writes;
}

/** True when a write of a Java client (by its type or `opsFor…()`) carries no expiry argument. */
function javaWriteWithoutExpiry(type: string, name: string, args: number): boolean {
  // `set(k, v, timeout, unit)`, `set(k, v, Duration)`, Jedis `set(k, v, SetParams)`: only two arguments mean no expiry.
  if (type === 'ValueOperations' || type === 'opsForValue') return (name === 'set' || name === 'setIfAbsent') && args === 2;
  if (type === 'HashOperations' || type === 'opsForHash') return name === 'put' || name === 'putAll';
  if (name === 'set') return args === 2;
  return ['hset', 'hmset', 'setnx'].includes(name);
}

/** Spring `opsForValue().set(k, v)` / `opsForHash().put(…)`, Jedis and Lettuce `set(k, v)` / `hset(…)`. */
function javaWrites(context: Context): Write[] {
  const writes: Write[] = [];
  let clients: Map<string, string> | undefined;
  for (const call of addedCalls(context, JAVA_WRITES)) {
    const parts = callParts(call, 'java');
    const receiver = parts?.receiver;
    if (!parts || !receiver) continue;
    const operations = kindOf(receiver) === 'method_invocation' ? receiver.field('name')?.text() : undefined;
    const type = operations === 'opsForValue' || operations === 'opsForHash' ? operations : operations ? undefined : (clients ??= javaClients(context)).get(receiver.text());
    if (!type || !javaWriteWithoutExpiry(type, parts.name, parts.args.length)) continue;
    const holder = (operations ? receiver.field('object')?.text() : receiver.text()) ?? '';
    const display = `${operations ? `${operations}()` : holder}.${parts.name}`;
    writes.push({ call, display, key: parts.args[0], clientWord: saysTransient(holder.slice(holder.lastIndexOf('.') + 1)), expirableLater: true, messageId: 'noExpiry' });
  }
  return writes;
}

/** The transient word (cache, session, token) a key's or client's text names, if any. */
function saysTransient(text: string): string | undefined {
  const lower = text.toLowerCase();
  return TRANSIENT_WORDS.find((word) => lower.includes(word));
}

/** What a key's text (literal parts and the names it is built from) says it holds. */
function keyWord(key: SgNode | undefined, family: RuleLanguage): string | undefined {
  if (!key) return undefined;
  const literal = isStringNode(key, family) ? literalText(key, family) : undefined;
  return saysTransient(literal ?? key.text());
}

/**
 * Calls that give a key its expiry after the write, in any casing: `EXPIRE`, `PEXPIRE`, `EXPIREAT`,
 * `PEXPIREAT`, and Redis 7.4's per-field `HEXPIRE`/`HPEXPIRE` for hashes.
 */
function expiryCallSpans(context: Context): Array<{ start: number; end: number }> {
  return context.callsMatching(['xpire']).filter(({ name }) => EXPIRY_CALL_PREFIXES.some((prefix) => name.toLowerCase().startsWith(prefix))).map(({ node }) => spanOf(node));
}

const EXPIRY_CALL_PREFIXES = ['expire', 'pexpire', 'hexpire', 'hpexpire'];

export const writeWithoutTtl = defineRule({
  id: 'caching/write-without-ttl',
  meta: {
    checklist: 'scale.caching',
    severity: 'low',
    languages: ['js', 'python', 'go', 'java'],
    description: 'A Redis or cache write with no expiry: `SET` without `EX`/`PX` (ioredis, node-redis, redis-py, go-redis `Set(…, 0)`, Spring `opsForValue().set(k, v)`, Jedis), `HSET` with no `EXPIRE` in the same function, a cache-manager cache created and written without a TTL, Django\'s cache with `timeout=None`.',
    rationale:
      'A cache entry without a TTL never goes away: it is served stale after the source of truth changes, and keys written per user or per request grow Redis memory until `maxmemory` evicts other keys or, under the default `noeviction` policy, rejects writes. Sessions and tokens without an expiry stay valid forever. A Redis key can also be durable data that is deleted on purpose, which the code cannot tell apart, so the finding is low severity; it is medium when the key or client name says it holds a cache, a session or a token, data that is only valid for a while by definition.',
    messages: {
      noExpiry: {
        title: '`{call}` writes a Redis key with no expiry',
        message: 'Nothing gives this key a TTL (no `EX`/`PX` on the write, no `EXPIRE` after it), so it lives until something deletes it. If it holds cached or per-request data it goes stale and Redis memory grows with every key; set an expiry. Ignore this if the key is durable data that is deleted explicitly.',
      },
      transientNoExpiry: {
        title: '`{call}` writes a {what} key with no expiry',
        message: 'This key holds {what} data, which is only valid for a while, but `{call}` gives it no TTL: it stays in the store forever, stale (or, for sessions and tokens, still usable) and growing memory with every user. Set an expiry on the write (`EX`, `ex=`, a timeout argument) or right after it.',
        severity: 'medium',
      },
      cacheManagerNoTtl: {
        title: '`{call}` caches an entry that never expires',
        message: 'This cache was created without a default `ttl` and this write passes none, so the entry never expires: it is served stale after the data changes and the store grows with every key. Pass a TTL here or set `ttl` where the cache is created.',
      },
      djangoCacheForever: {
        title: '`{call}` caches with `timeout=None` (never expires)',
        message: '`timeout=None` keeps the entry until it is deleted or evicted. Unless every change to the underlying data deletes this key, readers get stale data; prefer a finite timeout (with explicit invalidation where freshness matters).',
      },
    },
    options: z.object({}).strict(),
    examples: {
      js: {
        bad: "import Redis from 'ioredis';\n\nconst redis = new Redis(process.env.REDIS_URL);\n\nexport async function cacheProfile(userId, profile) {\n  await redis.set(`profile-cache:${userId}`, JSON.stringify(profile));\n}\n",
        good: "import Redis from 'ioredis';\n\nconst redis = new Redis(process.env.REDIS_URL);\n\nexport async function cacheProfile(userId, profile) {\n  await redis.set(`profile-cache:${userId}`, JSON.stringify(profile), 'EX', 300);\n}\n",
      },
      python: {
        bad: 'import redis\n\nr = redis.Redis.from_url(REDIS_URL)\n\ndef save_session(session_id, data):\n    r.set(f"session:{session_id}", json.dumps(data))\n',
        good: 'import redis\n\nr = redis.Redis.from_url(REDIS_URL)\n\ndef save_session(session_id, data):\n    r.set(f"session:{session_id}", json.dumps(data), ex=3600)\n',
      },
      go: {
        bad: 'package cache\n\nimport "github.com/redis/go-redis/v9"\n\nfunc (s *Store) SaveRate(ctx context.Context, code string, rate []byte) error {\n\treturn s.rdb.Set(ctx, "rate:"+code, rate, 0).Err()\n}\n',
        good: 'package cache\n\nimport "github.com/redis/go-redis/v9"\n\nfunc (s *Store) SaveRate(ctx context.Context, code string, rate []byte) error {\n\treturn s.rdb.Set(ctx, "rate:"+code, rate, 10*time.Minute).Err()\n}\n',
      },
      java: {
        bad: 'import org.springframework.data.redis.core.StringRedisTemplate;\n\n@Service\nclass RateCache {\n  private final StringRedisTemplate redis;\n\n  void save(String code, String rate) {\n    redis.opsForValue().set("rate:" + code, rate);\n  }\n}\n',
        good: 'import org.springframework.data.redis.core.StringRedisTemplate;\n\n@Service\nclass RateCache {\n  private final StringRedisTemplate redis;\n\n  void save(String code, String rate) {\n    redis.opsForValue().set("rate:" + code, rate, Duration.ofMinutes(10));\n  }\n}\n',
      },
    },
  },
  plan(file) {
    const family = file.family;
    if (isNonServicePath(file.path) || (family === 'js' && isFrontendPath(file.path))) return false;
    if (family === 'js') return file.mentionsCall(...JS_WRITES) && (file.mentionsAnyCase('redis') || file.importsAny(['cache-manager'])) ? [...CALL_KINDS.js, ...(file.language === 'javascript' ? [] : JS_TYPED_KINDS)] : false;
    if (family === 'python') return file.mentionsCall(...PY_WRITES, ...DJANGO_WRITES) && (file.mentionsAnyCase('redis') || file.importsAny(['django.core.cache'])) ? [...CALL_KINDS.python, ...PY_TYPED_KINDS] : false;
    if (family === 'go') return file.mentionsCall(...GO_WRITES) && file.importsAny(GO_REDIS_LIBRARIES) ? CALL_KINDS.go : false;
    if (!file.mentionsCall(...JAVA_WRITES) || !file.importsAny(JAVA_REDIS_LIBRARIES)) return false;
    return [...CALL_KINDS.java, ...JAVA_DECLARATION_KINDS];
  },
  checkFile(context) {
    const family = context.family;
    const writes = family === 'js' ? jsWrites(context) : family === 'python' ? pythonWrites(context) : family === 'go' ? goWrites(context) : javaWrites(context);
    let expiries: Array<{ start: number; end: number }> | undefined;
    for (const write of writes) {
      const span = lineSpanOf(write.call);
      if (!context.isAdded(span.line, span.endLine)) continue;
      if (write.expirableLater) {
        // `SET` then `EXPIRE` (or `HSET` then `EXPIRE`) in the same function gives the key its TTL.
        const scope = enclosingFunction(write.call, family);
        const within = scope ? spanOf(scope) : { start: 0, end: Number.MAX_SAFE_INTEGER };
        expiries ??= expiryCallSpans(context);
        if (expiries.some((expiry) => within.start <= expiry.start && expiry.end <= within.end)) continue;
      }
      // Everything a cache library holds is a cache: there only sessions and tokens raise the severity.
      const word = keyWord(write.key, family) ?? write.clientWord;
      const what = write.messageId === 'noExpiry' || word !== 'cache' ? word : undefined;
      if (what) context.report({ messageId: 'transientNoExpiry', data: { call: write.display, what }, line: span.line, endLine: span.endLine });
      else context.report({ messageId: write.messageId, data: { call: write.display }, line: span.line, endLine: span.endLine });
    }
  },
});
