import type { SgNode } from '@ast-grep/napi';
import { lineOf, endLineOf, type ParsedFile } from '../source/language.js';
import { callParts, receiverNames, type CallParts } from '../rules/support/call-parts.js';
import { literalText } from '../rules/support/string-literal.js';
import { FactsBuilder, joinValues, looksLikeSql, systemOfScheme, targetOf, type ValueInfo } from './facts-builder.js';
import { categoriesOf, observabilityLibraries, type LibraryCategory } from './library-catalog.js';
import type { CodeSignal, FileFacts, FunctionFact, ImportFact, ParamFact, TypeFact } from './types.js';

interface JavaContext {
  builder: FactsBuilder;
  constants: Map<string, ValueInfo>;
  /** Field / parameter / variable name → declared type's base name. */
  typed: Map<string, string>;
  /** HTTP client variables with their base URL (`WebClient.builder().baseUrl(…)`). */
  httpBases: Map<string, ValueInfo | undefined>;
  categories: Set<LibraryCategory>;
  sources: string[];
  grpcAddress?: ValueInfo;
}

const TYPE_KINDS = ['class_declaration', 'interface_declaration', 'enum_declaration', 'record_declaration'];
const REST_TEMPLATE_METHODS = new Set(['getForObject', 'getForEntity', 'postForObject', 'postForEntity', 'postForLocation', 'exchange', 'put', 'delete', 'patchForObject', 'execute', 'headForHeaders']);
const DB_TYPES = new Set(['JdbcTemplate', 'NamedParameterJdbcTemplate', 'EntityManager', 'MongoTemplate', 'Connection', 'Statement', 'PreparedStatement', 'DataSource', 'JdbcClient', 'DSLContext', 'Session', 'SqlSession']);
const CACHE_TYPES = new Set(['RedisTemplate', 'StringRedisTemplate', 'Jedis', 'JedisPool', 'ReactiveRedisTemplate', 'CacheManager']);
const SQL_METHODS = new Set(['query', 'queryForObject', 'queryForList', 'update', 'execute', 'executeQuery', 'executeUpdate', 'prepareStatement', 'createQuery', 'createNativeQuery', 'batchUpdate', 'sql']);
const LISTENERS: Record<string, { system: string; library: string; keys: string[] }> = {
  KafkaListener: { system: 'kafka', library: 'spring-kafka', keys: ['topics', 'topicPattern', 'value'] },
  RabbitListener: { system: 'rabbitmq', library: 'spring-rabbit', keys: ['queues', 'value'] },
  JmsListener: { system: 'jms', library: 'spring-jms', keys: ['destination', 'value'] },
  SqsListener: { system: 'sqs', library: 'spring-cloud-aws', keys: ['value', 'queueNames'] },
  StreamListener: { system: 'spring-cloud-stream', library: 'spring-cloud-stream', keys: ['value', 'target'] },
};

/** Reads one Java file's imports, classes, methods, calls and service signals. */
export function readJavaFacts(file: ParsedFile): FileFacts {
  const root = file.root;
  const imports: ImportFact[] = [];
  let packageName: string | undefined;
  for (const statement of root.children()) {
    if (statement.kind() === 'package_declaration') packageName = statement.children().find((child) => child.isNamed())?.text();
    else if (statement.kind() === 'import_declaration' && !statement.children().some((child) => child.text() === 'static')) {
      const name = statement.children().find((child) => child.kind() === 'scoped_identifier' || child.kind() === 'identifier')?.text();
      const wildcard = statement.children().some((child) => child.kind() === 'asterisk');
      if (name) imports.push({ source: name, bindings: wildcard ? [] : [{ local: name.split('.').pop()!, imported: name.split('.').pop()! }] });
    }
  }
  const sources = imports.map((imported) => imported.source);
  const context: JavaContext = { builder: new FactsBuilder(), constants: new Map(), typed: new Map(), httpBases: new Map(), categories: categoriesOf('java', sources), sources };
  const types = readOutline(root, context);
  for (const call of root.findAll({ rule: { any: [{ kind: 'method_invocation' }, { kind: 'object_creation_expression' }] } })) {
    const parts = callParts(call, 'java');
    if (!parts) continue;
    const chain = receiverNames(parts.receiver, 'java');
    if (!parts.isNew) context.builder.addCall(call, parts.name, parts.receiver && chain.length === 0 ? ['?'] : chain);
    detectJavaCall(call, parts, chain, context);
  }
  return {
    path: file.path,
    family: 'java',
    ...(packageName ? { package: packageName } : {}),
    imports,
    functions: context.builder.functions(),
    types,
    signals: context.builder.signals,
    logging: observabilityLibraries('java', sources, 'logging'),
    metrics: observabilityLibraries('java', sources, 'metrics'),
    instances: [],
  };
}

