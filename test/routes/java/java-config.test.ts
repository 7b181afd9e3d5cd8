import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { scanTree } from '../../../src/core/analysis/scan-tree.js';
import { readEnvDefaults, RouteCollector } from '../../../src/core/routes/build-route-map.js';
import { JAVA_EXTRACTORS } from '../../../src/core/routes/extractors/java/index.js';
import {
  isJavaConfigFile,
  parseProperties,
  resolvePlaceholders,
  type ProjectInfoWithConfig,
} from '../../../src/core/routes/extractors/java/shared/config-index.js';
import type { Route } from '../../../src/core/routes/types.js';
import { fixtureTree } from './fixture-tree.js';

/**
 * The route map as buildRouteMap will produce it once the core hands configuration files to the
 * extractors (ProjectInfo.configFiles): same scan, same collector, plus the texts of
 * application.properties/yml.
 */
async function routesWithConfig(tree: MemoryTree): Promise<Route[]> {
  const collector = new RouteCollector(JAVA_EXTRACTORS, []);
  await scanTree(tree, [collector]);
  const paths = await tree.paths();
  const configFiles = new Map<string, string>();
  for (const path of paths.filter(isJavaConfigFile)) configFiles.set(path, (await tree.read(path))!);
  const project: ProjectInfoWithConfig = { paths, envDefaults: await readEnvDefaults(tree), configFiles };
  return collector.link(project);
}

const endpoints = (routes: readonly Route[]): string[] => routes.map((route) => `${route.method} ${route.path}`);

describe('context paths and application paths from application.properties / application.yml', () => {
  it('puts the servlet context path in front of every Spring route', async () => {
    const routes = await routesWithConfig(fixtureTree('java/spring-blog'));
    expect(endpoints(routes)).toEqual([
      'ANY /blog/admin/ping',
      'GET /blog/admin/stats/{day}',
      'GET /blog/api/tags',
      'GET /blog/api/tags/popular/{limit}',
      'GET /blog/articles',
      'POST /blog/articles',
      'DELETE /blog/articles/{slug}',
      'GET /blog/articles/{slug}',
      'PUT /blog/articles/{slug}',
      'GET /blog/articles/{slug}/comments',
      'POST /blog/articles/{slug}/comments',
      'DELETE /blog/articles/{slug}/comments/{id}',
      'GET /blog/articles/feed',
      'GET /blog/people/{username}',
      'DELETE /blog/people/{username}/follow',
      'POST /blog/people/{username}/follow',
      'GET /blog/profiles/{username}',
      'DELETE /blog/profiles/{username}/follow',
      'POST /blog/profiles/{username}/follow',
      'POST /blog/users',
      'POST /blog/users/login',
    ]);
    expect(routes.every((route) => route.notes?.[0] === 'server.servlet.context-path = /blog (src/main/resources/application.properties)')).toBe(true);
  });

  it('puts Quarkus root-path before the @ApplicationPath', async () => {
    const routes = await routesWithConfig(fixtureTree('java/quarkus-fruits'));
    expect(endpoints(routes)).toEqual([
      'GET /shop/api/fruits',
      'POST /shop/api/fruits',
      'DELETE /shop/api/fruits/{id}',
      'GET /shop/api/fruits/{id}',
      'PUT /shop/api/fruits/{id}',
      'GET /shop/api/fruits/{id}/tags',
      'POST /shop/api/fruits/{id}/tags/{tag}',
      'POST /shop/api/v1/orders',
      'GET /shop/api/v1/orders/{orderId}',
      'GET /shop/api/v1/orders/health',
    ]);
  });

  it('applies each module its own configuration, profiles aside, with placeholders from properties and .env defaults', async () => {
    const controller = (pkg: string, mapping: string): string => `package ${pkg};

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("${mapping}")
public class Api {
  @GetMapping
  public String list() {
    return "[]";
  }
}
`;
    const tree = new MemoryTree('head', {
      '.env.example': 'CONTEXT_PATH=/svc\n',
      'users/src/main/resources/application.yml': [
        'server:',
        '  servlet:',
        '    context-path: ${CONTEXT_PATH:/app}',
        '---',
        'spring:',
        '  config:',
        '    activate:',
        '      on-profile: dev',
        'server:',
        '  servlet:',
        '    context-path: /dev',
        '',
      ].join('\n'),
      'users/src/main/java/com/acme/users/Api.java': controller('com.acme.users', '/users'),
      'orders/src/main/resources/application.properties': 'spring.webflux.base-path=/orders-svc\napi.version=v2\n',
      'orders/src/main/resources/application.yml': 'api:\n  version: v1\n',
      'orders/src/main/java/com/acme/orders/Api.java': controller('com.acme.orders', '/api/${api.version}/orders'),
    });
    const routes = await routesWithConfig(tree);
    expect(routes.map((route) => [route.method, route.path, route.notes])).toEqual([
      [
        'GET',
        '/orders-svc/api/v2/orders',
        ['spring.webflux.base-path = /orders-svc (orders/src/main/resources/application.properties)', '${api.version} = v2 (orders/src/main/resources/application.properties)'],
      ],
      [
        'GET',
        '/svc/users',
        ['server.servlet.context-path = ${CONTEXT_PATH:/app} (users/src/main/resources/application.yml)', '${CONTEXT_PATH} = /svc (CONTEXT_PATH in .env.example)'],
      ],
    ]);
  });

  it('takes the JAX-RS application path from quarkus.rest.path, or from spring.jersey.application-path over @ApplicationPath', async () => {
    const resource = (pkg: string, imports: string): string => `package ${pkg};

import ${imports}.GET;
import ${imports}.Path;

@Path("/items")
public class ItemResource {
  @GET
  public String list() {
    return "[]";
  }
}
`;
    const tree = new MemoryTree('head', {
      'quarkus/src/main/resources/application.properties': 'quarkus.rest.path=/rest\n',
      'quarkus/src/main/java/q/ItemResource.java': resource('q', 'jakarta.ws.rs'),
      'boot/src/main/resources/application.properties': 'spring.jersey.application-path=/jersey\n',
      'boot/src/main/java/b/ItemResource.java': resource('b', 'javax.ws.rs'),
      'boot/src/main/java/b/JerseyConfig.java': `package b;

import javax.ws.rs.ApplicationPath;
import org.glassfish.jersey.server.ResourceConfig;

@ApplicationPath("/ignored")
public class JerseyConfig extends ResourceConfig {}
`,
    });
    expect(endpoints(await routesWithConfig(tree))).toEqual(['GET /jersey/items', 'GET /rest/items']);
  });
});

