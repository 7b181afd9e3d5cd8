import type { SgNode } from '@ast-grep/napi';
import { stableHash } from '../../../../hash.js';
import { endLineOf, lineOf, type ParsedFile } from '../../../../source/language.js';
import type { HandlerRef } from '../../../types.js';
import { collectJavaFacts, readHeader } from './collect-java-facts.js';
import type { JavaFileFacts, TypeFacts, ValueExpr } from './java-facts.js';
import { JavaIndex, type ResolvedText, type TypeRef } from './java-index.js';
import { readValueExpr } from './read-value-expr.js';

/**
 * Shared pieces of the extractors of Java frameworks that declare routes in code rather than in
 * annotations (Javalin, Vert.x Web): an outline of the classes (methods with their lines, for handler
 * references across files), the declared types of names, handler expressions and path arguments.
 */

/** A method of an outlined class: a handler `Controller::list` points to one. */
export interface OutlineMethod {
  name: string;
  startLine: number;
  endLine: number;
  hash: string;
}

/** A class of a file that uses the framework, with its methods and the types of its fields. */
export interface OutlineType {
  name: string;
  methods: OutlineMethod[];
  fields: Record<string, string>;
  superclass?: string;
  interfaces: string[];
}

/** A handler expression as written: a method reference, a lambda, a `new` or a name. */
export interface HandlerFacts {
  text: string;
  line: number;
  endLine: number;
  /** `Type::method` / `var::method` / `this::method`: the receiver's type, when the file says it. */
  ref?: { type: string; method: string };
  /** `new UserController()`: the class instantiated (Javalin crud, Vert.x handler classes). */
  created?: string;
  hash: string;
}

/** Facts shared by the code-route extractors of a file: header, outline and the shared Java facts (constants). */
export interface CodeFileFacts {
  path: string;
  header: Pick<JavaFileFacts, 'package' | 'imports' | 'staticImports'>;
  outline: OutlineType[];
  /** The shared Java facts (constants for paths written as names). */
  java?: JavaFileFacts;
}

const CLASS_RULE = { rule: { any: [{ kind: 'class_declaration' }, { kind: 'enum_declaration' }, { kind: 'record_declaration' }] } };

/** Header and class outline of a file whose text names the framework. */
export function readCodeFile(file: ParsedFile): CodeFileFacts {
  const java = collectJavaFacts(file);
  return { path: file.path, header: java ?? readHeader(file.root), outline: file.root.findAll(CLASS_RULE).map(readOutlineType), ...(java ? { java } : {}) };
}

/**
 * A file that does not use the framework but declares constants (`Paths.USERS`), from the shared
 * Java facts other extractors have already read (they are cached per file).
 */
export function constantsOf(file: ParsedFile): CodeFileFacts | undefined {
  const java = collectJavaFacts(file);
  if (!java?.types.some((type) => Object.keys(type.constants).length > 0)) return undefined;
  return { path: file.path, header: java, outline: [], java };
}

function readOutlineType(node: SgNode): OutlineType {
  const methods: OutlineMethod[] = [];
  const fields: Record<string, string> = {};
  for (const member of node.field('body')?.namedChildren() ?? []) {
    if (member.kind() === 'method_declaration') {
      methods.push({ name: member.field('name')?.text() ?? '', startLine: lineOf(member), endLine: endLineOf(member), hash: stableHash(member.text()) });
    } else if (member.kind() === 'field_declaration') {
      const type = simpleType(member.field('type'));
      for (const declarator of member.findAll({ rule: { kind: 'variable_declarator' } })) {
        const name = declarator.field('name')?.text();
        if (name && type) fields[name] = type;
      }
    }
  }
  const superclass = node.field('superclass')?.namedChildren()[0];
  const interfaces = node.children().find((child) => child.kind() === 'super_interfaces')?.namedChildren()[0]?.namedChildren() ?? [];
  return {
    name: node.field('name')?.text() ?? '',
    methods,
    fields,
    ...(superclass ? { superclass: simpleType(superclass) } : {}),
    interfaces: interfaces.map((type) => simpleType(type)),
  };
}

