import type { SgNode } from '@ast-grep/napi';
import type { ParsedFile } from '../source/language.js';
import { callParts, type CallParts } from '../rules/support/call-parts.js';
import { literalText } from '../rules/support/string-literal.js';
import { readCall, receiverChain, type ReadCallParts } from './read-call.js';
import { FactsBuilder, joinValues, looksLikeSql, systemOfScheme, targetOf, type ValueInfo } from './facts-builder.js';
import { categoriesOf, observabilityLibraries, type LibraryCategory } from './library-catalog.js';
import type { CodeSignal, FileFacts, ImportFact, ParamFact, TypeFact } from './types.js';

interface GoContext {
  builder: FactsBuilder;
  /** Package alias → import path. */
  modules: Map<string, string>;
  constants: Map<string, ValueInfo>;
  /** Variable / field names → declared type (`db` → `*sql.DB`). */
  typed: Map<string, string>;
  categories: Set<LibraryCategory>;
  sources: string[];
  /** `libraryOf` answers, by the first prefix asked for (each question is asked for every call). */
  libraries: Map<string, string | undefined>;
}

/**
 * One search per file finds functions, calls and (when the imports can name topics and queues in
 * struct literals) composite literals together: each search walks the whole tree.
 */
const FUNCTION_KINDS = ['function_declaration', 'method_declaration', 'func_literal'];
const SCAN_RULE = { rule: { any: [...FUNCTION_KINDS, 'call_expression'].map((kind) => ({ kind })) } };
const SCAN_WITH_LITERALS_RULE = { rule: { any: [...FUNCTION_KINDS, 'call_expression', 'composite_literal'].map((kind) => ({ kind })) } };
const RESTY = ['github.com/go-resty/resty'];
const SARAMA = ['github.com/IBM/sarama', 'github.com/Shopify/sarama'];
const CONFLUENT = ['github.com/confluentinc/confluent-kafka-go/kafka', 'github.com/confluentinc/confluent-kafka-go/v2/kafka'];
const AMQP = ['github.com/streadway/amqp', 'github.com/rabbitmq/amqp091-go'];
const NATS = ['github.com/nats-io/nats.go'];
const ASYNQ = ['github.com/hibiken/asynq'];
const ROBFIG_CRON = ['github.com/robfig/cron'];
const GOCRON = ['github.com/go-co-op/gocron'];
const WEB_SERVERS = ['github.com/gin-gonic/gin', 'github.com/labstack/echo/v4', 'github.com/gofiber/fiber/v2'];

const HTTP_FUNCS = new Set(['Get', 'Post', 'Head', 'PostForm']);
const SQL_METHODS = new Set(['Query', 'QueryRow', 'QueryContext', 'QueryRowContext', 'Exec', 'ExecContext', 'Prepare', 'PrepareContext', 'Select', 'Get', 'NamedExec', 'NamedQuery', 'SelectContext', 'GetContext', 'Where', 'Find', 'First', 'Create', 'Save', 'Delete', 'Updates', 'Model', 'Raw', 'FindOne', 'InsertOne', 'InsertMany', 'UpdateOne', 'DeleteOne', 'Aggregate', 'SendBatch', 'CopyFrom']);
const DB_TYPES = ['sql.DB', 'sql.Tx', 'sql.Conn', 'sqlx.DB', 'sqlx.Tx', 'gorm.DB', 'pgxpool.Pool', 'pgx.Conn', 'pgx.Tx', 'mongo.Collection', 'mongo.Database', 'mongo.Client'];
const CACHE_TYPES = ['redis.Client', 'redis.ClusterClient', 'redis.UniversalClient', 'memcache.Client'];

/** Local name of an imported Go package: the alias, else the path's last element (version suffixes skipped). */
export function goPackageName(path: string): string {
  const segments = path.split('/');
  let last = segments[segments.length - 1] ?? path;
  if (/^v\d+$/.test(last) && segments.length > 1) last = segments[segments.length - 2]!;
  return last.replace(/\.v\d+$/, '').replace(/^go-/, '').replace(/-go$/, '').replace(/[.-]/g, '');
}

