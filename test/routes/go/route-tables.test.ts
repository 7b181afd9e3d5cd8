import { describe, expect, it } from '@jest/globals';
import { route, routesOf } from './go-route-helpers.js';

const gorilla = (r: Omit<Parameters<typeof route>[0], 'framework'>) => route({ ...r, framework: 'gorilla-mux' });

/** openapi-generator's go-server: each controller returns a route table that NewRouter registers in a loop. */
const GENERATED_SERVER = {
  'go.mod': 'module github.com/k-jun/waxflower\n\ngo 1.18\n\nrequire github.com/gorilla/mux v1.8.0\n',
  'main.go': `package main

import (
	"log"
	"net/http"

	openapi "github.com/k-jun/waxflower/go"
)

func main() {
	db := openapi.NewMemoryDB()
	GameAPIService := openapi.NewGameAPIService(db)
	GameAPIController := openapi.NewGameAPIController(GameAPIService)

	UserAPIService := openapi.NewUserAPIService(db)
	UserAPIController := openapi.NewUserAPIController(UserAPIService)

	router := openapi.NewRouter(GameAPIController, UserAPIController)

	log.Fatal(http.ListenAndServe(":8080", router))
}
`,
  'go/routers.go': `package openapi

import (
	"net/http"

	"github.com/gorilla/mux"
)

// A Route defines the parameters for an api endpoint
type Route struct {
	Method      string
	Pattern     string
	HandlerFunc http.HandlerFunc
}

// Routes is a map of defined api endpoints
type Routes map[string]Route

// Router defines the required methods for retrieving api routes
type Router interface {
	Routes() Routes
}

// NewRouter creates a new router for any number of api routers
func NewRouter(routers ...Router) *mux.Router {
	router := mux.NewRouter().StrictSlash(true)
	for _, api := range routers {
		for name, route := range api.Routes() {
			var handler http.Handler
			handler = route.HandlerFunc
			handler = Logger(handler, name)

			router.
				Methods(route.Method).
				Path(route.Pattern).
				Name(name).
				Handler(handler)
		}
	}

	return router
}
`,
  'go/api_game.go': `package openapi

import (
	"net/http"
	"strings"
)

type GameAPIController struct {
	service GameAPIServicer
}

// NewGameAPIController creates a default api controller
func NewGameAPIController(s GameAPIServicer, opts ...GameAPIOption) Router {
	controller := &GameAPIController{service: s}
	for _, opt := range opts {
		opt(controller)
	}
	return controller
}

// Routes returns all the api routes for the GameAPIController
func (c *GameAPIController) Routes() Routes {
	return Routes{
		"GamesGameIdGet": Route{
			strings.ToUpper("Get"),
			"/games/{gameId}",
			c.GamesGameIdGet,
		},
		"GamesPost": Route{
			Method:      http.MethodPost,
			Pattern:     "/games",
			HandlerFunc: c.GamesPost,
		},
	}
}

func (c *GameAPIController) GamesGameIdGet(w http.ResponseWriter, r *http.Request) {}

func (c *GameAPIController) GamesPost(w http.ResponseWriter, r *http.Request) {}
`,
  'go/api_user.go': `package openapi

import (
	"net/http"
	"strings"
)

type UserAPIController struct {
	service UserAPIServicer
}

func NewUserAPIController(s UserAPIServicer) Router {
	return &UserAPIController{service: s}
}

func (c *UserAPIController) Routes() Routes {
	return Routes{
		"UsersPost": Route{
			strings.ToUpper("Post"),
			"/users",
			c.UsersPost,
		},
	}
}

func (c *UserAPIController) UsersPost(w http.ResponseWriter, r *http.Request) {}
`,
  'go/logger.go': `package openapi

import (
	"log"
	"net/http"
	"time"
)

func Logger(inner http.Handler, name string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		inner.ServeHTTP(w, r)
		log.Printf("%s %s %s %s", r.Method, r.RequestURI, name, time.Since(start))
	})
}
`,
  // Not a Router: a type with a Routes method but not every method of the interface is not called.
  'go/other.go': `package openapi

import "net/http"

type Unrelated struct{}

func (u *Unrelated) Routes() []string { return []string{"/nope"} }

func (u *Unrelated) Serve(w http.ResponseWriter, r *http.Request) {}
`,
};

