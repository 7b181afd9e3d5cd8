import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import tar from 'tar-stream';
import { readTarball } from '../../src/adapters/github/read-tarball.js';

async function archive(entries: Array<{ name: string; data?: string | Buffer; type?: 'file' | 'directory' | 'symlink' }>): Promise<Buffer> {
  const pack = tar.pack();
  for (const entry of entries) {
    if (entry.type === 'directory') pack.entry({ name: entry.name, type: 'directory' });
    else if (entry.type === 'symlink') pack.entry({ name: entry.name, type: 'symlink', linkname: 'target' });
    else pack.entry({ name: entry.name }, entry.data ?? '');
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

describe('readTarball', () => {
  it('strips GitHub\'s top folder, keeps text files, lists binaries and large files without reading them', async () => {
    const gz = await archive([
      { name: 'o-r-abc1234/', type: 'directory' },
      { name: 'o-r-abc1234/src/app.ts', data: 'export {};\n' },
      { name: 'o-r-abc1234/logo.png', data: Buffer.from([0x89, 0x50, 0x00, 0x01]) },
      { name: 'o-r-abc1234/big.json', data: 'x'.repeat(300) },
      { name: 'o-r-abc1234/link', type: 'symlink' },
    ]);
    const result = await readTarball(Readable.from([gz]), { maxBytes: 10_000, maxFileBytes: 100 });
    expect(result.kind).toBe('read');
    if (result.kind !== 'read') return;
    expect(result.contents.paths).toEqual(['src/app.ts', 'logo.png', 'big.json']);
    expect([...result.contents.files]).toEqual([['src/app.ts', 'export {};\n']]);
    expect(result.contents.tooLarge).toBe(1);
  });

  it('stops as soon as the files pass the ceiling', async () => {
    const gz = await archive(Array.from({ length: 20 }, (_, index) => ({ name: `o-r-abc/f${index}.txt`, data: 'y'.repeat(100) })));
    expect(await readTarball(Readable.from([gz]), { maxBytes: 450 })).toEqual({ kind: 'too-large', bytesSeen: 500 });
  });

  it('reports a broken archive as an error', async () => {
    await expect(readTarball(Readable.from([Buffer.from('not gzip at all')]), { maxBytes: 1000 })).rejects.toThrow('the repository archive could not be read');
  });
});
