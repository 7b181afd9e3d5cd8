import type { ProjectInfo, Route, RouteExtractor } from '../../../types.js';
import { collectGoFacts } from './collect-go-facts.js';
import type { GoFileFacts } from './go-facts.js';
import type { GoFramework } from './go-framework.js';
import { interpretGoProgram } from './go-interpreter.js';
import { GoProgram } from './go-program.js';

interface LinkResult {
  files: ReadonlyArray<{ facts: GoFileFacts }>;
  project: ProjectInfo;
  routes: Route[];
}

/**
 * The frameworks are interpreted together (a chi router is mounted on a net/http mux, a group is
 * passed across packages): every Go extractor links the same facts, so the first one to link
 * computes every framework's routes and the others reuse them.
 */
const linkCache = new WeakMap<GoFileFacts, LinkResult>();

/**
 * A route extractor for one Go framework. Facts are collected once per file for all of them; the
 * routes of every framework come from one interpretation of the program.
 */
export function createGoRouteExtractor(framework: GoFramework, frameworks: readonly GoFramework[]): RouteExtractor<GoFileFacts> {
  return {
    id: framework.id,
    languages: ['go'],
    collect: (file) => collectGoFacts(file, frameworks),
    link: (files, project) => linkGoRoutes(files, project, frameworks).filter((route) => route.framework === framework.id),
  };
}

function linkGoRoutes(files: ReadonlyArray<{ path: string; facts: GoFileFacts }>, project: ProjectInfo, frameworks: readonly GoFramework[]): Route[] {
  const first = files[0]?.facts;
  if (!first) return [];
  const cached = linkCache.get(first);
  if (cached && cached.project === project && sameFacts(cached.files, files)) return cached.routes;
  const program = new GoProgram(files.map((file) => file.facts), project, frameworks);
  const routes = interpretGoProgram(program, frameworks, project);
  linkCache.set(first, { files, project, routes });
  return routes;
}

function sameFacts(a: ReadonlyArray<{ facts: GoFileFacts }>, b: ReadonlyArray<{ facts: GoFileFacts }>): boolean {
  return a.length === b.length && a.every((entry, i) => entry.facts === b[i]!.facts);
}
