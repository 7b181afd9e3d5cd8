import {
  GraphQLError,
  Kind,
  OperationTypeNode,
  parse,
  print,
  type DefinitionNode,
  type DocumentNode,
  type InputObjectTypeDefinitionNode,
  type InputObjectTypeExtensionNode,
  type InputValueDefinitionNode,
  type TypeNode,
} from 'graphql';
import { stableHash } from '../../../hash.js';
import type { DocumentRouteExtractor, Route } from '../../types.js';

/**
 * GraphQL operations of an SDL schema: each field of the Query, Mutation and Subscription root
 * types (their `extend type` too, and root types renamed by a `schema { … }` block) is a route.
 *
 * Path convention: `/graphql/{Operation}.{field}`, e.g. `/graphql/Query.articles`, where Operation
 * is the operation type (Query, Mutation, Subscription) even when the schema renames the root type:
 * clients select the field through the operation, so renaming `Query` to `RootQuery` changes no
 * route. The method is QUERY, MUTATION or SUBSCRIPTION.
 */
export const graphqlSchemaExtractor: DocumentRouteExtractor = {
  id: 'graphql',
  accepts: (path) => /\.(graphqls?|gql)$/i.test(path),
  extract: extractGraphqlRoutes,
};

const OPERATIONS: ReadonlyArray<{ operation: OperationTypeNode; name: string; method: string }> = [
  { operation: OperationTypeNode.QUERY, name: 'Query', method: 'QUERY' },
  { operation: OperationTypeNode.MUTATION, name: 'Mutation', method: 'MUTATION' },
  { operation: OperationTypeNode.SUBSCRIPTION, name: 'Subscription', method: 'SUBSCRIPTION' },
];

/** Nested input objects deeper than this are not expanded into required inputs. */
const MAX_INPUT_DEPTH = 3;

type InputObjectNode = InputObjectTypeDefinitionNode | InputObjectTypeExtensionNode;

/** Routes of one schema file; throws when it is not valid GraphQL. Operation documents give none. */
export function extractGraphqlRoutes(path: string, text: string): Route[] {
  const document = parseSchema(text);
  const roots = rootTypes(document);
  const inputs = inputObjects(document);
  const routes: Route[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const root = roots.get(definition.name.value);
    if (!root) continue;
    for (const field of definition.fields ?? []) {
      const requiredInputs = requiredInputsOf(field.arguments ?? [], inputs);
      const notes = [
        ...(root.name === definition.name.value ? [] : [`root type ${definition.name.value}`]),
        ...(field.directives?.some((directive) => directive.name.value === 'deprecated') ? ['deprecated'] : []),
      ];
      routes.push({
        method: root.method,
        path: `/graphql/${root.name}.${field.name.value}`,
        file: path,
        line: field.name.loc?.startToken.line ?? definition.loc?.startToken.line ?? 1,
        framework: 'graphql',
        middleware: (field.directives ?? []).filter((directive) => directive.name.value !== 'deprecated').map((directive) => print(directive)),
        ...(notes.length ? { notes } : {}),
        signature: stableHash(print({ ...field, description: undefined }), ...referencedInputs(field.arguments ?? [], inputs)),
        ...(requiredInputs.length ? { requiredInputs } : {}),
      });
    }
  }
  return routes;
}

function parseSchema(text: string): DocumentNode {
  try {
    return parse(text);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    const where = error.locations?.[0];
    throw new Error(`GraphQL schema does not parse: ${error.message}${where ? ` (line ${where.line}, column ${where.column})` : ''}`);
  }
}

/** Root type name → operation, from `schema { query: … }` blocks or the default names. */
function rootTypes(document: DocumentNode): Map<string, { name: string; method: string }> {
  const declared = new Map<OperationTypeNode, string>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const operationType of definition.operationTypes ?? []) declared.set(operationType.operation, operationType.type.name.value);
  }
  const roots = new Map<string, { name: string; method: string }>();
  for (const { operation, name, method } of OPERATIONS) roots.set(declared.get(operation) ?? name, { name, method });
  return roots;
}

function inputObjects(document: DocumentNode): Map<string, InputObjectNode[]> {
  const inputs = new Map<string, InputObjectNode[]>();
  for (const definition of document.definitions as readonly DefinitionNode[]) {
    if (definition.kind !== Kind.INPUT_OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INPUT_OBJECT_TYPE_EXTENSION) continue;
    const list = inputs.get(definition.name.value);
    if (list) list.push(definition);
    else inputs.set(definition.name.value, [definition]);
  }
  return inputs;
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

function isRequired(input: InputValueDefinitionNode): boolean {
  return input.type.kind === Kind.NON_NULL_TYPE && input.defaultValue === undefined;
}

/**
 * Non-null arguments without a default, and inside a required input object its own required fields
 * (`input.title`): a new one breaks every client that does not send it.
 */
function requiredInputsOf(args: readonly InputValueDefinitionNode[], inputs: Map<string, InputObjectNode[]>, prefix = '', depth = 0, seen: ReadonlySet<string> = new Set()): string[] {
  const required: string[] = [];
  for (const arg of args) {
    if (!isRequired(arg)) continue;
    const name = prefix + arg.name.value;
    required.push(name);
    const typeName = namedType(arg.type);
    const input = inputs.get(typeName);
    if (!input || depth >= MAX_INPUT_DEPTH || seen.has(typeName)) continue;
    const fields = input.flatMap((definition) => definition.fields ?? []);
    required.push(...requiredInputsOf(fields, inputs, `${name}.`, depth + 1, new Set([...seen, typeName])));
  }
  return required;
}

/** Printed definitions of the input objects the arguments use, transitively: part of the signature. */
function referencedInputs(args: readonly InputValueDefinitionNode[], inputs: Map<string, InputObjectNode[]>): string[] {
  const printed: string[] = [];
  const seen = new Set<string>();
  const queue = args.map((arg) => namedType(arg.type));
  while (queue.length) {
    const name = queue.shift()!;
    const definitions = inputs.get(name);
    if (!definitions || seen.has(name)) continue;
    seen.add(name);
    for (const definition of definitions) {
      printed.push(print(definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION ? { ...definition, description: undefined } : definition));
      for (const field of definition.fields ?? []) queue.push(namedType(field.type));
    }
  }
  return printed;
}
