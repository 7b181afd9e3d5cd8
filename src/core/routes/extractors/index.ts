import type { DocumentRouteExtractor, RouteExtractor } from '../types.js';
import { JS_EXTRACTORS } from './js/index.js';
import { PYTHON_EXTRACTORS } from './python/index.js';
import { GO_EXTRACTORS } from './go/index.js';
import { JAVA_EXTRACTORS } from './java/index.js';
import { DOCUMENT_EXTRACTORS } from './documents/index.js';

/** Every code route extractor. The registry is an explicit list, checked by the compiler. */
export const ROUTE_EXTRACTORS: readonly RouteExtractor[] = [...JS_EXTRACTORS, ...PYTHON_EXTRACTORS, ...GO_EXTRACTORS, ...JAVA_EXTRACTORS];
export const DOCUMENT_ROUTE_EXTRACTORS: readonly DocumentRouteExtractor[] = DOCUMENT_EXTRACTORS;
