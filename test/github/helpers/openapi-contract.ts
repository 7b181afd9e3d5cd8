import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseGraphQL, type OperationDefinitionNode } from 'graphql';
import type { RecordedRequest } from './fake-github.js';

/**
 * Checks recorded requests against GitHub's own OpenAPI description (@octokit/openapi): each REST request
 * must match an operation (method + path template), use only that operation's query parameters, and its
 * JSON body must validate against the operation's request-body schema — with unknown keys refused, as
 * GitHub refuses them (one unknown key in one review comment fails the whole review). GraphQL is not in
 * the description: its requests must be `{ query, variables }` whose query parses and whose declared
 * variables are all given.
 */

interface Parameter {
  name: string;
  in: string;
}
interface Operation {
  operationId: string;
  parameters?: Array<Parameter | { $ref: string }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}
type JsonSchema = Record<string, unknown>;
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { parameters: Record<string, Parameter>; schemas: Record<string, JsonSchema> };
}

const require = createRequire(import.meta.url);
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

let cached: { spec: OpenApi; routes: Array<{ template: string; pattern: RegExp; params: number }>; ajv: Ajv; validators: Map<string, ValidateFunction> } | undefined;

function load() {
  if (cached) return cached;
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
  const spec = JSON.parse(readFileSync(file, 'utf8')) as OpenApi;
  const routes = Object.keys(spec.paths).map((template) => {
    const source = template
      .split(/(\{[^}]+\})/)
      .map((piece) => (piece === '{path}' ? '.+' : piece.startsWith('{') ? '[^/]+' : piece.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
      .join('');
    return { template, pattern: new RegExp(`^${source}$`), params: (template.match(/\{/g) ?? []).length };
  });
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'github', components: spec.components });
  cached = { spec, routes, ajv, validators: new Map() };
  return cached;
}

/** Unknown keys are refused by GitHub: close every inline object schema that declares its properties. */
function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string') copy[key] = value.startsWith('#') ? `github${value}` : value;
    // Combinator branches restate parts of the object: closing them would refuse valid bodies.
    else if (key === 'oneOf' || key === 'anyOf' || key === 'allOf') copy[key] = refsOnly(value);
    else copy[key] = closeObjects(value);
  }
  if (copy.type === 'object' && copy.properties && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}

function refsOnly(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(refsOnly);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, key === '$ref' && typeof value === 'string' && value.startsWith('#') ? `github${value}` : refsOnly(value)]),
  );
}

/** The operation a request calls, or undefined. The most specific template wins (fewest parameters). */
export function findOperation(method: string, path: string): { template: string; operation: Operation } | undefined {
  const { spec, routes } = load();
  const candidates = routes.filter((route) => route.pattern.test(path) && spec.paths[route.template]?.[method.toLowerCase()]);
  candidates.sort((a, b) => a.params - b.params);
  const best = candidates[0];
  if (!best) return undefined;
  return { template: best.template, operation: spec.paths[best.template]![method.toLowerCase()]! };
}

/** Problems of one request against the description; empty when it conforms. */
export function contractProblems(request: RecordedRequest): string[] {
  if (request.host !== 'api.github.com') return []; // archive downloads follow GitHub's redirect to codeload
  const label = `${request.method} ${request.path}`;
  if (request.path === '/graphql') return graphqlProblems(request, label);
  const match = findOperation(request.method, request.path);
  if (!match) return [`${label}: no operation of GitHub's OpenAPI description matches`];
  const { spec, ajv, validators } = load();
  const problems: string[] = [];
  const parameters = (match.operation.parameters ?? []).map((parameter) =>
    '$ref' in parameter ? spec.components.parameters[parameter.$ref.split('/').pop() ?? '']! : parameter,
  );
  const queryNames = new Set(parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name));
  for (const name of Object.keys(request.query)) {
    if (!queryNames.has(name)) problems.push(`${label}: query parameter "${name}" is not a parameter of ${match.operation.operationId}`);
  }
  const schema = match.operation.requestBody?.content?.['application/json']?.schema;
  if (request.body === undefined) return problems;
  if (!schema) return [...problems, `${label}: ${match.operation.operationId} takes no JSON body`];
  let validate = validators.get(match.operation.operationId);
  if (!validate) {
    validate = ajv.compile(closeObjects(schema) as JsonSchema);
    validators.set(match.operation.operationId, validate);
  }
  if (!validate(request.body)) {
    problems.push(`${label}: body does not validate against ${match.operation.operationId}: ${ajv.errorsText(validate.errors)}`);
  }
  return problems;
}

function graphqlProblems(request: RecordedRequest, label: string): string[] {
  const body = request.body as { query?: unknown; variables?: Record<string, unknown> } | undefined;
  if (request.method !== 'POST' || !body || typeof body.query !== 'string') return [`${label}: a GraphQL request is a POST of { query, variables }`];
  const extra = Object.keys(body).filter((key) => key !== 'query' && key !== 'variables' && key !== 'operationName');
  if (extra.length > 0) return [`${label}: unknown keys ${extra.join(', ')}`];
  try {
    const document = parseGraphQL(body.query);
    const problems: string[] = [];
    for (const definition of document.definitions) {
      if (definition.kind !== 'OperationDefinition') continue;
      for (const variable of (definition as OperationDefinitionNode).variableDefinitions ?? []) {
        const name = variable.variable.name.value;
        if (variable.type.kind === 'NonNullType' && (body.variables?.[name] === undefined || body.variables[name] === null)) {
          problems.push(`${label}: required variable $${name} is missing`);
        }
      }
    }
    return problems;
  } catch (error) {
    return [`${label}: the query does not parse: ${(error as Error).message}`];
  }
}

/** Every problem of every request, for one assertion per test. */
export function contractViolations(requests: readonly RecordedRequest[]): string[] {
  return requests.flatMap(contractProblems);
}
