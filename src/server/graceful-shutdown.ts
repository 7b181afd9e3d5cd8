/**
 * SIGTERM/SIGINT handling (contract §4): stop taking work, finish or return in-flight work within a
 * deadline, close connections, exit 0. The steps are the caller's (stop the HTTP server, close the
 * queue, flush telemetry); this module runs them in order against one deadline and exits.
 *
 * Testable without exiting: inject `exit` and a `signals` emitter.
 */
import { settlesWithin } from '../queue/with-timeout.js';
import type { ReadinessCheck } from './ops-routes.js';

export interface ShutdownStep {
  name: string;
  /** Receives the milliseconds left before the deadline (e.g. to pass to `queue.close`). */
  run: (remainingMs: number) => Promise<void>;
}

export interface ShutdownLogger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export interface GracefulShutdownOptions {
  /** Run in order on the first signal. */
  steps: readonly ShutdownStep[];
  /** Everything must be done by then (default 25 s: inside Kubernetes' 30 s grace period). */
  deadlineMs?: number;
  /** Default `process.exit`. */
  exit?: (code: number) => void;
  /** Where signals come from (default `process`). */
  signalSource?: Pick<NodeJS.Process, 'on' | 'off'>;
  /** Default SIGTERM and SIGINT. */
  signals?: readonly NodeJS.Signals[];
  logger?: ShutdownLogger;
}

export interface GracefulShutdown {
  /** Runs the steps (once; later calls return the same promise) and exits. Resolves to the exit code. */
  shutdown(reason: string): Promise<number>;
  isShuttingDown(): boolean;
  /** Fails once shutdown has begun, so load balancers stop sending work at once. */
  readinessCheck: ReadinessCheck;
  /** Removes the signal listeners (tests). */
  dispose(): void;
}

/**
 * Installs the signal handlers. Exit code 0 when every step finished in time; 1 when a step threw or
 * the deadline passed (the remaining steps are skipped; jobs not returned explicitly go back to the
 * queue when their locks expire). A second signal while shutting down exits 1 at once.
 */
export function installGracefulShutdown(options: GracefulShutdownOptions): GracefulShutdown {
  const deadlineMs = options.deadlineMs ?? 25_000;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const source = options.signalSource ?? process;
  const signals = options.signals ?? (['SIGTERM', 'SIGINT'] as const);
  const logger = options.logger;
  let running: Promise<number> | undefined;

  const runSteps = async (reason: string): Promise<number> => {
    const deadline = Date.now() + deadlineMs;
    logger?.info({ reason, deadlineMs }, 'shutting down');
    let code = 0;
    for (const step of options.steps) {
      const remaining = deadline - Date.now();
      const outcome = step.run(Math.max(0, remaining)).then(
        () => undefined,
        (error: unknown) => error,
      );
      if (!(await settlesWithin(outcome, remaining))) {
        logger?.error({ step: step.name }, 'shutdown deadline passed');
        code = 1;
        break;
      }
      const error = await outcome;
      if (error !== undefined) {
        logger?.error({ step: step.name, err: error }, 'shutdown step failed');
        code = 1;
      }
    }
    logger?.info({ code }, 'shutdown complete');
    exit(code);
    return code;
  };

  const shutdown = (reason: string): Promise<number> => {
    running ??= runSteps(reason);
    return running;
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    if (running) {
      logger?.warn({ signal }, 'second signal during shutdown; exiting now');
      exit(1);
      return;
    }
    void shutdown(signal);
  };
  for (const signal of signals) source.on(signal, onSignal);

  return {
    shutdown,
    isShuttingDown: () => running !== undefined,
    readinessCheck: { name: 'shutdown', check: async () => running === undefined },
    dispose: () => {
      for (const signal of signals) source.off(signal, onSignal);
    },
  };
}
