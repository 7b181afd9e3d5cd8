import nock from 'nock';
import { FakeGitHub, type FakePull } from './fake-github.js';
import { GitFixture } from './git-fixture.js';
import { REPOSITORY } from './webhook-payloads.js';

/** A pull request on a real git repository, served by the fake GitHub. */
export class Scenario {
  readonly git = new GitFixture();
  readonly fake: FakeGitHub;
  readonly base: string;
  readonly pull: FakePull;

  constructor(options: { base: Record<string, string>; head: Record<string, string | null>; number?: number }) {
    this.base = this.git.commit(options.base, 'base');
    this.git.checkout('feature', this.base);
    const head = this.git.commit(options.head, 'feature');
    this.fake = new FakeGitHub(this.git, REPOSITORY.owner, REPOSITORY.repo, REPOSITORY.id);
    this.pull = this.fake.addPull({ number: options.number ?? 1, head: { sha: head, ref: 'feature' }, base: { sha: this.base, ref: 'main' } });
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    this.fake.install();
  }

  get head(): string {
    return this.pull.head.sha;
  }

  /** A new commit on the PR's branch. */
  push(files: Record<string, string | null>): string {
    this.pull.head.sha = this.git.commit(files, 'push');
    return this.pull.head.sha;
  }

  /** Rewrites the branch from the base: the old head is no longer an ancestor. */
  forcePush(files: Record<string, string | null>): string {
    this.git.checkout('feature', this.base);
    this.pull.head.sha = this.git.commit(files, 'rewritten');
    return this.pull.head.sha;
  }

  /** The sequence of API calls since `from` (an index into the recorded requests). */
  callsSince(from: number): string[] {
    return this.fake.calls().slice(from);
  }

  cleanup(): void {
    nock.cleanAll();
    nock.enableNetConnect();
    this.git.remove();
  }
}
