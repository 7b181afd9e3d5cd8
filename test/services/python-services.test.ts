import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../src/core/change-source.js';
import { chainLines, dependencyLines, fixtureTree, mapTree, rolesOf, serviceChangesOf } from './support/service-fixtures.js';

describe('service map of a Python repository (FastAPI API + Celery/pika worker)', () => {
  it('reads each unit from its manifest (pyproject name, requirements folder)', async () => {
    const { map } = await mapTree(fixtureTree('python-services'));
    expect(map.services.map((s) => [s.name, s.root, s.manifest, s.kind])).toEqual([
      ['orders-api', 'orders', 'orders/pyproject.toml', 'service'],
      ['worker', 'worker', 'worker/requirements.txt', 'service'],
    ]);
  });

  it('finds entry points, health routes, shutdown handling, logging and metrics', async () => {
    const { map } = await mapTree(fixtureTree('python-services'));
    const api = map.services.find((s) => s.name === 'orders-api')!;
    expect(api.entryPoints.map((e) => `${e.file}:${e.line} ${e.detail}`)).toEqual(["orders/app/main.py:28 if __name__ == '__main__'", 'orders/app/main.py:29 uvicorn.run']);
    expect(api.routes).toEqual(['GET /health', 'POST /orders']);
    expect(api.healthRoutes).toEqual(['GET /health']);
    expect(api.shutdown.map((e) => e.detail)).toEqual(['signal.signal(signal.SIGTERM)']);
    expect([api.logging, api.metrics]).toEqual([['logging'], ['prometheus_client']]);
    expect(map.services.find((s) => s.name === 'worker')!.logging).toEqual(['structlog']);
  });

  it('lists databases, HTTP calls, tasks produced and queues consumed', async () => {
    const { map } = await mapTree(fixtureTree('python-services'));
    expect(dependencyLines(map.services.find((s) => s.name === 'orders-api'))).toEqual([
      'database sqlalchemy env:DATABASE_URL',
      'http http env:PAYMENTS_URL',
      'messaging produce celery send_receipt',
    ]);
    expect(map.services.find((s) => s.name === 'orders-api')!.dependencies[0]!.clients).toEqual([
      { file: 'orders/app/repositories/order_repository.py', line: 5, detail: 'create_engine', pooled: true, scope: 'module' },
    ]);
    expect(dependencyLines(map.services.find((s) => s.name === 'worker'))).toEqual(['messaging consume celery send_receipt', 'messaging consume rabbitmq emails']);
  });

  it('gives each file a role, migrations included', async () => {
    const { map } = await mapTree(fixtureTree('python-services'));
    expect(rolesOf(map, [
      'orders/app/main.py',
      'orders/app/routers/orders.py',
      'orders/app/services/order_service.py',
      'orders/app/repositories/order_repository.py',
      'orders/app/clients/payments.py',
      'orders/alembic/versions/0001_create_orders.py',
      'worker/worker/tasks.py',
      'worker/worker/emails.py',
    ])).toEqual({
      'orders/app/main.py': 'orders-api: entry-point, route-handler',
      'orders/app/routers/orders.py': 'orders-api: route-handler',
      'orders/app/services/order_service.py': 'orders-api: business-service, message-producer',
      'orders/app/repositories/order_repository.py': 'orders-api: data-access',
      'orders/app/clients/payments.py': 'orders-api: outbound-client',
      'orders/alembic/versions/0001_create_orders.py': 'orders-api: migration',
      'worker/worker/tasks.py': 'worker: message-consumer, scheduled-job',
      'worker/worker/emails.py': 'worker: entry-point, message-consumer',
    });
  });

  it('follows the route through imports and typed dependencies down to the client and the repository', async () => {
    const { changes } = await serviceChangesOf(new MemoryTree('base', {}), fixtureTree('python-services'));
    const create = changes.chains.find((chain) => chain.route === 'POST /orders')!;
    expect(chainLines(create.chain)).toEqual([
      'create_order [route-handler]',
      '  OrderService.place [business-service, message-producer] {produce celery send_receipt}',
      '    charge [outbound-client] {http env:PAYMENTS_URL}',
      '    OrderRepository.insert [data-access] {database sqlalchemy}',
    ]);
  });
});
