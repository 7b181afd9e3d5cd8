import { describe, expect, it } from '@jest/globals';
import { route, routesOf } from './go-route-helpers.js';

const httprouter = (r: Omit<Parameters<typeof route>[0], 'framework'>) => route({ ...r, framework: 'httprouter' });

/**
 * A movie API laid out like alexedwards' greenlight ("Let's Go Further"): the application struct's
 * routes method builds an httprouter router with HandlerFunc and http.Method constants, wraps
 * handlers in permission middleware, and main serves what it returns.
 */
const GREENLIGHT: Record<string, string> = {
  'go.mod': 'module greenlight.alexedwards.net\n\ngo 1.21\n\nrequire github.com/julienschmidt/httprouter v1.3.0\n',
  'cmd/api/main.go': `package main

import (
	"net/http"
	"time"
)

type application struct {
	config config
}

type config struct {
	port int
}

func main() {
	app := &application{}
	srv := &http.Server{
		Addr:        ":4000",
		Handler:     app.routes(),
		IdleTimeout: time.Minute,
	}
	srv.ListenAndServe()
}
`,
  'cmd/api/routes.go': `package main

import (
	"expvar"
	"net/http"

	"github.com/julienschmidt/httprouter"
)

func (app *application) routes() http.Handler {
	router := httprouter.New()

	router.NotFound = http.HandlerFunc(app.notFoundResponse)

	router.HandlerFunc(http.MethodGet, "/v1/healthcheck", app.healthcheckHandler)

	router.HandlerFunc(http.MethodGet, "/v1/movies", app.requirePermission("movies:read", app.listMoviesHandler))
	router.HandlerFunc(http.MethodPost, "/v1/movies", app.requirePermission("movies:write", app.createMovieHandler))
	router.HandlerFunc(http.MethodGet, "/v1/movies/:id", app.requirePermission("movies:read", app.showMovieHandler))
	router.HandlerFunc(http.MethodPatch, "/v1/movies/:id", app.requirePermission("movies:write", app.updateMovieHandler))
	router.HandlerFunc(http.MethodDelete, "/v1/movies/:id", app.requirePermission("movies:write", app.deleteMovieHandler))

	router.HandlerFunc(http.MethodPost, "/v1/users", app.registerUserHandler)
	router.HandlerFunc(http.MethodPut, "/v1/users/activated", app.activateUserHandler)

	router.Handler(http.MethodGet, "/debug/vars", expvar.Handler())

	return app.recoverPanic(app.authenticate(router))
}
`,
  'cmd/api/handlers.go': `package main

import "net/http"

func (app *application) healthcheckHandler(w http.ResponseWriter, r *http.Request) {}

func (app *application) listMoviesHandler(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusOK)
}

func (app *application) createMovieHandler(w http.ResponseWriter, r *http.Request) {}
func (app *application) showMovieHandler(w http.ResponseWriter, r *http.Request)   {}
func (app *application) updateMovieHandler(w http.ResponseWriter, r *http.Request) {}
func (app *application) deleteMovieHandler(w http.ResponseWriter, r *http.Request) {}
func (app *application) registerUserHandler(w http.ResponseWriter, r *http.Request) {}
func (app *application) activateUserHandler(w http.ResponseWriter, r *http.Request) {}
func (app *application) notFoundResponse(w http.ResponseWriter, r *http.Request)    {}
`,
  'cmd/api/middleware.go': `package main

import "net/http"

func (app *application) requirePermission(code string, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { next.ServeHTTP(w, r) }
}

func (app *application) recoverPanic(next http.Handler) http.Handler { return next }
func (app *application) authenticate(next http.Handler) http.Handler { return next }
`,
};