function annotationsOf(node: SgNode): SgNode[] {
  const modifiers = node.children().find((child) => child.kind() === 'modifiers');
  return modifiers?.children().filter((child) => child.kind() === 'annotation' || child.kind() === 'marker_annotation') ?? [];
}

function annotationName(annotation: SgNode): string {
  return (annotation.field('name')?.text() ?? '').split('.').pop()!;
}

/** The values of an annotation's element (`topics = {"a", "b"}`, or the single unnamed value). */
function annotationValues(annotation: SgNode, keys: readonly string[], context: JavaContext): ValueInfo[] {
  const list = annotation.field('arguments');
  if (!list) return [];
  for (const element of list.children()) {
    if (!element.isNamed()) continue;
    if (element.kind() === 'element_value_pair') {
      if (!keys.includes(element.field('key')?.text() ?? '')) continue;
      const value = element.field('value');
      return value ? arrayValues(value, context) : [];
    }
    if (keys.includes('value')) return arrayValues(element, context);
  }
  return [];
}

function arrayValues(node: SgNode, context: JavaContext): ValueInfo[] {
  if (node.kind() === 'element_value_array_initializer') return node.children().filter((child) => child.isNamed()).map((child) => valueOf(child, context));
  return [valueOf(node, context)];
}

function valueOf(node: SgNode, context: JavaContext): ValueInfo {
  const kind = node.kind();
  if (kind === 'string_literal') {
    const text = literalText(node, 'java') ?? '';
    // Spring placeholders: "${inventory.url}" and "${inventory.url:http://localhost:8081}".
    const placeholder = /^\$\{([^}:]+)(?::([^}]*))?\}(.*)$/.exec(text);
    if (placeholder) return { config: placeholder[1]!, ...(placeholder[2] ? { literal: placeholder[2] + placeholder[3] } : {}) };
    return { literal: text };
  }
  if (kind === 'identifier') return context.constants.get(node.text()) ?? { dynamic: true };
  if (kind === 'field_access' && node.field('object')?.text() === 'this') return context.constants.get(node.field('field')?.text() ?? '') ?? { dynamic: true };
  if (kind === 'parenthesized_expression') {
    const inner = node.children().find((c) => c.isNamed());
    return inner ? valueOf(inner, context) : { dynamic: true };
  }
  if (kind === 'binary_expression' && node.field('operator')?.text() === '+') {
    const left = node.field('left');
    const right = node.field('right');
    return left && right ? joinValues([valueOf(left, context), valueOf(right, context)]) : { dynamic: true };
  }
  if (kind === 'method_invocation') {
    const parts = callParts(node, 'java');
    const first = parts?.args[0] ? literalText(parts.args[0], 'java') : undefined;
    if (parts?.name === 'getenv' && parts.receiver?.text() === 'System' && first) return { env: first };
    if (parts && first && (parts.name === 'getProperty' || parts.name === 'getRequiredProperty')) return { config: first };
  }
  return { dynamic: true };
}

function baseJavaType(type: string): string {
  return type.split('<')[0]!.split('.').pop()!.trim();
}

