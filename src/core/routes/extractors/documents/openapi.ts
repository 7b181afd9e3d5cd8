import { isMap, isScalar, LineCounter, parseDocument, type Pair } from 'yaml';
import { stableHash } from '../../../hash.js';
import { normaliseRoutePath } from '../../normalise-route-path.js';
import type { DocumentRouteExtractor, Route } from '../../types.js';

/**
 * Operations of OpenAPI 3 and Swagger 2 documents (YAML or JSON): each `paths` entry × HTTP method,
 * with the path prefixed by the server URL's path (OpenAPI 3, operation/path-item servers first) or
 * `basePath` (Swagger 2). Other YAML/JSON files (configs, manifests) are not accepted.
 */
export const openApiExtractor: DocumentRouteExtractor = {
  id: 'openapi',
  accepts: (path, text) => /\.(ya?ml|json)$/i.test(path) && hasTopLevelSpecKey(path, text),
  extract: extractOpenApiRoutes,
};

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
const SPEC_KEYS = ['openapi:', 'swagger:', '"openapi":', '"swagger":', "'openapi':", "'swagger':"];
/** Nodes a signature may expand through `$ref`s: deep schema graphs of big specs stay bounded. */
const DEREF_BUDGET = 2000;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** A cheap look at the text: a YAML line starting with `openapi:`/`swagger:`, or the JSON key anywhere. */
function hasTopLevelSpecKey(path: string, text: string): boolean {
  if (path.toLowerCase().endsWith('.json')) return text.includes('"openapi"') || text.includes('"swagger"');
  for (let start = 0; start < text.length; ) {
    if (SPEC_KEYS.some((key) => text.startsWith(key, start))) return true;
    const next = text.indexOf('\n', start);
    if (next === -1) break;
    start = next + 1;
  }
  return false;
}

/** Routes of one OpenAPI/Swagger document; throws when the YAML/JSON does not parse. */
export function extractOpenApiRoutes(path: string, text: string): Route[] {
  const document = path.toLowerCase().endsWith('.json') ? readJsonSpec(text) : readYamlSpec(text);
  const { spec } = document;
  if (!isObject(spec) || !('openapi' in spec || 'swagger' in spec)) return [];
  const paths = spec['paths'];
  if (!isObject(paths)) return [];
  const routes: Route[] = [];
  for (const [template, rawItem] of Object.entries(paths)) {
    if (!template.startsWith('/') || !isObject(rawItem)) continue;
    // A local `$ref` path item (OpenAPI 3.1 components.pathItems); external files cannot be read from here.
    const item = typeof rawItem['$ref'] === 'string' ? asObject(deref(rawItem, spec)) : rawItem;
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method) || !isObject(operation)) continue;
      const line = document.lines.get(operationKey(template, method)) ?? document.lines.get(template) ?? 1;
      routes.push(operationRoute(path, spec, template, method, item, operation, line));
    }
  }
  return routes;
}

/** A parsed spec and the 1-based line of each `paths` key and each operation key. */
interface SpecDocument {
  spec: Json;
  lines: ReadonlyMap<string, number>;
}

function operationKey(template: string, method: string): string {
  return `${template}\u0000${method}`;
}

function readYamlSpec(text: string): SpecDocument {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const error = document.errors[0];
  if (error) throw new Error(`OpenAPI document does not parse: ${error.message.split('\n')[0]!.replace(/:$/, '')}`);
  const lines = new Map<string, number>();
  const root = document.contents;
  const pathsNode = isMap(root) ? root.get('paths', true) : undefined;
  for (const pathPair of isMap(pathsNode) ? (pathsNode.items as Pair[]) : []) {
    if (!isScalar(pathPair.key)) continue;
    const template = String(pathPair.key.value);
    lines.set(template, lineCounter.linePos(pathPair.key.range?.[0] ?? 0).line);
    for (const operationPair of isMap(pathPair.value) ? (pathPair.value.items as Pair[]) : []) {
      if (isScalar(operationPair.key)) lines.set(operationKey(template, String(operationPair.key.value)), lineCounter.linePos(operationPair.key.range?.[0] ?? 0).line);
    }
  }
  return { spec: document.toJS({ maxAliasCount: -1 }) as Json, lines };
}

