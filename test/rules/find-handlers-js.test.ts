import { describe, expect, it } from '@jest/globals';
import { languageFamily, parseSnippet } from '../../src/core/source/language.js';
import { FileFacts } from '../../src/core/rules/support/file-facts.js';
import { findHandlers } from '../../src/core/rules/support/find-handlers.js';

/** Each handler's name, method, request names and lines, in the order found. */
function handlersOf(code: string): Array<{ name?: string; method?: string; requestNames: string[]; lines: [number, number] }> {
  const file = new FileFacts(parseSnippet('typescript', code, 'app/api/posts/[id]/route.ts'), languageFamily('typescript'));
  file.plan(['formal_parameters']);
  return findHandlers(file).map((h) => ({ name: h.name, ...(h.method ? { method: h.method } : {}), requestNames: h.requestNames, lines: [h.startLine, h.endLine] }));
}

describe('findHandlers (Next.js route handlers)', () => {
  it('finds every exported method handler once, whatever its request parameter is called', () => {
    const code = [
      "import { NextResponse, type NextRequest } from 'next/server';",
      '',
      'export async function GET(request: NextRequest) {',
      '  return NextResponse.json({});',
      '}',
      '',
      'export async function DELETE(_request: NextRequest, { params }: { params: { id: string } }) {',
      '  return new NextResponse(null, { status: 204 });',
      '}',
      '',
      'export function HEAD() {',
      '  return new NextResponse(null);',
      '}',
      '',
      'function helper(request: NextRequest) {',
      '  return request.url;',
      '}',
    ].join('\n');
    expect(handlersOf(code)).toEqual([
      { name: 'GET', method: 'GET', requestNames: ['request'], lines: [3, 5] },
      { name: 'DELETE', method: 'DELETE', requestNames: ['_request'], lines: [7, 9] },
    ]);
  });
});
