import { describe, expect, it } from '@jest/globals';
import { route, routesOf } from './go-route-helpers.js';

const netHttp = (r: Omit<Parameters<typeof route>[0], 'framework'>) => route({ ...r, framework: 'net-http' });

describe('net/http routes', () => {
  it('reads Go 1.22 patterns, sub-muxes mounted with and without StripPrefix, wrappers and the default mux', async () => {
    const files = {
      'main.go': `package main

import (
	"log"
	"net/http"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", getItem)
	mux.HandleFunc("POST /items", createItem)
	mux.HandleFunc("/health", health)
	mux.Handle("POST /admin/reindex", requireAdmin(http.HandlerFunc(reindex)))
	mux.HandleFunc("GET api.example.com/v1/ping", ping)
	mux.HandleFunc("GET /files/{path...}", serveFile)
	mux.HandleFunc("GET /{$}", index)
	mux.Handle("/ws", &wsHandler{})
	mux.Handle("/api/", http.StripPrefix("/api", apiMux()))
	mux.Handle("/legacy/", legacyMux())
	http.HandleFunc("/default", health)

	resp, _ := http.Get("http://example.com/items")
	defer resp.Body.Close()
	req, _ := http.NewRequest("GET", "/not-a-route", nil)
	http.DefaultClient.Do(req)
	log.Fatal(http.ListenAndServe(":8080", logging(mux)))
}

func apiMux() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("GET /users", listUsers)
	m.HandleFunc("DELETE /users/{id}", deleteUser)
	return m
}

func legacyMux() http.Handler {
	m := http.NewServeMux()
	m.HandleFunc("/legacy/report", report)
	return m
}

type wsHandler struct{}

func (h *wsHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {}

func getItem(w http.ResponseWriter, r *http.Request)    {}
func createItem(w http.ResponseWriter, r *http.Request) {}
func health(w http.ResponseWriter, r *http.Request)     {}
func reindex(w http.ResponseWriter, r *http.Request)    {}
func ping(w http.ResponseWriter, r *http.Request)       {}
func serveFile(w http.ResponseWriter, r *http.Request)  {}
func index(w http.ResponseWriter, r *http.Request)      {}
func listUsers(w http.ResponseWriter, r *http.Request)  {}
func deleteUser(w http.ResponseWriter, r *http.Request) {}
func report(w http.ResponseWriter, r *http.Request)     {}

func requireAdmin(next http.Handler) http.Handler { return next }
func logging(next http.Handler) http.Handler      { return next }
`,
    };
    const h = (name: string, line: number): [string, string, number, number] => [name, 'main.go', line, line];
    expect(await routesOf(files)).toEqual([
      netHttp({ method: 'GET', path: '/', file: 'main.go', line: 16, handler: h('index', 52) }),
      netHttp({ method: 'POST', path: '/admin/reindex', file: 'main.go', line: 13, handler: h('reindex', 49), middleware: ['requireAdmin'] }),
      netHttp({ method: 'GET', path: '/api/users', file: 'main.go', line: 31, handler: h('listUsers', 53) }),
      netHttp({ method: 'DELETE', path: '/api/users/{id}', file: 'main.go', line: 32, handler: h('deleteUser', 54) }),
      netHttp({ method: 'ANY', path: '/default', file: 'main.go', line: 20, handler: h('health', 48) }),
      netHttp({ method: 'GET', path: '/files/{path}', file: 'main.go', line: 15, handler: h('serveFile', 51) }),
      netHttp({ method: 'ANY', path: '/health', file: 'main.go', line: 12, handler: h('health', 48) }),
      netHttp({ method: 'POST', path: '/items', file: 'main.go', line: 11, handler: h('createItem', 47) }),
      netHttp({ method: 'GET', path: '/items/{id}', file: 'main.go', line: 10, handler: h('getItem', 46) }),
      netHttp({ method: 'ANY', path: '/legacy/report', file: 'main.go', line: 38, handler: h('report', 55) }),
      netHttp({ method: 'GET', path: '/v1/ping', file: 'main.go', line: 14, handler: h('ping', 50) }),
      netHttp({ method: 'ANY', path: '/ws', file: 'main.go', line: 17, handler: ['wsHandler.ServeHTTP', 'main.go', 44, 44] }),
    ]);
  });

  it('declares routes registered through a helper at the helper call that writes the pattern', async () => {
    const files = {
      'api.go': `package api

import "net/http"

type API struct {
	mux *http.ServeMux
}

func New() *API {
	a := &API{mux: http.NewServeMux()}
	a.routes()
	return a
}

func (a *API) routes() {
	a.handle("GET /orders", a.listOrders)
	a.handle("POST /orders", a.createOrder)
}

func (a *API) handle(pattern string, h http.HandlerFunc) {
	a.mux.Handle(pattern, withLogging(h))
}

func (a *API) listOrders(w http.ResponseWriter, r *http.Request)  {}
func (a *API) createOrder(w http.ResponseWriter, r *http.Request) {}

func withLogging(next http.Handler) http.Handler { return next }
`,
    };
    expect(await routesOf(files)).toEqual([
      netHttp({ method: 'GET', path: '/orders', file: 'api.go', line: 16, handler: ['API.listOrders', 'api.go', 24, 24], middleware: ['withLogging'] }),
      netHttp({ method: 'POST', path: '/orders', file: 'api.go', line: 17, handler: ['API.createOrder', 'api.go', 25, 25], middleware: ['withLogging'] }),
    ]);
  });
});
