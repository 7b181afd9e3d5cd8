import type { Range, SgNode } from '@ast-grep/napi';
import type { Language, ParsedFile } from '../source/language.js';
import { nodesOfKinds } from '../source/shared-search.js';
import { exportedDeclaration, topLevelStatements, type TopLevelStatement } from '../source/top-level.js';
import { callParts, receiverNames, type CallParts } from '../rules/support/call-parts.js';
import { literalText } from '../rules/support/string-literal.js';
import { readCall, receiverChain, type ReadCallParts } from './read-call.js';
import { FactsBuilder, joinValues, looksLikeSql, systemOfScheme, targetOf, type ValueInfo } from './facts-builder.js';
import { categoriesOf, observabilityLibraries, type LibraryCategory } from './library-catalog.js';
import type { CodeSignal, FileFacts, FunctionFact, ImportFact, ParamFact, TypeFact } from './types.js';
import { isStopSignal } from '../rules/support/entry-points.js';

/** A client object the file creates or receives, by the name it is used under. */
interface JsClient {
  kind: 'http' | 'db' | 'cache' | 'queue' | 'kafka' | 'nest-client';
  library: string;
  system?: string;
  base?: ValueInfo;
  /** BullMQ/Bull queue name. */
  queue?: string;
}

interface JsContext {
  builder: FactsBuilder;
  /** Local name → module it is imported from. */
  modules: Map<string, string>;
  constants: Map<string, ValueInfo>;
  clients: Map<string, JsClient>;
  categories: Set<LibraryCategory>;
  sources: string[];
  /** The same imports as a set: detection asks about them for every call. */
  sourceSet: Set<string>;
  /** TypeScript grammars (their parameters always have a `pattern`). */
  typescript: boolean;
  /** Whether the file's text names a client type at all (JS_CLIENT_TYPES): interface members are read only then. */
  namesClientType: boolean;
  /** Whether the file has a 'SIGTERM' or 'SIGINT' string (read on first use). */
  listsStopSignal: () => boolean;
  /** Whether the file's text has `.listen(`: only then are the names that project modules' factories return followed. */
  listens: boolean;
  /** Names holding what a function imported from a project module returned (`const app = createApp()`), with that module. */
  made: Map<string, string>;
}

/** A node with its kind, read once (every `kind()` crosses into native code). */
interface KindedNode {
  node: SgNode;
  kind: string;
}

const OUTLINE_KINDS = ['function_declaration', 'generator_function_declaration', 'method_definition', 'arrow_function', 'function_expression', 'class_declaration'];
/** Kinds only the TypeScript grammars have (asking the JavaScript grammar for them is an error). */
const TS_OUTLINE_KINDS = ['abstract_class_declaration', 'interface_declaration'];
const CALL_KINDS = ['call_expression', 'new_expression'];
/**
 * One search per file finds the outline and the calls together (each search walks the whole tree):
 * the JavaScript grammar's rule, and the TypeScript grammars' one.
 */
const JS_SCAN_KINDS: readonly string[] = [...OUTLINE_KINDS, ...CALL_KINDS];
const TS_SCAN_KINDS: readonly string[] = [...OUTLINE_KINDS, ...TS_OUTLINE_KINDS, ...CALL_KINDS];

/** The node kinds `readJsFacts` searches a file of `language` for (announced before the file's analysers run). */
export function jsScanKinds(language: Language): readonly string[] {
  return language === 'javascript' ? JS_SCAN_KINDS : TS_SCAN_KINDS;
}
const CLASS_KINDS = new Set(['class_declaration', 'abstract_class_declaration', 'interface_declaration']);
const HTTP_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request']);
const DB_METHODS = new Set([
  'query', 'execute', 'findMany', 'findUnique', 'findFirst', 'findOne', 'findOneBy', 'findBy', 'find', 'findAll', 'findById', 'findAndCountAll', 'findByPk',
  'create', 'createMany', 'insert', 'insertMany', 'insertOne', 'update', 'updateMany', 'updateOne', 'upsert', 'delete', 'deleteMany', 'deleteOne', 'remove',
  'save', 'count', 'aggregate', 'select', 'where', 'raw', '$queryRaw', '$executeRaw', 'transaction', '$transaction', 'collection', 'createQueryBuilder', 'getRepository', 'exec',
]);
/** Methods that take SQL text as their first argument. */
const SQL_CALLS = new Set(['query', 'execute', 'raw', 'run', 'all', 'prepare', 'exec', 'none', 'one', 'oneOrNone', 'many', 'any', 'manyOrNone', '$queryRawUnsafe', '$executeRawUnsafe']);
/** Redis stream commands (node-redis spells them in camel case). */
const STREAM_COMMANDS = new Set(['xadd', 'xread', 'xreadgroup', 'xAdd', 'xRead', 'xReadGroup']);
/** Calls on a cache client that are not commands (connection management, events). */
const CACHE_NON_COMMANDS = new Set(['on', 'once', 'connect', 'disconnect', 'quit', 'duplicate', 'subscribe', 'publish', 'psubscribe', 'unsubscribe', 'xadd', 'xread', 'xreadgroup', 'pipeline', 'multi']);
/** Types whose instances reach other systems, when injected by a constructor or declared as fields. */
const JS_CLIENT_TYPES: Record<string, JsClient> = {
  HttpService: { kind: 'http', library: '@nestjs/axios' },
  AxiosInstance: { kind: 'http', library: 'axios' },
  PrismaClient: { kind: 'db', library: '@prisma/client', system: 'prisma' },
  PrismaService: { kind: 'db', library: '@prisma/client', system: 'prisma' },
  Repository: { kind: 'db', library: 'typeorm', system: 'typeorm' },
  EntityManager: { kind: 'db', library: 'typeorm', system: 'typeorm' },
  DataSource: { kind: 'db', library: 'typeorm', system: 'typeorm' },
  Model: { kind: 'db', library: 'mongoose', system: 'mongodb' },
  Knex: { kind: 'db', library: 'knex' },
  Pool: { kind: 'db', library: 'pg', system: 'postgres' },
  PoolClient: { kind: 'db', library: 'pg', system: 'postgres' },
  Redis: { kind: 'cache', library: 'ioredis', system: 'redis' },
  RedisClientType: { kind: 'cache', library: 'redis', system: 'redis' },
  Cache: { kind: 'cache', library: 'cache-manager', system: 'cache-manager' },
  ClientProxy: { kind: 'nest-client', library: '@nestjs/microservices' },
  ClientKafka: { kind: 'nest-client', library: '@nestjs/microservices', system: 'kafka' },
  Producer: { kind: 'kafka', library: 'kafkajs', system: 'kafka' },
  Queue: { kind: 'queue', library: 'bullmq', system: 'bullmq' },
};
const CLIENT_TYPE_NAMES = Object.keys(JS_CLIENT_TYPES);

/**
 * Reads one JS/TS file's imports, functions, classes, calls and service signals. Every node visit
 * crosses into native code and allocates, so the file is searched once (outline and calls together),
 * each node's kind and range are read once, and arguments are read only for calls that may matter.
 */
