import { z } from 'zod';
import { defineRule, type RuleLanguage } from './types.js';
import { isFrontendPath, isNonServicePath } from './support/path-kind.js';
import { readImportSites, type ImportSite } from './support/read-import-sites.js';
import { isAncestor, RepositoryUnits, unitFileFacts } from './support/repository-units.js';

/** An import the PR adds, kept for the project phase (where the other services are known). */
interface AddedImport extends ImportSite {
  family: RuleLanguage;
}

/**
 * Go packages a module publishes for others by convention: `pkg/`, API definitions and generated
 * stubs. Importing them is using the service's contract, not its insides.
 */
const GO_PUBLIC_DIRECTORIES = new Set(['pkg', 'api', 'apis', 'client', 'clients', 'sdk', 'proto', 'protos', 'gen', 'pb', 'contracts', 'schema', 'schemas']);
/** In every language: folders of a service that hold its published contract (generated stubs, a client SDK). */
const CONTRACT_DIRECTORIES = new Set(['proto', 'protos', 'gen', 'generated', 'pb', 'sdk', 'client', 'clients', 'contracts']);
/** Generated protobuf/gRPC modules (`orders_pb2.py`, `orders_grpc_pb.js`, `orders.pb.go`). */
const GENERATED_STUB = /(_pb2(_grpc)?\.py|_pb\.[cm]?[jt]s|_grpc_pb\.[cm]?[jt]s|_pb\.d\.ts|\.pb\.go)$/;

/**
 * True when the import lands on what a service publishes for its callers: generated stubs and client
 * folders anywhere, and for Go the `pkg/`-style directories (never under `internal/`).
 */
function isPublishedContract(target: string, unitRoot: string, family: RuleLanguage): boolean {
  const inside = (unitRoot ? target.slice(unitRoot.length + 1) : target).split('/').filter(Boolean);
  if (inside.includes('internal')) return false;
  if (GENERATED_STUB.test(target) || inside.slice(0, -1).some((segment) => CONTRACT_DIRECTORIES.has(segment))) return true;
  // A directory target's last segment is a folder too.
  if (target.endsWith('/') && CONTRACT_DIRECTORIES.has(inside[inside.length - 1] ?? '')) return true;
  return family === 'go' && GO_PUBLIC_DIRECTORIES.has(inside[0] ?? '');
}