function readParams(method: SgNode): ParamFact[] {
  const params: ParamFact[] = [];
  for (const param of method.field('parameters')?.children() ?? []) {
    if (param.kind() !== 'formal_parameter' && param.kind() !== 'spread_parameter') continue;
    const name = param.field('name')?.text() ?? param.children().filter((child) => child.kind() === 'identifier').pop()?.text();
    const type = param.field('type')?.text();
    if (name) params.push({ name, ...(type ? { type: baseJavaType(type) } : {}) });
  }
  return params;
}

function enclosingType(node: SgNode): SgNode | undefined {
  let parent = node.parent();
  while (parent) {
    if (TYPE_KINDS.includes(parent.kind() as string)) return parent;
    parent = parent.parent();
  }
  return undefined;
}

function readOutline(root: SgNode, context: JavaContext): TypeFact[] {
  const types: TypeFact[] = [];
  const pending: Array<{ node: SgNode; fn: FunctionFact }> = [];
  for (const node of root.findAll({ rule: { any: [...TYPE_KINDS, 'method_declaration', 'constructor_declaration'].map((kind) => ({ kind })) } })) {
    if (TYPE_KINDS.includes(node.kind() as string)) {
      types.push(readType(node, context));
      continue;
    }
    const owner = enclosingType(node)?.field('name')?.text();
    const name = node.field('name')?.text() ?? '';
    const params = readParams(node);
    for (const param of params) if (param.type) context.typed.set(param.name, param.type);
    const fn = context.builder.addFunction(node, { name: owner ? `${owner}.${name}` : name, ...(owner ? { owner } : {}), params, decorators: annotationsOf(node).map(annotationName) });
    pending.push({ node, fn });
  }
  // Method annotations after every field is known (constants from @Value fields).
  for (const { node, fn } of pending) readMethodSignals(node, fn, context);
  return types;
}

function readType(node: SgNode, context: JavaContext): TypeFact {
  const name = node.field('name')?.text() ?? '';
  const supertypes: string[] = [];
  for (const child of node.children()) {
    if (child.kind() === 'superclass' || child.kind() === 'super_interfaces' || child.kind() === 'extends_interfaces') {
      for (const type of child.findAll({ rule: { any: [{ kind: 'type_identifier' }, { kind: 'generic_type' }, { kind: 'scoped_type_identifier' }] } })) {
        if (type.parent()?.kind() === 'generic_type' || type.parent()?.kind() === 'type_arguments') continue;
        supertypes.push(baseJavaType(type.text()));
      }
    }
  }
  const fields: ParamFact[] = [];
  for (const member of node.field('body')?.children() ?? []) {
    if (member.kind() !== 'field_declaration') continue;
    const type = member.field('type')?.text();
    const annotations = annotationsOf(member);
    for (const declarator of member.children().filter((child) => child.kind() === 'variable_declarator')) {
      const fieldName = declarator.field('name')?.text();
      if (!fieldName || !type) continue;
      fields.push({ name: fieldName, type: baseJavaType(type) });
      context.typed.set(fieldName, baseJavaType(type));
      const valueAnnotation = annotations.find((annotation) => annotationName(annotation) === 'Value');
      if (valueAnnotation) {
        const [value] = annotationValues(valueAnnotation, ['value'], context);
        if (value) context.constants.set(fieldName, value);
      }
      const initial = declarator.field('value');
      if (initial) {
        const value = valueOf(initial, context);
        if (value.literal !== undefined || value.env || value.config) context.constants.set(fieldName, value);
      }
      const grpcClient = annotations.find((annotation) => annotationName(annotation) === 'GrpcClient');
      if (grpcClient) {
        const stubType = type.split('.').length > 1 ? type.split('.')[type.split('.').length - 2]! : type;
        context.builder.signal(grpcClient, { kind: 'grpc-client', library: 'grpc-spring-boot-starter', system: 'grpc', target: stubType.replace(/Grpc$/, ''), detail: '@GrpcClient' });
      }
    }
  }
  const annotations = annotationsOf(node);
  const fact: TypeFact = { name, kind: node.kind() === 'interface_declaration' ? 'interface' : 'class', startLine: lineOf(node), endLine: endLineOf(node), fields, supertypes, decorators: annotations.map(annotationName) };
  for (const annotation of annotations) {
    const annotationType = annotationName(annotation);
    if (annotationType === 'FeignClient') {
      const [url] = annotationValues(annotation, ['url'], context);
      const [service] = annotationValues(annotation, ['name', 'value'], context);
      const { target, fallback } = url ? targetOf(url, 'url') : { target: service?.literal ?? 'dynamic', fallback: undefined };
      context.builder.signal(annotation, { kind: 'http-call', library: 'spring-cloud-openfeign', system: 'http', target, ...(fallback ? { fallback } : {}), detail: `@FeignClient(${service?.literal ?? ''})` });
    } else if (annotationType === 'Entity' || annotationType === 'Document' || annotationType === 'Table') {
      context.builder.signal(annotation, { kind: 'data-model', library: annotationType === 'Document' ? 'spring-data-mongodb' : 'jpa', detail: `@${annotationType}` });
    } else if (LISTENERS[annotationType]) {
      listenerSignal(annotation, annotationType, context);
    }
  }
  if (supertypes.includes('Job') && context.sources.some((source) => source.startsWith('org.quartz'))) context.builder.signal(node, { kind: 'schedule', library: 'quartz', detail: 'implements Job' });
  if (supertypes.includes('DisposableBean')) context.builder.signal(node, { kind: 'shutdown', library: 'spring', detail: 'DisposableBean' });
  return fact;
}

