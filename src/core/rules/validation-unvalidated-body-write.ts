import type { SgNode } from '@ast-grep/napi';
import { z } from 'zod';
import { lineOf } from '../source/language.js';
import { defineRule, type FileRuleContext, type FileView, type ProjectRuleContext } from './types.js';
import { CALL_KINDS, callParts, receiverNames } from './support/call-parts.js';
import { isInside, spanOf, type IndexedCall } from './support/call-index.js';
import { javaAnnotationName, javaAnnotations, type HandlerInfo } from './support/find-handlers.js';
import { factsForRoute, type HandlerSpan } from './support/facts-for-route.js';
import { accessChain, unwrapExpression } from './support/input-taint.js';
import { enclosingFunction } from './support/enclosing-function.js';
import { kindOf } from './support/kind-of.js';
import { validationMiddlewareOf } from './support/route-traits.js';
import { GO_BODY_DECODERS, goDecodedBody, goLocalOf, goLocalType, goStructTypes, type GoDecodedBody, type GoStructInfo } from './support/go-request-bodies.js';

type MessageId = 'rawBodyWrite';

interface PendingWrite extends HandlerSpan {
  line: number;
  call: string;
}

/** A Go body of a named type declared in another file, judged once every file's struct types are known. */
interface PendingGoWrite {
  go: true;
  typeName: string;
  line: number;
  call: string;
}

/** A Java `@RequestBody` without `@Valid` handed to a service write, judged once the tree's entities are known. */
interface PendingEntityWrite {
  entity: string;
  line: number;
  call: string;
}

type KeptWrite = PendingWrite | PendingGoWrite | PendingEntityWrite;

/**
 * What `collect` returns for a file: Go struct types with a validation tag and persisted Go models
 * without one; Java persistence entities (`@Entity`, `@Document`).
 */
interface ModelFacts {
  validated: string[];
  unvalidatedModels: string[];
  entities?: string[];
}

const WRITE_METHODS = new Set(['create', 'insert', 'insertOne', 'insertMany', 'save', 'update', 'updateOne', 'updateMany', 'findOneAndUpdate', 'findByIdAndUpdate', 'upsert', 'bulkCreate', 'createMany', 'values', 'insert_one', 'insert_many', 'update_one', 'saveAndFlush', 'persist', 'merge', 'saveAll']);
const VALIDATION_CALLS = new Set(['parse', 'safeParse', 'parseAsync', 'safeParseAsync', 'validate', 'validateSync', 'validateAsync', 'validateOrReject', 'assert', 'check', 'checkSchema', 'validationResult', 'matchedData', 'plainToInstance', 'plainToClass', 'is_valid', 'load', 'model_validate', 'parse_obj', 'validate_python', 'full_clean', 'decode']);
const PY_BODY_MEMBERS = new Set(['json', 'get_json', 'form', 'POST', 'data']);

/** Fetch-API requests (Next.js route handlers, Hono's `c.req.raw`, Remix): the body read whole. */
const JS_BODY_READS: ReadonlySet<string> = new Set(['json', 'formData']);

/** True when an expression is the whole request body (`req.body`, `request.get_json()`, `await request.json()`) or a local holding it. */
function isRawBody(node: SgNode, handler: HandlerInfo, bodyLocals: ReadonlySet<string>, family: 'js' | 'python'): boolean {
  const inner = unwrapExpression(node);
  if (kindOf(inner) === 'identifier' || kindOf(inner) === 'shorthand_property_identifier') return bodyLocals.has(inner.text());
  if (family === 'js' && kindOf(inner) === 'call_expression') {
    // `await request.json()` on the handler's Fetch-API request.
    const parts = callParts(inner, 'js');
    if (!parts || !JS_BODY_READS.has(parts.name) || parts.args.length > 0 || !parts.receiver) return false;
    const receiver = receiverNames(parts.receiver, 'js');
    return receiver.length === 1 && handler.requestNames.includes(receiver[0]!);
  }
  const chain = accessChain(inner);
  if (!chain) return false;
  // aiohttp `web.View` methods read their request as `self.request`.
  const members = chain.root === 'self' && chain.members[0] === 'request' && handler.requestNames.includes('self.request') ? chain.members.slice(1) : chain.members;
  if (members === chain.members && !handler.requestNames.includes(chain.root)) return false;
  if (family === 'js') return members.length === 1 && members[0] === 'body';
  return members.length === 1 && PY_BODY_MEMBERS.has(members[0]!);
}

/** Locals assigned the whole body: `const data = req.body`, `payload = request.get_json()`. */
function bodyLocalsOf(handler: HandlerInfo, family: 'js' | 'python'): Set<string> {
  const locals = new Set<string>();
  const kind = family === 'js' ? 'variable_declarator' : 'assignment';
  for (const declaration of handler.body.findAll({ rule: { kind } })) {
    const target = declaration.field('name') ?? declaration.field('left');
    const value = declaration.field('value') ?? declaration.field('right');
    if (target && value && kindOf(target) === 'identifier' && isRawBody(value, handler, new Set(), family)) locals.add(target.text());
  }
  return locals;
}

