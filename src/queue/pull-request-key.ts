import type { ReviewJob } from './types.js';

/** `owner/repo#number`: what identifies a pull request across heads (supersede, logs, Redis keys). */
export function pullRequestKey(job: Pick<ReviewJob, 'owner' | 'repo' | 'pullNumber'>): string {
  return `${job.owner}/${job.repo}#${job.pullNumber}`;
}
