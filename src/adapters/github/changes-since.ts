import { addedLineSet, parseUnifiedDiff } from '../../core/diff/parse-unified-diff.js';
import { synthesizeDiff, type PullFile } from './github-change-source.js';
import { httpStatus, type GitHubClient } from './github-client.js';

/** The compare API lists 300 files at most: at that count the list may be cut, so the review is full. */
const COMPARE_FILE_CAP = 300;

/** What changed between the last reviewed head and the new head. */
export type ChangesSince =
  | { kind: 'incremental'; since: string; addedLines: ReadonlyMap<string, ReadonlySet<number>> }
  | { kind: 'full'; reason: 'force-push' | 'too-many-files' | 'unknown-commit' };

/**
 * Lines added since `since`, when `since` is an ancestor of `head`. A force-push (the old head is no
 * longer an ancestor, or is gone) or a change too large for the compare API means a full review.
 */
export async function changesSince(octokit: GitHubClient, repository: { owner: string; repo: string }, since: string, head: string): Promise<ChangesSince> {
  let data: { status: string; files?: PullFile[] };
  try {
    ({ data } = await octokit.rest.repos.compareCommitsWithBasehead({ ...repository, basehead: `${since}...${head}` }));
  } catch (error) {
    if (httpStatus(error) === 404 || httpStatus(error) === 422) return { kind: 'full', reason: 'unknown-commit' };
    throw error;
  }
  if (data.status !== 'ahead' && data.status !== 'identical') return { kind: 'full', reason: 'force-push' };
  const files = data.files ?? [];
  if (files.length >= COMPARE_FILE_CAP) return { kind: 'full', reason: 'too-many-files' };
  const addedLines = new Map<string, ReadonlySet<number>>();
  for (const file of parseUnifiedDiff(synthesizeDiff(files).text)) addedLines.set(file.path, addedLineSet(file));
  return { kind: 'incremental', since, addedLines };
}
