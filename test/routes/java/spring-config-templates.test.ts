import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { buildRouteMap } from '../../../src/core/routes/build-route-map.js';
import { isJavaConfigFile, isSpringConfigTemplate } from '../../../src/core/routes/extractors/java/shared/config-index.js';
import type { Route } from '../../../src/core/routes/types.js';

const view = (routes: readonly Route[]): Array<[string, string, string[]]> => routes.map((route) => [route.method, route.path, route.notes ?? []]);

const RESOURCES = 'src/main/resources/';
const CONTROLLERS = 'src/main/java/com/yuoi/yuaiagent/controller/';

/** An AI-agent service that keeps application.yml out of git and ships a template to copy. */
const AGENT: Record<string, string> = {
  'pom.xml': '<project><dependencies><dependency><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies></project>\n',
  [`${RESOURCES}application-example.yml`]: [
    '# copy this file to application.yml (ignored by git) and fill in the placeholders',
    'spring:',
    '  application:',
    '    name: yu-ai-agent',
    'server:',
    '  port: 8124',
    '  servlet:',
    '    context-path: /api',
    '',
  ].join('\n'),
  [`${RESOURCES}application-prod.yml`]: 'server:\n  port: 8124\n',
  [`${CONTROLLERS}AiChatController.java`]: `package com.yuoi.yuaiagent.controller;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/chat")
public class AiChatController {
    @PostMapping
    public String chat(@RequestBody String request) {
        return request;
    }
}
`,
  [`${CONTROLLERS}LoveMasterController.java`]: `package com.yuoi.yuaiagent.controller;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/ai/love-master")
public class LoveMasterController {
    @PostMapping("/chat/rag")
    public String rag() { return ""; }

    @GetMapping("/agent/chat/sse")
    public String sse() { return ""; }
}
`,
};

describe('Spring configuration templates (application-example.yml)', () => {
  it('takes the context path from the template when the module has no application.yml of its own', async () => {
    const note = `server.servlet.context-path = /api (${RESOURCES}application-example.yml)`;
    expect(view((await buildRouteMap(new MemoryTree('head', AGENT))).routes)).toEqual([
      ['GET', '/api/ai/love-master/agent/chat/sse', [note]],
      ['POST', '/api/ai/love-master/chat/rag', [note]],
      ['POST', '/api/chat', [note]],
    ]);
  });

  it('ignores the template beside a real configuration file', async () => {
    const map = await buildRouteMap(new MemoryTree('head', { ...AGENT, [`${RESOURCES}application.properties`]: 'server.servlet.context-path=/agent\n' }));
    expect(map.routes.map((route) => `${route.method} ${route.path}`)).toEqual(['GET /agent/ai/love-master/agent/chat/sse', 'POST /agent/ai/love-master/chat/rag', 'POST /agent/chat']);
    const bare = await buildRouteMap(new MemoryTree('head', { ...AGENT, [`${RESOURCES}application.yml`]: 'spring:\n  application:\n    name: agent\n' }));
    expect(bare.routes.map((route) => `${route.method} ${route.path}`)).toEqual(['GET /ai/love-master/agent/chat/sse', 'POST /ai/love-master/chat/rag', 'POST /chat']);
  });

  it('knows the template names, in properties syntax too', async () => {
    expect(['application-example.yml', 'application.yml.example', 'application.sample.properties', 'config/application-template.yaml', 'application.properties.example'].map(isSpringConfigTemplate)).toEqual([true, true, true, true, true]);
    expect(['application.yml', 'application-prod.yml', 'application-default.properties', 'example.yml'].map(isSpringConfigTemplate)).toEqual([false, false, false, false]);
    expect(isJavaConfigFile(`${RESOURCES}application.properties.example`)).toBe(true);
    const map = await buildRouteMap(
      new MemoryTree('head', {
        ...Object.fromEntries(Object.entries(AGENT).filter(([path]) => !path.endsWith('application-example.yml'))),
        [`${RESOURCES}application.properties.example`]: 'server.servlet.context-path=/svc\nspring.mvc.servlet.path=/mvc\n',
      }),
    );
    expect(map.routes.map((route) => `${route.method} ${route.path}`)).toEqual(['GET /svc/mvc/ai/love-master/agent/chat/sse', 'POST /svc/mvc/ai/love-master/chat/rag', 'POST /svc/mvc/chat']);
  });
});
