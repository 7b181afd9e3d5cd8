import type { Finding } from '../finding.js';
import type { RouteChangeKind } from '../routes/types.js';
import { listedRouteChanges } from '../routes/document-routes.js';
import type { ReviewResult } from '../review/run-review.js';
import { servicesJson, type ServicesJson } from '../services/services-json.js';

/** A route in the JSON output (contract §3), plus additive fields. */
export interface RouteJson {
  method: string;
  path: string;
  file: string;
  line: number;
  framework: string;
  change?: RouteChangeKind;
  handler?: string;
  middleware?: string[];
  partial?: boolean;
  notes?: string[];
}

export interface FindingJson {
  rule: string;
  checklist: string;
  severity: string;
  path: string;
  line: number;
  end_line?: number;
  title: string;
  message: string;
  source: 'static' | 'agent';
  fingerprint?: string;
  in_diff?: boolean;
}

/** The JSON document of `backend-expert review --format json` (format version 1). */
export interface ReviewJson {
  version: 1;
  base: string;
  head: string;
  routes: RouteJson[];
  findings: FindingJson[];
  conclusion: 'success' | 'neutral' | 'failure';
  /** What the PR does to services (docs/json-output.md). */
  services: ServicesJson;
  stats: ReviewResult['stats'];
  skipped: Array<{ path: string; reason: string }>;
  agent: { status: string; message?: string; model?: string; usage: ReviewResult['agent']['usage']; unread_files: string[] };
  notes: string[];
}

/** Builds the contract's JSON document: every route of HEAD plus the removed ones, and the findings. */
export function toReviewJson(result: ReviewResult): ReviewJson {
  return {
    version: 1,
    base: result.base,
    head: result.head,
    routes: listedRouteChanges(result.routeChanges).map((change) => routeJson(change.route, change.kind)),
    findings: result.findings.map(findingJson),
    conclusion: result.conclusion,
    services: servicesJson(result.services),
    stats: result.stats,
    skipped: [
      ...result.skippedChanges.map((skip) => ({ path: skip.path, reason: skip.reason })),
      ...result.skippedTreeFiles.map((skip) => ({ path: skip.path, reason: skip.reason })),
    ],
    agent: {
      status: result.agent.status,
      ...(result.agent.message ? { message: result.agent.message } : {}),
      ...(result.agent.model ? { model: result.agent.model } : {}),
      usage: result.agent.usage,
      unread_files: result.agent.unreadFiles,
    },
    notes: result.notes,
  };
}

/** A route as JSON; `change` is left out by the `routes` command. */
export function routeJson(route: import('../routes/types.js').Route, change?: RouteChangeKind): RouteJson {
  return {
    method: route.method,
    path: route.path,
    file: route.file,
    line: route.line,
    framework: route.framework,
    ...(change ? { change } : {}),
    ...(route.handler?.name ? { handler: route.handler.name } : {}),
    ...(route.middleware.length > 0 ? { middleware: route.middleware } : {}),
    ...(route.partial ? { partial: true } : {}),
    ...(route.notes && route.notes.length > 0 ? { notes: route.notes } : {}),
  };
}

function findingJson(finding: Finding): FindingJson {
  return {
    rule: finding.rule,
    checklist: finding.checklist,
    severity: finding.severity,
    path: finding.path,
    line: finding.line,
    ...(finding.endLine ? { end_line: finding.endLine } : {}),
    title: finding.title,
    message: finding.message,
    source: finding.source,
    ...(finding.fingerprint ? { fingerprint: finding.fingerprint } : {}),
    ...(finding.inDiff !== undefined ? { in_diff: finding.inDiff } : {}),
  };
}