/** Reads one Go file's imports, functions, types, calls and service signals. */
export function readGoFacts(file: ParsedFile): FileFacts {
  const root = file.root;
  const imports: ImportFact[] = [];
  let packageName: string | undefined;
  const context: GoContext = { builder: new FactsBuilder(), modules: new Map(), constants: new Map(), typed: new Map(), categories: new Set(), sources: [], libraries: new Map() };
  const types: TypeFact[] = [];
  for (const statement of root.namedChildren()) {
    const kind = statement.kind();
    if (kind === 'package_clause') packageName = statement.namedChildren().find((child) => child.kind() === 'package_identifier')?.text();
    else if (kind === 'import_declaration') {
      for (const spec of statement.findAll({ rule: { kind: 'import_spec' } })) {
        const pathNode = spec.field('path');
        const path = pathNode ? literalText(pathNode, 'go') : undefined;
        if (path === undefined) continue;
        const alias = spec.field('name')?.text();
        const local = alias && alias !== '_' && alias !== '.' ? alias : goPackageName(path);
        imports.push({ source: path, bindings: [{ local, imported: '*' }] });
        context.modules.set(local, path);
      }
    } else if (kind === 'const_declaration' || kind === 'var_declaration') {
      for (const spec of statement.findAll({ rule: { any: [{ kind: 'const_spec' }, { kind: 'var_spec' }] } })) {
        const name = spec.field('name')?.text();
        const value = spec.field('value')?.namedChildren()[0];
        const type = spec.field('type')?.text();
        if (name && type) context.typed.set(name, type);
        if (name && value) {
          const info = valueOf(value, context);
          if (info.env || info.literal !== undefined || info.config) context.constants.set(name, info);
        }
      }
    } else if (kind === 'type_declaration') {
      for (const spec of statement.namedChildren()) {
        if (spec.kind() !== 'type_spec') continue;
        const fact = readTypeSpec(spec);
        if (fact) {
          types.push(fact);
          for (const field of fact.fields) if (field.type) context.typed.set(field.name, field.type);
        }
      }
    }
  }
  context.sources = imports.map((imported) => imported.source);
  context.categories = categoriesOf('go', context.sources);
  const withLiterals = context.categories.has('messaging') || context.categories.has('cache');
  const functions: Array<{ node: SgNode; kind: string }> = [];
  const calls: SgNode[] = [];
  const literals: SgNode[] = [];
  for (const node of root.findAll(withLiterals ? SCAN_WITH_LITERALS_RULE : SCAN_RULE)) {
    const kind = node.kind() as string;
    if (kind === 'call_expression') calls.push(node);
    else if (kind === 'composite_literal') literals.push(node);
    else functions.push({ node, kind });
  }
  // Every function first (their parameters type the names calls use), then the calls, then literals.
  for (const { node, kind } of functions) {
    const range = node.range();
    if (kind === 'func_literal') {
      // Inline handlers (`mux.HandleFunc("/x", func(w, r) {…})`) are functions of their own.
      context.builder.addFunctionAt(range, { name: `(anonymous:${range.start.line + 1})`, params: readParams(node.field('parameters')), decorators: [] });
      continue;
    }
    const name = node.field('name')?.text() ?? '';
    const params = readParams(node.field('parameters'));
    let owner: string | undefined;
    if (kind === 'method_declaration') {
      const receiver = readParams(node.field('receiver'))[0];
      owner = receiver?.type ? baseGoType(receiver.type) : undefined;
      if (receiver) params.unshift(receiver);
    }
    for (const param of params) if (param.type) context.typed.set(param.name, param.type);
    const fn = context.builder.addFunctionAt(range, { name: owner ? `${owner}.${name}` : name, ...(owner ? { owner } : {}), params, decorators: [] });
    if (name === 'main' && !owner && packageName === 'main') context.builder.signal(node, { kind: 'entry', library: 'go', detail: 'func main' }, fn);
  }
  const grpcAddresses: Array<{ target: string }> = [];
  for (const call of calls) {
    const parts = readCall(call, 'go', 'call_expression');
    if (!parts) continue;
    const chain = parts.chain ?? receiverChain(parts.receiver, 'go');
    context.builder.addCall(call, parts.name, chain.length === 0 && parts.receiver ? ['?'] : chain);
    const signalled = context.builder.signals.length;
    if (context.categories.size > 0) detectGoCall(call, parts, chain, context, grpcAddresses);
    if (LINKED_STARTS.has(parts.name) && context.builder.signals.length === signalled) detectLinkedStart(call, parts, chain, context);
  }
  for (const literal of literals) detectGoLiteral(literal, context);
  return {
    path: file.path,
    family: 'go',
    ...(packageName ? { package: packageName } : {}),
    imports,
    functions: context.builder.functions(),
    types,
    signals: context.builder.signals,
    logging: observabilityLibraries('go', context.sources, 'logging'),
    metrics: observabilityLibraries('go', context.sources, 'metrics'),
    instances: [],
  };
}

