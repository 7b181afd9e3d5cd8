import type { Range, SgNode } from '@ast-grep/napi';
import { stableHash } from '../../../../hash.js';
import { fastHash } from './fast-hash.js';

/**
 * A Python expression copied out of its syntax tree as plain data, so that the link step (which runs
 * after every tree is freed) can still evaluate prefixes, receivers and view references.
 */
export type PyExpr =
  | { k: 'str'; v: string; raw: string }
  /** f-string: literal pieces and interpolated expressions, in order. */
  | { k: 'fstr'; parts: Array<string | PyExpr>; raw: string }
  | { k: 'name'; id: string }
  | { k: 'attr'; obj: PyExpr; name: string }
  | PyCall
  /** List or tuple display. */
  | { k: 'list'; items: PyExpr[]; tuple?: boolean }
  | { k: 'dict'; entries: Array<[PyExpr, PyExpr]> }
  /** Subscript, and generic types in annotations: `Annotated[User, Depends(x)]`, `os.environ["X"]`. */
  | { k: 'sub'; obj: PyExpr; items: PyExpr[] }
  | { k: 'bin'; op: string; l: PyExpr; r: PyExpr }
  /** `a if test else b`. */
  | { k: 'cond'; a: PyExpr; test: PyExpr; b: PyExpr }
  /** `*x` (or `**x` when dbl) inside a list display or an argument list. */
  | { k: 'splat'; e: PyExpr; dbl?: boolean }
  | { k: 'num'; v: string }
  | { k: 'const'; v: 'True' | 'False' | 'None' }
  | { k: 'other'; kind: string; text: string };

export interface PyCall {
  k: 'call';
  fn: PyExpr;
  args: PyExpr[];
  kw: Array<[string, PyExpr]>;
  /** 1-based line; 0 when not kept (parameter markers and other calls nested in expressions). */
  line: number;
  /** Hash of the source text of calls that declare routes (path(), register(), add_url_rule()). */
  h?: string;
}

/**
 * Keyword arguments the extractors read. Others (response_model, tags, summary, name, …) are skipped:
 * copying them costs more than the rest of a decorator. Route signatures hash the declaration's text,
 * so they still change when a skipped argument does.
 */
const READ_KEYWORDS = new Set([
  'path', 'prefix', 'url_prefix', 'methods', 'dependencies', 'endpoint', 'view_func', 'rule', 'router', 'app', 'blueprint',
  'detail', 'url_path', 'permission_classes', 'authentication_classes', 'throttle_classes', 'lookup', 'parent_router',
  'parent_prefix', 'include_root_view', 'route', 'view', 'regex', 'arg', 'actions', 'http_method_names', 'request_method_list',
  'default', 'env_prefix', 'decorators', 'name', 'viewset', 'scopes', 'required', 'login_url', 'perm', 'prefix_default_language',
  // Starlette, aiohttp, Sanic, Litestar.
  'routes', 'middleware', 'middlewares', 'route_handlers', 'guards', 'handler', 'http_method', 'version', 'version_prefix', 'uri', 'method',
]);

/** Callees whose calls declare routes: their line is reported. */
const DECLARING_CALLEES = new Set([
  'path', 're_path', 'url', 'register', 'add_url_rule', 'add_api_route', 'add_route', 'add_resource', 'api_route',
  'Route', 'WebSocketRoute', 'Mount', 'add_get', 'add_post', 'add_put', 'add_patch', 'add_delete', 'add_head', 'add_view', 'add_websocket_route',
]);

/** aiohttp route definitions (`web.get('/x', handler)`, `aiohttp.web.get(…)` in an `add_routes([...])` list): their line is reported. */
const AIOHTTP_ROUTE_DEFS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'route', 'view']);

/** Beyond these, displays are summarised as `other`: settings modules hold large literals we never need whole. */
const MAX_DEPTH = 14;
const MAX_ITEMS = 400;
const MAX_OTHER_TEXT = 160;
/** Nodes one top-level expression may copy: data tables (unicode maps, fixtures) are not worth copying. */
const NODE_BUDGET = 3000;
/** Longer literals are templates or documents, never paths. */
const MAX_STRING_BYTES = 2000;

let budget = NODE_BUDGET;

let knownLine = 0;

/** The module being read: declaration hashes slice its text instead of copying node text out of the tree. */
export interface PySource {
  text: string;
  /** Byte offsets equal string offsets (an ASCII file). */
  ascii: boolean;
}

let source: PySource | undefined;

