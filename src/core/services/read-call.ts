import type { SgNode } from '@ast-grep/napi';
import { awaitedExpression, type CallParts } from '../rules/support/call-parts.js';
import type { CodeFamily } from './types.js';

interface CalleeFields {
  member: string;
  object: string;
  property: string;
}

const CALLEE_FIELDS: Record<CodeFamily, CalleeFields> = {
  js: { member: 'member_expression', object: 'object', property: 'property' },
  python: { member: 'attribute', object: 'object', property: 'attribute' },
  go: { member: 'selector_expression', object: 'operand', property: 'field' },
  java: { member: '', object: 'object', property: 'name' },
};

/**
 * A call's parts, plus its receiver as names when the callee is a plain chain (`this.repo.save`), and
 * the callee's own text (`new a.B` → `a.B`).
 */
export type ReadCallParts = CallParts & { chain?: string[]; calleeText?: string };

/**
 * The parts of a call with its arguments (and, for plain chains, its receiver node) read only when
 * asked: most calls of a file are only recorded as call sites, and every node visited through the
 * bindings costs more than the rest of the work. `kind` is the call node's kind when the caller knows
 * it already (each `kind()` crosses into native code).
 */
export function readCall(node: SgNode, family: CodeFamily, kind?: string): ReadCallParts | undefined {
  if (family === 'java') return readJavaCall(node, kind ?? (node.kind() as string));
  const isNew = family === 'js' && (kind ?? (node.kind() as string)) === 'new_expression';
  let callee = node.field(isNew ? 'constructor' : 'function');
  if (!callee) return undefined;
  let text = callee.text();
  if (family === 'js' && text.startsWith('await') && (callee.kind() as string) === 'await_expression') {
    // `await pool.query<Row>(sql)` parses as a call of `await pool.query` (see `awaitedExpression`).
    const awaited = awaitedExpression(callee);
    if (!awaited) return undefined;
    callee = awaited;
    text = callee.text();
  }
  const fields = CALLEE_FIELDS[family];
  const dot = plainChainLastDot(text);
  if (dot !== undefined) {
    // `name` or `a.b.name`: the names are the callee's own text.
    if (dot === -1) return new LazyCall(node, family, callee, fields, text, isNew, text, [], null);
    return new LazyCall(node, family, callee, fields, text, isNew, text.slice(dot + 1), text.slice(0, dot).split('.'), undefined);
  }
  // Calls on calls (`a().b()`), subscripts, optional chains: split the callee node itself.
  if ((callee.kind() as string) === fields.member) {
    const property = callee.field(fields.property)?.text();
    if (!property) return undefined;
    return new LazyCall(node, family, callee, fields, text, isNew, property, undefined, callee.field(fields.object));
  }
  const name = lastName(text);
  return name ? new LazyCall(node, family, callee, fields, text, isNew, name, undefined, null) : undefined;
}

/**
 * When the callee's text is a dotted chain of plain names (`name`, `this.repo.save`), the index of its
 * last dot (-1 for a single name); undefined otherwise. Only identifiers and member accesses (and
 * single keywords such as `super`, which read the same either way) have such a text: a member access
 * written over several lines, with comments, optional chaining, calls or subscripts fails the test and
 * is read node by node. This looks at the callee node's own text, never at the file.
 */
function plainChainLastDot(text: string): number | undefined {
  let last = -1;
  let start = true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 46 /* . */) {
      if (start) return undefined;
      last = i;
      start = true;
      continue;
    }
    const letter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 /* _ */ || code === 36; /* $ */
    if (!letter && (start || code < 48 || code > 57)) return undefined;
    start = false;
  }
  return start ? undefined : last;
}

/**
 * `receiver.name(…)` and `new Type(…)` in Java, read as `callParts` reads them (name, receiver and
 * type first; arguments on first use).
 */
