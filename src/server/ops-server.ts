/**
 * The worker role's own HTTP server: only /healthz, /readyz and /metrics (404 for anything else), on
 * PORT like the web server, so the same probes and scrape config work for every role.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOpsHandler, type OpsRoutesOptions } from './ops-routes.js';

export interface OpsServer {
  server: Server;
  /** The port actually bound (useful with port 0). */
  port: number;
  /** Stops accepting connections and closes idle keep-alive ones. */
  close(): Promise<void>;
}

/** Starts the ops server on `port` (default 3000, Probot's default) and `host` (default all interfaces). */
export async function startOpsServer(options: OpsRoutesOptions & { port?: number; host?: string }): Promise<OpsServer> {
  const handle = createOpsHandler(options);
  const server = createServer((request, response) => {
    handle(request, response)
      .then((handled) => {
        if (!handled) response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}\n');
      })
      .catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
        response.end(`${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}\n`);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
