import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { RERUN_EVENTS } from '../../src/app/handlers/check-rerun.js';
import { PULL_REQUEST_EVENTS } from '../../src/app/handlers/pull-request.js';

const manifest = parse(readFileSync(new URL('../../app.yml', import.meta.url), 'utf8')) as { default_events: string[]; default_permissions: Record<string, string> };

describe('app.yml', () => {
  it('subscribes to exactly the events the app handles', () => {
    const handled = new Set([...PULL_REQUEST_EVENTS, ...RERUN_EVENTS, 'issue_comment.created'].map((event) => event.split('.')[0]));
    expect([...manifest.default_events].sort()).toEqual([...handled].sort());
  });

  it('asks for the least privilege the app needs', () => {
    expect(manifest.default_permissions).toEqual({ checks: 'write', contents: 'read', issues: 'write', metadata: 'read', pull_requests: 'write' });
  });
});