export function readJsFacts(file: ParsedFile): FileFacts {
  const root = file.root;
  const statements = topLevelStatements(root);
  const imports = importsOf(statements);
  const modules = new Map<string, string>();
  for (const imported of imports) for (const binding of imported.bindings) modules.set(binding.local, imported.source);
  const sources = imports.map((imported) => imported.source);
  let listed: boolean | undefined;
  const context: JsContext = {
    builder: new FactsBuilder(),
    modules,
    constants: new Map(),
    clients: new Map(),
    categories: categoriesOf('js', sources),
    sources,
    sourceSet: new Set(sources),
    typescript: file.language !== 'javascript',
    namesClientType: CLIENT_TYPE_NAMES.some((name) => file.text.includes(name)),
    listsStopSignal: () => {
      listed ??= (file.text.includes('SIGTERM') || file.text.includes('SIGINT')) && nodesOfKinds(root, ['string']).nodes.some((node) => isStopSignal(literalText(node, 'js')));
      return listed;
    },
    listens: file.text.includes('.listen('),
    made: new Map(),
  };
  readJsConstants(statements, context);
  const outline: KindedNode[] = [];
  const calls: KindedNode[] = [];
  const scanned = nodesOfKinds(root, jsScanKinds(file.language));
  for (let i = 0; i < scanned.nodes.length; i++) {
    const kind = scanned.kinds[i]!;
    (kind === 'call_expression' || kind === 'new_expression' ? calls : outline).push({ node: scanned.nodes[i]!, kind });
  }
  // The whole outline first: calls are attributed to functions and read against clients that the
  // outline (constructor parameters, typed fields) declares anywhere in the file.
  const types = readJsOutline(outline, context);
  const instances: FileFacts['instances'] = [];
  for (const { node: call, kind } of calls) {
    const parts = readCall(call, 'js', kind);
    if (!parts) continue;
    const chain = parts.chain ?? receiverChain(parts.receiver, 'js');
    const range = call.range();
    // `a().b()`: keep the name so chains can still follow `this.repo.find().exec()`.
    context.builder.addCallAt(range, parts.name, chain.length === 0 && parts.receiver ? ['?'] : chain);
    if (parts.isNew) recordInstance(call, range, parts.calleeText, context, types, instances);
    detectJsCall(call, parts, chain, context);
  }
  return {
    path: file.path,
    family: 'js',
    imports,
    functions: context.builder.functions(),
    types,
    signals: context.builder.signals,
    logging: observabilityLibraries('js', sources, 'logging'),
    metrics: observabilityLibraries('js', sources, 'metrics'),
    instances,
  };
}

/** A single plain JavaScript name (`orders`, `$x`, `_y1`), tested on a node's own text. */
function isPlainName(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const letter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 /* _ */ || code === 36; /* $ */
    if (!letter && (i === 0 || code < 48 || code > 57)) return false;
  }
  return true;
}

/** Top-level imports and requires, with the names they bind. */
export function readJsImports(root: SgNode): ImportFact[] {
  return importsOf(topLevelStatements(root));
}

function importsOf(statements: readonly KindedNode[]): ImportFact[] {
  const imports: ImportFact[] = [];
  for (const { node: statement, kind } of statements) {
    if (kind === 'import_statement') {
      // The statement's one direct string child is its `source` field (a plain string literal); the
      // clause, when there is one, is a named child too.
      let source: SgNode | undefined;
      let clause: SgNode | undefined;
      for (const child of statement.namedChildren()) {
        const childKind = child.kind();
        if (childKind === 'string') source ??= child;
        else if (childKind === 'import_clause') clause ??= child;
      }
      const value = source ? stringLiteral(source, 'string') : undefined;
      if (value === undefined) continue;
      const bindings: ImportFact['bindings'] = [];
      for (const part of clause?.namedChildren() ?? []) {
        const partKind = part.kind();
        if (partKind === 'identifier') bindings.push({ local: part.text(), imported: 'default' });
        else if (partKind === 'namespace_import') {
          const name = part.namedChildren().find((child) => child.kind() === 'identifier');
          if (name) bindings.push({ local: name.text(), imported: '*' });
        } else if (partKind === 'named_imports') {
          for (const specifier of part.namedChildren()) {
            // `{ a }`: a specifier whose whole text is one plain name is that name (no alias, no
            // `type` modifier, not a comment); anything else is read field by field.
            const text = specifier.text();
            if (isPlainName(text)) {
              bindings.push({ local: text, imported: text });
              continue;
            }
            if (specifier.kind() !== 'import_specifier') continue;
            const name = specifier.field('name')?.text();
            if (name) bindings.push({ local: specifier.field('alias')?.text() ?? name, imported: name });
          }
        }
      }
      imports.push({ source: value, bindings });
    } else if (kind === 'lexical_declaration' || kind === 'variable_declaration') {
      for (const declarator of statement.namedChildren()) {
        if (declarator.kind() !== 'variable_declarator') continue;
        const required = requiredModule(declarator.field('value'));
        if (!required) continue;
        const name = declarator.field('name');
        const nameKind = name?.kind();
        const bindings: ImportFact['bindings'] = [];
        if (nameKind === 'identifier') bindings.push({ local: name!.text(), imported: required.member ?? '*' });
        else if (nameKind === 'object_pattern') {
          for (const property of name!.namedChildren()) {
            const propertyKind = property.kind();
            if (propertyKind === 'shorthand_property_identifier_pattern') bindings.push({ local: property.text(), imported: property.text() });
            else if (propertyKind === 'pair_pattern') {
              const key = property.field('key')?.text();
              const value = property.field('value');
              if (key && value?.kind() === 'identifier') bindings.push({ local: value.text(), imported: key });
            }
          }
        }
        imports.push({ source: required.module, bindings });
      }
    }
  }
  return imports;
}

/**
 * The value of a JS string literal, read from its own text: a `string` node is its quote, fragments
 * and escape sequences, and the closing quote (the same value `literalText` joins from the children).
 * Template strings and anything else go through `literalText`.
 */
function stringLiteral(node: SgNode, kind: string = node.kind() as string): string | undefined {
  if (kind !== 'string') return literalText(node, 'js');
  const text = node.text();
  const quote = text[0];
  if (text.length >= 2 && (quote === '"' || quote === "'") && text[text.length - 1] === quote) return text.slice(1, -1);
  return literalText(node, 'js');
}

function requiredModule(value: SgNode | null): { module: string; member?: string } | undefined {
  let call = value;
  let member: string | undefined;
  let kind = call?.kind();
  if (kind === 'member_expression') {
    member = call!.field('property')?.text();
    call = call!.field('object');
    kind = call?.kind();
  }
  if (!call || kind !== 'call_expression' || call.field('function')?.text() !== 'require') return undefined;
  const first = call.field('arguments')?.namedChildren()[0];
  const module = first ? stringLiteral(first) : undefined;
  return module === undefined ? undefined : { module, ...(member ? { member } : {}) };
}

/** Module-level constants (`const BASE = process.env.X ?? '…'`, `const config = { url: … }`). */
function readJsConstants(statements: readonly TopLevelStatement[], context: JsContext): void {
  for (const entry of statements) {
    let statement: SgNode | null = entry.node;
    let statementKind = entry.kind;
    if (statementKind === 'export_statement') {
      const declaration = exportedDeclaration(entry);
      statement = declaration?.node ?? null;
      statementKind = declaration?.kind ?? '';
    }
    if (!statement || (statementKind !== 'lexical_declaration' && statementKind !== 'variable_declaration')) continue;
    for (const declarator of statement.namedChildren()) {
      if (declarator.kind() !== 'variable_declarator') continue;
      const name = declarator.field('name');
      if (name?.kind() !== 'identifier') continue;
      const value = declarator.field('value');
      if (!value) continue;
      const valueKind = value.kind() as string;
      if (valueKind === 'object') {
        for (const pair of value.namedChildren()) {
          if (pair.kind() !== 'pair') continue;
          const key = propertyKey(pair.field('key'));
          const inner = pair.field('value');
          if (key && inner) {
            const info = valueOf(inner, context);
            if (!info.dynamic || info.env || info.literal !== undefined) context.constants.set(`${name.text()}.${key}`, info);
          }
        }
        continue;
      }
      const info = valueOf(value, context, valueKind);
      if (info.env || info.literal !== undefined || info.config) context.constants.set(name.text(), info);
    }
  }
}

function propertyKey(key: SgNode | null): string | undefined {
  if (!key) return undefined;
  const kind = key.kind() as string;
  if (kind === 'property_identifier') return key.text();
  return stringLiteral(key, kind);
}