function validatesInside(handler: HandlerInfo, family: 'js' | 'python' | 'go' | 'java'): boolean {
  return handler.body.findAll({ rule: { any: CALL_KINDS[family].map((kind) => ({ kind })) } }).some((call) => {
    const parts = callParts(call, family);
    return !!parts && (VALIDATION_CALLS.has(parts.name) || /(Schema|Serializer|Form|Validator)$/.test(parts.name));
  });
}

/** Frameworks where validation is middleware on the route (so a route without it has none). */
const EXPLICIT_VALIDATION_FRAMEWORKS = new Set(['express', 'koa', 'hono', 'test']);

/** Receivers that are application layers, not storage: `ordersService.create(req.body)` is judged there. */
const LAYER_RECEIVER = /(service|usecase|handler|controller|manager|client|api|facade)$/i;

/** Calls that may store data: write methods on a storage receiver, model constructors. */
function writeCandidates(file: FileView, family: 'js' | 'python'): IndexedCall[] {
  // A write method's name is in the call's text; constructors are judged by their name (JS: `new` calls only).
  const words = [...WRITE_METHODS].filter((name) => file.mentionsCall(name));
  return file
    .callsWhere((call) => {
      const maybeConstructor = family === 'python' || call.kind === 'new_expression';
      if (!maybeConstructor && !words.some((word) => call.text.includes(word))) return false;
      // Model constructors: `new Product(req.body)` (JS), `Product(**request.json)` (Python).
      const constructs = maybeConstructor && /^[A-Z]/.test(call.name);
      return call.hasCallee && (WRITE_METHODS.has(call.name) || constructs);
    })
    .filter((call) => {
      const parts = callParts(call.node, family);
      if (!parts) return false;
      const receiver = receiverNames(parts.receiver, family);
      return !receiver.some((name) => LAYER_RECEIVER.test(name));
    });
}

/** Gate: a write method may be called on something the text does not show to be an application layer. */
function mayWriteStorage(file: FileView): boolean {
  for (const name of WRITE_METHODS) {
    if (!file.mentionsCall(name)) continue;
    for (const chain of file.callReceivers(name)) if (!chain || !chain.some((receiver) => LAYER_RECEIVER.test(receiver))) return true;
  }
  return false;
}

/** The write call that stores the raw body, if any. */
function rawBodyWrite(handler: HandlerInfo, family: 'js' | 'python', writes: readonly IndexedCall[]): { line: number; call: string } | undefined {
  const span = spanOf(handler.body);
  const inside = writes.filter((indexed) => isInside(indexed, span));
  if (inside.length === 0) return undefined;
  const locals = bodyLocalsOf(handler, family);
  for (const indexed of inside) {
    const call = indexed.node;
    const parts = callParts(call, family);
    if (!parts) continue;
    const isModelNew = family === 'js' && parts.isNew && /^[A-Z]/.test(parts.name);
    const isPythonModel = family === 'python' && /^[A-Z]/.test(parts.name);
    if (!WRITE_METHODS.has(parts.name) && !isModelNew && !isPythonModel) continue;
    const candidates: SgNode[] = [];
    for (const arg of parts.args) {
      if (family === 'python') {
        if (kindOf(arg) === 'dictionary_splat') candidates.push(arg.child(1) ?? arg);
        else if (!isPythonModel && kindOf(arg) !== 'keyword_argument') candidates.push(arg);
      } else {
        candidates.push(arg);
        if (kindOf(arg) === 'object') candidates.push(...storedParts(arg));
      }
    }
    if (candidates.some((candidate) => isRawBody(candidate, handler, locals, family))) return { line: lineOf(call), call: parts.name };
  }
  return undefined;
}

/**
 * What an object argument of a JavaScript write stores whole: its spreads (`{ ...req.body, ownerId }`)
 * and its `data`/`values` (Prisma, Sequelize), written out, shorthand or as objects with spreads
 * (`{ data: { ...body, published: false } }`).
 */
function storedParts(object: SgNode, depth = 0): SgNode[] {
  const parts: SgNode[] = [];
  for (const child of object.children()) {
    const kind = kindOf(child);
    if (kind === 'spread_element') parts.push(child.child(1) ?? child);
    else if (kind === 'shorthand_property_identifier' && (child.text() === 'data' || child.text() === 'values')) parts.push(child);
    else if (kind === 'pair' && ['data', 'values'].includes(child.field('key')?.text() ?? '')) {
      const value = child.field('value');
      if (!value) continue;
      parts.push(value);
      if (kindOf(value) === 'object' && depth < 2) parts.push(...storedParts(value, depth + 1).filter((part) => part.parent() && kindOf(part.parent()!) === 'spread_element'));
    }
  }
  return parts;
}

/** Calls that persist what a handler changed on a loaded model (`db.session.commit()`, `obj.save()`). */
const PY_PERSIST_CALLS = new Set(['commit', 'save', 'flush']);

