import * as core from '@actions/core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ActionCore } from '../../../src/action/action-inputs.js';

/** action.yml at the repository's root, parsed. */
export function actionManifest(): { inputs: Record<string, { default?: string; required?: boolean; description: string }>; outputs: Record<string, { description: string }>; runs: Record<string, string> } {
  return parseYaml(readFileSync(new URL('../../../action.yml', import.meta.url), 'utf8')) as ReturnType<typeof actionManifest>;
}

/** The value of every input when the step sets none. */
export function actionDefaults(): Record<string, string> {
  return Object.fromEntries(Object.entries(actionManifest().inputs).map(([name, input]) => [name, String(input.default ?? '')]));
}

/**
 * A faked workflow step: the runner's environment variables (event, repository, workspace, API URL, run
 * id), the step's inputs (`INPUT_<NAME>`), and the files the runner reads back (GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY). `@actions/core` reads process.env itself, so the variables are set there and
 * restored afterwards.
 */
export class FakeWorkflow {
  readonly dir = mkdtempSync(join(tmpdir(), 'be-workflow-'));
  readonly eventPath = join(this.dir, 'event.json');
  readonly outputPath = join(this.dir, 'output.txt');
  readonly summaryPath: string;
  readonly failures: string[] = [];
  readonly warnings: string[] = [];
  readonly infos: string[] = [];
  private readonly saved = new Map<string, string | undefined>();

  /** `summaryPath` is shared by a test file: `core.summary` remembers the first path it was given. */
  constructor(options: { summaryPath: string; eventName?: string; event?: unknown; workspace: string; inputs?: Record<string, string>; env?: Record<string, string> }) {
    this.summaryPath = options.summaryPath;
    writeFileSync(this.summaryPath, '');
    writeFileSync(this.outputPath, '');
    if (options.event !== undefined) writeFileSync(this.eventPath, JSON.stringify(options.event));
    this.set({
      GITHUB_EVENT_NAME: options.eventName ?? 'pull_request',
      GITHUB_EVENT_PATH: this.eventPath,
      GITHUB_REPOSITORY: 'Codertocat/Hello-World',
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_API_URL: 'https://api.github.com',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_OUTPUT: this.outputPath,
      GITHUB_STEP_SUMMARY: this.summaryPath,
      ANTHROPIC_API_KEY: '',
      ...options.env,
    });
    // action.yml's defaults, as the runner passes them (the token's default is the workflow token), then
    // the step's own inputs.
    const inputs: Record<string, string> = { ...actionDefaults(), 'github-token': 'ghs_workflowtoken', ...options.inputs };
    this.set(Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, value])));
  }

  /** `@actions/core` with what the run reports captured (setFailed would set the test process's exit code). */
  get core(): ActionCore {
    return {
      ...core,
      setFailed: (message: string | Error) => void this.failures.push(String(message instanceof Error ? message.message : message)),
      warning: (message: string | Error) => void this.warnings.push(String(message instanceof Error ? message.message : message)),
      info: (message: string) => void this.infos.push(message),
      debug: () => undefined,
      setSecret: () => undefined,
    };
  }

  /** The step's outputs, parsed from GITHUB_OUTPUT (`name<<delimiter` blocks). */
  outputs(): Record<string, string> {
    const text = readFileSync(this.outputPath, 'utf8');
    const outputs: Record<string, string> = {};
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const match = /^([^<]+)<<(.+)$/.exec(lines[i]!);
      if (!match) continue;
      const end = lines.indexOf(match[2]!, i + 1);
      outputs[match[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    }
    return outputs;
  }

  summary(): string {
    return readFileSync(this.summaryPath, 'utf8');
  }

  restore(): void {
    for (const [key, value] of this.saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private set(values: Record<string, string>): void {
    for (const [key, value] of Object.entries(values)) {
      if (!this.saved.has(key)) this.saved.set(key, process.env[key]);
      process.env[key] = value;
    }
  }
}