/** Sets (or clears) the module the next conversions read. */
export function setPySource(next: PySource | undefined): void {
  source = next;
}

/** Hash of a node's source text, sliced from the module when offsets allow. */
export function hashNodeText(node: SgNode, range: Range = node.range()): string {
  if (source?.ascii) return fastHash(source.text.slice(range.start.index, range.end.index));
  return fastHash(node.text());
}

/** Copies an expression node (or a `type` annotation node) into a PyExpr; `line` saves a position lookup when the caller knows it. */
export function toPyExpr(node: SgNode, line = 0): PyExpr {
  budget = NODE_BUDGET;
  knownLine = line;
  return convert(node, 0);
}

function convert(node: SgNode, depth: number): PyExpr {
  if (depth > MAX_DEPTH || --budget < 0) return { k: 'other', kind: 'truncated', text: '' };
  const kind = node.kind();
  switch (kind) {
    case 'identifier':
      return { k: 'name', id: node.text() };
    case 'attribute': {
      // Dotted names (`settings.API_V1_STR`, `views.ArticleList`) are read from their text in one step.
      const text = node.text();
      if (DOTTED_NAME.test(text)) return dottedExpr(text);
      const obj = node.field('object');
      const name = node.field('attribute');
      if (!obj || !name) return other(node);
      return { k: 'attr', obj: convert(obj, depth + 1), name: name.text() };
    }
    case 'call':
      return toPyCall(node, depth);
    case 'string':
      return toPyString(node, depth);
    case 'concatenated_string':
      return concatStrings(node.namedChildren().filter((child) => child.kind() === 'string').map((child) => toPyString(child, depth)), node.text());
    case 'list':
    case 'tuple':
    case 'expression_list':
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'set': {
      const items = namedItems(node).slice(0, MAX_ITEMS).map((child) => convert(child, depth + 1));
      return kind === 'list' || kind === 'set' || kind === 'list_pattern' ? { k: 'list', items } : { k: 'list', items, tuple: true };
    }
    case 'dictionary': {
      const entries: Array<[PyExpr, PyExpr]> = [];
      for (const pair of node.namedChildren()) {
        if (pair.kind() !== 'pair') continue;
        if (entries.length >= MAX_ITEMS) break;
        const key = pair.field('key');
        const value = pair.field('value');
        if (key && value) entries.push([convert(key, depth + 1), convert(value, depth + 1)]);
      }
      return { k: 'dict', entries };
    }
    case 'subscript': {
      const value = node.field('value');
      if (!value) return other(node);
      const items = node.fieldChildren('subscript').map((child) => convert(child, depth + 1));
      return { k: 'sub', obj: convert(value, depth + 1), items };
    }
    case 'generic_type': {
      // Annotation form of a subscript: `Annotated[User, Depends(x)]`.
      const children = node.namedChildren();
      const head = children.find((child) => child.kind() === 'identifier' || child.kind() === 'attribute');
      const params = children.find((child) => child.kind() === 'type_parameter');
      if (!head) return other(node);
      const items = params ? params.namedChildren().map((child) => convert(child, depth + 1)) : [];
      return { k: 'sub', obj: convert(head, depth + 1), items };
    }
    case 'member_type': {
      const text = node.text();
      if (DOTTED_NAME.test(text)) return dottedExpr(text);
      const parts = node.namedChildren();
      if (parts.length !== 2) return other(node);
      return { k: 'attr', obj: convert(parts[0]!, depth + 1), name: parts[1]!.text() };
    }
    case 'type': {
      const text = node.text();
      if (PLAIN_NAME.test(text)) return dottedExpr(text);
      const inner = node.namedChildren().find((child) => child.kind() !== 'comment');
      return inner ? convert(inner, depth) : other(node);
    }
    case 'parenthesized_expression':
    // `sub = await create_sub_app()`: an async factory's result is what it returns.
    case 'await':
    case 'expression_statement': {
      const inner = node.namedChildren().find((child) => child.kind() !== 'comment');
      return inner ? convert(inner, depth) : other(node);
    }
    case 'conditional_expression': {
      const [a, test, b] = node.namedChildren().filter((child) => child.kind() !== 'comment');
      if (!a || !test || !b) return other(node);
      return { k: 'cond', a: convert(a, depth + 1), test: convert(test, depth + 1), b: convert(b, depth + 1) };
    }
    case 'binary_operator': {
      const left = node.field('left');
      const right = node.field('right');
      const operator = node.field('operator');
      if (!left || !right || !operator) return other(node);
      return { k: 'bin', op: operator.text(), l: convert(left, depth + 1), r: convert(right, depth + 1) };
    }
    case 'list_splat':
    case 'dictionary_splat': {
      const inner = node.namedChildren()[0];
      return inner ? { k: 'splat', e: convert(inner, depth + 1), ...(kind === 'dictionary_splat' ? { dbl: true } : {}) } : other(node);
    }
    case 'integer':
    case 'float':
      return { k: 'num', v: node.text() };
    case 'true':
      return { k: 'const', v: 'True' };
    case 'false':
      return { k: 'const', v: 'False' };
    case 'none':
      return { k: 'const', v: 'None' };
    default:
      return other(node);
  }
}