/** What a JS expression evaluates to, as far as the file tells. */
function valueOf(node: SgNode, context: JsContext, kind: string = node.kind() as string): ValueInfo {
  if (kind === 'string') return { literal: stringLiteral(node, kind) ?? '' };
  if (kind === 'template_string') {
    const parts: ValueInfo[] = [];
    for (const child of node.children()) {
      const childKind = child.kind();
      if (childKind === 'string_fragment' || childKind === 'escape_sequence') parts.push({ literal: child.text() });
      else if (childKind === 'template_substitution') {
        const inner = child.namedChildren()[0];
        parts.push(inner ? valueOf(inner, context) : { dynamic: true });
      }
    }
    return parts.length === 0 ? { literal: '' } : joinValues(parts);
  }
  if (kind === 'identifier') return context.constants.get(node.text()) ?? localValue(node, context) ?? { dynamic: true };
  if (kind === 'parenthesized_expression' || kind === 'as_expression' || kind === 'non_null_expression' || kind === 'satisfies_expression') {
    const inner = node.namedChildren()[0];
    return inner ? valueOf(inner, context) : { dynamic: true };
  }
  if (kind === 'member_expression' || kind === 'subscript_expression') {
    const object = node.field('object');
    const property = kind === 'member_expression' ? node.field('property')?.text() : literalOf(node.field('index'));
    if (object?.text() === 'process.env' && property) return { env: property };
    if (object?.kind() === 'identifier' && property) return context.constants.get(`${object.text()}.${property}`) ?? { dynamic: true };
    return { dynamic: true };
  }
  if (kind === 'binary_expression') {
    const operator = node.field('operator')?.text();
    const left = node.field('left');
    const right = node.field('right');
    if (!left || !right) return { dynamic: true };
    if (operator === '+') return joinValues([valueOf(left, context), valueOf(right, context)]);
    if (operator === '??' || operator === '||') {
      const first = valueOf(left, context);
      const second = valueOf(right, context);
      return { ...first, ...(first.literal === undefined && second.literal !== undefined ? { literal: second.literal } : {}), ...(first.env || first.config ? { dynamic: undefined } : {}) };
    }
  }
  return { dynamic: true };
}

const JS_FUNCTION_KINDS = new Set(['function_declaration', 'generator_function_declaration', 'method_definition', 'arrow_function', 'function_expression']);

/** `const url = \`${BASE}/x\`` earlier in the same function: the value of a local constant. */
function localValue(identifier: SgNode, context: JsContext): ValueInfo | undefined {
  let body: SgNode | null = identifier.parent();
  while (body && !JS_FUNCTION_KINDS.has(body.kind() as string)) body = body.parent();
  if (!body) return undefined;
  const before = identifier.range().start.index;
  const name = identifier.text();
  for (const declarator of body.findAll({ rule: { kind: 'variable_declarator' } })) {
    const range = declarator.range();
    if (range.start.index >= before) break;
    // A declaration that contains the identifier (`url = url + '/x'`) would read itself.
    if (range.end.index > before) continue;
    const declared = declarator.field('name');
    const value = declarator.field('value');
    if (declared?.kind() === 'identifier' && declared.text() === name && value) return valueOf(value, context);
  }
  return undefined;
}

function literalOf(node: SgNode | null): string | undefined {
  return node ? stringLiteral(node) : undefined;
}

/** Value of `key` in an object literal argument. */
function objectProperty(object: SgNode | undefined, key: string): SgNode | undefined {
  if (!object || object.kind() !== 'object') return undefined;
  for (const child of object.namedChildren()) {
    const kind = child.kind();
    if (kind === 'pair' && propertyKey(child.field('key')) === key) return child.field('value') ?? undefined;
    if (kind === 'shorthand_property_identifier' && child.text() === key) return child;
  }
  return undefined;
}

function decoratorName(decorator: SgNode): string {
  const inner = decorator.namedChildren()[0];
  if (!inner) return '';
  return inner.kind() === 'call_expression' ? (inner.field('function')?.text() ?? '') : inner.text();
}

function decoratorArg(decorator: SgNode): SgNode | undefined {
  const inner = decorator.namedChildren()[0];
  if (inner?.kind() !== 'call_expression') return undefined;
  return inner.field('arguments')?.namedChildren()[0];
}

function precedingDecorators(node: SgNode): SgNode[] {
  const decorators: SgNode[] = [];
  let previous = node.prev();
  let kind = previous?.kind();
  while (previous && (kind === 'decorator' || kind === 'comment')) {
    if (kind === 'decorator') decorators.unshift(previous);
    previous = previous.prev();
    kind = previous?.kind();
  }
  return decorators;
}

/**
 * The declared type of a type annotation: the annotation's text after its colon. A comment between
 * the colon and the type (the type itself cannot start with `/`) is the annotation's first named
 * child, so that case is read from the children, as before.
 */
function typeText(annotation: SgNode | null): string | undefined {
  if (!annotation) return undefined;
  const text = annotation.text();
  if (text[0] === ':') {
    const type = text.slice(1).trimStart();
    if (type && type[0] !== '/') return type;
  }
  return annotation.namedChildren()[0]?.text();
}

/** Base name of a type: `Repository<User>` → Repository, `ns.Client` → Client. */
export function baseTypeName(type: string): string {
  const withoutGenerics = type.split('<')[0]!.split('[')[0]!.replace(/^\*+/, '').trim();
  return withoutGenerics.slice(withoutGenerics.lastIndexOf('.') + 1);
}

function readParams(fn: SgNode, typescript: boolean, wantNodes: boolean): { params: ParamFact[]; nodes: SgNode[] } {
  // `parameters` is always a parameter list; `x => …` has a single `parameter` instead.
  let list = fn.field('parameters');
  if (!list) {
    list = fn.field('parameter');
    if (!list) return { params: [], nodes: [] };
    if (list.kind() === 'identifier') return { params: [{ name: list.text() }], nodes: [list] };
  }
  if (!wantNodes) {
    const plain = plainParams(list.text());
    if (plain) return { params: plain, nodes: [] };
  }
  return paramsOfList(list, typescript);
}

/** The parameters of a `formal_parameters` list, read node by node (with the nodes, for constructors). */
export function paramsOfList(list: SgNode, typescript: boolean): { params: ParamFact[]; nodes: SgNode[] } {
  const params: ParamFact[] = [];
  const nodes: SgNode[] = [];
  for (const param of list.namedChildren()) {
    // TypeScript parameters are `required_parameter` / `optional_parameter`, which always have a
    // `pattern`: no need to ask for their kind. Anything else (comments, JavaScript patterns) is
    // asked.
    const typedPattern = typescript ? param.field('pattern') : null;
    if (typedPattern) {
      const type = typeText(param.field('type'));
      params.push({ name: identifierText(typedPattern), ...(type ? { type } : {}) });
      nodes.push(param);
      continue;
    }
    const kind = param.kind() as string;
    if (kind === 'comment') continue;
    if (kind === 'identifier') {
      // A plain JavaScript parameter has neither a pattern nor a type.
      params.push({ name: param.text() });
    } else {
      const pattern = param.field('pattern') ?? param;
      const type = typeText(param.field('type'));
      params.push({ name: pattern.kind() === 'identifier' ? pattern.text() : '', ...(type ? { type } : {}) });
    }
    nodes.push(param);
  }
  return { params, nodes };
}

/**
 * The parameters of a list whose own text is plain (`(id: string, options?: ListOptions)`): each one
 * a plain name, optionally `?`, optionally `: type` where the type is names, dots, generics, arrays
 * and unions. Such a list reads the same from its text as node by node (about six native calls per
 * parameter); anything else (defaults, patterns, comments, modifiers, function or object types,
 * literals) returns undefined and is read from the tree.
 */
export function plainParams(text: string): ParamFact[] | undefined {
  if (text.length < 2 || text.charCodeAt(0) !== 40 /* ( */ || text.charCodeAt(text.length - 1) !== 41 /* ) */) return undefined;
  const pieces: string[] = [];
  let depth = 0;
  let start = 1;
  for (let i = 1; i < text.length - 1; i++) {
    const code = text.charCodeAt(i);
    if (code === 60 /* < */ || code === 91 /* [ */) depth++;
    else if (code === 62 /* > */ || code === 93 /* ] */) {
      if (--depth < 0) return undefined;
    } else if (code === 44 /* , */) {
      if (depth === 0) {
        pieces.push(text.slice(start, i));
        start = i + 1;
      }
    } else if (!isPlainTypeCode(code)) return undefined;
  }
  if (depth !== 0) return undefined;
  const last = text.slice(start, text.length - 1);
  if (last.trim() !== '' || pieces.length > 0) pieces.push(last);
  const params: ParamFact[] = [];
  for (let p = 0; p < pieces.length; p++) {
    const piece = pieces[p]!;
    const colon = piece.indexOf(':');
    let name = (colon === -1 ? piece : piece.slice(0, colon)).trim();
    if (name.endsWith('?')) name = name.slice(0, -1);
    // An empty last piece is a trailing comma; any other empty or odd name is left to the tree.
    if (name === '' && p === pieces.length - 1 && colon === -1) break;
    if (!isPlainName(name)) return undefined;
    const type = colon === -1 ? undefined : piece.slice(colon + 1).trim();
    if (type === '' || (type !== undefined && type.includes(':'))) return undefined;
    params.push({ name: name === 'this' || name === 'undefined' ? '' : name, ...(type ? { type } : {}) });
  }
  return params;
}