function listenerSignal(annotation: SgNode, annotationType: string, context: JavaContext, fn?: FunctionFact): void {
  const listener = LISTENERS[annotationType]!;
  const values = annotationValues(annotation, listener.keys, context);
  for (const value of values.length > 0 ? values : [undefined]) {
    const { target, fallback } = targetOf(value, 'name');
    context.builder.signal(annotation, { kind: 'consume', library: listener.library, system: listener.system, target, ...(fallback ? { fallback } : {}), detail: `@${annotationType}` }, fn);
  }
}

function readMethodSignals(node: SgNode, fn: FunctionFact, context: JavaContext): void {
  for (const annotation of annotationsOf(node)) {
    const name = annotationName(annotation);
    if (LISTENERS[name]) listenerSignal(annotation, name, context, fn);
    else if (name === 'Scheduled') context.builder.signal(annotation, { kind: 'schedule', library: 'spring', detail: '@Scheduled' }, fn);
    else if (name === 'PreDestroy') context.builder.signal(annotation, { kind: 'shutdown', library: 'jakarta.annotation', detail: '@PreDestroy' }, fn);
  }
  const modifiers = node.children().find((child) => child.kind() === 'modifiers')?.text() ?? '';
  if (node.kind() === 'method_declaration' && fn.name.endsWith('.main') && modifiers.includes('static') && modifiers.includes('public')) {
    context.builder.signal(node, { kind: 'entry', library: 'java', detail: 'public static void main' }, fn);
  }
}

/** The name a built client is stored under: `this.web = WebClient.builder()…build()`, `var client = …`. */
function assignedName(call: SgNode): string | undefined {
  let node: SgNode | null = call;
  while (node?.parent()?.kind() === 'method_invocation' && node.parent()!.field('object')?.id() === node.id()) node = node.parent();
  const parent = node?.parent();
  if (!parent) return undefined;
  if (parent.kind() === 'variable_declarator') return parent.field('name')?.text();
  if (parent.kind() === 'assignment_expression') {
    const left = parent.field('left');
    return left?.kind() === 'field_access' ? left.field('field')?.text() : left?.text();
  }
  return undefined;
}

function signal(call: SgNode, context: JavaContext, fields: Omit<CodeSignal, 'line' | 'function'>): void {
  context.builder.signal(call, fields);
}

function messaging(call: SgNode, context: JavaContext, direction: 'produce' | 'consume', system: string, library: string, value: ValueInfo | undefined, detail: string): void {
  const { target, fallback } = targetOf(value, 'name');
  signal(call, context, { kind: direction, library, system, target, ...(fallback ? { fallback } : {}), detail });
}

