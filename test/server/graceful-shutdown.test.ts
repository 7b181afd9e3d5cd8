import { afterEach, describe, expect, it } from '@jest/globals';
import { EventEmitter } from 'node:events';
import { installGracefulShutdown, type GracefulShutdown, type ShutdownStep } from '../../src/server/graceful-shutdown.js';

const installed: GracefulShutdown[] = [];
afterEach(() => {
  for (const shutdown of installed.splice(0)) shutdown.dispose();
});

function setUp(steps: ShutdownStep[], deadlineMs = 1_000): { signals: EventEmitter; exits: number[]; exited: Promise<number>; shutdown: GracefulShutdown } {
  const signals = new EventEmitter();
  const exits: number[] = [];
  let onExit: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => {
    onExit = resolve;
  });
  const shutdown = installGracefulShutdown({
    steps,
    deadlineMs,
    signalSource: signals as unknown as Pick<NodeJS.Process, 'on' | 'off'>,
    exit: (code) => {
      exits.push(code);
      onExit(code);
    },
  });
  installed.push(shutdown);
  return { signals, exits, exited, shutdown };
}

describe('installGracefulShutdown', () => {
  it.each(['SIGTERM', 'SIGINT'])('on %s runs the steps in order within the deadline and exits 0', async (signal) => {
    const order: string[] = [];
    const remaining: number[] = [];
    const step = (name: string, ms: number): ShutdownStep => ({
      name,
      run: async (remainingMs) => {
        order.push(name);
        remaining.push(remainingMs);
        await new Promise((resolve) => setTimeout(resolve, ms));
      },
    });
    const { signals, exited, shutdown } = setUp([step('stop http', 10), step('close queue', 50), step('flush telemetry', 0)]);
    expect(await shutdown.readinessCheck.check()).toBe(true);
    signals.emit(signal, signal);
    expect(shutdown.isShuttingDown()).toBe(true);
    expect(await shutdown.readinessCheck.check()).toBe(false);
    expect(await exited).toBe(0);
    expect(order).toEqual(['stop http', 'close queue', 'flush telemetry']);
    // Each step is told how much of the one deadline is left.
    expect(remaining[0]).toBeLessThanOrEqual(1_000);
    // Timers may fire a millisecond early: allow some slack.
    expect(remaining[1]).toBeLessThanOrEqual(remaining[0]! - 5);
    expect(remaining[2]).toBeLessThanOrEqual(remaining[0]! - 50);
  });

  it('runs the remaining steps after a failed one and exits 1', async () => {
    const order: string[] = [];
    const { exited, shutdown } = setUp([
      {
        name: 'queue',
        run: async () => {
          order.push('queue');
          throw new Error('Redis went away');
        },
      },
      { name: 'telemetry', run: async () => void order.push('telemetry') },
    ]);
    void shutdown.shutdown('test');
    expect(await exited).toBe(1);
    expect(order).toEqual(['queue', 'telemetry']);
  });

  it('exits 1 at the deadline when a step hangs, skipping the rest', async () => {
    const order: string[] = [];
    const { exited, shutdown } = setUp(
      [
        { name: 'stuck', run: () => new Promise<void>(() => void order.push('stuck')) },
        { name: 'after', run: async () => void order.push('after') },
      ],
      100,
    );
    const started = Date.now();
    void shutdown.shutdown('test');
    expect(await exited).toBe(1);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(order).toEqual(['stuck']);
  });

  it('runs the steps once when signalled twice, and exits at once on the second signal', async () => {
    let runs = 0;
    const release: Array<() => void> = [];
    const { signals, exits, exited } = setUp([
      {
        name: 'slow',
        run: () => {
          runs += 1;
          return new Promise<void>((resolve) => release.push(resolve));
        },
      },
    ]);
    signals.emit('SIGTERM', 'SIGTERM');
    signals.emit('SIGINT', 'SIGINT');
    expect(exits).toEqual([1]);
    release.forEach((resolve) => resolve());
    await exited;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(runs).toBe(1);
    expect(exits).toEqual([1, 0]);
  });

  it('stops listening once disposed', () => {
    const { signals, shutdown } = setUp([]);
    shutdown.dispose();
    expect([signals.listenerCount('SIGTERM'), signals.listenerCount('SIGINT')]).toEqual([0, 0]);
  });
});
