import { describe, expect, it } from '@jest/globals';
import { sanitiseModelText, sanitiseModelTitle } from '../../src/core/agent/sanitise-model-text.js';

const Z = '\u200d';

describe('sanitiseModelText', () => {
  it.each([
    ['ping @alice and @org/team', `ping @${Z}alice and @${Z}org/team`],
    ['mail me at a@b.com', 'mail me at a@b.com'],
    ['see [docs](https://x.example/a) now', 'see docs (`https://x.example/a`) now'],
    ['![pixel](https://x.example/p.png)', 'pixel'],
    ['<https://x.example>', '`https://x.example`'],
    ['go to https://x.example/a?b=1.', 'go to `https://x.example/a?b=1`.'],
    ['www.x.example', '`www.x.example`'],
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)>'],
    ['<details><summary>x</summary></details>', '&lt;details>&lt;summary>x&lt;/summary>&lt;/details>'],
    ['fixes #12, see org/repo#3', `fixes #${Z}12, see org/repo#${Z}3`],
    ['`@Injectable()` and `https://x.example`', '`@Injectable()` and `https://x.example`'],
    ['```ts\n@Get()\nconst u = "https://x.example";\n```\n@bob', '```ts\n@Get()\nconst u = "https://x.example";\n```\n@' + Z + 'bob'],
    ['password = "hunter2hunter2"', 'password = "[REDACTED secret assignment]"'],
    ['```\nunclosed fence', '```\nunclosed fence\n```'],
    ['a > b && c < d', 'a > b && c < d'],
  ])('%j → %j', (input, expected) => {
    expect(sanitiseModelText(input, 1000)).toBe(expected);
  });

  it('caps the length without leaving a fence open', () => {
    const text = `intro\n\`\`\`\n${'x'.repeat(100)}\n\`\`\``;
    const capped = sanitiseModelText(text, 30);
    expect(capped).toBe(`intro\n\`\`\`\n${'x'.repeat(19)}…\n\`\`\``);
  });

  it('makes titles one line', () => {
    expect(sanitiseModelTitle('Missing\n  timeout @ops', 100)).toBe(`Missing timeout @${Z}ops`);
  });
});