/** `*service.Orders` → `service.Orders`; `[]T` → T. */
function baseGoType(type: string): string {
  return type.replace(/^[*&[\]]+/, '').split('[')[0]!;
}

function readParams(list: SgNode | null): ParamFact[] {
  const params: ParamFact[] = [];
  for (const declaration of list?.namedChildren() ?? []) {
    const kind = declaration.kind();
    if (kind !== 'parameter_declaration' && kind !== 'variadic_parameter_declaration') continue;
    // `a, b int`: the names are identifiers, the type is the one other named child (types are never
    // plain identifiers in the grammar; comments are skipped).
    const names: SgNode[] = [];
    let type: string | undefined;
    for (const child of declaration.namedChildren()) {
      const childKind = child.kind();
      if (childKind === 'identifier') names.push(child);
      else if (childKind !== 'comment' && type === undefined) type = child.text();
    }
    for (const name of names) params.push({ name: name.text(), ...(type ? { type } : {}) });
  }
  return params;
}

function readTypeSpec(spec: SgNode): TypeFact | undefined {
  const name = spec.field('name')?.text();
  const type = spec.field('type');
  if (!name || !type) return undefined;
  const typeKind = type.kind();
  if (typeKind === 'interface_type') {
    const range = spec.range();
    return { name, kind: 'interface', startLine: range.start.line + 1, endLine: range.end.line + 1, fields: [], supertypes: [], decorators: [] };
  }
  if (typeKind !== 'struct_type') return undefined;
  const fields: ParamFact[] = [];
  for (const field of type.findAll({ rule: { kind: 'field_declaration' } })) {
    const fieldType = field.field('type')?.text();
    const names = field.namedChildren().filter((child) => child.kind() === 'field_identifier');
    if (!fieldType) continue;
    if (names.length === 0) fields.push({ name: baseGoType(fieldType).split('.').pop()!, type: fieldType });
    for (const fieldName of names) fields.push({ name: fieldName.text(), type: fieldType });
  }
  const range = spec.range();
  return { name, kind: 'struct', startLine: range.start.line + 1, endLine: range.end.line + 1, fields, supertypes: [], decorators: [] };
}

function valueOf(node: SgNode, context: GoContext): ValueInfo {
  const kind = node.kind();
  if (kind === 'interpreted_string_literal' || kind === 'raw_string_literal') return { literal: literalText(node, 'go') ?? '' };
  if (kind === 'identifier') return context.constants.get(node.text()) ?? localValue(node, context) ?? { dynamic: true };
  if (kind === 'parenthesized_expression') {
    const inner = node.namedChildren()[0];
    return inner ? valueOf(inner, context) : { dynamic: true };
  }
  if (kind === 'binary_expression' && node.field('operator')?.text() === '+') {
    const left = node.field('left');
    const right = node.field('right');
    return left && right ? joinValues([valueOf(left, context), valueOf(right, context)]) : { dynamic: true };
  }
  if (kind === 'call_expression') {
    const parts = callParts(node, 'go');
    const receiver = parts?.receiver?.text();
    const first = parts?.args[0] ? literalText(parts.args[0], 'go') : undefined;
    if (parts?.name === 'Getenv' && receiver === 'os' && first) return { env: first };
    if (parts && first && receiver === 'viper' && parts.name.startsWith('Get')) return { config: first };
    if (parts?.name === 'Sprintf' && receiver === 'fmt' && first !== undefined) {
      // "%s/orders" with the base as the first argument; "http://host/%s" keeps its literal prefix.
      if (first.startsWith('%s') && parts.args[1]) return joinValues([valueOf(parts.args[1], context), { literal: first.slice(2) }]);
      const cut = first.indexOf('%');
      return cut === -1 ? { literal: first } : { literal: first.slice(0, cut), dynamic: true };
    }
  }
  return { dynamic: true };
}

