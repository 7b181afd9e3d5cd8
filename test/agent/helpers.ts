import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import { MemoryTree, type ChangeSource } from '../../src/core/change-source.js';
import { configSchema, type Config, type ConfigInput } from '../../src/core/config/schema.js';
import { parseUnifiedDiff } from '../../src/core/diff/parse-unified-diff.js';
import type { Finding } from '../../src/core/finding.js';
import type { RouteChange } from '../../src/core/routes/types.js';
import type { AgentReviewInput, PullRequestInfo } from '../../src/core/agent/types.js';
import { resolveAgents, type AgentCatalogue } from '../../src/core/agent/resolve-agents.js';
import type { AgentBundle } from '../../src/core/agent/build-review-request.js';
import { loadShippedAgents } from '../../src/adapters/anthropic/load-shipped-agents.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/agent/', import.meta.url));
export const API = 'https://api.anthropic.com';

/** Every file under a fixture directory, keyed by its path relative to it. */
export async function readTree(ref: string, directory: string): Promise<MemoryTree> {
  const files = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else files.set(relative(directory, path).split('\\').join('/'), await readFile(path, 'utf8'));
    }
  };
  await walk(directory);
  return new MemoryTree(ref, files);
}

export interface FixturePr {
  base: MemoryTree;
  head: MemoryTree;
  diffText: string;
  pr: PullRequestInfo;
  source: ChangeSource;
}

/** `articles-pr` (the realistic PR) or `injection-pr` (the same change with injection attempts); both share articles-pr's base. */
export async function loadFixturePr(name: 'articles-pr' | 'injection-pr'): Promise<FixturePr> {
  const base = await readTree('base-sha', join(FIXTURES, 'articles-pr', 'base'));
  const head = await readTree('head-sha', join(FIXTURES, name, 'head'));
  const diffText = await readFile(join(FIXTURES, name, 'pr.diff'), 'utf8');
  const pr = JSON.parse(await readFile(join(FIXTURES, name, 'pull_request.json'), 'utf8')) as PullRequestInfo;
  const source: ChangeSource = { base: 'base-sha', head: 'head-sha', diff: async () => diffText, tree: async (side) => (side === 'base' ? base : head) };
  return { base, head, diffText, pr, source };
}

export function config(input: ConfigInput = {}): Config {
  return configSchema.parse(input);
}

const handler = (file: string, startLine: number, endLine: number) => ({ file, startLine, endLine });

/** The two routes the articles PR adds, as the route extractors report them. */
export const ARTICLE_ROUTE_CHANGES: RouteChange[] = [
  {
    kind: 'added',
    route: { method: 'GET', path: '/api/articles', file: 'src/routes/articles.ts', line: 46, framework: 'express', handler: handler('src/routes/articles.ts', 46, 53), middleware: [], signature: 's1' },
  },
  {
    kind: 'added',
    route: {
      method: 'POST',
      path: '/api/articles/{slug}/publish',
      file: 'src/routes/articles.ts',
      line: 55,
      framework: 'express',
      handler: handler('src/routes/articles.ts', 55, 62),
      middleware: ['authenticate'],
      signature: 's2',
    },
  },
];

/** A deterministic finding on the new list route, as the pagination rule reports it. */
export const UNBOUNDED_LIST: Finding = {
  rule: 'pagination/unbounded-list',
  checklist: 'api.pagination',
  severity: 'high',
  path: 'src/routes/articles.ts',
  line: 46,
  title: '{route} returns an unbounded collection',
  message: 'Add a limit and a cursor.',
  source: 'static',
  routeRef: 'src/routes/articles.ts:46',
};

export async function articlesInput(overrides: Partial<AgentReviewInput> = {}): Promise<AgentReviewInput> {
  const fixture = await loadFixturePr('articles-pr');
  return {
    pr: fixture.pr,
    diff: parseUnifiedDiff(fixture.diffText),
    diffText: fixture.diffText,
    routeChanges: ARTICLE_ROUTE_CHANGES,
    staticFindings: [UNBOUNDED_LIST],
    headTree: fixture.head,
    config: config(),
    ...overrides,
  };
}

