import { describe, expect, it } from '@jest/globals';
import { isFrontendPath, isNonServicePath } from '../../src/core/rules/support/path-kind.js';

describe('path kinds', () => {
  it.each([
    ['web/src/components/OrderList.tsx', true],
    ['apps/web/src/hooks/useOrders.ts', true],
    ['src/pages/index.js', true],
    ['src/api/orders.ts', false],
    ['src/routes/orders.ts', false],
    // Server code in folders named like front-end ones: only JavaScript runs in a browser.
    ['src/main/java/org/springframework/samples/petclinic/web/OwnerController.java', false],
    ['shop/views/orders.py', false],
    ['internal/web/handlers.go', false],
  ])('%s is front-end code: %p', (path, expected) => {
    expect(isFrontendPath(path)).toBe(expected);
  });

  it.each([
    ['scripts/seed-users.ts', true],
    ['db/migrations/0001_init.py', true],
    ['manage.py', true],
    ['src/main/java/com/example/scripts/Job.java', false],
    ['src/orders/service.ts', false],
  ])('%s runs by hand or once: %p', (path, expected) => {
    expect(isNonServicePath(path)).toBe(expected);
  });
});