export const crossServiceImport = defineRule({
  id: 'boundaries/cross-service-import',
  meta: {
    checklist: 'service.boundaries',
    severity: 'medium',
    languages: ['js', 'python', 'go', 'java'],
    description: "An import the PR adds that reaches into another service's own source files (another deployable unit of the repository that serves requests); shared library packages are fine.",
    rationale:
      "A service that imports another service's code shares its data model and its release cycle: a refactor inside one breaks the other, both must deploy together, and the boundary between the two bounded contexts exists only on the architecture diagram. Services of a monorepo talk through their APIs or events; code they both need belongs in a library package (a unit with no entry point and no routes of its own), which this rule never reports. Left out: TypeScript type-only imports (no runtime coupling), front-end code, a service's published contract (generated protobuf/gRPC stubs, `client/`, `sdk/`, `proto/`, `gen/` folders, and for Go the `pkg/` and `api/` packages a module publishes), and scripts.",
    messages: {
      crossServiceImport: {
        title: "Import reaches into another service's code",
        message:
          '`{specifier}` imports code that belongs to the `{service}` service (`{root}/`). The two services can no longer change or deploy independently, and a refactor inside `{service}` can break this one. Call `{service}` through its API, or move the shared code into a library package both depend on.',
      },
    },
    options: z.object({}).strict(),
    examples: {
      js: {
        path: 'services/orders/src/orders-service.ts',
        bad: "import { reserveStock } from '../../inventory/src/stock';\n\nexport async function placeOrder(sku: string, quantity: number) {\n  await reserveStock(sku, quantity);\n  return { sku, quantity };\n}\n",
        good: "import { formatMoney } from '@shop/shared';\n\nexport async function placeOrder(sku: string, quantity: number, price: number) {\n  return { sku, quantity, total: formatMoney(price * quantity) };\n}\n",
        files: {
          'package.json': '{ "name": "shop", "private": true, "workspaces": ["services/*", "packages/*"] }\n',
          'services/orders/package.json': '{ "name": "@shop/orders" }\n',
          'services/inventory/package.json': '{ "name": "@shop/inventory" }\n',
          'services/inventory/src/server.ts': "import express from 'express';\nimport { reserveStock } from './stock';\n\nconst app = express();\napp.post('/reservations', async (req, res) => res.json(await reserveStock(req.body.sku, req.body.quantity)));\napp.listen(3001);\n",
          'services/inventory/src/stock.ts': 'export async function reserveStock(sku: string, quantity: number) {\n  return { sku, quantity, reserved: true };\n}\n',
          'packages/shared/package.json': '{ "name": "@shop/shared" }\n',
          'packages/shared/index.ts': 'export function formatMoney(cents: number): string {\n  return (cents / 100).toFixed(2);\n}\n',
        },
      },
      python: {
        path: 'services/orders/orders/service.py',
        bad: 'from inventory.stock import reserve_stock\n\n\ndef place_order(sku, quantity):\n    reserve_stock(sku, quantity)\n    return {"sku": sku, "quantity": quantity}\n',
        good: 'from common.money import format_amount\n\n\ndef place_order(sku, quantity, price):\n    return {"sku": sku, "quantity": quantity, "total": format_amount(price * quantity)}\n',
        files: {
          'services/orders/pyproject.toml': '[project]\nname = "orders"\n',
          'services/orders/orders/__init__.py': '',
          'services/inventory/pyproject.toml': '[project]\nname = "inventory"\n',
          'services/inventory/inventory/__init__.py': '',
          'services/inventory/inventory/main.py': 'import uvicorn\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\nif __name__ == "__main__":\n    uvicorn.run(app, port=8001)\n',
          'services/inventory/inventory/stock.py': 'def reserve_stock(sku, quantity):\n    return {"sku": sku, "reserved": quantity}\n',
          'libs/common/pyproject.toml': '[project]\nname = "common"\n',
          'libs/common/common/__init__.py': '',
          'libs/common/common/money.py': 'def format_amount(cents):\n    return f"{cents / 100:.2f}"\n',
        },
      },
      go: {
        path: 'orders/service/orders.go',
        bad: 'package service\n\nimport (\n\t"context"\n\n\t"github.com/acme/shop/inventory/stock"\n)\n\nfunc Place(ctx context.Context, sku string, quantity int) error {\n\treturn stock.Reserve(ctx, sku, quantity)\n}\n',
        good: 'package service\n\nimport (\n\t"context"\n\n\t"github.com/acme/shop/inventory/pkg/client"\n)\n\nfunc Place(ctx context.Context, inventory *client.Client, sku string, quantity int) error {\n\treturn inventory.Reserve(ctx, sku, quantity)\n}\n',
        files: {
          'orders/go.mod': 'module github.com/acme/shop/orders\n\ngo 1.22\n',
          'inventory/go.mod': 'module github.com/acme/shop/inventory\n\ngo 1.22\n',
          'inventory/cmd/server/main.go': 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8081", nil)\n}\n',
          'inventory/stock/stock.go': 'package stock\n\nimport "context"\n\nfunc Reserve(ctx context.Context, sku string, quantity int) error {\n\treturn nil\n}\n',
          'inventory/pkg/client/client.go': 'package client\n\nimport "context"\n\ntype Client struct{ BaseURL string }\n\nfunc (c *Client) Reserve(ctx context.Context, sku string, quantity int) error {\n\treturn nil\n}\n',
        },
      },
      java: {
        path: 'orders-service/src/main/java/com/acme/orders/OrderService.java',
        bad: 'package com.acme.orders;\n\nimport com.acme.inventory.StockService;\n\npublic class OrderService {\n  private final StockService stock;\n\n  public OrderService(StockService stock) {\n    this.stock = stock;\n  }\n\n  public void place(String sku, int quantity) {\n    stock.reserve(sku, quantity);\n  }\n}\n',
        good: 'package com.acme.orders;\n\nimport com.acme.shared.Money;\n\npublic class OrderService {\n  public Money total(Money price, int quantity) {\n    return price.times(quantity);\n  }\n}\n',
        files: {
          'pom.xml': '<project>\n  <artifactId>shop</artifactId>\n  <modules>\n    <module>orders-service</module>\n    <module>inventory-service</module>\n    <module>shared-kernel</module>\n  </modules>\n</project>\n',
          'orders-service/pom.xml': '<project>\n  <artifactId>orders-service</artifactId>\n</project>\n',
          'inventory-service/pom.xml': '<project>\n  <artifactId>inventory-service</artifactId>\n</project>\n',
          'inventory-service/src/main/java/com/acme/inventory/InventoryApplication.java': 'package com.acme.inventory;\n\nimport org.springframework.boot.SpringApplication;\nimport org.springframework.boot.autoconfigure.SpringBootApplication;\n\n@SpringBootApplication\npublic class InventoryApplication {\n  public static void main(String[] args) {\n    SpringApplication.run(InventoryApplication.class, args);\n  }\n}\n',
          'inventory-service/src/main/java/com/acme/inventory/StockService.java': 'package com.acme.inventory;\n\npublic class StockService {\n  public void reserve(String sku, int quantity) {}\n}\n',
          'shared-kernel/pom.xml': '<project>\n  <artifactId>shared-kernel</artifactId>\n</project>\n',
          'shared-kernel/src/main/java/com/acme/shared/Money.java': 'package com.acme.shared;\n\npublic record Money(long cents) {\n  public Money times(int n) {\n    return new Money(cents * n);\n  }\n}\n',
        },
      },
    },
  },
  collect(file) {
    return unitFileFacts(file);
  },
  plan(file) {
    // `export … from` is an import the shared import list leaves out.
    return !isNonServicePath(file.path) && !isFrontendPath(file.path) && (file.imports.length > 0 || (file.family === 'js' && file.mentions('export'))) ? [] : false;
  },
  checkFile(context) {
    for (const site of readImportSites(context.root, context.family)) {
      if (!site.typeOnly && context.isAdded(site.line)) context.keep({ ...site, family: context.family });
    }
  },
  async checkProject(context) {
    const changed = context.diff.filter((file) => file.status !== 'deleted' && context.kept(file.path).length > 0);
    if (changed.length === 0) return;
    const units = await RepositoryUnits.load(context);
    for (const file of changed) {
      const own = units.unitOf(file.path);
      if (!own) continue;
      // One finding per service reached from a file: the first import says it.
      const reported = new Set<string>();
      for (const site of context.kept(file.path) as readonly AddedImport[]) {
        const targets = units.resolve(file.path, site.family, site.modules);
        const owners = targets.map((target) => units.unitOf(target));
        // Unresolved, or a name the importer's own unit also holds: nothing to say.
        if (targets.length === 0 || owners.some((owner) => !owner || owner.root === own.root)) continue;
        const target = owners[0]!;
        // A parent unit's code (a Go module's shared packages seen from one of its binaries) is shared code.
        if (isAncestor(target.root, own.root) || !units.serves(target) || reported.has(target.root)) continue;
        if (isPublishedContract(targets[0]!, target.root, site.family)) continue;
        reported.add(target.root);
        context.report({ path: file.path, line: site.line, messageId: 'crossServiceImport', data: { specifier: site.specifier, service: target.name, root: target.root || '.' } });
      }
    }
  },
});