/** A name or dotted name. */
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** A plain dotted name: nothing between the names but dots (no spaces, comments or calls). */
const DOTTED_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/;

function dottedExpr(text: string): PyExpr {
  const names = text.split('.');
  let expr: PyExpr = { k: 'name', id: names[0]! };
  for (let i = 1; i < names.length; i++) expr = { k: 'attr', obj: expr, name: names[i]! };
  return expr;
}

function other(node: SgNode): PyExpr {
  const text = node.text();
  return { k: 'other', kind: String(node.kind()), text: text.length > MAX_OTHER_TEXT ? text.slice(0, MAX_OTHER_TEXT) + '…' : text };
}

function namedItems(node: SgNode): SgNode[] {
  return node.namedChildren().filter((child) => child.kind() !== 'comment');
}

function toPyCall(node: SgNode, depth: number): PyExpr {
  // [function, arguments] in one round trip.
  const [fnNode, argsNode] = node.namedChildren();
  if (!fnNode) return other(node);
  const fn = convert(fnNode, depth + 1);
  const args: PyExpr[] = [];
  const kw: Array<[string, PyExpr]> = [];
  if (argsNode && argsNode.kind() === 'argument_list') {
    for (const arg of argsNode.namedChildren()) {
      const kind = arg.kind();
      if (kind === 'comment') continue;
      if (kind === 'keyword_argument') {
        // The name is the text up to `=`; values of keywords no extractor reads are not copied.
        const text = arg.text();
        const name = text.slice(0, text.indexOf('=')).trim();
        if (!READ_KEYWORDS.has(name)) continue;
        const value = arg.field('value');
        if (value) kw.push([name, convert(value, depth + 1)]);
      } else {
        args.push(convert(arg, depth + 1));
      }
    }
  }
  const call: PyCall = { k: 'call', fn, args, kw, line: 0 };
  const callee = fn.k === 'name' ? fn.id : fn.k === 'attr' ? fn.name : undefined;
  // A position costs a round trip: kept for calls that declare routes or may construct apps and routers.
  const declaring =
    callee !== undefined && (DECLARING_CALLEES.has(callee) || (AIOHTTP_ROUTE_DEFS.has(callee) && fn.k === 'attr' && ((fn.obj.k === 'name' && fn.obj.id === 'web') || (fn.obj.k === 'attr' && fn.obj.name === 'web'))));
  if (depth === 0 && knownLine > 0 && !declaring) {
    call.line = knownLine;
  } else if (depth === 0 || declaring || (callee && /^[A-Z]/.test(callee) && !PARAMETER_CALLEES.has(callee))) {
    const range = node.range();
    call.line = range.start.line + 1;
    if (declaring) call.h = hashNodeText(node, range);
  }
  return call;
}

/** FastAPI parameter markers and other calls that never construct an app or router. */
const PARAMETER_CALLEES = new Set(['Depends', 'Security', 'Query', 'Path', 'Body', 'Header', 'Cookie', 'Form', 'File', 'Field', 'HTTPException']);

