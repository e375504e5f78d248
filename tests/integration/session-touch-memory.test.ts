// A node remembers when it last slid each session's expiry, to write the row once per burst of
// requests (server/auth/session-store.ts). Behind a load balancer a session signed in through one
// node is often signed out through another: the first node must not keep it for hours (the soak
// saw that memory grow with every sign-in, docs/operations.md "Soak").
import type session from "express-session";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PrismaSessionStore } from "../../server/auth/session-store.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
});

const timeouts = { idleTimeoutMs: 30 * 60_000, absoluteTimeoutMs: 12 * 3600_000 }; // touches written at most once a minute
const sess = (): session.SessionData => ({ cookie: { originalMaxAge: null } as session.Cookie, createdAt: Date.now() }) as session.SessionData;
const call = (f: (cb: (err?: unknown) => void) => void) => new Promise<void>((resolve, reject) => f((err) => (err ? reject(err) : resolve())));

it("forgets the sessions signed out through another node once their last touch is older than the touch delay", async () => {
  let t = Date.now();
  const nodeA = new PrismaSessionStore(tdb.db, timeouts, undefined, { now: () => t });
  const nodeB = new PrismaSessionStore(tdb.db, timeouts, undefined, { now: () => t });
  const sids = Array.from({ length: 30 }, (_, i) => `soak-sid-${i}-${Date.now()}`);
  for (const sid of sids) await call((cb) => nodeA.set(sid, sess(), cb)); // signed in through A
  for (const sid of sids) await call((cb) => nodeB.destroy(sid, cb)); // signed out through B
  expect(nodeA.rememberedTouches).toBe(sids.length);

  t += 61_000;
  await call((cb) => nodeA.set("soak-sid-later", sess(), cb)); // the next sign-in on A
  expect(nodeA.rememberedTouches).toBe(1);
});

it("still writes a touch at most once per delay for a session in use", async () => {
  let t = Date.now();
  const node = new PrismaSessionStore(tdb.db, timeouts, undefined, { now: () => t });
  const sid = `soak-sid-active-${Date.now()}`;
  await call((cb) => node.set(sid, sess(), cb));
  const seen = async () => (await tdb.db.session.findUniqueOrThrow({ where: { id: sid } })).lastSeenAt.getTime();
  const first = await seen();
  t += 30_000;
  await call((cb) => node.touch(sid, sess(), cb)); // within the minute: not written
  expect(await seen()).toBe(first);
  t += 31_000;
  await call((cb) => node.touch(sid, sess(), cb)); // past it: written
  await expect.poll(seen, { timeout: 10_000 }).toBeGreaterThan(first);
  expect(node.rememberedTouches).toBe(1);
});
