import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../src/core/change-source.js';
import { chainLines, dependencyLines, fixtureTree, mapTree, rolesOf, serviceChangesOf } from './support/service-fixtures.js';

const ORDERS = 'orders-service/src/main/java/com/acme/orders';

describe('service map of a Java repository (Maven module + Gradle project)', () => {
  it('reads units from pom.xml artifactId and settings.gradle; the aggregator pom owns no code', async () => {
    const { map } = await mapTree(fixtureTree('java-shop'));
    expect(map.services.map((s) => [s.name, s.root, s.manifest, s.kind])).toEqual([
      ['notification-service', 'notification-service', 'notification-service/build.gradle', 'service'],
      ['orders-service', 'orders-service', 'orders-service/pom.xml', 'service'],
    ]);
  });

  it('finds entry points, actuator health, graceful shutdown (configuration and @PreDestroy) and logging', async () => {
    const { map } = await mapTree(fixtureTree('java-shop'));
    const orders = map.services.find((s) => s.name === 'orders-service')!;
    expect(orders.entryPoints.map((e) => `${e.line} ${e.detail}`)).toEqual(['8 public static void main', '9 SpringApplication.run']);
    expect(orders.routes).toEqual(['POST /orders']);
    expect(orders.healthRoutes).toEqual(['GET /actuator/health']);
    expect(orders.shutdown.map((e) => `${e.file} ${e.detail}`)).toEqual(['orders-service/src/main/resources/application.properties server.shutdown=graceful']);
    expect(orders.logging).toEqual(['slf4j']);
    const notify = map.services.find((s) => s.name === 'notification-service')!;
    expect(notify.shutdown.map((e) => e.detail)).toEqual(['@PreDestroy']);
  });

  it('lists the database from application.properties, the HTTP call from @Value configuration and the Kafka topic', async () => {
    const { map } = await mapTree(fixtureTree('java-shop'));
    const orders = map.services.find((s) => s.name === 'orders-service')!;
    expect(dependencyLines(orders)).toEqual(['database postgres postgresql://orders-db:5432', 'http http config:inventory.url', 'messaging produce kafka orders.created']);
    expect(orders.dependencies[1]!.fallback).toBe('http://inventory:8081');
    expect(dependencyLines(map.services.find((s) => s.name === 'notification-service'))).toEqual(['messaging consume kafka orders.created']);
  });

  it('gives each file a role, Flyway migrations included', async () => {
    const { map } = await mapTree(fixtureTree('java-shop'));
    expect(rolesOf(map, [`${ORDERS}/OrdersApplication.java`, `${ORDERS}/OrderController.java`, `${ORDERS}/OrderService.java`, `${ORDERS}/OrderRepository.java`, `${ORDERS}/Order.java`, 'notification-service/src/main/java/com/acme/notify/NotificationListener.java'])).toEqual({
      [`${ORDERS}/OrdersApplication.java`]: 'orders-service: entry-point, configuration',
      [`${ORDERS}/OrderController.java`]: 'orders-service: route-handler',
      [`${ORDERS}/OrderService.java`]: 'orders-service: business-service, outbound-client, message-producer',
      [`${ORDERS}/OrderRepository.java`]: 'orders-service: data-access',
      [`${ORDERS}/Order.java`]: 'orders-service: data-access',
      'notification-service/src/main/java/com/acme/notify/NotificationListener.java': 'notification-service: message-consumer, scheduled-job',
    });
  });

  it('follows the controller through the injected service to the Spring Data repository', async () => {
    const { changes } = await serviceChangesOf(new MemoryTree('base', {}), fixtureTree('java-shop'));
    expect(chainLines(changes.chains.find((chain) => chain.route === 'POST /orders')!.chain)).toEqual([
      'OrderController.create [route-handler]',
      '  OrderService.place [business-service, outbound-client, message-producer] {http config:inventory.url; produce kafka orders.created}',
      '    OrderRepository.save [data-access] {database}',
    ]);
  });
});
