import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TempGitRepo } from '../helpers/temp-git-repo.js';
import { codeScanningErrors, sarifSchemaErrors } from '../cli/helpers/schemas.js';
import { CRITICAL_CHANGE, SERVICE_BASE } from '../cli/helpers/sample-repos.js';

/** The bundle action.yml runs (built by `npm run build:action`, committed with the repository). */
const BUNDLE = fileURLToPath(new URL('../../action/dist/index.js', import.meta.url));

/** Code in the three languages whose tree-sitter parsers the bundle ships as files beside it. */
const POLYGLOT = {
  'py/app.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/py/items")\ndef items():\n    return []\n',
  'go/main.go': 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.HandleFunc("GET /go/ping", func(w http.ResponseWriter, r *http.Request) {})\n}\n',
};

interface StepRun {
  status: number;
  stdout: string;
  outputs: string;
  summary: string;
}

describe('action/dist/index.js, run by node as the runner runs it', () => {
  let repo: TempGitRepo;
  let dir: string;
  let api: Server;
  let apiUrl: string;
  const apiCalls: string[] = [];
  const modelCalls: string[] = [];
  let base: string;
  let head: string;

  beforeAll(async () => {
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`node scripts/build-action.mjs\` (npm run build:action)`);
    repo = new TempGitRepo();
    repo.write(SERVICE_BASE);
    base = repo.commit('base');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write({ ...CRITICAL_CHANGE, ...POLYGLOT });
    head = repo.commit('feature');
    dir = mkdtempSync(join(tmpdir(), 'be-bundle-'));
    // Run a copy far from this repository: a dependency left out of the bundle would otherwise be found
    // in ./node_modules by Node's resolution, and the test would prove nothing.
    cpSync(dirname(BUNDLE), join(dir, 'action', 'dist'), { recursive: true });
    // A loopback stand-in for api.github.com (no configuration anywhere) and for the model's API
    // (which refuses every request: the agent is then "unavailable", after the agents were loaded).
    api = createServer((request, response) => {
      const isModel = request.url?.startsWith('/v1/') ?? false;
      (isModel ? modelCalls : apiCalls).push(`${request.method} ${request.url}`);
      response.writeHead(isModel ? 400 : 404, { 'content-type': 'application/json' });
      response.end(JSON.stringify(isModel ? { type: 'error', error: { type: 'invalid_request_error', message: 'refused by the test' } } : { message: 'Not Found' }));
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    repo?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await new Promise<void>((resolve) => (api ? api.close(() => resolve()) : resolve()));
  });

  function runStep(inputs: Record<string, string>): Promise<StepRun> {
    const event = join(dir, 'event.json');
    const outputs = join(dir, 'outputs.txt');
    const summary = join(dir, 'summary.md');
    writeFileSync(event, JSON.stringify({
      number: 3,
      pull_request: { number: 3, title: 'Users API', body: '', draft: false, user: { login: 'octocat' }, base: { sha: base, repo: { full_name: 'acme/shop' } }, head: { sha: head, repo: { full_name: 'acme/shop' } } },
    }));
    writeFileSync(outputs, '');
    writeFileSync(summary, '');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event,
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_WORKSPACE: repo.dir,
      GITHUB_API_URL: apiUrl,
      GITHUB_OUTPUT: outputs,
      GITHUB_STEP_SUMMARY: summary,
      ANTHROPIC_BASE_URL: apiUrl,
      'INPUT_GITHUB-TOKEN': 'ghs_workflowtoken',
      'INPUT_FAIL-ON-FAILURE': 'true',
      ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])),
    };
    return new Promise((resolve) => {
      execFile(process.execPath, [join(dir, 'action', 'dist', 'index.js')], { cwd: repo.dir, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, outputs: readFileSync(outputs, 'utf8'), summary: readFileSync(summary, 'utf8') });
      });
    });
  }

  it('needs no node_modules: reviews with the bundled parsers and writes SARIF, outputs and the job summary', async () => {
    const step = await runStep({ mode: 'sarif', 'sarif-file': 'out/backend-expert.sarif' });
    expect(step.status).toBe(1);
    expect(step.stdout).toContain('::error::Backend Expert: conclusion failure (findings at or above fail_on: critical). See the job summary.');
    expect(apiCalls).toEqual(['GET /repos/acme/shop/contents/.github%2Fbackend-expert.yml', 'GET /repos/acme/.github/contents/.github%2Fbackend-expert.yml']);
    const sarifFile = join(repo.dir, 'out/backend-expert.sarif');
    const log = JSON.parse(readFileSync(sarifFile, 'utf8')) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect([sarifSchemaErrors(log), codeScanningErrors(log)]).toEqual([[], []]);
    expect(log.runs[0]!.results.map((result) => result.ruleId)).toEqual(['secrets/hardcoded-credential', 'injection/sql-string-built']);
    expect(step.outputs).toMatch(/^conclusion<<(.+)\nfailure\n\1\nfindings<<(.+)\n2\n\2\nsarif-file<<(.+)\n(.+)\n\3\n$/);
    expect(step.outputs).toContain(`\n${sarifFile}\n`);
    // Python and Go routes: the parsers beside the bundle loaded.
    expect(step.summary).toContain('| `GET` | `/py/items` | added | `py/app.py:6` |');
    expect(step.summary).toContain('| `GET` | `/go/ping` | added | `go/main.go:6` |');
  }, 60_000);

  it('loads the agent definitions shipped beside it when a model key is given', async () => {
    const step = await runStep({ mode: 'sarif', 'anthropic-api-key': 'sk-ant-test' });
    // The key is masked in the log, the model was asked, its refusal leaves the review deterministic.
    expect(step.stdout).toContain('::add-mask::sk-ant-test');
    expect(modelCalls.length).toBeGreaterThan(0);
    expect(step.summary).toMatch(/### Agent\n\n\*\*unavailable\*\*/);
    expect(step.status).toBe(1);
  }, 60_000);
});
