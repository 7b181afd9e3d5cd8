import nock from 'nock';
import parseDiff from 'parse-diff';
import type { GitFixture } from './git-fixture.js';

/**
 * A small, stateful GitHub behind nock for the app's tests. Git data comes from a real repository
 * (GitFixture); check runs, reviews, threads, comments, reactions and labels are kept here, so a
 * scenario can span several pushes. Every request is recorded (for exact assertions and the OpenAPI
 * contract test); a request no route handles is answered 599 and recorded as unhandled.
 */

export interface RecordedRequest {
  host: string;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

type Reply = [number, unknown, Record<string, string>?];

export interface FakePull {
  number: number;
  state: 'open' | 'closed';
  draft: boolean;
  title: string;
  body: string;
  user: { login: string; type: string };
  head: { sha: string; ref: string; repoFullName?: string };
  base: { sha: string; ref: string };
  labels: Array<{ name: string }>;
}

export interface FakeCheckRun {
  id: number;
  name: string;
  head_sha: string;
  external_id: string;
  status: string;
  conclusion: string | null;
  started_at: string;
  completed_at: string | null;
  output: { title: string; summary: string; text?: string };
  annotations: Array<Record<string, unknown>>;
  actions: unknown[];
}

export interface FakeThreadComment {
  id: number;
  body: string;
  author: { __typename: 'Bot' | 'User'; login: string };
  thumbsDown: number;
}

export interface FakeThread {
  id: string;
  path: string;
  line: number;
  isResolved: boolean;
  resolvedBy: { login: string } | null;
  comments: FakeThreadComment[];
}

export interface FakeReview {
  id: number;
  body: string;
  commit_id: string;
  event: string;
  comments: Array<Record<string, unknown>>;
}

interface Override {
  method: string;
  path: RegExp;
  remaining: number;
  handle: (request: RecordedRequest) => Reply;
}

export const APP_LOGIN = 'backend-expert[bot]';
const APP_USER = { login: APP_LOGIN, id: 9001, type: 'Bot' };
const API = 'https://api.github.com';
const CODELOAD = 'https://codeload.github.com';

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly unhandled: RecordedRequest[] = [];
  readonly pulls = new Map<number, FakePull>();
  readonly checkRuns: FakeCheckRun[] = [];
  readonly reviews: FakeReview[] = [];
  readonly threads: FakeThread[] = [];
  readonly issueComments: Array<{ id: number; issue: number; body: string; user: { login: string; type: string } }> = [];
  readonly reactions: Array<{ commentId: number; content: string }> = [];
  /** Collaborator role by login (admin, maintain, write, triage, read); absent → 404. */
  readonly roles = new Map<string, string>();
  /** `.github/backend-expert.yml` on the default branch; undefined → 404. */
  repoConfig: string | undefined;
  /** The same file in the owner's `.github` repository; undefined → 404. */
  orgConfig: string | undefined;
  private readonly overrides: Override[] = [];
  private nextId = 1000;

  constructor(
    readonly git: GitFixture,
    readonly owner: string,
    readonly repo: string,
    readonly repoId: number,
  ) {}

  /** Answers `times` matching requests with `reply` instead of the normal route. */
  override(method: string, path: RegExp, handle: (request: RecordedRequest) => Reply, times = 1): void {
    this.overrides.push({ method, path, remaining: times, handle });
  }

  /** Lets the normal route run (state changes) but answers with `status` — GitHub's "created, yet 502". */
  failAfterHandling(method: string, path: RegExp, status: number, times = 1): void {
    this.override(method, path, (request) => {
      this.route(request);
      return [status, { message: 'Server Error' }];
    }, times);
  }

  /** Intercepts api.github.com and codeload.github.com for this test. */
  install(): void {
    const fake = this;
    const handler = (host: string, method: string) =>
      function (this: { req: { headers: Record<string, string> } }, uri: string, body: unknown): Reply {
        return fake.handle(host, method, uri, this.req.headers, body);
      };
    for (const method of ['get', 'post', 'patch', 'put', 'delete'] as const) {
      nock(API).persist()[method](/.*/).reply(handler('api.github.com', method));
    }
    nock(CODELOAD).persist().get(/.*/).reply(handler('codeload.github.com', 'get'));
  }

