import { it } from '@jest/globals';
import { parseSnippet } from '../../../../src/core/source/language.js';
import { collectGoFacts } from '../../../../src/core/routes/extractors/go/shared/collect-go-facts.js';
import { GO_FRAMEWORKS } from '../../../../src/core/routes/extractors/go/index.js';
import { stableHash } from '../../../../src/core/hash.js';

function handlerFile(n: number): string {
  let s = `package h\n\nimport (\n\t"encoding/json"\n\t"net/http"\n\n\t"github.com/go-chi/chi/v5"\n)\n\ntype Handler${n} struct{ store Store; cache Cache }\n`;
  for (let i = 0; i < 20; i++) s += `
func (h *Handler${n}) Get${i}(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	page := r.URL.Query().Get("page")
	if v, ok := h.cache.Get(r.Context(), "item:"+id); ok {
		w.Write([]byte(v))
		return
	}
	item, err := h.store.Find(r.Context(), id, page)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(map[string]interface{}{"item": item, "n": ${i}}); err != nil {
		h.log.Error("encode", "err", err)
	}
}
`;
  return s;
}

it('prof', () => {
  const text = handlerFile(1);
  const time = (label: string, fn: () => unknown, n = 50) => {
    fn();
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    process.stdout.write(`${label}: ${(Number(process.hrtime.bigint() - t) / n / 1e6).toFixed(3)} ms\n`);
  };
  time('parse', () => parseSnippet('go', text, 'a.go'));
  time('collect (parse+collect)', () => collectGoFacts(parseSnippet('go', text, 'a.go'), GO_FRAMEWORKS));
  const file = parseSnippet('go', text, 'a.go');
  time('children', () => file.root.children().map((c) => c.kind()));
  const rules = { any: [
    { kind: 'call_expression', has: { field: 'function', kind: 'selector_expression', has: { field: 'field', regex: '^(GET|POST|Handle|HandleFunc|Group|Route|Mount)$' } } },
  ] };
  time('findAll simple', () => file.root.findAll({ rule: rules as never }).length);
  time('findAll call_expr kind only', () => file.root.findAll({ rule: { kind: 'call_expression' } }).length);
  time('findAll generic path rule', () => file.root.findAll({ rule: { kind: 'call_expression', has: { field: 'arguments', has: { nthChild: { position: '-n+3' }, any: [{ kind: 'interpreted_string_literal' }, { kind: 'raw_string_literal' }], regex: '^["`](/|[A-Z]+ /)' } } } as never }).length);
  time('findAll qualified_type', () => file.root.findAll({ rule: { kind: 'qualified_type', all: [{ has: { field: 'package', regex: '^(http|chi)$' } }, { has: { field: 'name', regex: '^(Router|Mux)$' } }] } as never }).length);
  const fns = file.root.children().filter((c) => c.kind() === 'method_declaration');
  time('fn name+range', () => fns.map((f) => [f.field('name')?.text(), f.range()]));
  time('fn body text+hash', () => fns.map((f) => stableHash(f.field('body')!.text())));
  time('fn receiver', () => fns.map((f) => f.field('receiver')?.namedChildren()[0]?.field('type')?.text()));
  time('fn result', () => fns.map((f) => f.field('result')?.kind()));
});
