import type { DocumentRouteExtractor } from '../../types.js';

/** Extractors for proto, GraphQL SDL and OpenAPI documents. */
export const DOCUMENT_EXTRACTORS: readonly DocumentRouteExtractor[] = [];
