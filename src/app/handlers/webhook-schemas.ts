import { z } from 'zod';

/**
 * The fields each handler reads, and nothing more. Probot types payloads from GitHub's documentation
 * but checks nothing at run time: a redelivered old payload, a proxy that rewrites bodies or a GitHub
 * change would otherwise surface as a TypeError deep in a handler. Unknown keys are ignored.
 */

/** `required` when absent, `expected …` otherwise: the log line names the field and the problem. */
function needs(what: string) {
  return { error: (issue: { input: unknown }) => (issue.input === undefined ? 'required' : `expected ${what}`) };
}

const positiveInteger = z.number(needs('a positive integer')).int(needs('a positive integer')).positive(needs('a positive integer'));
const text = z.string(needs('a string'));
const object = <Shape extends z.ZodRawShape>(shape: Shape) => z.object(shape, needs('an object'));

const repository = object({ id: positiveInteger, name: text, owner: object({ login: text }) });
const installation = object({ id: positiveInteger });

/** The pull request stubs of check events (empty for fork PRs). */
const pullRequestStubs = z.array(object({ number: positiveInteger, base: object({ repo: object({ id: positiveInteger }) }) }), needs('an array'));

/**
 * What Probot itself reads of every delivery before any handler runs: a JSON object (`@octokit/webhooks`
 * looks for `action` with `in`) whose `installation`, when present, has a numeric id (Probot builds the
 * event's client from it). Otherwise Probot throws, answers 500 and logs once per matching hook.
 */
export const deliverySchema = object({ installation: installation.optional() });

export const pullRequestEventSchema = object({
  action: text,
  installation,
  repository,
  pull_request: object({ number: positiveInteger, state: text, head: object({ sha: text }) }),
  changes: object({}).optional(),
});

export const issueCommentEventSchema = object({
  installation,
  repository,
  issue: object({
    number: positiveInteger,
    state: text,
    labels: z.array(object({ name: text }), needs('an array')).optional(),
  }),
  comment: object({ id: positiveInteger, body: text, user: object({ login: text, type: text }).nullable() }),
  sender: object({ type: text }),
});

export const checkRunEventSchema = object({
  action: text,
  installation,
  repository,
  check_run: object({ name: text, head_sha: text, pull_requests: pullRequestStubs }),
  requested_action: object({ identifier: text }).nullable().optional(),
});

export const checkSuiteEventSchema = object({
  installation,
  repository,
  check_suite: object({ head_sha: text, pull_requests: pullRequestStubs }),
});

/** Shown at most: one bad payload should not make a log line kilobytes long. */
const MAX_PROBLEMS = 5;

/** What is wrong with `payload` for `schema` (`pull_request.head: required; …`), or undefined when it fits. */
export function payloadProblem(schema: z.ZodType, payload: unknown): string | undefined {
  const result = schema.safeParse(payload);
  if (result.success) return undefined;
  return result.error.issues
    .slice(0, MAX_PROBLEMS)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : 'payload: expected an object'))
    .join('; ');
}
