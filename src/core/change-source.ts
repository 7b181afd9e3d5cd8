/**
 * Where a change comes from. The analysis never knows whether it reads the GitHub API or a local
 * git repository: both implement these two small interfaces.
 */

/** The files of one commit. Paths are repository-relative with forward slashes. */
export interface SourceTree {
  /** The commit this tree belongs to. */
  readonly ref: string;
  /** Every file path in the tree (blobs only). */
  paths(): Promise<readonly string[]>;
  /** The file's text, or undefined when absent, binary, or above the reader's size ceiling. */
  read(path: string): Promise<string | undefined>;
  /** Anything the reader left out (size ceiling, fallback to a partial tree) — shown in the summary. */
  notes?(): readonly string[];
}

export interface ChangeSource {
  /** Commit SHA of the merge base / base side. */
  readonly base: string;
  /** Commit SHA of the head side. */
  readonly head: string;
  /** Unified diff (git's format) from base to head. */
  diff(): Promise<string>;
  /** The tree at base or head. */
  tree(side: 'base' | 'head'): Promise<SourceTree>;
}

/** A SourceTree held in memory: fixtures, tests, and the tarball reader's result. */
export class MemoryTree implements SourceTree {
  private readonly files: ReadonlyMap<string, string>;
  constructor(
    readonly ref: string,
    files: Record<string, string> | ReadonlyMap<string, string>,
    private readonly readerNotes: readonly string[] = [],
  ) {
    this.files = files instanceof Map ? files : new Map(Object.entries(files));
  }
  async paths(): Promise<readonly string[]> {
    return [...this.files.keys()];
  }
  async read(path: string): Promise<string | undefined> {
    return this.files.get(path);
  }
  notes(): readonly string[] {
    return this.readerNotes;
  }
}

/** A ChangeSource held in memory: two trees and the diff between them (tests, benchmarks). */
export class MemoryChangeSource implements ChangeSource {
  constructor(
    private readonly baseTree: MemoryTree,
    private readonly headTree: MemoryTree,
    private readonly diffText: string,
  ) {}
  get base(): string {
    return this.baseTree.ref;
  }
  get head(): string {
    return this.headTree.ref;
  }
  async diff(): Promise<string> {
    return this.diffText;
  }
  async tree(side: 'base' | 'head'): Promise<SourceTree> {
    return side === 'base' ? this.baseTree : this.headTree;
  }
}

/** A git-style diff that adds every file of `files` (for synthetic PRs and tests). */
export function additionDiff(files: Readonly<Record<string, string>>): string {
  return Object.entries(files)
    .map(([path, text]) => {
      const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
      return `diff --git a/${path} b/${path}\nnew file mode 100644\n--- /dev/null\n+++ b/${path}\n@@ -0,0 +1,${lines.length} @@\n${lines.map((line) => `+${line}`).join('\n')}\n`;
    })
    .join('');
}
