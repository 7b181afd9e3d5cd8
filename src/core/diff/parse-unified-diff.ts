import parseDiff from 'parse-diff';

export type FileStatus = 'added' | 'deleted' | 'modified' | 'renamed';

/** One hunk, with the line numbers GitHub accepts for comments on each side. */
export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Right-side lines inside this hunk (added and context): valid `side: RIGHT` anchors. */
  rightLines: number[];
  /** Left-side lines inside this hunk (deleted and context): valid `side: LEFT` anchors. */
  leftLines: number[];
  /** Right-side lines this hunk adds. */
  addedLines: number[];
  /** Left-side lines this hunk deletes. */
  deletedLines: number[];
}

export interface DiffFile {
  /** Path at HEAD (the new name of a renamed file); the old path for a deleted file. */
  path: string;
  /** Path at BASE when it differs (renames). */
  oldPath?: string;
  status: FileStatus;
  binary: boolean;
  hunks: DiffHunk[];
  additions: number;
  deletions: number;
}

/** Thrown for a diff the parser refuses; the message names the problem. */
export class DiffParseError extends Error {
  override readonly name = 'DiffParseError';
}

export interface ParseDiffOptions {
  /** Refuse diffs larger than this many characters (a clear error instead of exhausting memory). */
  maxChars?: number;
}

const DEFAULT_MAX_CHARS = 200 * 1024 * 1024;
const DIFF_GIT_HEADER = 'diff --git ';

/**
 * Parses git's unified diff into files and hunks. Metadata that parse-diff drops (binary markers,
 * renames) is read from each file's extended header; hunks come from parse-diff.
 */
export function parseUnifiedDiff(text: string, options: ParseDiffOptions = {}): DiffFile[] {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  if (text.length > maxChars) {
    throw new DiffParseError(`diff is ${text.length} characters, above the limit of ${maxChars}`);
  }
  const normalised = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  return splitFileSections(normalised).flatMap(parseFileSection);
}

function splitFileSections(text: string): string[] {
  if (!text.startsWith(DIFF_GIT_HEADER) && !text.includes(`\n${DIFF_GIT_HEADER}`)) return text.trim() ? [text] : [];
  const sections: string[] = [];
  let start = text.startsWith(DIFF_GIT_HEADER) ? 0 : text.indexOf(`\n${DIFF_GIT_HEADER}`) + 1;
  while (start < text.length) {
    const next = text.indexOf(`\n${DIFF_GIT_HEADER}`, start);
    const end = next === -1 ? text.length : next + 1;
    sections.push(text.slice(start, end));
    start = end;
  }
  return sections;
}

interface SectionHeader {
  from?: string;
  to?: string;
  renameFrom?: string;
  renameTo?: string;
  binary: boolean;
  isNew: boolean;
  isDeleted: boolean;
}

function readHeader(section: string): SectionHeader {
  const header: SectionHeader = { binary: false, isNew: false, isDeleted: false };
  for (const line of section.split('\n', 64)) {
    if (line.startsWith('@@')) break;
    if (line.startsWith('rename from ')) header.renameFrom = unquotePath(line.slice(12));
    else if (line.startsWith('rename to ')) header.renameTo = unquotePath(line.slice(10));
    else if (line.startsWith('new file mode')) header.isNew = true;
    else if (line.startsWith('deleted file mode')) header.isDeleted = true;
    else if (line.startsWith('Binary files ') || line === 'GIT binary patch') header.binary = true;
    else if (line.startsWith('--- ')) header.from = stripSidePrefix(line.slice(4));
    else if (line.startsWith('+++ ')) header.to = stripSidePrefix(line.slice(4));
    else if (line.startsWith(DIFF_GIT_HEADER) && !header.from) {
      const paths = parseDiffGitPaths(line.slice(DIFF_GIT_HEADER.length));
      if (paths) [header.from, header.to] = paths;
    }
  }
  return header;
}