describe('httprouter routes', () => {
  it('reads HandlerFunc/Handler with method constants, :params, and handlers wrapped in middleware', async () => {
    const routes = 'cmd/api/routes.go';
    const h = (name: string, line: number, end = line): [string, string, number, number] => [`application.${name}`, 'cmd/api/handlers.go', line, end];
    const read = ['app.requirePermission'];
    const write = ['app.requirePermission'];
    expect(await routesOf(GREENLIGHT)).toEqual([
      httprouter({ method: 'GET', path: '/debug/vars', file: routes, line: 26, handler: ['expvar.Handler', routes, 26, 26] }),
      httprouter({ method: 'GET', path: '/v1/healthcheck', file: routes, line: 15, handler: h('healthcheckHandler', 5) }),
      httprouter({ method: 'GET', path: '/v1/movies', file: routes, line: 17, handler: h('listMoviesHandler', 7, 9), middleware: read }),
      httprouter({ method: 'POST', path: '/v1/movies', file: routes, line: 18, handler: h('createMovieHandler', 11), middleware: write }),
      httprouter({ method: 'DELETE', path: '/v1/movies/{id}', file: routes, line: 21, handler: h('deleteMovieHandler', 14), middleware: write }),
      httprouter({ method: 'GET', path: '/v1/movies/{id}', file: routes, line: 19, handler: h('showMovieHandler', 12), middleware: read }),
      httprouter({ method: 'PATCH', path: '/v1/movies/{id}', file: routes, line: 20, handler: h('updateMovieHandler', 13), middleware: write }),
      httprouter({ method: 'POST', path: '/v1/users', file: routes, line: 23, handler: h('registerUserHandler', 15) }),
      httprouter({ method: 'PUT', path: '/v1/users/activated', file: routes, line: 24, handler: h('activateUserHandler', 16) }),
    ]);
  });

  it('follows a router passed to other packages, verb methods with Params handlers, ServeFiles, and a StripPrefix mount on a ServeMux', async () => {
    const files = {
      'go.mod': 'module github.com/acme/bookstore\n',
      'main.go': `package main

import (
	"log"
	"net/http"

	"github.com/julienschmidt/httprouter"

	"github.com/acme/bookstore/books"
	"github.com/acme/bookstore/health"
)

func main() {
	router := httprouter.New()
	books.Register(router, books.NewStore())
	router.ServeFiles("/static/*filepath", http.Dir("public"))

	mux := http.NewServeMux()
	mux.Handle("/api/", http.StripPrefix("/api", router))
	health.Routes(mux)
	log.Fatal(http.ListenAndServe(":8080", mux))
}
`,
      'books/handlers.go': `package books

import (
	"net/http"

	"github.com/julienschmidt/httprouter"
)

type Handler struct {
	store *Store
}

func Register(router *httprouter.Router, store *Store) {
	h := &Handler{store: store}
	router.GET("/books", h.Index)
	router.POST("/books", BasicAuth(h.Create))
	router.GET("/books/:isbn", h.Show)
	router.Handle("PUT", "/books/:isbn", h.Update)
	router.DELETE("/books/:isbn", func(w http.ResponseWriter, r *http.Request, ps httprouter.Params) {
		w.WriteHeader(http.StatusNoContent)
	})
}

func (h *Handler) Index(w http.ResponseWriter, r *http.Request, _ httprouter.Params)   {}
func (h *Handler) Create(w http.ResponseWriter, r *http.Request, _ httprouter.Params)  {}
func (h *Handler) Show(w http.ResponseWriter, r *http.Request, ps httprouter.Params)   {}
func (h *Handler) Update(w http.ResponseWriter, r *http.Request, ps httprouter.Params) {}

func BasicAuth(h httprouter.Handle) httprouter.Handle {
	return func(w http.ResponseWriter, r *http.Request, ps httprouter.Params) { h(w, r, ps) }
}
`,
      'books/store.go': `package books

type Store struct{}

func NewStore() *Store { return &Store{} }
`,
      'health/health.go': `package health

import "net/http"

func Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {})
}
`,
    };
    const books = 'books/handlers.go';
    expect(await routesOf(files)).toEqual([
      httprouter({ method: 'GET', path: '/api/books', file: books, line: 15, handler: ['Handler.Index', books, 24, 24] }),
      httprouter({ method: 'POST', path: '/api/books', file: books, line: 16, handler: ['Handler.Create', books, 25, 25], middleware: ['BasicAuth'] }),
      httprouter({ method: 'DELETE', path: '/api/books/{isbn}', file: books, line: 19, handler: [undefined, books, 19, 21] }),
      httprouter({ method: 'GET', path: '/api/books/{isbn}', file: books, line: 17, handler: ['Handler.Show', books, 26, 26] }),
      httprouter({ method: 'PUT', path: '/api/books/{isbn}', file: books, line: 18, handler: ['Handler.Update', books, 27, 27] }),
      httprouter({ method: 'GET', path: '/api/static/{filepath}', file: 'main.go', line: 16, handler: ['http.Dir', 'main.go', 16, 16] }),
      route({ method: 'GET', path: '/healthz', file: 'health/health.go', line: 6, framework: 'net-http', handler: [undefined, 'health/health.go', 6, 6] }),
    ]);
  });

  it('follows a team wrapper that embeds *httprouter.Router and registers through Handler', async () => {
    const files = {
      'go.mod': 'module github.com/acme/notes\n',
      'internal/router/router.go': `package router

import (
	"net/http"

	"github.com/julienschmidt/httprouter"
)

type Router struct {
	*httprouter.Router
}

func New() *Router {
	return &Router{httprouter.New()}
}

func (r *Router) Get(path string, handler http.Handler) {
	r.Handler("GET", path, handler)
}

func (r *Router) Post(path string, handler http.Handler) {
	r.Handler("POST", path, handler)
}
`,
      'cmd/notes/main.go': `package main

import (
	"net/http"

	"github.com/acme/notes/internal/router"
)

type server struct {
	router *router.Router
}

func main() {
	s := &server{router: router.New()}
	s.router.Get("/notes", http.HandlerFunc(s.list))
	s.router.Post("/notes", http.HandlerFunc(s.create))
	http.ListenAndServe(":8080", s.router)
}

func (s *server) list(w http.ResponseWriter, r *http.Request)   {}
func (s *server) create(w http.ResponseWriter, r *http.Request) {}
`,
    };
    const main = 'cmd/notes/main.go';
    expect(await routesOf(files)).toEqual([
      httprouter({ method: 'GET', path: '/notes', file: main, line: 15, handler: ['server.list', main, 20, 20] }),
      httprouter({ method: 'POST', path: '/notes', file: main, line: 16, handler: ['server.create', main, 21, 21] }),
    ]);
  });
});
