import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { actionDefaults, actionManifest } from './helpers/workflow.js';

interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Array<{ uses?: string; id?: string; with?: Record<string, unknown>; if?: string }> }>;
}

describe('action.yml', () => {
  it('declares the inputs the entry point reads, with their defaults', () => {
    expect(actionDefaults()).toEqual({
      'github-token': '${{ github.token }}',
      mode: 'review',
      'sarif-file': 'backend-expert.sarif',
      config: '',
      'fail-on-failure': 'true',
      'anthropic-api-key': '',
    });
    expect(Object.values(actionManifest().inputs).every((input) => input.required === false && input.description.length > 0)).toBe(true);
  });

  it('declares the outputs the entry point sets and runs the bundle on Node 20', () => {
    const manifest = actionManifest();
    expect(Object.keys(manifest.outputs)).toEqual(['conclusion', 'findings', 'sarif-file']);
    expect(manifest.runs).toEqual({ using: 'node20', main: 'action/dist/index.js' });
    expect(existsSync(fileURLToPath(new URL(`../../${manifest.runs.main}`, import.meta.url)))).toBe(true);
  });
});

describe('the example workflow (docs/examples/backend-expert.yml)', () => {
  const workflow = parseYaml(readFileSync(new URL('../../docs/examples/backend-expert.yml', import.meta.url), 'utf8')) as Workflow;
  const steps = Object.values(workflow.jobs)[0]!.steps;

  it('runs on pull requests with the permissions the review, the check run and code scanning need', () => {
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', checks: 'write', 'security-events': 'write' });
  });

  it('checks out the whole history, runs the Action, and uploads its SARIF', () => {
    expect(steps.map((step) => step.uses?.split('@')[0])).toEqual(['actions/checkout', 'backend-expert/backend-expert', 'github/codeql-action/upload-sarif']);
    expect(steps[0]!.with).toEqual({ 'fetch-depth': 0 });
    const inputs = Object.keys(steps[1]!.with ?? {});
    expect(inputs.every((name) => name in actionManifest().inputs)).toBe(true);
    expect(steps[2]!.with).toMatchObject({ sarif_file: '${{ steps.backend-expert.outputs.sarif-file }}' });
    expect(steps[2]!.if).toContain('always()');
  });
});
