import type { SgNode } from '@ast-grep/napi';
import { callParts, receiverNames } from './call-parts.js';
import { kindOf } from './kind-of.js';

/**
 * Calls that decode a Go request body into a local: gin's `c.ShouldBindJSON(&req)` and friends, echo's
 * `c.Bind(&req)`, fiber's `c.BodyParser(&req)`, `json.NewDecoder(r.Body).Decode(&req)`,
 * `json.Unmarshal(raw, &req)` of a body read whole, chi's `render.DecodeJSON(r.Body, &req)`.
 */
export const GO_BODY_DECODERS: ReadonlySet<string> = new Set([
  'ShouldBindJSON', 'BindJSON', 'ShouldBind', 'Bind', 'ShouldBindWith', 'BindWith', 'MustBindWith', 'ShouldBindBodyWith', 'ShouldBindBodyWithJSON',
  'BodyParser', 'Decode', 'Unmarshal', 'DecodeJSON',
]);

/** Calls that read a request body whole, as bytes: `io.ReadAll(r.Body)`, gin's `c.GetRawData()`, fiber's `c.Body()`. */
const RAW_BODY_READS: ReadonlySet<string> = new Set(['ReadAll', 'GetRawData', 'Body']);

/** Struct tag keys of the validators Go services use: go-playground/validator (`validate`), gin (`binding`), govalidator (`valid`). */
const VALIDATION_TAG_KEYS = ['validate:"', 'binding:"', 'valid:"'];

/** A request body a handler decodes into one of its locals. */
export interface GoDecodedBody {
  /** The local decoded into (`req` of `&req`). */
  local: string;
  decode: SgNode;
  /** The enclosing function's body. */
  body: SgNode;
}

/** Struct tags and embedded types that make a struct a persisted model (gorm, the MongoDB driver, sqlx, go-pg, bun). */
const MODEL_MARKS = ['gorm:"', 'bson:"', 'db:"', 'pg:"', 'bun:"', 'gorm.Model'];

/** The type a local was declared with: a map or empty interface (any JSON), an inline struct, or a named type. */
export type GoLocalType = { kind: 'untyped' } | { kind: 'inline' } | { kind: 'named'; name: string };

/** What a struct declaration says about bodies decoded into it. */
export interface GoStructInfo {
  /** Some field carries a validation tag. */
  validated: boolean;
  /** A persisted model: storage tags, `gorm.Model` embedded, or an `ID` field. */
  model: boolean;
}

/** The body `decode` (a call named in GO_BODY_DECODERS) reads into a local, if it reads a request body into one. */
export function goDecodedBody(decode: SgNode, functionBody: SgNode): GoDecodedBody | undefined {
  const parts = callParts(decode, 'go');
  if (!parts) return undefined;
  const args = parts.args;
  let target: SgNode | undefined;
  switch (parts.name) {
    case 'Decode': {
      // json.NewDecoder(r.Body).Decode(&req): the decoder must read the request body.
      const receiver = parts.receiver;
      const decoder = receiver && kindOf(receiver) === 'call_expression' ? callParts(receiver, 'go') : undefined;
      if (decoder?.name !== 'NewDecoder' || !decoder.args[0]?.text().endsWith('.Body')) return undefined;
      target = args[0];
      break;
    }
    case 'Unmarshal':
      if (!args[0] || kindOf(args[0]) !== 'identifier' || !readsBodyWhole(functionBody, args[0].text())) return undefined;
      target = args[1];
      break;
    case 'DecodeJSON':
      if (!args[0]?.text().endsWith('.Body')) return undefined;
      target = args[1];
      break;
    default: {
      // Framework binds on the request context (`c.Bind(&req)`); chi's `render.Bind(r, &req)` runs the
      // type's own `Bind` method, which is where such projects validate.
      const receiver = receiverNames(parts.receiver, 'go');
      if (receiver.length !== 1 || receiver[0] === 'render' || args.length === 0) return undefined;
      target = args[args.length - 1];
    }
  }
  const local = target ? goLocalOf(target) : undefined;
  return local ? { local, decode, body: functionBody } : undefined;
}

/** `&req` or `req` → req; anything else (a field, an index) is not a local. */
export function goLocalOf(target: SgNode): string | undefined {
  let node = target;
  if (kindOf(node) === 'unary_expression') node = node.field('operand') ?? node;
  return kindOf(node) === 'identifier' ? node.text() : undefined;
}

