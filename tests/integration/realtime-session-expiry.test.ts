// A session that is revoked (sign-out, disabled account) or runs out disconnects its sockets
// with `session:expired`; socket activity counts as activity and keeps the session alive.
// SESSION_IDLE_TIMEOUT_MIN=0.1 (6 s) here, so the sweep runs every 1.5 s.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { createUser } from "../helpers/factories.ts";
import { assignCopy, createCopy, createExamWithScale } from "../helpers/grading-factories.ts";
import { openSocket } from "../helpers/grading-fixture.ts";
import { request } from "../helpers/grading-session.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url, env: { SESSION_IDLE_TIMEOUT_MIN: "0.1" } });
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

function expiredAndClosed(socket: Socket): Promise<number> {
  return new Promise((resolve) => {
    let expired = false;
    socket.once("session:expired", () => (expired = true));
    socket.once("disconnect", () => resolve(expired ? Date.now() : -1));
  });
}

async function signedIn(role: "GRADER" | "SUPERVISOR") {
  const u = await createUser(tdb.db, role);
  const http = new TestClient(server.url);
  expect((await http.login(u.username, u.password)).status).toBe(200);
  return { user: u, http, socket: await openSocket(server.url, { cookie: http.cookieHeader }) };
}

describe("session expiry", () => {
  it("disconnects the sockets of a signed-out session and of a disabled account", async () => {
    const a = await signedIn("GRADER");
    const b = await signedIn("SUPERVISOR");
    const [endA, endB] = [expiredAndClosed(a.socket), expiredAndClosed(b.socket)];
    expect((await a.http.post("/api/auth/logout")).status).toBe(204);
    await tdb.db.user.update({ where: { id: b.user.id }, data: { active: false } });
    expect(await endA).toBeGreaterThan(0);
    expect(await endB).toBeGreaterThan(0);
  });

  it("keeps an active socket's session alive past the idle timeout, and expires an idle one", async () => {
    const exam = await createExamWithScale(tdb.db);
    const copy = await createCopy(tdb.db, exam.id);
    const busy = await signedIn("GRADER");
    const idle = await signedIn("GRADER");
    await assignCopy(tdb.db, copy.id, busy.user.id);
    const idleEnd = expiredAndClosed(idle.socket);
    const start = Date.now();
    while (Date.now() - start < 8_000) {
      expect((await request(busy.socket, "copy:join", { copyId: copy.id })).ok).toBe(true);
      await new Promise((r) => setTimeout(r, 700));
    }
    expect(busy.socket.connected).toBe(true);
    expect(await idleEnd).toBeGreaterThan(0);
    busy.socket.disconnect();
  }, 30_000);
});
