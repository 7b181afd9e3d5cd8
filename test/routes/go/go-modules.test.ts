import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { scanTree } from '../../../src/core/analysis/scan-tree.js';
import { RouteCollector } from '../../../src/core/routes/build-route-map.js';
import { GO_EXTRACTORS } from '../../../src/core/routes/extractors/go/index.js';
import { modulePathOf } from '../../../src/core/routes/extractors/go/shared/go-program.js';
import { route, routesOf } from './go-route-helpers.js';

// An external package whose path ends like a directory of the tree: import paths alone are ambiguous.
const files = {
  'go.mod': 'module example.com/app // the service\n\ngo 1.22\n',
  'main.go': `package main

import (
	"github.com/gin-gonic/gin"

	"example.com/app/handlers"
	lib "github.com/other/lib/handlers"
)

func main() {
	r := gin.New()
	handlers.Register(r.Group("/api"))
	lib.Register(r.Group("/lib"))
}
`,
  'handlers/handlers.go': `package handlers

import "github.com/gin-gonic/gin"

func Register(rg *gin.RouterGroup) {
	rg.GET("/items", items)
}

func items(c *gin.Context) {}
`,
};

/** The Go routes of a tree whose project info carries its go.mod (as `readProjectInfo` reads it). */
async function routesWithGoMod(tree: Record<string, string>) {
  const memory = new MemoryTree('head', tree);
  const collector = new RouteCollector(GO_EXTRACTORS, []);
  await scanTree(memory, [collector]);
  return collector.link({ paths: await memory.paths(), envDefaults: new Map(), configFiles: new Map([['go.mod', tree['go.mod']!]]) });
}

describe('Go packages', () => {
  it('reads the module path from go.mod when the project info carries it', async () => {
    expect(await routesWithGoMod(files)).toEqual([
      route({ method: 'GET', path: '/api/items', file: 'handlers/handlers.go', line: 6, framework: 'gin', handler: ['items', 'handlers/handlers.go', 9, 9] }),
    ]);
  });

  it('infers the module path from the imports otherwise, without taking external packages for local ones', async () => {
    const withMoreImports = {
      ...files,
      'handlers/util.go': 'package handlers\n\nimport _ "example.com/app/internal/db"\n',
      'internal/db/db.go': 'package db\n',
    };
    expect(await routesOf(withMoreImports)).toEqual([
      route({ method: 'GET', path: '/api/items', file: 'handlers/handlers.go', line: 6, framework: 'gin', handler: ['items', 'handlers/handlers.go', 9, 9] }),
    ]);
  });

  it('also resolves imports written with another module path than go.mod declares (GOPATH-era code, as golang-gin-realworld-example-app)', async () => {
    const renamed = {
      'go.mod': 'module github.com/someone/old-starter-kit\n\ngo 1.13\n',
      'hello.go': files['main.go'].replace('"example.com/app/handlers"', '"github.com/acme/realworld/handlers"'),
      'handlers/handlers.go': files['handlers/handlers.go'],
    };
    expect(await routesWithGoMod(renamed)).toEqual([
      route({ method: 'GET', path: '/api/items', file: 'handlers/handlers.go', line: 6, framework: 'gin', handler: ['items', 'handlers/handlers.go', 9, 9] }),
    ]);
  });

  it('reads module directives', () => {
    expect(modulePathOf('// x\nmodule github.com/acme/shop\n')).toBe('github.com/acme/shop');
    expect(modulePathOf('module "example.com/quoted"\n')).toBe('example.com/quoted');
    expect(modulePathOf('go 1.21\n')).toBeUndefined();
  });
});