/** `url := fmt.Sprintf(…)` earlier in the same function: the value of a local variable (first assignment). */
function localValue(identifier: SgNode, context: GoContext): ValueInfo | undefined {
  let body: SgNode | null = identifier.parent();
  while (body && body.kind() !== 'function_declaration' && body.kind() !== 'method_declaration' && body.kind() !== 'func_literal') body = body.parent();
  if (!body) return undefined;
  const name = identifier.text();
  const before = identifier.range().start.index;
  for (const declaration of body.findAll({ rule: { kind: 'short_var_declaration' } })) {
    if (declaration.range().start.index >= before) break;
    // A declaration that contains the identifier (`url = url + '/x'`) would read itself.
    if (declaration.range().end.index > before) continue;
    const left = declaration.field('left')?.children().filter((child) => child.isNamed()) ?? [];
    const at = left.findIndex((child) => child.text() === name);
    if (at !== 0) continue;
    const right = declaration.field('right')?.children().find((child) => child.isNamed());
    return right && right.id() !== identifier.id() ? valueOf(right, context) : undefined;
  }
  return undefined;
}

function typeOf(chain: string[], context: GoContext): string | undefined {
  const last = chain[chain.length - 1];
  return last === undefined ? undefined : context.typed.get(last);
}

function isType(type: string | undefined, names: readonly string[]): boolean {
  if (!type) return false;
  const base = baseGoType(type);
  return names.includes(base);
}

function signal(call: SgNode, context: GoContext, fields: Omit<CodeSignal, 'line' | 'function'>): void {
  context.builder.signal(call, fields);
}

function messaging(call: SgNode, context: GoContext, direction: 'produce' | 'consume', system: string, library: string, value: ValueInfo | undefined, detail: string): void {
  const { target, fallback } = targetOf(value, 'name');
  signal(call, context, { kind: direction, library, system, target, ...(fallback ? { fallback } : {}), detail });
}

function libraryOf(context: GoContext, prefixes: readonly string[]): string | undefined {
  const key = prefixes[0]!;
  if (context.libraries.has(key)) return context.libraries.get(key);
  const library = context.sources.find((source) => prefixes.some((prefix) => source === prefix || source.startsWith(`${prefix}/`)));
  context.libraries.set(key, library);
  return library;
}

function stringsOf(node: SgNode | undefined, context: GoContext): ValueInfo[] {
  if (!node) return [];
  if (node.kind() === 'composite_literal') {
    const body = node.field('body');
    return (body?.children() ?? []).filter((child) => child.kind() === 'literal_element' || child.isNamed()).map((child) => valueOf(child.children().find((c) => c.isNamed()) ?? child, context));
  }
  return [valueOf(node, context)];
}