/** Characters a plain parameter list may hold besides commas and brackets (see `plainParams`). */
function isPlainTypeCode(code: number): boolean {
  return (
    (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) ||
    code === 95 /* _ */ || code === 36 /* $ */ || code === 46 /* . */ || code === 58 /* : */ || code === 63 /* ? */ || code === 124 /* | */ ||
    code === 32 || code === 9 || code === 10 || code === 13
  );
}

/**
 * A parameter pattern's name when it is an identifier, else ''. A plain name's text answers without
 * asking for the kind, except `this` and `undefined`, which have kinds of their own.
 */
function identifierText(pattern: SgNode): string {
  const text = pattern.text();
  if (isPlainName(text)) return text === 'this' || text === 'undefined' ? '' : text;
  return pattern.kind() === 'identifier' ? text : '';
}

interface OpenClass {
  fact: TypeFact;
  start: number;
  end: number;
}

/** Classes and functions: names, owners, parameters, fields and decorator signals. */
function readJsOutline(outline: readonly KindedNode[], context: JsContext): TypeFact[] {
  const types: TypeFact[] = [];
  const classes: OpenClass[] = [];
  const ownerOf = (index: number): TypeFact | undefined => {
    let best: OpenClass | undefined;
    for (const entry of classes) if (entry.start <= index && index <= entry.end && (!best || entry.start >= best.start)) best = entry;
    return best?.fact;
  };
  // Object literals holding methods, by node id: their owner name is read once per object.
  const objectOwners = new Map<number, string | undefined>();
  for (const { node, kind } of outline) {
    const range = node.range();
    if (CLASS_KINDS.has(kind)) {
      const fact = readJsClass(node, kind, range, context);
      types.push(fact);
      classes.push({ fact, start: range.start.index, end: range.end.index });
      continue;
    }
    const name = jsFunctionName(node, kind, range, ownerOf, objectOwners);
    // Anonymous callbacks: their calls matter, their parameters rarely do (and reading them is costly).
    const { params, nodes } = name.named ? readParams(node, context.typescript, name.method === 'constructor') : { params: [], nodes: [] };
    // Decorators precede methods of class bodies only (object literals have none).
    const decorators = kind === 'method_definition' && name.inClassBody ? precedingDecorators(node) : [];
    const fact = context.builder.addFunctionAt(range, {
      name: name.qualified,
      ...(name.owner ? { owner: name.owner } : {}),
      params,
      decorators: decorators.map(decoratorName),
    });
    const owner = name.owner ? types.find((type) => type.name === name.owner) : undefined;
    if (kind === 'method_definition' && name.method === 'constructor' && owner) readConstructorFields(nodes, owner, context);
    for (const param of params) if (param.type) seedTypedClient(param.name, param.type, context);
    readMethodSignals(node, name.method, fact, decorators, context);
  }
  for (const type of types) for (const field of type.fields) seedTypedClient(field.name, field.type ?? '', context);
  return types;
}

interface JsFunctionName {
  qualified: string;
  owner?: string;
  named: boolean;
  /** A method's own name (`constructor`, `onModuleDestroy`). */
  method?: string;
  /** A method declared directly in a class body. */
  inClassBody?: boolean;
}

function jsFunctionName(node: SgNode, kind: string, range: Range, ownerOf: (index: number) => TypeFact | undefined, objectOwners: Map<number, string | undefined>): JsFunctionName {
  if (kind === 'function_declaration' || kind === 'generator_function_declaration') {
    const name = node.field('name')?.text();
    if (name) return { qualified: name, named: true };
  }
  if (kind === 'method_definition') {
    const name = node.field('name')?.text() ?? '';
    const parent = node.parent();
    const parentKind = parent?.kind();
    if (parentKind === 'class_body') {
      const owner = ownerOf(range.start.index)?.name;
      return { qualified: owner ? `${owner}.${name}` : name, ...(owner ? { owner } : {}), named: true, method: name, inClassBody: true };
    }
    const owner = parentKind === 'object' ? cachedObjectOwner(parent, objectOwners, 'object') : undefined;
    // Not in a class body nor an object literal (a recovered parse): look for decorators as before.
    return { qualified: owner ? `${owner}.${name}` : name, ...(owner ? { owner } : {}), named: true, method: name, inClassBody: parentKind !== 'object' };
  }
  const parent = node.parent();
  const parentKind = parent?.kind();
  if (parentKind === 'variable_declarator') {
    const name = parent!.field('name');
    if (name?.kind() === 'identifier') return { qualified: name.text(), named: true };
  }
  if (parentKind === 'public_field_definition') {
    const owner = ownerOf(range.start.index)?.name;
    const name = parent!.field('name')?.text() ?? '';
    return { qualified: owner ? `${owner}.${name}` : name, ...(owner ? { owner } : {}), named: true };
  }
  if (parentKind === 'pair') {
    const key = propertyKey(parent!.field('key'));
    const owner = cachedObjectOwner(parent!.parent(), objectOwners);
    if (key) return { qualified: owner ? `${owner}.${key}` : key, named: true };
  }
  if (parentKind === 'assignment_expression') {
    const left = parent!.field('left')?.text() ?? '';
    const name = left.slice(left.lastIndexOf('.') + 1);
    if (name) return { qualified: name, named: true };
  }
  return { qualified: `(anonymous:${range.start.line + 1})`, named: false };
}

/** `objectOwner` of an object literal (`kind` already read), once per object. */
function cachedObjectOwner(object: SgNode | null, objectOwners: Map<number, string | undefined>, kind?: string): string | undefined {
  if (!object) return undefined;
  const id = object.id();
  if (objectOwners.has(id)) return objectOwners.get(id);
  const owner = objectOwner(object, kind);
  objectOwners.set(id, owner);
  return owner;
}

/** `const orders = { create() {…} }`: the name an object literal holding methods is declared under. */
function objectOwner(object: SgNode, kind: string = object.kind() as string): string | undefined {
  if (kind !== 'object') return undefined;
  const declarator = object.parent();
  if (declarator?.kind() !== 'variable_declarator') return undefined;
  const name = declarator.field('name');
  return name?.kind() === 'identifier' ? name.text() : undefined;
}

function readJsClass(node: SgNode, kind: string, range: Range, context: JsContext): TypeFact {
  const name = node.field('name')?.text() ?? '';
  const supertypes: string[] = [];
  const ownDecorators: SgNode[] = [];
  for (const child of node.namedChildren()) {
    const childKind = child.kind();
    if (childKind === 'class_heritage') {
      for (const clause of child.namedChildren()) {
        for (const type of clause.namedChildren()) supertypes.push(baseTypeName(type.text()));
      }
    } else if (childKind === 'extends_type_clause') {
      for (const type of child.namedChildren()) supertypes.push(baseTypeName(type.text()));
    } else if (childKind === 'decorator') ownDecorators.push(child);
  }
  const decoratorNodes = [...precedingDecorators(node), ...ownDecorators];
  const parent = node.parent();
  if (parent?.kind() === 'export_statement') decoratorNodes.push(...parent.namedChildren().filter((child) => child.kind() === 'decorator'));
  const fields: ParamFact[] = [];
  // An interface's members matter only as typed clients (no function has an interface as its owner):
  // their names and types are read only when the interface's own text names a client type.
  let body = kind !== 'interface_declaration' || context.namesClientType ? node.field('body') : null;
  if (body && kind === 'interface_declaration') {
    const text = body.text();
    if (!CLIENT_TYPE_NAMES.some((name) => text.includes(name))) body = null;
  }
  for (const member of body?.namedChildren() ?? []) {
    const memberKind = member.kind();
    if (memberKind !== 'public_field_definition' && memberKind !== 'property_signature') continue;
    const fieldName = member.field('name')?.text();
    const type = typeText(member.field('type'));
    if (fieldName && type) fields.push({ name: fieldName, type });
    else if (fieldName) {
      const value = member.field('value');
      if (value?.kind() === 'new_expression') {
        const constructor = value.field('constructor')?.text();
        if (constructor) fields.push({ name: fieldName, type: constructor });
      }
    }
  }
  const fact: TypeFact = {
    name,
    kind: kind === 'interface_declaration' ? 'interface' : 'class',
    startLine: range.start.line + 1,
    endLine: range.end.line + 1,
    fields,
    supertypes,
    decorators: decoratorNodes.map(decoratorName),
  };
  readClassSignals(decoratorNodes, context);
  return fact;
}

