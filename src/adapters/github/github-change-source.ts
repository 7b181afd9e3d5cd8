import { MemoryTree, type ChangeSource, type SourceTree } from '../../core/change-source.js';
import { parseUnifiedDiff } from '../../core/diff/parse-unified-diff.js';
import { httpStatus, type GitHubClient, type PullRequestRef } from './github-client.js';
import { MAX_TREE_FILE_BYTES, readTarball, toNodeReadable } from './read-tarball.js';

export interface GitHubChangeSourceOptions extends PullRequestRef {
  /** The merge base of the PR's base and head (what the PR's diff is relative to). */
  base: string;
  head: string;
  /** Ceiling of one repository archive (config `tree.max_bytes`). */
  maxTreeBytes: number;
  signal?: AbortSignal;
}

/** One entry of `pulls.listFiles`, reduced to what a diff section needs. */
export interface PullFile {
  filename: string;
  previous_filename?: string;
  status: string;
  patch?: string;
  changes: number;
}

/**
 * A pull request's change read from the GitHub API: the diff media type first, the paginated file list
 * when GitHub refuses a diff that is too large or too slow, and each side's whole tree from one tarball.
 */
export class GitHubChangeSource implements ChangeSource {
  readonly base: string;
  readonly head: string;
  private diffText: Promise<string> | undefined;
  private readonly trees = new Map<'base' | 'head', Promise<SourceTree>>();
  private readonly diffNotes: string[] = [];

  constructor(
    private readonly octokit: GitHubClient,
    private readonly options: GitHubChangeSourceOptions,
  ) {
    this.base = options.base;
    this.head = options.head;
  }

  /**
   * The merge base of the PR's base and head commits. Only `merge_base_commit` is read from the compare
   * API: its file list stops at 300 files, so it never lists a PR's files.
   */
  static async mergeBase(octokit: GitHubClient, ref: PullRequestRef & { baseSha: string; headSha: string }, signal?: AbortSignal): Promise<string> {
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
      owner: ref.owner,
      repo: ref.repo,
      basehead: `${ref.baseSha}...${ref.headSha}`,
      per_page: 1,
      ...(signal ? { request: { signal } } : {}),
    });
    return data.merge_base_commit.sha;
  }

  diff(): Promise<string> {
    this.diffText ??= this.readDiff();
    return this.diffText;
  }

  tree(side: 'base' | 'head'): Promise<SourceTree> {
    let tree = this.trees.get(side);
    if (!tree) {
      tree = this.readTree(side);
      this.trees.set(side, tree);
    }
    return tree;
  }

  private async readDiff(): Promise<string> {
    const { owner, repo, pullNumber } = this.options;
    try {
      const response = await this.octokit.rest.pulls.get({
        owner,
        repo,
        pull_number: pullNumber,
        mediaType: { format: 'diff' },
        ...this.requestOptions(),
      });
      // With the diff media type the body is the diff text, whatever the generated type says.
      return String(response.data as unknown);
    } catch (error) {
      const status = httpStatus(error);
      // 406: above 300 files or 20,000 lines; 422: "diff is taking too long to generate".
      if (status !== 406 && status !== 422) throw error;
      this.diffNotes.push('GitHub could not produce this pull request\'s diff in one piece (too large); it was read file by file.');
      return this.readDiffFromFileList();
    }
  }

  private async readDiffFromFileList(): Promise<string> {
    const { owner, repo, pullNumber } = this.options;
    const files = await this.octokit.paginate(this.octokit.rest.pulls.listFiles, {
      owner,
      repo,
      pull_number: pullNumber,
      per_page: 100,
      ...this.requestOptions(),
    });
    const { text, withoutPatch } = synthesizeDiff(files);
    if (withoutPatch.length > 0) {
      const shown = withoutPatch.slice(0, 20).map((path) => `\`${path}\``).join(', ');
      this.diffNotes.push(`GitHub sent no patch (binary or too large) for ${withoutPatch.length} file(s), not reviewed line by line: ${shown}${withoutPatch.length > 20 ? ', …' : ''}.`);
    }
    return text;
  }

  private async readTree(side: 'base' | 'head'): Promise<SourceTree> {
    const ref = side === 'base' ? this.base : this.head;
    const { owner, repo } = this.options;
    const response = await this.octokit.rest.repos.downloadTarballArchive({
      owner,
      repo,
      ref,
      request: { parseSuccessResponseBody: false, ...(this.options.signal ? { signal: this.options.signal } : {}) },
    });
    const result = await readTarball(toNodeReadable(response.data as unknown), { maxBytes: this.options.maxTreeBytes });
    const diffNotes = side === 'head' ? this.diffNotes : [];
    if (result.kind === 'read') {
      const notes = result.contents.tooLarge > 0 ? [`${result.contents.tooLarge} file(s) above ${MAX_TREE_FILE_BYTES} bytes at ${ref.slice(0, 7)} were not read.`] : [];
      return new NotedTree(new MemoryTree(ref, result.contents.files), result.contents.paths, () => [...notes, ...diffNotes]);
    }
    const touched = await this.touchedPaths(side);
    const note =
      `The repository archive at \`${ref.slice(0, 7)}\` is larger than \`tree.max_bytes\` (${this.options.maxTreeBytes} bytes): ` +
      `only the ${touched.length} file(s) this pull request touches were read at that commit, so routes declared elsewhere may be missing.`;
    return new ContentsTree(this.octokit, this.options, ref, touched, () => [note, ...diffNotes]);
  }

  /** Paths the diff touches on one side: new names at head, old names at base. */
  private async touchedPaths(side: 'base' | 'head'): Promise<string[]> {
    const files = parseUnifiedDiff(await this.diff());
    if (side === 'head') return files.filter((file) => file.status !== 'deleted').map((file) => file.path);
    return files.filter((file) => file.status !== 'added').map((file) => file.oldPath ?? file.path);
  }

  private requestOptions(): { request?: { signal: AbortSignal } } {
    return this.options.signal ? { request: { signal: this.options.signal } } : {};
  }
}