function detectGoCall(call: SgNode, parts: ReadCallParts, chain: string[], context: GoContext, grpcAddresses: Array<{ target: string }>): void {
  const hasReceiver = parts.chain ? parts.chain.length > 0 : parts.receiver !== undefined;
  const { name } = parts;
  const pkg = chain.length === 1 ? context.modules.get(chain[0]!) : undefined;
  const detail = chain.length ? `${chain.join('.')}.${name}` : name;
  const receiverType = typeOf(chain, context);

  // Outbound HTTP.
  if (pkg === 'net/http') {
    if (HTTP_FUNCS.has(name) && parts.args[0]) return httpCall(call, context, 'net/http', valueOf(parts.args[0], context), detail);
    if (name === 'NewRequest' && parts.args[1]) return httpCall(call, context, 'net/http', valueOf(parts.args[1], context), detail);
    if (name === 'NewRequestWithContext' && parts.args[2]) return httpCall(call, context, 'net/http', valueOf(parts.args[2], context), detail);
    if (name === 'ListenAndServe' || name === 'ListenAndServeTLS') return signal(call, context, { kind: 'entry', library: 'net/http', detail });
  }
  if (libraryOf(context, RESTY) && ['Get', 'Post', 'Put', 'Patch', 'Delete'].includes(name) && parts.receiver?.kind() === 'call_expression' && parts.args[0]) {
    return httpCall(call, context, 'resty', valueOf(parts.args[0], context), detail);
  }

  // gRPC.
  if (pkg === 'google.golang.org/grpc' && (name === 'Dial' || name === 'DialContext' || name === 'NewClient')) {
    const address = parts.args[name === 'DialContext' ? 1 : 0];
    grpcAddresses.push({ target: targetOf(address ? valueOf(address, context) : undefined, 'url').target });
    return;
  }
  const stub = /^New(\w+)Client$/.exec(name);
  if (stub && pkg && (context.categories.has('grpc') || /(^|\/)(pb|proto|protos|gen|grpc|api)(\/|$)|pb$/.test(pkg)) && !categoriesOf('go', [pkg]).size) {
    const address = grpcAddresses[grpcAddresses.length - 1]?.target;
    return signal(call, context, { kind: 'grpc-client', library: 'google.golang.org/grpc', system: 'grpc', target: stub[1]!, ...(address && address !== 'dynamic' ? { fallback: address } : {}), detail });
  }

  // Database and cache clients.
  const creation = goClientCreation(name, pkg, parts, context);
  if (creation) {
    const { target, fallback } = targetOf(creation.value, 'url');
    const system = creation.system ?? systemOfScheme(creation.value?.literal ?? fallback);
    return signal(call, context, { kind: creation.kind, library: creation.library, ...(system ? { system } : {}), target: target === 'dynamic' ? (system ?? 'dynamic') : target, ...(fallback ? { fallback } : {}), pooled: creation.pooled, detail });
  }

  // Messaging.
  const sarama = libraryOf(context, SARAMA);
  if (sarama && name === 'Consume' && parts.args[1]) {
    for (const topic of stringsOf(parts.args[1], context)) messaging(call, context, 'consume', 'kafka', 'sarama', topic, detail);
    return;
  }
  if (sarama && name === 'ConsumePartition' && parts.args[0]) return messaging(call, context, 'consume', 'kafka', 'sarama', valueOf(parts.args[0], context), detail);
  const confluent = libraryOf(context, CONFLUENT);
  if (confluent && (name === 'SubscribeTopics' || name === 'Subscribe') && parts.args[0] && hasReceiver) {
    for (const topic of stringsOf(parts.args[0], context)) messaging(call, context, 'consume', 'kafka', 'confluent-kafka-go', topic, detail);
    return;
  }
  const amqp = libraryOf(context, AMQP);
  if (amqp && hasReceiver && (name === 'Publish' || name === 'PublishWithContext')) {
    const offset = name === 'PublishWithContext' ? 1 : 0;
    const exchange = parts.args[offset] ? valueOf(parts.args[offset]!, context) : undefined;
    const key = parts.args[offset + 1] ? valueOf(parts.args[offset + 1]!, context) : undefined;
    return messaging(call, context, 'produce', 'rabbitmq', amqp.includes('streadway') ? 'streadway/amqp' : 'amqp091-go', exchange?.literal === '' ? key : exchange, detail);
  }
  if (amqp && hasReceiver && name === 'Consume' && parts.args[0]) return messaging(call, context, 'consume', 'rabbitmq', amqp.includes('streadway') ? 'streadway/amqp' : 'amqp091-go', valueOf(parts.args[0], context), detail);
  if (libraryOf(context, NATS) && hasReceiver && parts.args[0] && ['Publish', 'Subscribe', 'QueueSubscribe', 'Request', 'PublishMsg'].includes(name)) {
    return messaging(call, context, name.includes('Subscribe') ? 'consume' : 'produce', 'nats', 'nats.go', valueOf(parts.args[0], context), detail);
  }
  const asynq = libraryOf(context, ASYNQ);
  if (asynq && pkg === asynq && name === 'NewTask' && parts.args[0]) return messaging(call, context, 'produce', 'asynq', 'asynq', valueOf(parts.args[0], context), detail);
  if (asynq && (name === 'HandleFunc' || name === 'Handle') && hasReceiver && parts.args[0] && literalText(parts.args[0], 'go') !== undefined) {
    return messaging(call, context, 'consume', 'asynq', 'asynq', valueOf(parts.args[0], context), detail);
  }
  if (isType(receiverType, CACHE_TYPES) && parts.args.length > 0 && ['XAdd', 'XRead', 'XReadGroup'].includes(name)) {
    return messaging(call, context, name === 'XAdd' ? 'produce' : 'consume', 'redis-streams', 'go-redis', undefined, detail);
  }

  // Scheduled jobs.
  if (libraryOf(context, ROBFIG_CRON) && hasReceiver && (name === 'AddFunc' || name === 'AddJob')) return signal(call, context, { kind: 'schedule', library: 'robfig/cron', detail });
  if (libraryOf(context, GOCRON) && hasReceiver && (name === 'Every' || name === 'NewJob' || name === 'Cron')) return signal(call, context, { kind: 'schedule', library: 'gocron', detail });

  // Entry points and shutdown.
  if (pkg === 'os/signal' && (name === 'Notify' || name === 'NotifyContext')) return signal(call, context, { kind: 'shutdown', library: 'os/signal', detail });
  if (hasReceiver && (name === 'Shutdown' || name === 'GracefulStop') && !pkg) return signal(call, context, { kind: 'shutdown', library: 'go', detail });
  if (hasReceiver && !pkg && (name === 'ListenAndServe' || name === 'ListenAndServeTLS')) return signal(call, context, { kind: 'entry', library: 'net/http', detail });
  if (hasReceiver && !pkg && context.categories.has('web') && (name === 'Run' || name === 'Start' || name === 'Listen') && libraryOf(context, WEB_SERVERS)) {
    return signal(call, context, { kind: 'entry', library: libraryOf(context, WEB_SERVERS)!, detail });
  }
  if (hasReceiver && !pkg && name === 'Serve' && context.categories.has('grpc')) return signal(call, context, { kind: 'entry', library: 'google.golang.org/grpc', detail });

  // Data access.
  if (isType(receiverType, DB_TYPES) && SQL_METHODS.has(name)) {
    const pkgName = baseGoType(receiverType!).split('.')[0]!;
    const system = pkgName.startsWith('pgx') ? 'postgres' : pkgName === 'mongo' ? 'mongodb' : undefined;
    return signal(call, context, { kind: 'db-query', library: context.modules.get(pkgName) ?? pkgName, ...(system ? { system } : {}), detail });
  }
  if (isType(receiverType, CACHE_TYPES)) return signal(call, context, { kind: 'db-query', library: 'go-redis', system: 'redis', detail });
  if (context.categories.has('database') && SQL_METHODS.has(name)) {
    const sql = parts.args.map((arg) => literalText(arg, 'go')).find((text) => text !== undefined);
    if (sql !== undefined && looksLikeSql(sql)) signal(call, context, { kind: 'db-query', library: 'database/sql', detail });
  }
}

