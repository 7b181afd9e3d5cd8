import { runReview } from '../core/review/run-review.js';
import { toReviewJson } from '../core/render/review-json.js';
import { renderReviewText, ANSI_STYLE, PLAIN_STYLE } from '../core/render/review-text.js';
import { renderReviewSarif } from '../core/render/review-sarif.js';
import { GitChangeSource } from '../adapters/git/git-change-source.js';
import { createAgentFromEnv } from './agent-from-env.js';
import { loadCliConfig } from './load-config.js';
import { renderCliMarkdown, sarifRuleDocs, toolVersion } from './cli-renderers.js';
import type { CliIO } from './main.js';
import { repositoryRoot } from '../adapters/git/git-change-source.js';

export interface ReviewOptions {
  repo: string;
  base?: string;
  head?: string;
  format: 'text' | 'json' | 'sarif' | 'markdown';
  offline: boolean;
  configFile?: string;
}

/** `backend-expert review`: the same pipeline as the app, on a local git repository. */
export async function runReviewCommand(options: ReviewOptions, io: CliIO): Promise<number> {
  const repo = await repositoryRoot(options.repo);
  const { config } = loadCliConfig(repo, options.configFile);
  const source = await GitChangeSource.open({ repo, base: options.base, head: options.head });
  const agent = await createAgentFromEnv({ env: io.env, config, offline: options.offline, tree: await source.tree('head') });
  if (!agent.reviewer) io.stderr(`backend-expert: reviewing offline (${agent.reason})\n`);
  const progress = io.stderrIsTTY ? (message: string) => io.stderr(`\r\x1b[2K… ${message}`) : undefined;
  try {
    const result = await runReview({ source, config, agent: agent.reviewer, offlineReason: agent.reason, onProgress: progress });
    if (progress) io.stderr('\r\x1b[2K');
    switch (options.format) {
      case 'json':
        io.stdout(JSON.stringify(toReviewJson(result), null, 2) + '\n');
        break;
      case 'sarif':
        io.stdout(JSON.stringify(renderReviewSarif(result, sarifRuleDocs(), toolVersion()), null, 2) + '\n');
        break;
      case 'markdown':
        io.stdout(renderCliMarkdown(result, config));
        break;
      default:
        io.stdout(renderReviewText(result, io.stdoutIsTTY && !io.env.NO_COLOR ? ANSI_STYLE : PLAIN_STYLE));
    }
    return result.conclusion === 'failure' ? 1 : 0;
  } finally {
    source.close();
  }
}
