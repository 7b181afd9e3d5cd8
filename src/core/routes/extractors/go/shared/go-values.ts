import type { GoFuncLit } from './go-facts.js';
import type { FuncInfo } from './go-program.js';
import type { Frame, Scope } from './go-scope.js';

/** Extractor ids of the Go frameworks (also `Route.framework`). */
export type GoFrameworkId = 'gin' | 'echo' | 'chi' | 'net-http' | 'gorilla-mux' | 'fiber' | 'go-zero' | 'kratos' | 'hertz' | 'httprouter';

/**
 * A string as far as the code lets us know it: `text` is what is known; `partial` when a piece was
 * computed at run time and could not be resolved; `env` names an environment variable whose value is
 * unknown, so that a later `if v == "" { v = "/api" }` can supply the fallback.
 */
export interface StrVal {
  text: string;
  partial?: true;
  notes?: string[];
  env?: string;
  /**
   * Where a string literal passed to a function of the tree was written (`a.handle("GET /x", h)`):
   * a route whose path comes from a helper's parameter is declared there, not inside the helper.
   */
  origin?: { file: string; line: number; hash: string };
}

/** How a router is reached from its parent: the prefix and the middleware the mount adds. */
export interface Mount {
  parent: RouterNode;
  prefix: StrVal;
  /** How many of the parent's `Use` middleware apply below it (a snapshot, or every one). */
  parentMiddleware: number;
  middleware: string[];
  /** Method restriction of the mount (gorilla `Methods(...).Subrouter()`). */
  methods?: string[];
}

/**
 * A router, group or sub-router value. `root` routers come from a constructor (`gin.New()`) and start
 * at '/' unless mounted; `unbound` ones are parameters whose caller was not found; `lazy` ones stand for
 * a struct field or package variable, resolved at the end from every value stored into it.
 */
export interface RouterNode {
  id: number;
  framework: GoFrameworkId;
  /** Framework-specific kind: 'engine', 'group', 'mux', 'subrouter'… */
  kind: string;
  origin: 'root' | 'derived' | 'unbound' | 'lazy';
  mounts: Mount[];
  /** Middleware from `Use`, in order. */
  middleware: string[];
  /** Echo `Pre` middleware: they run before `Use` ones; counted at the front of `middleware`. */
  preMiddleware?: number;
  /** Routes and sub-routers see every `Use`, even later ones (chi, gorilla, echo's root) rather than a snapshot (gin, fiber, echo groups). */
  liveMiddleware: boolean;
  /** For unbound routers: whether the (unknown) prefix makes paths partial, and why. */
  unbound?: { partial: boolean; note: string };
  /** For lazy routers: the store key. */
  lazyKey?: string;
}

/** A type resolved to its package: a module directory (`dir`) or an external import path (`pkg`). */
export interface ResolvedType {
  /** Package key: the directory of a package of this tree, or the import path of an external one. */
  pkg: string;
  local: boolean;
  name: string;
  slice?: true;
}

/** Abstract values the interpreter computes. */
export type GoValue =
  | { t: 'router'; node: RouterNode }
  | { t: 'str'; s: StrVal }
  | { t: 'obj'; type: ResolvedType; fields: Map<string, GoValue> }
  /** `name`: as for `unknown`, what the caller wrote for it when it came in as an argument. */
  | { t: 'typed'; type: ResolvedType; name?: string }
  | { t: 'closure'; fn: GoFuncLit; scope: Scope; frame: Frame }
  /** A declared function, or a method value (`h.GetUser`) with its receiver. */
  | { t: 'func'; fn: FuncInfo; recv?: GoValue }
  | { t: 'list'; items: GoValue[] }
  | { t: 'pkg'; pkg: string; local: boolean }
  /** A framework's own value: a gorilla route being built, an http.StripPrefix wrapper. */
  | { t: 'ext'; framework: GoFrameworkId; kind: string; data: unknown }
  /**
   * A value the interpreter does not follow. `name`: what the caller wrote for it when it came in as an
   * argument (`authMiddleware`), so that middleware passed down to a registration is named as written there.
   */
  | { t: 'unknown'; name?: string };

export const UNKNOWN: GoValue = { t: 'unknown' };
