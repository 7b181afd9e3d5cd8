import type { SgNode } from '@ast-grep/napi';
import type { ParsedFile } from '../source/language.js';
import { callParts, keywordArgument, receiverNames } from '../rules/support/call-parts.js';
import { literalText } from '../rules/support/string-literal.js';
import { readCall, receiverChain, type ReadCallParts } from './read-call.js';
import { FactsBuilder, joinValues, looksLikeSql, systemOfScheme, targetOf, type ValueInfo } from './facts-builder.js';
import { categoriesOf, observabilityLibraries, type LibraryCategory } from './library-catalog.js';
import type { CodeSignal, FileFacts, ImportFact, ParamFact, TypeFact } from './types.js';
import { nodesOfKinds } from '../source/shared-search.js';

interface PyClient {
  kind: 'http' | 'db' | 'cache' | 'kafka';
  library: string;
  system?: string;
  base?: ValueInfo;
}

interface PyContext {
  builder: FactsBuilder;
  modules: Map<string, string>;
  constants: Map<string, ValueInfo>;
  clients: Map<string, PyClient>;
  categories: Set<LibraryCategory>;
  sources: string[];
  grpcAddress?: ValueInfo;
  /** The first imported database library (read once per file, on first use; null: none). */
  dbLibrary?: string | null;
  /** Every dotted prefix of every import (`a.b.c` → a, a.b, a.b.c), built on first use. */
  importPrefixes?: Set<string>;
}

/** A node with its kind, read once (every `kind()` crosses into native code). */
interface KindedNode {
  node: SgNode;
  kind: string;
}

/** One search per file finds the outline and the calls together (each search walks the whole tree). */
/** The node kinds `readPythonFacts` searches a file for (announced before the file's analysers run). */
export const PYTHON_SCAN_KINDS: readonly string[] = ['function_definition', 'class_definition', 'call'];

const HTTP_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'stream']);
const DB_METHODS = new Set([
  'execute', 'executemany', 'fetch', 'fetchrow', 'fetchval', 'fetchall', 'fetchone', 'query', 'add', 'add_all', 'merge', 'delete', 'commit', 'scalars', 'scalar', 'get',
  'filter', 'filter_by', 'find', 'find_one', 'insert_one', 'insert_many', 'update_one', 'update_many', 'delete_one', 'delete_many', 'aggregate', 'cursor', 'exec', 'refresh', 'flush',
]);
const DB_RECEIVERS = new Set(['session', 'db', 'cursor', 'cur', 'conn', 'connection', 'engine', 'collection', 'tx']);
const ORM_BASES = new Set(['Base', 'DeclarativeBase', 'Model', 'SQLModel', 'Document', 'db.Model', 'models.Model', 'AbstractBaseUser', 'BaseModel_orm']);
const PY_CLIENT_TYPES: Record<string, PyClient> = {
  Session: { kind: 'db', library: 'sqlalchemy' },
  AsyncSession: { kind: 'db', library: 'sqlalchemy' },
  Engine: { kind: 'db', library: 'sqlalchemy' },
  Connection: { kind: 'db', library: 'sqlalchemy' },
  Redis: { kind: 'cache', library: 'redis', system: 'redis' },
  AsyncClient: { kind: 'http', library: 'httpx' },
  Client: { kind: 'http', library: 'httpx' },
  ClientSession: { kind: 'http', library: 'aiohttp' },
};

/** Reads one Python file's imports, functions, classes, calls and service signals. */
export function readPythonFacts(file: ParsedFile): FileFacts {
  const root = file.root;
  const statements = root.namedChildren().map((node) => ({ node, kind: node.kind() as string }));
  const imports = readPythonImports(statements);
  const modules = new Map<string, string>();
  for (const imported of imports) for (const binding of imported.fact.bindings) modules.set(binding.local, imported.imported(binding));
  const sources = imports.map((imported) => imported.fact.source);
  const context: PyContext = { builder: new FactsBuilder(), modules, constants: new Map(), clients: new Map(), categories: categoriesOf('python', sources), sources };
  const instances: FileFacts['instances'] = [];
  readModuleStatements(statements, context, instances);
  const outline: KindedNode[] = [];
  const calls: SgNode[] = [];
  const scanned = nodesOfKinds(root, PYTHON_SCAN_KINDS);
  for (let i = 0; i < scanned.nodes.length; i++) {
    const kind = scanned.kinds[i]!;
    if (kind === 'call') calls.push(scanned.nodes[i]!);
    else outline.push({ node: scanned.nodes[i]!, kind });
  }
  // The whole outline first: calls are attributed to functions and read against the clients that
  // typed parameters and `__init__` fields declare anywhere in the file.
  const types = readOutline(outline, context);
  for (const call of calls) {
    const parts = readCall(call, 'python', 'call');
    if (!parts) continue;
    const chain = parts.chain ?? receiverChain(parts.receiver, 'python');
    context.builder.addCall(call, parts.name, chain.length === 0 && parts.receiver ? ['?'] : chain);
    detectPythonCall(call, parts, chain, context);
  }
  return {
    path: file.path,
    family: 'python',
    imports: imports.map((imported) => imported.fact),
    functions: context.builder.functions(),
    types,
    signals: context.builder.signals,
    logging: observabilityLibraries('python', sources, 'logging'),
    metrics: observabilityLibraries('python', sources, 'metrics'),
    instances,
  };
}