/** True when an expression reads a field of the raw body: `data["name"]`, `data.get("name")`, `request.json["x"]`. */
function readsRawBodyField(node: SgNode, handler: HandlerInfo, locals: ReadonlySet<string>): boolean {
  const inner = unwrapExpression(node);
  if (kindOf(inner) === 'subscript') {
    const value = inner.field('value');
    return !!value && isRawBody(value, handler, locals, 'python');
  }
  const parts = kindOf(inner) === 'call' ? callParts(inner, 'python') : undefined;
  return !!parts?.receiver && parts.name === 'get' && isRawBody(parts.receiver, handler, locals, 'python');
}

/**
 * Python handlers that copy raw body fields onto a loaded model (`pokemon.name = data["name"]`) and
 * commit: the write is an attribute assignment, not a call, so it is judged where the file's other
 * handlers validate their bodies (the convention this handler skips).
 */
function rawBodyAssignment(handler: HandlerInfo): { line: number; call: string } | undefined {
  const locals = bodyLocalsOf(handler, 'python');
  const persists = handler.body.findAll({ rule: { kind: 'call' } }).some((call) => PY_PERSIST_CALLS.has(callParts(call, 'python')?.name ?? ''));
  if (!persists) return undefined;
  for (const assignment of handler.body.findAll({ rule: { kind: 'assignment' } })) {
    const left = assignment.field('left');
    const right = assignment.field('right');
    if (left && right && kindOf(left) === 'attribute' && readsRawBodyField(right, handler, locals)) return { line: lineOf(assignment), call: left.text() };
  }
  return undefined;
}

/** Body types that no validation pipe can check: nothing, `any`, `object`, a record or an index signature. */
function isUntypedBody(param: SgNode): boolean {
  const annotation = param.field('type');
  if (!annotation) return true;
  const type = (annotation.child(1) ?? annotation).text().replace(/\s+/g, '');
  return ['any', 'object', 'Object', 'unknown'].includes(type) || type.startsWith('Record<') || type.startsWith('{[');
}

/**
 * NestJS handlers' whole-body parameters (`@Body() body`, not `@Body('field')`) that no DTO describes:
 * `ValidationPipe` validates a body against its declared class, so an untyped one goes through as sent.
 */
function untypedNestBodies(handler: HandlerInfo): Set<string> {
  const names = new Set<string>();
  for (const param of handler.node.field('parameters')?.children() ?? []) {
    if (!['required_parameter', 'optional_parameter'].includes(kindOf(param))) continue;
    const body = param.children().find((c) => kindOf(c) === 'decorator' && c.text().replace(/\s+/g, '') === '@Body()');
    const name = param.field('pattern');
    if (body && name && kindOf(name) === 'identifier' && isUntypedBody(param)) names.add(name.text());
  }
  return names;
}

/** The first call of a Nest handler that hands an untyped body on to be stored or processed, if any. */
function untypedBodyHandedOn(handler: HandlerInfo): { line: number; call: string } | undefined {
  const bodies = untypedNestBodies(handler);
  if (bodies.size === 0) return undefined;
  for (const call of handler.body.findAll({ rule: { kind: 'call_expression' } })) {
    const parts = callParts(call, 'js');
    if (!parts?.receiver || !parts.args.some((arg) => bodies.has(unwrapExpression(arg).text()))) continue;
    const receiver = receiverNames(parts.receiver, 'js');
    if (WRITE_METHODS.has(parts.name) || receiver.some((name) => LAYER_RECEIVER.test(name))) return { line: lineOf(call), call: parts.name };
  }
  return undefined;
}

/** Python handlers that assign raw body fields to a model where the file's other handlers validate. */
function checkPythonAssignments(context: FileRuleContext<MessageId, unknown, unknown>): void {
  const handlers = context.handlers().filter((handler) => handler.requestNames.length > 0);
  const validating = new Set(handlers.filter((handler) => validatesInside(handler, 'python')));
  if (validating.size === 0) return;
  for (const handler of handlers) {
    if (validating.has(handler)) continue;
    const assigned = rawBodyAssignment(handler);
    if (assigned && context.changedLines.has(assigned.line)) context.report({ messageId: 'rawBodyWrite', data: { call: assigned.call }, line: assigned.line });
  }
}

/** Storage in Java: a repository, DAO, mapper, entity manager or template, by field name or declared type. */
const JAVA_STORAGE = /(repository|repo|dao|mapper|entitymanager|template|session)$/i;

function javaFieldTypes(root: SgNode): Map<string, string> {
  const types = new Map<string, string>();
  for (const field of root.findAll({ rule: { kind: 'field_declaration' } })) {
    const type = field.field('type')?.text() ?? '';
    for (const declarator of field.children().filter((c) => kindOf(c) === 'variable_declarator')) types.set(declarator.field('name')?.text() ?? '', type);
  }
  return types;
}

/** True when a parameter is a `@RequestBody` without `@Valid`/`@Validated`. */
function isUnvalidatedBody(param: SgNode): boolean {
  const names = javaAnnotations(param).map(javaAnnotationName);
  return names.includes('RequestBody') && !names.includes('Valid') && !names.includes('Validated');
}

