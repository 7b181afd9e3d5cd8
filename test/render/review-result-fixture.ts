import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { expect } from '@jest/globals';
import type { Finding } from '../../src/core/finding.js';
import type { ReviewResult } from '../../src/core/review/run-review.js';
import type { Route } from '../../src/core/routes/types.js';

function route(method: string, path: string, file: string, line: number): Route {
  return { method, path, file, line, framework: 'express', middleware: [], signature: `${method} ${path}` };
}

export function finding(overrides: Partial<Finding> & Pick<Finding, 'rule' | 'checklist' | 'severity' | 'path' | 'line' | 'title'>): Finding {
  return { message: 'Details.', source: 'static', fingerprint: 'f'.repeat(16), inDiff: true, ...overrides };
}

/** A review result with a bit of everything the summary shows. */
export function typicalResult(overrides: Partial<ReviewResult> = {}): ReviewResult {
  return {
    base: 'a'.repeat(40),
    head: 'b'.repeat(40),
    routeChanges: [
      { kind: 'added', route: route('GET', '/api/articles', 'src/routes/articles.ts', 12) },
      { kind: 'modified', route: route('POST', '/api/articles/{slug}/comments', 'src/routes/comments.ts', 30) },
      { kind: 'removed', route: route('DELETE', '/api/legacy', 'src/routes/legacy.ts', 5) },
      { kind: 'unchanged', route: route('GET', '/healthz', 'src/server.ts', 8) },
    ],
    findings: [
      finding({ rule: 'security/sql-injection', checklist: 'security.injection', severity: 'critical', path: 'src/db/articles.ts', line: 40, title: 'Query built from request input' }),
      finding({ rule: 'pagination/unbounded-list', checklist: 'api.pagination', severity: 'high', path: 'src/routes/articles.ts', line: 12, title: 'GET /api/articles returns an unbounded collection' }),
      finding({ rule: 'agent/service.resilience', checklist: 'service.resilience', severity: 'medium', path: 'src/clients/payments.ts', line: 7, title: 'Outbound call | without a timeout', source: 'agent' }),
    ],
    services: { touched: [], addedServices: [], removedServices: [], files: [], addedDependencies: [], removedDependencies: [], chains: [] },
    checklistMatrix: [
      {
        route: 'GET /api/articles',
        routeRef: 'src/routes/articles.ts:12',
        items: [
          { checklist: 'api.pagination', status: 'finding' },
          { checklist: 'api.auth', status: 'satisfied' },
          { checklist: 'api.idempotency', status: 'not-applicable' },
        ],
      },
      {
        route: 'POST /api/articles/{slug}/comments',
        routeRef: 'src/routes/comments.ts:30',
        items: [
          { checklist: 'api.auth', status: 'satisfied' },
          { checklist: 'api.input-validation', status: 'undecidable' },
          { checklist: 'api.idempotency', status: 'undecidable' },
        ],
      },
    ],
    conclusion: 'failure',
    diff: [],
    stats: { filesChanged: 7, filesReviewed: 4, linesAdded: 180, linesReviewed: 150, treeFilesParsed: 42 },
    skippedChanges: [
      { path: 'package-lock.json', reason: 'lock' },
      { path: 'assets/logo.png', reason: 'binary' },
      { path: 'vendor/lib.js', reason: 'vendored' },
    ],
    skippedTreeFiles: [{ path: 'src/huge.generated.ts', reason: 'file above the parse limit' }],
    agent: {
      status: 'ok',
      model: 'claude-sonnet-4-5',
      findings: [],
      usage: { inputTokens: 12000, cachedInputTokens: 8000, cacheWriteTokens: 2000, outputTokens: 900, estimatedCostUsd: 0.0312, calls: 2 },
      unreadFiles: ['src/big.ts'],
    },
    notes: ['This pull request edits `.github/backend-expert.yml`: it was reviewed with the configuration of the default branch.'],
    headLines: new Map(),
    ...overrides,
  };
}

/** Compares with a golden file; `UPDATE_GOLDEN=1` rewrites it (review the change). */
export function expectGolden(name: string, actual: string): void {
  const url = new URL(`./golden/${name}`, import.meta.url);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(url)) writeFileSync(url, actual);
  expect(actual).toBe(readFileSync(url, 'utf8'));
}