function httpCall(call: SgNode, context: JavaContext, library: string, value: ValueInfo | undefined, detail: string): void {
  const { target, fallback } = targetOf(value, 'url');
  signal(call, context, { kind: 'http-call', library, system: 'http', target, ...(fallback ? { fallback } : {}), detail });
}

/** The first name of a call chain (`webClient` in `webClient.get().uri(…)`). */
function chainRoot(node: SgNode | undefined): string | undefined {
  let current: SgNode | undefined = node;
  while (current && current.kind() === 'method_invocation') current = current.field('object') ?? undefined;
  if (!current) return undefined;
  if (current.kind() === 'identifier') return current.text();
  if (current.kind() === 'field_access') return current.field('field')?.text();
  return undefined;
}

function detectJavaCall(call: SgNode, parts: CallParts, chain: string[], context: JavaContext): void {
  const { name, args, isNew } = parts;
  const last = chain[chain.length - 1];
  const receiverType = last !== undefined ? context.typed.get(last) : undefined;
  const detail = isNew ? `new ${name}` : chain.length ? `${chain.join('.')}.${name}` : name;
  const has = (...prefixes: string[]): boolean => context.sources.some((source) => prefixes.some((prefix) => source.startsWith(prefix)));

  // Outbound HTTP.
  if (receiverType === 'RestTemplate' && REST_TEMPLATE_METHODS.has(name) && args[0]) return httpCall(call, context, 'RestTemplate', valueOf(args[0], context), detail);
  if ((name === 'create' && (chain[0] === 'WebClient' || chain[0] === 'RestClient')) || name === 'baseUrl') {
    const stored = assignedName(call);
    if (stored) context.httpBases.set(stored, args[0] ? valueOf(args[0], context) : undefined);
    return;
  }
  if (name === 'uri' && args[0]) {
    const root = chainRoot(parts.receiver);
    const type = root ? context.typed.get(root) : undefined;
    if (root && (context.httpBases.has(root) || type === 'WebClient' || type === 'RestClient')) {
      const value = valueOf(args[0], context);
      const absolute = value.literal && /^[a-z]+:\/\//i.test(value.literal);
      return httpCall(call, context, type ?? 'WebClient', absolute || value.env || value.config ? value : (context.httpBases.get(root) ?? value), `${root}…uri`);
    }
    if (chain[0] === 'HttpRequest' || has('java.net.http')) return httpCall(call, context, 'java.net.http', valueOf(args[0], context), 'HttpRequest.uri');
  }
  if (name === 'create' && chain[0] === 'URI' && has('java.net.http') && args[0]) return httpCall(call, context, 'java.net.http', valueOf(args[0], context), 'URI.create');
  if (name === 'url' && has('okhttp3') && args[0]) return httpCall(call, context, 'okhttp', valueOf(args[0], context), 'Request.Builder.url');

  // gRPC.
  if ((name === 'forAddress' || name === 'forTarget') && chain[0]?.endsWith('ChannelBuilder') && args[0]) {
    context.grpcAddress = name === 'forAddress' && args[1] ? joinValues([valueOf(args[0], context), { literal: ':' }, valueOf(args[1], context)]) : valueOf(args[0], context);
    return;
  }
  if ((name === 'newBlockingStub' || name === 'newStub' || name === 'newFutureStub') && chain.length === 1 && chain[0]!.endsWith('Grpc')) {
    const address = context.grpcAddress ? targetOf(context.grpcAddress, 'url').target : undefined;
    return signal(call, context, { kind: 'grpc-client', library: 'grpc-java', system: 'grpc', target: chain[0]!.slice(0, -4), ...(address && address !== 'dynamic' ? { fallback: address } : {}), detail });
  }

  // Database and cache clients.
  if (name === 'getConnection' && chain[0] === 'DriverManager' && args[0]) {
    const value = valueOf(args[0], context);
    const { target, fallback } = targetOf(value, 'url');
    const system = systemOfScheme(value.literal ?? fallback);
    return signal(call, context, { kind: 'db-client', library: 'jdbc', ...(system ? { system } : {}), target: target === 'dynamic' ? (system ?? 'dynamic') : target, pooled: false, detail });
  }
  if (isNew && name === 'HikariDataSource') return signal(call, context, { kind: 'db-client', library: 'hikari', target: 'dynamic', pooled: true, detail });
  if (name === 'create' && chain[0] === 'MongoClients') return signal(call, context, { kind: 'db-client', library: 'mongodb-driver', system: 'mongodb', ...targetOf(args[0] ? valueOf(args[0], context) : undefined, 'url'), pooled: true, detail });
  if (isNew && (name === 'JedisPool' || name === 'Jedis')) return signal(call, context, { kind: 'cache-client', library: 'jedis', system: 'redis', target: 'redis', pooled: name === 'JedisPool', detail });
  if (name === 'create' && chain[0] === 'RedisClient') return signal(call, context, { kind: 'cache-client', library: 'lettuce', system: 'redis', ...targetOf(args[0] ? valueOf(args[0], context) : undefined, 'url'), pooled: true, detail });

  // Messaging.
  if (receiverType === 'KafkaTemplate' && name === 'send' && args[0]) return messaging(call, context, 'produce', 'kafka', 'spring-kafka', valueOf(args[0], context), detail);
  if ((receiverType === 'RabbitTemplate' || receiverType === 'AmqpTemplate') && (name === 'convertAndSend' || name === 'send') && args[0]) {
    return messaging(call, context, 'produce', 'rabbitmq', 'spring-rabbit', valueOf(args[0], context), detail);
  }
  if (receiverType === 'JmsTemplate' && (name === 'convertAndSend' || name === 'send') && args[0]) return messaging(call, context, 'produce', 'jms', 'spring-jms', valueOf(args[0], context), detail);
  if (receiverType === 'StreamBridge' && name === 'send' && args[0]) return messaging(call, context, 'produce', 'spring-cloud-stream', 'spring-cloud-stream', valueOf(args[0], context), detail);
  if ((receiverType === 'SqsTemplate' || receiverType === 'QueueMessagingTemplate') && (name === 'send' || name === 'convertAndSend') && args[0]) return messaging(call, context, 'produce', 'sqs', 'spring-cloud-aws', valueOf(args[0], context), detail);
  if (isNew && name === 'ProducerRecord' && args[0] && has('org.apache.kafka')) return messaging(call, context, 'produce', 'kafka', 'kafka-clients', valueOf(args[0], context), detail);
  if (name === 'subscribe' && has('org.apache.kafka') && args[0]?.kind() === 'method_invocation') {
    for (const topic of callParts(args[0], 'java')?.args ?? []) messaging(call, context, 'consume', 'kafka', 'kafka-clients', valueOf(topic, context), detail);
    return;
  }
  if (has('com.rabbitmq') && (name === 'basicPublish' || name === 'basicConsume') && args[0]) {
    const exchange = valueOf(args[0], context);
    const value = name === 'basicPublish' && exchange.literal === '' && args[1] ? valueOf(args[1], context) : exchange;
    return messaging(call, context, name === 'basicPublish' ? 'produce' : 'consume', 'rabbitmq', 'amqp-client', value, detail);
  }

  // Entry points and shutdown.
  if (name === 'run' && chain[0] === 'SpringApplication') return signal(call, context, { kind: 'entry', library: 'spring-boot', detail: 'SpringApplication.run' });
  if (name === 'addShutdownHook') return signal(call, context, { kind: 'shutdown', library: 'java', detail: 'Runtime.addShutdownHook' });

  // Data access.
  if (receiverType && DB_TYPES.has(receiverType)) return signal(call, context, { kind: 'db-query', library: receiverType, detail });
  if (receiverType && CACHE_TYPES.has(receiverType)) return signal(call, context, { kind: 'db-query', library: receiverType, system: 'redis', detail });
  if (context.categories.has('database') && SQL_METHODS.has(name) && args[0]) {
    const sql = valueOf(args[0], context).literal;
    if (sql !== undefined && looksLikeSql(sql)) signal(call, context, { kind: 'db-query', library: 'jdbc', detail });
  }
}