describe('configuration parsing', () => {
  it('reads java.util.Properties syntax', () => {
    const text = ['# comment', '! also a comment', 'a.b=1', 'c.d : two words', 'e.f   spaced', 'long=first\\', '    second', 'esc\\=key=v\\u0041', ''].join('\n');
    expect([...parseProperties(text)]).toEqual([
      ['a.b', '1'],
      ['c.d', 'two words'],
      ['e.f', 'spaced'],
      ['long', 'firstsecond'],
      ['esc=key', 'vA'],
    ]);
  });

  it('resolves nested placeholders and defaults, and reports the ones it cannot', () => {
    const values = new Map([['base', '/api'], ['version', '${major}.1'], ['major', 'v2']]);
    const lookup = (key: string) => (values.has(key) ? { value: values.get(key)!, origin: 'app.properties' } : undefined);
    expect(resolvePlaceholders('${base}/${version}/${missing}/${opt:${base}}', lookup)).toEqual({
      text: '/api/v2.1///api',
      unresolved: ['${missing}'],
      notes: ['${base} = /api (app.properties)', '${major} = v2 (app.properties)', '${version} = v2.1 (app.properties)', '${base} = /api (app.properties)', '${opt} resolved to its default "/api"'],
    });
  });

  it('knows which files are configuration', () => {
    expect(['src/main/resources/application.yml', 'application.properties', 'svc/src/main/resources/application.yaml', 'src/test/resources/application.yml', 'src/main/resources/application-dev.yml'].map(isJavaConfigFile)).toEqual([
      // Profile files are read too: an active profile's values override the base file's.
      true, true, true, false, true,
    ]);
  });
});
