import type { HandlerRef, Route } from '../../../types.js';
import type { MethodRef } from './java-index.js';

/** What an annotated handler method contributes to one route, and where its path came from. */
export interface JavaRouteParts {
  method: string;
  /** The joined path (`buildJavaPath`), with whether a piece could not be resolved. */
  built: { path: string; partial: boolean };
  notes: readonly string[];
  file: string;
  line: number;
  framework: string;
  handler: MethodRef;
  middleware: string[];
  signature: string;
  requiredInputs: readonly string[];
}

/** The route of an annotated Java handler (Spring, Micronaut): optional fields only when they say something. */
export function javaRoute(parts: JavaRouteParts): Route {
  return {
    method: parts.method,
    path: parts.built.path,
    file: parts.file,
    line: parts.line,
    framework: parts.framework,
    handler: handlerRef(parts.handler),
    middleware: parts.middleware,
    ...(parts.built.partial ? { partial: true } : {}),
    ...(parts.notes.length ? { notes: [...parts.notes] } : {}),
    signature: parts.signature,
    ...(parts.requiredInputs.length ? { requiredInputs: [...parts.requiredInputs] } : {}),
  };
}

/** A handler method as a route's handler reference (`Type.method` and its lines). */
export function handlerRef({ method, owner }: MethodRef): HandlerRef {
  return { name: `${owner.type.name}.${method.name}`, file: owner.file.path, startLine: method.startLine, endLine: method.endLine };
}

/** For `filter`: keeps the first of equal values. */
export function unique<T>(value: T, index: number, list: readonly T[]): boolean {
  return list.indexOf(value) === index;
}
