import type { ChangeSource } from '../core/change-source.js';
import { CONFIG_PATH } from '../adapters/github/load-config.js';
import { ConfigError, parseConfigText } from '../core/config/parse-config.js';
import { parseUnifiedDiff } from '../core/diff/parse-unified-diff.js';
import type { Finding } from '../core/finding.js';

/**
 * What the app says when a pull request edits `.github/backend-expert.yml` (src/app/run-review-job.ts):
 * it was reviewed with the trusted configuration, and the edited file's problems become findings on its
 * lines, so that a broken gate is caught before it is merged.
 */
export async function checkEditedConfig(source: ChangeSource, trustedFile: string): Promise<{ notes: string[]; findings: Finding[] }> {
  const edited = parseUnifiedDiff(await source.diff()).find((file) => file.path === CONFIG_PATH);
  if (!edited) return { notes: [], findings: [] };
  const notes = [
    `This pull request edits \`${CONFIG_PATH}\`: it was reviewed with the trusted configuration (\`${trustedFile}\`); the edited file applies once merged.`,
  ];
  if (edited.status === 'deleted') return { notes, findings: [] };
  const text = await (await source.tree('head')).read(CONFIG_PATH);
  if (text === undefined) return { notes, findings: [] };
  try {
    parseConfigText(text, CONFIG_PATH);
    return { notes, findings: [] };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { notes, findings: error.problems.map(configProblemFinding) };
  }
}

function configProblemFinding(problem: ConfigError['problems'][number]): Finding {
  const where = problem.key ? `\`${problem.key}\`` : 'The file';
  return {
    rule: 'config/invalid',
    // No checklist item is about the tool's own configuration; the API documentation item is the nearest.
    checklist: 'api.documentation',
    severity: 'high',
    path: CONFIG_PATH,
    line: problem.line ?? 1,
    title: `Invalid Backend Expert configuration: ${problem.key || 'file'}`,
    message: `${where}: ${problem.message}. Once merged, every review would stop at this error instead of checking the code.`,
    source: 'static',
  };
}