interface PyImport {
  fact: ImportFact;
  /** Module a binding stands for (`from psycopg2 import pool` → `psycopg2.pool`). */
  imported(binding: { local: string; imported: string }): string;
}

function readPythonImports(statements: readonly KindedNode[]): PyImport[] {
  const imports: PyImport[] = [];
  for (const { node: statement, kind } of statements) {
    if (kind === 'import_statement') {
      for (const name of statement.namedChildren()) {
        const nameKind = name.kind();
        if (nameKind === 'dotted_name') {
          const source = name.text();
          imports.push({ fact: { source, bindings: [{ local: source.split('.')[0]!, imported: '*' }] }, imported: () => source.split('.')[0]! });
        } else if (nameKind === 'aliased_import') {
          const source = name.field('name')?.text() ?? '';
          const alias = name.field('alias')?.text() ?? source;
          imports.push({ fact: { source, bindings: [{ local: alias, imported: '*' }] }, imported: () => source });
        }
      }
    } else if (kind === 'import_from_statement') {
      const source = statement.field('module_name')?.text();
      if (!source) continue;
      const bindings: ImportFact['bindings'] = [];
      for (const name of statement.fieldChildren('name')) {
        if (name.kind() === 'aliased_import') bindings.push({ local: name.field('alias')?.text() ?? '', imported: name.field('name')?.text() ?? '' });
        else {
          const text = name.text();
          bindings.push({ local: text, imported: text });
        }
      }
      imports.push({ fact: { source, bindings }, imported: (binding) => `${source}.${binding.imported}` });
    }
  }
  return imports;
}