/** swagger-codegen's older go-server: one package-level table of rows, some with their type elided. */
const LEGACY_SERVER = {
  'main.go': `package main

import (
	"log"
	"net/http"

	sw "github.com/ex/legacy/go"
)

func main() {
	router := sw.NewRouter()
	log.Fatal(http.ListenAndServe(":8080", router))
}
`,
  'go/routers.go': `package swagger

import (
	"net/http"
	"strings"

	"github.com/gorilla/mux"
)

type Route struct {
	Name        string
	Method      string
	Pattern     string
	HandlerFunc http.HandlerFunc
}

type Routes []Route

func NewRouter() *mux.Router {
	router := mux.NewRouter().StrictSlash(true)
	for _, route := range routes {
		var handler http.Handler
		handler = route.HandlerFunc
		handler = Logger(handler, route.Name)

		router.
			Methods(route.Method).
			Path(route.Pattern).
			Name(route.Name).
			Handler(handler)
	}
	return router
}

func Index(w http.ResponseWriter, r *http.Request) {}

var routes = Routes{
	Route{
		"Index",
		"GET",
		"/v2/",
		Index,
	},

	{
		"GetPetById",
		strings.ToUpper("Get"),
		"/v2/pet/{petId}",
		GetPetById,
	},
}
`,
  'go/api_pet.go': `package swagger

import "net/http"

func GetPetById(w http.ResponseWriter, r *http.Request) {}

func Logger(inner http.Handler, name string) http.Handler { return inner }
`,
};

describe('Go route tables registered in a loop', () => {
  it('reads the tables controllers return through an interface (openapi-generator go-server)', async () => {
    expect(await routesOf(GENERATED_SERVER)).toEqual([
      // Each route is declared by its table row; the handler is the controller method the row names.
      gorilla({ method: 'POST', path: '/games', file: 'go/api_game.go', line: 29, handler: ['GameAPIController.GamesPost', 'go/api_game.go', 39, 39] }),
      gorilla({ method: 'GET', path: '/games/{gameId}', file: 'go/api_game.go', line: 24, handler: ['GameAPIController.GamesGameIdGet', 'go/api_game.go', 37, 37] }),
      gorilla({ method: 'POST', path: '/users', file: 'go/api_user.go', line: 18, handler: ['UserAPIController.UsersPost', 'go/api_user.go', 26, 26] }),
    ]);
  });

  it('reads a package-level table whose rows elide their type (swagger-codegen go-server)', async () => {
    expect(await routesOf(LEGACY_SERVER)).toEqual([
      gorilla({ method: 'GET', path: '/v2', file: 'go/routers.go', line: 38, handler: ['Index', 'go/routers.go', 35, 35] }),
      gorilla({ method: 'GET', path: '/v2/pet/{petId}', file: 'go/routers.go', line: 45, handler: ['GetPetById', 'go/api_pet.go', 5, 5] }),
    ]);
  });

  it('reports no route for a registration whose path cannot be followed', async () => {
    const files = {
      'main.go': `package main

import (
	"net/http"

	"github.com/gorilla/mux"
)

func main() {
	r := mux.NewRouter()
	for _, route := range loadRoutes() {
		r.HandleFunc(route.Pattern, route.Handler).Methods(route.Method)
	}
	r.HandleFunc("/health", health).Methods("GET")
	http.ListenAndServe(":8080", r)
}

func health(w http.ResponseWriter, r *http.Request) {}
`,
    };
    expect(await routesOf(files)).toEqual([
      gorilla({ method: 'GET', path: '/health', file: 'main.go', line: 14, handler: ['health', 'main.go', 18, 18] }),
    ]);
  });
});
