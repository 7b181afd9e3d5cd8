import { stableHash } from '../../../../hash.js';
import { normaliseRoutePath } from '../../../normalise-route-path.js';
import type { Route } from '../../../types.js';
import type { DecoratedController, DecoratedMethod, DecoratorFramework, JsModuleFacts } from './facts.js';
import type { ResolvedText, ValueResolver } from './resolve-values.js';

/** A decorated controller and the module declaring it. */
export interface DecoratedEntry {
  file: string;
  controller: DecoratedController;
  /** `file#ClassName`: how a `controllers: [X]` list names it once resolved. */
  key: string;
}

/** The controllers of one decorator framework, across the tree. */
export function decoratedControllers(files: ReadonlyArray<{ path: string; facts: JsModuleFacts }>, framework: DecoratorFramework): DecoratedEntry[] {
  const entries: DecoratedEntry[] = [];
  for (const { path, facts } of files) {
    for (const controller of facts.decorated?.controllers ?? []) {
      if (controller.framework === framework) entries.push({ file: path, controller, key: `${path}#${controller.name}` });
    }
  }
  return entries;
}

/** What a controller's routes take from where it is served. */
export interface Placement {
  /** Prefixes applied before the controller's own (global prefix, base path), outermost first. */
  prefixes: ResolvedText[];
  /** Notes on the placement itself (the prefix could not be known). */
  notes: string[];
  partial: boolean;
}

/**
 * The routes of one controller: the placement's prefixes, the class path and the method path joined
 * and normalised, the handler `Class.method`, and the middleware `middlewareOf` gives for each method.
 */
export function decoratedRoutes(
  resolver: ValueResolver, entry: DecoratedEntry, placement: Placement, middlewareOf: (method: DecoratedMethod) => string[],
): Route[] {
  const { file, controller } = entry;
  const classPath = controller.path ? resolver.valText(file, controller.path) : EMPTY;
  return controller.methods.map((method) => {
    const methodPath = method.path ? resolver.valText(file, method.path) : EMPTY;
    const pieces = [...placement.prefixes, classPath, methodPath];
    const middleware = middlewareOf(method);
    const notes: string[] = [];
    for (const note of [...pieces.flatMap((piece) => piece.notes), ...placement.notes]) if (!notes.includes(note)) notes.push(note);
    const route: Route = {
      method: method.httpMethod,
      path: normaliseRoutePath(...pieces.map((piece) => piece.text)),
      file,
      line: method.line,
      framework: controller.framework,
      handler: { name: `${controller.name}.${method.name}`, file, startLine: method.startLine, endLine: method.endLine },
      middleware,
      signature: stableHash(method.hash, middleware.join('\n')),
    };
    if (placement.partial || pieces.some((piece) => piece.partial)) route.partial = true;
    if (notes.length > 0) route.notes = notes;
    return route;
  });
}

const EMPTY: ResolvedText = { text: '', partial: false, notes: [] };
