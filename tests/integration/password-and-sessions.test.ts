// Forced password change, the password policy, session timeouts, revocation by admins.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../helpers/factories.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let shortIdle: Awaited<ReturnType<typeof startTestServer>>;
let shortAbsolute: Awaited<ReturnType<typeof startTestServer>>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  tdb = await createTestDatabase();
  [server, shortIdle, shortAbsolute] = await Promise.all([
    startTestServer({ databaseUrl: tdb.url }),
    startTestServer({ databaseUrl: tdb.url, env: { SESSION_IDLE_TIMEOUT_MIN: String(1.5 / 60) } }),
    startTestServer({ databaseUrl: tdb.url, env: { SESSION_ABSOLUTE_TIMEOUT_MIN: String(2.5 / 60), SESSION_IDLE_TIMEOUT_MIN: "30" } }),
  ]);
});
afterAll(async () => {
  await Promise.all([server, shortIdle, shortAbsolute].map((s) => s?.close()));
  await tdb?.drop();
});

describe("must change password", () => {
  it("blocks every other route with 403 PASSWORD_CHANGE_REQUIRED until changed", async () => {
    const u = await createUser(tdb.db, "ADMIN", { mustChangePassword: true });
    const c = new TestClient(server.url);
    const login = await c.login(u.username, u.password);
    expect(login.status).toBe(200);
    expect(login.body.user.mustChangePassword).toBe(true);
    expect((await c.get("/api/me")).status).toBe(200);
    const blocked = await c.get("/api/users");
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe("PASSWORD_CHANGE_REQUIRED");
    const changed = await c.post("/api/auth/password", { currentPassword: u.password, newPassword: "Un-nouveau-mot-de-passe-sûr" });
    expect(changed.status).toBe(200);
    expect(changed.body.user.mustChangePassword).toBe(false);
    expect((await c.get("/api/users")).status).toBe(200);
    expect(await tdb.db.auditEvent.count({ where: { action: "auth.password.changed", targetId: u.id } })).toBe(1);
  });

  it("enforces the policy: 12 characters, not the username, not a common password", async () => {
    const u = await createUser(tdb.db, "GRADER", { username: "prof.dupuis" });
    const c = new TestClient(server.url);
    await c.login(u.username, u.password);
    const cases: Array<[string, string]> = [
      ["short-pw", "TOO_SHORT"],
      ["prof.dupuis2026", "SAME_AS_USERNAME"],
      ["azertyuiop123!", "COMMON_PASSWORD"],
      ["motdepasse123", "COMMON_PASSWORD"],
    ];
    for (const [pw, reason] of cases) {
      const r = await c.post("/api/auth/password", { currentPassword: u.password, newPassword: pw });
      expect(r.status, pw).toBe(400);
      expect(r.body.code).toBe("WEAK_PASSWORD");
      expect(r.body.details.reasons, pw).toContain(reason);
    }
    const wrongCurrent = await c.post("/api/auth/password", { currentPassword: "not-my-password-x", newPassword: "Correct-Cheval-Agrafe-77" });
    expect(wrongCurrent.status).toBe(401);
    // the old password still works: nothing changed
    expect((await new TestClient(server.url).login(u.username, u.password)).status).toBe(200);
  });

  it("changing the password signs out the other devices", async () => {
    const u = await createUser(tdb.db, "GRADER");
    const laptop = new TestClient(server.url);
    const tablet = new TestClient(server.url);
    await laptop.login(u.username, u.password);
    await tablet.login(u.username, u.password);
    expect((await laptop.post("/api/auth/password", { currentPassword: u.password, newPassword: "Tablette-Oubliee-2026" })).status).toBe(200);
    expect((await laptop.get("/api/me")).status).toBe(200);
    expect((await tablet.get("/api/me")).status).toBe(401);
  });
});

