import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../src/core/change-source.js';
import { chainLines, dependencyLines, fixtureTree, mapTree, rolesOf, serviceChangesOf } from './support/service-fixtures.js';

describe('service map of a JS/TS monorepo (npm workspaces)', () => {
  it('reads each workspace package as a unit; the workspace root owns nothing', async () => {
    const { map } = await mapTree(fixtureTree('js-monorepo'));
    expect(map.services.map((s) => [s.name, s.root, s.manifest, s.kind, s.fileCount])).toEqual([
      ['shared', 'packages/shared', 'packages/shared/package.json', 'library', 1],
      ['inventory', 'services/inventory', 'services/inventory/package.json', 'service', 1],
      ['orders', 'services/orders', 'services/orders/package.json', 'service', 6],
    ]);
  });

  it('finds entry points, routes, health routes, shutdown handling and observability libraries', async () => {
    const { map } = await mapTree(fixtureTree('js-monorepo'));
    const orders = map.services.find((s) => s.name === 'orders')!;
    expect(orders.entryPoints).toEqual([{ file: 'services/orders/src/main.ts', line: 14, detail: 'app.listen' }]);
    expect(orders.routes).toEqual(['GET /api/orders/{id}', 'GET /healthz', 'POST /api/orders']);
    expect(orders.healthRoutes).toEqual(['GET /healthz']);
    expect(orders.shutdown).toEqual([{ file: 'services/orders/src/main.ts', line: 16, detail: "process.on('SIGTERM')" }]);
    expect([orders.logging, orders.metrics]).toEqual([['pino'], ['prom-client']]);
    const inventory = map.services.find((s) => s.name === 'inventory')!;
    expect(inventory.entryPoints).toEqual([{ file: 'services/inventory/src/server.js', line: 28, detail: 'app.listen' }]);
    expect([inventory.healthRoutes, inventory.shutdown, inventory.logging]).toEqual([[], [], ['winston']]);
  });

  it('lists what each service talks to, with the service an HTTP call reaches', async () => {
    const { map } = await mapTree(fixtureTree('js-monorepo'));
    const orders = map.services.find((s) => s.name === 'orders');
    expect(dependencyLines(orders)).toEqual([
      'database postgres env:DATABASE_URL',
      'http http env:INVENTORY_URL → inventory',
      'messaging produce kafka orders.created',
    ]);
    expect(orders!.dependencies[0]!.clients).toEqual([{ file: 'services/orders/src/repositories/orders-repository.ts', line: 3, detail: 'new Pool', pooled: true, scope: 'module' }]);
    expect(orders!.dependencies[1]!.fallback).toBe('http://inventory:3001');
    expect(dependencyLines(map.services.find((s) => s.name === 'inventory'))).toEqual(['cache redis env:REDIS_URL', 'messaging consume kafka orders.created']);
  });

  it('gives each file a role', async () => {
    const { map } = await mapTree(fixtureTree('js-monorepo'));
    expect(rolesOf(map, [
      'services/orders/src/main.ts',
      'services/orders/src/routes/orders.ts',
      'services/orders/src/services/orders-service.ts',
      'services/orders/src/repositories/orders-repository.ts',
      'services/orders/src/clients/inventory-client.ts',
      'services/orders/src/events/producer.ts',
      'services/inventory/src/server.js',
      'packages/shared/src/format.ts',
    ])).toEqual({
      'services/orders/src/main.ts': 'orders: entry-point, route-handler',
      'services/orders/src/routes/orders.ts': 'orders: route-handler',
      'services/orders/src/services/orders-service.ts': 'orders: business-service',
      'services/orders/src/repositories/orders-repository.ts': 'orders: data-access',
      'services/orders/src/clients/inventory-client.ts': 'orders: outbound-client',
      'services/orders/src/events/producer.ts': 'orders: message-producer',
      'services/inventory/src/server.js': 'inventory: entry-point, route-handler, message-consumer, data-access',
      'packages/shared/src/format.ts': 'shared: business-service',
    });
  });

  it('follows each new route from its handler through the service to the repository, client and producer', async () => {
    const { changes } = await serviceChangesOf(new MemoryTree('base', {}), fixtureTree('js-monorepo'));
    const create = changes.chains.find((chain) => chain.route === 'POST /api/orders')!;
    expect(chainLines(create.chain)).toEqual([
      '(anonymous:10) [route-handler]',
      '  OrdersService.create [business-service]',
      '    InventoryClient.reserve [outbound-client] {http env:INVENTORY_URL}',
      '    OrdersRepository.insert [data-access] {database postgres}',
      '    publishOrderCreated [message-producer] {produce kafka orders.created}',
    ]);
    expect(create.reaches).toEqual(['database postgres', 'http env:INVENTORY_URL', 'produce kafka orders.created']);
    expect(changes.chains.map((chain) => [chain.route, chain.service, chain.reaches.join('; ')])).toEqual([
      ['POST /api/orders', 'orders', 'database postgres; http env:INVENTORY_URL; produce kafka orders.created'],
      ['GET /api/orders/{id}', 'orders', 'database postgres'],
      ['GET /healthz', 'orders', ''],
      ['POST /reservations', 'inventory', 'cache redis'],
      ['GET /stock/{sku}', 'inventory', 'cache redis'],
    ]);
  });
});