/** True when a parameter is a `@Valid @RequestBody` (or `@Validated`): the file's convention for bodies. */
function isValidatedBody(param: SgNode): boolean {
  const names = javaAnnotations(param).map(javaAnnotationName);
  return names.includes('RequestBody') && (names.includes('Valid') || names.includes('Validated'));
}

/** Service methods that store what they are given (`clinicService.saveVisit(visit)`, `orders.create(order)`). */
const JAVA_LAYER_WRITE = /^(save|create|add|insert|update|persist|store|import|register|upsert)/;

/**
 * Calls that read a Javalin or Vert.x request body as sent: `ctx.bodyAsClass(Task.class)`,
 * `ctx.bodyStreamAsClass(…)`, `ctx.body().asJsonObject()`, `ctx.body().asPojo(…)`, `ctx.getBodyAsJson()`.
 * (`ctx.bodyValidator(Task.class).check(…).get()` is Javalin's validated read.)
 */
const JAVA_RAW_BODY_CALLS: ReadonlySet<string> = new Set(['bodyAsClass', 'bodyStreamAsClass', 'asJsonObject', 'asPojo', 'getBodyAsJson']);
/** Calls that validate a Java body in the handler: Javalin's validator, Bean Validation, Vert.x schema validators. */
const JAVA_HANDLER_VALIDATION = new Set(['bodyValidator', 'validate', 'validateAndThrow']);

/** The raw body a call reads, if it is one: Vert.x `asJsonObject`/`asPojo` only on `ctx.body()`. */
function isJavaRawBodyCall(parts: NonNullable<ReturnType<typeof callParts>>): boolean {
  if (parts.name === 'asJsonObject' || parts.name === 'asPojo') {
    return !!parts.receiver && kindOf(parts.receiver) === 'method_invocation' && callParts(parts.receiver, 'java')?.name === 'body';
  }
  return true;
}

/** True when `arg` is the local `name` or reads one of its fields (`task.title()`, `json.getString("title")`, `task.title`). */
function javaArgUses(arg: SgNode, name: string, fields: boolean): boolean {
  if (arg.text() === name) return true;
  if (!fields) return false;
  let current: SgNode | null | undefined = arg;
  for (let depth = 0; current && depth < 6; depth++) {
    const kind = kindOf(current);
    if (kind === 'identifier') return current.text() === name;
    if (kind === 'method_invocation') current = current.field('object');
    else if (kind === 'field_access') current = current.field('object');
    else return false;
  }
  return false;
}

/**
 * Javalin and Vert.x handlers that read the body as sent (`ctx.bodyAsClass(…)`, `ctx.body().asJsonObject()`)
 * and hand it to storage. The whole object stored is reported as Spring's unvalidated `@RequestBody` is;
 * its fields copied into a write count where the file's other handlers validate their bodies
 * (`ctx.bodyValidator(…)`): the convention this handler skips.
 */
function checkJavaContextBodies(context: FileRuleContext<MessageId, unknown, unknown>, fieldTypes: () => Map<string, string>): void {
  const siblingsValidate = context.mentionsCall('bodyValidator', 'validate');
  const judged = new Set<number>();
  for (const { node: read } of context.callsNamed(JAVA_RAW_BODY_CALLS)) {
    const readParts = callParts(read, 'java');
    if (!readParts || !isJavaRawBodyCall(readParts)) continue;
    const fn = enclosingFunction(read, 'java');
    const body = fn?.field('body');
    if (!fn || !body || judged.has(fn.id())) continue;
    judged.add(fn.id());
    const declarator = read.parent();
    const local = declarator && kindOf(declarator) === 'variable_declarator' ? declarator.field('name')?.text() : undefined;
    const calls = body.findAll({ rule: { kind: 'method_invocation' } });
    if (calls.some((call) => JAVA_HANDLER_VALIDATION.has(callParts(call, 'java')?.name ?? ''))) continue;
    for (const call of calls) {
      const parts = callParts(call, 'java');
      if (!parts || !parts.receiver || call.id() === read.id()) continue;
      const receiver = receiverNames(parts.receiver, 'java').pop() ?? '';
      const storage = JAVA_STORAGE.test(receiver) || JAVA_STORAGE.test(fieldTypes().get(receiver) ?? '');
      const writes = (storage && (WRITE_METHODS.has(parts.name) || JAVA_LAYER_WRITE.test(parts.name))) || (!storage && siblingsValidate && JAVA_LAYER_WRITE.test(parts.name));
      if (!writes) continue;
      const whole = parts.args.some((arg) => arg.id() === read.id() || (!!local && javaArgUses(arg, local, false)));
      const fields = siblingsValidate && !!local && parts.args.some((arg) => javaArgUses(arg, local, true));
      if ((whole || fields) && context.changedLines.has(lineOf(call))) {
        context.report({ messageId: 'rawBodyWrite', data: { call: parts.name }, line: lineOf(call) });
        break;
      }
    }
  }
}

/** JAX-RS methods that take a request entity. */
const JAX_RS_BODY_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);
/** Panache active-record writes on the entity itself (`item.persist()`). */
const PANACHE_WRITES: ReadonlySet<string> = new Set(['persist', 'persistAndFlush']);

