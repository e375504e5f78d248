// A worker (ROLE=worker, no HTTP app) serves /metrics on METRICS_PORT, under the same token rule.
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { startMetricsServer, type MetricsServer } from "../../../server/ops/metrics-server.ts";

const log = pino({ level: "silent" });
const servers: MetricsServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

describe("the worker's metrics port", () => {
  it("answers /metrics with the process's figures, and 401 without the token when one is set", async () => {
    const open = (await startMetricsServer({ port: 0, host: "127.0.0.1", token: undefined, isProduction: false, log }))!;
    const guarded = (await startMetricsServer({ port: 0, host: "127.0.0.1", token: "s3cret-token-for-tests", isProduction: true, log }))!;
    servers.push(open, guarded);
    const text = await (await fetch(`http://127.0.0.1:${open.port}/metrics`)).text();
    expect(text).toContain("korrigo_render_duration_seconds");
    expect(text).toContain("korrigo_process_process_cpu_user_seconds_total");
    expect((await fetch(`http://127.0.0.1:${open.port}/other`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${guarded.port}/metrics`)).status).toBe(401);
    const ok = await fetch(`http://127.0.0.1:${guarded.port}/metrics`, { headers: { authorization: "Bearer s3cret-token-for-tests" } });
    expect(ok.status).toBe(200);
  });

  it("a second worker on a taken port keeps running without its own /metrics", async () => {
    const first = (await startMetricsServer({ port: 0, host: "127.0.0.1", token: undefined, isProduction: false, log }))!;
    servers.push(first);
    expect(await startMetricsServer({ port: first.port, host: "127.0.0.1", token: undefined, isProduction: false, log })).toBeNull();
  });
});