/** `constructor(private readonly repo: OrdersRepository, @InjectQueue('mail') private queue: Queue)`. */
function readConstructorFields(nodes: SgNode[], owner: TypeFact, context: JsContext): void {
  for (const param of nodes) {
    const children = param.children();
    const isField = children.some((child) => child.kind() === 'accessibility_modifier' || child.text() === 'readonly');
    const pattern = param.field('pattern');
    const type = typeText(param.field('type'));
    if (!pattern || pattern.kind() !== 'identifier') continue;
    if (isField && type) owner.fields.push({ name: pattern.text(), type });
    for (const decorator of children.filter((child) => child.kind() === 'decorator')) {
      const name = decoratorName(decorator);
      const arg = decoratorArg(decorator);
      if (name === 'InjectQueue') context.clients.set(pattern.text(), { kind: 'queue', library: '@nestjs/bullmq', system: 'bullmq', ...(arg && literalText(arg, 'js') !== undefined ? { queue: literalText(arg, 'js')! } : {}) });
      else if (name === 'InjectRepository' || name === 'InjectModel' || name === 'InjectDataSource' || name === 'InjectEntityManager') {
        context.clients.set(pattern.text(), { kind: 'db', library: name === 'InjectModel' ? '@nestjs/mongoose' : '@nestjs/typeorm', system: name === 'InjectModel' ? 'mongodb' : 'typeorm' });
      } else if (name === 'InjectRedis') context.clients.set(pattern.text(), { kind: 'cache', library: 'ioredis', system: 'redis' });
    }
  }
}

function seedTypedClient(name: string, type: string, context: JsContext): void {
  if (!name || context.clients.has(name)) return;
  const client = JS_CLIENT_TYPES[baseTypeName(type)];
  if (client) context.clients.set(name, client);
}

function readClassSignals(decorators: SgNode[], context: JsContext): void {
  for (const decorator of decorators) {
    const name = decoratorName(decorator);
    const arg = decoratorArg(decorator);
    const literal = arg ? literalText(arg, 'js') : undefined;
    if (name === 'Entity' && context.sources.includes('typeorm')) context.builder.signal(decorator, { kind: 'data-model', library: 'typeorm', detail: '@Entity' });
    else if (name === 'Schema' && context.sources.includes('@nestjs/mongoose')) context.builder.signal(decorator, { kind: 'data-model', library: '@nestjs/mongoose', system: 'mongodb', detail: '@Schema' });
    else if (name === 'Processor' && (context.sources.includes('@nestjs/bullmq') || context.sources.includes('@nestjs/bull'))) {
      context.builder.signal(decorator, { kind: 'consume', library: context.sources.includes('@nestjs/bullmq') ? '@nestjs/bullmq' : '@nestjs/bull', system: context.sources.includes('@nestjs/bullmq') ? 'bullmq' : 'bull', target: literal ?? 'dynamic', detail: '@Processor' });
    }
  }
}

const NEST_SHUTDOWN_HOOKS = new Set(['onModuleDestroy', 'onApplicationShutdown', 'beforeApplicationShutdown']);

function readMethodSignals(node: SgNode, method: string | undefined, fn: FunctionFact, decorators: SgNode[], context: JsContext): void {
  if (method !== undefined && NEST_SHUTDOWN_HOOKS.has(method)) {
    context.builder.signal(node, { kind: 'shutdown', library: '@nestjs/common', detail: method }, fn);
  }
  for (const decorator of decorators) {
    const name = decoratorName(decorator);
    const arg = decoratorArg(decorator);
    const literal = arg ? literalText(arg, 'js') : undefined;
    if ((name === 'Cron' || name === 'Interval' || name === 'Timeout') && context.sources.includes('@nestjs/schedule')) {
      context.builder.signal(decorator, { kind: 'schedule', library: '@nestjs/schedule', detail: `@${name}` }, fn);
    } else if ((name === 'EventPattern' || name === 'MessagePattern') && context.sources.includes('@nestjs/microservices')) {
      context.builder.signal(decorator, { kind: 'consume', library: '@nestjs/microservices', system: 'nest-microservices', target: literal ?? 'dynamic', detail: `@${name}` }, fn);
    } else if (name === 'SqsMessageHandler') {
      context.builder.signal(decorator, { kind: 'consume', library: '@ssut/nestjs-sqs', system: 'sqs', target: literal ?? 'dynamic', detail: '@SqsMessageHandler' }, fn);
    }
  }
}

/** `const svc = new OrderService()` at module level, `this.repo = new Repo()` in a constructor. */
function recordInstance(call: SgNode, range: Range, type: string | undefined, context: JsContext, types: TypeFact[], instances: FileFacts['instances']): void {
  const parent = call.parent();
  if (!type || !parent) return;
  const parentKind = parent.kind();
  if (parentKind === 'variable_declarator' && context.builder.enclosingAt(range) === undefined) {
    const name = parent.field('name');
    if (name?.kind() === 'identifier') instances.push({ name: name.text(), type: baseTypeName(type) });
  } else if (parentKind === 'assignment_expression') {
    const left = parent.field('left');
    const chain = left ? receiverNames(left, 'js') : [];
    const owner = context.builder.enclosingAt(range)?.owner;
    if (chain.length === 2 && chain[0] === 'this' && owner) {
      const fact = types.find((t) => t.name === owner);
      if (fact && !fact.fields.some((field) => field.name === chain[1])) fact.fields.push({ name: chain[1]!, type: baseTypeName(type) });
    }
  }
}

/** The name a created client is stored under: `const api = …`, `this.api = …`, `api = …`. */
function assignedName(call: SgNode): string | undefined {
  let node: SgNode | null = call.parent();
  while (node && (node.kind() === 'await_expression' || node.kind() === 'parenthesized_expression' || node.kind() === 'as_expression')) node = node.parent();
  if (!node) return undefined;
  if (node.kind() === 'variable_declarator') {
    const name = node.field('name');
    return name?.kind() === 'identifier' ? name.text() : undefined;
  }
  if (node.kind() === 'assignment_expression' || node.kind() === 'augmented_assignment_expression') {
    const left = node.field('left');
    const chain = left ? receiverNames(left, 'js') : [];
    return chain[chain.length - 1];
  }
  if (node.kind() === 'public_field_definition') return node.field('name')?.text();
  return undefined;
}

function moduleOf(name: string | undefined, context: JsContext): string | undefined {
  return name === undefined ? undefined : context.modules.get(name);
}

function imports(context: JsContext, ...modules: string[]): boolean {
  for (const module of modules) if (context.sourceSet.has(module)) return true;
  return false;
}

function signalUrl(call: SgNode, context: JsContext, library: string, value: ValueInfo | undefined, detail: string): void {
  const { target, fallback } = targetOf(value, 'url');
  context.builder.signal(call, { kind: 'http-call', library, system: 'http', target, ...(fallback ? { fallback } : {}), detail });
}