/**
 * JAX-RS (Quarkus, Jersey, RESTEasy) resource methods whose entity parameter (the one parameter with
 * no annotation, `create(Item item)`) is stored whole without `@Valid`: `item.persist()`,
 * `repository.persist(item)`, `em.persist(item)`.
 */
function checkJaxRsBodies(context: FileRuleContext<MessageId, unknown, unknown>, fieldTypes: () => Map<string, string>): void {
  for (const handler of context.handlers()) {
    const verbs = javaAnnotations(handler.node).map(javaAnnotationName);
    if (!verbs.some((verb) => JAX_RS_BODY_METHODS.has(verb))) continue;
    const entities = (handler.node.field('parameters')?.children() ?? []).filter((param) => kindOf(param) === 'formal_parameter' && javaAnnotations(param).length === 0);
    const entity = entities.length === 1 ? entities[0]!.field('name')?.text() : undefined;
    if (!entity) continue;
    for (const call of handler.body.findAll({ rule: { kind: 'method_invocation' } })) {
      const parts = callParts(call, 'java');
      if (!parts) continue;
      const receiver = receiverNames(parts.receiver, 'java').pop() ?? '';
      const activeRecord = PANACHE_WRITES.has(parts.name) && receiver === entity && parts.args.length === 0;
      const storage = JAVA_STORAGE.test(receiver) || JAVA_STORAGE.test(fieldTypes().get(receiver) ?? '');
      const stored = storage && (WRITE_METHODS.has(parts.name) || PANACHE_WRITES.has(parts.name)) && parts.args.some((arg) => arg.text() === entity);
      if ((activeRecord || stored) && context.changedLines.has(lineOf(call))) {
        context.report({ messageId: 'rawBodyWrite', data: { call: parts.name }, line: lineOf(call) });
        break;
      }
    }
  }
}

/** Annotations that make a Java class a persisted entity (JPA, Spring Data MongoDB/JDBC). */
const JAVA_ENTITY_ANNOTATIONS: ReadonlySet<string> = new Set(['Entity', 'Document', 'Table']);

/** The entity classes a Java file declares. */
function javaEntities(root: SgNode): string[] {
  return root
    .findAll({ rule: { kind: 'class_declaration' } })
    .filter((declaration) => javaAnnotations(declaration).some((annotation) => JAVA_ENTITY_ANNOTATIONS.has(javaAnnotationName(annotation))))
    .map((declaration) => declaration.field('name')?.text() ?? '')
    .filter(Boolean);
}

function checkJava(context: FileRuleContext<MessageId, unknown, unknown>): void {
  let types: Map<string, string> | undefined;
  if (context.mentionsCall(...JAVA_RAW_BODY_CALLS)) checkJavaContextBodies(context, () => (types ??= javaFieldTypes(context.root)));
  if (context.mentions('@POST', '@PUT', '@PATCH') && context.mentionsCall(...PANACHE_WRITES, ...WRITE_METHODS)) checkJaxRsBodies(context, () => (types ??= javaFieldTypes(context.root)));
  if (!context.mentions('@RequestBody')) return;
  // Cheapest first: without an unvalidated `@RequestBody` parameter anywhere, no handler has one.
  if (!context.nodes('formal_parameter').some((param) => param.text().includes('RequestBody') && isUnvalidatedBody(param))) return;
  const fieldTypes = javaFieldTypes(context.root);
  const classValidated = context.root.findAll({ rule: { kind: 'class_declaration' } }).some((c) => javaAnnotations(c).some((a) => javaAnnotationName(a) === 'Validated'));
  if (classValidated) return;
  // When the other handlers of the file validate their bodies, a body handed unvalidated to a service
  // write breaks that convention (a service may validate on its own; the file's convention says it does not).
  const siblingsValidate = context.nodes('formal_parameter').some((param) => param.text().includes('RequestBody') && isValidatedBody(param));
  for (const handler of context.handlers()) {
    /** Unvalidated body parameters by name, with their declared type. */
    const unvalidated = new Map<string, string>();
    for (const param of handler.node.field('parameters')?.children().filter((p) => kindOf(p) === 'formal_parameter') ?? []) {
      if (isUnvalidatedBody(param)) unvalidated.set(param.field('name')?.text() ?? '', param.field('type')?.text() ?? '');
    }
    if (unvalidated.size === 0) continue;
    for (const call of handler.body.findAll({ rule: { kind: 'method_invocation' } })) {
      const parts = callParts(call, 'java');
      const body = parts?.args.find((arg) => unvalidated.has(arg.text()));
      if (!parts || !body) continue;
      const receiver = receiverNames(parts.receiver, 'java').pop() ?? '';
      const storage = JAVA_STORAGE.test(receiver) || JAVA_STORAGE.test(fieldTypes.get(receiver) ?? '');
      if ((storage && WRITE_METHODS.has(parts.name)) || (!storage && siblingsValidate && receiver !== '' && JAVA_LAYER_WRITE.test(parts.name))) {
        context.report({ messageId: 'rawBodyWrite', data: { call: parts.name }, line: lineOf(call) });
        break;
      }
      // A body that is itself an entity handed to a service write (`service.save(author)`): the entity is
      // built from the client's JSON whatever the service does; judged once the tree's entities are known.
      if (!storage && receiver !== '' && JAVA_LAYER_WRITE.test(parts.name) && context.changedLines.has(lineOf(call))) {
        context.keep({ entity: unvalidated.get(body.text())!, line: lineOf(call), call: parts.name } satisfies PendingEntityWrite);
        break;
      }
    }
  }
}

