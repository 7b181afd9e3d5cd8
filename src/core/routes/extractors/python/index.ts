import type { RouteExtractor } from '../../types.js';
import { djangoExtractor } from './django.js';
import { drfExtractor } from './drf.js';
import { fastapiExtractor } from './fastapi.js';
import { flaskExtractor } from './flask.js';

/** Route extractors for this language family, in the order they run. */
export const PYTHON_EXTRACTORS: readonly RouteExtractor[] = [
  fastapiExtractor as RouteExtractor,
  flaskExtractor as RouteExtractor,
  djangoExtractor as RouteExtractor,
  drfExtractor as RouteExtractor,
];
