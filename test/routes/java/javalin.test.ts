import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { buildRouteMap } from '../../../src/core/routes/build-route-map.js';
import { withoutSignatures } from './fixture-tree.js';
import { expectedRoute, type ExpectedRoute } from './route-builders.js';

const javalin = (route: ExpectedRoute) => expectedRoute('javalin', route);
const routesOf = async (files: Record<string, string>) => withoutSignatures((await buildRouteMap(new MemoryTree('head', files))).routes);

const SRC = 'src/main/java/io/javalin/example/';

/**
 * A Javalin 6 user service laid out like javalin-samples' javalin6 examples: the config sets the
 * context path and an ApiBuilder block with nested paths, a static-method controller, a CrudHandler
 * and an access-manager role; `app.before` guards part of the API.
 */
const USER_SERVICE: Record<string, string> = {
  'pom.xml': '<project><dependencies><dependency><groupId>io.javalin</groupId><artifactId>javalin</artifactId><version>6.1.3</version></dependency></dependencies></project>\n',
  [`${SRC}Main.java`]: `package io.javalin.example;

import io.javalin.Javalin;
import io.javalin.example.auth.AuthHandler;
import io.javalin.example.auth.Role;
import io.javalin.example.user.UserController;
import io.javalin.example.article.ArticleController;

import static io.javalin.apibuilder.ApiBuilder.*;

public class Main {
    public static void main(String[] args) {
        Javalin app = Javalin.create(config -> {
            config.router.contextPath = "/api";
            config.router.apiBuilder(() -> {
                path("users", () -> {
                    get(UserController::getAll);
                    post(UserController::create, Role.ADMIN);
                    path("{userId}", () -> {
                        get(UserController::getOne);
                        patch(UserController::update);
                        delete(UserController::delete);
                    });
                });
                crud("articles/{article-id}", new ArticleController());
            });
        });
        app.before("/users/*", AuthHandler::check);
        app.get("/health", ctx -> ctx.result("OK"));
        app.start(7070);
    }
}
`,
  [`${SRC}user/UserController.java`]: `package io.javalin.example.user;

import io.javalin.http.Context;

public class UserController {
    public static void getAll(Context ctx) {
        ctx.json(UserDao.all());
    }

    public static void create(Context ctx) {
        ctx.status(201);
    }

    public static void getOne(Context ctx) { }

    public static void update(Context ctx) { }

    public static void delete(Context ctx) { }
}
`,
  [`${SRC}article/ArticleController.java`]: `package io.javalin.example.article;

import io.javalin.apibuilder.CrudHandler;
import io.javalin.http.Context;
import org.jetbrains.annotations.NotNull;

public class ArticleController implements CrudHandler {
    @Override
    public void getAll(@NotNull Context ctx) { }

    @Override
    public void getOne(@NotNull Context ctx, @NotNull String id) { }

    @Override
    public void create(@NotNull Context ctx) { }

    @Override
    public void update(@NotNull Context ctx, @NotNull String id) { }

    @Override
    public void delete(@NotNull Context ctx, @NotNull String id) { }
}
`,
  [`${SRC}auth/AuthHandler.java`]: `package io.javalin.example.auth;

import io.javalin.http.Context;

public class AuthHandler {
    public static void check(Context ctx) { }
}
`,
};

