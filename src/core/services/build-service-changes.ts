import type { DiffFile } from '../diff/parse-unified-diff.js';
import { routeKey } from '../routes/diff-routes.js';
import type { RouteChange } from '../routes/types.js';
import { dependencyKey } from './build-service-map.js';
import { pathRoles } from './classify-roles.js';
import { codeIndexOf, reachesOf } from './code-index.js';
import type { ChainStep, DependencyChange, FileRoles, RouteChain, Service, ServiceChanges, ServiceMap } from './types.js';

/** Dependencies and services that differ between two service maps (by what they reach, not where). */
export function diffServiceMaps(base: ServiceMap, head: ServiceMap): Pick<ServiceChanges, 'addedDependencies' | 'removedDependencies' | 'addedServices' | 'removedServices'> {
  const keysOf = (map: ServiceMap): Map<string, DependencyChange> => {
    const keys = new Map<string, DependencyChange>();
    for (const service of map.services) for (const dependency of service.dependencies) keys.set(`${service.name}|${dependencyKey(dependency)}`, { service: service.name, dependency });
    return keys;
  };
  const before = keysOf(base);
  const after = keysOf(head);
  const baseNames = new Set(base.services.map((service) => service.name));
  const headNames = new Set(head.services.map((service) => service.name));
  const added = [...after].filter(([key]) => !before.has(key)).map(([, change]) => change);
  const removed = [...before].filter(([key]) => !after.has(key)).map(([, change]) => change);
  // A URL written out replaced by a variable (or the reverse) still reaches the same thing.
  const moved = new Set<DependencyChange>();
  for (const gone of removed) {
    const same = added.find((change) => !moved.has(change) && sameReach(gone, change));
    if (same) moved.add(gone).add(same);
  }
  return {
    addedDependencies: added.filter((change) => !moved.has(change)),
    removedDependencies: removed.filter((change) => !moved.has(change)),
    addedServices: [...headNames].filter((name) => !baseNames.has(name)).sort(),
    removedServices: [...baseNames].filter((name) => !headNames.has(name)).sort(),
  };
}

/**
 * Whether two dependencies of one service reach the same thing under different names: the same
 * service of the repository, or a variable whose shipped default is the other's literal target.
 */
function sameReach(a: DependencyChange, b: DependencyChange): boolean {
  const x = a.dependency;
  const y = b.dependency;
  if (a.service !== b.service || x.kind !== y.kind || x.system !== y.system || x.direction !== y.direction) return false;
  if (x.service && x.service === y.service) return true;
  return (x.fallback !== undefined && x.fallback === y.target) || (y.fallback !== undefined && y.fallback === x.target);
}

export interface ServiceChangesInput {
  base: ServiceMap;
  head: ServiceMap;
  diff: readonly DiffFile[];
  routeChanges: readonly RouteChange[];
  /** How far call chains follow calls (default 4). */
  chainDepth?: number;
}


/**
 * What a PR does to the services: the ones it touches, the dependencies it adds or removes, the roles
 * of the changed files and functions, and the call chains of the routes it adds or modifies — and of
 * the unchanged routes whose chains run through a function it changes (`affected`).
 */
export function buildServiceChanges({ base, head, diff, routeChanges, chainDepth }: ServiceChangesInput): ServiceChanges {
  const files = diff.map((file) => changedFileRoles(file, base, head));
  const touchedNames = new Set(files.map((file) => file.service).filter((name): name is string => !!name));
  const touched: Service[] = [];
  for (const name of touchedNames) {
    const service = head.services.find((s) => s.name === name) ?? base.services.find((s) => s.name === name);
    if (service) touched.push(service);
  }
  touched.sort((a, b) => a.root.localeCompare(b.root));
  const index = codeIndexOf(head);
  const chains: RouteChain[] = [];
  const changedFunctions = new Set(files.flatMap((file) => file.functions.map((fn) => `${file.path}#${fn.name}`)));
  let affected = 0;
  for (const change of routeChanges) {
    const service = head.files[change.route.file]?.service;
    const kind = change.kind === 'added' || change.kind === 'modified' ? change.kind : undefined;
    const changed = kind !== undefined;
    // An unchanged route of a touched service changes too when its chain runs through changed code.
    if (!changed && (change.kind !== 'unchanged' || !service || !touchedNames.has(service) || affected >= MAX_AFFECTED_CHAINS || changedFunctions.size === 0)) continue;
    const handler = index.handlerOf(change.route);
    const chain = handler ? index.chainFrom(handler.file, handler.fn, chainDepth) : undefined;
    if (!changed && !(chain && runsThrough(chain, changedFunctions))) continue;
    if (!changed) affected++;
    chains.push({ route: routeKey(change.route), change: kind ?? 'affected', ...(service ? { service } : {}), ...(chain ? { chain } : {}), reaches: reachesOf(chain) });
  }
  return { touched, ...diffServiceMaps(base, head), files, chains };
}

/** Unchanged routes whose chains are followed at most: a PR changing a shared helper could reach thousands. */
const MAX_AFFECTED_CHAINS = 200;

/** Whether a step below the handler is one of the changed functions (`file#name`). */
function runsThrough(step: ChainStep, changedFunctions: ReadonlySet<string>): boolean {
  return step.calls.some((call) => changedFunctions.has(`${call.file}#${call.function}`) || runsThrough(call, changedFunctions));
}

/** A changed file's service and roles; for code, the roles of the functions the diff changes. */
function changedFileRoles(file: DiffFile, base: ServiceMap, head: ServiceMap): FileRoles {
  const deleted = file.status === 'deleted';
  const map = deleted ? base : head;
  const path = deleted ? (file.oldPath ?? file.path) : file.path;
  const known = map.files[path];
  const service = known?.service ?? serviceByRoot(map, path);
  if (!known) return { path, ...(service ? { service } : {}), roles: pathRoles(path), functions: [] };
  if (deleted) return { ...known, functions: [] };
  const touched = touchedLines(file);
  const functions = known.functions.filter((fn) => touched.some((line) => line >= fn.startLine && line <= fn.endLine));
  // Keep only the innermost changed functions: a class's method rather than every enclosing function.
  const innermost = functions.filter((fn) => !functions.some((other) => other !== fn && other.startLine >= fn.startLine && other.endLine <= fn.endLine && (other.startLine !== fn.startLine || other.endLine !== fn.endLine)));
  return { ...known, functions: innermost };
}

function touchedLines(file: DiffFile): number[] {
  const lines: number[] = [];
  for (const hunk of file.hunks) {
    lines.push(...hunk.addedLines);
    // A hunk that only deletes changes the code around where it was.
    if (hunk.addedLines.length === 0 && hunk.deletedLines.length > 0) lines.push(Math.max(1, hunk.newStart));
  }
  return lines;
}

function serviceByRoot(map: ServiceMap, path: string): string | undefined {
  let best: string | undefined;
  let bestLength = -1;
  for (const [name, root] of Object.entries(map.roots)) {
    if ((root === '' || path.startsWith(`${root}/`)) && root.length > bestLength) {
      best = name;
      bestLength = root.length;
    }
  }
  return best;
}
