import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** One file of a comparison, shaped like GitHub's `pulls.listFiles` / compare `files` entries. */
export interface GitHubFile {
  sha: string;
  filename: string;
  previous_filename?: string;
  status: 'added' | 'removed' | 'modified' | 'renamed';
  additions: number;
  deletions: number;
  changes: number;
  blob_url: string;
  raw_url: string;
  contents_url: string;
  patch?: string;
}

/**
 * A real git repository behind the fake GitHub: diffs, merge bases, ancestry, archives and file contents
 * all come from git itself, so the adapter is tested against what GitHub would compute.
 */
export class GitFixture {
  readonly dir: string;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'be-github-'));
    this.git('init', '-q', '-b', 'main');
  }

  git(...args: string[]): string {
    return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
      cwd: this.dir,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  }

  /** Writes (or, with null, deletes) files on the current branch and commits; returns the SHA. */
  commit(files: Record<string, string | null>, message = 'change'): string {
    for (const [path, text] of Object.entries(files)) {
      const full = join(this.dir, path);
      if (text === null) rmSync(full, { force: true });
      else {
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, text);
      }
    }
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD').trim();
  }

  /** Switches to a branch, creating it at `from` when given. */
  checkout(branch: string, from?: string): void {
    if (from) this.git('checkout', '-q', '-B', branch, from);
    else this.git('checkout', '-q', branch);
  }

  diff(base: string, head: string): string {
    return this.git('diff', '--no-color', '--no-ext-diff', '--find-renames', '--unified=3', base, head);
  }

  mergeBase(a: string, b: string): string {
    return this.git('merge-base', a, b).trim();
  }

  isAncestor(ancestor: string, descendant: string): boolean {
    try {
      this.git('merge-base', '--is-ancestor', ancestor, descendant);
      return true;
    } catch {
      return false;
    }
  }

  exists(sha: string): boolean {
    try {
      this.git('cat-file', '-e', `${sha}^{commit}`);
      return true;
    } catch {
      return false;
    }
  }

  /** The files of `base..head` with per-file patches, as GitHub lists them (patch left out for binaries). */
  files(base: string, head: string, owner: string, repo: string): GitHubFile[] {
    const text = this.diff(base, head);
    const sections = text.split(/\n(?=diff --git )/).filter((section) => section.startsWith('diff --git '));
    return sections.map((section) => {
      const lines = section.split('\n');
      const hunkStart = lines.findIndex((line) => line.startsWith('@@'));
      const header = hunkStart === -1 ? lines : lines.slice(0, hunkStart);
      const renameFrom = header.find((line) => line.startsWith('rename from '))?.slice(12);
      const renameTo = header.find((line) => line.startsWith('rename to '))?.slice(10);
      const minus = header.find((line) => line.startsWith('--- '))?.slice(4);
      const plus = header.find((line) => line.startsWith('+++ '))?.slice(4);
      const binary = header.some((line) => line.startsWith('Binary files '));
      const gitPaths = /^diff --git a\/(.+) b\/(.+)$/.exec(lines[0] ?? '');
      const status = header.some((line) => line.startsWith('new file mode'))
        ? 'added'
        : header.some((line) => line.startsWith('deleted file mode'))
          ? 'removed'
          : renameFrom
            ? 'renamed'
            : 'modified';
      const filename = renameTo ?? (plus && plus !== '/dev/null' ? plus.slice(2) : minus && minus !== '/dev/null' ? minus.slice(2) : (gitPaths?.[2] ?? ''));
      const patchLines = hunkStart === -1 ? [] : lines.slice(hunkStart);
      while (patchLines.at(-1) === '') patchLines.pop();
      const additions = patchLines.filter((line) => line.startsWith('+')).length;
      const deletions = patchLines.filter((line) => line.startsWith('-')).length;
      return {
        sha: '0'.repeat(40),
        filename,
        ...(renameFrom ? { previous_filename: renameFrom } : {}),
        status,
        additions,
        deletions,
        changes: additions + deletions,
        blob_url: `https://github.com/${owner}/${repo}/blob/${head}/${filename}`,
        raw_url: `https://github.com/${owner}/${repo}/raw/${head}/${filename}`,
        contents_url: `https://api.github.com/repos/${owner}/${repo}/contents/${filename}?ref=${head}`,
        ...(binary || patchLines.length === 0 ? {} : { patch: patchLines.join('\n') }),
      };
    });
  }

  /** `git archive` as GitHub serves it: gzipped tar under one `owner-repo-sha/` folder. */
  tarball(sha: string, folder: string): Buffer {
    return execFileSync('git', ['archive', '--format=tar.gz', `--prefix=${folder}/`, sha], { cwd: this.dir, maxBuffer: 256 * 1024 * 1024 });
  }

  show(sha: string, path: string): string | undefined {
    try {
      return this.git('show', `${sha}:${path}`);
    } catch {
      return undefined;
    }
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