/** Write methods of Go storage clients: gorm (`Create`, `Save`, `Updates`), the MongoDB driver (`InsertOne`), repositories. */
const GO_WRITE_METHODS: ReadonlySet<string> = new Set(['Create', 'CreateInBatches', 'FirstOrCreate', 'Save', 'Insert', 'InsertOne', 'InsertMany', 'Update', 'Updates', 'UpdateOne', 'UpdateByID', 'ReplaceOne', 'Upsert']);
/** Storage methods named for what they store (`CreateTodo`, `SaveOrder`): writes when the receiver is storage by name. */
const GO_WRITE_PREFIX = /^(Create|Insert|Save|Update|Upsert|Store)[A-Z]/;
const GO_STORAGE_RECEIVER = /(db|tx|repo|repository|store|storage|dao|queries|coll|collection)$/i;
/** Application layers in Go naming (`h.svc`, `h.usecase`): a body handed to them is judged there. */
const GO_LAYER_RECEIVER = /(service|svc|usecase|usecases|handler|controller|manager|client|api|facade|logic|biz|interactor)$/i;
/** go-playground/validator's entry points (`validate.Struct(req)`). */
const GO_STRUCT_VALIDATORS: ReadonlySet<string> = new Set(['Struct', 'StructCtx', 'StructPartial', 'StructPartialCtx', 'StructExcept', 'StructExceptCtx']);

/** The storage write in the handler that receives the decoded body whole (`db.Create(&req)`), if any. */
function goBodyWrite(decoded: GoDecodedBody, calls: readonly SgNode[]): { line: number; call: string } | undefined {
  const decodeId = decoded.decode.id();
  for (const call of calls) {
    if (call.id() === decodeId) continue;
    const parts = callParts(call, 'go');
    if (!parts?.receiver) continue;
    const exact = GO_WRITE_METHODS.has(parts.name);
    if (!exact && !GO_WRITE_PREFIX.test(parts.name)) continue;
    const receiver = receiverNames(parts.receiver, 'go');
    if (receiver.some((name) => GO_LAYER_RECEIVER.test(name))) continue;
    // A lone short name (`h.Create(…)` on the handler itself) is not storage unless it says so; gorm
    // chains (`h.db.WithContext(ctx).Create`) have no plain receiver and are judged by the method.
    const storage = GO_STORAGE_RECEIVER.test(receiver[receiver.length - 1] ?? '');
    if (exact ? receiver.length === 1 && !storage : !storage) continue;
    if (parts.args.some((arg) => goLocalOf(arg) === decoded.local)) return { line: lineOf(call), call: parts.name };
  }
  return undefined;
}

/** A validator called in the handler: `validate.Struct(req)`, `c.Validate(&req)`, `req.Validate()`, `validateCreateUser(req)`. */
function validatesGoBody(calls: readonly SgNode[]): boolean {
  return calls.some((call) => {
    const name = callParts(call, 'go')?.name ?? '';
    const lower = name.toLowerCase();
    return lower.startsWith('validat') || lower.startsWith('isvalid') || lower === 'valid' || lower === 'check' || GO_STRUCT_VALIDATORS.has(name);
  });
}

/**
 * Go handlers that decode the body into a persisted model or a map (`c.ShouldBindJSON(&user)`,
 * `json.NewDecoder(r.Body).Decode(&body)`) and store it whole (`db.Create(&user)`) with nothing
 * validating it: no validator call in the handler, and no `validate`/`binding` tags on the struct (gin
 * checks `binding` tags as it binds). A request struct of its own (`UpdateBookInput`, an inline struct)
 * already lists the fields a client may set, so only models and maps let a client set any column. A
 * struct declared in another file is judged in `checkProject`, once every file's struct types are known.
 */
function checkGo(context: FileRuleContext<MessageId, Record<string, never>, KeptWrite>): void {
  let structs: Map<string, GoStructInfo> | undefined;
  const judged = new Set<number>();
  for (const { node: decode } of context.callsNamed(GO_BODY_DECODERS)) {
    const fn = enclosingFunction(decode, 'go');
    const body = fn?.field('body');
    if (!fn || !body || judged.has(fn.id())) continue;
    const decoded = goDecodedBody(decode, body);
    if (!decoded) continue;
    judged.add(fn.id());
    const calls = body.findAll({ rule: { kind: 'call_expression' } });
    const write = goBodyWrite(decoded, calls);
    if (!write || !context.changedLines.has(write.line) || validatesGoBody(calls)) continue;
    const type = goLocalType(body, decoded.local);
    if (!type) continue;
    if (type.kind === 'named') {
      const struct = (structs ??= goStructTypes(context.root)).get(type.name);
      if (!struct) context.keep({ go: true, typeName: type.name, ...write });
      else if (struct.model && !struct.validated) context.report({ messageId: 'rawBodyWrite', data: { call: write.call }, line: write.line });
      continue;
    }
    if (type.kind === 'untyped') context.report({ messageId: 'rawBodyWrite', data: { call: write.call }, line: write.line });
  }
}

