// Locks that never get stuck: the holder's connection renews the lease; after a disconnect the
// lock waits a grace period (a reload or a blip reclaims it), then is released and broadcast;
// the same grader in another tab reclaims it; a dead node's lease runs out by itself.
// LOCK_LEASE_SEC=2, LOCK_GRACE_SEC=1 here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { assignCopy, createCopy, createExamWithScale, sessionCookie, type TestExam } from "../helpers/grading-factories.ts";
import { openSocket, userWithSession, waitFor, type SignedInUser } from "../helpers/grading-fixture.ts";
import { request } from "../helpers/grading-session.ts";
import { countPoolStatements } from "../helpers/pool-statements.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

const LEASE_MS = 2000;
const GRACE_MS = 1000;
let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let exam: TestExam;
const sockets: Socket[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url, env: { LOCK_LEASE_SEC: "2", LOCK_GRACE_SEC: "1" } });
  exam = await createExamWithScale(tdb.db);
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.close();
  await tdb?.drop();
});

async function grader(): Promise<SignedInUser> {
  return userWithSession(tdb, server.ctx.config.sessionSecret, "GRADER");
}

/** A copy dispatched to all these graders. */
async function sharedCopy(...graders: SignedInUser[]): Promise<string> {
  const copy = await createCopy(tdb.db, exam.id);
  for (const g of graders) await assignCopy(tdb.db, copy.id, g.id);
  return copy.id;
}

async function joined(user: SignedInUser, copyId: string): Promise<Socket> {
  const s = await openSocket(server.url, user);
  sockets.push(s);
  expect((await request(s, "copy:join", { copyId })).ok).toBe(true);
  return s;
}

describe("lock leases", () => {
  it("keeps a connected holder's lock well past the lease", async () => {
    const [a, b] = [await grader(), await grader()];
    const copyId = await sharedCopy(a, b);
    const sa = await joined(a, copyId);
    const sb = await joined(b, copyId);
    expect((await request(sa, "copy:lock", { copyId })).ok).toBe(true);
    await sleep(2.5 * LEASE_MS);
    expect(await request(sb, "copy:lock", { copyId })).toMatchObject({ ok: false, code: "LOCKED", holder: { id: a.id } });
  });

  it("holds the lock for the grace period after a disconnect, then releases it and tells the room", async () => {
    const [a, b] = [await grader(), await grader()];
    const copyId = await sharedCopy(a, b);
    const sa = await joined(a, copyId);
    const sb = await joined(b, copyId);
    expect((await request(sa, "copy:lock", { copyId })).ok).toBe(true);
    let released = 0;
    sb.on("copy:lock", (m: { copyId: string; lock: unknown }) => {
      if (m.copyId === copyId && m.lock === null) released = Date.now();
    });
    const gone = Date.now();
    sa.disconnect();
    await sleep(200);
    expect(await request(sb, "copy:lock", { copyId })).toMatchObject({ ok: false, code: "LOCKED" });
    await waitFor(() => released > 0, 3 * GRACE_MS + 2000, "release broadcast");
    expect(released - gone).toBeGreaterThanOrEqual(GRACE_MS - 50);
    expect(await request(sb, "copy:lock", { copyId })).toMatchObject({ ok: true, lock: { holder: { id: b.id } } });
  });

  it("frees the locks of a classroom gone at once in a few queries, and tells each copy's room", async () => {
    const watcher = await grader();
    const holders = await Promise.all(Array.from({ length: 30 }, () => grader()));
    const copies: string[] = [];
    for (const h of holders) copies.push(await sharedCopy(h, watcher));
    const held = await Promise.all(
      holders.map(async (h, i) => {
        const s = await joined(h, copies[i]!);
        expect((await request(s, "copy:lock", { copyId: copies[i] })).ok).toBe(true);
        return s;
      }),
    );
    const watched = copies.slice(0, 3);
    const sw = await openSocket(server.url, watcher);
    sockets.push(sw);
    for (const copyId of watched) expect((await request(sw, "copy:join", { copyId })).ok).toBe(true);
    const heard = new Set<string>();
    sw.on("copy:lock", (m: { copyId: string; lock: unknown }) => {
      if (m.lock === null) heard.add(m.copyId);
    });
    // the releases and the blind markers' lookups (the lock broadcasts), not the renewals meanwhile
    const { statements } = await countPoolStatements(server.ctx.pool, /DELETE FROM "CopyLock"|FROM "SecondMarking"/, async () => {
      for (const s of held) s.disconnect();
      const left = () => tdb.db.copyLock.count({ where: { copyId: { in: copies } } });
      for (const end = Date.now() + 3 * GRACE_MS + 5000; (await left()) > 0 && Date.now() < end; ) await sleep(100);
      expect(await left()).toBe(0);
      await waitFor(() => watched.every((c) => heard.has(c)), 5000, "each watched copy's room told");
      await sleep(300);
    });
    // one query per copy before (its release, then its blind markers' lookup: 60): now a batch each
    expect(statements).toBeGreaterThan(0);
    expect(statements).toBeLessThan(10);
  });

  it("lets the holder reconnecting within the grace period keep the lock", async () => {
    const [a, b] = [await grader(), await grader()];
    const copyId = await sharedCopy(a, b);
    const first = await joined(a, copyId);
    const acquired = await request(first, "copy:lock", { copyId });
    first.disconnect();
    const again = await joined(a, copyId);
    const reclaimed = await request(again, "copy:lock", { copyId });
    expect(reclaimed).toMatchObject({ ok: true, lock: { holder: { id: a.id }, acquiredAt: acquired.lock.acquiredAt } });
    await sleep(GRACE_MS + 700);
    const sb = await joined(b, copyId);
    expect(await request(sb, "copy:lock", { copyId })).toMatchObject({ ok: false, code: "LOCKED", holder: { id: a.id } });
  });

  it("lets the same grader reclaim the lock from another tab or device without friction", async () => {
    const a = await grader();
    const copyId = await sharedCopy(a);
    const tab1 = await joined(a, copyId);
    expect((await request(tab1, "copy:lock", { copyId })).ok).toBe(true);
    const otherDevice = { ...a, cookie: await sessionCookie(tdb.db, a.id, server.ctx.config.sessionSecret) };
    const tab2 = await joined(otherDevice, copyId);
    expect(await request(tab2, "copy:lock", { copyId })).toMatchObject({ ok: true, lock: { holder: { id: a.id } } });
  });

  it("frees a dead node's lock once its lease runs out", async () => {
    const [dead, b] = [await grader(), await grader()];
    const copyId = await sharedCopy(dead, b);
    await tdb.db.copyLock.create({ data: { copyId, holderId: dead.id, sessionId: "gone", nodeId: "dead-node", expiresAt: new Date(Date.now() + LEASE_MS) } });
    const sb = await joined(b, copyId);
    expect(await request(sb, "copy:lock", { copyId })).toMatchObject({ ok: false, code: "LOCKED", holder: { id: dead.id } });
    await sleep(LEASE_MS + 200);
    expect(await request(sb, "copy:lock", { copyId })).toMatchObject({ ok: true, lock: { holder: { id: b.id } } });
  });
});
