import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { buildRouteMap } from '../../../src/core/routes/build-route-map.js';
import { diffRoutes } from '../../../src/core/routes/diff-routes.js';
import { grpcProtoExtractor } from '../../../src/core/routes/extractors/documents/grpc-proto.js';
import { fixtureFiles, fixtureTree, withoutSignatures } from '../java/fixture-tree.js';
import { expectedRoute, type ExpectedRoute } from '../java/route-builders.js';

const grpc = (expected: ExpectedRoute) => expectedRoute('grpc', expected);
const orders = 'proto/shop/v1/orders.proto';

describe('gRPC services from .proto files', () => {
  it('lists every rpc of every service as /package.Service/Method at its declaration line; a broken proto is skipped', async () => {
    const map = await buildRouteMap(fixtureTree('documents/grpc'));
    expect(withoutSignatures(map.routes)).toEqual([
      grpc({ method: 'RPC', path: '/Accounts/Open', file: 'proto/legacy/accounts.proto', line: 4, requiredInputs: ['owner', 'currency'] }),
      grpc({ method: 'RPC', path: '/shop.v1.AdminService/GetOrder', file: orders, line: 33 }),
      grpc({ method: 'RPC', path: '/shop.v1.OrderService/Chat', file: orders, line: 26, notes: ['bidirectional streaming', 'deprecated'] }),
      grpc({ method: 'RPC', path: '/shop.v1.OrderService/GetOrder', file: orders, line: 14, notes: ['HTTP transcoding: GET /v1/orders/{id}'] }),
      grpc({ method: 'RPC', path: '/shop.v1.OrderService/ListOrders', file: orders, line: 20 }),
      grpc({ method: 'RPC', path: '/shop.v1.OrderService/UploadItems', file: orders, line: 24, notes: ['client streaming'] }),
      grpc({ method: 'RPC', path: '/shop.v1.OrderService/WatchOrders', file: orders, line: 22, notes: ['server streaming'] }),
    ]);
    expect(map.skipped).toEqual([{ path: 'proto/broken/bad.proto', reason: "proto file does not parse: illegal token 'Reply', '(' expected (line 4)" }]);
  });

  it('marks an rpc modified when its request message changes, not when a comment moves it', async () => {
    const files = fixtureFiles('documents/grpc');
    const base = await buildRouteMap(new MemoryTree('base', files));
    const edited = files[orders]!.replace('// Gets one order.\n', '// Gets one order.\n// By id.\n').replace('  int32 page_size = 1;\n', '  int32 page_size = 1;\n  string filter = 3;\n');
    const head = await buildRouteMap(new MemoryTree('head', { ...files, [orders]: edited }));
    const changed = diffRoutes(base.routes, head.routes).filter((change) => change.kind !== 'unchanged');
    expect(changed.map((change) => [change.kind, change.route.path])).toEqual([['modified', '/shop.v1.OrderService/ListOrders']]);
    expect(head.routes.find((route) => route.path === '/shop.v1.OrderService/GetOrder')?.line).toBe(15);
  });

  it('lists an operation once when a shared .proto is copied into several services, the first copy by path standing for all', async () => {
    const demo = 'syntax = "proto3";\npackage hipstershop;\nservice CartService {\n  rpc AddItem(AddItemRequest) returns (Empty);\n}\nservice CurrencyService {\n  rpc Convert(ConvertRequest) returns (Money);\n}\nmessage AddItemRequest { string user_id = 1; }\nmessage ConvertRequest { string to_code = 1; }\nmessage Money { int64 units = 1; }\nmessage Empty {}\n';
    const tree = new MemoryTree('head', {
      'src/checkoutservice/proto/demo.proto': demo,
      'src/cartservice/protos/demo.proto': demo,
      'src/currencyservice/proto/demo.proto': demo,
      'src/adservice/proto/ads.proto': 'syntax = "proto3";\npackage hipstershop;\nservice AdService {\n  rpc GetAds(AdRequest) returns (AdResponse);\n}\nmessage AdRequest { string context = 1; }\nmessage AdResponse { string text = 1; }\n',
    });
    const map = await buildRouteMap(tree);
    expect(map.routes.map((route) => `${route.method} ${route.path} ${route.file}:${route.line}`)).toEqual([
      'RPC /hipstershop.AdService/GetAds src/adservice/proto/ads.proto:4',
      'RPC /hipstershop.CartService/AddItem src/cartservice/protos/demo.proto:4',
      'RPC /hipstershop.CurrencyService/Convert src/cartservice/protos/demo.proto:7',
    ]);
  });

  it('ignores vendored Google API protos', async () => {
    const tree = new MemoryTree('head', {
      'proto/google/longrunning/operations.proto': 'syntax = "proto3";\npackage google.longrunning;\nservice Operations {\n  rpc GetOperation(GetOperationRequest) returns (Operation);\n}\nmessage GetOperationRequest { string name = 1; }\nmessage Operation { string name = 1; }\n',
    });
    expect(await buildRouteMap(tree)).toEqual({ ref: 'head', routes: [], skipped: [] });
  });

  it('accepts .proto files only', () => {
    expect(['a/b.proto', 'A.PROTO', 'b.proto.txt', 'x.graphql'].map((path) => grpcProtoExtractor.accepts(path, ''))).toEqual([true, true, false, false]);
  });
});