/**
 * JSON specs are parsed by JSON.parse (the YAML parser takes seconds on a 10 MB spec) and a small
 * scan of the text finds the line of every key under `paths`.
 */
function readJsonSpec(text: string): SpecDocument {
  let spec: Json;
  try {
    spec = JSON.parse(text) as Json;
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    const line = position === undefined ? undefined : text.slice(0, Number(position)).split('\n').length;
    throw new Error(`OpenAPI document does not parse as JSON: ${message}${line !== undefined && !/line \d+/.test(message) ? ` (line ${line})` : ''}`);
  }
  return { spec, lines: jsonPathLines(text) };
}

/** Lines of the keys at depth 2 (`paths` → template) and 3 (template → method) of a valid JSON text. */
function jsonPathLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  // Key of each open container, outermost first ('' for the root and for arrays).
  const containers: string[] = [];
  let lastKey = '';
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\n') line++;
    else if (char === '{' || char === '[') {
      containers.push(char === '{' ? lastKey : '');
      lastKey = '';
    } else if (char === '}' || char === ']') containers.pop();
    else if (char === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const value = JSON.parse(text.slice(i, end + 1)) as string;
      let next = end + 1;
      while (next < text.length && (text[next] === ' ' || text[next] === '\t' || text[next] === '\r' || text[next] === '\n')) {
        if (text[next] === '\n') line++;
        next++;
      }
      if (text[next] === ':') {
        lastKey = value;
        if (containers.length === 2 && containers[1] === 'paths') lines.set(value, line);
        else if (containers.length === 3 && containers[1] === 'paths') lines.set(operationKey(containers[2]!, value), line);
      }
      i = next - 1;
    }
  }
  return lines;
}

function operationRoute(file: string, spec: JsonObject, template: string, method: string, item: JsonObject, operation: JsonObject, line: number): Route {
  const base = basePathOf(spec, item, operation);
  const parameters = mergedParameters(spec, item, operation);
  const notes = [
    ...base.notes,
    ...(typeof operation['operationId'] === 'string' ? [`operationId ${operation['operationId']}`] : []),
    ...(operation['deprecated'] === true ? ['deprecated'] : []),
  ];
  const requiredInputs = requiredInputsOf(spec, parameters, operation);
  return {
    method: method.toUpperCase(),
    path: normaliseRoutePath(base.prefix, template),
    file,
    line,
    framework: 'openapi',
    middleware: securityOf(spec, operation),
    ...(base.partial ? { partial: true } : {}),
    ...(notes.length ? { notes } : {}),
    signature: stableHash(canonicalJson(deref({ ...operation, parameters }, spec, { left: DEREF_BUDGET }))),
    ...(requiredInputs.length ? { requiredInputs } : {}),
  };
}

/** The path part of the applicable server URL (variables replaced by their defaults), or Swagger 2's basePath. */
function basePathOf(spec: JsonObject, item: JsonObject, operation: JsonObject): { prefix: string; partial: boolean; notes: string[] } {
  if ('swagger' in spec) {
    const basePath = typeof spec['basePath'] === 'string' ? spec['basePath'] : '';
    return { prefix: basePath, partial: false, notes: basePath ? [`basePath ${basePath}`] : [] };
  }
  const servers = [operation['servers'], item['servers'], spec['servers']].find((list) => Array.isArray(list) && list.length > 0);
  const server = Array.isArray(servers) ? asObject(servers[0] ?? null) : {};
  const url = typeof server['url'] === 'string' ? server['url'] : '';
  if (!url) return { prefix: '', partial: false, notes: [] };
  const variables = asObject(server['variables'] ?? null);
  const missing: string[] = [];
  const expanded = url.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = asObject(variables[name] ?? null)['default'];
    if (typeof value === 'string') return value;
    missing.push(name);
    return '';
  });
  const prefix = urlPath(expanded);
  const notes = prefix && prefix !== '/' ? [`prefix from server URL ${url}`] : [];
  if (missing.length) notes.push(`server variables without default: ${missing.join(', ')}`);
  return { prefix, partial: missing.length > 0, notes };
}

