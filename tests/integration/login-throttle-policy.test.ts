// The sign-in throttle, as docs/security.md states it: the lockout belongs to the account,
// whatever identifier was typed (username, e-mail in any case); one address shared by a whole
// school (NAT) is slowed down progressively by failures on real accounts, never blocked for an
// hour; only failures on unknown usernames count toward the hard per-address limit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../helpers/factories.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
const ns = () => `test-throttle-${Math.random().toString(36).slice(2)}`;

beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

async function freshServer(env: Record<string, string>) {
  await server?.close();
  server = await startTestServer({ databaseUrl: tdb.url, env: { RATE_LIMIT_NAMESPACE: ns(), ...env } });
}

const login = (name: string, password: string) => new TestClient(server.url).login(name, password);

describe("sign-in throttle", () => {
  it("locks the account whatever identifier was typed: the e-mail in any case after 5 failures on the username", async () => {
    await freshServer({});
    const u = await createUser(tdb.db, "GRADER", { email: `Prof.Alias.${Date.now()}@Lycee.example` });
    for (let i = 0; i < 5; i++) expect((await login(u.username, `wrong-password-${i}`)).status).toBe(401);
    const byEmail = await login(u.email!.toUpperCase(), u.password);
    expect(byEmail.status).toBe(429);
    expect(byEmail.body.code).toBe("TOO_MANY_ATTEMPTS");
    expect((await login(u.email!.toLowerCase(), u.password)).status).toBe(429);
  });

  it("a school behind one address: many failures on real accounts slow it down for seconds, then a pupil signs in", async () => {
    await freshServer({ LOGIN_MAX_PER_IP_PER_HOUR: "5", LOGIN_IP_FREE_FAILURES: "6", LOGIN_IP_MAX_DELAY_SEC: "2" });
    for (let i = 0; i < 12; i++) {
      const u = await createUser(tdb.db, "STUDENT");
      let r = await login(u.username, "not-my-password");
      for (let tries = 0; r.status === 429 && tries < 20; tries++) {
        expect(Number(r.headers.get("retry-after"))).toBeLessThanOrEqual(2);
        await new Promise((res) => setTimeout(res, 500));
        r = await login(u.username, "not-my-password");
      }
      expect(r.status).toBe(401);
    }
    const pupil = await createUser(tdb.db, "STUDENT");
    let ok = await login(pupil.username, pupil.password);
    for (let tries = 0; ok.status === 429 && tries < 20; tries++) {
      expect(Number(ok.headers.get("retry-after"))).toBeLessThanOrEqual(2);
      await new Promise((res) => setTimeout(res, 500));
      ok = await login(pupil.username, pupil.password);
    }
    expect(ok.status).toBe(200);
  });

  it("failures on unknown usernames count toward the hard per-address limit", async () => {
    await freshServer({ LOGIN_MAX_PER_IP_PER_HOUR: "5", LOGIN_IP_FREE_FAILURES: "100" });
    for (let i = 0; i < 5; i++) expect((await login(`ghost-${i}-${Date.now()}`, "whatever-password")).status).toBe(401);
    const u = await createUser(tdb.db, "GRADER");
    const r = await login(u.username, u.password);
    expect(r.status).toBe(429);
    expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(60);
  });
});
