import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { h, routeBuilder, routesOf } from './support/route-fixtures.js';

const route = routeBuilder('nextjs');

const GET_ROUTE = ['export async function GET(request) {', '  return Response.json({ status: "success" });', '}', ''].join('\n');

describe('nextjs basePath (next.config)', () => {
  it('puts app-router handlers below the basePath of a CommonJS config (a ticker app under /app)', async () => {
    const tree = new MemoryTree('head', {
      'package.json': '{ "name": "stock-ticker", "dependencies": { "next": "^15.0.0" } }',
      'next.config.js': ['/** @type {import(\'next\').NextConfig} */', 'const nextConfig = {', '  basePath: "/app",', "  assetPrefix: '/app',", '};', '', 'module.exports = nextConfig;', ''].join('\n'),
      'app/api/stock-ticker/route.js': GET_ROUTE,
      'app/admin/clear-rate-limit/route.js': GET_ROUTE,
      'app/stock-ticker/route.js': GET_ROUTE,
      'app/page.js': 'export default function Home() { return null; }',
    });
    const notes = ['basePath from next.config.js'];
    expect(await routesOf(tree)).toEqual([
      route('GET', '/app/admin/clear-rate-limit', 'app/admin/clear-rate-limit/route.js', 1, { handler: h('app/admin/clear-rate-limit/route.js', 1, 3, 'GET'), notes }),
      route('GET', '/app/api/stock-ticker', 'app/api/stock-ticker/route.js', 1, { handler: h('app/api/stock-ticker/route.js', 1, 3, 'GET'), notes }),
      route('GET', '/app/stock-ticker', 'app/stock-ticker/route.js', 1, { handler: h('app/stock-ticker/route.js', 1, 3, 'GET'), notes }),
    ]);
  });

  it('reads an ESM config through a plugin wrapper, for the pages router of a monorepo app', async () => {
    const tree = new MemoryTree('head', {
      'apps/web/next.config.mjs': [
        "import { withSentryConfig } from '@sentry/nextjs';",
        "const nextConfig = { reactStrictMode: true, basePath: '/docs' };",
        'export default withSentryConfig(nextConfig, { silent: true });',
        '',
      ].join('\n'),
      'apps/web/src/pages/api/search.ts': 'export default function handler(req, res) {\n  res.json([]);\n}\n',
      'apps/admin/next.config.mjs': 'export default { reactStrictMode: true };\n',
      'apps/admin/app/api/health/route.ts': GET_ROUTE,
    });
    expect(await routesOf(tree)).toEqual([
      route('GET', '/api/health', 'apps/admin/app/api/health/route.ts', 1, { handler: h('apps/admin/app/api/health/route.ts', 1, 3, 'GET') }),
      route('ANY', '/docs/api/search', 'apps/web/src/pages/api/search.ts', 1, {
        handler: h('apps/web/src/pages/api/search.ts', 1, 3, 'handler'),
        notes: ['basePath from apps/web/next.config.mjs'],
      }),
    ]);
  });

  it('takes a basePath from the environment: the shipped default, else partial', async () => {
    const files = {
      'next.config.ts': [
        "import type { NextConfig } from 'next';",
        'const nextConfig: NextConfig = {',
        '  basePath: process.env.NEXT_PUBLIC_BASE_PATH,',
        '};',
        'export default nextConfig;',
        '',
      ].join('\n'),
      'src/app/api/tasks/[id]/route.ts': GET_ROUTE,
    };
    const handler = h('src/app/api/tasks/[id]/route.ts', 1, 3, 'GET');
    expect(await routesOf(new MemoryTree('head', files))).toEqual([
      route('GET', '/api/tasks/{id}', 'src/app/api/tasks/[id]/route.ts', 1, {
        handler, partial: true, notes: ['basePath from next.config.ts', 'prefix from NEXT_PUBLIC_BASE_PATH, which has no default in the repository'],
      }),
    ]);
    expect(await routesOf(new MemoryTree('head', { ...files, '.env.example': 'NEXT_PUBLIC_BASE_PATH=/planner\n' }))).toEqual([
      route('GET', '/planner/api/tasks/{id}', 'src/app/api/tasks/[id]/route.ts', 1, {
        handler, notes: ['basePath from next.config.ts', 'prefix from NEXT_PUBLIC_BASE_PATH, default from .env.example'],
      }),
    ]);
  });
});