describe('Javalin routes', () => {
  it('resolves the ApiBuilder block of Javalin 6, crud, roles, the context path and before filters', async () => {
    const main = `${SRC}Main.java`;
    const users = `${SRC}user/UserController.java`;
    const articles = `${SRC}article/ArticleController.java`;
    const notes = [`context path /api set at ${main}:14`];
    expect(await routesOf(USER_SERVICE)).toEqual([
      javalin({ method: 'GET', path: '/api/articles', file: main, line: 25, handler: ['ArticleController.getAll', 8, 9], handlerFile: articles, notes }),
      javalin({ method: 'POST', path: '/api/articles', file: main, line: 25, handler: ['ArticleController.create', 14, 15], handlerFile: articles, notes }),
      javalin({ method: 'DELETE', path: '/api/articles/{article-id}', file: main, line: 25, handler: ['ArticleController.delete', 20, 21], handlerFile: articles, notes }),
      javalin({ method: 'GET', path: '/api/articles/{article-id}', file: main, line: 25, handler: ['ArticleController.getOne', 11, 12], handlerFile: articles, notes }),
      javalin({ method: 'PATCH', path: '/api/articles/{article-id}', file: main, line: 25, handler: ['ArticleController.update', 17, 18], handlerFile: articles, notes }),
      { ...javalin({ method: 'GET', path: '/api/health', file: main, line: 29, notes }), handler: { file: main, startLine: 29, endLine: 29 } },
      javalin({ method: 'GET', path: '/api/users', file: main, line: 17, handler: ['UserController.getAll', 6, 8], handlerFile: users, notes }),
      javalin({ method: 'POST', path: '/api/users', file: main, line: 18, handler: ['UserController.create', 10, 12], handlerFile: users, middleware: ['Role.ADMIN'], notes }),
      javalin({ method: 'DELETE', path: '/api/users/{userId}', file: main, line: 22, handler: ['UserController.delete', 18, 18], handlerFile: users, middleware: ['AuthHandler::check'], notes }),
      javalin({ method: 'GET', path: '/api/users/{userId}', file: main, line: 20, handler: ['UserController.getOne', 14, 14], handlerFile: users, middleware: ['AuthHandler::check'], notes }),
      javalin({ method: 'PATCH', path: '/api/users/{userId}', file: main, line: 21, handler: ['UserController.update', 16, 16], handlerFile: users, middleware: ['AuthHandler::check'], notes }),
    ]);
  });

  it('reads Javalin 5 app.routes, instance handlers, a Javalin passed to another class, addHandler, <param> paths and constant paths', async () => {
    const app = 'src/main/java/com/acme/notes/';
    const files = {
      [`${app}NotesApp.java`]: `package com.acme.notes;

import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import com.acme.notes.web.NoteController;
import com.acme.notes.web.HealthRoutes;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;

public class NotesApp {
    public static void main(String[] args) {
        NoteController notes = new NoteController();
        var app = Javalin.create(config -> config.routing.contextPath = "/notes-api");
        app.routes(() -> {
            path(Paths.NOTES, () -> {
                get(notes::list);
                post(notes::create);
                get("<noteId>", notes::find);
            });
        });
        app.addHandler(HandlerType.DELETE, "/notes/{noteId}", notes::remove);
        new HealthRoutes(app).register();
        app.start(8080);
    }
}
`,
      [`${app}Paths.java`]: `package com.acme.notes;

public final class Paths {
    public static final String NOTES = "/notes";
}
`,
      [`${app}web/NoteController.java`]: `package com.acme.notes.web;

import io.javalin.http.Context;

public class NoteController {
    public void list(Context ctx) { }
    public void create(Context ctx) { }
    public void find(Context ctx) { }
    public void remove(Context ctx) { }
}
`,
      [`${app}web/HealthRoutes.java`]: `package com.acme.notes.web;

import io.javalin.Javalin;

public class HealthRoutes {
    private final Javalin app;

    public HealthRoutes(Javalin app) {
        this.app = app;
    }

    public void register() {
        this.app.get("/health", ctx -> ctx.result("UP"));
        app.before("/health", ctx -> ctx.header("Cache-Control", "no-store"));
    }
}
`,
    };
    const main = `${app}NotesApp.java`;
    const controller = `${app}web/NoteController.java`;
    const health = `${app}web/HealthRoutes.java`;
    const notes = [`context path /notes-api set at ${main}:15`];
    expect(await routesOf(files)).toEqual([
      { ...javalin({ method: 'GET', path: '/notes-api/health', file: health, line: 13, middleware: ['inline handler at line 14'], notes }), handler: { file: health, startLine: 13, endLine: 13 } },
      javalin({ method: 'GET', path: '/notes-api/notes', file: main, line: 18, handler: ['NoteController.list', 6, 6], handlerFile: controller, notes }),
      javalin({ method: 'POST', path: '/notes-api/notes', file: main, line: 19, handler: ['NoteController.create', 7, 7], handlerFile: controller, notes }),
      javalin({ method: 'DELETE', path: '/notes-api/notes/{noteId}', file: main, line: 23, handler: ['NoteController.remove', 9, 9], handlerFile: controller, notes }),
      javalin({ method: 'GET', path: '/notes-api/notes/{noteId}', file: main, line: 20, handler: ['NoteController.find', 8, 8], handlerFile: controller, notes }),
    ]);
  });

  it('scopes ApiBuilder before filters to their path, marks computed paths partial, and ignores get calls of other objects', async () => {
    const file = 'src/main/java/com/acme/shop/ShopApp.java';
    const files = {
      [file]: `package com.acme.shop;

import io.javalin.Javalin;
import java.util.Map;

import static io.javalin.apibuilder.ApiBuilder.*;

public class ShopApp {
    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        String version = env.get("API_VERSION");
        Javalin.create(config -> config.router.apiBuilder(() -> {
            path("admin", () -> {
                before(ctx -> requireAdmin(ctx));
                get("stats", ShopApp::stats);
            });
            get("products", ShopApp::products);
            path(version, () -> get("orders", ShopApp::orders));
        })).start(7000);
    }

    static void requireAdmin(io.javalin.http.Context ctx) { }
    static void stats(io.javalin.http.Context ctx) { }
    static void products(io.javalin.http.Context ctx) { }
    static void orders(io.javalin.http.Context ctx) { }
}
`,
    };
    expect(await routesOf(files)).toEqual([
      javalin({ method: 'GET', path: '/admin/stats', file, line: 15, handler: ['ShopApp.stats', 23, 23], middleware: ['inline handler at line 14'] }),
      javalin({ method: 'GET', path: '/orders', file, line: 18, handler: ['ShopApp.orders', 25, 25], partial: true, notes: ['could not resolve version; the path holds the rest'] }),
      javalin({ method: 'GET', path: '/products', file, line: 17, handler: ['ShopApp.products', 24, 24] }),
    ]);
  });
});

