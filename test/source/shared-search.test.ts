import { describe, expect, it } from '@jest/globals';
import type { SgNode } from '@ast-grep/napi';
import { parseSnippet, parseSource, isParsed, type ParsedFile } from '../../src/core/source/language.js';
import { announceKinds, nodesOfKinds } from '../../src/core/source/shared-search.js';
import { statementText, topLevelStatements, exportedDeclaration } from '../../src/core/source/top-level.js';
import { analyseParsedFile, type FileAnalyser } from '../../src/core/analysis/file-analyser.js';
import { createAnalyser } from '../../src/core/analysis/analysers.js';
import { defaultConfig } from '../../src/core/config/schema.js';
import { syntheticMonorepo } from '../../bench/synthetic-service.js';

const CODE = `import { Router } from 'express';
export const router = Router();
router.get('/orders', async (req, res) => {
  const rows = await db.query('SELECT * FROM orders');
  res.json(rows.map((row) => toDto(row)));
});
export default function toDto(row: { id: string }) {
  return { id: row.id, label: \`order \${row.id}\` };
}
`;

/** Counts the walks of one tree (each `findAll` on its root). */
function countingWalks(root: SgNode): { walks: () => number; direct: (kind: string) => string[] } {
  const original = root.findAll.bind(root);
  let walks = 0;
  Object.defineProperty(root, 'findAll', { value: (...args: Parameters<SgNode['findAll']>) => (walks++, original(...args)) });
  return { walks: () => walks, direct: (kind) => original({ rule: { kind } }).map((node) => node.text()) };
}

describe('nodesOfKinds', () => {
  it('fetches every announced kind in one walk and hands each asker the nodes of its kinds, in document order', () => {
    const { root } = parseSnippet('typescript', CODE);
    const counter = countingWalks(root);
    // Two analysers announce their kinds before either asks.
    announceKinds(root, ['call_expression', 'arrow_function', 'function_declaration']);
    announceKinds(root, ['string', 'call_expression']);
    const calls = nodesOfKinds(root, ['call_expression']);
    const functions = nodesOfKinds(root, ['arrow_function', 'function_declaration']);
    const strings = nodesOfKinds(root, ['string']);
    expect(counter.walks()).toBe(1);
    expect(calls.nodes.map((node) => node.text())).toEqual(counter.direct('call_expression'));
    expect(calls.kinds).toEqual(calls.nodes.map(() => 'call_expression'));
    expect(functions.kinds).toEqual(['arrow_function', 'arrow_function', 'function_declaration']);
    expect(strings.nodes.map((node) => node.text())).toEqual(["'express'", "'/orders'", "'SELECT * FROM orders'"]);
  });

  it('walks again for a kind no earlier walk fetched, taking the kinds announced since along', () => {
    const { root } = parseSnippet('typescript', CODE);
    const counter = countingWalks(root);
    expect(nodesOfKinds(root, ['call_expression']).nodes).toHaveLength(6);
    announceKinds(root, ['template_string', 'call_expression']);
    expect(nodesOfKinds(root, ['string']).nodes).toHaveLength(3);
    expect(nodesOfKinds(root, ['template_string']).nodes.map((node) => node.text())).toEqual(['`order ${row.id}`']);
    expect(counter.walks()).toBe(2);
    expect(nodesOfKinds(root, [])).toEqual({ nodes: [], kinds: [] });
  });
});

describe('topLevelStatements', () => {
  it('reads the root children once per tree, with their kinds, texts and exported declarations', () => {
    const { root } = parseSnippet('typescript', CODE);
    const statements = topLevelStatements(root);
    expect(topLevelStatements(root)).toBe(statements);
    expect(statements.map((statement) => statement.kind)).toEqual(['import_statement', 'export_statement', 'expression_statement', 'export_statement']);
    expect(statementText(statements[0]!)).toBe("import { Router } from 'express';");
    expect(exportedDeclaration(statements[1]!)?.kind).toBe('lexical_declaration');
    expect(exportedDeclaration(statements[3]!)?.kind).toBe('function_declaration');
    expect(exportedDeclaration(statements[0]!)).toBeNull();
  });
});

describe('analysers prepared together', () => {
  const changedLines = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([path, text]) => [path, text.split('\n').map((_, i) => i + 1)]));

  it('give exactly what each gives alone on a fresh tree (the shared walk changes no output)', () => {
    const files = syntheticMonorepo(120);
    const spec = { kind: 'rules' as const, settings: defaultConfig().rules, changedLines: changedLines(files) };
    const together: FileAnalyser[] = [createAnalyser({ kind: 'routes' }), createAnalyser({ kind: 'services' }), createAnalyser(spec)];
    const alone: FileAnalyser[] = [createAnalyser({ kind: 'routes' }), createAnalyser({ kind: 'services' }), createAnalyser(spec)];
    let compared = 0;
    for (const [path, text] of Object.entries(files)) {
      const parse = (): ParsedFile | undefined => {
        const parsed = parseSource(path, text);
        return isParsed(parsed) ? parsed : undefined;
      };
      const file = parse();
      if (!file) continue;
      const prepared = analyseParsedFile(together, file, 60_000).outputs;
      const separate = alone.map((analyser) => analyser.file!(parse()!));
      expect(prepared).toEqual(separate);
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
  });
});
