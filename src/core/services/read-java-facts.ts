import type { Range, SgNode } from '@ast-grep/napi';
import type { ParsedFile } from '../source/language.js';
import { callParts, type CallParts } from '../rules/support/call-parts.js';
import { literalText } from '../rules/support/string-literal.js';
import { readCall, receiverChain } from './read-call.js';
import { FactsBuilder, joinValues, looksLikeSql, systemOfScheme, targetOf, type ValueInfo } from './facts-builder.js';
import { categoriesOf, observabilityLibraries, type LibraryCategory } from './library-catalog.js';
import type { CodeSignal, FileFacts, FunctionFact, ImportFact, ParamFact, TypeFact } from './types.js';
import { nodesOfKinds } from '../source/shared-search.js';

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
const CALL_KINDS = ['method_invocation', 'object_creation_expression'];
/** One search per file finds types, methods and calls together (each search walks the whole tree): these kinds, announced before the file's analysers run. */
export const JAVA_SCAN_KINDS: readonly string[] = [...TYPE_KINDS, 'method_declaration', 'constructor_declaration', ...CALL_KINDS];
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
  for (const statement of root.namedChildren()) {
    const kind = statement.kind();
    if (kind === 'package_declaration') packageName = statement.namedChildren()[0]?.text();
    else if (kind === 'import_declaration') {
      // `import static …` (the keyword is a token of its own kind) binds members, not types.
      let isStatic = false;
      let nameNode: SgNode | undefined;
      let wildcard = false;
      for (const child of statement.children()) {
        const childKind = child.kind();
        if (childKind === 'static') isStatic = true;
        else if (childKind === 'asterisk') wildcard = true;
        else if (!nameNode && (childKind === 'scoped_identifier' || childKind === 'identifier')) nameNode = child;
      }
      if (isStatic) continue;
      const name = nameNode?.text();
      if (name) imports.push({ source: name, bindings: wildcard ? [] : [{ local: name.split('.').pop()!, imported: name.split('.').pop()! }] });
    }
  }
  const sources = imports.map((imported) => imported.source);
  const context: JavaContext = { builder: new FactsBuilder(), constants: new Map(), typed: new Map(), httpBases: new Map(), categories: categoriesOf('java', sources), sources };
  const outline: Array<{ node: SgNode; kind: string }> = [];
  const calls: Array<{ node: SgNode; kind: string }> = [];
  const scanned = nodesOfKinds(root, JAVA_SCAN_KINDS);
  for (let i = 0; i < scanned.nodes.length; i++) {
    const kind = scanned.kinds[i]!;
    (CALL_KINDS.includes(kind) ? calls : outline).push({ node: scanned.nodes[i]!, kind });
  }
  // The whole outline first: calls are attributed to methods and read against every field's type.
  const types = readOutline(outline, context);
  for (const { node: call, kind } of calls) {
    const parts = readCall(call, 'java', kind);
    if (!parts) continue;
    const receiver = parts.receiver;
    const chain = receiverChain(receiver, 'java');
    if (!parts.isNew) context.builder.addCall(call, parts.name, receiver && chain.length === 0 ? ['?'] : chain);
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

/**
 * The modifiers of a declaration. The grammar puts them first when present, so the first child
 * answers; a comment or a recovered error in front of them is searched past.
 */
function modifiersOf(node: SgNode): SgNode | undefined {
  const first = node.child(0);
  const kind = first?.kind() as string | undefined;
  if (kind === 'modifiers') return first!;
  if (kind === 'ERROR' || kind === 'line_comment' || kind === 'block_comment') return node.namedChildren().find((child) => child.kind() === 'modifiers');
  return undefined;
}

function annotationsIn(modifiers: SgNode | undefined): SgNode[] {
  if (!modifiers) return [];
  return modifiers.namedChildren().filter((child) => {
    const kind = child.kind();
    return kind === 'annotation' || kind === 'marker_annotation';
  });
}

function annotationsOf(node: SgNode): SgNode[] {
  return annotationsIn(modifiersOf(node));
}

function annotationName(annotation: SgNode): string {
  return (annotation.field('name')?.text() ?? '').split('.').pop()!;
}

/** The values of an annotation's element (`topics = {"a", "b"}`, or the single unnamed value). */
function annotationValues(annotation: SgNode, keys: readonly string[], context: JavaContext): ValueInfo[] {
  const list = annotation.field('arguments');
  if (!list) return [];
  for (const element of list.namedChildren()) {
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
  if (node.kind() === 'element_value_array_initializer') return node.namedChildren().map((child) => valueOf(child, context));
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
    const inner = node.namedChildren()[0];
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
  for (const param of method.field('parameters')?.namedChildren() ?? []) {
    const kind = param.kind();
    if (kind !== 'formal_parameter' && kind !== 'spread_parameter') continue;
    const name = param.field('name')?.text() ?? param.namedChildren().filter((child) => child.kind() === 'identifier').pop()?.text();
    const type = param.field('type')?.text();
    if (name) params.push({ name, ...(type ? { type: baseJavaType(type) } : {}) });
  }
  return params;
}

/** A type whose body the search is still inside. */
interface OpenType {
  /** Its name (the `name` field's text; undefined when missing). */
  name: string | undefined;
  start: number;
  end: number;
}

function readOutline(outline: ReadonlyArray<{ node: SgNode; kind: string }>, context: JavaContext): TypeFact[] {
  const types: TypeFact[] = [];
  const pending: Array<{ node: SgNode; kind: string; fn: FunctionFact; modifiers: SgNode | undefined; annotations: SgNode[] }> = [];
  // Types come before their members in the search's document order: the innermost open type that
  // contains a method owns it (methods of anonymous classes belong to the named type around them).
  const open: OpenType[] = [];
  for (const { node, kind } of outline) {
    const range = node.range();
    while (open.length > 0 && !(open[open.length - 1]!.start <= range.start.index && range.end.index <= open[open.length - 1]!.end)) open.pop();
    const name = node.field('name')?.text();
    if (TYPE_KINDS.includes(kind)) {
      open.push({ name, start: range.start.index, end: range.end.index });
      types.push(readType(node, kind, name ?? '', range, context));
      continue;
    }
    const owner = open[open.length - 1]?.name;
    const params = readParams(node);
    for (const param of params) if (param.type) context.typed.set(param.name, param.type);
    const modifiers = modifiersOf(node);
    const annotations = annotationsIn(modifiers);
    const fn = context.builder.addFunctionAt(range, { name: owner ? `${owner}.${name ?? ''}` : (name ?? ''), ...(owner ? { owner } : {}), params, decorators: annotations.map(annotationName) });
    pending.push({ node, kind, fn, modifiers, annotations });
  }
  // Method annotations after every field is known (constants from @Value fields).
  for (const method of pending) readMethodSignals(method, context);
  return types;
}

function readType(node: SgNode, kind: string, name: string, range: Range, context: JavaContext): TypeFact {
  const supertypes: string[] = [];
  for (const child of node.namedChildren()) {
    const childKind = child.kind();
    if (childKind === 'superclass' || childKind === 'super_interfaces' || childKind === 'extends_interfaces') {
      for (const type of child.findAll({ rule: { any: [{ kind: 'type_identifier' }, { kind: 'generic_type' }, { kind: 'scoped_type_identifier' }] } })) {
        const parentKind = type.parent()?.kind();
        if (parentKind === 'generic_type' || parentKind === 'type_arguments') continue;
        supertypes.push(baseJavaType(type.text()));
      }
    }
  }
  const fields: ParamFact[] = [];
  for (const member of node.field('body')?.namedChildren() ?? []) {
    if (member.kind() !== 'field_declaration') continue;
    const type = member.field('type')?.text();
    const annotations = annotationsOf(member);
    const annotationNames = annotations.map(annotationName);
    for (const declarator of member.namedChildren().filter((child) => child.kind() === 'variable_declarator')) {
      const fieldName = declarator.field('name')?.text();
      if (!fieldName || !type) continue;
      fields.push({ name: fieldName, type: baseJavaType(type) });
      context.typed.set(fieldName, baseJavaType(type));
      const valueAnnotation = annotations[annotationNames.indexOf('Value')];
      if (valueAnnotation) {
        const [value] = annotationValues(valueAnnotation, ['value'], context);
        if (value) context.constants.set(fieldName, value);
      }
      const initial = declarator.field('value');
      if (initial) {
        const value = valueOf(initial, context);
        if (value.literal !== undefined || value.env || value.config) context.constants.set(fieldName, value);
      }
      const grpcClient = annotations[annotationNames.indexOf('GrpcClient')];
      if (grpcClient) {
        const stubType = type.split('.').length > 1 ? type.split('.')[type.split('.').length - 2]! : type;
        context.builder.signal(grpcClient, { kind: 'grpc-client', library: 'grpc-spring-boot-starter', system: 'grpc', target: stubType.replace(/Grpc$/, ''), detail: '@GrpcClient' });
      }
    }
  }
  const annotations = annotationsOf(node);
  const decorators = annotations.map(annotationName);
  const fact: TypeFact = { name, kind: kind === 'interface_declaration' ? 'interface' : 'class', startLine: range.start.line + 1, endLine: range.end.line + 1, fields, supertypes, decorators };
  for (const [i, annotation] of annotations.entries()) {
    const annotationType = decorators[i]!;
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

function readMethodSignals(method: { node: SgNode; kind: string; fn: FunctionFact; modifiers: SgNode | undefined; annotations: SgNode[] }, context: JavaContext): void {
  const { node, kind, fn } = method;
  method.annotations.forEach((annotation, i) => {
    // The function's decorators are these annotations' names, in order.
    const name = fn.decorators[i]!;
    if (LISTENERS[name]) listenerSignal(annotation, name, context, fn);
    else if (name === 'Scheduled') context.builder.signal(annotation, { kind: 'schedule', library: 'spring', detail: '@Scheduled' }, fn);
    else if (name === 'PreDestroy') context.builder.signal(annotation, { kind: 'shutdown', library: 'jakarta.annotation', detail: '@PreDestroy' }, fn);
  });
  if (kind !== 'method_declaration' || !fn.name.endsWith('.main')) return;
  const modifiers = method.modifiers?.text() ?? '';
  if (modifiers.includes('static') && modifiers.includes('public')) {
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
  // Arguments are read on first use: most calls are rejected by name or receiver type first.
  const { name, isNew } = parts;
  const last = chain[chain.length - 1];
  const receiverType = last !== undefined ? context.typed.get(last) : undefined;
  const detail = isNew ? `new ${name}` : chain.length ? `${chain.join('.')}.${name}` : name;
  const has = (...prefixes: string[]): boolean => context.sources.some((source) => prefixes.some((prefix) => source.startsWith(prefix)));

  // Outbound HTTP.
  if (receiverType === 'RestTemplate' && REST_TEMPLATE_METHODS.has(name) && parts.args[0]) return httpCall(call, context, 'RestTemplate', valueOf(parts.args[0], context), detail);
  if ((name === 'create' && (chain[0] === 'WebClient' || chain[0] === 'RestClient')) || name === 'baseUrl') {
    const stored = assignedName(call);
    if (stored) context.httpBases.set(stored, parts.args[0] ? valueOf(parts.args[0], context) : undefined);
    return;
  }
  if (name === 'uri' && parts.args[0]) {
    const root = chainRoot(parts.receiver);
    const type = root ? context.typed.get(root) : undefined;
    if (root && (context.httpBases.has(root) || type === 'WebClient' || type === 'RestClient')) {
      const value = valueOf(parts.args[0], context);
      const absolute = value.literal && /^[a-z]+:\/\//i.test(value.literal);
      return httpCall(call, context, type ?? 'WebClient', absolute || value.env || value.config ? value : (context.httpBases.get(root) ?? value), `${root}…uri`);
    }
    if (chain[0] === 'HttpRequest' || has('java.net.http')) return httpCall(call, context, 'java.net.http', valueOf(parts.args[0], context), 'HttpRequest.uri');
  }
  if (name === 'create' && chain[0] === 'URI' && has('java.net.http') && parts.args[0]) return httpCall(call, context, 'java.net.http', valueOf(parts.args[0], context), 'URI.create');
  if (name === 'url' && has('okhttp3') && parts.args[0]) return httpCall(call, context, 'okhttp', valueOf(parts.args[0], context), 'Request.Builder.url');

  // gRPC.
  if ((name === 'forAddress' || name === 'forTarget') && chain[0]?.endsWith('ChannelBuilder') && parts.args[0]) {
    context.grpcAddress = name === 'forAddress' && parts.args[1] ? joinValues([valueOf(parts.args[0], context), { literal: ':' }, valueOf(parts.args[1], context)]) : valueOf(parts.args[0], context);
    return;
  }
  if ((name === 'newBlockingStub' || name === 'newStub' || name === 'newFutureStub') && chain.length === 1 && chain[0]!.endsWith('Grpc')) {
    const address = context.grpcAddress ? targetOf(context.grpcAddress, 'url').target : undefined;
    return signal(call, context, { kind: 'grpc-client', library: 'grpc-java', system: 'grpc', target: chain[0]!.slice(0, -4), ...(address && address !== 'dynamic' ? { fallback: address } : {}), detail });
  }

  // Database and cache clients.
  if (name === 'getConnection' && chain[0] === 'DriverManager' && parts.args[0]) {
    const value = valueOf(parts.args[0], context);
    const { target, fallback } = targetOf(value, 'url');
    const system = systemOfScheme(value.literal ?? fallback);
    return signal(call, context, { kind: 'db-client', library: 'jdbc', ...(system ? { system } : {}), target: target === 'dynamic' ? (system ?? 'dynamic') : target, pooled: false, detail });
  }
  if (isNew && name === 'HikariDataSource') return signal(call, context, { kind: 'db-client', library: 'hikari', target: 'dynamic', pooled: true, detail });
  if (name === 'create' && chain[0] === 'MongoClients') return signal(call, context, { kind: 'db-client', library: 'mongodb-driver', system: 'mongodb', ...targetOf(parts.args[0] ? valueOf(parts.args[0], context) : undefined, 'url'), pooled: true, detail });
  if (isNew && (name === 'JedisPool' || name === 'Jedis')) return signal(call, context, { kind: 'cache-client', library: 'jedis', system: 'redis', target: 'redis', pooled: name === 'JedisPool', detail });
  if (name === 'create' && chain[0] === 'RedisClient') return signal(call, context, { kind: 'cache-client', library: 'lettuce', system: 'redis', ...targetOf(parts.args[0] ? valueOf(parts.args[0], context) : undefined, 'url'), pooled: true, detail });

  // Messaging.
  if (receiverType === 'KafkaTemplate' && name === 'send' && parts.args[0]) return messaging(call, context, 'produce', 'kafka', 'spring-kafka', valueOf(parts.args[0], context), detail);
  if ((receiverType === 'RabbitTemplate' || receiverType === 'AmqpTemplate') && (name === 'convertAndSend' || name === 'send') && parts.args[0]) {
    return messaging(call, context, 'produce', 'rabbitmq', 'spring-rabbit', valueOf(parts.args[0], context), detail);
  }
  if (receiverType === 'JmsTemplate' && (name === 'convertAndSend' || name === 'send') && parts.args[0]) return messaging(call, context, 'produce', 'jms', 'spring-jms', valueOf(parts.args[0], context), detail);
  if (receiverType === 'StreamBridge' && name === 'send' && parts.args[0]) return messaging(call, context, 'produce', 'spring-cloud-stream', 'spring-cloud-stream', valueOf(parts.args[0], context), detail);
  if ((receiverType === 'SqsTemplate' || receiverType === 'QueueMessagingTemplate') && (name === 'send' || name === 'convertAndSend') && parts.args[0]) return messaging(call, context, 'produce', 'sqs', 'spring-cloud-aws', valueOf(parts.args[0], context), detail);
  if (isNew && name === 'ProducerRecord' && parts.args[0] && has('org.apache.kafka')) return messaging(call, context, 'produce', 'kafka', 'kafka-clients', valueOf(parts.args[0], context), detail);
  if (name === 'subscribe' && has('org.apache.kafka') && parts.args[0]?.kind() === 'method_invocation') {
    for (const topic of callParts(parts.args[0], 'java')?.args ?? []) messaging(call, context, 'consume', 'kafka', 'kafka-clients', valueOf(topic, context), detail);
    return;
  }
  if (has('com.rabbitmq') && (name === 'basicPublish' || name === 'basicConsume') && parts.args[0]) {
    const exchange = valueOf(parts.args[0], context);
    const value = name === 'basicPublish' && exchange.literal === '' && parts.args[1] ? valueOf(parts.args[1], context) : exchange;
    return messaging(call, context, name === 'basicPublish' ? 'produce' : 'consume', 'rabbitmq', 'amqp-client', value, detail);
  }

  // Entry points and shutdown.
  if (name === 'run' && chain[0] === 'SpringApplication') return signal(call, context, { kind: 'entry', library: 'spring-boot', detail: 'SpringApplication.run' });
  if (name === 'addShutdownHook') return signal(call, context, { kind: 'shutdown', library: 'java', detail: 'Runtime.addShutdownHook' });

  // Data access.
  if (receiverType && DB_TYPES.has(receiverType)) return signal(call, context, { kind: 'db-query', library: receiverType, detail });
  if (receiverType && CACHE_TYPES.has(receiverType)) return signal(call, context, { kind: 'db-query', library: receiverType, system: 'redis', detail });
  if (context.categories.has('database') && SQL_METHODS.has(name) && parts.args[0]) {
    const sql = valueOf(parts.args[0], context).literal;
    if (sql !== undefined && looksLikeSql(sql)) signal(call, context, { kind: 'db-query', library: 'jdbc', detail });
  }
}
