import { it } from '@jest/globals';
import { MemoryTree } from '../../../../src/core/change-source.js';
import { scanTree } from '../../../../src/core/analysis/scan-tree.js';
import { RouteCollector } from '../../../../src/core/routes/build-route-map.js';
import { GO_EXTRACTORS } from '../../../../src/core/routes/extractors/go/index.js';

function handlerFile(pkg: string, n: number): string {
  let s = `package ${pkg}\n\nimport (\n\t"encoding/json"\n\t"net/http"\n\n\t"github.com/go-chi/chi/v5"\n)\n\ntype Handler${n} struct{ store Store; cache Cache }\n`;
  for (let i = 0; i < 20; i++) {
    s += `
func (h *Handler${n}) Get${i}(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	page := r.URL.Query().Get("page")
	if page == "" {
		http.Redirect(w, r, "/login", http.StatusFound)
	}
	if v, ok := h.cache.Get(r.Context(), "item:"+id); ok {
		w.Write([]byte(v))
		return
	}
	item, err := h.store.Find(r.Context(), id, page)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	for _, x := range item.Children {
		if x.Name == "" {
			continue
		}
		item.Count += len(x.Values) * 2
	}
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(map[string]interface{}{"item": item, "n": ${i}}); err != nil {
		h.log.Error("encode", "err", err)
	}
}
`;
  }
  return s;
}

function serviceFile(pkg: string, n: number): string {
  let s = `package ${pkg}\n\nimport (\n\t"context"\n\t"database/sql"\n\t"fmt"\n)\n\ntype Model${n} struct {\n\tID int64\n\tName string\n\tEmail string\n\tTags []string\n}\n\ntype Service${n} struct{ db *sql.DB }\n`;
  for (let i = 0; i < 20; i++) {
    s += `
func (s *Service${n}) Op${i}(ctx context.Context, id int64) (*Model${n}, error) {
	row := s.db.QueryRowContext(ctx, "SELECT id, name, email FROM t${n} WHERE id = $1", id)
	var m Model${n}
	if err := row.Scan(&m.ID, &m.Name, &m.Email); err != nil {
		return nil, fmt.Errorf("op${i}: %w", err)
	}
	for i := 0; i < len(m.Tags); i++ {
		m.Tags[i] = fmt.Sprintf("%s-%d", m.Tags[i], i)
	}
	return &m, nil
}
`;
  }
  return s;
}

it('bench', async () => {
  const files: Record<string, string> = { 'go.mod': 'module example.com/big\n' };
  let routesFile = `package routes\n\nimport (\n\t"github.com/go-chi/chi/v5"\n`;
  const N = 1000;
  for (let i = 0; i < N; i++) routesFile += `\t"example.com/big/internal/h${i}"\n`;
  routesFile += `)\n\nfunc Routes() chi.Router {\n\tr := chi.NewRouter()\n`;
  for (let i = 0; i < N; i++) {
    files[`internal/h${i}/handler.go`] = handlerFile(`h${i}`, i);
    files[`internal/s${i}/service.go`] = serviceFile(`s${i}`, i);
    routesFile += `\th${i}h := &h${i}.Handler${i}{}\n\tr.Route("/r${i}", func(r chi.Router) {\n\t\tr.Get("/a", h${i}h.Get0)\n\t\tr.Post("/b", h${i}h.Get1)\n\t})\n`;
  }
  routesFile += `\treturn r\n}\n`;
  files['internal/routes/routes.go'] = routesFile;
  const { parseSource, isParsed } = await import('../../../../src/core/source/language.js');
  const { collectGoFacts } = await import('../../../../src/core/routes/extractors/go/shared/collect-go-facts.js');
  const { GO_FRAMEWORKS } = await import('../../../../src/core/routes/extractors/go/index.js');
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  for (let round = 0; round < 3; round++) {
    let parse = 0; let collect = 0;
    const facts: Array<{ path: string; facts: unknown }> = [];
    for (const [p, t] of Object.entries(files)) {
      if (!p.endsWith('.go')) continue;
      const a = cpu();
      const file = parseSource(p, t);
      const b = cpu();
      if (!isParsed(file)) continue;
      facts.push({ path: p, facts: collectGoFacts(file, GO_FRAMEWORKS) });
      const c = cpu();
      parse += b - a; collect += c - b;
    }
    const a = cpu();
    const routes = GO_EXTRACTORS[0]!.link(facts as never, { paths: Object.keys(files), envDefaults: new Map() });
    const link = cpu() - a;
    process.stdout.write(`cpu: parse ${parse.toFixed(0)} ms, collect ${collect.toFixed(0)} ms, link ${link.toFixed(0)} ms, ratio ${((parse + collect + link) / parse).toFixed(2)}, routes ${routes.length}\n`);
  }
});
