import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';

/** Files above this size are listed but not read: generated data and fixtures, never reviewable code. */
export const MAX_TREE_FILE_BYTES = 2 * 1024 * 1024;

export interface TarballContents {
  /** Every file path of the archive (blobs only), without GitHub's `owner-repo-sha/` folder. */
  paths: string[];
  /** Text of the files that are neither binary nor above the per-file ceiling. */
  files: Map<string, string>;
  /** Files listed but not read because they are above the per-file ceiling. */
  tooLarge: number;
}

export type TarballReadResult = { kind: 'read'; contents: TarballContents } | { kind: 'too-large'; bytesSeen: number };

/**
 * Reads a gzipped tarball as a stream. Stops as soon as the files' total size passes `maxBytes`, so a
 * huge repository costs at most `maxBytes` of memory before the caller falls back to fewer files.
 */
export async function readTarball(
  source: Readable,
  options: { maxBytes: number; maxFileBytes?: number },
): Promise<TarballReadResult> {
  const maxFileBytes = options.maxFileBytes ?? MAX_TREE_FILE_BYTES;
  const extract = tar.extract();
  const piping = pipeline(source, createGunzip(), extract);
  // The loop below reports errors; this only keeps an early stop from surfacing as an unhandled rejection.
  piping.catch(() => {});
  const contents: TarballContents = { paths: [], files: new Map(), tooLarge: 0 };
  let total = 0;
  try {
    for await (const entry of extract) {
      const { name, type, size = 0 } = entry.header;
      const path = stripArchiveFolder(name);
      if ((type !== 'file' && type !== 'contiguous-file') || !path) {
        entry.resume();
        continue;
      }
      total += size;
      if (total > options.maxBytes) {
        source.destroy();
        extract.destroy();
        return { kind: 'too-large', bytesSeen: total };
      }
      contents.paths.push(path);
      if (size > maxFileBytes) {
        contents.tooLarge++;
        entry.resume();
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      const data = Buffer.concat(chunks);
      if (!data.includes(0)) contents.files.set(path, data.toString('utf8'));
    }
  } catch (error) {
    source.destroy();
    throw new Error(`the repository archive could not be read: ${(error as Error).message}`);
  }
  await piping;
  return { kind: 'read', contents };
}

/** Wraps a fetch body (web stream) for Node's stream tools. */
export function toNodeReadable(body: unknown): Readable {
  if (body instanceof Readable) return body;
  if (body && typeof body === 'object' && 'getReader' in body) {
    return Readable.fromWeb(body as Parameters<typeof Readable.fromWeb>[0]);
  }
  if (body instanceof ArrayBuffer) return Readable.from([Buffer.from(body)]);
  if (Buffer.isBuffer(body)) return Readable.from([body]);
  throw new Error('the repository archive response had no body');
}

/** GitHub's archives put every file under one `owner-repo-sha/` folder. */
function stripArchiveFolder(name: string): string {
  const slash = name.indexOf('/');
  return slash === -1 ? '' : name.slice(slash + 1);
}
