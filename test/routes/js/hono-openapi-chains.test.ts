import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { h, routeBuilder, routesOf } from './support/route-fixtures.js';

const route = routeBuilder('hono');

/** createRoute() definitions of one resource, in their own module as @hono/zod-openapi projects keep them. */
const ROUTES = `import { createRoute, z } from "@hono/zod-openapi";

export const list = createRoute({ method: "get", path: "/", responses: { 200: { description: "ok" } } });
export const create = createRoute({ method: "post", path: "/", responses: { 201: { description: "ok" } } });
export const get = createRoute({ method: "get", path: "/{id}", responses: { 200: { description: "ok" } } });
export const update = createRoute({ method: "patch", path: "/{id}", responses: { 200: { description: "ok" } } });
`;

/** A Northwind-style API: groups chaining openapi() calls, mounted by a chain of route() calls. */
const NORTHWIND: Record<string, string> = {
  'package.json': '{ "name": "northwind-rest-api", "dependencies": { "@hono/zod-openapi": "^0.16.0", "hono": "^4.5.11" } }',
  'src/index.ts': `import { OpenAPIHono } from "@hono/zod-openapi";
import { v1 } from "./routes/v1";

const app = new OpenAPIHono();

app.doc("/doc", { openapi: "3.0.0", info: { title: "Northwind", version: "1" } });

app.get("/dev", (c) => c.text("dev"));

const routes = app.route("/v1", v1);
export type AppType = typeof routes;
export default app;
`,
  'src/routes/v1/index.ts': `import { OpenAPIHono } from "@hono/zod-openapi";
import { customersGroup } from "./customers/customers";
import { ordersGroup } from "./orders/orders";

export const v1 = new OpenAPIHono()
  .route("/customers", customersGroup)
  .route("/orders", ordersGroup);
`,
  'src/routes/v1/customers/routes.ts': ROUTES,
  'src/routes/v1/customers/customers.ts': `import { OpenAPIHono } from "@hono/zod-openapi";
import { create, get, list, update } from "./routes";

export const customersGroup = new OpenAPIHono()
  .openapi(list, async (c) => c.json([]))

  .openapi(create, async (c) => c.json({}, 201))

  .openapi(get, async (c) => c.json({}))

  .openapi(update, async (c) => c.json({}));
`,
  'src/routes/v1/orders/routes.ts': ROUTES,
  'src/routes/v1/orders/orders.ts': `import { OpenAPIHono } from "@hono/zod-openapi";
import { orderDetailsGroup } from "./orderDetails/orderDetails";
import { get, list } from "./routes";

export const ordersGroup = new OpenAPIHono()
  .openapi(list, async (c) => c.json([]))
  .openapi(get, async (c) => c.json({}))
  .route("/", orderDetailsGroup);
`,
  'src/routes/v1/orders/orderDetails/orderDetails.ts': `import { createRoute, OpenAPIHono } from "@hono/zod-openapi";

const del = createRoute({ method: "delete", path: "/{orderId}/details/{productId}", responses: { 204: { description: "gone" } } });

export const orderDetailsGroup = new OpenAPIHono()
  .openapi(del, async (c) => c.body(null, 204));
`,
};

describe('hono: @hono/zod-openapi apps', () => {
  it('follows chains of openapi() calls and the groups they build, and lists the document served by doc()', async () => {
    const customers = 'src/routes/v1/customers/customers.ts';
    const orders = 'src/routes/v1/orders/orders.ts';
    const details = 'src/routes/v1/orders/orderDetails/orderDetails.ts';
    expect(await routesOf(new MemoryTree('head', NORTHWIND))).toEqual([
      route('GET', '/dev', 'src/index.ts', 8, { handler: h('src/index.ts', 8, 8) }),
      route('GET', '/doc', 'src/index.ts', 6, { handler: h('src/index.ts', 6, 6) }),
      route('GET', '/v1/customers', customers, 5, { handler: h(customers, 5, 5) }),
      route('POST', '/v1/customers', customers, 7, { handler: h(customers, 7, 7) }),
      route('GET', '/v1/customers/{id}', customers, 9, { handler: h(customers, 9, 9) }),
      route('PATCH', '/v1/customers/{id}', customers, 11, { handler: h(customers, 11, 11) }),
      route('GET', '/v1/orders', orders, 6, { handler: h(orders, 6, 6) }),
      route('GET', '/v1/orders/{id}', orders, 7, { handler: h(orders, 7, 7) }),
      route('DELETE', '/v1/orders/{orderId}/details/{productId}', details, 6, { handler: h(details, 6, 6) }),
    ]);
  });

  it('does not take a one-argument doc() (a Firestore document) for a route', async () => {
    const tree = new MemoryTree('head', {
      'src/app.ts': `import { Hono } from "hono";
const app = new Hono();
app.get("/users/:id", async (c) => c.json(await firestore.collection("users").doc(c.req.param("id")).get()));
export default app;
`,
    });
    expect((await routesOf(tree)).map((found) => `${found.method} ${found.path}`)).toEqual(['GET /users/{id}']);
  });
});
