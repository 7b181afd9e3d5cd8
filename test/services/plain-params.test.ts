import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isParsed, parseSource } from '../../src/core/source/language.js';
import { paramsOfList, plainParams } from '../../src/core/services/read-js-facts.js';
import { syntheticTypeScriptService } from '../../bench/synthetic-service.js';

describe('plainParams (a parameter list read from its own text)', () => {
  it.each([
    ['()', []],
    ['(id: string, ownerId: string)', [{ name: 'id', type: 'string' }, { name: 'ownerId', type: 'string' }]],
    ['(options?: ListOptions)', [{ name: 'options', type: 'ListOptions' }]],
    ['(req, res, next)', [{ name: 'req' }, { name: 'res' }, { name: 'next' }]],
    ['(repo: Repository<User>, cache: Map<string, number[]>)', [{ name: 'repo', type: 'Repository<User>' }, { name: 'cache', type: 'Map<string, number[]>' }]],
    ['(this: Window, kind: "a" | "b")', undefined],
    ['(\n  a: A | null,\n  b: ns.B,\n)', [{ name: 'a', type: 'A | null' }, { name: 'b', type: 'ns.B' }]],
    ['(this: Window, x: number)', [{ name: '', type: 'Window' }, { name: 'x', type: 'number' }]],
  ] as const)('%s', (text, expected) => {
    expect(plainParams(text)).toEqual(expected);
  });

  it.each([
    '(a = 1)', '({ id }: Params)', '([a, b]: Pair)', '(...args: unknown[])', '(/* note */ a: string)',
    '(private readonly repo: Repo)', '(cb: () => void)', '(input: { name: string })', '(@Body() body: Dto)', '(a: T extends U ? X : Y)',
  ])('leaves %s to the tree', (text) => {
    expect(plainParams(text)).toBeUndefined();
  });

  it('reads every plain list of real code exactly as the tree does', () => {
    const files: Array<[string, string]> = [...Object.entries(syntheticTypeScriptService(3)), ...sourcesUnder('src'), ...sourcesUnder('test/fixtures')];
    let compared = 0;
    for (const [path, text] of files) {
      const parsed = parseSource(path, text);
      if (!isParsed(parsed)) continue;
      for (const list of parsed.root.findAll({ rule: { kind: 'formal_parameters' } })) {
        const plain = plainParams(list.text());
        if (plain === undefined) continue;
        expect({ path, list: list.text(), params: plain }).toEqual({ path, list: list.text(), params: paramsOfList(list, parsed.language !== 'javascript').params });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});

function sourcesUnder(dir: string): Array<[string, string]> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => /\.(ts|js|mjs|tsx)$/.test(path) && !path.endsWith('.d.ts'))
    .map((path) => [join(dir, path), readFileSync(join(dir, path), 'utf8')]);
}