/** Methods that start a gin, echo, fiber or net/http server. */
const LINKED_STARTS: ReadonlySet<string> = new Set(['Run', 'RunTLS', 'Start', 'StartTLS', 'Listen', 'ListenTLS', 'ListenAndServe', 'ListenAndServeTLS']);

/**
 * A server started on a value made elsewhere in the package (`r := setupRouter(); r.Run(":8080")`,
 * `s.router.Run(addr)`, `srv := newServer(); srv.ListenAndServe()`), in a file that need not import the
 * framework. The facts of one file cannot see the other file's types, so `Run`/`Start`/`Listen` count
 * only with an address argument (`cmd.Run()`, `app.Run(os.Args)` and `worker.Start(ctx)` do not);
 * `ListenAndServe` names a server start on its own.
 */
function detectLinkedStart(call: SgNode, parts: ReadCallParts, chain: string[], context: GoContext): void {
  if (!parts.receiver || (chain.length === 1 && context.modules.has(chain[0]!))) return;
  const name = parts.name;
  if (!name.startsWith('ListenAndServe')) {
    const first = parts.args[0];
    if (!first || !looksLikeAddress(first)) return;
  }
  signal(call, context, { kind: 'entry', library: 'go', detail: `${chain.length > 0 ? chain.join('.') : parts.receiver.text()}.${name}` });
}

