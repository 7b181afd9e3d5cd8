import { parseArgs } from 'node:util';
import { ConfigError } from '../core/config/parse-config.js';
import { DiffParseError } from '../core/diff/parse-unified-diff.js';
import { GitError } from '../adapters/git/git.js';
import { runReviewCommand } from './review-command.js';
import { runRoutesCommand } from './routes-command.js';
import { MAIN_HELP, REVIEW_HELP, ROUTES_HELP, UsageError, WORKER_HELP } from './usage.js';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

const FORMATS = { review: ['text', 'json', 'sarif', 'markdown'], routes: ['text', 'json'] } as const;

/** Runs the command line and returns the exit status; never calls process.exit itself. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case 'review': {
        const { values } = parseArgs({
          args: rest,
          options: {
            repo: { type: 'string' }, base: { type: 'string' }, head: { type: 'string' }, format: { type: 'string', default: 'text' },
            offline: { type: 'boolean', default: false }, config: { type: 'string' }, help: { type: 'boolean', short: 'h' },
          },
          strict: true, allowPositionals: false,
        });
        if (values.help) return help(io, REVIEW_HELP);
        const format = checkFormat(values.format, FORMATS.review);
        return await runReviewCommand({ repo: values.repo ?? io.cwd, base: values.base, head: values.head, format, offline: values.offline, configFile: values.config }, io);
      }
      case 'routes': {
        const { values } = parseArgs({
          args: rest,
          options: { repo: { type: 'string' }, ref: { type: 'string' }, format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' } },
          strict: true, allowPositionals: false,
        });
        if (values.help) return help(io, ROUTES_HELP);
        const format = checkFormat(values.format, FORMATS.routes);
        return await runRoutesCommand({ repo: values.repo ?? io.cwd, ref: values.ref ?? 'HEAD', format }, io);
      }
      case 'worker': {
        if (rest.includes('--help') || rest.includes('-h')) return help(io, WORKER_HELP);
        const { runWorkerProcess } = await import('./worker-command.js');
        await runWorkerProcess(io.env);
        return 0;
      }
      case 'help':
      case '--help':
      case '-h':
        return help(io, rest[0] === 'review' ? REVIEW_HELP : rest[0] === 'routes' ? ROUTES_HELP : rest[0] === 'worker' ? WORKER_HELP : MAIN_HELP);
      case undefined:
        io.stderr(MAIN_HELP);
        return 2;
      default:
        throw new UsageError(`unknown command '${command}' (try 'backend-expert help')`);
    }
  } catch (error) {
    return reportError(error, io);
  }
}

function help(io: CliIO, text: string): number {
  io.stdout(text);
  return 0;
}

function checkFormat<T extends string>(value: string | undefined, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw new UsageError(`--format must be one of ${allowed.join(', ')} (got '${value}')`);
  return value as T;
}

/** Errors are translated once, here: one line on stderr and exit status 2. */
function reportError(error: unknown, io: CliIO): number {
  const known = error instanceof UsageError || error instanceof GitError || error instanceof ConfigError || error instanceof DiffParseError;
  // Checked by code, not class: node:util's errors come from another realm under some runners.
  const parseArgsError = typeof error === 'object' && error !== null && 'code' in error && String((error as { code: unknown }).code).startsWith('ERR_PARSE_ARGS');
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  io.stderr(`backend-expert: ${known || parseArgsError ? '' : 'internal error: '}${message}\n`);
  return 2;
}
