import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../helpers/factories.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

describe("sign-in", () => {
  it("signs in with username or email, case-insensitively, and /api/me returns the user", async () => {
    const u = await createUser(tdb.db, "GRADER", { email: "prof@lycee.test" });
    const c = new TestClient(server.url);
    const r = await c.login(u.username.toUpperCase(), u.password);
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ id: u.id, role: "GRADER" });
    expect(r.body.user.passwordHash).toBeUndefined();
    expect((await c.get("/api/me")).body.user.id).toBe(u.id);
    const byEmail = await new TestClient(server.url).login("prof@lycee.test", u.password);
    expect(byEmail.status).toBe(200);
  });

  it("answers 401 with the same body for a wrong password and an unknown user", async () => {
    const u = await createUser(tdb.db, "GRADER");
    const wrong = await new TestClient(server.url).login(u.username, "not-the-password-at-all");
    const unknown = await new TestClient(server.url).login("nobody-here", "not-the-password-at-all");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.code).toBe("INVALID_CREDENTIALS");
  });

  it("refuses a deactivated account like a wrong password", async () => {
    const u = await createUser(tdb.db, "GRADER", { active: false });
    const r = await new TestClient(server.url).login(u.username, u.password);
    expect(r.status).toBe(401);
  });

  it("logs out: the session no longer works", async () => {
    const u = await createUser(tdb.db, "SUPERVISOR");
    const c = new TestClient(server.url);
    await c.login(u.username, u.password);
    expect((await c.post("/api/auth/logout")).status).toBe(204);
    expect((await c.get("/api/me")).status).toBe(401);
  });

  it("regenerates the session id at sign-in (no fixation)", async () => {
    const u = await createUser(tdb.db, "GRADER");
    const c = new TestClient(server.url);
    await c.login(u.username, u.password);
    const first = c.cookieHeader;
    await c.post("/api/auth/logout");
    await c.login(u.username, u.password);
    expect(c.cookieHeader).not.toBe(first);
  });

  it("records sign-in success and failure in the audit trail", async () => {
    const u = await createUser(tdb.db, "GRADER");
    await new TestClient(server.url).login(u.username, "wrong-password-123");
    await new TestClient(server.url).login(u.username, u.password);
    const events = await tdb.db.auditEvent.findMany({ where: { actorId: u.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["auth.login.failed", "auth.login.succeeded"]);
    expect(events[0]!.ip).toBeTruthy();
  });
});
