import { describe, expect, it } from '@jest/globals';
import { loadFixture, route, routesOf } from './go-route-helpers.js';

const gorilla = (r: Omit<Parameters<typeof route>[0], 'framework'>) => route({ ...r, framework: 'gorilla-mux' });

describe('gorilla/mux routes', () => {
  it('reads Methods, sub-routers passed to another package, method-restricted sub-routers, Path builders and mounts', async () => {
    const h = (name: string, line: number): [string, string, number, number] => [`handlers.${name}`, 'handlers/handlers.go', line, line];
    const logging = ['handlers.Logging'];
    const auth = ['handlers.Logging', 'handlers.Auth'];
    expect(await routesOf(loadFixture('gorilla-mux/shop'))).toEqual([
      gorilla({ method: 'ANY', path: '/', file: 'main.go', line: 14, handler: h('Home', 9), middleware: logging }),
      gorilla({ method: 'GET', path: '/api/users', file: 'api/api.go', line: 12, handler: h('ListUsers', 14), middleware: auth }),
      gorilla({ method: 'DELETE', path: '/api/v2/users/{id}', file: 'api/api.go', line: 15, handler: h('DeleteUserV2', 16), middleware: auth }),
      gorilla({ method: 'GET', path: '/api/v2/users/{id}', file: 'api/api.go', line: 14, handler: h('GetUserV2', 15), middleware: auth }),
      gorilla({ method: 'ANY', path: '/metrics', file: 'main.go', line: 17, handler: h('Metrics', 18), middleware: logging }),
      gorilla({ method: 'GET', path: '/products/{id}', file: 'main.go', line: 15, handler: h('Product', 10), middleware: logging }),
      gorilla({ method: 'PUT', path: '/products/{id}', file: 'main.go', line: 15, handler: h('Product', 10), middleware: logging }),
      gorilla({ method: 'GET', path: '/reports', file: 'main.go', line: 22, handler: h('Reports', 12), middleware: logging }),
      gorilla({ method: 'GET', path: '/search', file: 'main.go', line: 16, handler: h('Search', 11), middleware: logging }),
      // A path prefix with an opaque handler serves everything below it.
      gorilla({ method: 'ANY', path: '/static/*', file: 'main.go', line: 25, handler: ['http.FileServer', 'main.go', 25, 25], middleware: logging }),
      gorilla({ method: 'POST', path: '/upload', file: 'main.go', line: 24, handler: h('Upload', 13), middleware: logging }),
    ]);
  });

  it('mounts a sub-router through PathPrefix().Handler with StripPrefix', async () => {
    const files = {
      'main.go': `package main

import (
	"net/http"

	"github.com/gorilla/mux"
)

func main() {
	r := mux.NewRouter()
	r.PathPrefix("/v1/").Handler(http.StripPrefix("/v1", v1()))
	http.ListenAndServe(":8000", r)
}

func v1() *mux.Router {
	s := mux.NewRouter()
	s.HandleFunc("/things/{id}", thing).Methods("PATCH")
	return s
}

func thing(w http.ResponseWriter, r *http.Request) {}
`,
    };
    expect(await routesOf(files)).toEqual([
      gorilla({ method: 'PATCH', path: '/v1/things/{id}', file: 'main.go', line: 17, handler: ['thing', 'main.go', 21, 21] }),
    ]);
  });
});
