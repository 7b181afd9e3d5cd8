import { posix } from 'node:path';
import type { Config } from '../config/schema.js';
import type { DiffFile } from '../diff/parse-unified-diff.js';
import type { Finding } from '../finding.js';
import { isExcludedFromAnalysis } from '../analysis/excluded-paths.js';
import { skipReason } from '../review/skip-reasons.js';
import type { RouteChange } from '../routes/types.js';
import { documentKindOf, languageOf } from '../source/language.js';

/** One model call: the changed files it reviews, most relevant first. */
export interface PlannedCall {
  /** The area (directory) the call is about, for the prompt and the logs. */
  area: string;
  files: DiffFile[];
  /** Estimated tokens of these files' hunks. */
  hunkTokens: number;
}

export interface ReviewPlan {
  calls: PlannedCall[];
  /** Reviewable files left out because the calls ran out (max_calls). */
  unread: string[];
  /** Changed files the agent does not review at all (tests, lock files, vendored, deleted…), with why. */
  ignored: Array<{ path: string; reason: string }>;
}

export interface PlanInput {
  diff: readonly DiffFile[];
  routeChanges: readonly RouteChange[];
  staticFindings: readonly Finding[];
  config: Config;
}

export interface PlanOptions {
  /** Tokens of hunks one call may carry. */
  hunkBudget: number;
  maxCalls: number;
  /** Estimated hunk tokens of a file (the renderer's estimate). */
  hunkTokens: (file: DiffFile) => number;
}

const SERVICE_WORDS = ['route', 'router', 'controller', 'handler', 'api', 'endpoint', 'view', 'resource', 'service', 'repository', 'repo', 'middleware', 'server', 'app', 'main', 'grpc', 'graphql', 'resolver', 'db', 'database', 'client', 'queue', 'worker', 'consumer'];

/**
 * Splits the review into calls by area: files are ranked (changed routes, deterministic findings,
 * service-looking paths, size of the change), grouped by directory, and packed into calls in rank
 * order under the hunk budget. Files beyond `maxCalls` are listed as unread, never silently dropped.
 */
export function planReviewCalls(input: PlanInput, options: PlanOptions): ReviewPlan {
  const ignored: ReviewPlan['ignored'] = [];
  const reviewable: DiffFile[] = [];
  for (const file of input.diff) {
    const reason = skipReason(file, input.config.paths) ?? (isExcludedFromAnalysis(file.path) ? 'test or excluded directory' : undefined);
    if (reason) ignored.push({ path: file.path, reason });
    else reviewable.push(file);
  }
  const score = relevance(input);
  const areaScore = new Map<string, number>();
  for (const file of reviewable) areaScore.set(areaOf(file.path), Math.max(areaScore.get(areaOf(file.path)) ?? 0, score(file)));
  const ordered = [...reviewable].sort(
    (a, b) =>
      (areaScore.get(areaOf(b.path)) ?? 0) - (areaScore.get(areaOf(a.path)) ?? 0) ||
      areaOf(a.path).localeCompare(areaOf(b.path)) ||
      score(b) - score(a) ||
      a.path.localeCompare(b.path),
  );

  const calls: PlannedCall[] = [];
  const unread: string[] = [];
  let current: PlannedCall | undefined;
  for (const file of ordered) {
    const tokens = options.hunkTokens(file);
    const fits = current && current.hunkTokens + tokens <= options.hunkBudget;
    if (!fits) {
      if (calls.length >= options.maxCalls) {
        unread.push(file.path);
        continue;
      }
      current = { area: areaOf(file.path), files: [], hunkTokens: 0 };
      calls.push(current);
    }
    current!.files.push(file);
    current!.hunkTokens += tokens;
    if (areaOf(file.path) !== current!.area && !current!.area.includes(areaOf(file.path))) current!.area = `${current!.area}, ${areaOf(file.path)}`;
  }
  return { calls, unread, ignored };
}

/** `src/routes/articles.ts` → `src/routes`; `main.go` → `.`. */
export function areaOf(path: string): string {
  const dir = posix.dirname(path);
  return dir.split('/').slice(0, 2).join('/');
}

function relevance(input: PlanInput): (file: DiffFile) => number {
  const routeFiles = new Map<string, number>();
  for (const change of input.routeChanges) {
    if (change.kind === 'unchanged') continue;
    for (const path of [change.route.file, change.route.handler?.file]) if (path) routeFiles.set(path, (routeFiles.get(path) ?? 0) + 1);
  }
  const findingFiles = new Map<string, number>();
  for (const finding of input.staticFindings) findingFiles.set(finding.path, (findingFiles.get(finding.path) ?? 0) + 1);
  return (file) => {
    const lower = file.path.toLowerCase();
    const words = lower.split(/[^a-z]+/);
    let score = 0;
    score += Math.min(3, routeFiles.get(file.path) ?? 0) * 100;
    score += Math.min(3, findingFiles.get(file.path) ?? 0) * 40;
    if (SERVICE_WORDS.some((word) => words.includes(word) || words.includes(`${word}s`))) score += 30;
    score += Math.min(30, Math.ceil(file.additions / 10));
    if (!languageOf(file.path)) score -= documentKindOf(file.path) ? 10 : 60;
    return score;
  };
}
