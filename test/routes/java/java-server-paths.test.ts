import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { buildRouteMap } from '../../../src/core/routes/build-route-map.js';
import { withoutSignatures } from './fixture-tree.js';
import { expectedRoute, type ExpectedRoute } from './route-builders.js';

const jaxRs = (expected: ExpectedRoute) => expectedRoute('jax-rs', expected);

const APPLICATION = `package org.mohansun.dev;

import io.dropwizard.Application;
import io.dropwizard.setup.Environment;
import org.mohansun.dev.resources.EventResource;

public class DWTestAppApplication extends Application<DWTestAppConfiguration> {
    @Override
    public void run(final DWTestAppConfiguration configuration, final Environment environment) {
        environment.jersey().register(new EventResource());
    }
}
`;

const EVENTS = `package org.mohansun.dev.resources;

import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

@Path("/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {
    @GET
    public String allEvents() {
        return "[]";
    }

    @POST
    @Path("/{id}/attend")
    public String attend(@PathParam("id") long id) {
        return "";
    }
}
`;

const app = 'src/main/java/org/mohansun/dev/';
const events = `${app}resources/EventResource.java`;

async function routesOf(files: Record<string, string>) {
  const map = await buildRouteMap(new MemoryTree('head', { [`${app}DWTestAppApplication.java`]: APPLICATION, [events]: EVENTS, ...files }));
  expect(map.skipped).toEqual([]);
  return withoutSignatures(map.routes);
}

describe('JAX-RS: a Dropwizard service (server.rootPath)', () => {
  it('serves the resources under server.rootPath of the YAML configuration next to the module', async () => {
    const note = 'Dropwizard server path /api (config.yml)';
    expect(
      await routesOf({
        'config.yml': 'logging:\n  level: INFO\nserver:\n      rootPath: /api/*\n',
        // Same settings in a second environment file; a compose file and a workflow are not configuration.
        'DWTestApp.yml': "template: Hello, %s!\nserver:\n  rootPath: /api/\ndateFormat: yyyy-MM-dd'T'HH:mmZ\n",
        'docker-compose.yml': 'services:\n  app:\n    image: app\n',
        '.github/workflows/ci.yml': 'server:\n  rootPath: /ci\n',
      }),
    ).toEqual([
      jaxRs({ method: 'GET', path: '/api/events', file: events, line: 13, handler: ['EventResource.allEvents', 13, 16], notes: [note] }),
      jaxRs({ method: 'POST', path: '/api/events/{id}/attend', file: events, line: 18, handler: ['EventResource.attend', 18, 22], notes: [note] }),
    ]);
  });

  it('puts the simple server under its application context path, and reads environment defaults', async () => {
    const note = 'Dropwizard server path /application/v1 (src/main/resources/server.yml)';
    expect(
      await routesOf({ 'src/main/resources/server.yml': 'server:\n  type: simple\n  rootPath: ${ROOT_PATH:-/v1/*}\n  connector:\n    type: http\n    port: 8080\n' }),
    ).toEqual([
      jaxRs({ method: 'GET', path: '/application/v1/events', file: events, line: 13, handler: ['EventResource.allEvents', 13, 16], notes: [note] }),
      jaxRs({ method: 'POST', path: '/application/v1/events/{id}/attend', file: events, line: 18, handler: ['EventResource.attend', 18, 22], notes: [note] }),
    ]);
  });

  it('leaves the prefix out, as partial, when environment files disagree', async () => {
    const note = 'Dropwizard configuration files disagree on the server path (/api in dev.yml, /service in prod.yml): left out';
    expect(await routesOf({ 'dev.yml': 'server:\n  rootPath: /api/*\n', 'prod.yml': 'server:\n  applicationContextPath: /service\n' })).toEqual([
      jaxRs({ method: 'GET', path: '/events', file: events, line: 13, handler: ['EventResource.allEvents', 13, 16], partial: true, notes: [note] }),
      jaxRs({ method: 'POST', path: '/events/{id}/attend', file: events, line: 18, handler: ['EventResource.attend', 18, 22], partial: true, notes: [note] }),
    ]);
  });
});

describe('Spring Boot relaxed binding of the context path', () => {
  it('reads server.servlet.contextPath (camel case) and spring.mvc.servlet.path from application.yml', async () => {
    const controller = 'src/main/java/com/ex/w/PingController.java';
    const map = await buildRouteMap(
      new MemoryTree('head', {
        'src/main/resources/application.yml': 'server:\n  servlet:\n    contextPath: /ctx\nspring:\n  mvc:\n    servlet:\n      path: /mvc\n',
        [controller]: `package com.ex.w;

import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/ping")
public class PingController {
    @GetMapping
    public String ping() { return "pong"; }
}
`,
      }),
    );
    expect(map.skipped).toEqual([]);
    expect(withoutSignatures(map.routes)).toEqual([
      expectedRoute('spring', {
        method: 'GET', path: '/ctx/mvc/ping', file: controller, line: 8, handler: ['PingController.ping', 8, 9],
        notes: ['server.servlet.contextPath = /ctx (src/main/resources/application.yml)', 'spring.mvc.servlet.path = /mvc (src/main/resources/application.yml)'],
      }),
    ]);
  });
});