let shipped: Promise<AgentCatalogue> | undefined;
export function shippedCatalogue(): Promise<AgentCatalogue> {
  shipped ??= loadShippedAgents();
  return shipped;
}

export async function backendExpert(): Promise<AgentBundle> {
  const { bundles } = resolveAgents(['backend-expert'], await shippedCatalogue());
  return bundles[0]!;
}

export interface UsageShape {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/** A Messages API response in the recorded shape: a thinking block, then the tool call. */
export function toolUseResponse(input: unknown, usage: Partial<UsageShape> = {}, model = 'claude-opus-5-5') {
  const full: UsageShape = { input_tokens: 2_100, output_tokens: 900, cache_creation_input_tokens: 0, cache_read_input_tokens: 5_400, ...usage };
  return {
    id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
    type: 'message',
    role: 'assistant',
    model,
    content: [
      { type: 'thinking', thinking: '', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds' },
      { type: 'tool_use', id: 'toolu_01A09q90qw90lq917835lq9', name: 'submit_review', input },
    ],
    stop_reason: 'tool_use',
    stop_sequence: null,
    usage: {
      ...full,
      cache_creation: { ephemeral_5m_input_tokens: full.cache_creation_input_tokens, ephemeral_1h_input_tokens: 0 },
      service_tier: 'standard',
      server_tool_use: null,
      inference_geo: null,
    },
  };
}

export const GOOD_SUMMARY = {
  analysis: 'The PR adds a list route and a publish route; publish calls the search service synchronously.',
  considerations: ['The list grows with the table.', 'Search being down blocks publishing.'],
  options: [
    { name: 'Synchronous call with timeout', description: 'Keep the call, bound it.', pros: ['Simple'], cons: ['Couples availability'], when: 'Low volume.' },
    { name: 'Outbox event', description: 'Publish an event in the same transaction.', pros: ['Decoupled'], cons: ['More moving parts'], when: 'Search is not critical to the response.' },
  ],
  recommendation: 'Add a timeout now; move to an outbox event when the search index matters less than latency.',
  next_steps: ['Parameterise the author filter.', 'Add a timeout to the search call.'],
  questions: ['Must publishing fail when search is down?'],
};

export const GOOD_FINDINGS = [
  {
    path: 'src/services/article-service.ts',
    line: 40,
    checklist: 'security.injection',
    severity: 'critical',
    title: 'SQL built by concatenating the author filter',
    body: 'An `author` of `x\' OR \'1\'=\'1` returns every row. Use a parameter: `WHERE author_id = $1`.',
    suggestion: { replacement: "  if (filter.author) return query<Article>(sql + ' WHERE author_id = $1', [filter.author]);" },
  },
  {
    path: 'src/services/article-service.ts',
    line: 48,
    checklist: 'service.resilience',
    severity: 'high',
    title: 'Call to the search service without a timeout',
    body: 'If search hangs, every publish request hangs with it. Pass `signal: AbortSignal.timeout(2000)`.',
  },
];

/** Intercepts POST /v1/messages and records each request body. */
export function interceptMessages(): { bodies: unknown[]; scope: nock.Scope; reply: (status: number, body: unknown, headers?: Record<string, string>) => void } {
  const bodies: unknown[] = [];
  const scope = nock(API);
  return {
    bodies,
    scope,
    reply(status, body, headers = {}) {
      scope
        .post('/v1/messages', (requestBody: unknown) => {
          bodies.push(requestBody);
          return true;
        })
        .reply(status, body as nock.Body, { 'content-type': 'application/json', 'request-id': 'req_test', ...headers });
    },
  };
}

export const OVERLOADED = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };
export const RATE_LIMITED = { type: 'error', error: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit' } };
