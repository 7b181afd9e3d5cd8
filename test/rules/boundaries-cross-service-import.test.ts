import { crossServiceImport } from '../../src/core/rules/boundaries-cross-service-import.js';
import { testRule } from './rule-tester.js';

const lines = (...text: string[]) => `${text.join('\n')}\n`;

/** npm workspaces: two services and a shared library package. */
const JS_REPO: Record<string, string> = {
  'package.json': '{ "name": "shop", "private": true, "workspaces": ["services/*", "packages/*"] }\n',
  'services/orders/package.json': '{ "name": "@shop/orders" }\n',
  'services/orders/src/stock.ts': 'export const localStock = new Map<string, number>();\n',
  'services/inventory/package.json': '{ "name": "@shop/inventory" }\n',
  'services/inventory/src/server.ts': lines(
    "import express from 'express';",
    "import { reserveStock } from './stock';",
    '',
    'const app = express();',
    "app.post('/reservations', async (req, res) => res.json(await reserveStock(req.body.sku, req.body.quantity)));",
    'app.listen(3001);',
  ),
  'services/inventory/src/client/inventory-client.ts': 'export class InventoryClient {\n  constructor(readonly baseUrl: string) {}\n}\n',
  'services/inventory/src/stock.ts': lines('export interface Stock { sku: string; available: number }', 'export async function reserveStock(sku: string, quantity: number) {', '  return { sku, quantity };', '}'),
  'packages/shared/package.json': '{ "name": "@shop/shared" }\n',
  'packages/shared/index.ts': 'export function formatMoney(cents: number): string {\n  return (cents / 100).toFixed(2);\n}\n',
};
const JS_PATH = 'services/orders/src/orders-service.ts';
const jsUsing = (...imports: string[]) => lines(...imports, '', 'export async function placeOrder(sku: string, quantity: number) {', '  return { sku, quantity };', '}');

/** A repository whose root is itself a service, with a worker package nested in it. */
const JS_ROOT_APP: Record<string, string> = {
  'package.json': '{ "name": "app", "workspaces": ["packages/*"] }\n',
  'src/server.ts': "import express from 'express';\nconst app = express();\napp.get('/orders', (req, res) => res.json([]));\napp.listen(3000);\n",
  'src/db.ts': 'export const db = { query: async (sql: string) => [] };\n',
  'packages/worker/package.json': '{ "name": "worker" }\n',
};

const PY_REPO: Record<string, string> = {
  'services/orders/pyproject.toml': '[project]\nname = "orders"\n',
  'services/orders/orders/__init__.py': '',
  'services/orders/app/__init__.py': '',
  'services/orders/app/models.py': 'class Order:\n    pass\n',
  'services/inventory/pyproject.toml': '[project]\nname = "inventory"\n',
  'services/inventory/inventory/__init__.py': '',
  'services/inventory/inventory/main.py': lines('import uvicorn', 'from fastapi import FastAPI', '', 'app = FastAPI()', '', 'if __name__ == "__main__":', '    uvicorn.run(app, port=8001)'),
  'services/inventory/inventory/stock.py': 'def reserve_stock(sku, quantity):\n    return {"sku": sku, "reserved": quantity}\n',
  'services/inventory/app/__init__.py': '',
  'services/inventory/inventory/proto/__init__.py': '',
  'services/inventory/inventory/proto/inventory_pb2.py': 'DESCRIPTOR = None\n',
  'services/inventory/redis/redis.conf': 'maxmemory 256mb\n',
  'services/inventory/app/models.py': 'class Stock:\n    pass\n',
  'libs/common/pyproject.toml': '[project]\nname = "common"\n',
  'libs/common/common/__init__.py': '',
  'libs/common/common/money.py': 'def format_amount(cents):\n    return f"{cents / 100:.2f}"\n',
};
const PY_PATH = 'services/orders/orders/service.py';
const pyUsing = (...imports: string[]) => lines(...imports, '', '', 'def place_order(sku, quantity):', '    return {"sku": sku, "quantity": quantity}');

const GO_REPO: Record<string, string> = {
  'orders/go.mod': 'module github.com/acme/shop/orders\n\ngo 1.22\n',
  'inventory/go.mod': 'module github.com/acme/shop/inventory\n\ngo 1.22\n',
  'inventory/cmd/server/main.go': 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8081", nil)\n}\n',
  'inventory/stock/stock.go': 'package stock\n\nfunc Reserve(sku string, quantity int) error {\n\treturn nil\n}\n',
  'inventory/internal/store/store.go': 'package store\n\ntype Store struct{}\n',
  'inventory/pkg/client/client.go': 'package client\n\ntype Client struct{ BaseURL string }\n',
  'money/go.mod': 'module github.com/acme/shop/money\n\ngo 1.22\n',
  'money/money.go': 'package money\n\ntype Cents int64\n',
};
const GO_PATH = 'orders/service/orders.go';
const goUsing = (...imports: string[]) => lines('package service', '', 'import (', ...imports.map((path) => `\t"${path}"`), ')', '', 'func Place(sku string, quantity int) error {', '\treturn nil', '}');

