import type { ChangeSource, SourceTree } from '../../core/change-source.js';
import { BlobReader, git, GitError } from './git.js';

/** Files larger than this are left out of the tree context (generated data, fixtures). */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** A tree read straight from git objects at one commit (never the work tree). */
export class GitTree implements SourceTree {
  private pathList: Promise<readonly string[]> | undefined;
  constructor(
    private readonly cwd: string,
    readonly ref: string,
    private readonly blobs: BlobReader,
  ) {}

  paths(): Promise<readonly string[]> {
    this.pathList ??= git(this.cwd, ['ls-tree', '-r', '-z', '--name-only', this.ref]).then((out) => out.split('\0').filter(Boolean));
    return this.pathList;
  }

  async read(path: string): Promise<string | undefined> {
    const blob = await this.blobs.read(`${this.ref}:${path}`);
    if (!blob || blob.length > MAX_FILE_BYTES || blob.includes(0)) return undefined;
    return blob.toString('utf8');
  }
}

export interface GitChangeSourceOptions {
  repo: string;
  /** Base ref; default: the remote's default branch, else `main`. */
  base?: string;
  /** Head ref; default HEAD. */
  head?: string;
}

/**
 * The change `git diff BASE...HEAD` shows: the diff from the merge base of BASE and HEAD to HEAD,
 * with whole files read from git at both commits.
 */
export class GitChangeSource implements ChangeSource {
  private readonly blobs: BlobReader;
  private constructor(
    private readonly repo: string,
    readonly base: string,
    readonly head: string,
  ) {
    this.blobs = new BlobReader(repo);
  }

  /** Resolves the refs (merge base for BASE) and checks the repository; throws GitError with one line. */
  static async open(options: GitChangeSourceOptions): Promise<GitChangeSource> {
    const repo = await repositoryRoot(options.repo);
    const baseRef = options.base ?? (await defaultBaseRef(repo));
    const head = await resolveCommit(repo, options.head ?? 'HEAD');
    const baseTip = await resolveCommit(repo, baseRef);
    const mergeBase = (await git(repo, ['merge-base', baseTip, head]).catch(() => baseTip)).trim() || baseTip;
    return new GitChangeSource(repo, mergeBase, head);
  }

  diff(): Promise<string> {
    return git(this.repo, ['diff', '--no-color', '--no-ext-diff', '--find-renames', '--unified=3', this.base, this.head]);
  }

  async tree(side: 'base' | 'head'): Promise<SourceTree> {
    return new GitTree(this.repo, side === 'base' ? this.base : this.head, this.blobs);
  }

  /** Stops the blob reader process. */
  close(): void {
    this.blobs.close();
  }
}

/** The work tree's top folder; a clear error when `dir` is not inside a git repository. */
export async function repositoryRoot(dir: string): Promise<string> {
  try {
    return (await git(dir, ['rev-parse', '--show-toplevel'])).trim();
  } catch (error) {
    throw new GitError(`${dir} is not a git repository (${(error as Error).message})`);
  }
}

/** A commit SHA for a ref, or a GitError naming the ref. */
export async function resolveCommit(repo: string, ref: string): Promise<string> {
  try {
    return (await git(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim();
  } catch {
    throw new GitError(`unknown revision '${ref}'`);
  }
}

/** The remote's default branch (origin/HEAD), else `main`, else `master`. */
export async function defaultBaseRef(repo: string): Promise<string> {
  const remoteHead = await git(repo, ['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD']).catch(() => '');
  if (remoteHead.trim()) return remoteHead.trim().replace(/^refs\/remotes\//, '');
  for (const candidate of ['main', 'master']) {
    const found = await git(repo, ['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`]).catch(() => '');
    if (found.trim()) return candidate;
  }
  return 'main';
}