function toPyString(node: SgNode, depth: number): PyExpr {
  const raw = node.text();
  if (raw.length > MAX_STRING_BYTES) return { k: 'other', kind: 'long-string', text: '' };
  const quoteAt = Math.max(0, raw.search(/["']/));
  const prefix = raw.slice(0, quoteAt).toLowerCase();
  const isRaw = prefix.includes('r');
  if (!prefix.includes('f')) {
    // The literal's own text: prefix, quotes (single or triple), body.
    const quote = raw.startsWith('"""', quoteAt) || raw.startsWith("'''", quoteAt) ? 3 : 1;
    const body = raw.slice(quoteAt + quote, Math.max(quoteAt + quote, raw.length - quote));
    return { k: 'str', v: isRaw ? body : decodeEscapes(body), raw };
  }
  const parts: Array<string | PyExpr> = [];
  for (const child of node.namedChildren()) {
    if (child.kind() === 'string_content') {
      const text = child.text().replace(/\{\{/g, '{').replace(/\}\}/g, '}');
      parts.push(isRaw ? text : decodeEscapes(text));
    } else if (child.kind() === 'interpolation') {
      const expression = child.field('expression');
      parts.push(expression ? convert(expression, depth + 1) : { k: 'other', kind: 'interpolation', text: child.text() });
    }
  }
  return { k: 'fstr', parts, raw };
}

function concatStrings(pieces: PyExpr[], raw: string): PyExpr {
  if (pieces.every((piece) => piece.k === 'str')) {
    return { k: 'str', v: pieces.map((piece) => (piece.k === 'str' ? piece.v : '')).join(''), raw };
  }
  const parts: Array<string | PyExpr> = [];
  for (const piece of pieces) {
    if (piece.k === 'str') parts.push(piece.v);
    else if (piece.k === 'fstr') parts.push(...piece.parts);
  }
  return { k: 'fstr', parts, raw };
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

/** Decodes the escapes a non-raw literal may hold in a path: `\\`, quotes, `\n`; unknown escapes stay as written (Python does the same). */
function decodeEscapes(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(.)/g, (whole, char: string) => SIMPLE_ESCAPES[char] ?? whole);
}

/** The dotted form of a name or attribute chain (`app.api.router`), or undefined for anything else. */
export function dottedName(expr: PyExpr): string | undefined {
  if (expr.k === 'name') return expr.id;
  if (expr.k === 'attr') {
    const base = dottedName(expr.obj);
    return base === undefined ? undefined : `${base}.${expr.name}`;
  }
  return undefined;
}

/** The last name of a callee: `Depends` for `fastapi.Depends(...)`, `as_view` for `X.as_view()`. */
export function lastName(expr: PyExpr): string | undefined {
  if (expr.k === 'name') return expr.id;
  if (expr.k === 'attr') return expr.name;
  return undefined;
}

/** A keyword argument of a call, or undefined. */
export function keywordArg(call: PyCall, name: string): PyExpr | undefined {
  for (const [key, value] of call.kw) if (key === name) return value;
  return undefined;
}

/** Positional argument `index`, or keyword `name` when it was passed by name. */
export function argument(call: PyCall, index: number, name: string): PyExpr | undefined {
  const positional = call.args.filter((arg) => arg.k !== 'splat');
  return positional[index] ?? keywordArg(call, name);
}

/**
 * Canonical source-like text of an expression, used for middleware names (`Depends(get_db)`,
 * `permission_required('polls.view')`). Layout differences in the source never change it.
 */
export function exprText(expr: PyExpr): string {
  switch (expr.k) {
    case 'str':
    case 'fstr':
      return expr.raw;
    case 'name':
      return expr.id;
    case 'attr':
      return `${exprText(expr.obj)}.${expr.name}`;
    case 'call':
      return `${exprText(expr.fn)}(${[...expr.args.map(exprText), ...expr.kw.map(([key, value]) => `${key}=${exprText(value)}`)].join(', ')})`;
    case 'list': {
      const inner = expr.items.map(exprText).join(', ');
      return expr.tuple ? `(${inner}${expr.items.length === 1 ? ',' : ''})` : `[${inner}]`;
    }
    case 'dict':
      return `{${expr.entries.map(([key, value]) => `${exprText(key)}: ${exprText(value)}`).join(', ')}}`;
    case 'sub':
      return `${exprText(expr.obj)}[${expr.items.map(exprText).join(', ')}]`;
    case 'bin':
      return `${exprText(expr.l)} ${expr.op} ${exprText(expr.r)}`;
    case 'cond':
      return `${exprText(expr.a)} if ${exprText(expr.test)} else ${exprText(expr.b)}`;
    case 'splat':
      return `${expr.dbl ? '**' : '*'}${exprText(expr.e)}`;
    case 'num':
    case 'const':
      return expr.v;
    case 'other':
      return expr.text.replace(/\s+/g, ' ');
  }
}

/** Hash of a declaring call for route signatures: its source text when kept, else its canonical text. */
export function declarationHash(expr: PyExpr): string {
  return expr.k === 'call' && expr.h ? expr.h : stableHash(exprText(expr));
}

/** A plain dotted name (`FastAPI`, `deps.CurrentUser`) as an expression, from its text. */
export function nameExpr(text: string): PyExpr {
  return dottedExpr(text);
}
