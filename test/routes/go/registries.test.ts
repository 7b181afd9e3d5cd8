import { describe, expect, it } from '@jest/globals';
import { route, routesOf } from './go-route-helpers.js';

const gin = (r: Omit<Parameters<typeof route>[0], 'framework'>) => route({ ...r, framework: 'gin' });

/** go-admin: each router file appends its registration function to a package registry in init(). */
const GO_ADMIN = {
  'go.mod': 'module go-admin\n\ngo 1.18\n\nrequire github.com/gin-gonic/gin v1.9.1\n',
  'app/admin/router/init_router.go': `package router

import (
	"github.com/gin-gonic/gin"
	"github.com/go-admin-team/go-admin-core/sdk"
	common "go-admin/common/middleware"
)

func InitRouter() {
	var r *gin.Engine
	h := sdk.Runtime.GetEngine()
	switch h.(type) {
	case *gin.Engine:
		r = h.(*gin.Engine)
	}
	authMiddleware, _ := common.AuthInit()
	InitExamplesRouter(r, authMiddleware)
}
`,
  'app/admin/router/router.go': `package router

import (
	"github.com/gin-gonic/gin"
	jwt "github.com/go-admin-team/go-admin-core/sdk/pkg/jwtauth"
)

var (
	routerNoCheckRole = make([]func(*gin.RouterGroup), 0)
	routerCheckRole   = make([]func(v1 *gin.RouterGroup, authMiddleware *jwt.GinJWTMiddleware), 0)
)

func InitExamplesRouter(r *gin.Engine, authMiddleware *jwt.GinJWTMiddleware) *gin.Engine {
	examplesNoCheckRoleRouter(r)
	examplesCheckRoleRouter(r, authMiddleware)
	return r
}

func examplesNoCheckRoleRouter(r *gin.Engine) {
	v1 := r.Group("/api/v1")
	for _, f := range routerNoCheckRole {
		f(v1)
	}
}

func examplesCheckRoleRouter(r *gin.Engine, authMiddleware *jwt.GinJWTMiddleware) {
	v1 := r.Group("/api/v1")
	for _, f := range routerCheckRole {
		f(v1, authMiddleware)
	}
}
`,
  'app/admin/router/sys_api.go': `package router

import (
	"github.com/gin-gonic/gin"
	jwt "github.com/go-admin-team/go-admin-core/sdk/pkg/jwtauth"

	"go-admin/app/admin/apis"
)

func init() {
	routerCheckRole = append(routerCheckRole, registerSysApiRouter)
}

func registerSysApiRouter(v1 *gin.RouterGroup, authMiddleware *jwt.GinJWTMiddleware) {
	api := apis.SysApi{}
	r := v1.Group("/sys-api").Use(authMiddleware.MiddlewareFunc())
	{
		r.GET("", api.GetPage)
		r.PUT("/:id", api.Update)
	}
}
`,
  'app/admin/router/captcha.go': `package router

import (
	"github.com/gin-gonic/gin"

	"go-admin/app/admin/apis"
)

func init() {
	routerNoCheckRole = append(routerNoCheckRole, registerCaptchaRouter)
}

func registerCaptchaRouter(v1 *gin.RouterGroup) {
	v1.GET("/captcha", apis.GenerateCaptcha)
}
`,
};

describe('Go registration functions collected in package registries', () => {
  it('runs init() first, so the registries main ranges over hold every appended function', async () => {
    const auth = ['authMiddleware.MiddlewareFunc()'];
    expect(await routesOf(GO_ADMIN)).toEqual([
      gin({ method: 'GET', path: '/api/v1/captcha', file: 'app/admin/router/captcha.go', line: 14, handler: ['apis.GenerateCaptcha', 'app/admin/router/captcha.go', 14, 14] }),
      gin({ method: 'GET', path: '/api/v1/sys-api', file: 'app/admin/router/sys_api.go', line: 18, handler: ['api.GetPage', 'app/admin/router/sys_api.go', 18, 18], middleware: auth }),
      gin({ method: 'PUT', path: '/api/v1/sys-api/{id}', file: 'app/admin/router/sys_api.go', line: 19, handler: ['api.Update', 'app/admin/router/sys_api.go', 19, 19], middleware: auth }),
    ]);
  });
});
