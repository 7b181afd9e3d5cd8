/**
 * Plain, serialisable facts the Go route extractors keep from each file once its syntax tree is gone:
 * the package, its imports, constants, struct fields, function signatures, and — for the few
 * functions that touch routers — a small intermediate form of their bodies (statements and
 * expressions) that the interpreter in `go-interpreter.ts` runs over.
 */

/** A type as written: `*gin.Engine` → {pkg: 'github.com/gin-gonic/gin', name: 'Engine'}; `[]Handler` → {name: 'Handler', slice: true}. */
export interface GoTypeRef {
  /** Import path of a qualified type; undefined for a type of the same package (or a builtin). */
  pkg?: string;
  name: string;
  slice?: true;
}

/** One expression of a function body, reduced to what routing needs. */
export type GoExpr =
  | { k: 'str'; v: string }
  | { k: 'id'; n: string }
  | { k: 'sel'; x: GoExpr; n: string }
  | GoCall
  | GoFuncLit
  | { k: 'bin'; op: string; l: GoExpr; r: GoExpr }
  /** `&x`, `*x`, `(x)`, `x.(T)`: the same value for our purposes. */
  | { k: 'ref'; x: GoExpr }
  | GoCompositeLit
  | { k: 'idx'; x: GoExpr }
  /** Anything else (numbers, maps, slices of slices…); `t` is its source text, shortened. */
  | { k: '?'; t: string };

export interface GoCall {
  k: 'call';
  f: GoExpr;
  a: GoExpr[];
  /** The last argument is spread (`args...`). */
  spread?: true;
  line: number;
  endLine: number;
  /** Source text, whitespace collapsed and shortened: names middleware and handlers. */
  t: string;
  /** Hash of the whole call text, kept for calls that may declare a route (the route's signature). */
  h?: string;
}

export interface GoFuncLit {
  k: 'fn';
  params: GoParam[];
  line: number;
  endLine: number;
  /** Hash of the body text (handler signatures). */
  bodyHash: string;
  /** `func(next http.Handler) http.Handler`: how the literal reads when it is used as a name. */
  sig: string;
  /** Present when the literal itself touches routers (chi `Route` callbacks); otherwise opaque. */
  body?: GoStmt[];
}

export interface GoCompositeLit {
  k: 'lit';
  type?: GoTypeRef;
  /** Field names, in order, of an anonymous struct type (`struct{ method, path string }{...}`). */
  fields?: string[];
  /** Keyed (`Field: value`) or positional elements. */
  els: Array<{ key?: string; v: GoExpr }>;
  /**
   * Where a route table's row (a literal with a path among its elements) is written, and the hash of
   * its text: a route registered from the row is declared there, not at the loop that registers it.
   */
  row?: { line: number; h: string };
}

export type GoStmt =
  /** `a, b := x, y` and `var a T = x`. */
  | { k: 'def'; names: string[]; vals: GoExpr[]; type?: GoTypeRef; line: number }
  /** `a.b = x` and `a = x`. */
  | { k: 'set'; lhs: GoExpr[]; vals: GoExpr[]; line: number }
  | { k: 'do'; e: GoExpr }
  | { k: 'ret'; vals: GoExpr[] }
  /** A nested block; `cond` when it runs conditionally (if/switch/loop bodies). */
  | { k: 'blk'; body: GoStmt[]; cond?: true }
  | { k: 'range'; key?: string; val?: string; over: GoExpr; body: GoStmt[] };

export interface GoParam {
  name?: string;
  type?: GoTypeRef;
  variadic?: true;
}

export interface GoFuncFacts {
  name: string;
  /** Receiver type name (same package), for methods. */
  recv?: string;
  recvName?: string;
  params: GoParam[];
  /** First result type. */
  result?: GoTypeRef;
  line: number;
  endLine: number;
  bodyHash: string;
  /** The body in intermediate form, only for functions that may touch routers. */
  body?: GoStmt[];
}

export interface GoStructFacts {
  fields: Record<string, GoTypeRef>;
  /** Embedded fields, by the type name they are reached with. */
  embedded: GoTypeRef[];
  /** Every field name in declaration order (an embedded one by its type's name), when some are embedded: positional literals (`&Router{httprouter.New()}`) follow it. */
  order?: string[];
}

export interface GoImport {
  /** Explicit alias (`g "github.com/gin-gonic/gin"`), `.` for dot imports; absent for the default name. */
  alias?: string;
  path: string;
}

export interface GoPackageVar {
  type?: GoTypeRef;
  init?: GoExpr;
  /** `const` (never reassigned) rather than `var`. */
  isConst?: true;
}

/** Everything the Go extractors keep from one file. */
export interface GoFileFacts {
  path: string;
  dir: string;
  pkg: string;
  imports: GoImport[];
  vars: Record<string, GoPackageVar>;
  types: Record<string, GoStructFacts>;
  /**
   * Element types of named slice and map types (`type Routes []Route`, `type Routes map[string]Route`):
   * a route table's elements may elide their struct type (`Routes{{"GET", "/x", h}}`).
   */
  elems?: Record<string, GoTypeRef>;
  /** Method names of interface types (`type Router interface { Routes() Routes }`). */
  ifaces?: Record<string, string[]>;
  funcs: GoFuncFacts[];
}