/** `List<User>` → `List`, `com.acme.Router` → `Router`. */
export function simpleType(node: SgNode | null | undefined): string {
  if (!node) return '';
  const text = node.text().replace(/<[\s\S]*>/, '').replace(/\[\]/g, '').trim();
  return text.slice(text.lastIndexOf('.') + 1);
}

/** The arguments of a call, without comments. */
export function argumentsOf(call: SgNode): SgNode[] {
  return (call.field('arguments')?.namedChildren() ?? []).filter((arg) => arg.kind() !== 'line_comment' && arg.kind() !== 'block_comment');
}

/** The method name of a call. */
export function callName(call: SgNode): string {
  return call.field('name')?.text() ?? '';
}

/**
 * The declared type of a name where it is used: a local variable, a parameter (lambda parameters
 * have none), a field of the enclosing class. `var x = new T()`/`var x = T.create()` count as T.
 */
export function declaredType(use: SgNode, name: string): { type: string; init?: SgNode } | undefined {
  for (const scope of use.ancestors()) {
    const kind = scope.kind();
    if (kind === 'method_declaration' || kind === 'constructor_declaration' || kind === 'lambda_expression') {
      for (const param of scope.field('parameters')?.namedChildren() ?? []) {
        if (param.field('name')?.text() === name) return { type: simpleType(param.field('type')) };
      }
    }
    if (kind === 'block' || kind === 'constructor_body' || kind === 'class_body') {
      for (const statement of scope.namedChildren()) {
        if (statement.kind() !== 'local_variable_declaration' && statement.kind() !== 'field_declaration') continue;
        if (statement.kind() === 'local_variable_declaration' && statement.range().start.index > use.range().start.index) continue;
        for (const declarator of statement.findAll({ rule: { kind: 'variable_declarator' } })) {
          if (declarator.field('name')?.text() !== name) continue;
          const init = declarator.field('value') ?? undefined;
          const written = simpleType(statement.field('type'));
          return { type: written === 'var' && init ? typeOfInit(init) : written, ...(init ? { init } : {}) };
        }
      }
    }
  }
  return undefined;
}

/** `new T(...)` → T, `T.create(...)` → T: the type of an initialiser when `var` hides it. */
function typeOfInit(init: SgNode): string {
  if (init.kind() === 'object_creation_expression') return simpleType(init.field('type'));
  let current: SgNode | null = init;
  while (current?.kind() === 'method_invocation') {
    const object: SgNode | null = current.field('object');
    if (object?.kind() === 'identifier' && /^[A-Z]/.test(object.text())) return object.text();
    current = object;
  }
  return '';
}

/** The handler expression of a registration, with what it refers to. */
export function readHandler(node: SgNode): HandlerFacts {
  const base: HandlerFacts = { text: node.text().replace(/\s+/g, ' '), line: lineOf(node), endLine: endLineOf(node), hash: stableHash(node.text()) };
  if (node.kind() === 'method_reference') {
    const parts = node.namedChildren();
    const receiver = parts[0];
    const method = parts[parts.length - 1]?.text() ?? '';
    if (!receiver) return base;
    return { ...base, ref: { type: receiverType(receiver, node), method } };
  }
  if (node.kind() === 'object_creation_expression') return { ...base, created: simpleType(node.field('type')) };
  if (node.kind() === 'identifier') {
    const declared = declaredType(node, node.text());
    if (declared?.init?.kind() === 'object_creation_expression') return { ...base, created: simpleType(declared.init.field('type')) };
  }
  return base;
}

/** The type a method reference's receiver names: `this`, a type, a variable or field, `new T()`. */
function receiverType(receiver: SgNode, use: SgNode): string {
  if (receiver.kind() === 'this') return enclosingClass(use) ?? '';
  if (receiver.kind() === 'object_creation_expression') return simpleType(receiver.field('type'));
  const text = receiver.text();
  if (receiver.kind() === 'identifier' && !/^[A-Z]/.test(text)) return declaredType(use, text)?.type ?? '';
  if (receiver.kind() === 'field_access' && receiver.field('object')?.kind() === 'this') {
    const field = receiver.field('field')?.text() ?? '';
    return declaredType(use, field)?.type ?? '';
  }
  return simpleType(receiver);
}

