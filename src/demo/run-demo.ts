import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { git } from '../adapters/git/git.js';
import { GitChangeSource } from '../adapters/git/git-change-source.js';
import { defaultConfig } from '../core/config/schema.js';
import { runReview } from '../core/review/run-review.js';
import { renderDemoMarkdown, renderDemoOutput } from './render-demo-output.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/demo/', import.meta.url));

/**
 * `npm run demo`: builds a small service and a pull request against it as a temporary git repository,
 * reviews it offline with no keys, and prints the check-run summary and the review comments exactly
 * as the app would post them.
 */
async function main(): Promise<void> {
  const repo = mkdtempSync(join(tmpdir(), 'backend-expert-demo-'));
  // Fixed dates make the demo's commits, and so its output, the same on every machine.
  process.env.GIT_AUTHOR_DATE = process.env.GIT_COMMITTER_DATE = '2026-01-15T09:00:00Z';
  try {
    const commit = (message: string) => git(repo, ['-c', 'user.name=Demo', '-c', 'user.email=demo@example.com', 'commit', '-q', '-m', message]);
    await git(repo, ['init', '-q', '-b', 'main']);
    cpSync(join(EXAMPLE, 'base'), repo, { recursive: true });
    await git(repo, ['add', '-A']);
    await commit('orders service');
    await git(repo, ['checkout', '-q', '-b', 'feature/customer-endpoints']);
    cpSync(join(EXAMPLE, 'pr'), repo, { recursive: true });
    await git(repo, ['add', '-A']);
    await commit('Customer list, search and order export');

    const source = await GitChangeSource.open({ repo, base: 'main', head: 'HEAD' });
    try {
      const config = defaultConfig();
      const result = await runReview({
        source,
        config,
        pr: { title: 'Customer list, search and order export', body: 'Adds customer listing, search and an export endpoint.' },
        offlineReason: 'the demo runs offline, with no keys',
      });
      if (process.argv.includes('--markdown')) {
        process.stdout.write(renderDemoMarkdown(result, config));
      } else {
        process.stdout.write(renderDemoOutput(result, config));
        process.stdout.write(`\nThe check run would complete as: ${result.conclusion}\n`);
      }
    } finally {
      source.close();
    }
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

await main();
