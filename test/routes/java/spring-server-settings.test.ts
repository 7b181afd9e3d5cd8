import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { buildRouteMap } from '../../../src/core/routes/build-route-map.js';
import type { Route } from '../../../src/core/routes/types.js';

const view = (routes: readonly Route[]): Array<[string, string, boolean, string[]]> =>
  routes.map((route) => [route.method, route.path, route.partial ?? false, route.notes ?? []]);

const SERVER = 'smart-test-result/server/';
const JAVA = `${SERVER}src/main/java/com/datorama/`;

const controller = (name: string, path: string, method: string) => `package com.datorama.controllers;

import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping(
    value = "${path}",
    consumes = {"application/JSON"})
public class ${name} {
  @RequestMapping(method = RequestMethod.${method})
  public void handle(@RequestBody String body) {
  }
}
`;

/** A results server whose context path is set by a web server customizer bean, profiles in Maven. */
const RESULTS_SERVER: Record<string, string> = {
  [`${SERVER}pom.xml`]: '<project><dependencies><dependency><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies></project>\n',
  [`${SERVER}src/main/resources/application.properties`]: 'spring.profiles.active=@spring.profiles.active@\nspring.application.name=smart-test-result-server\n',
  [`${SERVER}src/main/resources/application-dev.properties`]: 'db.elasticsearch.url=localhost:9200\n',
  [`${JAVA}config/ServerContextConfig.java`]: `package com.datorama.config;

import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.server.ConfigurableServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class ServerContextConfig {
  @Bean
  public WebServerFactoryCustomizer<ConfigurableServletWebServerFactory>
  webServerFactoryCustomizer() {
    return factory -> factory.setContextPath("/api");
  }
}
`,
  [`${JAVA}controllers/LaunchController.java`]: controller('LaunchController', '/v1/launch', 'PUT'),
  [`${JAVA}controllers/ResultController.java`]: controller('ResultController', '/v1/result', 'POST'),
};

const customizerNote = `server.servlet.context-path = /api (set in code at ${JAVA}config/ServerContextConfig.java:13)`;

describe('Spring server paths set in code', () => {
  it('puts every controller of the module under the context path a WebServerFactoryCustomizer sets', async () => {
    const map = await buildRouteMap(new MemoryTree('head', RESULTS_SERVER));
    expect(view(map.routes)).toEqual([
      ['PUT', '/api/v1/launch', false, [customizerNote]],
      ['POST', '/api/v1/result', false, [customizerNote]],
    ]);
  });

  it('lets the customizer win over the properties, and applies it to its own module only', async () => {
    const map = await buildRouteMap(
      new MemoryTree('head', {
        ...RESULTS_SERVER,
        [`${SERVER}src/main/resources/application.properties`]: 'server.servlet.context-path=/ignored\nspring.mvc.servlet.path=/mvc\n',
        'gateway/src/main/java/com/datorama/gateway/PingController.java': controller('PingController', '/ping', 'GET').replace('package com.datorama.controllers;', 'package com.datorama.gateway;'),
      }),
    );
    const servletNote = `spring.mvc.servlet.path = /mvc (${SERVER}src/main/resources/application.properties)`;
    expect(view(map.routes)).toEqual([
      ['PUT', '/api/mvc/v1/launch', false, [customizerNote, servletNote]],
      ['POST', '/api/mvc/v1/result', false, [customizerNote, servletNote]],
      ['GET', '/ping', false, []],
    ]);
  });

  it('reads System.setProperty before run, default properties under the files, and a computed path as partial', async () => {
    const application = (body: string) => `package com.datorama;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class SmartTestResultApplication {
  public static void main(String[] args) {
${body}
  }
}
`;
    const files = { ...RESULTS_SERVER };
    delete files[`${JAVA}config/ServerContextConfig.java`];
    const appPath = `${JAVA}SmartTestResultApplication.java`;

    const system = await buildRouteMap(new MemoryTree('head', {
      ...files,
      [`${SERVER}src/main/resources/application.properties`]: 'server.servlet.context-path=/from-file\n',
      [appPath]: application('    System.setProperty("server.servlet.context-path", "/str");\n    SpringApplication.run(SmartTestResultApplication.class, args);'),
    }));
    expect(system.routes.map((route) => `${route.method} ${route.path}`)).toEqual(['PUT /str/v1/launch', 'POST /str/v1/result']);

    const defaults = application('    SpringApplication app = new SpringApplication(SmartTestResultApplication.class);\n    app.setDefaultProperties(Map.of("server.servlet.context-path", "/default"));\n    app.run(args);');
    const underFile = await buildRouteMap(new MemoryTree('head', { ...files, [`${SERVER}src/main/resources/application.properties`]: 'server.servlet.context-path=/from-file\n', [appPath]: defaults }));
    expect(underFile.routes.map((route) => `${route.method} ${route.path}`)).toEqual(['PUT /from-file/v1/launch', 'POST /from-file/v1/result']);
    const alone = await buildRouteMap(new MemoryTree('head', { ...files, [appPath]: defaults }));
    expect(alone.routes.map((route) => `${route.method} ${route.path}`)).toEqual(['PUT /default/v1/launch', 'POST /default/v1/result']);

    const computed = await buildRouteMap(new MemoryTree('head', {
      ...files,
      [appPath]: application('    new SpringApplicationBuilder(SmartTestResultApplication.class).properties("server.servlet.context-path=/built").run(args);\n    System.setProperty("spring.mvc.servlet.path", System.getenv("SERVLET_PATH"));'),
    }));
    expect(view(computed.routes)).toEqual([
      ['PUT', '/built/v1/launch', true, [
        `server.servlet.context-path = /built (set in code at ${appPath}:10)`,
        `spring.mvc.servlet.path = System.getenv("SERVLET_PATH") (set in code at ${appPath}:11)`,
        'could not resolve System.getenv("SERVLET_PATH"); the path holds the rest',
      ]],
      ['POST', '/built/v1/result', true, [
        `server.servlet.context-path = /built (set in code at ${appPath}:10)`,
        `spring.mvc.servlet.path = System.getenv("SERVLET_PATH") (set in code at ${appPath}:11)`,
        'could not resolve System.getenv("SERVLET_PATH"); the path holds the rest',
      ]],
    ]);
  });

  it('puts Spring Data REST resources of the module under the customizer context path too', async () => {
    const map = await buildRouteMap(
      new MemoryTree('head', {
        ...RESULTS_SERVER,
        [`${SERVER}pom.xml`]: '<project><dependencies><dependency><artifactId>spring-boot-starter-data-rest</artifactId></dependency></dependencies></project>\n',
        [`${SERVER}src/main/resources/application.properties`]: 'spring.data.rest.base-path=/data\n',
        [`${JAVA}repo/LaunchRepository.java`]: [
          'package com.datorama.repo;',
          'import org.springframework.data.repository.CrudRepository;',
          'public interface LaunchRepository extends CrudRepository<Launch, String> {}',
          '',
        ].join('\n'),
      }),
    );
    expect(map.routes.filter((route) => route.framework === 'spring-data-rest').map((route) => `${route.method} ${route.path}`)).toEqual([
      'GET /api/data/launches',
      'POST /api/data/launches',
      'DELETE /api/data/launches/{id}',
      'GET /api/data/launches/{id}',
      'PATCH /api/data/launches/{id}',
      'PUT /api/data/launches/{id}',
    ]);
  });
});
