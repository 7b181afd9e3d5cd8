import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { buildRouteMap } from '../../../src/core/routes/build-route-map.js';
import { fixtureTree, withoutSignatures } from './fixture-tree.js';
import { expectedRoute, type ExpectedRoute } from './route-builders.js';

const spring = (expected: ExpectedRoute) => expectedRoute('spring', expected);

describe('Spring WebFlux functional routing', () => {
  const web = 'src/main/java/com/shop/orders/web/';
  const routes = `${web}OrderRoutes.java`;

  it('reads builder and predicate router functions, with nested prefixes and handler methods', async () => {
    const map = await buildRouteMap(fixtureTree('java/spring-webflux'));
    expect(map.skipped).toEqual([]);
    expect(withoutSignatures(map.routes)).toEqual([
      spring({ method: 'GET', path: '/api/orders', file: routes, line: 24, handler: ['OrderHandler.list', 19, 21], handlerFile: `${web}OrderHandler.java` }),
      spring({ method: 'POST', path: '/api/orders', file: routes, line: 25, handler: ['OrderHandler.create', 23, 25], handlerFile: `${web}OrderHandler.java` }),
      spring({ method: 'DELETE', path: '/api/orders/{id}', file: routes, line: 28, handler: ['OrderHandler.cancel', 31, 35], handlerFile: `${web}OrderHandler.java` }),
      spring({ method: 'GET', path: '/api/orders/{id}', file: routes, line: 27, handler: ['OrderHandler.get', 27, 29], handlerFile: `${web}OrderHandler.java` }),
      spring({ method: 'POST', path: '/echo', file: routes, line: 35, handler: ['OrderRoutes.echo', 39, 41] }),
      spring({ method: 'GET', path: '/legacy/orders', file: routes, line: 36, handler: ['StatusHandler.legacyOrders', 14, 16], handlerFile: `${web}StatusHandler.java` }),
      spring({ method: 'GET', path: '/status', file: routes, line: 34, handler: ['StatusHandler.status', 10, 12], handlerFile: `${web}StatusHandler.java` }),
    ]);
  });

  it('keeps the handler expression when it is a lambda, and reads Spring MVC functional routes too', async () => {
    const tree = new MemoryTree('head', {
      'src/main/java/demo/Routes.java': `package demo;

import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

class Routes {
  @Bean
  RouterFunction<ServerResponse> health() {
    return RouterFunctions.route()
        .GET("/health", request -> ServerResponse.ok().body("UP"))
        .build();
  }
}
`,
    });
    const map = await buildRouteMap(tree);
    expect(withoutSignatures(map.routes)).toEqual([
      spring({ method: 'GET', path: '/health', file: 'src/main/java/demo/Routes.java', line: 12, handler: ['request -> ServerResponse.ok().body("UP")', 12, 12] }),
    ]);
  });

  it('ignores GET(...) calls of other libraries and client builders', async () => {
    const tree = new MemoryTree('head', {
      'src/main/java/demo/Client.java': `package demo;

import io.vertx.ext.web.client.WebClient;

class Client {
  void call(WebClient client, HttpRequests requests) {
    client.get("/users").send();
    requests.GET("/users", response -> {});
    route(GET("/not-spring"), h -> null);
  }
}
`,
    });
    expect((await buildRouteMap(tree)).routes).toEqual([]);
  });
});
