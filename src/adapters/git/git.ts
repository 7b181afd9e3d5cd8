import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** A git failure with git's own first line of stderr. */
export class GitError extends Error {
  override readonly name = 'GitError';
}

/** Runs git in `cwd` and returns stdout. Large outputs (diffs of big PRs) are allowed. */
export function git(cwd: string, args: readonly string[], options: { maxBuffer?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', [...args], { cwd, maxBuffer: options.maxBuffer ?? 512 * 1024 * 1024, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } }, (error, stdout, stderr) => {
      if (error) {
        const firstLine = String(stderr).split('\n').find((line) => line.trim()) ?? error.message;
        reject(new GitError(firstLine.replace(/^fatal:\s*/, '')));
      } else resolve(stdout);
    });
  });
}

interface PendingRead {
  resolve: (value: Buffer | undefined) => void;
  reject: (error: Error) => void;
}

/**
 * Reads blobs through one long-lived `git cat-file --batch` process: thousands of files without a
 * process per file.
 */
export class BlobReader {
  private process: ChildProcessWithoutNullStreams | undefined;
  private readonly pending: PendingRead[] = [];
  private buffer: Buffer = Buffer.alloc(0);

  constructor(private readonly cwd: string) {}

  /** The blob at `spec` (`<commit>:<path>`), or undefined when it does not exist. */
  read(spec: string): Promise<Buffer | undefined> {
    const child = this.ensureProcess();
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      child.stdin.write(`${spec}\n`);
    });
  }

  close(): void {
    this.process?.stdin.end();
    this.process = undefined;
  }

  private ensureProcess(): ChildProcessWithoutNullStreams {
    if (this.process) return this.process;
    const child = spawn('git', ['cat-file', '--batch'], { cwd: this.cwd });
    child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    child.on('error', (error) => this.failAll(error));
    child.on('exit', () => {
      if (this.process === child) this.process = undefined;
      this.failAll(new GitError('git cat-file exited'));
    });
    child.stdin.on('error', (error) => this.failAll(error));
    this.process = child;
    return child;
  }

  private drain(): void {
    for (;;) {
      const headerEnd = this.buffer.indexOf(10);
      if (headerEnd === -1) return;
      const header = this.buffer.subarray(0, headerEnd).toString('utf8');
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        this.buffer = this.buffer.subarray(headerEnd + 1);
        this.pending.shift()?.resolve(undefined);
        continue;
      }
      const size = Number(header.split(' ')[2]);
      if (this.buffer.length < headerEnd + 1 + size + 1) return;
      const body = Buffer.from(this.buffer.subarray(headerEnd + 1, headerEnd + 1 + size));
      this.buffer = this.buffer.subarray(headerEnd + 1 + size + 1);
      const kind = header.split(' ')[1];
      this.pending.shift()?.resolve(kind === 'blob' ? body : undefined);
    }
  }

  private failAll(error: Error): void {
    while (this.pending.length > 0) this.pending.shift()?.reject(error);
  }
}