/** True when `name` holds the request body read whole (`raw, err := io.ReadAll(r.Body)`, `raw, _ := c.GetRawData()`). */
function readsBodyWhole(functionBody: SgNode, name: string): boolean {
  for (const declaration of functionBody.findAll({ rule: { any: [{ kind: 'short_var_declaration' }, { kind: 'assignment_statement' }] } })) {
    const left = declaration.field('left')?.namedChildren()[0];
    if (left?.text() !== name) continue;
    const value = declaration.field('right')?.namedChildren()[0];
    const read = value && kindOf(value) === 'call_expression' ? callParts(value, 'go') : undefined;
    if (!read || !RAW_BODY_READS.has(read.name)) continue;
    if (read.name === 'ReadAll') return !!read.args[0]?.text().endsWith('.Body');
    return read.args.length === 0;
  }
  return false;
}

/** The type `local` is declared with in a function body: `var req T`, `req := T{}`, `req := &T{}`, `req := new(T)`. */
export function goLocalType(functionBody: SgNode, local: string): GoLocalType | undefined {
  for (const declaration of functionBody.findAll({ rule: { any: [{ kind: 'var_spec' }, { kind: 'short_var_declaration' }] } })) {
    if (kindOf(declaration) === 'var_spec') {
      const names = declaration.namedChildren().filter((child) => kindOf(child) === 'identifier');
      const at = names.findIndex((name) => name.text() === local);
      if (at < 0) continue;
      const type = declaration.field('type');
      if (type) return typeOf(type);
      const value = declaration.field('value')?.namedChildren()[at];
      return value ? typeOfValue(value) : undefined;
    }
    const names = declaration.field('left')?.namedChildren() ?? [];
    const at = names.findIndex((name) => name.text() === local);
    if (at < 0) continue;
    const value = declaration.field('right')?.namedChildren()[at];
    return value ? typeOfValue(value) : undefined;
  }
  return undefined;
}

function typeOfValue(value: SgNode): GoLocalType | undefined {
  let node = value;
  if (kindOf(node) === 'unary_expression') node = node.field('operand') ?? node;
  if (kindOf(node) === 'composite_literal') {
    const type = node.field('type');
    return type ? typeOf(type) : undefined;
  }
  if (kindOf(node) === 'call_expression' && node.field('function')?.text() === 'new') {
    const type = node.field('arguments')?.namedChildren()[0];
    return type ? typeOf(type) : undefined;
  }
  return undefined;
}

function typeOf(type: SgNode): GoLocalType | undefined {
  const kind = kindOf(type);
  if (kind === 'pointer_type') {
    const inner = type.namedChildren()[0];
    return inner ? typeOf(inner) : undefined;
  }
  if (kind === 'map_type' || type.text() === 'any' || type.text().replace(/\s+/g, '') === 'interface{}') return { kind: 'untyped' };
  if (kind === 'struct_type') return { kind: 'inline' };
  if (kind === 'type_identifier') return { kind: 'named', name: type.text() };
  if (kind === 'qualified_type') {
    const name = type.field('name')?.text();
    return name ? { kind: 'named', name } : undefined;
  }
  return undefined;
}

/** The struct types a Go file declares, by name. */
export function goStructTypes(root: SgNode): Map<string, GoStructInfo> {
  const structs = new Map<string, GoStructInfo>();
  for (const spec of root.findAll({ rule: { kind: 'type_spec' } })) {
    const type = spec.field('type');
    const name = spec.field('name')?.text();
    if (name && type && kindOf(type) === 'struct_type') structs.set(name, structInfo(type));
  }
  return structs;
}

function structInfo(struct: SgNode): GoStructInfo {
  // Tags are string literals and embedded types single names: the struct's own text shows both.
  const text = struct.text();
  const validated = VALIDATION_TAG_KEYS.some((key) => text.includes(key));
  const model = MODEL_MARKS.some((mark) => text.includes(mark)) || (/\bI[Dd]\b/.test(text) && hasIdField(struct));
  return { validated, model };
}

function hasIdField(struct: SgNode): boolean {
  return struct.findAll({ rule: { kind: 'field_declaration' } }).some((field) => {
    const name = field.field('name')?.text();
    return name === 'ID' || name === 'Id';
  });
}