/** One Go module that builds two binaries: the module's packages are shared code. */
const GO_ONE_MODULE: Record<string, string> = {
  'go.mod': 'module github.com/acme/shop\n\ngo 1.22\n',
  'cmd/inventory/main.go': 'package main\n\nimport "github.com/acme/shop/internal/inventory"\n\nfunc main() {\n\tinventory.Serve()\n}\n',
  'internal/inventory/server.go': 'package inventory\n\nimport "net/http"\n\nfunc Serve() {\n\thttp.ListenAndServe(":8081", nil)\n}\n',
};

const JAVA_REPO: Record<string, string> = {
  'pom.xml': '<project>\n  <artifactId>shop</artifactId>\n  <modules>\n    <module>orders-service</module>\n    <module>inventory-service</module>\n  </modules>\n</project>\n',
  'orders-service/pom.xml': '<project>\n  <artifactId>orders-service</artifactId>\n</project>\n',
  'inventory-service/pom.xml': '<project>\n  <artifactId>inventory-service</artifactId>\n</project>\n',
  'inventory-service/src/main/java/com/acme/inventory/InventoryApplication.java': lines(
    'package com.acme.inventory;',
    '',
    'import org.springframework.boot.SpringApplication;',
    'import org.springframework.boot.autoconfigure.SpringBootApplication;',
    '',
    '@SpringBootApplication',
    'public class InventoryApplication {',
    '  public static void main(String[] args) {',
    '    SpringApplication.run(InventoryApplication.class, args);',
    '  }',
    '}',
  ),
  'inventory-service/src/main/java/com/acme/inventory/StockService.java': 'package com.acme.inventory;\n\npublic class StockService {\n  public static void reserve(String sku, int quantity) {}\n}\n',
  'shared-kernel/pom.xml': '<project>\n  <artifactId>shared-kernel</artifactId>\n</project>\n',
  'shared-kernel/src/main/java/com/acme/shared/Money.java': 'package com.acme.shared;\n\npublic record Money(long cents) {}\n',
};
const JAVA_PATH = 'orders-service/src/main/java/com/acme/orders/OrderService.java';
const javaUsing = (...imports: string[]) => lines('package com.acme.orders;', '', ...imports, '', 'public class OrderService {', '  public void place(String sku, int quantity) {}', '}');

/**
 * Gradle: a Micronaut service whose routes are annotations on interfaces of its `service-api` module
 * (the published contract, implemented by the service's controllers), and a second service.
 */
const GRADLE_REPO: Record<string, string> = {
  'settings.gradle.kts': 'rootProject.name = "realworld"\ninclude("service-api", "service", "search")\n',
  'service-api/build.gradle.kts': 'dependencies {\n    api("io.micronaut:micronaut-http")\n}\n',
  'service-api/src/main/java/com/acme/api/operation/UserOperations.java': lines(
    'package com.acme.api.operation;',
    '',
    'import io.micronaut.http.annotation.Post;',
    '',
    'public interface UserOperations {',
    '    @Post("/users/login")',
    '    LoginUserResult login(LoginUser command);',
    '}',
  ),
  'service/build.gradle.kts': 'dependencies {\n    implementation(project(":service-api"))\n}\n',
  'search/build.gradle.kts': 'dependencies {\n    implementation("io.micronaut:micronaut-http-server-netty")\n}\n',
  'search/src/main/java/com/acme/search/SearchController.java': lines(
    'package com.acme.search;',
    '',
    'import io.micronaut.http.annotation.Controller;',
    'import io.micronaut.http.annotation.Get;',
    '',
    '@Controller("/search")',
    'public class SearchController {',
    '    @Get',
    '    public SearchResult search(String q) {',
    '        return SearchIndex.query(q);',
    '    }',
    '}',
  ),
  'search/src/main/java/com/acme/search/SearchIndex.java': 'package com.acme.search;\n\npublic class SearchIndex {\n  public static SearchResult query(String q) { return null; }\n}\n',
};
const GRADLE_PATH = 'service/src/main/java/com/acme/web/UserController.java';
const gradleController = (...imports: string[]) =>
  lines('package com.acme.web;', '', ...imports, '', '@Controller("/api")', 'public class UserController implements UserOperations {', '    @Override', '    public LoginUserResult login(LoginUser command) {', '        return bus.executeCommand(command);', '    }', '}');
