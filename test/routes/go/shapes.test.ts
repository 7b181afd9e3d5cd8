import { describe, expect, it } from '@jest/globals';
import { route, routesOf } from './go-route-helpers.js';

describe('Go route set-up shapes', () => {
  it('follows routers inside dependency structs, embedded routers, group-returning helpers and chained groups', async () => {
    const files = {
      'go.mod': 'module example.com/shapes\n',
      'main.go': `package main

import (
	"github.com/gin-gonic/gin"
	swaggerFiles "github.com/swaggo/files"
	ginSwagger "github.com/swaggo/gin-swagger"

	"example.com/shapes/handlers"
	"example.com/shapes/routes"
)

type Server struct{ *gin.Engine }

func (s *Server) Handler() gin.HandlerFunc { return nil }

func main() {
	uh := handlers.NewUserHandler()
	s := &Server{Engine: gin.New()}
	s.GET("/swagger/*any", ginSwagger.WrapHandler(swaggerFiles.Handler))
	routes.Setup(routes.Deps{Router: s.Engine, Users: uh})
	apiGroup(s.Engine).Group("/a").Group("/b").GET("/c", uh.Get)
	s.Run()
}

func apiGroup(r *gin.Engine) *gin.RouterGroup {
	return r.Group("/api")
}
`,
      'routes/routes.go': `package routes

import (
	"github.com/gin-gonic/gin"

	"example.com/shapes/handlers"
)

type Deps struct {
	Router *gin.Engine
	Users  *handlers.UserHandler
}

func Setup(d Deps) {
	v1 := d.Router.Group("/v1")
	v1.GET("/users/:id", d.Users.Get)
}
`,
      'handlers/users.go': `package handlers

import "github.com/gin-gonic/gin"

type UserHandler struct{}

func NewUserHandler() *UserHandler { return &UserHandler{} }

func (h *UserHandler) Get(c *gin.Context) {}
`,
    };
    const get: [string, string, number, number] = ['UserHandler.Get', 'handlers/users.go', 9, 9];
    expect(await routesOf(files)).toEqual([
      route({ method: 'GET', path: '/api/a/b/c', file: 'main.go', line: 21, framework: 'gin', handler: get }),
      route({ method: 'GET', path: '/swagger/{any}', file: 'main.go', line: 19, framework: 'gin', handler: ['ginSwagger.WrapHandler', 'main.go', 19, 19] }),
      route({ method: 'GET', path: '/v1/users/{id}', file: 'routes/routes.go', line: 16, framework: 'gin', handler: get }),
    ]);
  });

  it('keeps routes declared under a condition and routes of an echo instance embedded in a struct', async () => {
    const files = {
      'main.go': `package main

import (
	"os"

	"github.com/labstack/echo/v4"
)

type App struct {
	*echo.Echo
	debug bool
}

func NewApp() *App {
	app := &App{Echo: echo.New(), debug: os.Getenv("DEBUG") != ""}
	app.GET("/items", items)
	if app.debug {
		app.GET("/debug/vars", vars)
	}
	return app
}

func items(c echo.Context) error { return nil }
func vars(c echo.Context) error  { return nil }
`,
    };
    expect(await routesOf(files)).toEqual([
      route({ method: 'GET', path: '/debug/vars', file: 'main.go', line: 18, framework: 'echo', handler: ['vars', 'main.go', 24, 24] }),
      route({ method: 'GET', path: '/items', file: 'main.go', line: 16, framework: 'echo', handler: ['items', 'main.go', 23, 23] }),
    ]);
  });
});

describe('route tables', () => {
  it('registers the rows of a route table ranged over, with anonymous and named row types', async () => {
    const files = {
      'main.go': `package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type Route struct {
	Method  string
	Pattern string
	Handler http.HandlerFunc
}

var apiRoutes = []Route{
	{"GET", "/things", listThings},
	{Method: http.MethodPost, Pattern: "/things", Handler: createThing},
}

func main() {
	r := gin.New()
	admin := []struct {
		method, path string
		handler      gin.HandlerFunc
	}{
		{"DELETE", "/cache", purge},
	}
	for _, rt := range admin {
		r.Handle(rt.method, "/admin"+rt.path, rt.handler)
	}

	mux := http.NewServeMux()
	for _, rt := range apiRoutes {
		mux.HandleFunc(rt.Method+" "+rt.Pattern, rt.Handler)
	}
	http.ListenAndServe(":8080", mux)
}

func purge(c *gin.Context)                             {}
func listThings(w http.ResponseWriter, r *http.Request)  {}
func createThing(w http.ResponseWriter, r *http.Request) {}
`,
    };
    expect(await routesOf(files)).toEqual([
      route({ method: 'DELETE', path: '/admin/cache', file: 'main.go', line: 29, framework: 'gin', handler: ['purge', 'main.go', 39, 39] }),
      route({ method: 'GET', path: '/things', file: 'main.go', line: 34, framework: 'net-http', handler: ['listThings', 'main.go', 40, 40] }),
      route({ method: 'POST', path: '/things', file: 'main.go', line: 34, framework: 'net-http', handler: ['createThing', 'main.go', 41, 41] }),
    ]);
  });
});

describe('loops', () => {
  it('registers a group per element of a literal list ranged over', async () => {
    const files = {
      'main.go': `package main

import "github.com/go-chi/chi/v5"

func main() {
	r := chi.NewRouter()
	for _, version := range []string{"v1", "v2"} {
		r.Route("/"+version, func(r chi.Router) {
			r.Get("/items", items)
		})
	}
}

func items(w http.ResponseWriter, r *http.Request) {}
`,
    };
    const handler: [string, string, number, number] = ['items', 'main.go', 14, 14];
    expect(await routesOf(files)).toEqual([
      route({ method: 'GET', path: '/v1/items', file: 'main.go', line: 9, framework: 'chi', handler }),
      route({ method: 'GET', path: '/v2/items', file: 'main.go', line: 9, framework: 'chi', handler }),
    ]);
  });
});
