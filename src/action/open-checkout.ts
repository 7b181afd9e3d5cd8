import { git } from '../adapters/git/git.js';
import { GitChangeSource, repositoryRoot } from '../adapters/git/git-change-source.js';
import { ActionError, type ActionPullRequest } from './action-context.js';

const CHECKOUT_HINT = 'Check the repository out with actions/checkout and `fetch-depth: 0` before this step, so that the base and head commits of the pull request and their history are there.';

/**
 * The pull request's change, read from the workflow's checkout (the same `git diff BASE...HEAD` as the
 * command line). Both commits and their merge base must be there: a shallow checkout would silently
 * review the wrong diff, so it fails here, saying what to change in the workflow.
 */
export async function openCheckout(workspace: string, pull: ActionPullRequest): Promise<GitChangeSource> {
  let repo: string;
  try {
    repo = await repositoryRoot(workspace);
  } catch {
    throw new ActionError(`${workspace} is not a git checkout. ${CHECKOUT_HINT}`);
  }
  for (const [role, sha] of [['base', pull.baseSha], ['head', pull.headSha]] as const) {
    if (!(await hasCommit(repo, sha))) {
      const extra = role === 'head' ? ' (for pull_request_target, actions/checkout checks out the base branch: fetch the head commit too)' : '';
      throw new ActionError(`The ${role} commit ${sha} of pull request #${pull.number} is not in the checkout${extra}. ${CHECKOUT_HINT}`);
    }
  }
  const mergeBase = await git(repo, ['merge-base', pull.baseSha, pull.headSha]).catch(() => '');
  if (!mergeBase.trim()) throw new ActionError(`The history between ${pull.baseSha.slice(0, 7)} and ${pull.headSha.slice(0, 7)} is not in the checkout (a shallow clone?). ${CHECKOUT_HINT}`);
  return GitChangeSource.open({ repo, base: pull.baseSha, head: pull.headSha });
}

async function hasCommit(repo: string, sha: string): Promise<boolean> {
  return git(repo, ['cat-file', '-e', `${sha}^{commit}`]).then(
    () => true,
    () => false,
  );
}
