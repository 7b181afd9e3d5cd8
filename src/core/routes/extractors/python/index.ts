import type { RouteExtractor } from '../../types.js';
import { djangoExtractor } from './django.js';
import { drfExtractor } from './drf.js';
import { fastapiExtractor } from './fastapi.js';
import { flaskExtractor } from './flask.js';
import { starletteExtractor } from './starlette.js';
import { aiohttpExtractor } from './aiohttp.js';
import { sanicExtractor } from './sanic.js';
import { litestarExtractor } from './litestar.js';

/** Route extractors for this language family, in the order they run. */
export const PYTHON_EXTRACTORS: readonly RouteExtractor[] = [
  fastapiExtractor as RouteExtractor,
  flaskExtractor as RouteExtractor,
  djangoExtractor as RouteExtractor,
  drfExtractor as RouteExtractor,
  starletteExtractor as RouteExtractor,
  aiohttpExtractor as RouteExtractor,
  sanicExtractor as RouteExtractor,
  litestarExtractor as RouteExtractor,
];
