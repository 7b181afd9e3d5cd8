import type { DocumentRouteExtractor } from '../../types.js';
import { graphqlSchemaExtractor } from './graphql-schema.js';
import { grpcProtoExtractor } from './grpc-proto.js';
import { openApiExtractor } from './openapi.js';

/** Extractors for proto, GraphQL SDL and OpenAPI documents. */
export const DOCUMENT_EXTRACTORS: readonly DocumentRouteExtractor[] = [grpcProtoExtractor, graphqlSchemaExtractor, openApiExtractor];
