// Starts the roles chosen by the config (server, worker or both) on a database that is ready.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { Config } from "./config/config.ts";
import { createContext, type AppContext } from "./context.ts";
import { createHttpApp } from "./http/app.ts";
import { InFlight } from "./ops/in-flight.ts";
import { attachRealtime } from "./realtime/attach-realtime.ts";
import { attachStatsPush } from "./realtime/stats-push.ts";
import { WARM_UP_MAX_MS, warmUpAtMost } from "./realtime/warm-up.ts";

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly ctx: AppContext;
  readonly httpServer: http.Server;
  close(): Promise<void>;
}

/** Shutdown hooks registered by features (socket layer, worker …), run in reverse order. */
export type ShutdownHook = () => Promise<void>;

/** How long a shutdown waits for the HTTP requests being handled (the process gives up after 10 s). */
const HTTP_DRAIN_MS = 4_000;

export async function startServer(config: Config, databaseUrl: string, log: Logger): Promise<RunningServer> {
  const ctx = await createContext(config, databaseUrl, log);
  const { app } = createHttpApp(ctx);
  const httpServer = http.createServer(app);
  httpServer.keepAliveTimeout = 65_000; // longer than common proxies' idle timeout
  // no limit on a whole request (Node's 5 minutes would cut a 200 MB scan on a slow uplink): a body
  // that stops arriving is cut instead (BODY_IDLE_TIMEOUT_SEC, body-idle-timeout.ts); headers
  // still have to arrive within Node's headersTimeout (60 s)
  httpServer.requestTimeout = 0;
  const requests = new InFlight();
  httpServer.on("request", (_req: http.IncomingMessage, res: http.ServerResponse) => {
    requests.enter();
    res.once("close", () => requests.leave());
  });
  const hooks: ShutdownHook[] = [];
  const realtime = attachRealtime(httpServer, ctx);
  hooks.push(() => realtime.close());
  const statsPush = attachStatsPush(realtime.io.of("/grading"), ctx, realtime.events);
  hooks.push(() => statsPush.close());
  // before the first socket: a restarted node's first strokes waited for the commit lanes' connections and plans
  await warmUpAtMost(realtime, WARM_UP_MAX_MS, log);
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    ctx,
    httpServer,
    close() {
      closing ??= (async () => {
        // no new HTTP connection from here (idle keep-alive ones are closed); requests being handled go on
        const httpClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
        for (const h of hooks.reverse()) await h().catch((e) => log.warn({ err: e }, "shutdown hook failed"));
        if (!(await requests.drain(HTTP_DRAIN_MS))) log.warn({ inFlight: requests.count }, "shutdown: HTTP requests still unanswered after the drain");
        httpServer.closeAllConnections();
        await httpClosed;
        await ctx.close();
      })();
      return closing;
    },
  };
}