/**
 * Bodies judged with the whole tree's models: Go bodies of types declared elsewhere (reported when the
 * service declares the type as a persisted model with no validation tag), and Java `@RequestBody`
 * entities handed to a service write.
 */
function checkPendingModels(context: ProjectRuleContext<MessageId, Record<string, never>, ModelFacts, KeptWrite>): void {
  for (const path of context.changedLines.keys()) {
    const kept = context.kept(path);
    const entityWrites = kept.filter((write): write is PendingEntityWrite => 'entity' in write);
    const pending = kept.filter((write): write is PendingGoWrite => 'go' in write);
    if (pending.length === 0 && entityWrites.length === 0) continue;
    const root = context.serviceRootOf(path);
    const inService = context.collected.filter((entry) => context.serviceRootOf(entry.path) === root);
    for (const write of entityWrites) {
      const type = write.entity.replace(/<.*$/, '');
      if (inService.some(({ facts }) => facts.entities?.includes(type.slice(type.lastIndexOf('.') + 1)))) context.report({ path, messageId: 'rawBodyWrite', data: { call: write.call }, line: write.line });
    }
    for (const write of pending) {
      // Unknown (generated elsewhere, a dependency's), a request type, or validated somewhere: not judged.
      if (!inService.some(({ facts }) => facts.unvalidatedModels.includes(write.typeName))) continue;
      if (inService.some(({ facts }) => facts.validated.includes(write.typeName))) continue;
      context.report({ path, messageId: 'rawBodyWrite', data: { call: write.call }, line: write.line });
    }
  }
}

