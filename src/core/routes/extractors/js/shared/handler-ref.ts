import type { HandlerRef } from '../../../types.js';
import type { Arg } from './facts.js';
import type { ValueResolver } from './resolve-values.js';

/** A handler as the route reports it, with the hash of its code for the route's signature. */
export interface ResolvedHandler {
  ref: HandlerRef;
  /** stableHash of the handler's code when found, else ''. */
  hash: string;
}

/**
 * Where a handler's code is: an inline function, a function or method of this or another module
 * (`controller.create` through imports), or, when the analysis cannot follow it, the reference itself.
 * Wrappers (`asyncHandler(fn)`, `catchAsync(controller.list)`) are looked through to the wrapped function.
 */
export function resolveHandler(resolver: ValueResolver, file: string, arg: Arg): ResolvedHandler {
  const found = findFunction(resolver, file, arg);
  if (found) return found;
  const ref: HandlerRef = { file, startLine: arg.line, endLine: arg.endLine };
  if (arg.text !== undefined) ref.name = arg.text;
  return { ref, hash: '' };
}

function findFunction(resolver: ValueResolver, file: string, arg: Arg): ResolvedHandler | undefined {
  const value = resolver.resolveFunction(file, arg.v);
  if (value.k !== 'fn') return undefined;
  const def = resolver.fn(value.file, value.id);
  if (!def) return undefined;
  const ref: HandlerRef = { file: value.file, startLine: def.line, endLine: def.endLine };
  // A wrapper call written in place names nothing useful; a reference (`users.create`) is the name.
  const name = arg.inline || arg.v.t === 'call' ? def.name : arg.text ?? def.name;
  if (name !== undefined) ref.name = name;
  return { ref, hash: def.hash };
}

/** A middleware's name as written; an inline function is named by the hook it is (`<onRequest hook>`), if any. */
export function middlewareName(arg: Arg, hook?: string): string {
  if (arg.inline) return hook === undefined ? '<anonymous>' : `<${hook} hook>`;
  return arg.text ?? '<expression>';
}