describe("session timeouts", () => {
  it("idle timeout: a session unused for longer than the idle timeout is gone; activity extends it", async () => {
    const u = await createUser(tdb.db, "GRADER");
    const active = new TestClient(shortIdle.url);
    const idle = new TestClient(shortIdle.url);
    await active.login(u.username, u.password);
    await idle.login(u.username, u.password);
    for (let i = 0; i < 3; i++) {
      await sleep(700);
      expect((await active.get("/api/me")).status).toBe(200);
    }
    expect((await idle.get("/api/me")).status).toBe(401);
  });

  it("a burst of requests (a copy's page images) slides the session's expiry with one write, not one per request", async () => {
    const u = await createUser(tdb.db, "GRADER");
    const c = new TestClient(server.url);
    await c.login(u.username, u.password);
    expect((await c.get("/api/me")).status).toBe(200);
    const before = await tdb.db.session.findFirstOrThrow({ where: { userId: u.id }, select: { lastSeenAt: true, expiresAt: true } });
    await Promise.all(Array.from({ length: 12 }, async () => expect((await c.get("/api/me")).status).toBe(200)));
    const after = await tdb.db.session.findFirstOrThrow({ where: { userId: u.id }, select: { lastSeenAt: true, expiresAt: true } });
    expect(after).toEqual(before);
    expect(after.expiresAt.getTime() - Date.now()).toBeGreaterThan(29 * 60_000); // the 30-min idle delay still runs from the burst
  });

  it("the browser keeps the cookie for the absolute timeout: the store decides (a socket-only grader stays signed in)", async () => {
    const u = await createUser(tdb.db, "GRADER");
    const c = new TestClient(server.url);
    const login = await c.login(u.username, u.password);
    const cookie = login.headers.getSetCookie().find((h) => h.startsWith("korrigo.sid="))!;
    const expires = Date.parse(/Expires=([^;]+)/.exec(cookie)![1]!);
    expect(expires - Date.now()).toBeGreaterThan(4 * 3_600_000 - 60_000); // 4 h, not the 30 min idle delay
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it("absolute timeout: even an active session ends after the absolute timeout", async () => {
    const u = await createUser(tdb.db, "GRADER");
    const c = new TestClient(shortAbsolute.url);
    await c.login(u.username, u.password);
    for (let i = 0; i < 2; i++) {
      await sleep(900);
      expect((await c.get("/api/me")).status).toBe(200);
    }
    await sleep(1000);
    expect((await c.get("/api/me")).status).toBe(401);
  });
});

describe("user administration", () => {
  it("an admin creates a user: the initial password is shown once and must be changed", async () => {
    const a = await createUser(tdb.db, "ADMIN");
    const admin = new TestClient(server.url);
    await admin.login(a.username, a.password);
    const r = await admin.post("/api/users", { username: "Prof.Nouveau", email: "nouveau@lycee.test", displayName: "M. Nouveau", role: "GRADER" });
    expect(r.status).toBe(201);
    expect(r.body.user.username).toBe("prof.nouveau");
    expect(r.body.initialPassword).toMatch(/^[\w]{4}-[\w]{4}-[\w]{4}-[\w]{4}$/);
    const dup = await admin.post("/api/users", { username: "prof.nouveau", displayName: "Dup", role: "GRADER" });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe("USERNAME_TAKEN");
    const c = new TestClient(server.url);
    const login = await c.login("prof.nouveau", r.body.initialPassword);
    expect(login.body.user.mustChangePassword).toBe(true);
  });

  it("reset password and deactivation end the user's sessions at once", async () => {
    const a = await createUser(tdb.db, "ADMIN");
    const admin = new TestClient(server.url);
    await admin.login(a.username, a.password);
    const g = await createUser(tdb.db, "GRADER");
    const grader = new TestClient(server.url);
    await grader.login(g.username, g.password);
    const reset = await admin.post(`/api/users/${g.id}/reset-password`);
    expect(reset.status).toBe(200);
    expect((await grader.get("/api/me")).status).toBe(401);
    expect((await grader.login(g.username, g.password)).status).toBe(401);
    expect((await grader.login(g.username, reset.body.password)).status).toBe(200);
    expect((await admin.post(`/api/users/${g.id}/deactivate`)).status).toBe(200);
    expect((await grader.get("/api/me")).status).toBe(401);
    expect((await grader.login(g.username, reset.body.password)).status).toBe(401);
    expect((await admin.post(`/api/users/${a.id}/deactivate`)).status).toBe(403); // not oneself
    const actions = (await tdb.db.auditEvent.findMany({ where: { targetId: g.id }, orderBy: { id: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["user.password_reset", "user.deactivated"]));
  });
});
