import protobuf from 'protobufjs';
import { stableHash } from '../../../hash.js';
import type { DocumentRouteExtractor, Route } from '../../types.js';

/**
 * gRPC services of a `.proto` file: every `rpc` of every `service` is a route with method `RPC` and
 * the path a gRPC client calls, `/package.Service/Method`.
 */
export const grpcProtoExtractor: DocumentRouteExtractor = {
  id: 'grpc',
  accepts: (path) => path.toLowerCase().endsWith('.proto'),
  extract: extractProtoRoutes,
};

/** Routes of one proto file; throws when protobufjs cannot parse it. */
export function extractProtoRoutes(path: string, text: string): Route[] {
  let parsed: protobuf.IParserResult;
  try {
    parsed = protobuf.parse(text, { keepCase: true, alternateCommentMode: true });
  } catch (error) {
    throw new Error(`proto file does not parse: ${(error as Error).message}`);
  }
  // Vendored Google API definitions (google.longrunning.Operations…) describe Google's services, not this one's.
  if (parsed.package?.startsWith('google.')) return [];
  const declarations = locateRpcDeclarations(text);
  const routes: Route[] = [];
  for (const service of servicesOf(parsed.root)) {
    const serviceName = service.fullName.replace(/^\./, '');
    for (const method of service.methodsArray) {
      const declaration = declarations.get(`${service.name}.${method.name}`);
      const request = messageOf(service, method.requestType);
      const response = messageOf(service, method.responseType);
      routes.push({
        method: 'RPC',
        path: `/${serviceName}/${method.name}`,
        file: path,
        line: declaration?.line ?? 1,
        framework: 'grpc',
        middleware: [],
        ...withNotes(notesOf(method)),
        signature: stableHash(
          declaration?.text ?? '',
          JSON.stringify({
            request: method.requestType,
            requestStream: Boolean(method.requestStream),
            response: method.responseType,
            responseStream: Boolean(method.responseStream),
            options: method.options ?? {},
          }),
          describeMessage(request),
          describeMessage(response),
        ),
        ...withRequired(request),
      });
    }
  }
  return routes;
}

function servicesOf(namespace: protobuf.NamespaceBase): protobuf.Service[] {
  const services: protobuf.Service[] = [];
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Service) services.push(nested);
    else if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) services.push(...servicesOf(nested));
  }
  return services;
}

/** The request/response message when this file declares it (imported ones are not loaded). */
function messageOf(service: protobuf.Service, name: string): protobuf.Type | undefined {
  try {
    return service.lookupType(name);
  } catch {
    return undefined;
  }
}

function describeMessage(message: protobuf.Type | undefined): string {
  if (!message) return '';
  return JSON.stringify(message.fieldsArray.map((field) => [field.name, field.id, field.type, field.rule ?? '']));
}

/** proto2 `required` fields of the request: a new one breaks every existing client. */
function withRequired(request: protobuf.Type | undefined): { requiredInputs?: string[] } {
  const required = request?.fieldsArray.filter((field) => field.rule === 'required').map((field) => field.name) ?? [];
  return required.length ? { requiredInputs: required } : {};
}

function withNotes(notes: string[]): { notes?: string[] } {
  return notes.length ? { notes } : {};
}

function notesOf(method: protobuf.Method): string[] {
  const notes: string[] = [];
  if (method.requestStream && method.responseStream) notes.push('bidirectional streaming');
  else if (method.requestStream) notes.push('client streaming');
  else if (method.responseStream) notes.push('server streaming');
  // grpc-gateway / Cloud Endpoints transcoding: the HTTP route this RPC is also exposed as.
  for (const [key, value] of Object.entries(method.options ?? {})) {
    const verb = /^\(google\.api\.http\)\.(get|put|post|delete|patch)$/.exec(key)?.[1];
    if (verb && typeof value === 'string') notes.push(`HTTP transcoding: ${verb.toUpperCase()} ${value}`);
  }
  if (method.options?.['deprecated'] === true) notes.push('deprecated');
  return notes;
}

/**
 * Line and text of each `rpc` declaration, keyed `Service.Method`: protobufjs keeps no positions,
 * so the declarations are found again in the text, with comments and strings blanked out first so
 * that a commented-out rpc is never taken for the real one.
 */
function locateRpcDeclarations(text: string): Map<string, { line: number; text: string }> {
  const code = blankCommentsAndStrings(text);
  const found = new Map<string, { line: number; text: string }>();
  const services = /\bservice\s+([A-Za-z_]\w*)\s*\{/g;
  for (let service = services.exec(code); service; service = services.exec(code)) {
    const open = service.index + service[0].length - 1;
    const close = matchingBrace(code, open);
    const body = code.slice(open + 1, close === -1 ? code.length : close);
    const rpcs = /\brpc\s+([A-Za-z_]\w*)/g;
    for (let rpc = rpcs.exec(body); rpc; rpc = rpcs.exec(body)) {
      const start = open + 1 + rpc.index;
      const key = `${service[1]}.${rpc[1]}`;
      if (!found.has(key)) found.set(key, { line: lineAt(text, start), text: declarationText(code, text, start) });
    }
  }
  return found;
}

/** From `rpc` to its `;` or to the end of its `{ option … }` block. */
function declarationText(code: string, text: string, start: number): string {
  let end = start;
  while (end < code.length && code[end] !== ';' && code[end] !== '{') end++;
  if (code[end] === '{') end = matchingBrace(code, end);
  return text.slice(start, end === -1 ? code.length : end + 1).replace(/\s+/g, ' ');
}

function blankCommentsAndStrings(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; ) {
    const two = text.slice(i, i + 2);
    let end = i;
    if (two === '//') end = indexOrEnd(text, '\n', i);
    else if (two === '/*') end = indexOrEnd(text, '*/', i + 2) + 2;
    else if (text[i] === '"' || text[i] === "'") end = stringEnd(text, i);
    if (end === i) {
      out += text[i];
      i++;
      continue;
    }
    const stop = Math.min(end, text.length);
    out += text.slice(i, stop).replace(/[^\n]/g, ' ');
    i = stop;
  }
  return out;
}

function indexOrEnd(text: string, needle: string, from: number): number {
  const at = text.indexOf(needle, from);
  return at === -1 ? text.length : at;
}

function stringEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === text[open] || text[i] === '\n') return i + 1;
  }
  return text.length;
}

function matchingBrace(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (code[i] === '{') depth++;
    else if (code[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
