import type { DiffFile } from './parse-unified-diff.js';

/** Where GitHub can take a review comment: `line` (and `start_line`) on the RIGHT side of one hunk. */
export interface RightAnchor {
  path: string;
  line: number;
  startLine?: number;
}

/** Answers whether a line or range of a file can take an inline review comment. */
export class DiffAnchors {
  private readonly byPath = new Map<string, DiffFile>();
  constructor(files: readonly DiffFile[]) {
    for (const file of files) if (file.status !== 'deleted') this.byPath.set(file.path, file);
  }

  /** The file's diff, when the diff touches it at HEAD. */
  file(path: string): DiffFile | undefined {
    return this.byPath.get(path);
  }

  /**
   * The anchor for lines `line`..`endLine` at HEAD, or undefined when GitHub would refuse it: binary
   * files and pure renames have no hunks; a range must lie inside one hunk on the right side.
   * A range that leaves its hunk shrinks to its last line when that line is anchorable.
   */
  anchor(path: string, line: number, endLine?: number): RightAnchor | undefined {
    const file = this.byPath.get(path);
    if (!file || file.binary) return undefined;
    const last = endLine && endLine > line ? endLine : line;
    for (const hunk of file.hunks) {
      const right = hunk.rightLines;
      if (!right.includes(last)) continue;
      if (last !== line && right.includes(line)) return { path, line: last, startLine: line };
      return { path, line: last };
    }
    return undefined;
  }

  /** True when the line is one the diff adds (not just context). */
  isAdded(path: string, line: number): boolean {
    const file = this.byPath.get(path);
    return !!file && file.hunks.some((hunk) => hunk.addedLines.includes(line));
  }
}