/** Module-level constants, instances, `if __name__ == '__main__'` and celery beat schedules. */
function readModuleStatements(statements: readonly KindedNode[], context: PyContext, instances: FileFacts['instances']): void {
  for (const { node: statement, kind } of statements) {
    if (kind === 'if_statement') {
      const condition = statement.field('condition');
      if (condition?.kind() === 'comparison_operator' && condition.text().replace(/['"\s]/g, '') === '__name__==__main__') {
        context.builder.signal(statement, { kind: 'entry', library: 'python', detail: "if __name__ == '__main__'" });
      }
      continue;
    }
    if (kind !== 'expression_statement') continue;
    const assignment = statement.namedChildren().find((child) => child.kind() === 'assignment');
    const left = assignment?.field('left');
    if (!assignment || !left) continue;
    const leftText = left.text();
    if (leftText.endsWith('beat_schedule')) context.builder.signal(assignment, { kind: 'schedule', library: 'celery', detail: 'beat_schedule' });
    if (left.kind() !== 'identifier') continue;
    const right = assignment.field('right');
    if (!right) continue;
    const rightKind = right.kind() as string;
    const value = valueOf(right, context, rightKind);
    if (value.env || value.config || value.literal !== undefined) context.constants.set(leftText, value);
    if (rightKind === 'call') {
      const callee = right.field('function');
      const name = callee ? callee.text().split('.').pop()! : '';
      if (/^[A-Z]/.test(name)) instances.push({ name: leftText, type: name });
    }
  }
}

function valueOf(node: SgNode, context: PyContext, kind: string = node.kind() as string): ValueInfo {
  if (kind === 'string' || kind === 'concatenated_string') {
    const plain = literalText(node, 'python');
    if (plain !== undefined) return { literal: plain };
    const parts: ValueInfo[] = [];
    for (const child of node.children()) {
      if (child.kind() === 'string_content' || child.kind() === 'escape_sequence') parts.push({ literal: child.text() });
      else if (child.kind() === 'interpolation') {
        const inner = child.field('expression') ?? child.namedChildren()[0];
        parts.push(inner ? valueOf(inner, context) : { dynamic: true });
      }
    }
    return parts.length === 0 ? { literal: '' } : joinValues(parts);
  }
  if (kind === 'identifier') return context.constants.get(node.text()) ?? localValue(node, context) ?? { dynamic: true };
  if (kind === 'parenthesized_expression') {
    const inner = node.namedChildren()[0];
    return inner ? valueOf(inner, context) : { dynamic: true };
  }
  if (kind === 'subscript' && node.field('value')?.text() === 'os.environ') {
    const key = node.field('subscript');
    const name = key ? literalText(key, 'python') : undefined;
    return name ? { env: name } : { dynamic: true };
  }
  if (kind === 'attribute' && node.field('object')?.text() === 'settings') return { config: node.field('attribute')?.text() ?? '' };
  if (kind === 'call') {
    const parts = callParts(node, 'python');
    // Only these calls read the environment: the receiver and arguments are read for them alone.
    if (!parts || (parts.name !== 'getenv' && parts.name !== 'get' && parts.name !== 'config' && parts.name !== 'env')) return { dynamic: true };
    const receiver = parts.receiver?.text();
    const first = parts.args[0] ? literalText(parts.args[0], 'python') : undefined;
    const isEnvRead = first && (parts.name === 'getenv' || (parts.name === 'get' && receiver === 'os.environ') || ((parts.name === 'config' || parts.name === 'env') && !receiver && /^[A-Z][A-Z0-9_]*$/.test(first)));
    if (isEnvRead) {
      const fallback = parts.args[1] ? valueOf(parts.args[1], context) : undefined;
      return { env: first, ...(fallback?.literal !== undefined ? { literal: fallback.literal } : {}) };
    }
    return { dynamic: true };
  }
  if (kind === 'binary_operator' && node.field('operator')?.text() === '+') {
    const left = node.field('left');
    const right = node.field('right');
    return left && right ? joinValues([valueOf(left, context), valueOf(right, context)]) : { dynamic: true };
  }
  if (kind === 'boolean_operator') {
    const left = node.field('left');
    const right = node.field('right');
    const first = left ? valueOf(left, context) : { dynamic: true };
    const second = right ? valueOf(right, context) : undefined;
    return { ...first, ...(first.literal === undefined && second?.literal !== undefined ? { literal: second.literal } : {}) };
  }
  return { dynamic: true };
}

/** `url = f"{BASE}/x"` earlier in the same function: the value of a local variable (first assignment). */
function localValue(identifier: SgNode, context: PyContext): ValueInfo | undefined {
  let body: SgNode | null = identifier.parent();
  while (body && body.kind() !== 'function_definition') body = body.parent();
  if (!body) return undefined;
  const before = identifier.range().start.index;
  for (const assignment of body.findAll({ rule: { kind: 'assignment' } })) {
    if (assignment.range().start.index >= before) break;
    // A declaration that contains the identifier (`url = url + '/x'`) would read itself.
    if (assignment.range().end.index > before) continue;
    const left = assignment.field('left');
    const right = assignment.field('right');
    if (left?.kind() === 'identifier' && left.text() === identifier.text() && right) return valueOf(right, context);
  }
  return undefined;
}

function decoratorName(decorator: SgNode): string {
  const inner = decorator.namedChildren()[0];
  if (!inner) return '';
  return inner.kind() === 'call' ? (inner.field('function')?.text() ?? '') : inner.text();
}

function decoratorsOf(definition: SgNode): SgNode[] {
  const parent = definition.parent();
  return parent?.kind() === 'decorated_definition' ? parent.namedChildren().filter((child) => child.kind() === 'decorator') : [];
}

function typeName(type: SgNode | null): string | undefined {
  if (!type) return undefined;
  const text = type.text();
  // Annotated[Session, Depends(get_db)] and Optional[X]: the first argument is the type.
  const inner = /^(?:Annotated|Optional)\[\s*([\w.]+)/.exec(text);
  return inner ? inner[1] : text;
}

function readParams(fn: SgNode): ParamFact[] {
  const params: ParamFact[] = [];
  for (const param of fn.field('parameters')?.namedChildren() ?? []) {
    const kind = param.kind();
    if (kind === 'identifier') params.push({ name: param.text() });
    else if (kind === 'typed_parameter') {
      const name = param.namedChildren().find((child) => child.kind() === 'identifier');
      const type = typeName(param.field('type'));
      if (name) params.push({ name: name.text(), ...(type ? { type } : {}) });
    } else if (kind === 'default_parameter' || kind === 'typed_default_parameter') {
      const name = param.field('name')?.text();
      const type = typeName(param.field('type'));
      if (name) params.push({ name, ...(type ? { type } : {}) });
    }
  }
  return params;
}

/** A class or function of the outline whose body the search is still inside. */
interface OpenDefinition {
  kind: string;
  /** The class name (read from the `name` field: possibly empty). */
  name: string;
  start: number;
  end: number;
}

function readOutline(outline: readonly KindedNode[], context: PyContext): TypeFact[] {
  const types: TypeFact[] = [];
  // The search lists definitions in document order, outer before inner: the innermost open one of
  // the enclosing definitions tells whether a function is a method (directly in a class body).
  const open: OpenDefinition[] = [];
  for (const { node, kind } of outline) {
    const range = node.range();
    while (open.length > 0 && !(open[open.length - 1]!.start <= range.start.index && range.end.index <= open[open.length - 1]!.end)) open.pop();
    const enclosing = open[open.length - 1];
    const name = node.field('name')?.text() ?? '';
    open.push({ kind, name, start: range.start.index, end: range.end.index });
    const decorators = decoratorsOf(node);
    if (kind === 'class_definition') {
      const supertypes = (node.field('superclasses')?.namedChildren() ?? []).filter((child) => child.kind() !== 'keyword_argument').map((child) => child.text());
      const fields: ParamFact[] = [];
      for (const statement of node.field('body')?.namedChildren() ?? []) {
        const assignment = statement.kind() === 'expression_statement' ? statement.namedChildren().find((child) => child.kind() === 'assignment') : undefined;
        const left = assignment?.field('left');
        const type = typeName(assignment?.field('type') ?? null);
        if (left?.kind() === 'identifier' && type) fields.push({ name: left.text(), type });
      }
      const fact: TypeFact = { name, kind: 'class', startLine: range.start.line + 1, endLine: range.end.line + 1, fields, supertypes: supertypes.map((s) => s.split('.').pop()!), decorators: decorators.map(decoratorName) };
      types.push(fact);
      if (supertypes.some((s) => ORM_BASES.has(s) || ORM_BASES.has(s.split('.').pop()!)) && context.categories.has('database')) {
        context.builder.signal(node, { kind: 'data-model', library: databaseLibrary(context) ?? 'orm', detail: `class ${name}(${supertypes.join(', ')})` });
      }
      continue;
    }
    const owner = enclosing?.kind === 'class_definition' ? enclosing.name : undefined;
    const params = readParams(node);
    const decoratorNames = decorators.map(decoratorName);
    const fact = context.builder.addFunctionAt(range, { name: owner ? `${owner}.${name}` : name, ...(owner ? { owner } : {}), params, decorators: decoratorNames });
    for (const param of params) if (param.type) seedClient(param.name, param.type, context);
    if (owner && name === '__init__') readInitFields(node, params, types.find((type) => type.name === owner), context);
    decorators.forEach((decorator, i) => readDecoratorSignal(decorator, decoratorNames[i]!, name, fact, context));
  }
  return types;
}

/** `self.repo = repo` (typed parameter) and `self.client = httpx.Client(…)` in `__init__`. */
function readInitFields(fn: SgNode, params: ParamFact[], owner: TypeFact | undefined, context: PyContext): void {
  if (!owner) return;
  for (const statement of fn.field('body')?.namedChildren() ?? []) {
    const assignment = statement.kind() === 'expression_statement' ? statement.namedChildren().find((child) => child.kind() === 'assignment') : undefined;
    const left = assignment?.field('left');
    const right = assignment?.field('right');
    if (!left || !right || left.kind() !== 'attribute' || left.field('object')?.text() !== 'self') continue;
    const field = left.field('attribute')?.text();
    if (!field) continue;
    if (right.kind() === 'identifier') {
      const type = params.find((param) => param.name === right.text())?.type;
      if (type) {
        owner.fields.push({ name: field, type });
        seedClient(field, type, context);
      }
    } else if (right.kind() === 'call') {
      const callee = right.field('function')?.text().split('.').pop() ?? '';
      if (/^[A-Z]/.test(callee)) owner.fields.push({ name: field, type: callee });
    }
  }
}

function seedClient(name: string, type: string, context: PyContext): void {
  const client = PY_CLIENT_TYPES[type.split('.').pop()!];
  if (client && !context.clients.has(name)) context.clients.set(name, client);
}

function readDecoratorSignal(decorator: SgNode, name: string, functionName: string, fn: ReturnType<FactsBuilder['addFunction']>, context: PyContext): void {
  const last = name.split('.').pop() ?? '';
  // The decorator's arguments, read only for the decorators that need them.
  let args: SgNode[] | undefined;
  const decoratorArgs = (): SgNode[] => {
    if (args) return args;
    const call = decorator.namedChildren().find((child) => child.kind() === 'call');
    return (args = call ? (call.field('arguments')?.namedChildren() ?? []) : []);
  };
  if ((last === 'task' || name === 'shared_task') && (context.sources.some((source) => source.startsWith('celery')) || name === 'shared_task' || /celery/i.test(name))) {
    const explicit = keywordArgument(decoratorArgs(), 'name');
    const target = explicit ? (literalText(explicit, 'python') ?? functionName) : functionName;
    context.builder.signal(decorator, { kind: 'consume', library: 'celery', system: 'celery', target, detail: `@${name}` }, fn);
  } else if (last === 'periodic_task') {
    context.builder.signal(decorator, { kind: 'schedule', library: 'celery', detail: `@${name}` }, fn);
  } else if (last === 'scheduled_job') {
    context.builder.signal(decorator, { kind: 'schedule', library: 'apscheduler', detail: `@${name}` }, fn);
  } else if (last === 'actor' && context.sources.includes('dramatiq')) {
    context.builder.signal(decorator, { kind: 'consume', library: 'dramatiq', system: 'dramatiq', target: functionName, detail: '@dramatiq.actor' }, fn);
  } else if (last === 'on_event' && decoratorArgs()[0] && literalText(decoratorArgs()[0]!, 'python') === 'shutdown') {
    context.builder.signal(decorator, { kind: 'shutdown', library: 'fastapi', detail: "@app.on_event('shutdown')" }, fn);
  }
}

function assignedName(call: SgNode): string | undefined {
  let node: SgNode | null = call.parent();
  while (node && (node.kind() === 'await' || node.kind() === 'parenthesized_expression')) node = node.parent();
  if (!node) return undefined;
  if (node.kind() === 'assignment') {
    const left = node.field('left');
    const chain = left ? receiverNames(left, 'python') : [];
    return chain[chain.length - 1];
  }
  if (node.kind() === 'as_pattern') return node.children().find((child) => child.kind() === 'as_pattern_target')?.text();
  return undefined;
}

function moduleOf(context: PyContext, name: string | undefined): string | undefined {
  return name === undefined ? undefined : context.modules.get(name);
}

function signal(call: SgNode, context: PyContext, fields: Omit<CodeSignal, 'line' | 'function'>): void {
  context.builder.signal(call, fields);
}

function messaging(call: SgNode, context: PyContext, direction: 'produce' | 'consume', system: string, library: string, value: ValueInfo | undefined, detail: string): void {
  const { target, fallback } = targetOf(value, 'name');
  signal(call, context, { kind: direction, library, system, target, ...(fallback ? { fallback } : {}), detail });
}

function detectPythonCall(call: SgNode, parts: ReadCallParts, chain: string[], context: PyContext): void {
  const hasReceiver = parts.chain ? parts.chain.length > 0 : parts.receiver !== undefined;
  const { name } = parts;
  let positionalArgs: SgNode[] | undefined;
  const positional = (): SgNode[] => (positionalArgs ??= parts.args.filter((arg) => arg.kind() !== 'keyword_argument'));
  const rootName = chain[0] ?? name;
  const module = moduleOf(context, rootName) ?? '';
  const top = module.split('.')[0]!;
  const last = chain[chain.length - 1];
  const client = last !== undefined ? context.clients.get(last) : undefined;
  const detail = chain.length ? `${chain.join('.')}.${name}` : name;
  const has = (...modules: string[]): boolean => importsAny(context, modules);

  // Outbound HTTP.
  if ((top === 'requests' || top === 'httpx') && chain.length === 1 && HTTP_VERBS.has(name)) {
    const url = positional()[name === 'request' ? 1 : 0] ?? keywordArgument(parts.args, 'url');
    return httpCall(call, context, top, url ? valueOf(url, context) : undefined, detail);
  }
  if ((name === 'Client' || name === 'AsyncClient') && top === 'httpx' || name === 'Session' && top === 'requests' || name === 'ClientSession' && top === 'aiohttp') {
    const base = keywordArgument(parts.args, 'base_url');
    const stored = assignedName(call);
    if (stored) context.clients.set(stored, { kind: 'http', library: top, ...(base ? { base: valueOf(base, context) } : {}) });
    return;
  }
  if (client?.kind === 'http' && HTTP_VERBS.has(name)) {
    const url = positional()[name === 'request' ? 1 : 0] ?? keywordArgument(parts.args, 'url');
    const value = url ? valueOf(url, context) : undefined;
    const absolute = value?.literal && /^[a-z]+:\/\//i.test(value.literal);
    return httpCall(call, context, client.library, absolute || value?.env ? value : (client.base ?? value), detail);
  }
  if (name === 'urlopen' && (top === 'urllib' || module.startsWith('urllib'))) return httpCall(call, context, 'urllib', positional()[0] ? valueOf(positional()[0]!, context) : undefined, detail);

  // gRPC.
  if ((name === 'insecure_channel' || name === 'secure_channel') && top === 'grpc') {
    context.grpcAddress = positional()[0] ? valueOf(positional()[0]!, context) : undefined;
    return;
  }
  if (name.endsWith('Stub') && name.length > 4 && (module.endsWith('_pb2_grpc') || has('grpc'))) {
    const address = context.grpcAddress ? targetOf(context.grpcAddress, 'url').target : undefined;
    return signal(call, context, { kind: 'grpc-client', library: 'grpcio', system: 'grpc', target: name.slice(0, -4), ...(address && address !== 'dynamic' ? { fallback: address } : {}), detail: name });
  }

  // Database and cache clients.
  const creation = pythonClientCreation(name, module, top);
  if (creation) {
    const first = positional()[0] ?? keywordArgument(parts.args, 'dsn') ?? keywordArgument(parts.args, 'url') ?? keywordArgument(parts.args, 'host');
    const value = first ? valueOf(first, context) : undefined;
    const { target, fallback } = targetOf(value, 'url');
    const system = creation.system ?? systemOfScheme(value?.literal ?? fallback);
    const stored = assignedName(call);
    if (stored) context.clients.set(stored, { kind: creation.kind === 'cache-client' ? 'cache' : 'db', library: creation.library, ...(system ? { system } : {}) });
    return signal(call, context, { kind: creation.kind, library: creation.library, ...(system ? { system } : {}), target: target === 'dynamic' ? (system ?? 'dynamic') : target, ...(fallback ? { fallback } : {}), pooled: creation.pooled, detail });
  }

  // Messaging.
  if (has('kafka', 'confluent_kafka', 'aiokafka')) {
    if ((name === 'KafkaConsumer' || name === 'AIOKafkaConsumer') && positional().length > 0) {
      for (const topic of positional()) if (literalText(topic, 'python') !== undefined) messaging(call, context, 'consume', 'kafka', top || 'kafka', valueOf(topic, context), name);
      return;
    }
    if ((name === 'send' || name === 'send_and_wait' || name === 'produce') && hasReceiver && positional()[0]) {
      return messaging(call, context, 'produce', 'kafka', has('confluent_kafka') ? 'confluent_kafka' : has('aiokafka') ? 'aiokafka' : 'kafka-python', valueOf(positional()[0]!, context), detail);
    }
    if (name === 'subscribe' && hasReceiver) {
      const topics = positional()[0] ?? keywordArgument(parts.args, 'topics');
      for (const topic of topics?.kind() === 'list' ? topics.children().filter((c) => c.isNamed()) : topics ? [topics] : []) {
        messaging(call, context, 'consume', 'kafka', has('confluent_kafka') ? 'confluent_kafka' : 'kafka-python', valueOf(topic, context), detail);
      }
      return;
    }
  }
  if (has('pika', 'aio_pika')) {
    if (name === 'basic_publish' || (name === 'publish' && has('aio_pika'))) {
      const exchange = keywordArgument(parts.args, 'exchange');
      const key = keywordArgument(parts.args, 'routing_key');
      const exchangeName = exchange ? literalText(exchange, 'python') : undefined;
      const target = exchangeName ? valueOf(exchange!, context) : key ? valueOf(key, context) : undefined;
      return messaging(call, context, 'produce', 'rabbitmq', has('pika') ? 'pika' : 'aio_pika', target, detail);
    }
    if (name === 'basic_consume') {
      const queue = keywordArgument(parts.args, 'queue') ?? positional()[0];
      return messaging(call, context, 'consume', 'rabbitmq', 'pika', queue ? valueOf(queue, context) : undefined, detail);
    }
  }
  if (hasReceiver && (name === 'delay' || name === 'apply_async') && chain.length === 1) {
    return messaging(call, context, 'produce', 'celery', 'celery', { literal: chain[0]! }, detail);
  }
  if (name === 'send_task' && positional()[0]) return messaging(call, context, 'produce', 'celery', 'celery', valueOf(positional()[0]!, context), detail);
  if (has('boto3', 'aiobotocore') && (name === 'send_message' || name === 'send_message_batch' || name === 'receive_message')) {
    const queue = keywordArgument(parts.args, 'QueueUrl');
    return messaging(call, context, name === 'receive_message' ? 'consume' : 'produce', 'sqs', 'boto3', queue ? valueOf(queue, context) : undefined, detail);
  }
  if (has('nats') && hasReceiver && positional()[0] && (name === 'publish' || name === 'subscribe' || name === 'request')) {
    return messaging(call, context, name === 'subscribe' ? 'consume' : 'produce', 'nats', 'nats', valueOf(positional()[0]!, context), detail);
  }
  if ((client?.kind === 'cache' || has('redis')) && hasReceiver && (name === 'xadd' || name === 'xread' || name === 'xreadgroup')) {
    const produce = name === 'xadd';
    const streams = produce ? positional()[0] : (positional().find((arg) => arg.kind() === 'dictionary') ?? keywordArgument(parts.args, 'streams'));
    const key = produce ? streams : streams?.children().find((child) => child.kind() === 'pair')?.field('key');
    return messaging(call, context, produce ? 'produce' : 'consume', 'redis-streams', 'redis', key ? valueOf(key, context) : undefined, detail);
  }

  // Scheduled jobs.
  if (name === 'add_job' && has('apscheduler')) return signal(call, context, { kind: 'schedule', library: 'apscheduler', detail });
  if (name === 'do' && chain[0] === 'schedule' && has('schedule')) return signal(call, context, { kind: 'schedule', library: 'schedule', detail: 'schedule.every().do' });
  if (name === 'do' && hasReceiver && has('schedule') && !!parts.receiver?.text().startsWith('schedule.every')) return signal(call, context, { kind: 'schedule', library: 'schedule', detail: 'schedule.every().do' });

  // Entry points and shutdown.
  if (name === 'run' && (top === 'uvicorn' || rootName === 'uvicorn')) return signal(call, context, { kind: 'entry', library: 'uvicorn', detail: 'uvicorn.run' });
  if (name === 'run' && hasReceiver && has('flask') && chain.length === 1) return signal(call, context, { kind: 'entry', library: 'flask', detail });
  if (name === 'run_app' && has('aiohttp')) return signal(call, context, { kind: 'entry', library: 'aiohttp', detail });
  if (name === 'serve' && moduleOf(context, name)?.startsWith('waitress')) return signal(call, context, { kind: 'entry', library: 'waitress', detail });
  if (name === 'execute_from_command_line') return signal(call, context, { kind: 'entry', library: 'django', detail });
  if ((name === 'signal' && chain[0] === 'signal') || name === 'add_signal_handler') {
    const which = positional()[0]?.text() ?? '';
    if (which.endsWith('SIGTERM') || which.endsWith('SIGINT')) return signal(call, context, { kind: 'shutdown', library: 'signal', detail: `${detail}(${which})` });
    return;
  }
  if ((name === 'FastAPI' || name === 'Starlette') && keywordArgument(parts.args, 'lifespan')) return signal(call, context, { kind: 'shutdown', library: name.toLowerCase(), detail: `${name}(lifespan=…)` });

  // Data access.
  const dbLibrary = databaseLibrary(context);
  if (chain.includes('objects') && chain.length >= 2) return signal(call, context, { kind: 'db-query', library: 'django', detail });
  if (client?.kind === 'db' && DB_METHODS.has(name)) return signal(call, context, { kind: 'db-query', library: client.library, ...(client.system ? { system: client.system } : {}), detail });
  if (client?.kind === 'cache' && ['get', 'set', 'delete', 'setex', 'hget', 'hset', 'expire', 'incr', 'mget'].includes(name)) return signal(call, context, { kind: 'db-query', library: client.library, system: 'redis', detail });
  if (!dbLibrary) return;
  if (last && DB_RECEIVERS.has(last) && DB_METHODS.has(name)) return signal(call, context, { kind: 'db-query', library: dbLibrary, detail });
  const sql = positional()[0] ? valueOf(positional()[0]!, context).literal : undefined;
  if (sql !== undefined && looksLikeSql(sql)) signal(call, context, { kind: 'db-query', library: dbLibrary, detail });
}

/** True when the file imports one of the modules or a sub-module of one (`redis` matches `redis.asyncio`). */
function importsAny(context: PyContext, modules: readonly string[]): boolean {
  if (!context.importPrefixes) {
    const prefixes = new Set<string>();
    for (const source of context.sources) {
      for (let dot = source.indexOf('.'); dot !== -1; dot = source.indexOf('.', dot + 1)) prefixes.add(source.slice(0, dot));
      prefixes.add(source);
    }
    context.importPrefixes = prefixes;
  }
  for (const module of modules) if (context.importPrefixes.has(module)) return true;
  return false;
}

/** The first import that is a database library, read once per file. */
function databaseLibrary(context: PyContext): string | undefined {
  if (context.dbLibrary === undefined) context.dbLibrary = context.sources.find((source) => categoriesOf('python', [source]).has('database')) ?? null;
  return context.dbLibrary ?? undefined;
}

function httpCall(call: SgNode, context: PyContext, library: string, value: ValueInfo | undefined, detail: string): void {
  const { target, fallback } = targetOf(value, 'url');
  signal(call, context, { kind: 'http-call', library, system: 'http', target, ...(fallback ? { fallback } : {}), detail });
}

interface Creation {
  kind: 'db-client' | 'cache-client';
  library: string;
  system?: string;
  pooled: boolean;
}

function pythonClientCreation(name: string, module: string, top: string): Creation | undefined {
  const from = (lib: string): boolean => top === lib || module.startsWith(`${lib}.`) || module === lib;
  if (name === 'connect' && (from('psycopg2') || from('psycopg'))) return { kind: 'db-client', library: top, system: 'postgres', pooled: false };
  if ((name === 'SimpleConnectionPool' || name === 'ThreadedConnectionPool' || name === 'ConnectionPool' || name === 'AsyncConnectionPool') && (from('psycopg2') || from('psycopg_pool') || from('psycopg'))) {
    return { kind: 'db-client', library: top, system: 'postgres', pooled: true };
  }
  if (from('asyncpg') && (name === 'connect' || name === 'create_pool')) return { kind: 'db-client', library: 'asyncpg', system: 'postgres', pooled: name === 'create_pool' };
  if (name === 'connect' && (from('pymysql') || from('MySQLdb') || from('mysql'))) return { kind: 'db-client', library: top, system: 'mysql', pooled: false };
  if (name === 'connect' && from('sqlite3')) return { kind: 'db-client', library: 'sqlite3', system: 'sqlite', pooled: false };
  if ((name === 'create_engine' || name === 'create_async_engine') && (from('sqlalchemy') || from('sqlmodel'))) return { kind: 'db-client', library: 'sqlalchemy', pooled: true };
  if (name === 'SQLAlchemy' && from('flask_sqlalchemy')) return { kind: 'db-client', library: 'flask_sqlalchemy', pooled: true };
  if (name === 'MongoClient' && from('pymongo')) return { kind: 'db-client', library: 'pymongo', system: 'mongodb', pooled: true };
  if (name === 'AsyncIOMotorClient' && from('motor')) return { kind: 'db-client', library: 'motor', system: 'mongodb', pooled: true };
  if ((name === 'Redis' || name === 'StrictRedis' || name === 'from_url' || name === 'ConnectionPool') && (from('redis') || from('aioredis'))) return { kind: 'cache-client', library: top, system: 'redis', pooled: true };
  if ((name === 'Client' || name === 'PooledClient') && from('pymemcache')) return { kind: 'cache-client', library: 'pymemcache', system: 'memcached', pooled: name === 'PooledClient' };
  return undefined;
}
