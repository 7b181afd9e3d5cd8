import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../src/core/change-source.js';
import { buildRouteMap } from '../../src/core/routes/build-route-map.js';
import { unreadLanguageFiles } from '../../src/core/source/unread-languages.js';

describe('languages the reviewer does not read', () => {
  it('are named once per language with their file count; build scripts, vendored and test files do not count', () => {
    expect(
      unreadLanguageFiles(['src/main/kotlin/App.kt', 'src/main/kotlin/Router.kt', 'build.gradle.kts', 'app/models/user.rb', 'vendor/bundle/x.rb', 'src/main.ts']),
    ).toEqual([
      { path: '**/*.kt, **/*.kts', reason: 'Kotlin (2 files): not a language Backend Expert reads, so its routes and code are not reviewed' },
      { path: '**/*.rb', reason: 'Ruby (1 file): not a language Backend Expert reads, so its routes and code are not reviewed' },
    ]);
  });

  it('are listed among the skipped files of a route map, so an empty map of a Kotlin service says why', async () => {
    const map = await buildRouteMap(new MemoryTree('head', { 'src/main/kotlin/App.kt': 'fun main() {\n  val app = Javalin.create().start(7000)\n  app.get("/hello") { ctx -> ctx.result("hi") }\n}\n' }));
    expect(map.routes).toEqual([]);
    expect(map.skipped).toEqual([{ path: '**/*.kt, **/*.kts', reason: 'Kotlin (1 file): not a language Backend Expert reads, so its routes and code are not reviewed' }]);
  });
});
