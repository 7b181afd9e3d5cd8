import type { Route } from '../../../src/core/routes/types.js';

/** The parts of an expected route a test spells out; everything else takes the extractor's defaults. */
export interface ExpectedRoute {
  method: string;
  path: string;
  file: string;
  line: number;
  /** [name, startLine, endLine], in `handlerFile` (default: `file`). */
  handler?: [string, number, number];
  handlerFile?: string;
  middleware?: string[];
  partial?: true;
  notes?: string[];
  requiredInputs?: string[];
}

/** A complete route (without signature) as an extractor of `framework` reports it. */
export function expectedRoute(framework: string, expected: ExpectedRoute): Omit<Route, 'signature'> {
  const { handler, handlerFile, middleware, partial, notes, requiredInputs, ...where } = expected;
  return {
    ...where,
    framework,
    ...(handler ? { handler: { name: handler[0], file: handlerFile ?? where.file, startLine: handler[1], endLine: handler[2] } } : {}),
    middleware: middleware ?? [],
    ...(partial ? { partial } : {}),
    ...(notes ? { notes } : {}),
    ...(requiredInputs ? { requiredInputs } : {}),
  };
}