/** `":8080"`, `"0.0.0.0:3000"`, `addr`, `cfg.HTTP.Port`, `":" + port`, `fmt.Sprintf(":%d", port)`. */
function looksLikeAddress(arg: SgNode): boolean {
  const kind = arg.kind();
  if (kind === 'interpreted_string_literal' || kind === 'raw_string_literal') return /:\d+$/.test(literalText(arg, 'go') ?? '');
  // Names as words: `addr`, `cfg.Port`, `httpAddr`, `ListenAddr` (not `report`, `transport`).
  const text = arg.text();
  return text.length <= 80 && /\b(addr|port|listen)|Addr|Port|Listen|":/.test(text);
}

function httpCall(call: SgNode, context: GoContext, library: string, value: ValueInfo | undefined, detail: string): void {
  const { target, fallback } = targetOf(value, 'url');
  signal(call, context, { kind: 'http-call', library, system: 'http', target, ...(fallback ? { fallback } : {}), detail });
}

interface Creation {
  kind: 'db-client' | 'cache-client';
  library: string;
  system?: string;
  pooled: boolean;
  value?: ValueInfo;
}

function goClientCreation(name: string, pkg: string | undefined, parts: CallParts, context: GoContext): Creation | undefined {
  if (!pkg) return undefined;
  // Arguments are read only for the calls that create a client.
  if ((pkg === 'database/sql' || pkg === 'github.com/jmoiron/sqlx') && (name === 'Open' || name === 'Connect' || name === 'MustConnect')) {
    const args = parts.args;
    const driver = args[0] ? literalText(args[0], 'go') : undefined;
    return { kind: 'db-client', library: pkg === 'database/sql' ? 'database/sql' : 'sqlx', ...(systemOfScheme(driver) ? { system: systemOfScheme(driver)! } : {}), pooled: true, ...(args[1] ? { value: valueOf(args[1], context) } : {}) };
  }
  if ((pkg === 'gorm.io/gorm' || pkg === 'github.com/jinzhu/gorm') && name === 'Open') {
    const args = parts.args;
    const dialector = args[0]?.kind() === 'call_expression' ? callParts(args[0], 'go') : undefined;
    const dialect = dialector?.receiver?.text();
    return { kind: 'db-client', library: 'gorm', ...(systemOfScheme(dialect) ? { system: systemOfScheme(dialect)! } : {}), pooled: true, ...(dialector?.args[0] ? { value: valueOf(dialector.args[0], context) } : {}) };
  }
  if (pkg.endsWith('/pgxpool') && (name === 'New' || name === 'Connect' || name === 'NewWithConfig')) {
    const args = parts.args;
    return { kind: 'db-client', library: 'pgxpool', system: 'postgres', pooled: true, ...(args[1] ? { value: valueOf(args[1], context) } : {}) };
  }
  if (/jackc\/pgx\/v\d$/.test(pkg) && name === 'Connect') {
    const args = parts.args;
    return { kind: 'db-client', library: 'pgx', system: 'postgres', pooled: false, ...(args[1] ? { value: valueOf(args[1], context) } : {}) };
  }
  if (pkg.includes('mongo-driver') && (name === 'Connect' || name === 'NewClient')) return { kind: 'db-client', library: 'mongo-driver', system: 'mongodb', pooled: true };
  if (pkg.includes('go-redis') && (name === 'NewClient' || name === 'NewClusterClient' || name === 'NewUniversalClient')) {
    const args = parts.args;
    const options = args[0]?.kind() === 'unary_expression' ? args[0].namedChildren().find((child) => child.kind() === 'composite_literal') : args[0];
    const address = options ? keyedValue(options, 'Addr') : undefined;
    return { kind: 'cache-client', library: 'go-redis', system: 'redis', pooled: true, ...(address ? { value: valueOf(address, context) } : {}) };
  }
  if (pkg.endsWith('gomemcache/memcache') && name === 'New') {
    const args = parts.args;
    return { kind: 'cache-client', library: 'gomemcache', system: 'memcached', pooled: true, ...(args[0] ? { value: valueOf(args[0], context) } : {}) };
  }
  return undefined;
}

