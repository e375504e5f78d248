// A revoked session stops writing at once, on every node: after sign-out, a password change
// elsewhere or an admin deactivating the account, the session's sockets (on both nodes) refuse
// the next `copy:update` and are disconnected with `session:expired` well before the periodic
// sweep (15 s at the default idle timeout) would have noticed.
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { createUser, TEST_PASSWORD } from "../helpers/factories.ts";
import { assignCopy, createCopy, createExamWithScale } from "../helpers/grading-factories.ts";
import { openSocket, storedDoc, tick } from "../helpers/grading-fixture.ts";
import { request } from "../helpers/grading-session.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createTestDatabase, REDIS_URL, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";
import { readCopyDoc } from "../../collab/index.ts";

let tdb: TestDatabase;
let nodeA: Awaited<ReturnType<typeof startTestServer>>;
let nodeB: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  nodeA = await startTestServer({ databaseUrl: tdb.url, env: { REDIS_URL } });
  nodeB = await startTestServer({ databaseUrl: tdb.url, env: { REDIS_URL } });
});
afterAll(async () => {
  await nodeA?.close();
  await nodeB?.close();
  await tdb?.drop();
});

/** Resolves with the time of the disconnect when `session:expired` came first; -1 otherwise. */
function expiredAndClosed(socket: Socket): Promise<number> {
  return new Promise((resolve) => {
    let expired = false;
    socket.once("session:expired", () => (expired = true));
    socket.once("disconnect", () => resolve(expired ? Date.now() : -1));
  });
}

function withinMs<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  const late: Promise<never> = new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms));
  return Promise.race([p, late]);
}

/** A fresh one-tick update (a new Yjs client each time) by `author`. */
function oneTick(author: string): Uint8Array {
  const doc = new Y.Doc();
  tick(doc, author);
  return Y.encodeStateAsUpdate(doc);
}

/** A grader signed in over HTTP on node A, with one socket on each node, both joined to a copy. */
async function graderOnBothNodes() {
  const exam = await createExamWithScale(tdb.db);
  const copy = await createCopy(tdb.db, exam.id);
  const u = await createUser(tdb.db, "GRADER");
  await assignCopy(tdb.db, copy.id, u.id);
  const http = new TestClient(nodeA.url);
  expect((await http.login(u.username, u.password)).status).toBe(200);
  const sockets = [await openSocket(nodeA.url, { cookie: http.cookieHeader }), await openSocket(nodeB.url, { cookie: http.cookieHeader })];
  for (const s of sockets) expect((await request(s, "copy:join", { copyId: copy.id })).ok).toBe(true);
  for (const s of sockets) expect((await request(s, "copy:lock", { copyId: copy.id })).ok).toBe(true); // the same grader reclaims it
  expect((await request(sockets[1]!, "copy:update", { copyId: copy.id, update: oneTick(u.id) })).ok).toBe(true); // writes work before
  return { user: u, http, copy, sockets };
}

/** Revoke, then write on both sockets right away: both refused, nothing stored, both closed soon. */
async function expectRevokedEverywhere(g: Awaited<ReturnType<typeof graderOnBothNodes>>, revoke: () => Promise<void>) {
  const closed = g.sockets.map(expiredAndClosed);
  const started = Date.now();
  await revoke();
  const acks = await Promise.all(
    g.sockets.map((s) =>
      s.connected
        ? request(s, "copy:update", { copyId: g.copy.id, update: oneTick(g.user.id) }, 5_000).catch(() => ({ ok: false, code: "DISCONNECTED" }))
        : { ok: false, code: "DISCONNECTED" },
    ),
  );
  for (const ack of acks) expect(ack.ok).toBe(false);
  // the sweep runs every 15 s here: a disconnect within 5 s can only come from the published revocation
  const ends = await withinMs(Promise.all(closed), 5_000, "sockets of the revoked session disconnected");
  for (const end of ends) expect(end).toBeGreaterThan(0);
  expect(Math.max(...ends) - started).toBeLessThan(5_000);
  expect(readCopyDoc(await storedDoc(tdb, g.copy.id)).annotations).toHaveLength(1); // only the write made before
}

describe("session revocation reaches every node at once", () => {
  it("sign-out: the session's sockets on both nodes refuse the next write and are disconnected", async () => {
    const g = await graderOnBothNodes();
    await expectRevokedEverywhere(g, async () => {
      expect((await g.http.post("/api/auth/logout")).status).toBe(204);
    });
  });

  it("a password change on another device revokes this device's sockets on both nodes", async () => {
    const g = await graderOnBothNodes();
    const other = new TestClient(nodeB.url);
    expect((await other.login(g.user.username, g.user.password)).status).toBe(200);
    await expectRevokedEverywhere(g, async () => {
      const r = await other.post("/api/auth/password", { currentPassword: TEST_PASSWORD, newPassword: "Une-Autre-Phrase-Longue-42" });
      expect(r.status).toBe(200);
    });
    expect((await other.get("/api/me")).status).toBe(200); // the device that changed it stays signed in
  });

  it("an admin deactivating the account revokes its sockets on both nodes", async () => {
    const g = await graderOnBothNodes();
    const admin = await createUser(tdb.db, "ADMIN");
    const adminHttp = new TestClient(nodeB.url);
    expect((await adminHttp.login(admin.username, admin.password)).status).toBe(200);
    await expectRevokedEverywhere(g, async () => {
      const r = await adminHttp.post(`/api/users/${g.user.id}/deactivate`);
      expect(r.status).toBe(200);
    });
  });

  it("a write that reaches a node before the revocation's notice is refused by the database, and the socket is closed", async () => {
    // the revocation's transaction commits before its NOTIFY reaches the other nodes: here the session
    // row goes with no notice at all, so only the commit's own check can refuse the write
    const g = await graderOnBothNodes();
    const closed = expiredAndClosed(g.sockets[1]!);
    const [first] = await tdb.db.session.findMany({ where: { userId: g.user.id }, select: { id: true } });
    await tdb.db.session.deleteMany({ where: { id: first!.id } });
    const ack = await request(g.sockets[1]!, "copy:update", { copyId: g.copy.id, update: oneTick(g.user.id) }, 5_000);
    expect(ack).toMatchObject({ ok: false, code: "SESSION_EXPIRED" }); // answered before the socket closes
    expect(await withinMs(closed, 2_000, "socket closed after the refused write")).toBeGreaterThan(0);
    expect(readCopyDoc(await storedDoc(tdb, g.copy.id)).annotations).toHaveLength(1); // only the write made before
  });
});
