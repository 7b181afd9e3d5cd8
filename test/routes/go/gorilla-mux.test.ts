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

describe('gorilla/mux routes under a package variable main assigns', () => {
  // Modelled on GoogleCloudPlatform/microservices-demo's frontend: `var baseUrl = ""`, then
  // `baseUrl = os.Getenv("BASE_URL")` in main before the routes are registered with `baseUrl + "/cart"`.
  const main = (assignment: string) => `package main

import (
	"net/http"
	"os"

	"github.com/gorilla/mux"
)

var (
	baseUrl = ""
)

type frontendServer struct{}

func (fe *frontendServer) viewCartHandler(w http.ResponseWriter, r *http.Request) {}

func main() {
	svc := new(frontendServer)
	${assignment}
	r := mux.NewRouter()
	r.HandleFunc(baseUrl + "/cart", svc.viewCartHandler).Methods(http.MethodGet, http.MethodHead)
	http.ListenAndServe(":8080", r)
}
`;
  const handler: [string, string, number, number] = ['frontendServer.viewCartHandler', 'main.go', 16, 16];

  it('marks the routes partial when the variable comes from an environment variable without a default', async () => {
    const notes = ['BASE_URL from the environment: no default found'];
    expect(await routesOf({ 'main.go': main('baseUrl = os.Getenv("BASE_URL")') })).toEqual([
      gorilla({ method: 'GET', path: '/cart', file: 'main.go', line: 22, handler, partial: true, notes }),
      gorilla({ method: 'HEAD', path: '/cart', file: 'main.go', line: 22, handler, partial: true, notes }),
    ]);
  });

  it('uses the default the repository ships for that environment variable', async () => {
    const files = { 'main.go': main('baseUrl = os.Getenv("BASE_URL")'), '.env.example': 'BASE_URL=/shop\n' };
    const routes = await routesOf(files);
    expect(routes.map((r) => [r.method, r.path, r.partial ?? false])).toEqual([
      ['GET', '/shop/cart', false],
      ['HEAD', '/shop/cart', false],
    ]);
  });

  it('uses a literal main assigns instead of the declaration value', async () => {
    expect(await routesOf({ 'main.go': main('baseUrl = "/store"') })).toEqual([
      gorilla({ method: 'GET', path: '/store/cart', file: 'main.go', line: 22, handler }),
      gorilla({ method: 'HEAD', path: '/store/cart', file: 'main.go', line: 22, handler }),
    ]);
  });
});
