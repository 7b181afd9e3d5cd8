import type { Finding } from '../../core/finding.js';
import type { PlannedComment } from '../../core/render/review-comments.js';
import { httpStatus, type GitHubClient, type PullRequestRef } from './github-client.js';
import { listAppReviews } from './review-state.js';

/** Posts after a server error at most this many times in all (each after checking GitHub did not create it). */
const MAX_SERVER_ERRORS = 2;

export interface ReviewToPost {
  /** The head that was diffed: comments anchor to it. */
  commitId: string;
  event: 'COMMENT' | 'REQUEST_CHANGES';
  comments: readonly PlannedComment[];
  /** The body, given the findings GitHub refused as inline comments (the body lists them instead). */
  renderBody: (refused: readonly Finding[]) => string;
  /** The run ID in the body's marker: how a review GitHub created despite a 5xx is recognised. */
  run: string;
  /** True when the line is one the diff adds (comments on context lines are the first suspects of a 422). */
  isAdded: (path: string, line: number) => boolean;
}

export interface PostedReview {
  id: number;
  url: string;
  /** Comments GitHub took. */
  inline: PlannedComment[];
  /** Findings GitHub refused inline; the body lists them. */
  refused: Finding[];
  /** The review was found on GitHub after a server error rather than created by the last request. */
  recovered: boolean;
  attempts: number;
}

/**
 * Posts exactly one review. Retries are off for this POST (GitHub sometimes answers 5xx for a review it
 * created): after a 5xx the reviews are listed and our run's marker looked for before posting again.
 * A 422 (one bad anchor rejects the whole review, without saying which) is answered by posting again
 * without the doubtful comments — ranges, suggestions and context lines first, then every comment.
 */
export async function postReview(octokit: GitHubClient, pr: PullRequestRef, review: ReviewToPost): Promise<PostedReview> {
  let comments = [...review.comments];
  const refused: Finding[] = [];
  let serverErrors = 0;
  let attempts = 0;
  for (;;) {
    attempts++;
    try {
      const { data } = await octokit.rest.pulls.createReview({
        owner: pr.owner,
        repo: pr.repo,
        pull_number: pr.pullNumber,
        commit_id: review.commitId,
        event: review.event,
        body: review.renderBody(refused),
        comments: comments.map((comment) => comment.draft),
        request: { retries: 0 },
      });
      return { id: data.id, url: data.html_url, inline: comments, refused, recovered: false, attempts };
    } catch (error) {
      const status = httpStatus(error);
      if (status !== undefined && status >= 500) {
        const existing = (await listAppReviews(octokit, pr)).find((found) => found.marker.run === review.run);
        if (existing) return { id: existing.id, url: existing.url, inline: comments, refused, recovered: true, attempts };
        if (++serverErrors >= MAX_SERVER_ERRORS) throw error;
        continue;
      }
      if (status === 422 && comments.length > 0) {
        const doubtful = comments.filter((comment) => isDoubtful(comment, review.isAdded));
        const dropped = doubtful.length > 0 && doubtful.length < comments.length ? doubtful : comments;
        refused.push(...dropped.map((comment) => comment.finding));
        comments = comments.filter((comment) => !dropped.includes(comment));
        continue;
      }
      throw error;
    }
  }
}

function isDoubtful(comment: PlannedComment, isAdded: ReviewToPost['isAdded']): boolean {
  return comment.draft.start_line !== undefined || comment.finding.suggestion !== undefined || !isAdded(comment.draft.path, comment.draft.line);
}
