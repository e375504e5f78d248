import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../server/db/embedded.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url, env: { REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" } });
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

describe("health", () => {
  it("ready → 200 with database, migrations and Redis ok", async () => {
    const r = await new TestClient(server.url).get("/api/health/ready");
    expect(r.status).toBe(200);
    expect(r.body.checks).toEqual({ database: "ok", migrations: "ok", redis: "ok" });
  });

  it("ready → 503 with the reason when the database is unreachable; live still 200", async () => {
    const port = await freePort();
    const broken = await startTestServer({ databaseUrl: `postgresql://nobody@127.0.0.1:${port}/none` });
    try {
      const c = new TestClient(broken.url);
      expect((await c.get("/api/health/live")).status).toBe(200);
      const r = await c.get("/api/health/ready");
      expect(r.status).toBe(503);
      expect(r.body.reason).toMatch(/database/);
    } finally {
      await broken.close();
    }
  });

  it("ready → 503 when Redis is configured but unreachable", async () => {
    const port = await freePort();
    const broken = await startTestServer({ databaseUrl: tdb.url, env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
    try {
      const r = await new TestClient(broken.url).get("/api/health/ready");
      expect(r.status).toBe(503);
      expect(r.body.checks.redis).toBe("unreachable");
    } finally {
      await broken.close();
    }
  });

  it("ready → 503 when a migration is missing", async () => {
    await tdb.db.$executeRawUnsafe(
      `UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = (SELECT max(migration_name) FROM "_prisma_migrations")`,
    );
    try {
      const r = await new TestClient(server.url).get("/api/health/ready");
      expect(r.status).toBe(503);
      expect(r.body.reason).toMatch(/migrations not applied/);
    } finally {
      await tdb.db.$executeRawUnsafe(`UPDATE "_prisma_migrations" SET rolled_back_at = NULL`);
    }
  });
});

describe("audit trail", () => {
  it("is append-only: UPDATE and DELETE change nothing", async () => {
    await tdb.db.auditEvent.create({ data: { action: "test.event", actorName: "tester" } });
    await tdb.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET action = 'tampered'`);
    await tdb.db.$executeRawUnsafe(`DELETE FROM "AuditEvent"`);
    expect(await tdb.db.auditEvent.count({ where: { action: "test.event" } })).toBe(1);
    expect(await tdb.db.auditEvent.count({ where: { action: "tampered" } })).toBe(0);
  });
});
