/** Thrown for bad usage or an unreadable repository: exit status 2 with one line on stderr. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const MAIN_HELP = `backend-expert — reviews backend changes like a senior backend architect

Usage:
  backend-expert review [--repo DIR] [--base REF] [--head REF] [--format text|json|sarif|markdown] [--offline] [--config FILE]
  backend-expert routes [--repo DIR] [--ref REF] [--format text|json]
  backend-expert worker
  backend-expert help [COMMAND]

Run 'backend-expert COMMAND --help' for a command's options.
`;

export const REVIEW_HELP = `backend-expert review — review what 'git diff BASE...HEAD' shows

Options:
  --repo DIR       git work tree to review (default: the current directory)
  --base REF       base ref (default: the remote's default branch, else main)
  --head REF       head ref (default: HEAD)
  --format FORMAT  text (default), json, sarif or markdown (the check-run summary)
  --offline        never call a model: the deterministic analysis alone
  --config FILE    configuration file (default: .github/backend-expert.yml in the repository, if present)
  -h, --help       this help

Exit status: 0 when the conclusion is not failure, 1 when it is failure, 2 for bad usage or an unreadable repository.
Environment: ANTHROPIC_API_KEY (and ANTHROPIC_BASE_URL) enable the agent; without a key the review is offline.
`;

export const ROUTES_HELP = `backend-expert routes — list every HTTP/RPC route the tree at REF declares

Options:
  --repo DIR       git work tree (default: the current directory)
  --ref REF        the commit to read (default: HEAD)
  --format FORMAT  text (default) or json
  -h, --help       this help
`;

export const WORKER_HELP = `backend-expert worker — run a worker-only process (reviews from the Redis queue)

Uses the same environment as 'npm start' (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, REDIS_URL, PORT).
Serves /healthz, /readyz and /metrics on PORT.
`;