/** The name of the class a node is written in. */
export function enclosingClass(node: SgNode): string | undefined {
  return node.ancestors().find((ancestor) => ancestor.kind() === 'class_declaration' || ancestor.kind() === 'enum_declaration')?.field('name')?.text();
}

/** A path argument: literals, concatenations and constant names (resolved at link time). */
export function readPath(node: SgNode): ValueExpr {
  return readValueExpr(node);
}

/** Outlines and constants of every file, for handler references and constant paths. */
export class CodeIndex {
  private readonly types = new Map<string, Array<{ type: OutlineType; file: string }>>();
  private readonly java: JavaIndex;
  private readonly byPath = new Map<string, CodeFileFacts>();

  constructor(files: readonly CodeFileFacts[]) {
    for (const file of files) {
      this.byPath.set(file.path, file);
      for (const type of file.outline) {
        const list = this.types.get(type.name) ?? [];
        list.push({ type, file: file.path });
        this.types.set(type.name, list);
      }
    }
    this.java = new JavaIndex(files.flatMap((file) => (file.java ? [file.java] : [])));
  }

  /** The method a handler refers to, looking through superclasses; undefined when the tree does not say. */
  method(typeName: string, methodName: string, depth = 0): { method: OutlineMethod; owner: string; file: string } | undefined {
    for (const { type, file } of this.types.get(typeName) ?? []) {
      const method = type.methods.find((candidate) => candidate.name === methodName);
      if (method) return { method, owner: type.name, file };
      if (type.superclass && depth < 8) {
        const inherited = this.method(type.superclass, methodName, depth + 1);
        if (inherited) return inherited;
      }
    }
    return undefined;
  }

  /** A class by its simple name. */
  type(name: string): OutlineType | undefined {
    return this.types.get(name)?.[0]?.type;
  }

  /** A handler as a route's handler reference: the method it names, or the expression itself. */
  handlerRef(handler: HandlerFacts, file: string): { ref: HandlerRef; hash: string } {
    // A handler object (`new SearchHandler()`) runs its `handle` method (Vert.x and Javalin's Handler).
    const target = handler.ref ? this.method(handler.ref.type, handler.ref.method) : handler.created ? this.method(handler.created, 'handle') : undefined;
    if (target) return { ref: { name: `${target.owner}.${target.method.name}`, file: target.file, startLine: target.method.startLine, endLine: target.method.endLine }, hash: target.method.hash };
    const name = handler.ref ? handler.text : handler.text.includes('->') ? undefined : handler.text;
    return { ref: { ...(name ? { name } : {}), file, startLine: handler.line, endLine: handler.endLine }, hash: handler.hash };
  }

  /** A path expression's text: constants resolved through the shared Java index where the tree declares them. */
  evaluate(expr: ValueExpr, file: string, className: string | undefined): ResolvedText {
    if (expr.kind === 'string') return { text: expr.value, unresolved: [] };
    const facts = this.byPath.get(file);
    if (!facts) return { text: '', unresolved: [describe(expr)] };
    const [first, ...more] = this.java.evaluate(expr, this.ownerOf(facts, className));
    return first && more.length === 0 ? first : { text: '', unresolved: [describe(expr)] };
  }

  private ownerOf(facts: CodeFileFacts, className: string | undefined): TypeRef {
    const declared = facts.java?.types.find((type) => type.name === className);
    const header: JavaFileFacts = facts.java ?? { path: facts.path, ...facts.header, types: [] };
    if (declared) return { type: declared, file: header };
    const name = className ?? '';
    const type: TypeFacts = {
      name, qualifiedName: [facts.header.package, name].filter((part) => part !== '').join('.'), kind: 'class', isAbstract: false,
      annotations: [], interfaces: [], constants: {}, methods: [], requiredFields: [], line: 1,
    };
    return { type, file: header };
  }
}

function describe(expr: ValueExpr): string {
  switch (expr.kind) {
    case 'ref':
      return expr.name;
    case 'other':
      return expr.text;
    case 'string':
      return JSON.stringify(expr.value);
    default:
      return 'a computed path';
  }
}
