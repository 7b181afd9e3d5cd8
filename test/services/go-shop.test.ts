import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../src/core/change-source.js';
import { chainLines, dependencyLines, fixtureTree, mapTree, rolesOf, serviceChangesOf } from './support/service-fixtures.js';

describe('service map of a Go module with two binaries (cmd/api, cmd/worker) and shared internal packages', () => {
  it('reads each main package as a unit, the module as the shared library', async () => {
    const { map } = await mapTree(fixtureTree('go-shop'));
    expect(map.services.map((s) => [s.name, s.root, s.manifest, s.kind, s.fileCount])).toEqual([
      ['shop', '', 'go.mod', 'library', 4],
      ['api', 'cmd/api', 'cmd/api', 'service', 2],
      ['worker', 'cmd/worker', 'cmd/worker', 'service', 1],
    ]);
  });

  it('finds entry points, health routes, shutdown handling and logging', async () => {
    const { map } = await mapTree(fixtureTree('go-shop'));
    const api = map.services.find((s) => s.name === 'api')!;
    expect(api.entryPoints.map((e) => `${e.line} ${e.detail}`)).toEqual(['15 func main', '22 srv.ListenAndServe']);
    expect(api.healthRoutes).toEqual(['GET /healthz']);
    expect(api.shutdown.map((e) => `${e.line} ${e.detail}`)).toEqual(['23 signal.NotifyContext', '27 srv.Shutdown']);
    expect(api.logging).toEqual(['slog']);
    expect(map.services.find((s) => s.name === 'worker')!.logging).toEqual(['zap']);
  });

  it('credits a binary with what the shared packages it imports talk to', async () => {
    const { map } = await mapTree(fixtureTree('go-shop'));
    expect(dependencyLines(map.services.find((s) => s.name === 'api'))).toEqual(['database postgres env:DATABASE_URL', 'http http env:INVENTORY_URL']);
    expect(dependencyLines(map.services.find((s) => s.name === 'worker'))).toEqual(['messaging consume kafka orders.created']);
    expect(dependencyLines(map.services.find((s) => s.name === 'shop'))).toEqual(['database postgres env:DATABASE_URL', 'http http env:INVENTORY_URL']);
  });

  it('gives each file a role', async () => {
    const { map } = await mapTree(fixtureTree('go-shop'));
    expect(rolesOf(map, ['cmd/api/main.go', 'cmd/api/handler.go', 'cmd/worker/main.go', 'internal/orders/service.go', 'internal/orders/repository.go', 'internal/orders/inventory_client.go', 'internal/platform/db.go'])).toEqual({
      'cmd/api/main.go': 'api: entry-point, route-handler',
      'cmd/api/handler.go': 'api: route-handler',
      'cmd/worker/main.go': 'worker: entry-point, message-consumer, scheduled-job',
      'internal/orders/service.go': 'shop: business-service',
      'internal/orders/repository.go': 'shop: data-access',
      'internal/orders/inventory_client.go': 'shop: outbound-client',
      'internal/platform/db.go': 'shop: data-access',
    });
  });

  it('follows the handler through receiver field types across packages', async () => {
    const { changes } = await serviceChangesOf(new MemoryTree('base', {}), fixtureTree('go-shop'));
    expect(changes.chains.map((chain) => [chain.route, chainLines(chain.chain)])).toEqual([
      ['GET /healthz', ['(anonymous:20) [route-handler]']],
      ['POST /orders', [
        'Handler.CreateOrder [route-handler]',
        '  Service.Place [business-service]',
        '    InventoryClient.Reserve [outbound-client] {http env:INVENTORY_URL}',
        '    Repository.Insert [data-access] {database database/sql}',
      ]],
    ]);
  });
});
