import parseDiff from 'parse-diff';
import type { DiffFile } from '../diff/parse-unified-diff.js';

/** One file's hunks as the model sees them: each line with its right-side (HEAD) line number. */
export interface RenderedHunks {
  path: string;
  /** Rendered hunks, one string per hunk (header plus numbered lines). */
  hunks: string[];
  /** Right-side lines shown (added and context): the surrounding-code selection does not repeat them. */
  shownLines: Set<number>;
}

/**
 * Renders the changed hunks of `files` from the raw diff: `  41+ code` for an added line at HEAD line
 * 41, `  40  code` for context, `    - code` for a deleted line (no HEAD line). Files are matched to
 * the raw diff by path; a file the raw diff does not name (an unusual quoted path) falls back to its
 * head text, without deleted lines.
 */
export function renderHunks(diffText: string, files: readonly DiffFile[], headText: ReadonlyMap<string, string>): Map<string, RenderedHunks> {
  const raw = new Map<string, parseDiff.File>();
  for (const file of parseDiff(diffText)) {
    const path = file.deleted ? file.from : file.to;
    if (path && path !== '/dev/null') raw.set(path, file);
  }
  const result = new Map<string, RenderedHunks>();
  for (const file of files) {
    const source = raw.get(file.path);
    result.set(file.path, source ? fromRaw(file.path, source) : fromHead(file, headText.get(file.path)));
  }
  return result;
}

function width(file: parseDiff.File): number {
  const last = Math.max(0, ...file.chunks.map((chunk) => chunk.newStart + chunk.newLines));
  return Math.max(3, String(last).length);
}

function fromRaw(path: string, file: parseDiff.File): RenderedHunks {
  const pad = width(file);
  const shownLines = new Set<number>();
  const hunks = file.chunks.map((chunk) => {
    const lines = [chunk.content];
    for (const change of chunk.changes) {
      if (change.content.startsWith('\\')) continue; // "\ No newline at end of file"
      const text = change.content.slice(1);
      if (change.type === 'add') {
        shownLines.add(change.ln);
        lines.push(`${String(change.ln).padStart(pad)}+ ${text}`);
      } else if (change.type === 'del') {
        lines.push(`${' '.repeat(pad)}- ${text}`);
      } else {
        shownLines.add(change.ln2);
        lines.push(`${String(change.ln2).padStart(pad)}  ${text}`);
      }
    }
    return lines.join('\n');
  });
  return { path, hunks, shownLines };
}

function fromHead(file: DiffFile, text: string | undefined): RenderedHunks {
  const lines = text?.split('\n') ?? [];
  const shownLines = new Set<number>();
  const pad = Math.max(3, String(lines.length).length);
  const hunks = file.hunks.map((hunk) => {
    const added = new Set(hunk.addedLines);
    const out = [`@@ +${hunk.newStart},${hunk.newLines} @@`];
    for (const line of hunk.rightLines) {
      shownLines.add(line);
      out.push(`${String(line).padStart(pad)}${added.has(line) ? '+' : ' '} ${lines[line - 1] ?? ''}`);
    }
    return out.join('\n');
  });
  return { path: file.path, hunks, shownLines };
}
