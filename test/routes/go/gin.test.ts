import { describe, expect, it } from '@jest/globals';
import { loadFixture, route, routesOf } from './go-route-helpers.js';

const gin = (r: Omit<Parameters<typeof route>[0], 'framework'>) => route({ ...r, framework: 'gin' });

describe('gin routes', () => {
  it('resolves groups passed across packages, with the middleware each group had when it was made', async () => {
    const A = ['common.RequestID()', 'users.AuthMiddleware(false)'];
    const B = [...A, 'users.AuthMiddleware(true)'];
    expect(await routesOf(loadFixture('gin/conduit'))).toEqual([
      gin({ method: 'GET', path: '/api/articles', file: 'articles/routers.go', line: 16, handler: ['ArticleList', 'articles/views.go', 20, 26], middleware: A }),
      gin({ method: 'POST', path: '/api/articles', file: 'articles/routers.go', line: 6, handler: ['ArticleCreate', 'articles/views.go', 16, 18], middleware: B }),
      gin({ method: 'DELETE', path: '/api/articles/{slug}', file: 'articles/routers.go', line: 8, handler: ['ArticleDelete', 'articles/views.go', 37, 37], middleware: B }),
      gin({ method: 'GET', path: '/api/articles/{slug}', file: 'articles/routers.go', line: 17, handler: ['ArticleRetrieve', 'articles/views.go', 28, 30], middleware: A }),
      gin({ method: 'PUT', path: '/api/articles/{slug}', file: 'articles/routers.go', line: 7, handler: ['ArticleUpdate', 'articles/views.go', 32, 35], middleware: B }),
      gin({ method: 'GET', path: '/api/articles/{slug}/comments', file: 'articles/routers.go', line: 18, handler: ['ArticleCommentList', 'articles/views.go', 42, 42], middleware: A }),
      gin({ method: 'POST', path: '/api/articles/{slug}/comments', file: 'articles/routers.go', line: 11, handler: ['ArticleCommentCreate', 'articles/views.go', 40, 40], middleware: B }),
      gin({ method: 'DELETE', path: '/api/articles/{slug}/comments/{id}', file: 'articles/routers.go', line: 12, handler: ['ArticleCommentDelete', 'articles/views.go', 41, 41], middleware: B }),
      gin({ method: 'DELETE', path: '/api/articles/{slug}/favorite', file: 'articles/routers.go', line: 10, handler: ['ArticleUnfavorite', 'articles/views.go', 39, 39], middleware: B }),
      gin({ method: 'POST', path: '/api/articles/{slug}/favorite', file: 'articles/routers.go', line: 9, handler: ['ArticleFavorite', 'articles/views.go', 38, 38], middleware: B }),
      gin({ method: 'GET', path: '/api/ping', file: 'main.go', line: 30, handler: [undefined, 'main.go', 30, 32], middleware: ['common.RequestID()'] }),
      gin({ method: 'GET', path: '/api/profiles/{username}', file: 'users/routers.go', line: 20, handler: ['ProfileRetrieve', 'users/profiles.go', 9, 17], middleware: B }),
      gin({ method: 'DELETE', path: '/api/profiles/{username}/follow', file: 'users/routers.go', line: 22, handler: ['ProfileUnfollow', 'users/profiles.go', 23, 25], middleware: B }),
      gin({ method: 'POST', path: '/api/profiles/{username}/follow', file: 'users/routers.go', line: 21, handler: ['ProfileFollow', 'users/profiles.go', 19, 21], middleware: B }),
      gin({ method: 'GET', path: '/api/tags', file: 'articles/routers.go', line: 22, handler: ['TagList', 'articles/views.go', 43, 43], middleware: A }),
      gin({ method: 'GET', path: '/api/user', file: 'users/routers.go', line: 15, handler: ['UserRetrieve', 'users/routers.go', 33, 36], middleware: B }),
      gin({ method: 'PUT', path: '/api/user', file: 'users/routers.go', line: 16, handler: ['UserUpdate', 'users/routers.go', 38, 40], middleware: B }),
      gin({ method: 'POST', path: '/api/users', file: 'users/routers.go', line: 10, handler: ['UsersRegistration', 'users/routers.go', 25, 27], middleware: ['common.RequestID()'] }),
      gin({ method: 'POST', path: '/api/users/login', file: 'users/routers.go', line: 11, handler: ['UsersLogin', 'users/routers.go', 29, 31], middleware: ['common.RequestID()'] }),
    ]);
  });

  it('follows a router kept in a struct field, nested group blocks, Any, Handle, Match and route middleware', async () => {
    const files = {
      'go.mod': 'module example.com/shop\n',
      'cmd/api/main.go': `package main

import (
	"log"

	"example.com/shop/internal/server"
)

func main() {
	srv := server.New()
	log.Fatal(srv.Run(":8080"))
}
`,
      'internal/server/server.go': `package server

import (
	"github.com/gin-gonic/gin"

	"example.com/shop/internal/handlers"
	"example.com/shop/internal/middleware"
)

type Server struct {
	router *gin.Engine
	users  *handlers.UserHandler
}

func New() *Server {
	s := &Server{router: gin.New(), users: handlers.NewUserHandler(nil)}
	s.router.Use(middleware.Logger())
	s.routes()
	return s
}

func (s *Server) Run(addr string) error { return s.router.Run(addr) }
`,
      'internal/server/routes.go': `package server

import "example.com/shop/internal/middleware"

func (s *Server) routes() {
	api := s.router.Group("/api")
	{
		v1 := api.Group("/v1", middleware.Auth())
		{
			v1.GET("/users/:id", s.users.Get)
			v1.Any("/echo", s.users.Echo)
			v1.Handle("PATCH", "/users/:id", middleware.Audit("users"), s.users.Patch)
			v1.Match([]string{"GET", "HEAD"}, "/status", s.status)
		}
		admin := api.Group("/admin")
		admin.Use(middleware.AdminOnly)
		admin.DELETE("/users/:id", s.users.Delete)
	}
	s.router.GET("/health", s.health)
}
`,
      'internal/server/health.go': `package server

import "github.com/gin-gonic/gin"

func (s *Server) health(c *gin.Context) {
	c.Status(200)
}

func (s *Server) status(c *gin.Context) { c.Status(200) }
`,
      'internal/handlers/users.go': `package handlers

import (
	"database/sql"

	"github.com/gin-gonic/gin"
)

type UserHandler struct{ db *sql.DB }

func NewUserHandler(db *sql.DB) *UserHandler { return &UserHandler{db: db} }

func (h *UserHandler) Get(c *gin.Context)    { c.Status(200) }
func (h *UserHandler) Echo(c *gin.Context)   { c.Status(200) }
func (h *UserHandler) Patch(c *gin.Context)  { c.Status(200) }
func (h *UserHandler) Delete(c *gin.Context) { c.Status(204) }
`,
      'internal/middleware/middleware.go': `package middleware

import "github.com/gin-gonic/gin"

func Logger() gin.HandlerFunc            { return func(c *gin.Context) { c.Next() } }
func Auth() gin.HandlerFunc              { return func(c *gin.Context) { c.Next() } }
func Audit(name string) gin.HandlerFunc  { return func(c *gin.Context) { c.Next() } }
func AdminOnly(c *gin.Context)           { c.Next() }
`,
    };
    const users = 'internal/handlers/users.go';
    const routes = 'internal/server/routes.go';
    expect(await routesOf(files)).toEqual([
      gin({ method: 'DELETE', path: '/api/admin/users/{id}', file: routes, line: 17, handler: ['UserHandler.Delete', users, 16, 16], middleware: ['middleware.Logger()', 'middleware.AdminOnly'] }),
      gin({ method: 'ANY', path: '/api/v1/echo', file: routes, line: 11, handler: ['UserHandler.Echo', users, 14, 14], middleware: ['middleware.Logger()', 'middleware.Auth()'] }),
      gin({ method: 'GET', path: '/api/v1/status', file: routes, line: 13, handler: ['Server.status', 'internal/server/health.go', 9, 9], middleware: ['middleware.Logger()', 'middleware.Auth()'] }),
      gin({ method: 'HEAD', path: '/api/v1/status', file: routes, line: 13, handler: ['Server.status', 'internal/server/health.go', 9, 9], middleware: ['middleware.Logger()', 'middleware.Auth()'] }),
      gin({ method: 'GET', path: '/api/v1/users/{id}', file: routes, line: 10, handler: ['UserHandler.Get', users, 13, 13], middleware: ['middleware.Logger()', 'middleware.Auth()'] }),
      gin({ method: 'PATCH', path: '/api/v1/users/{id}', file: routes, line: 12, handler: ['UserHandler.Patch', users, 15, 15], middleware: ['middleware.Logger()', 'middleware.Auth()', 'middleware.Audit("users")'] }),
      gin({ method: 'GET', path: '/health', file: routes, line: 19, handler: ['Server.health', 'internal/server/health.go', 5, 7], middleware: ['middleware.Logger()'] }),
    ]);
  });

  it('does not take Get calls on clients, caches, contexts or the environment for routes', async () => {
    const files = {
      'main.go': `package main

import (
	"net/http"
	"os"

	"github.com/gin-gonic/gin"
	"github.com/go-resty/resty/v2"
)

type Cache struct{}

func (Cache) Get(key string) string { return key }

func main() {
	client := resty.New()
	client.R().Get("/remote/users")
	http.Get("http://example.com/x")
	hc := &http.Client{}
	hc.Get("/not-a-route")
	var cache Cache
	cache.Get("/k")
	os.Getenv("HOME")
	r := gin.Default()
	r.GET("/real", func(c *gin.Context) {
		c.Get("user")
		c.Request.URL.Query().Get("/q")
	})
	r.Run()
}
`,
    };
    expect(await routesOf(files)).toEqual([
      gin({ method: 'GET', path: '/real', file: 'main.go', line: 25, handler: [undefined, 'main.go', 25, 28], middleware: ['gin.Logger()', 'gin.Recovery()'] }),
    ]);
  });

  it('resolves prefixes from constants, Sprintf, environment defaults and fallbacks, and marks the rest partial', async () => {
    const files = {
      'go.mod': 'module example.com/cfg\n',
      '.env.example': 'API_BASE=/service\n',
      'config/config.go': `package config

import "os"

const APIPrefix = "/api"
const Version = "v2"

var Base = os.Getenv("API_BASE")

type Config struct{ Prefix string }

func Load() *Config { return &Config{} }
`,
      'main.go': `package main

import (
	"fmt"
	"os"

	"github.com/gin-gonic/gin"

	"example.com/cfg/config"
)

const adminPrefix = "/admin"

func getEnv(key, fallback string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return fallback
}

func main() {
	cfg := config.Load()
	r := gin.New()
	api := r.Group(config.APIPrefix + "/" + config.Version)
	api.GET("/items", listItems)
	r.Group(adminPrefix).GET("/stats", stats)
	r.GET(fmt.Sprintf("%s/reports/%s", config.APIPrefix, "daily"), reports)
	base := r.Group(config.Base)
	base.GET("/ping", ping)
	prefix := os.Getenv("PUBLIC_PREFIX")
	if prefix == "" {
		prefix = "/public"
	}
	r.Group(prefix).GET("/docs", docs)
	r.Group(getEnv("EXTRA_PREFIX", "/extra")).GET("/x", x)
	r.Group(os.Getenv("MISSING_PREFIX")).GET("/y", y)
	r.Group(cfg.Prefix).GET("/z", z)
}

func listItems(c *gin.Context) {}
func stats(c *gin.Context)     {}
func reports(c *gin.Context)   {}
func ping(c *gin.Context)      {}
func docs(c *gin.Context)      {}
func x(c *gin.Context)         {}
func y(c *gin.Context)         {}
func z(c *gin.Context)         {}
`,
    };
    const handler = (name: string, line: number): [string, string, number, number] => [name, 'main.go', line, line];
    expect(await routesOf(files)).toEqual([
      gin({ method: 'GET', path: '/admin/stats', file: 'main.go', line: 26, handler: handler('stats', 41) }),
      gin({ method: 'GET', path: '/api/reports/daily', file: 'main.go', line: 27, handler: handler('reports', 42) }),
      gin({ method: 'GET', path: '/api/v2/items', file: 'main.go', line: 25, handler: handler('listItems', 40) }),
      gin({ method: 'GET', path: '/extra/x', file: 'main.go', line: 35, handler: handler('x', 45), notes: ['EXTRA_PREFIX from the environment, fallback "/extra" in code'] }),
      gin({ method: 'GET', path: '/public/docs', file: 'main.go', line: 34, handler: handler('docs', 44), notes: ['PUBLIC_PREFIX from the environment, fallback "/public" in code'] }),
      gin({ method: 'GET', path: '/service/ping', file: 'main.go', line: 29, handler: handler('ping', 43), notes: ['API_BASE from the environment, default "/service" from .env.example'] }),
      gin({ method: 'GET', path: '/y', file: 'main.go', line: 36, handler: handler('y', 46), partial: true, notes: ['MISSING_PREFIX from the environment: no default found'] }),
      gin({ method: 'GET', path: '/z', file: 'main.go', line: 37, handler: handler('z', 47), partial: true, notes: ['cfg.Prefix could not be resolved'] }),
    ]);
  });

  it('follows groups several levels deep and a register function used for two versions', async () => {
    const files = {
      'go.mod': 'module github.com/acme/orders\n',
      'main.go': `package main

import (
	"github.com/gin-gonic/gin"

	"github.com/acme/orders/api"
)

func main() {
	r := gin.New()
	api.Setup(r)
	r.Run()
}
`,
      'api/setup.go': `package api

import (
	"github.com/gin-gonic/gin"

	"github.com/acme/orders/api/users"
)

func Setup(r *gin.Engine) {
	users.Register(r.Group("/v1"))
	users.Register(r.Group("/v2"))
}
`,
      'api/users/users.go': `package users

import (
	"github.com/gin-gonic/gin"

	"github.com/acme/orders/api/orders"
)

func Register(rg *gin.RouterGroup) {
	g := rg.Group("/users")
	g.GET("", list)
	orders.Register(g.Group("/:id"))
}

func list(c *gin.Context) {}
`,
      'api/orders/orders.go': `package orders

import "github.com/gin-gonic/gin"

func Register(rg gin.IRouter) {
	rg.Group("/orders").POST("", create)
}

func create(c *gin.Context) {}
`,
    };
    expect(await routesOf(files)).toEqual([
      gin({ method: 'GET', path: '/v1/users', file: 'api/users/users.go', line: 11, handler: ['list', 'api/users/users.go', 15, 15] }),
      gin({ method: 'POST', path: '/v1/users/{id}/orders', file: 'api/orders/orders.go', line: 6, handler: ['create', 'api/orders/orders.go', 9, 9] }),
      gin({ method: 'GET', path: '/v2/users', file: 'api/users/users.go', line: 11, handler: ['list', 'api/users/users.go', 15, 15] }),
      gin({ method: 'POST', path: '/v2/users/{id}/orders', file: 'api/orders/orders.go', line: 6, handler: ['create', 'api/orders/orders.go', 9, 9] }),
    ]);
  });

  it('keeps routes of a group whose caller is not in the tree, as partial; an engine parameter is a top-level router', async () => {
    const files = {
      'routes/routes.go': `package routes

import "github.com/gin-gonic/gin"

func RegisterOrphans(rg *gin.RouterGroup) {
	rg.GET("/orphans", list)
}

func RegisterRoot(e *gin.Engine) {
	e.GET("/root", list)
}

func list(c *gin.Context) {}
`,
    };
    expect(await routesOf(files)).toEqual([
      gin({
        method: 'GET', path: '/orphans', file: 'routes/routes.go', line: 6, handler: ['list', 'routes/routes.go', 13, 13], partial: true,
        notes: ['prefix unknown: the router reaches RegisterOrphans(rg) from a caller that was not found'],
      }),
      gin({ method: 'GET', path: '/root', file: 'routes/routes.go', line: 10, handler: ['list', 'routes/routes.go', 13, 13] }),
    ]);
  });

  it('follows a package-level router set up in init and main', async () => {
    const files = {
      'main.go': `package main

import "github.com/gin-gonic/gin"

var router = gin.New()

func init() {
	router.GET("/from-init", handle)
}

func main() {
	router.Use(recovery)
	router.POST("/from-main", handle)
	router.Run()
}

func handle(c *gin.Context) {}
func recovery(c *gin.Context) {}
`,
    };
    expect(await routesOf(files)).toEqual([
      gin({ method: 'GET', path: '/from-init', file: 'main.go', line: 8, handler: ['handle', 'main.go', 17, 17] }),
      gin({ method: 'POST', path: '/from-main', file: 'main.go', line: 13, handler: ['handle', 'main.go', 17, 17], middleware: ['recovery'] }),
    ]);
  });

  it('changes a route signature when its handler body changes, not when unrelated code does', async () => {
    const source = (body: string, other: string) => ({
      'main.go': `package main

import "github.com/gin-gonic/gin"

func main() {
	r := gin.New()
	r.GET("/items", list)
}

func list(c *gin.Context) { ${body} }

func other() { ${other} }
`,
    });
    const [base] = await routesOf(source('c.Status(200)', 'println(1)'));
    const [unrelated] = await routesOf(source('c.Status(200)', 'println(2)'));
    const [changed] = await routesOf(source('c.Status(204)', 'println(1)'));
    expect(unrelated!.signature).toBe(base!.signature);
    expect(changed!.signature).not.toBe(base!.signature);
  });
});
