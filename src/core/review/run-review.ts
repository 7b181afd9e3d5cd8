import type { ChangeSource, SourceTree } from '../change-source.js';
import type { Config } from '../config/schema.js';
import { parseUnifiedDiff, addedLineSet, type DiffFile } from '../diff/parse-unified-diff.js';
import { DiffAnchors } from '../diff/anchor.js';
import type { Finding } from '../finding.js';
import { scanTree } from '../analysis/scan-tree.js';
import { RouteCollector, readProjectInfo } from '../routes/build-route-map.js';
import { diffRoutes } from '../routes/diff-routes.js';
import type { Route, RouteChange } from '../routes/types.js';
import { RuleRunner, type RouteChecklist } from '../rules/run-rules.js';
import type { SkippedFile } from '../source/language.js';
import { ServiceCollector } from '../services/service-collector.js';
import type { ScanWorkerPool } from '../analysis/scan-worker-pool.js';
import { buildServiceChanges } from '../services/build-service-changes.js';
import type { ServiceChanges } from '../services/types.js';
import type { AgentReviewOutput, AgentReviewer, PullRequestInfo } from '../agent/types.js';
import { EMPTY_USAGE } from '../agent/types.js';
import { computeConclusion, type Conclusion } from './conclusion.js';
import { fingerprintFindings } from './fingerprint.js';
import { skipReason, type SkipKind } from './skip-reasons.js';
import { applyFindingPolicy } from './finding-policy.js';
import { unreadLanguageFiles } from '../source/unread-languages.js';

export interface ReviewRequest {
  source: ChangeSource;
  config: Config;
  pr?: PullRequestInfo;
  /** The agent, or undefined to review offline. */
  agent?: AgentReviewer;
  /** Why the review is offline when `agent` is undefined (shown in the summary). */
  offlineReason?: string;
  /** Progress for long reviews (CLI stderr line, check-run output). */
  onProgress?: (message: string) => void;
  /** Notes from the caller for the summary (e.g. "the PR edits the config; reviewed with the trusted one"). */
  notes?: string[];
  /** Findings for paths/lines the caller adds itself (e.g. config validation errors). */
  extraFindings?: Finding[];
  /** Worker threads for large trees; null: this thread only. Default: the process's pool. */
  workers?: ScanWorkerPool | null;
}

export interface SkippedChange {
  path: string;
  reason: SkipKind | string;
}

/** Everything one review produced: the JSON document of the contract plus what reporters need. */
export interface ReviewResult {
  base: string;
  head: string;
  routeChanges: RouteChange[];
  findings: Finding[];
  /** What the PR does to services: touched services, roles of changed code, new/removed dependencies, call chains. */
  services: ServiceChanges;
  /** Checklist matrix per changed route (satisfied, finding, not applicable, left to the agent). */
  checklistMatrix: RouteChecklist[];
  conclusion: Conclusion;
  diff: DiffFile[];
  stats: {
    filesChanged: number;
    filesReviewed: number;
    linesAdded: number;
    linesReviewed: number;
    treeFilesParsed: number;
  };
  /** Changed files not reviewed, and why. */
  skippedChanges: SkippedChange[];
  /** Tree files that could not be parsed (context only). */
  skippedTreeFiles: SkippedFile[];
  agent: AgentReviewOutput;
  notes: string[];
  /** Head file lines for the reporters (code under a finding, fingerprints); only files with findings. */
  headLines: ReadonlyMap<string, readonly string[]>;
}

/**
 * The review pipeline: diff → route maps (base, head) → rules → agent → policy → fingerprints →
 * conclusion. It knows nothing of GitHub, git or the file system: `source` provides the change.
 */
export async function runReview(request: ReviewRequest): Promise<ReviewResult> {
  const { source, config } = request;
  const progress = request.onProgress ?? (() => {});

  // 1. Read and parse the diff.
  progress('reading the diff');
  const diffText = await source.diff();
  const diff = parseUnifiedDiff(diffText);

  // 2. Decide which changed files are reviewed.
  const { reviewed, skippedChanges } = selectReviewedFiles(diff, config);
  const changedLines = new Map(reviewed.map((file) => [file.path, addedLineSet(file)] as const));

  // 3. One pass over the head tree: routes for the whole tree, rules on the changed files.
  progress('reading the head tree');
  const headTree = await source.tree('head');
  const headRoutes = new RouteCollector();
  const headServices = new ServiceCollector();
  const rules = new RuleRunner({ changedLines, settings: config.rules });
  const headScan = await scanTree(headTree, [headRoutes, headServices, rules], { workers: request.workers });
  const headProject = await readProjectInfo(headTree);
  const headRouteList = headRoutes.link(headProject);

  // 4. Base: parse only what differs at base (unchanged files have the same facts at both refs).
  progress('mapping routes and services at base');
  const baseTree = await source.tree('base');
  const base = await mapBase(baseTree, diff, headRoutes, headServices, request.workers);
  const baseRouteList = base.routes;
  const routeChanges = diffRoutes(baseRouteList, headRouteList);
  const services = buildServiceChanges({
    base: await base.services.link({ tree: baseTree, routes: baseRouteList }),
    head: await headServices.link({ tree: headTree, routes: headRouteList }),
    diff,
    routeChanges,
  });

  // 5. Deterministic rules over the project.
  progress('checking rules');
  const { findings: staticFindings, matrix } = await rules.finish({ routeChanges, headRoutes: headRouteList, baseRoutes: baseRouteList, diff, headTree, services });

  // 6. The agent, advisory unless the config lets it gate. A suppression comment silences it too.
  const agentOutput = await runAgent(request, { diff, diffText, routeChanges, staticFindings, headTree, services }, progress);
  const agent = { ...agentOutput, findings: withoutSuppressed(agentOutput.findings, rules.suppressions()) };

  // 7. Policy: config severities, suppressions, in-diff marks, route names, redaction; then fingerprints.
  const anchors = new DiffAnchors(diff);
  const headLines = await readLinesOf(headTree, [...staticFindings, ...agent.findings, ...(request.extraFindings ?? [])]);
  const policed = applyFindingPolicy([...(request.extraFindings ?? []), ...staticFindings, ...agent.findings], {
    config,
    anchors,
    routes: headRouteList,
    lineText: (path, line) => headLines.get(path)?.[line - 1],
  });
  const findings = fingerprintFindings(policed, (path, line) => headLines.get(path)?.[line - 1]);

  // 8. The gate.
  const conclusion = computeConclusion(findings, config);
  const notes = [...(request.notes ?? []), ...(headTree.notes?.() ?? []), ...(baseTree.notes?.() ?? []), ...(headScan.notes ?? []), ...base.notes];
  return {
    base: source.base,
    head: source.head,
    routeChanges,
    findings,
    checklistMatrix: matrix,
    services,
    conclusion,
    diff,
    stats: {
      filesChanged: diff.length,
      filesReviewed: reviewed.length,
      linesAdded: diff.reduce((sum, file) => sum + file.additions, 0),
      linesReviewed: reviewed.reduce((sum, file) => sum + file.additions, 0),
      treeFilesParsed: headScan.parsed,
    },
    skippedChanges,
    skippedTreeFiles: [...headScan.skipped, ...headRoutes.skipped, ...unreadLanguageFiles(await headTree.paths())],
    agent,
    notes,
    headLines,
  };
}

