import { afterEach, describe, expect, it } from '@jest/globals';
import { GitHubChangeSource, synthesizeDiff } from '../../src/adapters/github/github-change-source.js';
import { parseUnifiedDiff } from '../../src/core/diff/parse-unified-diff.js';
import { contractViolations } from './helpers/openapi-contract.js';
import { Scenario } from './helpers/scenario.js';
import { testOctokit } from './helpers/test-octokit.js';

let scenario: Scenario;
afterEach(() => {
  expect(scenario.fake.unhandled).toEqual([]);
  expect(contractViolations(scenario.fake.requests)).toEqual([]);
  scenario.cleanup();
});

const BASE = {
  'src/app.ts': 'export const a = 1;\nexport const b = 2;\n',
  'src/old-name.ts': 'export const moved = true;\n',
  'docs/readme.md': '# Readme\n',
  'assets/logo.png': '\u0089PNG\u0000\u0001binary',
};
const HEAD = {
  'src/app.ts': 'export const a = 1;\nexport const b = 3;\nexport const c = 4;\n',
  'src/old-name.ts': null,
  'src/new-name.ts': 'export const moved = true;\n',
  'docs/readme.md': null,
  'src/added.ts': 'export const added = 1;\n',
  'assets/logo.png': '\u0089PNG\u0000\u0002binary2',
};

function source(maxTreeBytes = 10_000_000): GitHubChangeSource {
  const mergeBase = scenario.git.mergeBase(scenario.base, scenario.head);
  return new GitHubChangeSource(testOctokit(), { owner: 'Codertocat', repo: 'Hello-World', pullNumber: 1, base: mergeBase, head: scenario.head, maxTreeBytes });
}

