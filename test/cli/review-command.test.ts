import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TempGitRepo } from '../helpers/temp-git-repo.js';
import { runCliInProcess } from '../helpers/run-cli-in-process.js';

const SERVER_BASE = `import express from 'express';
const app = express();
app.get('/health', (_req, res) => res.json({ ok: true }));
app.listen(3000);
`;
const SERVER_HEAD = `import express from 'express';
const app = express();
app.get('/health', (_req, res) => res.json({ ok: true }));
app.post('/api/items', (req, res) => res.status(201).json(req.body));
app.listen(3000);
`;

describe('backend-expert review', () => {
  let repo: TempGitRepo;
  let base: string;
  let head: string;
  beforeAll(() => {
    repo = new TempGitRepo();
    repo.write({ 'src/server.ts': SERVER_BASE, 'README.md': '# svc\n' });
    base = repo.commit('base');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write({ 'src/server.ts': SERVER_HEAD });
    head = repo.commit('head');
  });
  afterAll(() => repo.remove());

  it('prints exactly one JSON document following the contract', async () => {
    const run = await runCliInProcess(['review', '--repo', repo.dir, '--base', 'main', '--format', 'json'], { cwd: repo.dir });
    expect(run.status).toBe(0);
    const doc = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ version: 1, base, head, conclusion: expect.stringMatching(/^(success|neutral)$/) });
    expect(Array.isArray(doc.routes)).toBe(true);
    expect(Array.isArray(doc.findings)).toBe(true);
    expect(run.stderr).toContain('reviewing offline (no ANTHROPIC_API_KEY set)');
  });

  it('defaults the base to main and the repo to the current directory', async () => {
    const run = await runCliInProcess(['review', '--format', 'json', '--offline'], { cwd: repo.dir });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ base, head });
    expect(run.stderr).toContain('reviewing offline (--offline)');
  });

  it('uses the remote default branch as the base when there is one', async () => {
    repo.git('update-ref', 'refs/remotes/origin/trunk', base);
    repo.git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/trunk');
    try {
      const run = await runCliInProcess(['review', '--format', 'json'], { cwd: repo.dir });
      expect(JSON.parse(run.stdout)).toMatchObject({ base });
    } finally {
      repo.git('symbolic-ref', '--delete', 'refs/remotes/origin/HEAD');
    }
  });

  it.each([
    [['review', '--format', 'yaml'], /--format must be one of text, json, sarif, markdown/],
    [['review', '--bogus'], /Unknown option '--bogus'/],
    [['review', '--base', 'no-such-ref'], /unknown revision 'no-such-ref'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('exits 2 with one line for %j', async (argv, message) => {
    const run = await runCliInProcess(argv, { cwd: repo.dir });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 outside a git repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'be-norepo-'));
    try {
      const run = await runCliInProcess(['review'], { cwd: dir });
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/is not a git repository/);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 naming the file, key and problem for a broken config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'be-config-'));
    const file = join(dir, 'config.yml');
    (await import('node:fs')).writeFileSync(file, 'fail_on: sometimes\nmax_comments: 5\n');
    try {
      const run = await runCliInProcess(['review', '--config', file], { cwd: repo.dir });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`${file}: fail_on:`);
      expect(run.stderr).toContain('(line 1)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints help for every command', async () => {
    for (const argv of [['review', '--help'], ['routes', '--help'], ['worker', '--help'], ['help']]) {
      const run = await runCliInProcess(argv, { cwd: repo.dir });
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('backend-expert');
    }
  });
});
