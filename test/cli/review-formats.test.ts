import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { GitChangeSource } from '../../src/adapters/git/git-change-source.js';
import { defaultConfig } from '../../src/core/config/schema.js';
import { CHECKLIST_IDS } from '../../src/core/checklist.js';
import { renderCheckSummary } from '../../src/core/render/summary-markdown.js';
import { runReview } from '../../src/core/review/run-review.js';
import { RULES } from '../../src/core/rules/index.js';
import { runCliInProcess } from '../helpers/run-cli-in-process.js';
import type { TempGitRepo } from '../helpers/temp-git-repo.js';
import { codeScanningErrors, contractSchema, reviewContractErrors, sarifSchemaErrors } from './helpers/schemas.js';
import { CRITICAL_CHANGE, DOCS_CHANGE, samplePullRequest } from './helpers/sample-repos.js';

/** The findings both critical changes produce, as the contract's JSON lists them. */
const CRITICAL_FINDINGS = [
  {
    rule: 'secrets/hardcoded-credential',
    checklist: 'security.secrets',
    severity: 'critical',
    path: 'src/billing/stripe.ts',
    line: 3,
    title: 'A Stripe key is written into the code',
    source: 'static',
  },
  {
    rule: 'injection/sql-string-built',
    checklist: 'security.injection',
    severity: 'critical',
    path: 'src/server.ts',
    line: 8,
    title: 'SQL built from request input',
    source: 'static',
  },
];

