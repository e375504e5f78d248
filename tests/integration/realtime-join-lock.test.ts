// copy:join with `lock: true` (the desk opening a copy): the lock comes with the join, under the
// same rules as copy:lock — the dispatched grader gets it, a second grader and a supervisor are
// told who holds it, and a plain join takes nothing.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { assignCopy, createCopy, createExamWithScale } from "../helpers/grading-factories.ts";
import { openSocket, userWithSession } from "../helpers/grading-fixture.ts";
import { request } from "../helpers/grading-session.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
const sockets: Socket[] = [];

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.close();
  await tdb?.drop();
});

const open = async (role: "GRADER" | "SUPERVISOR") => {
  const user = await userWithSession(tdb, server.ctx.config.sessionSecret, role);
  const socket = await openSocket(server.url, user);
  sockets.push(socket);
  return { user, socket };
};

describe("copy:join with lock: true", () => {
  it("gives the dispatched grader the lock in the join's answer; the others learn who holds it", async () => {
    const exam = await createExamWithScale(tdb.db);
    const copy = await createCopy(tdb.db, exam.id);
    const a = await open("GRADER");
    const b = await open("GRADER");
    await assignCopy(tdb.db, copy.id, a.user.id);
    await assignCopy(tdb.db, copy.id, b.user.id);
    const sup = await open("SUPERVISOR");
    // a plain join takes nothing
    const plain = await request(sup.socket, "copy:join", { copyId: copy.id });
    expect(plain).toMatchObject({ ok: true, lock: null, readOnly: true });
    expect(plain.locked).toBeUndefined();
    const broadcast = new Promise((resolve) => sup.socket.once("copy:lock", resolve));

    const first = await request(a.socket, "copy:join", { copyId: copy.id, lock: true });
    expect(first).toMatchObject({ ok: true, locked: true, readOnly: false, lock: { copyId: copy.id, holder: { id: a.user.id } } });
    expect(await broadcast).toMatchObject({ copyId: copy.id, lock: { holder: { id: a.user.id } } }); // the room hears of it as for copy:lock
    expect((await tdb.db.copyLock.findMany({ where: { copyId: copy.id } })).map((r) => r.holderId)).toEqual([a.user.id]);

    const second = await request(b.socket, "copy:join", { copyId: copy.id, lock: true });
    expect(second).toMatchObject({ ok: true, readOnly: false, lock: { holder: { id: a.user.id } } });
    expect(second.locked).toBeUndefined();

    const supervisor = await request(sup.socket, "copy:join", { copyId: copy.id, lock: true }); // read-only: no lock taken
    expect(supervisor).toMatchObject({ ok: true, readOnly: true, lock: { holder: { id: a.user.id } } });
    expect(supervisor.locked).toBeUndefined();

    // the holder's lock is the usual one: released by copy:unlock, then the second grader's join takes it
    expect(await request(a.socket, "copy:unlock", { copyId: copy.id })).toMatchObject({ ok: true, lock: null });
    const again = await request(b.socket, "copy:join", { copyId: copy.id, lock: true });
    expect(again).toMatchObject({ ok: true, locked: true, lock: { holder: { id: b.user.id } } });
  }, 60_000);

  it("takes nothing for a copy the user may not write: foreign (answered like a missing copy), finalized, a student, a quiet join", async () => {
    const exam = await createExamWithScale(tdb.db);
    const foreign = await createCopy(tdb.db, exam.id);
    const done = await createCopy(tdb.db, exam.id, { state: "GRADED" });
    const g = await open("GRADER");
    await assignCopy(tdb.db, done.id, g.user.id);
    const strip = (a: { ok?: unknown; code?: unknown; message?: unknown }) => ({ ok: a.ok, code: a.code, message: a.message });
    const asForeign = strip(await request(g.socket, "copy:join", { copyId: foreign.id, lock: true }));
    const asMissing = strip(await request(g.socket, "copy:join", { copyId: crypto.randomUUID(), lock: true }));
    expect(asForeign.ok).toBe(false);
    expect(asForeign).toEqual(asMissing);
    const finalized = await request(g.socket, "copy:join", { copyId: done.id, lock: true });
    expect(finalized).toMatchObject({ ok: true, readOnly: true, lock: null });
    expect(finalized.locked).toBeUndefined();
    const quietCopy = await createCopy(tdb.db, exam.id);
    await assignCopy(tdb.db, quietCopy.id, g.user.id);
    const quiet = await request(g.socket, "copy:join", { copyId: quietCopy.id, lock: true, quiet: true });
    expect(quiet).toMatchObject({ ok: true, lock: null });
    const student = await userWithSession(tdb, server.ctx.config.sessionSecret, "STUDENT");
    await expect(openSocket(server.url, student)).rejects.toThrow("FORBIDDEN"); // no grading socket for a student at all
    expect(await request(g.socket, "copy:join", { copyId: quietCopy.id, lock: "yes" })).toMatchObject({ ok: false, code: "VALIDATION_FAILED" });
    expect(await tdb.db.copyLock.count({ where: { copyId: { in: [foreign.id, done.id, quietCopy.id] } } })).toBe(0);
  }, 60_000);

  it('a copy joined ahead (quiet) lists nobody until the grader takes its lock with copy:lock ("next copy")', async () => {
    const exam = await createExamWithScale(tdb.db);
    const copy = await createCopy(tdb.db, exam.id);
    const g = await open("GRADER");
    await assignCopy(tdb.db, copy.id, g.user.id);
    const ahead = await request(g.socket, "copy:join", { copyId: copy.id, quiet: true });
    expect(ahead).toMatchObject({ ok: true, readOnly: false, lock: null });
    const peers = async () => {
      const sup = await open("SUPERVISOR");
      const joined = await request(sup.socket, "copy:join", { copyId: copy.id });
      sup.socket.disconnect();
      return (joined.presence as { userId: string }[]).map((p) => p.userId);
    };
    expect(await peers()).not.toContain(g.user.id);
    expect(await tdb.db.copyLock.count({ where: { copyId: copy.id } })).toBe(0);
    // shown: the lock in one round trip, and the others see the grader there from now on
    expect(await request(g.socket, "copy:lock", { copyId: copy.id })).toMatchObject({ ok: true, lock: { holder: { id: g.user.id } } });
    expect(await peers()).toContain(g.user.id);
  }, 60_000);
});