/** `https://api.example.com/v1?x` → `/v1`; relative URLs keep their path. */
function urlPath(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url);
  let rest = scheme ? url.slice(scheme[0].length) : url.startsWith('//') ? url.slice(2) : url;
  if (scheme || url.startsWith('//')) {
    const slash = rest.indexOf('/');
    rest = slash === -1 ? '' : rest.slice(slash);
  }
  return rest.replace(/[?#].*$/, '');
}

/** Path-item parameters overridden by the operation's own (same `in` and `name`). */
function mergedParameters(spec: JsonObject, item: JsonObject, operation: JsonObject): Json[] {
  const byKey = new Map<string, Json>();
  for (const list of [item['parameters'], operation['parameters']]) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const parameter = asObject(deref(raw, spec, { left: DEREF_BUDGET }));
      byKey.set(`${String(parameter['in'])}:${String(parameter['name'])}`, raw);
    }
  }
  return [...byKey.values()];
}

function securityOf(spec: JsonObject, operation: JsonObject): string[] {
  const requirements = operation['security'] ?? spec['security'];
  if (!Array.isArray(requirements)) return [];
  const names = requirements.flatMap((requirement) => Object.keys(asObject(requirement)));
  return [...new Set(names)].map((name) => `security:${name}`);
}

/** Required query/header/cookie/form parameters and the required properties of the request body. */
function requiredInputsOf(spec: JsonObject, parameters: Json[], operation: JsonObject): string[] {
  const required: string[] = [];
  for (const raw of parameters) {
    const parameter = asObject(deref(raw, spec, { left: DEREF_BUDGET }));
    const where = parameter['in'];
    if (where === 'body') required.push(...requiredProperties(parameter['schema'] ?? null, spec));
    else if (parameter['required'] === true && where !== 'path' && typeof parameter['name'] === 'string') required.push(parameter['name']);
  }
  const body = asObject(deref(operation['requestBody'] ?? null, spec, { left: DEREF_BUDGET }));
  const content = asObject(body['content'] ?? null);
  const mediaTypes = Object.keys(content);
  const media = mediaTypes.find((type) => type === 'application/json') ?? mediaTypes.find((type) => type.includes('json')) ?? mediaTypes[0];
  if (media && body['required'] !== false) required.push(...requiredProperties(asObject(content[media] ?? null)['schema'] ?? null, spec));
  return [...new Set(required)];
}

function requiredProperties(schemaOrRef: Json, spec: JsonObject, depth = 0): string[] {
  const schema = asObject(deref(schemaOrRef, spec, { left: DEREF_BUDGET }));
  const own = Array.isArray(schema['required']) ? schema['required'].filter((name): name is string => typeof name === 'string') : [];
  const composed = depth < 4 && Array.isArray(schema['allOf']) ? schema['allOf'].flatMap((part) => requiredProperties(part, spec, depth + 1)) : [];
  return [...own, ...composed];
}

/** Replaces local `$ref`s (`#/components/…`) by their targets, within a node budget and without cycles. */
function deref(value: Json, spec: JsonObject, budget: { left: number } = { left: DEREF_BUDGET }, stack: Set<string> = new Set()): Json {
  if (budget.left-- <= 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => deref(item, spec, budget, stack));
  const ref = value['$ref'];
  if (typeof ref === 'string' && ref.startsWith('#/') && !stack.has(ref)) {
    const target = pointer(spec, ref);
    if (target === undefined) return value;
    stack.add(ref);
    const resolved = deref(target, spec, budget, stack);
    stack.delete(ref);
    return resolved;
  }
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) out[key] = deref(child, spec, budget, stack);
  return out;
}

function pointer(spec: JsonObject, ref: string): Json | undefined {
  let current: Json | undefined = spec;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(current) && !Array.isArray(current)) return undefined;
    current = Array.isArray(current) ? current[Number(key)] : current[key];
  }
  return current;
}

function canonicalJson(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  return `{${Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key]!)}`)
    .join(',')}}`;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: Json): JsonObject {
  return isObject(value) ? value : {};
}