describe('GitHubChangeSource', () => {
  it('reads the diff with the diff media type, once', async () => {
    scenario = new Scenario({ base: BASE, head: HEAD });
    const change = source();
    const text = await change.diff();
    await change.diff();
    expect(text).toBe(scenario.git.diff(scenario.base, scenario.head));
    expect(scenario.fake.calls()).toEqual(['GET /repos/Codertocat/Hello-World/pulls/1']);
    expect(scenario.fake.requests[0]!.headers.accept).toBe('application/vnd.github.v3.diff');
  });

  it.each([406, 422])('falls back to the paginated file list when the diff media type answers %i', async (status) => {
    scenario = new Scenario({ base: BASE, head: HEAD });
    scenario.fake.override('GET', /\/pulls\/1$/, () => [status, { message: status === 406 ? 'Sorry, the diff exceeded the maximum number of files (300).' : 'Server Error: Sorry, this diff is taking too long to generate.' }]);
    const change = source();
    const files = parseUnifiedDiff(await change.diff());
    const expected = parseUnifiedDiff(scenario.git.diff(scenario.base, scenario.head));
    // Same files, statuses, hunks and line numbers as the real diff.
    expect(files.map(({ path, oldPath, status: kind, binary, hunks }) => ({ path, oldPath, kind, binary, hunks }))).toEqual(
      expected.map(({ path, oldPath, status: kind, binary, hunks }) => ({ path, oldPath, kind, binary, hunks })),
    );
    expect(scenario.fake.calls()).toEqual(['GET /repos/Codertocat/Hello-World/pulls/1', 'GET /repos/Codertocat/Hello-World/pulls/1/files']);
    expect(scenario.fake.apiRequests()[1]!.query).toEqual({ per_page: '100' });
    const head = await change.tree('head');
    expect(head.notes?.()).toEqual([
      "GitHub could not produce this pull request's diff in one piece (too large); it was read file by file.",
      'GitHub sent no patch (binary or too large) for 1 file(s), not reviewed line by line: `assets/logo.png`.',
    ]);
  });

  it('follows every page of the file list', async () => {
    const many = Object.fromEntries(Array.from({ length: 130 }, (_, index) => [`src/f${index}.ts`, `export const v${index} = ${index};\n`]));
    scenario = new Scenario({ base: { 'src/keep.ts': 'x\n' }, head: many });
    scenario.fake.override('GET', /\/pulls\/1$/, () => [406, { message: 'too large' }]);
    const files = parseUnifiedDiff(await source().diff());
    expect(files.length).toBe(130);
    expect(scenario.fake.calls()).toEqual([
      'GET /repos/Codertocat/Hello-World/pulls/1',
      'GET /repos/Codertocat/Hello-World/pulls/1/files',
      'GET /repos/Codertocat/Hello-World/pulls/1/files',
    ]);
  });

  it('reads each side from one tarball: every path, text files only', async () => {
    scenario = new Scenario({ base: BASE, head: HEAD });
    const change = source();
    const head = await change.tree('head');
    expect([...(await head.paths())].sort()).toEqual(['assets/logo.png', 'src/added.ts', 'src/app.ts', 'src/new-name.ts']);
    expect(await head.read('src/app.ts')).toBe(HEAD['src/app.ts']);
    expect(await head.read('assets/logo.png')).toBeUndefined();
    const base = await change.tree('base');
    expect(await base.read('docs/readme.md')).toBe('# Readme\n');
    await change.tree('head');
    expect(scenario.fake.calls()).toEqual([`GET /repos/Codertocat/Hello-World/tarball/${scenario.head}`, `GET /repos/Codertocat/Hello-World/tarball/${scenario.base}`]);
    expect(scenario.fake.requests.filter((request) => request.host === 'codeload.github.com').length).toBe(2);
  });

  it('above tree.max_bytes reads only the files the diff touches, and says so', async () => {
    scenario = new Scenario({ base: { ...BASE, 'big/data.txt': 'x'.repeat(5000) }, head: HEAD });
    const change = source(1000);
    const head = await change.tree('head');
    expect([...(await head.paths())]).toEqual(['assets/logo.png', 'src/added.ts', 'src/app.ts', 'src/new-name.ts']);
    expect(await head.read('src/app.ts')).toBe(HEAD['src/app.ts']);
    expect(await head.read('big/data.txt')).toBeUndefined();
    expect(head.notes?.()).toEqual([
      `The repository archive at \`${scenario.head.slice(0, 7)}\` is larger than \`tree.max_bytes\` (1000 bytes): only the 4 file(s) this pull request touches were read at that commit, so routes declared elsewhere may be missing.`,
    ]);
    const base = await change.tree('base');
    expect(await base.read('src/old-name.ts')).toBe('export const moved = true;\n');
    expect(scenario.fake.calls()).toEqual([
      `GET /repos/Codertocat/Hello-World/tarball/${scenario.head}`,
      'GET /repos/Codertocat/Hello-World/pulls/1',
      'GET /repos/Codertocat/Hello-World/contents/src/app.ts',
      `GET /repos/Codertocat/Hello-World/tarball/${scenario.base}`,
      'GET /repos/Codertocat/Hello-World/contents/src/old-name.ts',
    ]);
    expect(scenario.fake.apiRequests()[2]!.query).toEqual({ ref: scenario.head });
  });

  it('finds the merge base through the compare API without listing files from it', async () => {
    scenario = new Scenario({ base: BASE, head: HEAD });
    scenario.git.checkout('main');
    const movedBase = scenario.git.commit({ 'src/main-only.ts': 'export {};\n' }, 'main moves on');
    const mergeBase = await GitHubChangeSource.mergeBase(testOctokit(), { owner: 'Codertocat', repo: 'Hello-World', pullNumber: 1, baseSha: movedBase, headSha: scenario.head });
    expect(mergeBase).toBe(scenario.base);
    expect(scenario.fake.apiRequests()[0]!.query).toEqual({ per_page: '1' });
  });
});

describe('synthesizeDiff', () => {
  it('writes pure renames without hunks and files without a patch as binary', () => {
    const { text, withoutPatch } = synthesizeDiff([
      { filename: 'b.ts', previous_filename: 'a.ts', status: 'renamed', changes: 0 },
      { filename: 'big.json', status: 'modified', changes: 90000 },
      { filename: 'gone.bin', status: 'removed', changes: 1 },
    ]);
    expect(parseUnifiedDiff(text)).toEqual([
      { path: 'b.ts', oldPath: 'a.ts', status: 'renamed', binary: false, hunks: [], additions: 0, deletions: 0 },
      { path: 'big.json', status: 'modified', binary: true, hunks: [], additions: 0, deletions: 0 },
      { path: 'gone.bin', status: 'deleted', binary: true, hunks: [], additions: 0, deletions: 0 },
    ]);
    expect(withoutPatch).toEqual(['big.json']);
  });
});