/** A tree with its own path list (files that were not read still count as paths) and notes. */
class NotedTree implements SourceTree {
  readonly ref: string;
  constructor(
    private readonly inner: SourceTree,
    private readonly pathList: readonly string[],
    private readonly readNotes: () => readonly string[],
  ) {
    this.ref = inner.ref;
  }
  async paths(): Promise<readonly string[]> {
    return this.pathList;
  }
  read(path: string): Promise<string | undefined> {
    return this.inner.read(path);
  }
  notes(): readonly string[] {
    return this.readNotes();
  }
}

/** The fallback tree above the archive ceiling: only the touched files, read one by one. */
class ContentsTree implements SourceTree {
  private readonly cache = new Map<string, Promise<string | undefined>>();
  constructor(
    private readonly octokit: GitHubClient,
    private readonly options: GitHubChangeSourceOptions,
    readonly ref: string,
    private readonly pathList: readonly string[],
    private readonly readNotes: () => readonly string[],
  ) {}
  async paths(): Promise<readonly string[]> {
    return this.pathList;
  }
  read(path: string): Promise<string | undefined> {
    if (!this.pathList.includes(path)) return Promise.resolve(undefined);
    let text = this.cache.get(path);
    if (!text) {
      text = readFileAt(this.octokit, this.options, path, this.ref, this.options.signal);
      this.cache.set(path, text);
    }
    return text;
  }
  notes(): readonly string[] {
    return this.readNotes();
  }
}

/** One file's text at a ref, or undefined when absent, binary or above the per-file ceiling. */
export async function readFileAt(
  octokit: GitHubClient,
  repository: { owner: string; repo: string },
  path: string,
  ref: string,
  signal?: AbortSignal,
): Promise<string | undefined> {
  try {
    const response = await octokit.rest.repos.getContent({
      owner: repository.owner,
      repo: repository.repo,
      path,
      ref,
      mediaType: { format: 'raw' },
      ...(signal ? { request: { signal } } : {}),
    });
    const data: unknown = response.data;
    const buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : data instanceof ArrayBuffer ? Buffer.from(data) : undefined;
    if (!buffer || buffer.length > MAX_TREE_FILE_BYTES || buffer.includes(0)) return undefined;
    return buffer.toString('utf8');
  } catch (error) {
    if (httpStatus(error) === 404) return undefined;
    throw error;
  }
}

/**
 * Rebuilds a unified diff from `pulls.listFiles`. A file without `patch` (binary, or too large for
 * GitHub to show) becomes a `Binary files … differ` section, which the parser reads as no hunks.
 */
export function synthesizeDiff(files: readonly PullFile[]): { text: string; withoutPatch: string[] } {
  const sections: string[] = [];
  const withoutPatch: string[] = [];
  for (const file of files) {
    const newPath = file.filename;
    const oldPath = file.previous_filename ?? file.filename;
    const added = file.status === 'added' || file.status === 'copied';
    const removed = file.status === 'removed';
    const lines = [`diff --git a/${oldPath} b/${newPath}`];
    if (added) lines.push('new file mode 100644');
    if (removed) lines.push('deleted file mode 100644');
    if (file.status === 'renamed') lines.push(`rename from ${oldPath}`, `rename to ${newPath}`);
    const from = added ? '/dev/null' : `a/${oldPath}`;
    const to = removed ? '/dev/null' : `b/${newPath}`;
    if (file.patch) {
      lines.push(`--- ${from}`, `+++ ${to}`, file.patch.endsWith('\n') ? file.patch.slice(0, -1) : file.patch);
    } else if (!(file.status === 'renamed' && file.changes === 0)) {
      // A pure rename has nothing to show; anything else without a patch is binary or too large.
      lines.push(`Binary files ${from} and ${to} differ`);
      if (!removed) withoutPatch.push(newPath);
    }
    sections.push(`${lines.join('\n')}\n`);
  }
  return { text: sections.join(''), withoutPatch };
}
