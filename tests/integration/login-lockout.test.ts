// Brute force: 5 failures → locked for that account+IP (6th attempt 429 even with the right
// password), shared by every instance through Redis or PostgreSQL.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../helpers/factories.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createTestDatabase, REDIS_URL, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
type Srv = Awaited<ReturnType<typeof startTestServer>>;
let pgA: Srv, pgB: Srv, redisA: Srv, redisB: Srv;
// every attempt here comes from 127.0.0.1: the per-address slow-down (login-throttle-policy.test.ts) stays out of the way
const PER_ACCOUNT_ONLY = { LOGIN_IP_FREE_FAILURES: "1000" };

beforeAll(async () => {
  tdb = await createTestDatabase();
  [pgA, pgB, redisA, redisB] = await Promise.all([
    startTestServer({ databaseUrl: tdb.url, env: PER_ACCOUNT_ONLY }),
    startTestServer({ databaseUrl: tdb.url, env: PER_ACCOUNT_ONLY }),
    startTestServer({ databaseUrl: tdb.url, env: { ...PER_ACCOUNT_ONLY, REDIS_URL } }),
    startTestServer({ databaseUrl: tdb.url, env: { ...PER_ACCOUNT_ONLY, REDIS_URL } }),
  ]);
});
afterAll(async () => {
  await Promise.all([pgA, pgB, redisA, redisB].map((s) => s?.close()));
  await tdb?.drop();
});

async function fiveFailuresThenRight(first: Srv, second: Srv) {
  const u = await createUser(tdb.db, "GRADER");
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) {
    const srv = i % 2 === 0 ? first : second; // spread over both instances
    statuses.push((await new TestClient(srv.url).login(u.username, `wrong-password-${i}`)).status);
  }
  const sixth = await new TestClient(second.url).login(u.username, u.password);
  return { u, statuses, sixth };
}

describe.each([
  ["PostgreSQL", () => [pgA, pgB] as const],
  ["Redis", () => [redisA, redisB] as const],
])("lockout across two instances sharing %s", (_name, servers) => {
  it("answers 401 five times, then 429 with Retry-After even with the right password", async () => {
    const [a, b] = servers();
    const { u, statuses, sixth } = await fiveFailuresThenRight(a, b);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect(sixth.status).toBe(429);
    expect(sixth.body.code).toBe("TOO_MANY_ATTEMPTS");
    const retry = Number(sixth.headers.get("retry-after"));
    expect(retry).toBeGreaterThan(14 * 60);
    expect(retry).toBeLessThanOrEqual(15 * 60);
    // still locked on the first instance too
    expect((await new TestClient(a.url).login(u.username, u.password)).status).toBe(429);
    const lockouts = await tdb.db.auditEvent.count({ where: { action: "auth.lockout", actorId: u.id } });
    expect(lockouts).toBe(1);
  });

  it("a success resets the count of consecutive failures", async () => {
    const [a, b] = servers();
    const u = await createUser(tdb.db, "GRADER");
    for (let i = 0; i < 4; i++) expect((await new TestClient(a.url).login(u.username, "bad-password-xx")).status).toBe(401);
    expect((await new TestClient(b.url).login(u.username, u.password)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await new TestClient(b.url).login(u.username, "bad-password-xx")).status).toBe(401);
    expect((await new TestClient(a.url).login(u.username, u.password)).status).toBe(200);
  });

  it("does not reveal whether the username exists: unknown users lock out the same way", async () => {
    const [a, b] = servers();
    const name = `ghost-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await new TestClient((i % 2 ? a : b).url).login(name, "whatever-password")).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});

describe("store", () => {
  it("keeps Redis counters in Redis (not in PostgreSQL) when REDIS_URL is set", async () => {
    const redis = new Redis(REDIS_URL);
    const u = await createUser(tdb.db, "GRADER");
    await new TestClient(redisA.url).login(u.username, "bad-password-xx");
    const keys = await redis.keys(`*:login_fail_account:acct:${u.id}*`);
    await redis.quit();
    expect(keys.length).toBe(1);
    expect(await tdb.db.rateLimit.count({ where: { key: { contains: `login_fail_account:acct:${u.id}` } } })).toBe(0);
  });
});
