import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { buildRouteMap } from '../../../src/core/routes/build-route-map.js';
import { withoutSignatures } from './fixture-tree.js';
import { expectedRoute, type ExpectedRoute } from './route-builders.js';

const vertx = (route: ExpectedRoute) => expectedRoute('vertx-web', route);
const routesOf = async (files: Record<string, string>) => withoutSignatures((await buildRouteMap(new MemoryTree('head', files))).routes);

/**
 * The RealWorld "conduit" backend as the vertx-conduit workshop builds it: one verticle, a base router
 * and an API router mounted with mountSubRouter, BodyHandler on a pattern, a JWT handler chained
 * before the handler of the protected routes.
 */
const CONDUIT_VERTICLE = `package io.vertx.conduit;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.JWTAuthHandler;

public class MainVerticle extends AbstractVerticle {

  private JWTAuth jwtAuth;

  @Override
  public void start(Promise<Void> startPromise) {
    JWTAuthHandler jwtAuthHandler = JWTAuthHandler.create(jwtAuth);

    Router baseRouter = Router.router(vertx);
    baseRouter.route("/").handler(this::indexHandler);

    Router apiRouter = Router.router(vertx);
    apiRouter.route("/user*").handler(BodyHandler.create());
    apiRouter.post("/users").handler(this::registerUser);
    apiRouter.post("/users/login").handler(this::loginUser);
    apiRouter.get("/user").handler(jwtAuthHandler).handler(this::getCurrentUser);
    apiRouter.route(HttpMethod.PUT, "/user").handler(jwtAuthHandler).handler(this::updateUser);
    apiRouter.get("/profiles/:username").handler(this::getProfile);

    baseRouter.mountSubRouter("/api", apiRouter);

    vertx.createHttpServer().requestHandler(baseRouter).listen(8080);
  }

  private void indexHandler(RoutingContext context) {
    context.response().end("conduit");
  }

  private void registerUser(RoutingContext context) { }

  private void loginUser(RoutingContext context) { }

  private void getCurrentUser(RoutingContext context) { }

  private void updateUser(RoutingContext context) { }

  private void getProfile(RoutingContext context) { }
}
`;

describe('Vert.x Web routes', () => {
  it('reads verb and route(HttpMethod, path) routes, chained handlers as middleware, pattern middleware and mountSubRouter', async () => {
    const file = 'src/main/java/io/vertx/conduit/MainVerticle.java';
    const h = (name: string, line: number): [string, number, number] => [`MainVerticle.${name}`, line, name === 'indexHandler' ? line + 2 : line];
    expect(await routesOf({ [file]: CONDUIT_VERTICLE })).toEqual([
      vertx({ method: 'ANY', path: '/', file, line: 21, handler: h('indexHandler', 36) }),
      vertx({ method: 'GET', path: '/api/profiles/{username}', file, line: 29, handler: h('getProfile', 48) }),
      vertx({ method: 'GET', path: '/api/user', file, line: 27, handler: h('getCurrentUser', 44), middleware: ['BodyHandler.create()', 'jwtAuthHandler'] }),
      vertx({ method: 'PUT', path: '/api/user', file, line: 28, handler: h('updateUser', 46), middleware: ['BodyHandler.create()', 'jwtAuthHandler'] }),
      vertx({ method: 'POST', path: '/api/users', file, line: 25, handler: h('registerUser', 40), middleware: ['BodyHandler.create()'] }),
      vertx({ method: 'POST', path: '/api/users/login', file, line: 26, handler: h('loginUser', 42), middleware: ['BodyHandler.create()'] }),
    ]);
  });

  it('follows routers built by other classes (returned, passed in, kept in a field) and mounted with subRouter', async () => {
    const api = 'src/main/java/co/caio/cerberus/service/';
    const files = {
      [`${api}Main.java`]: `package co.caio.cerberus.service;

import co.caio.cerberus.service.api.V1Configuration;
import co.caio.cerberus.service.api.HealthRoutes;
import io.vertx.core.AbstractVerticle;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.LoggerHandler;

public class Main extends AbstractVerticle {
  @Override
  public void start() {
    var router = Router.router(vertx);
    router.route().handler(LoggerHandler.create());
    router.route("/api/v1/*").subRouter(V1Configuration.getRouter(vertx));
    new HealthRoutes(router).register();
    vertx.createHttpServer().requestHandler(router).listen(8080);
  }
}
`,
      [`${api}api/V1Configuration.java`]: `package co.caio.cerberus.service.api;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

public class V1Configuration {
  public static Router getRouter(Vertx vertx) {
    var router = Router.router(vertx);

    router.route().handler(BodyHandler.create());
    router.route().failureHandler(new V1ErrorHandler());
    router.route("/search").consumes("application/json").handler(new V1SearchHandler());
    router.get("/recipes/:recipeId").respond(ctx -> ctx.json(null));

    return router;
  }
}
`,
      [`${api}api/V1SearchHandler.java`]: `package co.caio.cerberus.service.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

public class V1SearchHandler implements Handler<RoutingContext> {
  @Override
  public void handle(RoutingContext context) { }
}
`,
      [`${api}api/HealthRoutes.java`]: `package co.caio.cerberus.service.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

public class HealthRoutes {
  private final Router router;

  public HealthRoutes(Router router) {
    this.router = router;
  }

  public void register() {
    router.get("/health").handler(this::health);
  }

  private void health(RoutingContext context) { }
}
`,
    };
    const v1 = `${api}api/V1Configuration.java`;
    const health = `${api}api/HealthRoutes.java`;
    const both = ['LoggerHandler.create()', 'BodyHandler.create()'];
    expect(await routesOf(files)).toEqual([
      // An inline handler has no name.
      { ...vertx({ method: 'GET', path: '/api/v1/recipes/{recipeId}', file: v1, line: 14, middleware: both }), handler: { file: v1, startLine: 14, endLine: 14 } },
      vertx({ method: 'ANY', path: '/api/v1/search', file: v1, line: 13, handler: ['V1SearchHandler.handle', 7, 8], handlerFile: `${api}api/V1SearchHandler.java`, middleware: both }),
      vertx({ method: 'GET', path: '/health', file: health, line: 14, handler: ['HealthRoutes.health', 17, 17], middleware: ['LoggerHandler.create()'] }),
    ]);
  });

  it('marks the routes of a router passed in by code the tree does not show as partial', async () => {
    const file = 'src/main/java/com/acme/plugin/MetricsRoutes.java';
    const files = {
      [file]: `package com.acme.plugin;

import io.vertx.ext.web.Router;

public final class MetricsRoutes {
  public static void mount(Router router) {
    router.get("/metrics").handler(ctx -> ctx.end("ok"));
  }
}
`,
    };
    const notes = ['prefix unknown: the Router parameter of MetricsRoutes.mount is passed by code that could not be followed'];
    expect(await routesOf(files)).toEqual([{ ...vertx({ method: 'GET', path: '/metrics', file, line: 7, partial: true, notes }), handler: { file, startLine: 7, endLine: 7 } }]);
  });
});

