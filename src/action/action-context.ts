import { readFileSync } from 'node:fs';

/** A problem with how the workflow runs the Action: the step fails with this message alone. */
export class ActionError extends Error {
  override readonly name = 'ActionError';
}

/** The pull request the workflow event is about, from the event payload. */
export interface ActionPullRequest {
  number: number;
  title: string;
  body: string;
  author?: string;
  draft: boolean;
  baseSha: string;
  headSha: string;
  /** `owner/repo` of the base and head repositories: they differ for a fork's pull request. */
  baseRepo: string;
  headRepo: string;
}

/** What the workflow environment says about this run. */
export interface ActionContext {
  eventName: string;
  owner: string;
  repo: string;
  /** The checkout (`GITHUB_WORKSPACE`), where actions/checkout put the repository. */
  workspace: string;
  /** REST API root (`GITHUB_API_URL`, GitHub Enterprise Server included). */
  apiUrl: string;
  /** Web root (`GITHUB_SERVER_URL`), for the repository URI in SARIF. */
  serverUrl: string;
  /** `run_id-run_attempt`: the check run's external ID and the review marker's run. */
  runKey: string;
  pull?: ActionPullRequest;
}

/** Events whose payload carries a pull request the Action reviews. */
export const PULL_REQUEST_EVENTS: readonly string[] = ['pull_request', 'pull_request_target'];

interface PullRequestPayload {
  number?: number;
  pull_request?: {
    number: number;
    title?: string;
    body?: string | null;
    draft?: boolean;
    user?: { login?: string } | null;
    base: { sha: string; repo?: { full_name?: string } | null };
    head: { sha: string; repo?: { full_name?: string } | null };
  };
}

/**
 * Reads `GITHUB_EVENT_NAME`, `GITHUB_EVENT_PATH`, `GITHUB_REPOSITORY`, `GITHUB_WORKSPACE`, `GITHUB_API_URL`,
 * `GITHUB_SERVER_URL`, `GITHUB_RUN_ID` and `GITHUB_RUN_ATTEMPT`. Throws ActionError naming what is missing.
 */
export function readActionContext(env: NodeJS.ProcessEnv, cwd: string): ActionContext {
  const eventName = required(env, 'GITHUB_EVENT_NAME');
  const [owner, repo, ...rest] = required(env, 'GITHUB_REPOSITORY').split('/');
  if (!owner || !repo || rest.length > 0) throw new ActionError(`GITHUB_REPOSITORY must be owner/repo (got '${env.GITHUB_REPOSITORY}')`);
  const context: ActionContext = {
    eventName,
    owner,
    repo,
    workspace: env.GITHUB_WORKSPACE?.trim() || cwd,
    apiUrl: (env.GITHUB_API_URL?.trim() || 'https://api.github.com').replace(/\/+$/, ''),
    serverUrl: (env.GITHUB_SERVER_URL?.trim() || 'https://github.com').replace(/\/+$/, ''),
    runKey: `${env.GITHUB_RUN_ID?.trim() || 'local'}-${env.GITHUB_RUN_ATTEMPT?.trim() || '1'}`,
  };
  if (!PULL_REQUEST_EVENTS.includes(eventName)) return context;
  return { ...context, pull: readPullRequest(required(env, 'GITHUB_EVENT_PATH'), `${owner}/${repo}`) };
}

function readPullRequest(eventPath: string, repository: string): ActionPullRequest {
  let payload: PullRequestPayload;
  try {
    payload = JSON.parse(readFileSync(eventPath, 'utf8')) as PullRequestPayload;
  } catch (error) {
    throw new ActionError(`cannot read the event payload ${eventPath}: ${(error as Error).message}`);
  }
  const pull = payload.pull_request;
  if (!pull?.base?.sha || !pull.head?.sha) throw new ActionError(`the event payload ${eventPath} has no pull_request with base and head commits`);
  return {
    number: pull.number ?? payload.number ?? 0,
    title: pull.title ?? '',
    body: pull.body ?? '',
    ...(pull.user?.login ? { author: pull.user.login } : {}),
    draft: pull.draft === true,
    baseSha: pull.base.sha,
    headSha: pull.head.sha,
    baseRepo: pull.base.repo?.full_name ?? repository,
    // A head repository that was deleted arrives as null: it was a fork.
    headRepo: pull.head.repo === null ? '' : (pull.head.repo?.full_name ?? repository),
  };
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ActionError(`${name} is not set: this step must run inside a GitHub Actions workflow`);
  return value;
}

/** True when the pull request comes from another repository: the workflow token cannot write to this one. */
export function isFork(pull: ActionPullRequest): boolean {
  return pull.headRepo.toLowerCase() !== pull.baseRepo.toLowerCase();
}