export const unvalidatedBodyWrite = defineRule<MessageId, Record<string, never>, ModelFacts, KeptWrite>({
  id: 'validation/unvalidated-body-write',
  meta: {
    checklist: 'api.input-validation',
    severity: 'medium',
    languages: ['js', 'python', 'go', 'java'],
    description: 'The whole request body written to the database with no schema or validator on the way (`Model.create(req.body)`, `create({ data: await request.json() })`, `Model(**request.json)`, a Go model bound from the body and created with no `validate`/`binding` tags or validator call, a `@RequestBody` or JAX-RS entity saved without `@Valid`).',
    rationale:
      'Storing the body as sent lets a client set any field the model has (`role`, `isAdmin`, `price`, `ownerId`: mass assignment), store wrong types and sizes, and bypass every business rule. Parse the body with a schema that lists the accepted fields (zod, Joi, class-validator DTOs, pydantic, marshmallow, DRF serializers, go-playground/validator tags, Bean Validation with `@Valid`) and write only what it returns.',
    messages: {
      rawBodyWrite: {
        title: 'The request body is stored without validation',
        message: '`{call}` receives the raw request body and nothing validates it first. Parse it with a schema that whitelists the accepted fields and write the parsed result (mass assignment otherwise lets clients set any column).',
      },
    },
    options: z.object({}).strict(),
    examples: {
      js: {
        bad: "router.post('/products', async (req, res) => {\n  const product = await Product.create(req.body);\n  res.status(201).json(product);\n});\n",
        good: "router.post('/products', async (req, res) => {\n  const input = productSchema.parse(req.body);\n  const product = await Product.create(input);\n  res.status(201).json(product);\n});\n",
        badRoutes: [{ method: 'POST', path: '/products', line: 1, handler: [1, 4] }],
        goodRoutes: [{ method: 'POST', path: '/products', line: 1, handler: [1, 5] }],
      },
      python: {
        bad: '@app.route("/products", methods=["POST"])\ndef create_product():\n    product = Product(**request.get_json())\n    db.session.add(product)\n    db.session.commit()\n    return jsonify(product.to_dict()), 201\n',
        good: '@app.route("/products", methods=["POST"])\ndef create_product():\n    data = ProductSchema().load(request.get_json())\n    product = Product(**data)\n    db.session.add(product)\n    db.session.commit()\n    return jsonify(product.to_dict()), 201\n',
      },
      go: {
        bad: 'package handlers\n\ntype Product struct {\n\tID    uint   `json:"id" gorm:"primaryKey"`\n\tName  string `json:"name"`\n\tPrice int    `json:"price"`\n}\n\nfunc (h *Handler) CreateProduct(c *gin.Context) {\n\tvar product Product\n\tif err := c.ShouldBindJSON(&product); err != nil {\n\t\tc.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})\n\t\treturn\n\t}\n\th.db.Create(&product)\n\tc.JSON(http.StatusCreated, product)\n}\n',
        good: 'package handlers\n\ntype Product struct {\n\tID    uint   `json:"id" gorm:"primaryKey"`\n\tName  string `json:"name" binding:"required,max=200"`\n\tPrice int    `json:"price" binding:"gte=0"`\n}\n\nfunc (h *Handler) CreateProduct(c *gin.Context) {\n\tvar product Product\n\tif err := c.ShouldBindJSON(&product); err != nil {\n\t\tc.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})\n\t\treturn\n\t}\n\th.db.Create(&product)\n\tc.JSON(http.StatusCreated, product)\n}\n',
      },
      java: {
        bad: 'class ProductController {\n  @PostMapping("/products")\n  public Product create(@RequestBody Product product) {\n    return productRepository.save(product);\n  }\n}\n',
        good: 'class ProductController {\n  @PostMapping("/products")\n  public Product create(@Valid @RequestBody ProductRequest request) {\n    return productRepository.save(request.toEntity());\n  }\n}\n',
      },
    },
  },
  plan(file) {
    if (file.family === 'go') return file.mentionsCall(...GO_BODY_DECODERS) ? CALL_KINDS.go : false;
    if (!file.mentions(...(file.family === 'js' ? ['.body', '@Body(', '.json()', '.formData()'] : file.family === 'python' ? ['request.', 'req.'] : ['@RequestBody', '@POST', '@PUT', '@PATCH', ...JAVA_RAW_BODY_CALLS]))) return false;
    // JavaScript writes are `new` models or write methods on a receiver that is not an application
    // layer (Python models are any capitalised call): the text shows the receivers of most calls.
    // NestJS bodies are parameters, handed on to services: their type decides.
    if (file.family === 'js' && !file.mentions('@Body()') && !file.mentionsName('new') && !mayWriteStorage(file)) return false;
    if (file.family === 'java') return ['formal_parameter', ...(file.mentionsCall(...JAVA_RAW_BODY_CALLS) || file.mentions('@POST', '@PUT', '@PATCH') ? CALL_KINDS.java : [])];
    return CALL_KINDS[file.family];
  },
  collect(file): ModelFacts | undefined {
    if (file.family === 'java') {
      if (!file.mentions('@Entity', '@Document', '@Table')) return undefined;
      const entities = javaEntities(file.root);
      return entities.length > 0 ? { validated: [], unvalidatedModels: [], entities } : undefined;
    }
    if (file.family !== 'go' || !file.mentions('struct')) return undefined;
    const facts: ModelFacts = { validated: [], unvalidatedModels: [] };
    for (const [name, struct] of goStructTypes(file.root)) {
      if (struct.validated) facts.validated.push(name);
      else if (struct.model) facts.unvalidatedModels.push(name);
    }
    return facts.validated.length > 0 || facts.unvalidatedModels.length > 0 ? facts : undefined;
  },
  checkFile(context) {
    if (context.family === 'go') return checkGo(context);
    if (context.family === 'java') return checkJava(context);
    if (context.family !== 'js' && context.family !== 'python') return;
    const family = context.family;
    if (family === 'js' && context.mentions('@Body()')) {
      for (const handler of context.handlers()) {
        const handed = handler.method ? untypedBodyHandedOn(handler) : undefined;
        if (handed && context.changedLines.has(handed.line)) context.report({ messageId: 'rawBodyWrite', data: { call: handed.call }, line: handed.line });
      }
    }
    if (family === 'python') checkPythonAssignments(context);
    const writes = writeCandidates(context, family);
    if (writes.length === 0) return;
    for (const handler of context.handlers()) {
      if (handler.requestNames.length === 0 || handler.guards.some((guard) => validationMiddlewareOf({ middleware: [guard] }))) continue;
      const write = rawBodyWrite(handler, family, writes);
      if (!write || !context.changedLines.has(write.line) || validatesInside(handler, family)) continue;
      // Handlers registered inline show their middleware here; others are judged with their route.
      if (handler.method || family === 'python') context.report({ messageId: 'rawBodyWrite', data: { call: write.call }, line: write.line });
      else context.keep({ startLine: handler.startLine, endLine: handler.endLine, ...write });
    }
  },
  checkProject(context) {
    checkPendingModels(context);
    for (const change of context.routeChanges) {
      // Fastify (route `schema`), NestJS (global ValidationPipe) and the like validate where routes do not show it.
      if (change.kind === 'removed' || !EXPLICIT_VALIDATION_FRAMEWORKS.has(change.route.framework)) continue;
      // A GET has no body to store: kept writes near its line belong to the next route's handler.
      if (change.route.method === 'GET' || change.route.method === 'HEAD') continue;
      const pending = factsForRoute(change.route, (path) => context.kept(path).filter((kept): kept is PendingWrite => 'startLine' in kept));
      if (!pending || validationMiddlewareOf(change.route)) continue;
      context.report({ path: change.route.handler?.file ?? change.route.file, messageId: 'rawBodyWrite', data: { call: pending.call }, line: pending.line });
    }
  },
  assess(change) {
    const validator = validationMiddlewareOf(change.route);
    if (validator) return { status: 'satisfied', evidence: `validation: ${validator}` };
    if (change.route.method === 'GET' || change.route.method === 'DELETE') return undefined;
    return undefined;
  },
});
