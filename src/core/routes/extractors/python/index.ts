import type { RouteExtractor } from '../../types.js';
import { fastapiExtractor } from './fastapi.js';

/** Route extractors for this language family, in the order they run. */
export const PYTHON_EXTRACTORS: readonly RouteExtractor[] = [fastapiExtractor as RouteExtractor];
