import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { buildRouteMap } from '../../../src/core/routes/build-route-map.js';
import type { Route } from '../../../src/core/routes/types.js';

const summary = (routes: readonly Route[]) => routes.map((route) => ({ method: route.method, path: route.path, line: route.line, partial: route.partial ?? false }));

describe('Java route extraction edge cases', () => {
  it('resolves constants through static imports, inherited interface constants and nested classes; a cycle stays unresolved', async () => {
    const tree = new MemoryTree('head', {
      'src/main/java/com/acme/Paths.java': `package com.acme;

public interface Paths {
  String API = "/api";
  String USERS = API + "/users";
  String LOOP_A = LOOP_B;
  String LOOP_B = LOOP_A;
}
`,
      'src/main/java/com/acme/web/Routes.java': `package com.acme.web;

public final class Routes {
  public static final class Admin {
    public static final String ROOT = com.acme.Paths.API + "/admin";
  }
}
`,
      'src/main/java/com/acme/web/UserController.java': `package com.acme.web;

import static com.acme.Paths.*;

import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping(USERS)
public class UserController {
  @GetMapping("/{id}")
  public User get(@PathVariable long id) { return null; }

  @GetMapping(LOOP_A + "/loop")
  public void loop() {}
}
`,
      'src/main/java/com/acme/web/AdminController.java': `package com.acme.web;

import com.acme.Paths;
import org.springframework.web.bind.annotation.*;

@RestController
public class AdminController implements Paths {
  @GetMapping(API + "/health")
  public String health() { return "UP"; }

  @org.springframework.web.bind.annotation.PostMapping(Routes.Admin.ROOT + "/reindex")
  public void reindex() {}
}
`,
    });
    const map = await buildRouteMap(tree);
    expect(summary(map.routes)).toEqual([
      { method: 'POST', path: '/api/admin/reindex', line: 11, partial: false },
      { method: 'GET', path: '/api/health', line: 8, partial: false },
      { method: 'GET', path: '/api/users/{id}', line: 10, partial: false },
      { method: 'GET', path: '/api/users/loop', line: 13, partial: true },
    ]);
    expect(map.routes[3]!.notes).toEqual(['could not resolve LOOP_A; the path holds the rest']);
  });

  it('uses class-level request methods, keeps catch-all patterns and reports params-split mappings separately', async () => {
    const tree = new MemoryTree('head', {
      'src/main/java/demo/FileController.java': `package demo;

import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping(path = "/files", method = RequestMethod.GET)
public class FileController {
  @RequestMapping("/{*rest}")
  public byte[] read(@PathVariable String rest) { return null; }

  @RequestMapping(value = "/list", params = "v=1")
  public String listV1() { return ""; }

  @RequestMapping(value = "/list", params = "v=2")
  public String listV2() { return ""; }

  @RequestMapping(value = "/static/**", method = {RequestMethod.GET, RequestMethod.HEAD})
  public byte[] statics() { return null; }
}
`,
    });
    expect(summary((await buildRouteMap(tree)).routes)).toEqual([
      { method: 'GET', path: '/files/{rest}', line: 8, partial: false },
      { method: 'GET', path: '/files/list', line: 11, partial: false },
      { method: 'GET', path: '/files/list', line: 14, partial: false },
      { method: 'GET', path: '/files/static/**', line: 17, partial: false },
      { method: 'HEAD', path: '/files/static/**', line: 17, partial: false },
    ]);
  });

  it('reads a Micronaut controller as Micronaut only; ignores abstract classes, Feign clients and annotated interfaces nobody implements', async () => {
    const tree = new MemoryTree('head', {
      'src/main/java/demo/HelloController.java': `package demo;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

@Controller("/hello")
public class HelloController {
  @Get("/{name}")
  public String hello(String name) { return "Hello " + name; }
}
`,
      'src/main/java/demo/AbstractApi.java': `package demo;

import org.springframework.web.bind.annotation.*;

@RequestMapping("/abstract")
public abstract class AbstractApi {
  @GetMapping
  public String get() { return ""; }
}
`,
      'src/main/java/demo/CatalogApi.java': `package demo;

import org.springframework.web.bind.annotation.*;

public interface CatalogApi {
  @GetMapping("/catalog")
  String catalog();
}
`,
    });
    const map = await buildRouteMap(tree);
    expect(map.routes.map((route) => `${route.framework} ${route.method} ${route.path} ${route.file}:${route.line}`)).toEqual(['micronaut GET /hello/{name} src/main/java/demo/HelloController.java:8']);
    expect(map.skipped).toEqual([]);
  });

  it('keeps controllers of two modules apart even when they share a qualified name', async () => {
    const controller = (path: string): string => `package com.example.demo;

import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping(DemoPaths.BASE)
public class DemoController {
  @GetMapping
  public String hello() { return "${path}"; }
}
`;
    const paths = (base: string): string => `package com.example.demo;

final class DemoPaths {
  static final String BASE = "${base}";
}
`;
    const tree = new MemoryTree('head', {
      'one/src/main/java/com/example/demo/DemoController.java': controller('one'),
      'one/src/main/java/com/example/demo/DemoPaths.java': paths('/one'),
      'two/src/main/java/com/example/demo/DemoController.java': controller('two'),
      'two/src/main/java/com/example/demo/DemoPaths.java': paths('/two'),
    });
    const routes = (await buildRouteMap(tree)).routes;
    expect(routes.map((route) => [route.path, route.file])).toEqual([
      ['/one', 'one/src/main/java/com/example/demo/DemoController.java'],
      ['/two', 'two/src/main/java/com/example/demo/DemoController.java'],
    ]);
  });
});