function readJavaCall(node: SgNode, kind: string): ReadCallParts | undefined {
  if (kind === 'method_invocation') {
    const name = node.field('name');
    if (!name) return undefined;
    return new LazyCall(node, 'java', node, CALLEE_FIELDS.java, undefined, false, name.text(), undefined, node.field('object'));
  }
  if (kind === 'object_creation_expression') {
    const type = node.field('type');
    if (!type) return undefined;
    const text = type.kind() === 'generic_type' ? (type.child(0)?.text() ?? type.text()) : type.text();
    return new LazyCall(node, 'java', node, CALLEE_FIELDS.java, undefined, true, lastName(text), undefined, null);
  }
  return undefined;
}

/** Syntax kinds that end a receiver chain with a plain name (`this`, `self`, identifiers). */
const CHAIN_NAME_KINDS = new Set(['identifier', 'this', 'self', 'field_identifier', 'property_identifier', 'type_identifier', 'package_identifier']);
/** Member access per family: its kind, then the fields of its object and of its property name. */
const MEMBER_ACCESS: Record<CodeFamily, [kind: string, object: string, property: string]> = {
  js: ['member_expression', 'object', 'property'],
  python: ['attribute', 'object', 'attribute'],
  go: ['selector_expression', 'operand', 'field'],
  java: ['field_access', 'object', 'field'],
};

/**
 * The receiver chain as names: `this.prisma.user` → ['this', 'prisma', 'user']; empty when not a plain
 * chain. The same answer as `receiverNames`, reading each node's kind once.
 */
export function receiverChain(receiver: SgNode | undefined, family: CodeFamily): string[] {
  if (!receiver) return [];
  const [memberKind, objectField, propertyField] = MEMBER_ACCESS[family];
  const names: string[] = [];
  let node: SgNode | null = receiver;
  while (node) {
    const kind = node.kind() as string;
    if (CHAIN_NAME_KINDS.has(kind)) {
      names.unshift(node.text());
      return names;
    }
    if (kind !== memberKind) return [];
    const object: SgNode | null = node.field(objectField);
    const property = node.field(propertyField);
    if (!object || !property) return [];
    names.unshift(property.text());
    node = object;
  }
  return names;
}

/** Call parts whose receiver node, arguments and tag are read from the tree on first use. */
class LazyCall implements ReadCallParts {
  private argumentList: SgNode | null | undefined;
  private argumentNodes: SgNode[] | undefined;
  private tagged: boolean | undefined;

  constructor(
    private readonly node: SgNode,
    private readonly family: CodeFamily,
    private readonly callee: SgNode,
    private readonly fields: CalleeFields,
    readonly calleeText: string | undefined,
    readonly isNew: boolean,
    readonly name: string,
    readonly chain: string[] | undefined,
    /** null: no receiver; undefined: not read yet. */
    private receiverNode: SgNode | null | undefined,
  ) {}

  get receiver(): SgNode | undefined {
    if (this.receiverNode === undefined) this.receiverNode = this.callee.field(this.fields.object);
    return this.receiverNode ?? undefined;
  }

  get isTagged(): boolean {
    return (this.tagged ??= this.family === 'js' && this.list()?.kind() === 'template_string');
  }

  get args(): SgNode[] {
    if (this.argumentNodes) return this.argumentNodes;
    const list = this.list();
    this.argumentNodes = !list || this.isTagged ? [] : list.namedChildren().filter((child) => !(child.kind() as string).includes('comment'));
    return this.argumentNodes;
  }

  private list(): SgNode | null {
    if (this.argumentList === undefined) this.argumentList = this.node.field('arguments');
    return this.argumentList;
  }
}

/** Last name of a callee that is not a plain chain: `f<T>` → f, `(a.b)` → b (as the rule helpers read it). */
function lastName(text: string): string {
  const withoutGenerics = text.split('<')[0]!.split('(')[0]!.trim();
  return withoutGenerics.split('.').pop() ?? withoutGenerics;
}
