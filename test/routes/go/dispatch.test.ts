import { describe, expect, it } from '@jest/globals';
import { route, routesOf } from './go-route-helpers.js';

describe('Go route set-up spread over calls', () => {
  it('mounts a chi router on a net/http mux under StripPrefix', async () => {
    const files = {
      'main.go': `package main

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", healthz)
	mux.Handle("/api/", http.StripPrefix("/api", apiRouter()))
	http.ListenAndServe(":8080", mux)
}

func apiRouter() http.Handler {
	r := chi.NewRouter()
	r.Get("/users/{id}", user)
	return r
}

func healthz(w http.ResponseWriter, r *http.Request) {}
func user(w http.ResponseWriter, r *http.Request)    {}
`,
    };
    expect(await routesOf(files)).toEqual([
      route({ method: 'GET', path: '/api/users/{id}', file: 'main.go', line: 18, framework: 'chi', handler: ['user', 'main.go', 23, 23] }),
      route({ method: 'GET', path: '/healthz', file: 'main.go', line: 11, framework: 'net-http', handler: ['healthz', 'main.go', 22, 22] }),
    ]);
  });

  it('follows handler modules registered in a loop, through an interface, and through a local closure', async () => {
    const files = {
      'go.mod': 'module example.com/mods\n',
      'main.go': `package main

import (
	"github.com/gin-gonic/gin"

	"example.com/mods/modules"
)

type Module interface {
	Register(rg *gin.RouterGroup)
}

func main() {
	r := gin.New()
	api := r.Group("/api")
	mods := []Module{modules.NewUsers(), &modules.Orders{}}
	for _, m := range mods {
		m.Register(api)
	}
	mountAll(r.Group("/v2"), mods)

	health := func(g *gin.RouterGroup) {
		g.GET("/health", func(c *gin.Context) {})
	}
	health(r.Group("/internal"))
	r.Run()
}

func mountAll(rg *gin.RouterGroup, mods []Module) {
	for _, m := range mods {
		m.Register(rg)
	}
}
`,
      'modules/modules.go': `package modules

import "github.com/gin-gonic/gin"

type Users struct{}

func NewUsers() *Users { return &Users{} }

func (u *Users) Register(rg *gin.RouterGroup) {
	rg.GET("/users", u.list)
}

func (u *Users) list(c *gin.Context) {}

type Orders struct{}

func (o *Orders) Register(rg *gin.RouterGroup) {
	rg.POST("/orders", o.create)
}

func (o *Orders) create(c *gin.Context) {}
`,
    };
    const modules = 'modules/modules.go';
    expect(await routesOf(files)).toEqual([
      route({ method: 'POST', path: '/api/orders', file: modules, line: 18, framework: 'gin', handler: ['Orders.create', modules, 21, 21] }),
      route({ method: 'GET', path: '/api/users', file: modules, line: 10, framework: 'gin', handler: ['Users.list', modules, 13, 13] }),
      route({ method: 'GET', path: '/internal/health', file: 'main.go', line: 23, framework: 'gin', handler: [undefined, 'main.go', 23, 23] }),
      route({ method: 'POST', path: '/v2/orders', file: modules, line: 18, framework: 'gin', handler: ['Orders.create', modules, 21, 21] }),
      route({ method: 'GET', path: '/v2/users', file: modules, line: 10, framework: 'gin', handler: ['Users.list', modules, 13, 13] }),
    ]);
  });
});