function parseFileSection(section: string): DiffFile[] {
  const header = readHeader(section);
  let parsed: parseDiff.File[];
  try {
    parsed = parseDiff(section);
  } catch (error) {
    throw new DiffParseError(`unreadable diff section: ${(error as Error).message}`);
  }
  const chunks = parsed.flatMap((file) => file.chunks);
  const from = header.renameFrom ?? nonNull(header.from) ?? nonNull(parsed[0]?.from);
  const to = header.renameTo ?? nonNull(header.to) ?? nonNull(parsed[0]?.to);
  const isNew = header.isNew || header.from === '/dev/null' || parsed[0]?.new === true;
  const isDeleted = header.isDeleted || header.to === '/dev/null' || parsed[0]?.deleted === true;
  const path = (isDeleted ? from : to) ?? from;
  if (!path) return [];
  const status: FileStatus = isNew ? 'added' : isDeleted ? 'deleted' : from && to && from !== to ? 'renamed' : 'modified';
  const hunks = chunks.map(toHunk);
  return [
    {
      path,
      ...(status === 'renamed' && from ? { oldPath: from } : {}),
      status,
      binary: header.binary,
      hunks,
      additions: hunks.reduce((sum, hunk) => sum + hunk.addedLines.length, 0),
      deletions: hunks.reduce((sum, hunk) => sum + hunk.deletedLines.length, 0),
    },
  ];
}

function toHunk(chunk: parseDiff.Chunk): DiffHunk {
  const hunk: DiffHunk = {
    oldStart: chunk.oldStart,
    oldLines: chunk.oldLines,
    newStart: chunk.newStart,
    newLines: chunk.newLines,
    rightLines: [],
    leftLines: [],
    addedLines: [],
    deletedLines: [],
  };
  for (const change of chunk.changes) {
    // parse-diff repeats the previous line number for "\ No newline at end of file": not a line.
    if (change.content.startsWith('\\')) continue;
    if (change.type === 'add') {
      hunk.addedLines.push(change.ln);
      hunk.rightLines.push(change.ln);
    } else if (change.type === 'del') {
      hunk.deletedLines.push(change.ln);
      hunk.leftLines.push(change.ln);
    } else {
      hunk.leftLines.push(change.ln1);
      hunk.rightLines.push(change.ln2);
    }
  }
  return hunk;
}

function nonNull(path: string | undefined): string | undefined {
  return path && path !== '/dev/null' ? path : undefined;
}

function stripSidePrefix(raw: string): string {
  const path = unquotePath(raw.replace(/\t.*$/, ''));
  if (path === '/dev/null') return path;
  return path.startsWith('a/') || path.startsWith('b/') ? path.slice(2) : path;
}

/** git quotes paths with unusual bytes in C style: "a/\303\244.ts". */
function unquotePath(raw: string): string {
  const trimmed = raw.trim();
  if (!trimmed.startsWith('"') || !trimmed.endsWith('"')) return trimmed;
  const bytes: number[] = [];
  const body = trimmed.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      const escapes: Record<string, number> = { n: 10, t: 9, '"': 34, '\\': 92, r: 13, a: 7, b: 8, f: 12, v: 11 };
      bytes.push(escapes[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** `a/x.ts b/x.ts` → ['x.ts', 'x.ts'] (used only when a section has no ---/+++ lines, e.g. binary). */
function parseDiffGitPaths(rest: string): [string, string] | undefined {
  if (rest.startsWith('"')) {
    const end = rest.indexOf('" ', 1);
    if (end === -1) return undefined;
    return [stripSidePrefix(rest.slice(0, end + 1)), stripSidePrefix(rest.slice(end + 2))];
  }
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest[half] === ' ') {
    return [stripSidePrefix(rest.slice(0, half)), stripSidePrefix(rest.slice(half + 1))];
  }
  const split = rest.indexOf(' b/');
  if (split === -1) return undefined;
  return [stripSidePrefix(rest.slice(0, split)), stripSidePrefix(rest.slice(split + 1))];
}

/** Right-side lines the diff adds to a file, as a set. */
export function addedLineSet(file: DiffFile): Set<number> {
  return new Set(file.hunks.flatMap((hunk) => hunk.addedLines));
}