  /** Requests to the REST and GraphQL API (archive downloads from codeload left out). */
  apiRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.host === 'api.github.com');
  }

  /** `METHOD /path` of every API request, in order: the exact sequence a test asserts. */
  calls(): string[] {
    return this.apiRequests().map((request) => `${request.method} ${request.path}`);
  }

  addPull(pull: Omit<FakePull, 'labels' | 'state' | 'draft' | 'title' | 'body' | 'user'> & Partial<FakePull>): FakePull {
    const full: FakePull = {
      state: 'open',
      draft: false,
      title: 'Add articles API',
      body: 'This adds the articles API.',
      user: { login: 'Codertocat', type: 'User' },
      labels: [],
      ...pull,
    };
    this.pulls.set(full.number, full);
    return full;
  }

  private handle(host: string, method: string, uri: string, headers: Record<string, string>, body: unknown): Reply {
    const [path = '', queryString = ''] = uri.split('?');
    const query = Object.fromEntries(new URLSearchParams(queryString));
    const request: RecordedRequest = {
      host,
      method: method.toUpperCase(),
      path: decodeURIComponent(path),
      query,
      headers: Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), String(value)])),
      body: body === '' || body === undefined ? undefined : body,
    };
    this.requests.push(request);
    const override = this.overrides.find((candidate) => candidate.remaining > 0 && candidate.method === request.method && candidate.path.test(request.path));
    if (override) {
      override.remaining--;
      return override.handle(request);
    }
    const reply = this.route(request);
    if (reply[0] === 599) this.unhandled.push(request);
    return reply;
  }

  /** The normal behaviour of each endpoint the app uses. */
  route(request: RecordedRequest): Reply {
    const { method, path } = request;
    if (request.host === 'codeload.github.com') return this.archive(path);
    const repoPrefix = `/repos/${this.owner}/${this.repo}`;
    let m: RegExpExecArray | null;
    if (method === 'POST' && /^\/app\/installations\/\d+\/access_tokens$/.test(path)) {
      return [201, { token: 'ghs_testtoken', expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: {}, repository_selection: 'all' }];
    }
    if (method === 'POST' && path === '/graphql') return this.graphql(request.body as { query: string; variables: Record<string, unknown> });
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(path)) && method === 'GET') return this.contents(m[1]!, m[2]!, m[3]!, request.query.ref);
    if (!path.startsWith(repoPrefix)) return [599, { message: `unhandled ${method} ${path}` }];
    const rest = path.slice(repoPrefix.length);

    if (method === 'GET' && (m = /^\/pulls\/(\d+)$/.exec(rest))) return this.getPull(Number(m[1]), request.headers.accept ?? '');
    if (method === 'GET' && rest === '/pulls') return [200, [...this.pulls.values()].filter((p) => p.state === 'open').map((p) => this.pullJson(p))];
    if (method === 'GET' && (m = /^\/pulls\/(\d+)\/files$/.exec(rest))) return this.listFiles(Number(m[1]), request.query);
    if (method === 'GET' && (m = /^\/compare\/([0-9a-f]+)\.\.\.([0-9a-f]+)$/.exec(rest))) return this.compare(m[1]!, m[2]!);
    if (method === 'GET' && (m = /^\/tarball\/(.+)$/.exec(rest))) {
      return [302, '', { location: `${CODELOAD}/${this.owner}/${this.repo}/legacy.tar.gz/${m[1]}` }];
    }
    if (method === 'GET' && (m = /^\/commits\/([0-9a-f]+)\/pulls$/.exec(rest))) {
      const sha = m[1]!;
      return [200, [...this.pulls.values()].filter((p) => p.head.sha === sha && !p.head.repoFullName).map((p) => this.pullJson(p))];
    }
    if (method === 'POST' && rest === '/check-runs') return this.createCheckRun(request.body as Record<string, unknown>);
    if (method === 'PATCH' && (m = /^\/check-runs\/(\d+)$/.exec(rest))) return this.updateCheckRun(Number(m[1]), request.body as Record<string, unknown>);
    if (method === 'GET' && (m = /^\/commits\/([0-9a-f]+)\/check-runs$/.exec(rest))) {
      const runs = this.checkRuns.filter((run) => run.head_sha === m![1] && (!request.query.check_name || run.name === request.query.check_name)).reverse();
      return [200, { total_count: runs.length, check_runs: runs.map((run) => this.checkRunJson(run)) }];
    }
    if (method === 'GET' && (m = /^\/pulls\/(\d+)\/reviews$/.exec(rest))) return this.page(this.reviews.map((review) => this.reviewJson(review)), request.query, path);
    if (method === 'POST' && (m = /^\/pulls\/(\d+)\/reviews$/.exec(rest))) return this.createReview(Number(m[1]), request.body as Record<string, unknown>);
    if (method === 'GET' && (m = /^\/issues\/(\d+)\/comments$/.exec(rest))) {
      const issue = Number(m[1]);
      return this.page(this.issueComments.filter((comment) => comment.issue === issue).map((comment) => ({ id: comment.id, body: comment.body, user: comment.user })), request.query, path);
    }
    if (method === 'POST' && (m = /^\/issues\/(\d+)\/comments$/.exec(rest))) {
      const comment = { id: this.nextId++, issue: Number(m[1]), body: String((request.body as { body: string }).body), user: APP_USER };
      this.issueComments.push(comment);
      return [201, { id: comment.id, body: comment.body, user: comment.user }];
    }
    if (method === 'PATCH' && (m = /^\/issues\/comments\/(\d+)$/.exec(rest))) {
      const comment = this.issueComments.find((candidate) => candidate.id === Number(m![1]));
      if (!comment) return [404, { message: 'Not Found' }];
      comment.body = String((request.body as { body: string }).body);
      return [200, { id: comment.id, body: comment.body, user: comment.user }];
    }
    if (method === 'POST' && (m = /^\/issues\/comments\/(\d+)\/reactions$/.exec(rest))) {
      const content = String((request.body as { content: string }).content);
      const exists = this.reactions.some((reaction) => reaction.commentId === Number(m![1]) && reaction.content === content);
      if (!exists) this.reactions.push({ commentId: Number(m[1]), content });
      return [exists ? 200 : 201, { id: this.nextId++, content, user: APP_USER }];
    }
    if (method === 'POST' && (m = /^\/issues\/(\d+)\/labels$/.exec(rest))) {
      const pull = this.pulls.get(Number(m[1]));
      for (const name of (request.body as { labels: string[] }).labels) if (pull && !pull.labels.some((label) => label.name === name)) pull.labels.push({ name });
      return [200, pull?.labels ?? []];
    }
    if (method === 'DELETE' && (m = /^\/issues\/(\d+)\/labels\/(.+)$/.exec(rest))) {
      const pull = this.pulls.get(Number(m[1]));
      const index = pull?.labels.findIndex((label) => label.name === m![2]) ?? -1;
      if (!pull || index === -1) return [404, { message: 'Label does not exist' }];
      pull.labels.splice(index, 1);
      return [200, pull.labels];
    }
    if (method === 'GET' && (m = /^\/collaborators\/([^/]+)\/permission$/.exec(rest))) {
      const role = this.roles.get(m[1]!);
      if (!role) return [404, { message: 'Not Found' }];
      const permission = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role;
      return [200, { permission, role_name: role, user: { login: m[1], type: 'User' } }];
    }
    return [599, { message: `unhandled ${method} ${path}` }];
  }

  private getPull(number: number, accept: string): Reply {
    const pull = this.pulls.get(number);
    if (!pull) return [404, { message: 'Not Found' }];
    if (accept.includes('diff')) {
      const base = this.git.mergeBase(pull.base.sha, pull.head.sha);
      return [200, this.git.diff(base, pull.head.sha), { 'content-type': 'text/plain; charset=utf-8' }];
    }
    return [200, this.pullJson(pull)];
  }

  pullJson(pull: FakePull): Record<string, unknown> {
    return {
      id: 100000 + pull.number,
      number: pull.number,
      state: pull.state,
      draft: pull.draft,
      title: pull.title,
      body: pull.body,
      user: pull.user,
      labels: pull.labels,
      html_url: `https://github.com/${this.owner}/${this.repo}/pull/${pull.number}`,
      head: { sha: pull.head.sha, ref: pull.head.ref, repo: { id: this.repoId, full_name: pull.head.repoFullName ?? `${this.owner}/${this.repo}` } },
      base: { sha: pull.base.sha, ref: pull.base.ref, repo: { id: this.repoId, full_name: `${this.owner}/${this.repo}` } },
    };
  }

  private listFiles(number: number, query: Record<string, string>): Reply {
    const pull = this.pulls.get(number);
    if (!pull) return [404, { message: 'Not Found' }];
    const base = this.git.mergeBase(pull.base.sha, pull.head.sha);
    return this.page(this.git.files(base, pull.head.sha, this.owner, this.repo), query, `/repos/${this.owner}/${this.repo}/pulls/${number}/files`);
  }

  private compare(base: string, head: string): Reply {
    if (!this.git.exists(base) || !this.git.exists(head)) return [404, { message: 'Not Found' }];
    const mergeBase = this.git.mergeBase(base, head);
    const status = base === head ? 'identical' : mergeBase === base ? 'ahead' : mergeBase === head ? 'behind' : 'diverged';
    return [200, { status, ahead_by: 1, behind_by: 0, total_commits: 1, merge_base_commit: { sha: mergeBase }, base_commit: { sha: base }, commits: [], files: this.git.files(mergeBase, head, this.owner, this.repo) }];
  }

  private archive(path: string): Reply {
    const ref = path.split('/').pop() ?? '';
    if (!this.git.exists(ref)) return [404, 'Not Found'];
    return [200, this.git.tarball(ref, `${this.owner}-${this.repo}-${ref.slice(0, 7)}`), { 'content-type': 'application/x-gzip' }];
  }

  private contents(owner: string, repo: string, path: string, ref: string | undefined): Reply {
    let text: string | undefined;
    if (owner === this.owner && repo === this.repo && ref) text = this.git.show(ref, path);
    else if (owner === this.owner && repo === this.repo && path === '.github/backend-expert.yml') text = this.repoConfig;
    else if (owner === this.owner && repo === '.github' && path === '.github/backend-expert.yml') text = this.orgConfig;
    if (text === undefined) return [404, { message: 'Not Found' }];
    return [200, text, { 'content-type': 'application/vnd.github.raw; charset=utf-8' }];
  }

  private createCheckRun(body: Record<string, unknown>): Reply {
    const output = (body.output ?? { title: '', summary: '' }) as FakeCheckRun['output'] & { annotations?: Array<Record<string, unknown>> };
    const run: FakeCheckRun = {
      id: this.nextId++,
      name: String(body.name),
      head_sha: String(body.head_sha),
      external_id: String(body.external_id ?? ''),
      status: String(body.status ?? 'queued'),
      conclusion: (body.conclusion as string | undefined) ?? null,
      started_at: String(body.started_at ?? new Date().toISOString()),
      completed_at: (body.completed_at as string | undefined) ?? null,
      output: { title: output.title, summary: output.summary, ...(output.text ? { text: output.text } : {}) },
      annotations: [...(output.annotations ?? [])],
      actions: (body.actions as unknown[] | undefined) ?? [],
    };
    this.checkRuns.push(run);
    return [201, this.checkRunJson(run)];
  }

  private updateCheckRun(id: number, body: Record<string, unknown>): Reply {
    const run = this.checkRuns.find((candidate) => candidate.id === id);
    if (!run) return [404, { message: 'Not Found' }];
    if (body.status) run.status = String(body.status);
    if (body.conclusion) {
      run.conclusion = String(body.conclusion);
      run.status = 'completed';
    }
    if (body.completed_at) run.completed_at = String(body.completed_at);
    const output = body.output as (FakeCheckRun['output'] & { annotations?: Array<Record<string, unknown>> }) | undefined;
    if (output) {
      run.output = { title: output.title, summary: output.summary, ...(output.text ? { text: output.text } : {}) };
      run.annotations.push(...(output.annotations ?? []));
    }
    return [200, this.checkRunJson(run)];
  }

  private checkRunJson(run: FakeCheckRun): Record<string, unknown> {
    return { id: run.id, name: run.name, head_sha: run.head_sha, external_id: run.external_id, status: run.status, conclusion: run.conclusion, started_at: run.started_at, completed_at: run.completed_at, output: run.output };
  }

  /**
   * Creates a review the way GitHub does: 422 for the whole review when one comment is not on a line of
   * the diff's right side (the message does not say which).
   */
  private createReview(number: number, body: Record<string, unknown>): Reply {
    const pull = this.pulls.get(number);
    if (!pull) return [404, { message: 'Not Found' }];
    const commit = String(body.commit_id ?? pull.head.sha);
    const base = this.git.mergeBase(pull.base.sha, commit);
    const files = parseDiff(this.git.diff(base, commit));
    const comments = (body.comments as Array<Record<string, unknown>> | undefined) ?? [];
    for (const comment of comments) {
      const file = files.find((candidate) => candidate.to === comment.path);
      const right = new Set(
        (file?.chunks ?? []).flatMap((chunk) =>
          chunk.changes.flatMap((change) => (change.type === 'add' ? [change.ln] : change.type === 'normal' ? [change.ln2] : [])),
        ),
      );
      const lines = [Number(comment.line), ...(comment.start_line !== undefined ? [Number(comment.start_line)] : [])];
      if (!file || lines.some((line) => !right.has(line))) {
        return [422, { message: 'Unprocessable Entity', errors: ['Line could not be resolved'], documentation_url: 'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request' }];
      }
    }
    const review: FakeReview = { id: this.nextId++, body: String(body.body ?? ''), commit_id: commit, event: String(body.event), comments };
    this.reviews.push(review);
    for (const comment of comments) {
      this.threads.push({
        id: `PRRT_${this.nextId++}`,
        path: String(comment.path),
        line: Number(comment.line),
        isResolved: false,
        resolvedBy: null,
        comments: [{ id: this.nextId++, body: String(comment.body), author: { __typename: 'Bot', login: 'backend-expert' }, thumbsDown: 0 }],
      });
    }
    return [200, this.reviewJson(review)];
  }

  private reviewJson(review: FakeReview): Record<string, unknown> {
    return {
      id: review.id,
      body: review.body,
      commit_id: review.commit_id,
      state: review.event === 'REQUEST_CHANGES' ? 'CHANGES_REQUESTED' : 'COMMENTED',
      user: APP_USER,
      html_url: `https://github.com/${this.owner}/${this.repo}/pull/1#pullrequestreview-${review.id}`,
    };
  }

  private graphql(body: { query: string; variables: Record<string, unknown> }): Reply {
    if (body.query.includes('resolveReviewThread')) {
      const thread = this.threads.find((candidate) => candidate.id === body.variables.threadId);
      if (!thread) return [200, { data: null, errors: [{ message: 'Could not resolve to a node' }] }];
      thread.isResolved = true;
      return [200, { data: { resolveReviewThread: { thread: { id: thread.id, isResolved: true } } } }];
    }
    if (body.query.includes('reviewThreads')) {
      const nodes = this.threads.map((thread) => ({
        id: thread.id,
        isResolved: thread.isResolved,
        resolvedBy: thread.resolvedBy,
        comments: {
          nodes: thread.comments.map((comment) => ({
            body: comment.body,
            author: comment.author,
            reactionGroups: [{ content: 'THUMBS_DOWN', reactors: { totalCount: comment.thumbsDown } }],
          })),
        },
      }));
      return [200, { data: { repository: { pullRequest: { reviewThreads: { pageInfo: { hasNextPage: false, endCursor: null }, nodes } } } } }];
    }
    return [599, { message: 'unhandled GraphQL query' }];
  }

  /** One page of a list, with GitHub's Link header. */
  private page(items: unknown[], query: Record<string, string>, path: string): Reply {
    const perPage = Number(query.per_page ?? 30);
    const page = Number(query.page ?? 1);
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const headers: Record<string, string> = {};
    if (page < last) headers.link = `<${API}${path}?per_page=${perPage}&page=${page + 1}>; rel="next", <${API}${path}?per_page=${perPage}&page=${last}>; rel="last"`;
    return [200, slice, headers];
  }
}