/** Joins a client's base URL with a call's argument: an absolute argument wins. */
function withBase(base: ValueInfo | undefined, arg: ValueInfo | undefined): ValueInfo | undefined {
  if (arg?.literal && /^[a-z]+:\/\//i.test(arg.literal)) return arg;
  if (arg?.env) return arg;
  return base ?? arg;
}

function databaseTarget(value: ValueInfo | undefined, system: string | undefined): Pick<CodeSignal, 'system' | 'target' | 'fallback'> {
  const { target, fallback } = targetOf(value, 'url');
  const resolved = system ?? systemOfScheme(value?.literal ?? fallback);
  return { ...(resolved ? { system: resolved } : {}), target: target === 'dynamic' ? (resolved ?? 'dynamic') : target, ...(fallback ? { fallback } : {}) };
}

/** The connection value of a client's options: a string argument, or `connectionString`/`url`/`uri`/`host`. */
function connectionValue(args: SgNode[], context: JsContext): ValueInfo | undefined {
  const first = args[0];
  if (!first) return undefined;
  if (first.kind() === 'object') {
    for (const key of ['connectionString', 'url', 'uri', 'host', 'baseURL', 'brokers']) {
      const value = objectProperty(first, key);
      if (value) return valueOf(value, context);
    }
    return undefined;
  }
  return valueOf(first, context);
}

function detectJsCall(call: SgNode, parts: ReadCallParts, chain: string[], context: JsContext): void {
  const hasReceiver = parts.chain ? parts.chain.length > 0 : parts.receiver !== undefined;
  const { name, isNew } = parts;
  const rootName = chain[0] ?? name;
  const rootModule = moduleOf(rootName, context);
  const calleeModule = moduleOf(name, context);
  const last = chain[chain.length - 1];
  const client = last !== undefined ? context.clients.get(last) : undefined;
  const categories = context.categories;
  if (context.listens && !hasReceiver && calleeModule !== undefined && isProjectModule(calleeModule)) {
    const stored = assignedName(call);
    if (stored) context.made.set(stored, calleeModule);
  }

  // Outbound HTTP.
  if (!hasReceiver && name === 'fetch' && (!calleeModule || ['node-fetch', 'undici', 'cross-fetch', 'isomorphic-fetch'].includes(calleeModule))) {
    signalUrl(call, context, calleeModule ?? 'fetch', parts.args[0] ? valueOf(parts.args[0], context) : undefined, 'fetch');
    return;
  }
  if ((rootModule === 'axios' || rootModule === 'got' || rootModule === 'ky') && chain.length === 1 && (name === 'create' || name === 'extend')) {
    const options = parts.args[0];
    const base = objectProperty(options, 'baseURL') ?? objectProperty(options, 'prefixUrl');
    const stored = assignedName(call);
    if (stored) context.clients.set(stored, { kind: 'http', library: rootModule, ...(base ? { base: valueOf(base, context) } : {}) });
    return;
  }
  if ((rootModule === 'axios' || rootModule === 'got' || rootModule === 'ky' || rootModule === 'superagent') && chain.length === 1 && HTTP_VERBS.has(name)) {
    const first = parts.args[0]?.kind() === 'object' ? objectProperty(parts.args[0], 'url') : parts.args[0];
    signalUrl(call, context, rootModule, first ? valueOf(first, context) : undefined, `${rootName}.${name}`);
    return;
  }
  if (!hasReceiver && (calleeModule === 'axios' || calleeModule === 'got' || calleeModule === 'ky')) {
    const first = parts.args[0]?.kind() === 'object' ? objectProperty(parts.args[0], 'url') : parts.args[0];
    signalUrl(call, context, calleeModule, first ? valueOf(first, context) : undefined, name);
    return;
  }
  if (rootModule && ['http', 'https', 'node:http', 'node:https'].includes(rootModule) && chain.length === 1 && (name === 'request' || name === 'get')) {
    const first = parts.args[0]?.kind() === 'object' ? (objectProperty(parts.args[0], 'hostname') ?? objectProperty(parts.args[0], 'host')) : parts.args[0];
    signalUrl(call, context, rootModule.replace('node:', ''), first ? valueOf(first, context) : undefined, `${rootName}.${name}`);
    return;
  }
  if (client?.kind === 'http' && (HTTP_VERBS.has(name) || name === 'fetch')) {
    const first = parts.args[0]?.kind() === 'object' ? objectProperty(parts.args[0], 'url') : parts.args[0];
    signalUrl(call, context, client.library, withBase(client.base, first ? valueOf(first, context) : undefined), `${chain.join('.')}.${name}`);
    return;
  }

  // gRPC clients.
  if (categories.has('grpc')) {
    if (isNew && parts.args.length >= 2 && /credentials/i.test(parts.args[1]!.text())) {
      const address = targetOf(valueOf(parts.args[0]!, context), 'url');
      context.builder.signal(call, { kind: 'grpc-client', library: '@grpc/grpc-js', system: 'grpc', target: name, ...(address.target !== 'dynamic' ? { fallback: address.target } : {}), detail: `new ${name}` });
      return;
    }
    if (!hasReceiver && (name === 'createClient' || name === 'createPromiseClient') && parts.args[0]) {
      context.builder.signal(call, { kind: 'grpc-client', library: '@connectrpc/connect', system: 'grpc', target: parts.args[0].text().split('.').pop()!, detail: name });
      return;
    }
  }
  if (name === 'getService' && parts.args[0] && literalText(parts.args[0], 'js') !== undefined && imports(context, '@nestjs/microservices')) {
    context.builder.signal(call, { kind: 'grpc-client', library: '@nestjs/microservices', system: 'grpc', target: literalText(parts.args[0], 'js')!, detail: 'getService' });
    return;
  }

  // Databases and caches: client creation.
  const creation = jsClientCreation(parts, chain, context);
  if (creation) {
    const value = creation.value ?? connectionValue(parts.args, context);
    const stored = assignedName(call);
    if (stored) context.clients.set(stored, { kind: creation.kind === 'cache-client' ? 'cache' : 'db', library: creation.library, ...(creation.system ? { system: creation.system } : {}) });
    context.builder.signal(call, { kind: creation.kind, library: creation.library, ...databaseTarget(value, creation.system), pooled: creation.pooled, detail: creation.detail });
    return;
  }

  // Messaging.
  if (imports(context, 'kafkajs', '@confluentinc/kafka-javascript') || client?.kind === 'kafka' || client?.system === 'kafka') {
    if (name === 'send' && objectProperty(parts.args[0], 'topic')) {
      messaging(call, context, 'produce', 'kafka', 'kafkajs', valueOf(objectProperty(parts.args[0], 'topic')!, context), `${chain.join('.')}.send`);
      return;
    }
    const options = name === 'subscribe' ? parts.args[0] : undefined;
    if (name === 'subscribe' && (objectProperty(options, 'topic') || objectProperty(options, 'topics'))) {
      const topics = objectProperty(options, 'topic') ?? objectProperty(options, 'topics')!;
      for (const topic of topics.kind() === 'array' ? topics.children().filter((c) => c.isNamed()) : [topics]) {
        messaging(call, context, 'consume', 'kafka', 'kafkajs', valueOf(topic, context), `${chain.join('.')}.subscribe`);
      }
      return;
    }
  }
  if (client?.kind === 'nest-client' && (name === 'emit' || name === 'send') && parts.args[0]) {
    messaging(call, context, 'produce', client.system ?? 'nest-microservices', client.library, valueOf(parts.args[0], context), `${chain.join('.')}.${name}`);
    return;
  }
  if ((name === 'sendToQueue' || name === 'publish' || name === 'consume') && hasReceiver && imports(context, 'amqplib', 'amqp-connection-manager', 'amqplib/callback_api') && parts.args[0]) {
    if (name === 'sendToQueue') return messaging(call, context, 'produce', 'rabbitmq', 'amqplib', valueOf(parts.args[0], context), 'sendToQueue');
    if (name === 'publish') {
      const exchange = valueOf(parts.args[0], context);
      return messaging(call, context, 'produce', 'rabbitmq', 'amqplib', exchange.literal === '' && parts.args[1] ? valueOf(parts.args[1], context) : exchange, 'publish');
    }
    if (name === 'consume') return messaging(call, context, 'consume', 'rabbitmq', 'amqplib', valueOf(parts.args[0], context), 'consume');
  }
  if ((name === 'publish' || name === 'subscribe' || name === 'request') && hasReceiver && imports(context, 'nats') && parts.args[0]) {
    messaging(call, context, name === 'subscribe' ? 'consume' : 'produce', 'nats', 'nats', valueOf(parts.args[0], context), name);
    return;
  }
  if (isNew && (name === 'SendMessageCommand' || name === 'SendMessageBatchCommand' || name === 'ReceiveMessageCommand') && imports(context, '@aws-sdk/client-sqs')) {
    const queue = objectProperty(parts.args[0], 'QueueUrl');
    messaging(call, context, name.startsWith('Receive') ? 'consume' : 'produce', 'sqs', '@aws-sdk/client-sqs', queue ? valueOf(queue, context) : undefined, `new ${name}`);
    return;
  }
  if (isNew && name === 'PublishCommand' && imports(context, '@aws-sdk/client-sns')) {
    const topic = objectProperty(parts.args[0], 'TopicArn');
    messaging(call, context, 'produce', 'sns', '@aws-sdk/client-sns', topic ? valueOf(topic, context) : undefined, 'new PublishCommand');
    return;
  }
  if (name === 'create' && rootName === 'Consumer' && imports(context, 'sqs-consumer')) {
    const queue = objectProperty(parts.args[0], 'queueUrl');
    messaging(call, context, 'consume', 'sqs', 'sqs-consumer', queue ? valueOf(queue, context) : undefined, 'Consumer.create');
    return;
  }
  if ((name === 'sendMessage' || name === 'receiveMessage') && imports(context, 'aws-sdk') && objectProperty(parts.args[0], 'QueueUrl')) {
    messaging(call, context, name === 'sendMessage' ? 'produce' : 'consume', 'sqs', 'aws-sdk', valueOf(objectProperty(parts.args[0], 'QueueUrl')!, context), name);
    return;
  }
  // The first queue library imported (a callee imported from one is imported too).
  const queueLibrary = isNew && (name === 'Queue' || name === 'Worker') ? ['bullmq', 'bull', 'bee-queue'].find((module) => calleeModule === module || imports(context, module)) : undefined;
  if (queueLibrary && parts.args[0]) {
    const queue = valueOf(parts.args[0], context);
    if (name === 'Worker') {
      messaging(call, context, 'consume', queueLibrary, queueLibrary, queue, 'new Worker');
    } else {
      const stored = assignedName(call);
      if (stored) context.clients.set(stored, { kind: 'queue', library: queueLibrary, system: queueLibrary, ...(queue.literal !== undefined ? { queue: queue.literal } : {}) });
    }
    return;
  }
  if (client?.kind === 'queue' && (name === 'add' || name === 'addBulk' || name === 'process' || name === 'createJob')) {
    messaging(call, context, name === 'process' ? 'consume' : 'produce', client.system ?? 'bullmq', client.library, client.queue !== undefined ? { literal: client.queue } : undefined, `${chain.join('.')}.${name}`);
    return;
  }
  if (STREAM_COMMANDS.has(name) && hasReceiver && (client?.kind === 'cache' || imports(context, 'redis', 'ioredis')) && parts.args[0]) {
    const produce = name.toLowerCase() === 'xadd';
    const streamsAt = parts.args.findIndex((arg) => literalText(arg, 'js')?.toUpperCase() === 'STREAMS');
    const stream = produce ? parts.args[0] : streamsAt >= 0 ? parts.args[streamsAt + 1] : undefined;
    messaging(call, context, produce ? 'produce' : 'consume', 'redis-streams', client?.library ?? 'redis', stream ? valueOf(stream, context) : undefined, name);
    return;
  }
  if (client?.kind === 'cache' && (name === 'publish' || name === 'subscribe') && parts.args[0]) {
    messaging(call, context, name === 'publish' ? 'produce' : 'consume', 'redis-pubsub', client.library, valueOf(parts.args[0], context), name);
    return;
  }
  if (imports(context, '@google-cloud/pubsub') && (name === 'publishMessage' || name === 'publish') && parts.receiver?.kind() === 'call_expression') {
    const inner = callParts(parts.receiver, 'js');
    if (inner?.name === 'topic' && inner.args[0]) messaging(call, context, 'produce', 'pubsub', '@google-cloud/pubsub', valueOf(inner.args[0], context), 'topic().publish');
    return;
  }
  if (imports(context, '@google-cloud/pubsub') && name === 'subscription' && parts.args[0]) {
    messaging(call, context, 'consume', 'pubsub', '@google-cloud/pubsub', valueOf(parts.args[0], context), 'subscription');
    return;
  }

  // Scheduled jobs.
  if ((rootModule === 'node-cron' && name === 'schedule') || (isNew && name === 'CronJob' && imports(context, 'cron')) || (rootModule === 'node-schedule' && name === 'scheduleJob') || (calleeModule === 'node-schedule' && name === 'scheduleJob')) {
    context.builder.signal(call, { kind: 'schedule', library: rootModule ?? calleeModule ?? 'cron', detail: isNew ? 'new CronJob' : `${chain.join('.') || name}.${name}` });
    return;
  }
  if (imports(context, 'agenda') && hasReceiver && (name === 'every' || name === 'schedule')) {
    context.builder.signal(call, { kind: 'schedule', library: 'agenda', detail: `${chain.join('.')}.${name}` });
    return;
  }

  // Entry points and shutdown.
  if (name === 'create' && rootName === 'NestFactory') {
    context.builder.signal(call, { kind: 'entry', library: '@nestjs/core', detail: 'NestFactory.create' });
    return;
  }
  if (name === 'listen' && hasReceiver && (categories.has('web') || categories.has('http'))) {
    context.builder.signal(call, { kind: 'entry', library: 'node', detail: `${chain.join('.') || parts.receiver!.text()}.listen` });
    return;
  }
  if (name === 'listen' && context.listens && startsProjectServer(parts, chain, context)) {
    context.builder.signal(call, { kind: 'entry', library: 'node', detail: `${chain.join('.') || `${parts.receiver!.text().split('(')[0]}()`}.listen` });
    return;
  }
  if (!hasReceiver && name === 'serve' && calleeModule === '@hono/node-server') {
    context.builder.signal(call, { kind: 'entry', library: '@hono/node-server', detail: 'serve' });
    return;
  }
  if (chain.length === 1 && chain[0] === 'process' && (name === 'on' || name === 'once') && parts.args[0]) {
    const first = parts.args[0];
    const signalName = literalText(first, 'js');
    if (isStopSignal(signalName)) context.builder.signal(call, { kind: 'shutdown', library: 'node', detail: `process.${name}('${signalName}')` });
    // `for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, stop)`, `signals.forEach((s) => process.on(s, stop))`.
    else if (signalName === undefined && first.kind() === 'identifier' && context.listsStopSignal()) {
      context.builder.signal(call, { kind: 'shutdown', library: 'node', detail: `process.${name}(${first.text()})` });
    }
    return;
  }
  if (name === 'enableShutdownHooks') {
    context.builder.signal(call, { kind: 'shutdown', library: '@nestjs/core', detail: 'enableShutdownHooks' });
    return;
  }
  if (name === 'createTerminus' && imports(context, '@godaddy/terminus')) {
    context.builder.signal(call, { kind: 'shutdown', library: '@godaddy/terminus', detail: 'createTerminus' });
    const checks = objectProperty(parts.args[1], 'healthChecks');
    for (const pair of checks?.children() ?? []) {
      const key = pair.kind() === 'pair' ? propertyKey(pair.field('key')) : undefined;
      if (key && key.startsWith('/')) context.builder.signal(call, { kind: 'health', library: '@godaddy/terminus', target: key, detail: 'healthChecks' });
    }
    return;
  }

  // Data access: calls on database clients, ORM models, raw SQL.
  if (client?.kind === 'db' || (chain.includes('prisma') && chain.length >= 2)) {
    if (DB_METHODS.has(name) || chain.includes('prisma')) {
      context.builder.signal(call, { kind: 'db-query', library: client?.library ?? '@prisma/client', ...(client?.system ? { system: client.system } : { system: 'prisma' }), detail: `${chain.join('.')}.${name}` });
    }
    return;
  }
  if (client?.kind === 'cache' && !CACHE_NON_COMMANDS.has(name)) {
    context.builder.signal(call, { kind: 'db-query', library: client.library, system: client.system ?? 'redis', detail: `${chain.join('.')}.${name}` });
    return;
  }
  if (name === 'model' && rootModule === 'mongoose') {
    context.builder.signal(call, { kind: 'data-model', library: 'mongoose', system: 'mongodb', detail: 'mongoose.model' });
    return;
  }
  if (isNew && name === 'Schema' && (calleeModule === 'mongoose' || rootModule === 'mongoose')) {
    context.builder.signal(call, { kind: 'data-model', library: 'mongoose', system: 'mongodb', detail: 'new Schema' });
    return;
  }
  if (name === 'define' && hasReceiver && imports(context, 'sequelize')) {
    context.builder.signal(call, { kind: 'data-model', library: 'sequelize', detail: `${chain.join('.')}.define` });
    return;
  }
  // Raw SQL: in files that import a database library, or passed to a query method (a client imported
  // from another module of the project); an early exit for everything else.
  if (!categories.has('database') && !(hasReceiver && SQL_CALLS.has(name))) return;
  const first = parts.args[0];
  // The SQL written at the call, or kept in a name first (`const sql = 'SELECT …'; pool.query(sql)`).
  const firstKind = first?.kind() as string | undefined;
  const sql = first && (firstKind === 'template_string' || firstKind === 'string' || firstKind === 'identifier') ? valueOf(first, context, firstKind).literal : undefined;
  if ((sql !== undefined && looksLikeSql(sql)) || (parts.isTagged && (name === 'sql' || name === 'SQL'))) {
    context.builder.signal(call, { kind: 'db-query', library: [...context.sources].find((source) => categories.has('database') && ['pg', 'mysql', 'mysql2', 'mysql2/promise', 'postgres', 'knex', 'better-sqlite3', 'sqlite3', 'drizzle-orm', 'kysely'].includes(source)) ?? 'sql', detail: `${chain.join('.') ? `${chain.join('.')}.` : ''}${name}` });
  }
}

/** A module of the project itself: relative, or through the usual path aliases (`@/`, `~/`, `#`). */
function isProjectModule(source: string): boolean {
  return source.startsWith('.') || source.startsWith('@/') || source.startsWith('~/') || source.startsWith('#');
}

/**
 * `app.listen(PORT)` in a file that imports no server library, on an app imported from a project
 * module (`import app from './app'`) or made by one of its functions (`const app = await buildApp()`,
 * `createApp().listen(3000)`). The facts of one file cannot see the other module, so the arguments
 * must also say it is a server: a port number, a name or expression about a port, `{ port }`.
 * (`bus.listen('orders', handler)` on a project's own emitter is not one.)
 */
function startsProjectServer(parts: ReadCallParts, chain: string[], context: JsContext): boolean {
  const first = parts.args[0];
  if (!first || !looksLikePort(first)) return false;
  if (chain.length === 1) {
    const source = context.modules.get(chain[0]!) ?? context.made.get(chain[0]!);
    return source !== undefined && isProjectModule(source);
  }
  const receiver = parts.receiver;
  if (chain.length > 0 || !receiver || receiver.kind() !== 'call_expression') return false;
  const callee = receiver.field('function');
  const source = callee?.kind() === 'identifier' ? context.modules.get(callee.text()) : undefined;
  return source !== undefined && isProjectModule(source);
}

/** A port argument: a number, `{ port }`, or a short expression that names a port (`PORT`, `config.port`, `process.env.PORT ?? 3000`). */
function looksLikePort(arg: SgNode): boolean {
  const kind = arg.kind() as string;
  if (kind === 'number') return true;
  if (kind === 'object') return objectProperty(arg, 'port') !== undefined;
  const text = arg.text();
  // A word or part of a name: `port`, `config.port`, `httpPort`, `PORT`, `APP_PORT` (not `report`, `transport`).
  return text.length <= 80 && /\b(port|PORT)|Port|_PORT/.test(text);
}

function messaging(call: SgNode, context: JsContext, direction: 'produce' | 'consume', system: string, library: string, value: ValueInfo | undefined, detail: string): void {
  const { target, fallback } = targetOf(value, 'name');
  context.builder.signal(call, { kind: direction, library, system, target, ...(fallback ? { fallback } : {}), detail });
}

interface Creation {
  kind: 'db-client' | 'cache-client';
  library: string;
  system?: string;
  pooled: boolean;
  detail: string;
  value?: ValueInfo;
}

function jsClientCreation(parts: CallParts, chain: string[], context: JsContext): Creation | undefined {
  // Arguments are read only for the calls that create a client.
  const { name, isNew } = parts;
  const calleeModule = context.modules.get(name);
  const rootModule = context.modules.get(chain[0] ?? '');
  const has = (...modules: string[]): boolean => imports(context, ...modules);
  if (isNew) {
    if (name === 'Pool' && has('pg', 'pg-pool')) return { kind: 'db-client', library: 'pg', system: 'postgres', pooled: true, detail: 'new Pool' };
    if (name === 'Client' && has('pg')) return { kind: 'db-client', library: 'pg', system: 'postgres', pooled: false, detail: 'new Client' };
    if (name === 'PrismaClient') return { kind: 'db-client', library: '@prisma/client', system: 'prisma', pooled: true, detail: 'new PrismaClient' };
    if (name === 'MongoClient') return { kind: 'db-client', library: 'mongodb', system: 'mongodb', pooled: true, detail: 'new MongoClient' };
    if (name === 'Sequelize' && has('sequelize')) {
      const options = parts.args.find((arg) => arg.kind() === 'object');
      const dialect = objectProperty(options, 'dialect');
      const dialectName = dialect ? literalText(dialect, 'js') : undefined;
      return { kind: 'db-client', library: 'sequelize', ...(systemOfScheme(dialectName) ? { system: systemOfScheme(dialectName)! } : {}), pooled: true, detail: 'new Sequelize' };
    }
    if (name === 'DataSource' && has('typeorm')) return { kind: 'db-client', library: 'typeorm', ...ormType(parts.args[0]), pooled: true, detail: 'new DataSource' };
    if ((name === 'Redis' || name === 'IORedis' || name === 'Cluster') && (calleeModule === 'ioredis' || rootModule === 'ioredis' || has('ioredis'))) return { kind: 'cache-client', library: 'ioredis', system: 'redis', pooled: true, detail: `new ${name}` };
    if (name === 'Memcached' && has('memcached')) return { kind: 'cache-client', library: 'memcached', system: 'memcached', pooled: true, detail: 'new Memcached' };
    return undefined;
  }
  if ((name === 'createPool' || name === 'createConnection') && (calleeModule?.startsWith('mysql') || rootModule?.startsWith('mysql'))) {
    return { kind: 'db-client', library: (calleeModule ?? rootModule)!, system: 'mysql', pooled: name === 'createPool', detail: chain.length ? `${chain.join('.')}.${name}` : name };
  }
  if ((name === 'connect' || name === 'createConnection') && rootModule === 'mongoose') return { kind: 'db-client', library: 'mongoose', system: 'mongodb', pooled: true, detail: `mongoose.${name}` };
  if (name === 'connect' && chain[0] === 'MongoClient') return { kind: 'db-client', library: 'mongodb', system: 'mongodb', pooled: true, detail: 'MongoClient.connect' };
  if (name === 'forRoot' && chain[0] === 'MongooseModule') return { kind: 'db-client', library: '@nestjs/mongoose', system: 'mongodb', pooled: true, detail: 'MongooseModule.forRoot' };
  if ((name === 'forRoot' || name === 'forRootAsync') && chain[0] === 'TypeOrmModule') return { kind: 'db-client', library: '@nestjs/typeorm', ...ormType(parts.args[0]), pooled: true, detail: `TypeOrmModule.${name}` };
  if (chain.length === 0 && calleeModule === 'knex') {
    const client = objectProperty(parts.args[0], 'client');
    const clientName = client ? literalText(client, 'js') : undefined;
    const connection = objectProperty(parts.args[0], 'connection');
    return { kind: 'db-client', library: 'knex', ...(systemOfScheme(clientName) ? { system: systemOfScheme(clientName)! } : {}), pooled: true, detail: 'knex', ...(connection ? { value: valueOf(connection, context) } : {}) };
  }
  if (chain.length === 0 && name === 'createClient' && calleeModule === 'redis') return { kind: 'cache-client', library: 'redis', system: 'redis', pooled: true, detail: 'createClient' };
  if (name === 'createClient' && rootModule === 'redis') return { kind: 'cache-client', library: 'redis', system: 'redis', pooled: true, detail: 'redis.createClient' };
  return undefined;
}

function ormType(options: SgNode | undefined): { system?: string } {
  const type = objectProperty(options, 'type');
  const system = systemOfScheme(type ? literalText(type, 'js') : undefined);
  return system ? { system } : {};
}
