import { describe, expect, it } from '@jest/globals';
import { loadFixture, route, routesOf } from './go-route-helpers.js';

const echo = (r: Omit<Parameters<typeof route>[0], 'framework'>) => route({ ...r, framework: 'echo' });

describe('echo routes', () => {
  it('resolves a group handed to a handler method, group middleware and the instance-wide Pre/Use middleware', async () => {
    const global = ['middleware.RemoveTrailingSlash()', 'middleware.Logger()', 'middleware.CORSWithConfig(…)'];
    const jwt = [...global, 'jwtMiddleware'];
    const routes = 'handler/routes.go';
    const user = 'handler/user.go';
    const article = 'handler/article.go';
    expect(await routesOf(loadFixture('echo/realworld'))).toEqual([
      echo({ method: 'POST', path: '/api/articles', file: routes, line: 30, handler: ['Handler.CreateArticle', article, 6, 6], middleware: [...jwt, 'h.RateLimit'] }),
      echo({ method: 'PUT', path: '/api/articles/{slug}', file: routes, line: 31, handler: ['Handler.UpdateArticle', article, 7, 7], middleware: jwt }),
      echo({ method: 'ANY', path: '/api/articles/{slug}/raw', file: routes, line: 32, handler: ['Handler.Raw', article, 8, 8], middleware: jwt }),
      echo({ method: 'GET', path: '/api/articles/feed', file: routes, line: 29, handler: ['Handler.Feed', article, 5, 5], middleware: jwt }),
      echo({ method: 'GET', path: '/api/profiles/{username}', file: routes, line: 24, handler: ['Handler.GetProfile', user, 23, 23], middleware: jwt }),
      echo({ method: 'DELETE', path: '/api/profiles/{username}/follow', file: routes, line: 25, handler: ['Handler.Follow', user, 24, 24], middleware: jwt }),
      echo({ method: 'POST', path: '/api/profiles/{username}/follow', file: routes, line: 25, handler: ['Handler.Follow', user, 24, 24], middleware: jwt }),
      echo({ method: 'GET', path: '/api/tags', file: routes, line: 35, handler: ['Handler.Tags', article, 9, 9], middleware: global }),
      echo({ method: 'GET', path: '/api/user', file: routes, line: 20, handler: ['Handler.CurrentUser', user, 17, 20], middleware: jwt }),
      echo({ method: 'PUT', path: '/api/user', file: routes, line: 21, handler: ['Handler.UpdateUser', user, 22, 22], middleware: jwt }),
      echo({ method: 'POST', path: '/api/users', file: routes, line: 16, handler: ['Handler.SignUp', user, 9, 11], middleware: global }),
      echo({ method: 'POST', path: '/api/users/login', file: routes, line: 17, handler: ['Handler.Login', user, 13, 15], middleware: global }),
      echo({ method: 'GET', path: '/swagger/*', file: 'main.go', line: 13, handler: ['echoSwagger.WrapHandler', 'main.go', 13, 13], middleware: global }),
    ]);
  });

  it('names middleware passed down as a parameter as the caller wrote it (gorsk: transport.NewHTTP(svc, e, authMiddleware))', async () => {
    const files = {
      'go.mod': 'module example.com/app\n\ngo 1.20\n\nrequire github.com/labstack/echo/v4 v4.11.0\n',
      'main.go': `package main

import (
	"github.com/labstack/echo/v4"

	"example.com/app/auth"
)

func main() {
	e := echo.New()
	authMiddleware := auth.JWT()
	auth.NewHTTP(e, authMiddleware)
	e.Start(":8080")
}
`,
      'auth/http.go': `package auth

import "github.com/labstack/echo/v4"

func JWT() echo.MiddlewareFunc { return nil }

func NewHTTP(e *echo.Echo, mw echo.MiddlewareFunc) {
	e.GET("/me", me, mw)
	register(e.Group("/v1"), mw)
}

func register(g *echo.Group, guard echo.MiddlewareFunc) {
	g.GET("/orders", me, guard)
}

func me(c echo.Context) error { return nil }
`,
    };
    expect(await routesOf(files)).toEqual([
      echo({ method: 'GET', path: '/me', file: 'auth/http.go', line: 8, handler: ['me', 'auth/http.go', 16, 16], middleware: ['authMiddleware'] }),
      echo({ method: 'GET', path: '/v1/orders', file: 'auth/http.go', line: 13, handler: ['me', 'auth/http.go', 16, 16], middleware: ['authMiddleware'] }),
    ]);
  });

  it('copies group middleware into routes and sub-groups made after it, while instance middleware applies everywhere', async () => {
    const files = {
      'main.go': `package main

import "github.com/labstack/echo/v4"

func main() {
	e := echo.New()
	e.GET("/early", h)
	g := e.Group("/admin", mw1)
	g.GET("/a", h)
	g.Use(mw2)
	g.GET("/b", h)
	sub := g.Group("/sub")
	g.Use(mw3)
	sub.GET("/c", h)
	e.Use(logger)
	e.Start(":1323")
}

func h(c echo.Context) error {
	_ = c.Get("user")
	return nil
}

func mw1(next echo.HandlerFunc) echo.HandlerFunc   { return next }
func mw2(next echo.HandlerFunc) echo.HandlerFunc   { return next }
func mw3(next echo.HandlerFunc) echo.HandlerFunc   { return next }
func logger(next echo.HandlerFunc) echo.HandlerFunc { return next }
`,
    };
    const handler: [string, string, number, number] = ['h', 'main.go', 19, 22];
    expect(await routesOf(files)).toEqual([
      echo({ method: 'GET', path: '/admin/a', file: 'main.go', line: 9, handler, middleware: ['logger', 'mw1'] }),
      echo({ method: 'GET', path: '/admin/b', file: 'main.go', line: 11, handler, middleware: ['logger', 'mw1', 'mw2'] }),
      echo({ method: 'GET', path: '/admin/sub/c', file: 'main.go', line: 14, handler, middleware: ['logger', 'mw1', 'mw2'] }),
      echo({ method: 'GET', path: '/early', file: 'main.go', line: 7, handler, middleware: ['logger'] }),
    ]);
  });
});
