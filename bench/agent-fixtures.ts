import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { loadShippedAgents } from '../src/adapters/anthropic/load-shipped-agents.js';
import type { AgentCatalogue } from '../src/core/agent/resolve-agents.js';
import type { AgentReviewInput, AgentReviewer, PullRequestInfo } from '../src/core/agent/types.js';
import { EMPTY_USAGE } from '../src/core/agent/types.js';
import { MemoryTree, type ChangeSource } from '../src/core/change-source.js';
import type { Config } from '../src/core/config/schema.js';
import { runReview } from '../src/core/review/run-review.js';
import { projectPath } from './project-root.js';

/** The agent fixture PRs of test/fixtures/agent (both share articles-pr's base). */
export const AGENT_FIXTURE_PRS = ['articles-pr', 'injection-pr'] as const;
export type AgentFixturePrName = (typeof AGENT_FIXTURE_PRS)[number];

export interface FixturePr {
  name: string;
  base: MemoryTree;
  head: MemoryTree;
  diffText: string;
  pr: PullRequestInfo;
  source: ChangeSource;
}

/** Every file under a directory, keyed by its path relative to it. */
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

/** One fixture PR as a change source (the diff is the recorded `pr.diff`). */
export async function loadFixturePr(name: AgentFixturePrName): Promise<FixturePr> {
  const fixtures = projectPath('test', 'fixtures', 'agent');
  const base = await readTree('base-sha', join(fixtures, 'articles-pr', 'base'));
  const head = await readTree('head-sha', join(fixtures, name, 'head'));
  const diffText = await readFile(join(fixtures, name, 'pr.diff'), 'utf8');
  const pr = JSON.parse(await readFile(join(fixtures, name, 'pull_request.json'), 'utf8')) as PullRequestInfo;
  const source: ChangeSource = { base: 'base-sha', head: 'head-sha', diff: async () => diffText, tree: async (side) => (side === 'base' ? base : head) };
  return { name, base, head, diffText, pr, source };
}

let shipped: Promise<AgentCatalogue> | undefined;

/** The packaged agents, read from the repository's agents/ (the default path is wrong under dist-bench/). */
export function shippedCatalogue(): Promise<AgentCatalogue> {
  shipped ??= loadShippedAgents(projectPath('agents'));
  return shipped;
}

/**
 * The exact input the pipeline hands the agent for a change — diff, route changes and deterministic
 * findings as `runReview` computes them — captured by a stand-in agent that answers nothing.
 */
export async function captureAgentInput(source: ChangeSource, config: Config, pr: PullRequestInfo): Promise<AgentReviewInput> {
  let captured: AgentReviewInput | undefined;
  const capture: AgentReviewer = {
    async review(input) {
      captured = input;
      return { status: 'ok', findings: [], usage: EMPTY_USAGE, unreadFiles: [] };
    },
  };
  await runReview({ source, config, pr, agent: capture });
  if (!captured) throw new Error('runReview did not call the agent');
  return captured;
}
