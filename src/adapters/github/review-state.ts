import type { FindingSource } from '../../core/finding.js';
import { parseFingerprintMarker, parseReviewMarker, type ReviewMarker } from '../../core/render/review-comments.js';
import type { GitHubClient, PullRequestRef } from './github-client.js';

/**
 * What earlier runs left on the pull request, read back from GitHub itself (the hidden markers of our
 * reviews and comments), so that any process can pick up where another stopped.
 */

/** A review thread the app opened, as GitHub holds it now. */
export interface AppThread {
  /** GraphQL node ID, for `resolveReviewThread`. */
  id: string;
  fingerprint: string;
  source: FindingSource;
  isResolved: boolean;
  /** Resolved by a person (GitHub names no user when an app resolves a thread). */
  resolvedByPerson: boolean;
  /** Someone other than a bot answered in the thread. */
  personReplied: boolean;
  /** The comment got a 👎. */
  thumbsDown: boolean;
}

export interface ReviewState {
  /** Our reviews, oldest first, as their markers say. */
  reviews: ReviewMarker[];
  /** Fingerprints posted by earlier runs, inline or in a review body. */
  posted: Set<string>;
  /** Fingerprints a person dismissed: never raised again on this pull request. */
  dismissed: Set<string>;
  threads: AppThread[];
}

interface ReviewSummary {
  id: number;
  body: string | null;
  html_url: string;
  user: { type?: string } | null;
}

/** Our reviews on the pull request (marker in the body, posted by a bot), oldest first. */
export async function listAppReviews(octokit: GitHubClient, pr: PullRequestRef): Promise<Array<{ id: number; url: string; marker: ReviewMarker }>> {
  const reviews: ReviewSummary[] = await octokit.paginate(octokit.rest.pulls.listReviews, {
    owner: pr.owner,
    repo: pr.repo,
    pull_number: pr.pullNumber,
    per_page: 100,
  });
  const ours: Array<{ id: number; url: string; marker: ReviewMarker }> = [];
  for (const review of reviews) {
    const marker = parseReviewMarker(review.body);
    if (marker && review.user?.type === 'Bot') ours.push({ id: review.id, url: review.html_url, marker });
  }
  return ours;
}

const THREADS_QUERY = `query reviewThreads($owner: String!, $repo: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id
          isResolved
          resolvedBy { login }
          comments(first: 50) {
            nodes {
              body
              author { __typename login }
              reactionGroups { content reactors(first: 1) { totalCount } }
            }
          }
        }
      }
    }
  }
}`;

interface ThreadsResponse {
  repository: {
    pullRequest: {
      reviewThreads: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: Array<{
          id: string;
          isResolved: boolean;
          resolvedBy: { login: string } | null;
          comments: {
            nodes: Array<{
              body: string;
              author: { __typename: string; login: string } | null;
              reactionGroups: Array<{ content: string; reactors: { totalCount: number } }> | null;
            }>;
          };
        }>;
      };
    } | null;
  } | null;
}

/** Review threads whose first comment is ours (a bot's, with a fingerprint marker). */
export async function listAppThreads(octokit: GitHubClient, pr: PullRequestRef): Promise<AppThread[]> {
  const threads: AppThread[] = [];
  let cursor: string | null = null;
  do {
    const response: ThreadsResponse = await octokit.graphql<ThreadsResponse>(THREADS_QUERY, {
      owner: pr.owner,
      repo: pr.repo,
      number: pr.pullNumber,
      cursor,
    });
    const page = response.repository?.pullRequest?.reviewThreads;
    if (!page) break;
    for (const node of page.nodes) {
      const [root, ...replies] = node.comments.nodes;
      const marker = root && root.author?.__typename === 'Bot' ? parseFingerprintMarker(root.body) : undefined;
      if (!root || !marker) continue;
      threads.push({
        id: node.id,
        fingerprint: marker.fingerprint,
        source: marker.source,
        isResolved: node.isResolved,
        resolvedByPerson: node.isResolved && node.resolvedBy !== null,
        personReplied: replies.some((reply) => reply.author?.__typename !== 'Bot'),
        thumbsDown: (root.reactionGroups ?? []).some((group) => group.content === 'THUMBS_DOWN' && group.reactors.totalCount > 0),
      });
    }
    cursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (cursor);
  return threads;
}

/** Everything earlier runs posted and what people did with it: two requests for a typical PR. */
export async function loadReviewState(octokit: GitHubClient, pr: PullRequestRef): Promise<ReviewState> {
  const reviews = (await listAppReviews(octokit, pr)).map((review) => review.marker);
  const threads = await listAppThreads(octokit, pr);
  const posted = new Set<string>([...reviews.flatMap((review) => review.fingerprints), ...threads.map((thread) => thread.fingerprint)]);
  const dismissed = new Set(threads.filter((thread) => thread.resolvedByPerson || thread.thumbsDown).map((thread) => thread.fingerprint));
  return { reviews, posted, dismissed, threads };
}

const RESOLVE_MUTATION = `mutation resolveReviewThread($threadId: ID!) {
  resolveReviewThread(input: { threadId: $threadId }) { thread { id isResolved } }
}`;

/** Marks a thread resolved (its finding no longer exists). */
export async function resolveThread(octokit: GitHubClient, threadId: string): Promise<void> {
  await octokit.graphql(RESOLVE_MUTATION, { threadId });
}
