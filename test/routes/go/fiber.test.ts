import { describe, expect, it } from '@jest/globals';
import { route, routesOf } from './go-route-helpers.js';

const fiber = (r: Omit<Parameters<typeof route>[0], 'framework'>) => route({ ...r, framework: 'fiber' });

describe('fiber routes', () => {
  it('reads groups, Route callbacks, Add, All, mounted apps and middleware registered before each route', async () => {
    const files = {
      'main.go': `package main

import (
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/logger"
)

func main() {
	app := fiber.New()
	app.Get("/early", h)
	app.Use(logger.New())
	app.Get("/", h)
	api := app.Group("/api", auth)
	v1 := api.Group("/v1")
	v1.Get("/list", h)
	v1.Post("/items", validate, h)
	v1.All("/any", h)
	app.Route("/admin", func(router fiber.Router) {
		router.Delete("/cache", h)
	})
	app.Add(fiber.MethodPatch, "/patch", h)
	micro := fiber.New()
	micro.Get("/doc", h)
	app.Mount("/john", micro)
	app.Listen(":3000")
}

func h(c *fiber.Ctx) error {
	_ = c.Get("X-Request-Id")
	return nil
}

func auth(c *fiber.Ctx) error     { return c.Next() }
func validate(c *fiber.Ctx) error { return c.Next() }
`,
    };
    const handler: [string, string, number, number] = ['h', 'main.go', 28, 31];
    expect(await routesOf(files)).toEqual([
      fiber({ method: 'GET', path: '/', file: 'main.go', line: 12, handler, middleware: ['logger.New()'] }),
      fiber({ method: 'DELETE', path: '/admin/cache', file: 'main.go', line: 19, handler, middleware: ['logger.New()'] }),
      fiber({ method: 'ANY', path: '/api/v1/any', file: 'main.go', line: 17, handler, middleware: ['logger.New()', 'auth'] }),
      fiber({ method: 'POST', path: '/api/v1/items', file: 'main.go', line: 16, handler, middleware: ['logger.New()', 'auth', 'validate'] }),
      fiber({ method: 'GET', path: '/api/v1/list', file: 'main.go', line: 15, handler, middleware: ['logger.New()', 'auth'] }),
      fiber({ method: 'GET', path: '/early', file: 'main.go', line: 10, handler }),
      fiber({ method: 'GET', path: '/john/doc', file: 'main.go', line: 23, handler, middleware: ['logger.New()'] }),
      fiber({ method: 'PATCH', path: '/patch', file: 'main.go', line: 21, handler, middleware: ['logger.New()'] }),
    ]);
  });
});