/** Value of `Key:` in a composite literal (`redis.Options{Addr: …}`). */
function keyedValue(literal: SgNode, key: string): SgNode | undefined {
  for (const element of literal.field('body')?.children() ?? []) {
    if (element.kind() !== 'keyed_element') continue;
    const [name, value] = element.children().filter((child) => child.isNamed());
    if (name?.text() === key && value) return value.children().find((child) => child.isNamed()) ?? value;
  }
  return undefined;
}

/** Struct literals that name topics and queues: `sarama.ProducerMessage{Topic: …}`, `kafka.ReaderConfig{Topic: …}`. */
function detectGoLiteral(literal: SgNode, context: GoContext): void {
  const type = literal.field('type')?.text() ?? '';
  const [alias, typeName] = type.includes('.') ? type.split('.') : ['', type];
  const pkg = context.modules.get(alias ?? '') ?? '';
  const topic = (): ValueInfo | undefined => {
    const value = keyedValue(literal, 'Topic');
    if (!value) return undefined;
    // confluent: Topic: &topic
    const inner = value.kind() === 'unary_expression' ? value.children().find((child) => child.isNamed()) : value;
    return inner ? valueOf(inner, context) : undefined;
  };
  if (pkg.includes('sarama') && typeName === 'ProducerMessage') return messaging(literal, context, 'produce', 'kafka', 'sarama', topic(), type);
  if (pkg === 'github.com/segmentio/kafka-go') {
    if ((typeName === 'Writer' || typeName === 'WriterConfig') && keyedValue(literal, 'Topic')) return messaging(literal, context, 'produce', 'kafka', 'kafka-go', topic(), type);
    if (typeName === 'Message' && keyedValue(literal, 'Topic')) return messaging(literal, context, 'produce', 'kafka', 'kafka-go', topic(), type);
    if (typeName === 'ReaderConfig') {
      const topics = keyedValue(literal, 'GroupTopics');
      if (topics) for (const value of stringsOf(topics, context)) messaging(literal, context, 'consume', 'kafka', 'kafka-go', value, type);
      else messaging(literal, context, 'consume', 'kafka', 'kafka-go', topic(), type);
      return;
    }
  }
  if (pkg.includes('confluent-kafka-go') && typeName === 'TopicPartition') return messaging(literal, context, 'produce', 'kafka', 'confluent-kafka-go', topic(), type);
  if (pkg.includes('service/sqs') && (typeName === 'SendMessageInput' || typeName === 'ReceiveMessageInput' || typeName === 'SendMessageBatchInput')) {
    const queue = keyedValue(literal, 'QueueUrl');
    const inner = queue?.kind() === 'call_expression' ? callParts(queue, 'go')?.args[0] : queue;
    return messaging(literal, context, typeName === 'ReceiveMessageInput' ? 'consume' : 'produce', 'sqs', 'aws-sdk-go', inner ? valueOf(inner, context) : undefined, type);
  }
}
