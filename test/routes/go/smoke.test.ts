import { describe, expect, it } from '@jest/globals';
import { buildRouteMap } from '../../../src/core/routes/build-route-map.js';
import { MemoryTree } from '../../../src/core/change-source.js';

describe('smoke', () => {
  it('gin', async () => {
    const tree = new MemoryTree('head', {
      'go.mod': 'module github.com/acme/shop\n',
      'main.go': `package main

import (
  "github.com/gin-gonic/gin"
  "github.com/acme/shop/users"
)

func main() {
  r := gin.Default()
  v1 := r.Group("/api")
  users.UsersRegister(v1.Group("/users"))
  v1.Use(users.AuthMiddleware(true))
  users.UserRegister(v1.Group("/user"))
  r.GET("/ping", func(c *gin.Context) { c.JSON(200, nil) })
  r.Run()
}
`,
      'users/routers.go': `package users

import "github.com/gin-gonic/gin"

func UsersRegister(router *gin.RouterGroup) {
  router.POST("/", Registration)
  router.POST("/login", Login)
}

func UserRegister(router *gin.RouterGroup) {
  router.GET("/", Retrieve)
  router.PUT("/", Update)
}

func Registration(c *gin.Context) {
  c.Get("x")
}
func Login(c *gin.Context) {}
func Retrieve(c *gin.Context) {}
func Update(c *gin.Context) {}
func AuthMiddleware(auto bool) gin.HandlerFunc { return nil }
`,
    });
    const map = await buildRouteMap(tree);
    console.log(JSON.stringify(map, null, 1));
    expect(map.routes.length).toBeGreaterThan(0);
  });
});
