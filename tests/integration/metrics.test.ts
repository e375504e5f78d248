import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../helpers/factories.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let open: Awaited<ReturnType<typeof startTestServer>>;
let guarded: Awaited<ReturnType<typeof startTestServer>>;
const TOKEN = "Tq4Wm8Rz2Kx6Pn9Lv3Hb7Yc5-metrics";

beforeAll(async () => {
  tdb = await createTestDatabase();
  open = await startTestServer({ databaseUrl: tdb.url });
  guarded = await startTestServer({ databaseUrl: tdb.url, env: { METRICS_TOKEN: TOKEN } });
});
afterAll(async () => {
  await Promise.all([open?.close(), guarded?.close()]);
  await tdb?.drop();
});

describe("/metrics", () => {
  it("exposes HTTP latency by route pattern, locks and jobs", async () => {
    const u = await createUser(tdb.db, "ADMIN");
    const c = new TestClient(open.url);
    await c.login(u.username, u.password);
    await c.post(`/api/users/${u.id}/reset-password`);
    const text = (await c.get("/metrics")).body as string;
    expect(text).toContain('korrigo_http_request_duration_seconds_bucket{le="0.005",method="POST",route="/api/auth/login"');
    expect(text).toContain('route="/api/users/:id/reset-password"');
    expect(text).not.toContain(u.id);
    expect(text).toMatch(/korrigo_locks_held \d+/);
    expect(text).toMatch(/korrigo_jobs_queued \d+/);
  });

  it("requires the bearer token when METRICS_TOKEN is set", async () => {
    const anon = new TestClient(guarded.url);
    expect((await anon.get("/metrics")).status).toBe(401);
    expect((await anon.request("GET", "/metrics", { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    const ok = await anon.request("GET", "/metrics", { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
  });
});