/** The contract's route, implemented by the controller the PR adds. */
const CONTRACT_ROUTE = { method: 'POST', path: '/api/users/login', line: 6, file: 'service-api/src/main/java/com/acme/api/operation/UserOperations.java', handlerFile: GRADLE_PATH, handler: [8, 10] as [number, number], framework: 'micronaut' };
const SEARCH_ROUTE = { method: 'GET', path: '/search', line: 8, file: 'search/src/main/java/com/acme/search/SearchController.java', handler: [9, 11] as [number, number], framework: 'micronaut' };

testRule(crossServiceImport, {
  valid: [
    { name: 'js shared library package by name', language: 'js', path: JS_PATH, code: jsUsing("import { formatMoney } from '@shop/shared';"), files: JS_REPO },
    { name: 'js shared library package by path', language: 'js', path: JS_PATH, code: jsUsing("import { formatMoney } from '../../../packages/shared';"), files: JS_REPO },
    { name: 'js type-only import', language: 'js', path: JS_PATH, code: jsUsing("import type { Stock } from '../../inventory/src/stock';"), files: JS_REPO },
    { name: 'js named imports that are all types', language: 'js', path: JS_PATH, code: jsUsing("import { type Stock } from '../../inventory/src/stock';"), files: JS_REPO },
    { name: 'js own module', language: 'js', path: JS_PATH, code: jsUsing("import { localStock } from './stock';"), files: JS_REPO },
    { name: 'js third-party package', language: 'js', path: JS_PATH, code: jsUsing("import axios from 'axios';"), files: JS_REPO },
    { name: 'js import on a line the PR does not add', language: 'js', path: JS_PATH, code: jsUsing("import { reserveStock } from '../../inventory/src/stock';"), files: JS_REPO, addedLines: [3, 4] },
    { name: 'js script reaching into a service', language: 'js', path: 'services/orders/scripts/backfill.ts', code: jsUsing("import { reserveStock } from '../../inventory/src/stock';"), files: JS_REPO },
    { name: "js nested package using the root app's code", language: 'js', path: 'packages/worker/src/job.ts', code: jsUsing("import { db } from '../../../src/db';"), files: JS_ROOT_APP },
    { name: "js the other service's published client", language: 'js', path: JS_PATH, code: jsUsing("import { InventoryClient } from '../../inventory/src/client/inventory-client';"), files: JS_REPO },
    { name: 'js front-end page', language: 'js', path: 'services/orders/src/pages/stock.tsx', code: jsUsing("import { reserveStock } from '../../../inventory/src/stock';"), files: JS_REPO },
    { name: "python the other service's generated stubs", language: 'python', path: PY_PATH, code: pyUsing('from inventory.proto import inventory_pb2'), files: PY_REPO },
    { name: 'python third-party module named like a folder of another service', language: 'python', path: PY_PATH, code: pyUsing('import redis'), files: PY_REPO },
    { name: 'python shared library', language: 'python', path: PY_PATH, code: pyUsing('from common.money import format_amount'), files: PY_REPO },
    { name: "python module name both services hold resolves to the importer's", language: 'python', path: 'services/orders/app/service.py', code: pyUsing('from app.models import Order'), files: PY_REPO },
    { name: 'python third-party module', language: 'python', path: PY_PATH, code: pyUsing('import requests', 'from fastapi import APIRouter'), files: PY_REPO },
    { name: 'go public client package of another module', language: 'go', path: GO_PATH, code: goUsing('github.com/acme/shop/inventory/pkg/client'), files: GO_REPO },
    { name: 'go library module', language: 'go', path: GO_PATH, code: goUsing('github.com/acme/shop/money'), files: GO_REPO },
    { name: "go binary using its module's shared package", language: 'go', path: 'cmd/orders/main.go', code: 'package main\n\nimport "github.com/acme/shop/internal/inventory"\n\nfunc main() {\n\tinventory.Serve()\n}\n', files: GO_ONE_MODULE },
    { name: 'java shared kernel module', language: 'java', path: JAVA_PATH, code: javaUsing('import com.acme.shared.Money;'), files: JAVA_REPO },
    { name: 'java framework import', language: 'java', path: JAVA_PATH, code: javaUsing('import org.springframework.stereotype.Service;'), files: JAVA_REPO },
    {
      name: 'java controller implementing the route interfaces of its API module',
      language: 'java',
      path: GRADLE_PATH,
      code: gradleController('import com.acme.api.operation.UserOperations;', 'import io.micronaut.http.annotation.Controller;'),
      files: GRADLE_REPO,
      routes: [CONTRACT_ROUTE, SEARCH_ROUTE],
    },
  ],
  invalid: [
    { name: 'js relative import into another service', language: 'js', path: JS_PATH, code: jsUsing("import { reserveStock } from '../../inventory/src/stock';"), files: JS_REPO, errors: [{ messageId: 'crossServiceImport', line: 1 }] },
    { name: "js deep import of another service's package", language: 'js', path: JS_PATH, code: jsUsing("import { reserveStock } from '@shop/inventory/src/stock';"), files: JS_REPO, errors: [{ messageId: 'crossServiceImport', line: 1 }] },
    { name: "js another service's package by name", language: 'js', path: JS_PATH, code: jsUsing("import * as inventory from '@shop/inventory';"), files: JS_REPO, errors: [{ messageId: 'crossServiceImport', line: 1 }] },
    { name: 'js require', language: 'js', path: 'services/orders/src/orders-service.js', code: "const { reserveStock } = require('../../inventory/src/stock');\n\nmodule.exports = { placeOrder: (sku) => reserveStock(sku, 1) };\n", files: JS_REPO, errors: [{ messageId: 'crossServiceImport', line: 1 }] },
    { name: 're-export', language: 'js', path: JS_PATH, code: "export { reserveStock } from '../../inventory/src/stock';\n", files: JS_REPO, errors: [{ messageId: 'crossServiceImport', line: 1 }] },
    {
      name: 'js several imports from one service: one finding',
      language: 'js',
      path: JS_PATH,
      code: jsUsing("import { reserveStock } from '../../inventory/src/stock';", "import { formatMoney } from '@shop/shared';", "import '../../inventory/src/server';"),
      files: JS_REPO,
      errors: [{ messageId: 'crossServiceImport', line: 1 }],
    },
    { name: 'js library package importing a service', language: 'js', path: 'packages/shared/stock.ts', code: "import { reserveStock } from '@shop/inventory/src/stock';\nexport const reserve = reserveStock;\n", files: JS_REPO, errors: [{ messageId: 'crossServiceImport', line: 1 }] },
    { name: "python another service's package (installed beside this one)", language: 'python', path: PY_PATH, code: pyUsing('from inventory.stock import reserve_stock'), files: PY_REPO, errors: [{ messageId: 'crossServiceImport', line: 1 }] },
    { name: 'python plain import', language: 'python', path: PY_PATH, code: pyUsing('import inventory.stock'), files: PY_REPO, errors: [{ messageId: 'crossServiceImport', line: 1 }] },
    { name: 'python import from the repository root', language: 'python', path: PY_PATH, code: pyUsing('import requests', 'from services.inventory.inventory.stock import reserve_stock'), files: PY_REPO, errors: [{ messageId: 'crossServiceImport', line: 2 }] },
    { name: "go another module's package", language: 'go', path: GO_PATH, code: goUsing('github.com/acme/shop/inventory/stock'), files: GO_REPO, errors: [{ messageId: 'crossServiceImport', line: 4 }] },
    { name: "go another module's internal package", language: 'go', path: GO_PATH, code: goUsing('context', 'github.com/acme/shop/inventory/internal/store'), files: GO_REPO, errors: [{ messageId: 'crossServiceImport', line: 5 }] },
    { name: "java another service's class", language: 'java', path: JAVA_PATH, code: javaUsing('import com.acme.shared.Money;', 'import com.acme.inventory.StockService;'), files: JAVA_REPO, errors: [{ messageId: 'crossServiceImport', line: 4 }] },
    { name: "java wildcard import of another service's package", language: 'java', path: JAVA_PATH, code: javaUsing('import com.acme.inventory.*;'), files: JAVA_REPO, errors: [{ messageId: 'crossServiceImport', line: 3 }] },
    {
      name: "java controller using another module's controller-served code",
      language: 'java',
      path: GRADLE_PATH,
      code: gradleController('import com.acme.api.operation.UserOperations;', 'import com.acme.search.SearchIndex;'),
      files: GRADLE_REPO,
      routes: [CONTRACT_ROUTE, SEARCH_ROUTE],
      errors: [{ messageId: 'crossServiceImport', line: 4 }],
    },
    { name: "java static import of another service's method", language: 'java', path: JAVA_PATH, code: javaUsing('import static com.acme.inventory.StockService.reserve;'), files: JAVA_REPO, errors: [{ messageId: 'crossServiceImport', line: 3 }] },
  ],
});
