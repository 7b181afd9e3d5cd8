import { describe, expect, it } from '@jest/globals';
import { loadFixture, route, routesOf } from './go-route-helpers.js';

const chi = (r: Omit<Parameters<typeof route>[0], 'framework'>) => route({ ...r, framework: 'chi' });

describe('chi routes', () => {
  it('resolves Route callbacks, With, Group, Method, Handle and routers mounted from other packages', async () => {
    const top = ['middleware.RequestID', 'middleware.Logger'];
    const h = (name: string, line: number, end = line): [string, string, number, number] => [name, 'handlers.go', line, end];
    expect(await routesOf(loadFixture('chi/rest'))).toEqual([
      chi({ method: 'GET', path: '/', file: 'main.go', line: 18, handler: [undefined, 'main.go', 18, 20], middleware: top }),
      chi({ method: 'GET', path: '/admin', file: 'admin/admin.go', line: 13, handler: ['index', 'admin/admin.go', 21, 21], middleware: [...top, 'AdminOnly'] }),
      chi({ method: 'GET', path: '/admin/accounts', file: 'admin/admin.go', line: 14, handler: ['accounts', 'admin/admin.go', 22, 22], middleware: [...top, 'AdminOnly'] }),
      chi({ method: 'GET', path: '/admin/users/{userId}', file: 'admin/admin.go', line: 15, handler: ['user', 'admin/admin.go', 23, 23], middleware: [...top, 'AdminOnly'] }),
      chi({ method: 'GET', path: '/articles', file: 'main.go', line: 24, handler: h('ListArticles', 11, 14), middleware: [...top, 'paginate'] }),
      chi({ method: 'POST', path: '/articles', file: 'main.go', line: 25, handler: h('CreateArticle', 16), middleware: top }),
      chi({ method: 'DELETE', path: '/articles/{articleID}', file: 'main.go', line: 32, handler: h('DeleteArticle', 20), middleware: [...top, 'ArticleCtx'] }),
      chi({ method: 'GET', path: '/articles/{articleID}', file: 'main.go', line: 30, handler: h('GetArticle', 18), middleware: [...top, 'ArticleCtx'] }),
      chi({ method: 'PUT', path: '/articles/{articleID}', file: 'main.go', line: 31, handler: h('UpdateArticle', 19), middleware: [...top, 'ArticleCtx'] }),
      chi({ method: 'GET', path: '/articles/{articleSlug}', file: 'main.go', line: 35, handler: h('GetArticle', 18), middleware: [...top, 'ArticleCtx'] }),
      chi({ method: 'GET', path: '/articles/search', file: 'main.go', line: 26, handler: h('SearchArticles', 17), middleware: top }),
      // A mounted handler that is not a router of the tree: everything below its prefix.
      chi({ method: 'ANY', path: '/debug/*', file: 'main.go', line: 40, handler: ['middleware.Profiler', 'main.go', 40, 40], middleware: top }),
      chi({ method: 'ANY', path: '/metrics', file: 'main.go', line: 46, handler: h('metricsHandler', 29, 31), middleware: [...top, 'AuthOnly'] }),
      chi({ method: 'GET', path: '/ping', file: 'main.go', line: 21, handler: h('ping', 9), middleware: top }),
      chi({ method: 'POST', path: '/publish', file: 'main.go', line: 44, handler: h('Publish', 21), middleware: [...top, 'AuthOnly'] }),
      chi({ method: 'PATCH', path: '/settings', file: 'main.go', line: 45, handler: h('Settings', 22), middleware: [...top, 'AuthOnly'] }),
      chi({ method: 'GET', path: '/status', file: 'main.go', line: 47, handler: h('Status', 23), middleware: [...top, 'AuthOnly'] }),
      chi({ method: 'GET', path: '/todos', file: 'todos/todos.go', line: 13, handler: ['Resource.List', 'todos/todos.go', 22, 22], middleware: top }),
      chi({ method: 'POST', path: '/todos', file: 'todos/todos.go', line: 14, handler: ['Resource.Create', 'todos/todos.go', 23, 23], middleware: top }),
      chi({ method: 'DELETE', path: '/todos/{id}', file: 'todos/todos.go', line: 17, handler: ['Resource.Delete', 'todos/todos.go', 25, 25], middleware: top }),
      chi({ method: 'GET', path: '/todos/{id}', file: 'todos/todos.go', line: 16, handler: ['Resource.Get', 'todos/todos.go', 24, 24], middleware: top }),
    ]);
  });

  it('follows a server struct whose routes method uses handler factories, and Route with a function of another package', async () => {
    const files = {
      'go.mod': 'module example.com/svc\n',
      'cmd/svc/main.go': `package main

import (
	"net/http"

	"example.com/svc/internal/app"
)

func main() {
	srv := app.NewServer()
	http.ListenAndServe(":8080", srv)
}
`,
      'internal/app/server.go': `package app

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/svc/internal/users"
)

type server struct {
	router *chi.Mux
}

func NewServer() *server {
	s := &server{router: chi.NewRouter()}
	s.routes()
	return s
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.router.ServeHTTP(w, r) }

func (s *server) routes() {
	s.router.Get("/api/", s.handleAPI())
	s.router.Route("/users", users.Routes)
	s.router.Handle("POST /hooks/{source}", s.handleHook())
}

func (s *server) handleAPI() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {}
}

func (s *server) handleHook() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
}
`,
      'internal/users/routes.go': `package users

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func Routes(r chi.Router) {
	r.Get("/", list)
	r.Get("/{id:[0-9]+}", get)
}

func list(w http.ResponseWriter, r *http.Request) {}
func get(w http.ResponseWriter, r *http.Request)  {}
`,
    };
    const server = 'internal/app/server.go';
    expect(await routesOf(files)).toEqual([
      chi({ method: 'GET', path: '/api', file: server, line: 24, handler: ['server.handleAPI', server, 29, 31] }),
      chi({ method: 'POST', path: '/hooks/{source}', file: server, line: 26, handler: ['server.handleHook', server, 33, 35] }),
      chi({ method: 'GET', path: '/users', file: 'internal/users/routes.go', line: 10, handler: ['list', 'internal/users/routes.go', 14, 14] }),
      chi({ method: 'GET', path: '/users/{id}', file: 'internal/users/routes.go', line: 11, handler: ['get', 'internal/users/routes.go', 15, 15] }),
    ]);
  });

  it('mounts the same router-building function twice, and serves a router returned straight to ListenAndServe', async () => {
    const files = {
      'main.go': `package main

import (
	"log"
	"net/http"

	"github.com/go-chi/chi/v5"
)

func main() {
	log.Fatal(http.ListenAndServe(":8080", newRouter()))
}

func newRouter() http.Handler {
	r := chi.NewRouter()
	api := apiRouter()
	r.Mount("/v1", api)
	r.Mount("/v2", apiRouter())
	return r
}

func apiRouter() chi.Router {
	r := chi.NewRouter()
	r.Get("/items", items)
	return r
}

func items(w http.ResponseWriter, r *http.Request) {}
`,
    };
    const handler: [string, string, number, number] = ['items', 'main.go', 28, 28];
    expect(await routesOf(files)).toEqual([
      chi({ method: 'GET', path: '/v1/items', file: 'main.go', line: 24, handler }),
      chi({ method: 'GET', path: '/v2/items', file: 'main.go', line: 24, handler }),
    ]);
  });
});
