// /metrics of a process without the HTTP app (ROLE=worker): its own small HTTP listener on
// METRICS_PORT, same bearer token rule as the server's route.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { sameSecret } from "./metrics-routes.ts";
import { metricsText, registry } from "./metrics.ts";

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startMetricsServer(opts: {
  port: number;
  host: string;
  token: string | undefined;
  isProduction: boolean;
  log: Logger;
}): Promise<MetricsServer | null> {
  const server = http.createServer((req, res) => {
    if (req.method !== "GET" || req.url?.split("?")[0] !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
      return;
    }
    if (opts.token || opts.isProduction) {
      const sent = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1];
      if (!opts.token || !sent || !sameSecret(sent, opts.token)) {
        res.writeHead(401, { "content-type": "text/plain" }).end("A valid bearer token is required\n");
        return;
      }
    }
    metricsText().then(
      (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
      () => res.writeHead(500, { "content-type": "text/plain" }).end("metrics unavailable\n"),
    );
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(opts.port, opts.host, () => resolve());
    });
  } catch (e) {
    // a second worker on the same machine: it keeps working, only without its own /metrics
    opts.log.warn({ err: e, port: opts.port }, "metrics port unavailable: this worker's /metrics is off (set METRICS_PORT)");
    return null;
  }
  const port = (server.address() as AddressInfo).port;
  opts.log.info({ port }, `worker metrics on http://${opts.host}:${port}/metrics`);
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