describe('review on a pull request with critical findings', () => {
  let repo: TempGitRepo;
  let base: string;
  let head: string;
  beforeAll(() => {
    ({ repo, base, head } = samplePullRequest(CRITICAL_CHANGE));
  });
  afterAll(() => repo.remove());

  const review = (...args: string[]) => runCliInProcess(['review', '--offline', ...args], { cwd: repo.dir });

  it('json: one document that follows the contract, every route of HEAD with its change, exit 1 on failure', async () => {
    const run = await review('--format', 'json');
    expect(run.status).toBe(1);
    const doc = JSON.parse(run.stdout) as { routes: unknown[]; findings: Array<Record<string, unknown>> } & Record<string, unknown>;
    expect(reviewContractErrors(doc)).toEqual([]);
    expect({ version: doc.version, base: doc.base, head: doc.head, conclusion: doc.conclusion }).toEqual({ version: 1, base, head, conclusion: 'failure' });
    expect(doc.routes).toEqual([
      { method: 'GET', path: '/api/users', file: 'src/server.ts', line: 7, framework: 'express', change: 'added' },
      { method: 'GET', path: '/health', file: 'src/server.ts', line: 6, framework: 'express', change: 'unchanged' },
    ]);
    expect(doc.findings.map(({ rule, checklist, severity, path, line, title, source }) => ({ rule, checklist, severity, path, line, title, source }))).toEqual(CRITICAL_FINDINGS);
    // Rules redact before they report: the key never reaches the JSON.
    expect(run.stdout).not.toContain('sk_live_51HqLyj');
  });

  it('text: grouped by file, the code line above each finding, no ANSI codes when stdout is not a terminal', async () => {
    const run = await review();
    expect(run.status).toBe(1);
    expect(run.stdout).not.toContain('\x1b');
    expect(run.stdout.split('\n')).toEqual([
      `Backend Expert review ${base.slice(0, 7)}...${head.slice(0, 7)}`,
      '2 of 2 changed files reviewed, 7 added lines read',
      '',
      'Routes changed',
      '  added    GET    /api/users  src/server.ts:7',
      '',
      'src/billing/stripe.ts',
      expect.stringMatching(/^ {6}3 \| export const stripe = new Stripe\('.+'\);$/),
      '        CRITICAL A Stripe key is written into the code',
      '        secrets/hardcoded-credential · Credentials in code',
      '',
      'src/server.ts',
      "      8 | const rows = await pool.query(`SELECT * FROM users WHERE name = '${req.query.name}'`);",
      '        CRITICAL SQL built from request input',
      '        injection/sql-string-built · Injection through string-built queries',
      'Agent: offline — --offline',
      '',
      'Conclusion: failure',
      '',
    ]);
    expect(run.stderr).toBe('backend-expert: reviewing offline (--offline)\n');
  });

  it('text: colour and a progress line only on a terminal, and never with NO_COLOR', async () => {
    const tty = await runOnTerminal(['review', '--offline'], repo.dir, {});
    expect(tty.stdout).toContain('\x1b[1;31mCRITICAL\x1b[0m SQL built from request input');
    expect(tty.stderr).toContain('\r\x1b[2K… reading the diff');
    expect(tty.stderr.endsWith('\r\x1b[2K')).toBe(true);
    const noColor = await runOnTerminal(['review', '--offline'], repo.dir, { NO_COLOR: '1' });
    expect(noColor.stdout).not.toContain('\x1b');
  });

  it('sarif: valid SARIF 2.1.0 that GitHub code scanning accepts, rules carrying their checklist item and help', async () => {
    const run = await review('--format', 'sarif');
    expect(run.status).toBe(1);
    const log = JSON.parse(run.stdout) as SarifLog;
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(codeScanningErrors(log)).toEqual([]);
    const [sarifRun] = log.runs;
    expect(sarifRun!.tool.driver.name).toBe('Backend Expert');
    expect(sarifRun!.tool.driver.rules.map((rule) => rule.id)).toEqual(['injection/sql-string-built', 'secrets/hardcoded-credential']);
    const sql = sarifRun!.tool.driver.rules[0]!;
    const meta = RULES.find((rule) => rule.id === 'injection/sql-string-built')!.meta;
    expect(sql.shortDescription.text).toBe(meta.description.replace(/`/g, ''));
    expect(sql.help.markdown).toContain(meta.rationale);
    expect(sql.help.markdown).toContain('Checklist item: `security.injection` — Injection through string-built queries.');
    expect(sql.help.text).toContain('Checklist item: security.injection — Injection through string-built queries.');
    expect(sql.defaultConfiguration.level).toBe('error');
    expect(sql.properties).toEqual({ tags: ['backend', 'security.injection', 'security'], checklist: 'security.injection', precision: 'high', 'security-severity': '8.0' });
    const json = JSON.parse((await review('--format', 'json')).stdout) as { findings: Array<{ rule: string; fingerprint: string }> };
    expect(sarifRun!.results.map((result) => ({ rule: result.ruleId, level: result.level, location: result.locations[0]!.physicalLocation, fingerprint: result.partialFingerprints['backendExpert/v1'] }))).toEqual([
      {
        rule: 'secrets/hardcoded-credential',
        level: 'error',
        location: { artifactLocation: { uri: 'src/billing/stripe.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: expect.any(Number) } },
        fingerprint: json.findings[0]!.fingerprint,
      },
      {
        rule: 'injection/sql-string-built',
        level: 'error',
        location: {
          artifactLocation: { uri: 'src/server.ts', uriBaseId: '%SRCROOT%' },
          region: { startLine: 8, startColumn: 1, endLine: 8, endColumn: "  const rows = await pool.query(`SELECT * FROM users WHERE name = '${req.query.name}'`);".length + 1 },
        },
        fingerprint: json.findings[1]!.fingerprint,
      },
    ]);
    expect(sarifRun!.results[1]!.message.text.split('\n')[0]).toBe('SQL built from request input');
  });

  it('markdown: exactly the check-run summary', async () => {
    const run = await review('--format', 'markdown');
    expect(run.status).toBe(1);
    const source = await GitChangeSource.open({ repo: repo.dir, base: 'main' });
    try {
      const result = await runReview({ source, config: defaultConfig(), offlineReason: '--offline' });
      expect(run.stdout).toBe(`${renderCheckSummary(result, { language: 'en' }).summary}\n`);
    } finally {
      source.close();
    }
    expect(run.stdout).toContain('`src/server.ts:8` — SQL built from request input (`injection/sql-string-built`)');
  });

  it('exit 0 with conclusion neutral when the configuration lets nothing fail (--config FILE)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'be-config-'));
    try {
      writeFileSync(join(dir, 'never.yml'), 'fail_on: never\n');
      const run = await review('--format', 'json', '--config', join(dir, 'never.yml'));
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ conclusion: 'neutral', findings: CRITICAL_FINDINGS.map((finding) => expect.objectContaining(finding)) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("exit 0 with the repository's own .github/backend-expert.yml (the CLI reads it from the work tree)", async () => {
    repo.write({ '.github/backend-expert.yml': 'fail_on: never\n' });
    try {
      const run = await review('--format', 'json');
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ conclusion: 'neutral' });
    } finally {
      repo.git('clean', '-fdq');
    }
  });
});

describe('review on a pull request without findings', () => {
  let repo: TempGitRepo;
  beforeAll(() => {
    ({ repo } = samplePullRequest(DOCS_CHANGE));
  });
  afterAll(() => repo.remove());

  it.each(['text', 'json', 'sarif', 'markdown'])('%s: exit 0 with conclusion success', async (format) => {
    const run = await runCliInProcess(['review', '--offline', '--format', format], { cwd: repo.dir });
    expect(run.status).toBe(0);
    if (format === 'json') {
      const doc = JSON.parse(run.stdout) as unknown;
      expect(reviewContractErrors(doc)).toEqual([]);
      expect(doc).toMatchObject({ conclusion: 'success', findings: [] });
    }
    if (format === 'sarif') {
      const log = JSON.parse(run.stdout) as SarifLog;
      expect([sarifSchemaErrors(log), codeScanningErrors(log), log.runs[0]!.results]).toEqual([[], [], []]);
    }
    if (format === 'text') expect(run.stdout).toContain('\nNo findings.\n');
    if (format === 'markdown') expect(run.stdout.startsWith('## ✅ No findings')).toBe(true);
  });
});

describe('the contract schema', () => {
  it('lists exactly the checklist IDs of the contract', () => {
    const schema = contractSchema() as { definitions: { finding: { properties: { checklist: { enum: string[] } } } } };
    expect(schema.definitions.finding.properties.checklist.enum).toEqual([...CHECKLIST_IDS]);
  });

  it.each([
    ['a route path without its leading slash', (doc: MutableDoc) => (doc.routes[0]!.path = 'api/users')],
    ['a route path with a trailing slash', (doc: MutableDoc) => (doc.routes[0]!.path = '/api/users/')],
    ['an Express-style parameter', (doc: MutableDoc) => (doc.routes[0]!.path = '/api/users/:id')],
    ['a route without its change', (doc: MutableDoc) => delete doc.routes[0]!.change],
    ['an unknown change', (doc: MutableDoc) => (doc.routes[0]!.change = 'renamed')],
    ['line 0', (doc: MutableDoc) => (doc.findings[0]!.line = 0)],
    ['an unknown checklist item', (doc: MutableDoc) => (doc.findings[0]!.checklist = 'api.caching')],
    ['an unknown severity', (doc: MutableDoc) => (doc.findings[0]!.severity = 'blocker')],
    ['an unknown source', (doc: MutableDoc) => (doc.findings[0]!.source = 'model')],
    ['an absolute file path', (doc: MutableDoc) => (doc.findings[0]!.path = '/src/server.ts')],
    ['an unknown conclusion', (doc: MutableDoc) => (doc.conclusion = 'passed')],
    ['a short base SHA', (doc: MutableDoc) => (doc.base = 'abc1234')],
  ])('refuses %s', (_name, mutate) => {
    const doc: MutableDoc = {
      version: 1,
      base: 'a'.repeat(40),
      head: 'b'.repeat(40),
      routes: [{ method: 'GET', path: '/api/users', file: 'src/server.ts', line: 7, framework: 'express', change: 'added' }],
      findings: [{ rule: 'injection/sql-string-built', checklist: 'security.injection', severity: 'critical', path: 'src/server.ts', line: 8, title: 'T', message: 'M', source: 'static' }],
      conclusion: 'failure',
    };
    expect(reviewContractErrors(doc)).toEqual([]);
    mutate(doc);
    expect(reviewContractErrors(doc)).not.toEqual([]);
  });
});

interface MutableDoc {
  version: number;
  base: string;
  head: string;
  routes: Array<Record<string, unknown>>;
  findings: Array<Record<string, unknown>>;
  conclusion: string;
}

interface SarifLog {
  runs: Array<{
    tool: {
      driver: {
        name: string;
        rules: Array<{
          id: string;
          shortDescription: { text: string };
          help: { text: string; markdown: string };
          defaultConfiguration: { level: string };
          properties: Record<string, unknown>;
        }>;
      };
    };
    results: Array<{ ruleId: string; level: string; message: { text: string }; locations: Array<{ physicalLocation: unknown }>; partialFingerprints: Record<string, string> }>;
  }>;
}

/** The CLI as a terminal would run it (stdout and stderr are TTYs). */
async function runOnTerminal(argv: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env, cwd, stdoutIsTTY: true, stderrIsTTY: true });
  return { status, stdout, stderr };
}
