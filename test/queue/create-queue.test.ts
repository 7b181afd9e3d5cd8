import { afterEach, describe, expect, it } from '@jest/globals';
import { BullmqQueue } from '../../src/queue/bullmq-queue.js';
import { createQueue } from '../../src/queue/create-queue.js';
import { InProcessQueue } from '../../src/queue/in-process-queue.js';
import type { ReviewQueue } from '../../src/queue/types.js';

const created: ReviewQueue[] = [];
afterEach(async () => {
  await Promise.all(created.splice(0).map((queue) => queue.close(100)));
});

function make(env: NodeJS.ProcessEnv): ReviewQueue {
  const queue = createQueue(env);
  created.push(queue);
  return queue;
}

describe('createQueue', () => {
  it('is in-process without REDIS_URL', () => {
    expect(make({})).toBeInstanceOf(InProcessQueue);
    expect(make({ REDIS_URL: '  ' })).toBeInstanceOf(InProcessQueue);
  });

  it('is BullMQ with REDIS_URL, under the configured key prefix', () => {
    const queue = make({ REDIS_URL: 'redis://127.0.0.1:6379', BACKEND_EXPERT_QUEUE_PREFIX: 'be-test-create' });
    expect(queue).toBeInstanceOf(BullmqQueue);
    expect((queue as BullmqQueue).prefix).toBe('be-test-create');
  });

  it('rejects a malformed tuning variable with its name', () => {
    expect(() => createQueue({ BACKEND_EXPERT_CONCURRENCY: 'lots' })).toThrow('BACKEND_EXPERT_CONCURRENCY must be a positive integer (got "lots")');
    expect(() => createQueue({ BACKEND_EXPERT_INSTALLATION_CONCURRENCY: '0' })).toThrow('BACKEND_EXPERT_INSTALLATION_CONCURRENCY must be a positive integer (got "0")');
  });
});
