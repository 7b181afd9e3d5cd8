import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('npm run demo', () => {
  it('reviews the bundled PR offline and prints the check run and the review as posted', () => {
    const out = execFileSync(process.execPath, ['dist/demo/run-demo.js'], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(out).toContain('CHECK RUN "Backend Expert" — conclusion: failure');
    expect(out).toContain('INLINE COMMENT src/routes/customers.ts:');
    for (const rule of ['injection/sql-string-built', 'secrets/hardcoded-credential', 'auth/missing-route-auth', 'pagination/unbounded-list']) expect(out).toContain(rule);
    // The planted Stripe key is never echoed.
    expect(out).not.toContain('sk_live_4eC39HqLyjWDarjtT1zdp7dc');
  });

  it('docs/demo-output.md is the demo\'s Markdown output (npm run docs)', () => {
    const out = execFileSync(process.execPath, ['dist/demo/run-demo.js', '--markdown'], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(out).toBe(readFileSync(`${ROOT}docs/demo-output.md`, 'utf8'));
  });
});