function selectReviewedFiles(diff: readonly DiffFile[], config: Config): { reviewed: DiffFile[]; skippedChanges: SkippedChange[] } {
  const reviewed: DiffFile[] = [];
  const skippedChanges: SkippedChange[] = [];
  for (const file of diff) {
    const reason = skipReason(file, config.paths);
    if (reason === undefined) reviewed.push(file);
    else if (reason !== 'deleted') skippedChanges.push({ path: file.path, reason });
  }
  return { reviewed, skippedChanges };
}

/**
 * Route and service collectors for the base tree: seeded with head's facts for the files the diff
 * does not touch, then the changed files parsed at base. Linking runs again over everything (a
 * changed mount can move routes declared elsewhere).
 */
async function mapBase(
  baseTree: SourceTree,
  diff: readonly DiffFile[],
  headRoutes: RouteCollector,
  headServices: ServiceCollector,
  workers: ScanWorkerPool | null | undefined,
): Promise<{ routes: Route[]; services: ServiceCollector; notes: string[] }> {
  const headPaths = new Set(diff.map((file) => file.path));
  const basePaths = new Set(diff.filter((file) => file.status !== 'added').map((file) => file.oldPath ?? file.path));
  const unchanged = (path: string) => !headPaths.has(path) && !basePaths.has(path);
  const routes = headRoutes.seededWith(unchanged);
  const services = headServices.seededWith(unchanged);
  const scan = basePaths.size > 0 ? await scanTree(baseTree, [routes, services], { only: basePaths, workers }) : undefined;
  return { routes: routes.link(await readProjectInfo(baseTree)), services, notes: scan?.notes ?? [] };
}

async function runAgent(
  request: ReviewRequest,
  context: { diff: DiffFile[]; diffText: string; routeChanges: RouteChange[]; staticFindings: Finding[]; headTree: SourceTree; services: ServiceChanges },
  progress: (message: string) => void,
): Promise<AgentReviewOutput> {
  if (!request.agent) {
    return { status: 'offline', message: request.offlineReason ?? 'no model key configured', findings: [], usage: EMPTY_USAGE, unreadFiles: [] };
  }
  if (!request.config.agent.enabled) {
    return { status: 'disabled', message: 'the agent is disabled in the configuration', findings: [], usage: EMPTY_USAGE, unreadFiles: [] };
  }
  progress('asking the agent');
  try {
    return await request.agent.review({
      pr: request.pr ?? { title: '', body: '' },
      diff: context.diff,
      diffText: context.diffText,
      routeChanges: context.routeChanges,
      staticFindings: context.staticFindings,
      headTree: context.headTree,
      config: request.config,
      serviceContext: context.services,
    });
  } catch (error) {
    // The model is advisory: its outage never breaks the review; the summary says what happened.
    return { status: 'unavailable', message: (error as Error).message, findings: [], usage: EMPTY_USAGE, unreadFiles: [] };
  }
}

/** Drops findings on lines a `backend-expert-disable-next-line` comment covers (by rule id, checklist id or `*`). */
function withoutSuppressed(findings: readonly Finding[], suppressions: ReturnType<RuleRunner['suppressions']>): Finding[] {
  return findings.filter((finding) => {
    const ids = suppressions.get(finding.path)?.get(finding.line);
    return !ids || !(ids.has(finding.rule) || ids.has(finding.checklist) || ids.has('*'));
  });
}

async function readLinesOf(tree: SourceTree, findings: readonly Finding[]): Promise<Map<string, readonly string[]>> {
  const lines = new Map<string, readonly string[]>();
  for (const path of new Set(findings.map((finding) => finding.path))) {
    const text = await tree.read(path);
    if (text !== undefined) lines.set(path, text.split('\n'));
  }
  return lines;
}
