import type { RouteExtractor } from '../../types.js';
import { CHI } from './chi.js';
import { ECHO } from './echo.js';
import { FIBER } from './fiber.js';
import { GIN } from './gin.js';
import { GORILLA_MUX } from './gorilla-mux.js';
import { GO_ZERO } from './go-zero.js';
import { HERTZ } from './hertz.js';
import { HTTPROUTER } from './httprouter.js';
import { KRATOS } from './kratos.js';
import { NET_HTTP } from './net-http.js';
import { createGoRouteExtractor } from './shared/create-go-route-extractor.js';
import type { GoFramework } from './shared/go-framework.js';

/** The Go frameworks, interpreted together (a chi router may be mounted on a net/http mux). */
export const GO_FRAMEWORKS: readonly GoFramework[] = [GIN, ECHO, CHI, NET_HTTP, GORILLA_MUX, FIBER, GO_ZERO, KRATOS, HERTZ, HTTPROUTER];

/** Route extractors for this language family, in the order they run. */
export const GO_EXTRACTORS: readonly RouteExtractor[] = GO_FRAMEWORKS.map((framework) => createGoRouteExtractor(framework, GO_FRAMEWORKS));
