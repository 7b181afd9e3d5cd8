import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { buildRouteMap } from '../../../src/core/routes/build-route-map.js';
import { springProfileOf } from '../../../src/core/routes/extractors/java/shared/config-index.js';
import type { Route } from '../../../src/core/routes/types.js';

const view = (routes: readonly Route[]): Array<[string, string, boolean, string[]]> =>
  routes.map((route) => [route.method, route.path, route.partial ?? false, route.notes ?? []]);

const RESOURCES = 'order-service/src/main/resources/';
const JAVA = 'order-service/src/main/java/com/shop/order/';

/** An order service of a microservice shop: one controller, its paths placed by configuration. */
const ORDER_SERVICE: Record<string, string> = {
  'order-service/pom.xml': '<project><dependencies><dependency><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies></project>\n',
  [`${JAVA}web/OrderController.java`]: `package com.shop.order.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/orders")
public class OrderController {
    @GetMapping("/{id}")
    public String get(@PathVariable Long id) {
        return "";
    }

    @PostMapping
    public String create() {
        return "";
    }
}
`,
};

const routesOf = async (config: Record<string, string>) => view((await buildRouteMap(new MemoryTree('head', { ...ORDER_SERVICE, ...config }))).routes);
const both = (prefix: string, partial: boolean, notes: string[]): Array<[string, string, boolean, string[]]> => [
  ['POST', `${prefix}/orders`, partial, notes],
  ['GET', `${prefix}/orders/{id}`, partial, notes],
];

describe('Spring profiles', () => {
  it.each<[string, Record<string, string>, Array<[string, string, boolean, string[]]>]>([
    [
      'spring.profiles.active in application.properties selects application-{profile}.properties, which overrides the base',
      {
        [`${RESOURCES}application.properties`]: 'spring.application.name=order-service\nspring.profiles.active=prod\nserver.servlet.context-path=/order\n',
        [`${RESOURCES}application-prod.properties`]: 'server.servlet.context-path=/api/order\n',
        [`${RESOURCES}application-dev.properties`]: 'server.servlet.context-path=/dev/order\n',
      },
      both('/api/order', false, [`server.servlet.context-path = /api/order (${RESOURCES}application-prod.properties)`]),
    ],
    [
      'the last of several active profiles wins, and a profile that sets nothing leaves the base value',
      {
        [`${RESOURCES}application.yml`]: 'spring:\n  profiles:\n    active: cloud,k8s\nserver:\n  servlet:\n    context-path: /order\n',
        [`${RESOURCES}application-cloud.yml`]: 'spring:\n  mvc:\n    servlet:\n      path: /cloud\n',
        [`${RESOURCES}application-k8s.yml`]: 'spring:\n  mvc:\n    servlet:\n      path: /k8s\n',
        [`${RESOURCES}application-test.yml`]: 'server:\n  servlet:\n    context-path: /test\n',
      },
      both('/order/k8s', false, [
        `server.servlet.context-path = /order (${RESOURCES}application.yml)`,
        `spring.mvc.servlet.path = /k8s (${RESOURCES}application-k8s.yml)`,
      ]),
    ],
    [
      'a multi-document application.yml: the default document activates a profile whose document overrides it',
      {
        [`${RESOURCES}application.yml`]: [
          'spring:',
          '  profiles:',
          '    active: docker',
          'server:',
          '  servlet:',
          '    context-path: /order',
          '---',
          'spring:',
          '  config:',
          '    activate:',
          '      on-profile: docker',
          'server:',
          '  servlet:',
          '    context-path: /svc/order',
          '---',
          'spring:',
          '  config:',
          '    activate:',
          '      on-profile: local',
          'server:',
          '  servlet:',
          '    context-path: /local',
          '',
        ].join('\n'),
      },
      both('/svc/order', false, [`server.servlet.context-path = /svc/order (${RESOURCES}application.yml (on-profile docker))`]),
    ],
    [
      'without an active profile the base file wins over every profile file',
      {
        [`${RESOURCES}application.yml`]: 'server:\n  servlet:\n    context-path: /order\n',
        [`${RESOURCES}application-prod.yml`]: 'server:\n  servlet:\n    context-path: /api/order\n',
      },
      both('/order', false, [`server.servlet.context-path = /order (${RESOURCES}application.yml)`]),
    ],
    [
      'without an active profile a path only profile files set is left out, and the routes are partial',
      {
        [`${RESOURCES}application.yml`]: 'spring:\n  application:\n    name: order-service\n',
        [`${RESOURCES}application-prod.yml`]: 'server:\n  servlet:\n    context-path: /api/order\n',
        [`${RESOURCES}application-staging.properties`]: 'server.servlet.context-path=/staging/order\n',
      },
      both('', true, [
        `server.servlet.context-path is set only for profiles that are not active: ${RESOURCES}application-staging.properties (profile staging), ${RESOURCES}application-prod.yml (profile prod)`,
        'could not resolve server.servlet.context-path; the path holds the rest',
      ]),
    ],
    [
      "a value Maven fills in at build time names no profile; Spring's default profile applies its file",
      {
        [`${RESOURCES}application.properties`]: 'spring.profiles.active=@activatedProperties@\n',
        [`${RESOURCES}application-default.properties`]: 'server.servlet.context-path=/order\n',
      },
      both('/order', false, [`server.servlet.context-path = /order (${RESOURCES}application-default.properties)`]),
    ],
    [
      'SPRING_PROFILES_ACTIVE from .env.example activates a profile',
      {
        '.env.example': 'SPRING_PROFILES_ACTIVE=local\n',
        [`${RESOURCES}application.yml`]: 'server:\n  servlet:\n    context-path: /order\n',
        [`${RESOURCES}application-local.yml`]: 'server:\n  servlet:\n    context-path: /local/order\n',
      },
      both('/local/order', false, [`server.servlet.context-path = /local/order (${RESOURCES}application-local.yml)`]),
    ],
  ])('%s', async (_name, config, expected) => {
    expect(await routesOf(config)).toEqual(expected);
  });

  it('knows profile files from templates', () => {
    expect(['application-dev.yml', 'src/main/resources/application-prod.properties', 'application-example.yml', 'application.yml', 'application-local.yaml'].map(springProfileOf)).toEqual([
      'dev', 'prod', undefined, undefined, 'local',
    ]);
  });
});
