import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../src/core/change-source.js';
import { parseUnifiedDiff } from '../../src/core/diff/parse-unified-diff.js';
import { renderHunks } from '../../src/core/agent/render-hunks.js';
import { resolveImport, selectContext } from '../../src/core/agent/select-context.js';
import { ARTICLE_ROUTE_CHANGES, loadFixturePr } from './helpers.js';

async function fixtureContext(budgetTokens: number) {
  const fixture = await loadFixturePr('articles-pr');
  const files = parseUnifiedDiff(fixture.diffText).filter((file) => file.path.startsWith('src/'));
  const rendered = renderHunks(fixture.diffText, files, new Map());
  const shownLines = new Map(files.map((file) => [file.path, rendered.get(file.path)!.shownLines] as const));
  return selectContext({ files, routeChanges: ARTICLE_ROUTE_CHANGES, headTree: fixture.head, shownLines, budgetTokens });
}

const spans = (items: ReadonlyArray<{ path: string; startLine: number; endLine: number; reason: string }>) => items.map((item) => `${item.path}:${item.startLine}-${item.endLine} ${item.reason}`);

describe('selectContext', () => {
  it('adds the middleware and the functions the change calls, not what the hunks already show', async () => {
    const context = await fixtureContext(5_000);
    expect(spans(context.chosen)).toEqual([
      'src/middleware/auth.ts:11-25 middleware authenticate of POST /api/articles/{slug}/publish',
      'src/db.ts:7-10 query, called by the changed code',
      'src/services/article-service.ts:18-21 findBySlug, called by the changed code',
    ]);
    expect(context.omitted).toEqual([]);
    expect(context.blocks.map((block) => block.split('\n')[0])).toEqual([
      '### src/db.ts — query, called by the changed code',
      '### src/middleware/auth.ts — middleware authenticate of POST /api/articles/{slug}/publish',
      '### src/services/article-service.ts — findBySlug, called by the changed code',
    ]);
  });

  it('leaves out what does not fit the budget and fills the rest with what does', async () => {
    const context = await fixtureContext(260);
    expect(spans(context.omitted)).toEqual(['src/middleware/auth.ts:11-25 middleware authenticate of POST /api/articles/{slug}/publish']);
    expect(spans(context.chosen)).toEqual(['src/db.ts:7-10 query, called by the changed code', 'src/services/article-service.ts:18-21 findBySlug, called by the changed code']);
    expect(context.tokens).toBeLessThanOrEqual(260);
  });

  it('finds a Python handler\'s service through a relative import, and a Go function in its package', async () => {
    const tree = new MemoryTree('h', {
      'app/api/orders.py': 'from ..services.orders import place_order\n\n\n@router.post("/orders")\ndef create(body):\n    order = place_order(body)\n    return order\n',
      'app/services/orders.py': 'import requests\n\n\ndef place_order(body):\n    return requests.post("http://pay/charge", json=body)\n',
      'internal/orders/handler.go': 'package orders\n\nfunc (h *Handler) Create(w http.ResponseWriter, r *http.Request) {\n\tid := h.store.Insert(r.Context())\n\twriteJSON(w, id)\n}\n',
      'internal/orders/json.go': 'package orders\n\nfunc writeJSON(w http.ResponseWriter, v any) {\n\tjson.NewEncoder(w).Encode(v)\n}\n',
    });
    const diff = parseUnifiedDiff(
      [
        'diff --git a/app/api/orders.py b/app/api/orders.py\n--- a/app/api/orders.py\n+++ b/app/api/orders.py\n@@ -6 +6 @@ def create(body):\n-    order = old(body)\n+    order = place_order(body)\n',
        'diff --git a/internal/orders/handler.go b/internal/orders/handler.go\n--- a/internal/orders/handler.go\n+++ b/internal/orders/handler.go\n@@ -5 +5 @@\n-\tw.Write(nil)\n+\twriteJSON(w, id)\n',
      ].join(''),
    );
    const context = await selectContext({ files: diff, routeChanges: [], headTree: tree, shownLines: new Map(diff.map((file) => [file.path, new Set([file.hunks[0]!.newStart])])), budgetTokens: 2_000 });
    expect(spans(context.chosen)).toEqual([
      'app/api/orders.py:5-7 function around the change',
      'internal/orders/handler.go:3-6 function around the change',
      'app/services/orders.py:4-5 place_order, called by the changed code',
      'internal/orders/json.go:3-5 writeJSON, called by the changed code',
    ]);
  });
});

describe('resolveImport', () => {
  const paths = new Set(['src/services/a.ts', 'src/lib/index.ts', 'app/models/user.py', 'app/models/__init__.py', 'src/main/java/com/acme/svc/ArticleService.java', 'src/main/java/com/acme/util/Strings.java', 'internal/svc/a.go', 'internal/svc/a_test.go']);
  it.each([
    ['./services/a.js', 'src/app.ts', 'js', ['src/services/a.ts']],
    ['../lib', 'src/routes/x.ts', 'js', ['src/lib/index.ts']],
    ['@/services/a', 'src/routes/x.ts', 'js', ['src/services/a.ts']],
    ['express', 'src/app.ts', 'js', []],
    ['..models.user', 'app/api/v1.py', 'python', ['app/models/user.py']],
    ['app.models', 'app/api/v1.py', 'python', ['app/models/__init__.py']],
    ['com.acme.svc.ArticleService', 'src/main/java/com/acme/web/C.java', 'java', ['src/main/java/com/acme/svc/ArticleService.java']],
    ['com.acme.util.*', 'src/main/java/com/acme/web/C.java', 'java', ['src/main/java/com/acme/util/Strings.java']],
    ['github.com/acme/shop/internal/svc', 'cmd/main.go', 'go', ['internal/svc/a.go']],
  ] as const)('%s from %s', (spec, from, family, expected) => {
    expect(resolveImport(spec, { path: from, family }, paths)).toEqual(expected);
  });
});
