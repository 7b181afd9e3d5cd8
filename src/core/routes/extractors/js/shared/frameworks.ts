import type { ObjDef, Val } from './facts.js';

/** Which framework an imported package belongs to ('nestjs', 'nextjs', 'routing-controllers', 'tsoa' or a router framework). */
export function frameworkOfPackage(spec: string): string | undefined {
  if (spec === 'express' || spec === 'express-promise-router' || spec === 'express-async-router') return 'express';
  // Fastify's own plugins are published as @fastify/* now, as fastify-* (fastify-autoload, fastify-cors) before v4.
  if (spec === 'fastify' || spec.startsWith('fastify-') || spec.startsWith('@fastify/')) return 'fastify';
  if (spec === 'hono' || spec.startsWith('hono/') || spec.startsWith('@hono/')) return 'hono';
  if (spec === 'koa' || spec === '@koa/router' || spec === 'koa-router' || spec === 'koa-mount') return 'koa';
  if (spec.startsWith('@nestjs/') || spec === 'nest-router') return 'nestjs';
  if (spec === 'next' || spec.startsWith('next/') || spec === 'next-connect') return 'nextjs';
  if (spec === 'routing-controllers') return 'routing-controllers';
  if (spec === 'tsoa' || spec === '@tsoa/runtime') return 'tsoa';
  return undefined;
}

const EXPRESS_ROUTER_PACKAGES = new Set(['express-promise-router', 'express-async-router']);
const HONO_PACKAGES = new Set(['hono', 'hono/tiny', 'hono/quick', '@hono/zod-openapi']);
const KOA_ROUTER_PACKAGES = new Set(['@koa/router', 'koa-router']);

function isImport(val: Val, specs: ReadonlySet<string> | string, names: readonly string[]): boolean {
  if (val.t !== 'imp') return false;
  const specOk = typeof specs === 'string' ? val.spec === specs : specs.has(val.spec);
  return specOk && names.includes(val.name);
}

/**
 * The framework object a call or `new` creates, judged by what the callee is (an import of the
 * framework), never by the variable's name.
 */
export function frameworkFactory(callee: Val, isNew: boolean): Omit<ObjDef, 'line' | 'options'> | undefined {
  // express(), require('express')()
  if (!isNew && isImport(callee, 'express', ['default', '*'])) return { framework: 'express', kind: 'app' };
  // express.Router(), Router(), new Router() from express; express-promise-router
  if (callee.t === 'mem' && callee.name === 'Router' && isImport(callee.of, 'express', ['default', '*'])) return { framework: 'express', kind: 'router' };
  if (isImport(callee, 'express', ['Router'])) return { framework: 'express', kind: 'router' };
  if (isImport(callee, EXPRESS_ROUTER_PACKAGES, ['default', '*'])) return { framework: 'express', kind: 'router' };
  // fastify(), Fastify({ logger }), require('fastify')()
  if (!isNew && isImport(callee, 'fastify', ['default', '*', 'fastify', 'Fastify'])) return { framework: 'fastify', kind: 'app' };
  if (!isNew && callee.t === 'mem' && (callee.name === 'default' || callee.name === 'fastify') && isImport(callee.of, 'fastify', ['*'])) {
    return { framework: 'fastify', kind: 'app' };
  }
  // new Hono(), new OpenAPIHono()
  if (isNew && isImport(callee, HONO_PACKAGES, ['Hono', 'OpenAPIHono'])) return { framework: 'hono', kind: 'app' };
  // new Router() from @koa/router or koa-router (and the old `require('koa-router')()`)
  if (isImport(callee, KOA_ROUTER_PACKAGES, ['default', '*', 'Router'])) return { framework: 'koa', kind: 'router' };
  if (isNew && isImport(callee, 'koa', ['default', '*'])) return { framework: 'koa', kind: 'app' };
  // next-connect: createRouter() / nc()
  if (isImport(callee, 'next-connect', ['default', '*', 'createRouter'])) return { framework: 'next-connect', kind: 'router' };
  return undefined;
}
