import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { buildRouteMap } from '../../../src/core/routes/build-route-map.js';
import type { Route } from '../../../src/core/routes/types.js';

/** Every route as `METHOD path`, sorted (the map orders routes by its own key). */
const endpoints = (routes: readonly Route[]): string[] => routes.map((route) => `${route.method} ${route.path}${route.partial ? ' (partial)' : ''}`).sort();

const PKG = 'src/main/java/org/jupytereverywhere/';
const POM = '<project><dependencies><dependency><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies></project>\n';

const prefixConfig = (call: string, extra = '') => `package org.jupytereverywhere.config;

import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerTypePredicate;
import org.springframework.web.servlet.config.annotation.PathMatchConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration
public class ApiPrefixConfig implements WebMvcConfigurer {
${extra}
  @Override
  public void configurePathMatch(PathMatchConfigurer configurer) {
    ${call}
  }
}
`;

/** A notebook-sharing service: REST controllers under a prefix from a constant, one MVC controller outside it. */
const SHARING: Record<string, string> = {
  'pom.xml': POM,
  [`${PKG}config/ApiConstants.java`]: 'package org.jupytereverywhere.config;\n\npublic class ApiConstants {\n  private ApiConstants() {}\n  public static final String API_BASE_URL = "/api/v1";\n}\n',
  [`${PKG}config/ApiPrefixConfig.java`]: prefixConfig('configurer.addPathPrefix(ApiConstants.API_BASE_URL, c -> c.isAnnotationPresent(RestController.class));'),
  [`${PKG}controller/JupyterNotebookController.java`]: `package org.jupytereverywhere.controller;

import java.util.UUID;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/notebooks")
public class JupyterNotebookController {

  @GetMapping("/{uuid}")
  public String getNotebook(@PathVariable UUID uuid) {
    return "";
  }

  @GetMapping("/get-by-readable-id/{readableId}")
  public String getNotebook(@PathVariable String readableId) {
    return "";
  }

  @PutMapping("/{uuid}")
  public String updateNotebook(@PathVariable UUID uuid, @RequestBody String body) {
    return "";
  }

  @PutMapping("/update-by-readable-id/{readableId}")
  public String updateNotebook(@PathVariable String readableId, @RequestBody String body) {
    return "";
  }
}
`,
  [`${PKG}web/PageController.java`]: `package org.jupytereverywhere.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
public class PageController {
  @GetMapping("/")
  public String index() {
    return "index";
  }
}
`,
};

const NOTEBOOK_ROUTES = (prefix: string, suffix = '') => [
  `GET ${prefix}/notebooks/{uuid}${suffix}`,
  `GET ${prefix}/notebooks/get-by-readable-id/{readableId}${suffix}`,
  `PUT ${prefix}/notebooks/{uuid}${suffix}`,
  `PUT ${prefix}/notebooks/update-by-readable-id/{readableId}${suffix}`,
];

describe('Spring PathMatchConfigurer.addPathPrefix', () => {
  it('prefixes the controllers its predicate selects, with overloaded handlers kept apart', async () => {
    const map = await buildRouteMap(new MemoryTree('head', SHARING));
    expect(endpoints(map.routes)).toEqual([...NOTEBOOK_ROUTES('/api/v1'), 'GET /'].sort());
    expect(map.routes.find((route) => route.path.endsWith('{uuid}'))?.notes).toEqual([`path prefix /api/v1 from addPathPrefix at ${PKG}config/ApiPrefixConfig.java:15`]);
  });

  it('reads HandlerTypePredicate factories and a prefix held in a field', async () => {
    const byAnnotation = prefixConfig('configurer.addPathPrefix(prefix, HandlerTypePredicate.forAnnotation(Controller.class));', '  private final String prefix = "api/v2";\n');
    const annotated = await buildRouteMap(new MemoryTree('head', { ...SHARING, [`${PKG}config/ApiPrefixConfig.java`]: byAnnotation }));
    // @RestController is a @Controller: both controllers get the prefix.
    expect(endpoints(annotated.routes)).toEqual([...NOTEBOOK_ROUTES('/api/v2'), 'GET /api/v2'].sort());

    const byPackage = prefixConfig('configurer.addPathPrefix("/rest", HandlerTypePredicate.forBasePackage("org.jupytereverywhere.web"));');
    const packaged = await buildRouteMap(new MemoryTree('head', { ...SHARING, [`${PKG}config/ApiPrefixConfig.java`]: byPackage }));
    expect(endpoints(packaged.routes)).toEqual([...NOTEBOOK_ROUTES(''), 'GET /rest'].sort());

    // `clazz -> true` selects every controller (Conduit-Spring's WebConfig).
    const everyController = prefixConfig('configurer.addPathPrefix("/api", clazz -> true);');
    const all = await buildRouteMap(new MemoryTree('head', { ...SHARING, [`${PKG}config/ApiPrefixConfig.java`]: everyController }));
    expect(endpoints(all.routes)).toEqual([...NOTEBOOK_ROUTES('/api'), 'GET /api'].sort());
  });

  it('leaves a prefix whose predicate it cannot read out of the path, and says so', async () => {
    const unread = prefixConfig('configurer.addPathPrefix("/api", type -> MergedAnnotations.from(type).isPresent(ApiController.class));');
    const map = await buildRouteMap(new MemoryTree('head', { ...SHARING, [`${PKG}config/ApiPrefixConfig.java`]: unread }));
    expect(endpoints(map.routes)).toEqual([...NOTEBOOK_ROUTES('', ' (partial)'), 'GET / (partial)'].sort());
    expect(map.routes.find((route) => route.path === '/')?.notes).toEqual([
      `path prefix /api from addPathPrefix at ${PKG}config/ApiPrefixConfig.java:15, for the controllers type -> MergedAnnotations.from(type).isPresent(ApiController.class) selects`,
      'could not resolve whether type -> MergedAnnotations.from(type).isPresent(ApiController.class) selects PageController; the path holds the rest',
    ]);
  });
});
