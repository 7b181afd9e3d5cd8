import { createRequire } from 'node:module';
import type { WebhookDefinition } from '@octokit/webhooks-examples';

/**
 * Real webhook payloads from @octokit/webhooks-examples, retargeted to the fake repository
 * (Codertocat/Hello-World, installation 1) with the SHAs and numbers a scenario needs.
 */

const require = createRequire(import.meta.url);
const definitions = require('@octokit/webhooks-examples') as WebhookDefinition[];

export const REPOSITORY = { owner: 'Codertocat', repo: 'Hello-World', id: 186853002 } as const;
export const INSTALLATION_ID = 1;

type Payload = Record<string, unknown> & { repository: Record<string, unknown> };

/** A deep copy of the first example of `name` with `action` (and an installation). */
function example(name: string, action: string): Payload {
  const definition = definitions.find((candidate) => candidate.name === name);
  const examples = (definition?.examples ?? []) as unknown as Payload[];
  const found = examples.find((candidate) => candidate.action === action && candidate.installation) ?? examples.find((candidate) => candidate.action === action);
  if (!found) throw new Error(`no ${name}.${action} example in @octokit/webhooks-examples`);
  return structuredClone(found);
}

function retarget(payload: Payload): Payload {
  const repository = payload.repository as { id: number; name: string; full_name: string; owner: { login: string } };
  repository.id = REPOSITORY.id;
  repository.name = REPOSITORY.repo;
  repository.full_name = `${REPOSITORY.owner}/${REPOSITORY.repo}`;
  repository.owner.login = REPOSITORY.owner;
  payload.installation = { id: INSTALLATION_ID, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==' };
  return payload;
}

export interface PullRequestOptions {
  number?: number;
  headSha: string;
  baseSha: string;
  draft?: boolean;
  labels?: string[];
  /** For `edited`: what changed (`{ base: … }` for a retargeted PR). */
  changes?: Record<string, unknown>;
}

/** `pull_request.<action>`; the `edited` payload is derived from `opened` (the examples have none). */
export function pullRequestPayload(action: string, options: PullRequestOptions): Payload {
  const payload = retarget(example('pull_request', action === 'edited' ? 'opened' : action));
  payload.action = action;
  const pr = payload.pull_request as { number: number; draft: boolean; state: string; labels: unknown[]; head: { sha: string }; base: { sha: string } };
  pr.number = options.number ?? 1;
  payload.number = pr.number;
  pr.state = 'open';
  pr.draft = options.draft ?? false;
  pr.labels = (options.labels ?? []).map((name, index) => ({ id: index + 1, name, color: 'ededed', default: false, description: null, node_id: `L${index}`, url: '' }));
  pr.head.sha = options.headSha;
  pr.base.sha = options.baseSha;
  if (action === 'edited') payload.changes = options.changes ?? { title: { from: 'Old title' } };
  return payload;
}

export interface IssueCommentOptions {
  number?: number;
  body: string;
  login?: string;
  /** `User` or `Bot` for the comment's author and the sender. */
  userType?: 'User' | 'Bot';
  commentId?: number;
  labels?: string[];
  /** False makes the issue a plain issue, not a pull request. */
  onPullRequest?: boolean;
}

/** `issue_comment.created` on a pull request. */
export function issueCommentPayload(options: IssueCommentOptions): Payload {
  const payload = retarget(example('issue_comment', 'created'));
  const issue = payload.issue as Record<string, unknown> & { labels: unknown[] };
  issue.number = options.number ?? 1;
  issue.state = 'open';
  issue.labels = (options.labels ?? []).map((name, index) => ({ id: index + 1, name, color: 'ededed', default: false, description: null, node_id: `L${index}`, url: '' }));
  if (options.onPullRequest !== false) {
    issue.pull_request = {
      url: `https://api.github.com/repos/${REPOSITORY.owner}/${REPOSITORY.repo}/pulls/${String(issue.number)}`,
      html_url: `https://github.com/${REPOSITORY.owner}/${REPOSITORY.repo}/pull/${String(issue.number)}`,
      diff_url: '',
      patch_url: '',
      merged_at: null,
    };
  } else delete issue.pull_request;
  const comment = payload.comment as { id: number; body: string; user: { login: string; type: string } };
  comment.id = options.commentId ?? 5001;
  comment.body = options.body;
  comment.user.login = options.login ?? 'Codertocat';
  comment.user.type = options.userType ?? 'User';
  const sender = payload.sender as { login: string; type: string };
  sender.login = comment.user.login;
  sender.type = comment.user.type;
  return payload;
}

/** `check_run.rerequested` or `check_run.requested_action` of our check run. */
export function checkRunPayload(action: 'rerequested' | 'requested_action', options: { headSha: string; pullNumbers: number[]; name?: string; identifier?: string }): Payload {
  const payload = retarget(example('check_run', action));
  const run = payload.check_run as { name: string; head_sha: string; pull_requests: unknown[] };
  run.name = options.name ?? 'Backend Expert';
  run.head_sha = options.headSha;
  run.pull_requests = options.pullNumbers.map((number) => pullStub(number, options.headSha));
  if (action === 'requested_action') payload.requested_action = { identifier: options.identifier ?? 'rerun-review' };
  return payload;
}

/** `check_suite.rerequested`. */
export function checkSuitePayload(options: { headSha: string; pullNumbers: number[] }): Payload {
  const payload = retarget(example('check_suite', 'rerequested'));
  const suite = payload.check_suite as { head_sha: string; pull_requests: unknown[] };
  suite.head_sha = options.headSha;
  suite.pull_requests = options.pullNumbers.map((number) => pullStub(number, options.headSha));
  const sender = payload.sender as { type: string };
  sender.type = 'User';
  return payload;
}

function pullStub(number: number, headSha: string): Record<string, unknown> {
  const repo = { id: REPOSITORY.id, url: `https://api.github.com/repos/${REPOSITORY.owner}/${REPOSITORY.repo}`, name: REPOSITORY.repo };
  return {
    url: `https://api.github.com/repos/${REPOSITORY.owner}/${REPOSITORY.repo}/pulls/${number}`,
    id: 100000 + number,
    number,
    head: { ref: 'feature', sha: headSha, repo },
    base: { ref: 'main', sha: '0'.repeat(40), repo },
  };
}
