import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { fixtureTree, h, routeBuilder, routesOf } from './support/route-fixtures.js';

const route = routeBuilder('nextjs');

describe('nextjs routes', () => {
  it('reads app-router route handlers and pages-router API routes under src/', async () => {
    expect(await routesOf(fixtureTree('nextjs/app-and-pages'))).toEqual([
      route('GET', '/api/auth/{nextauth}', 'src/app/api/auth/[...nextauth]/route.ts', 6, { handler: h('src/app/api/auth/[...nextauth]/route.ts', 6, 6, 'handler') }),
      route('POST', '/api/auth/{nextauth}', 'src/app/api/auth/[...nextauth]/route.ts', 6, { handler: h('src/app/api/auth/[...nextauth]/route.ts', 6, 6, 'handler') }),
      route('ANY', '/api/hello', 'src/pages/api/hello.js', 2, { handler: h('src/pages/api/hello.js', 2, 4, 'handler') }),
      route('GET', '/api/legacy/{id}', 'src/pages/api/legacy/[id].ts', 3, { handler: h('src/pages/api/legacy/[id].ts', 3, 11, 'handler') }),
      route('PUT', '/api/legacy/{id}', 'src/pages/api/legacy/[id].ts', 3, { handler: h('src/pages/api/legacy/[id].ts', 3, 11, 'handler') }),
      route('POST', '/api/newsletter', 'src/app/(marketing)/api/newsletter/route.ts', 1, { handler: h('src/app/(marketing)/api/newsletter/route.ts', 1, 4, 'POST') }),
      route('GET', '/api/posts', 'src/pages/api/posts/index.ts', 19, { handler: h('src/pages/api/posts/index.ts', 4, 17, 'handler') }),
      route('POST', '/api/posts', 'src/pages/api/posts/index.ts', 19, { handler: h('src/pages/api/posts/index.ts', 4, 17, 'handler') }),
      route('GET', '/api/users', 'src/app/api/users/route.ts', 6, { handler: h('src/app/api/users/route.ts', 6, 10, 'GET') }),
      route('POST', '/api/users', 'src/app/api/users/route.ts', 12, { handler: h('src/app/api/users/route.ts', 12, 16, 'POST') }),
      route('DELETE', '/api/users/{id}', 'src/app/api/users/[id]/route.ts', 10, { handler: h('src/app/api/users/[id]/route.ts', 10, 13, 'DELETE') }),
      route('GET', '/api/users/{id}', 'src/app/api/users/[id]/route.ts', 5, { middleware: ['withAuth'], handler: h('src/app/api/users/[id]/route.ts', 5, 8) }),
      route('GET', '/docs/{slug}', 'src/app/docs/[[...slug]]/route.ts', 1, { handler: h('src/app/docs/[[...slug]]/route.ts', 1, 3, 'GET') }),
    ]);
  });

  it('finds the app directory of a monorepo package by its next.config', async () => {
    const tree = new MemoryTree('head', {
      'apps/web/next.config.mjs': 'export default {};',
      'apps/web/app/api/orders/[orderId]/route.ts': [
        "import { NextResponse } from 'next/server';",
        'export async function PATCH(request: Request) {',
        '  return NextResponse.json(await request.json());',
        '}',
      ].join('\n'),
      'apps/web/app/(shop)/cart/page.tsx': 'export default function Cart() { return null; }',
      'packages/ui/app/route.ts': 'export function GET() { return new Response("not a Next project root"); }',
    });
    expect(await routesOf(tree)).toEqual([
      route('PATCH', '/api/orders/{orderId}', 'apps/web/app/api/orders/[orderId]/route.ts', 2, { handler: h('apps/web/app/api/orders/[orderId]/route.ts', 2, 4, 'PATCH') }),
    ]);
  });

  it('finds nothing in a repository that does not use Next.js', async () => {
    const tree = new MemoryTree('head', {
      'package.json': '{ "name": "cli" }',
      'app/users/route.ts': 'export async function GET() { return []; }',
      'pages/api/hello.ts': 'export default function handler(req, res) { res.end(); }',
    });
    expect(await routesOf(tree)).toEqual([]);
  });

  it('reads the methods of a next-connect pages handler', async () => {
    const tree = new MemoryTree('head', {
      'next.config.js': 'module.exports = {};',
      'pages/api/items.ts': [
        "import { createRouter } from 'next-connect';",
        "import { auth } from '../../lib/auth';",
        'const router = createRouter();',
        'router.use(auth).get(async (req, res) => res.json([])).post(async (req, res) => res.status(201).json(req.body));',
        'export default router.handler();',
      ].join('\n'),
    });
    expect(await routesOf(tree)).toEqual([
      route('GET', '/api/items', 'pages/api/items.ts', 5, { handler: h('pages/api/items.ts', 5, 5, 'router.handler()') }),
      route('POST', '/api/items', 'pages/api/items.ts', 5, { handler: h('pages/api/items.ts', 5, 5, 'router.handler()') }),
    ]);
  });
});
