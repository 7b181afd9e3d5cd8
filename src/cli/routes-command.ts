import { buildRouteMap } from '../core/routes/build-route-map.js';
import { listedRoutes } from '../core/routes/document-routes.js';
import { routeJson } from '../core/render/review-json.js';
import { BlobReader } from '../adapters/git/git.js';
import { GitTree, repositoryRoot, resolveCommit } from '../adapters/git/git-change-source.js';
import type { CliIO } from './main.js';

export interface RoutesOptions {
  repo: string;
  ref: string;
  format: 'text' | 'json';
}

/** `backend-expert routes`: every route the tree at REF declares. */
export async function runRoutesCommand(options: RoutesOptions, io: CliIO): Promise<number> {
  const repo = await repositoryRoot(options.repo);
  const commit = await resolveCommit(repo, options.ref);
  const blobs = new BlobReader(repo);
  try {
    const map = await buildRouteMap(new GitTree(repo, commit, blobs));
    const routes = listedRoutes(map.routes);
    if (options.format === 'json') {
      io.stdout(JSON.stringify({ version: 1, ref: commit, routes: routes.map((route) => routeJson(route)), skipped: map.skipped }, null, 2) + '\n');
    } else {
      const width = Math.max(6, ...routes.map((route) => route.method.length));
      for (const route of routes) {
        io.stdout(`${route.method.padEnd(width)} ${route.path}  ${route.file}:${route.line} (${route.framework})${route.partial ? ' [partial]' : ''}\n`);
      }
      io.stderr(`${routes.length} route${routes.length === 1 ? '' : 's'} at ${commit.slice(0, 12)}${map.skipped.length ? `, ${map.skipped.length} file(s) skipped` : ''}\n`);
    }
    return 0;
  } finally {
    blobs.close();
  }
}
