// Who may connect, join and write: students, anonymous sockets, a foreign Origin and forged
// cookies are refused at the handshake; a grader reaches only dispatched copies; supervisors
// join read-only; only the lock holder writes; copies past READY are read-only.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addAnnotation, newAnnotationId } from "../../collab/index.ts";
import { assignCopy, createCopy, createExamWithScale, type TestExam } from "../helpers/grading-factories.ts";
import { openSocket, signedInUser, userWithSession, type SignedInUser } from "../helpers/grading-fixture.ts";
import { request } from "../helpers/grading-session.ts";
import { countPoolStatements } from "../helpers/pool-statements.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let exam: TestExam;
let grader: SignedInUser;
const secret = () => server.ctx.config.sessionSecret;

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  exam = await createExamWithScale(tdb.db);
  grader = await signedInUser(tdb, server.url, "GRADER");
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

function anUpdate(): Uint8Array {
  const doc = new Y.Doc();
  addAnnotation(doc, {
    id: newAnnotationId(),
    page: 0,
    kind: "tick",
    box: { x: 0.1, y: 0.1, w: 0.1, h: 0.1 },
    color: "#000000",
    width: 0.002,
    author: grader.id,
    createdAt: 1,
  });
  return Y.encodeStateAsUpdate(doc);
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("the connection was accepted");
}

describe("handshake", () => {
  it("refuses an anonymous socket", async () => {
    expect(await refusal(openSocket(server.url, null))).toBe("UNAUTHENTICATED");
  });

  it("refuses a student", async () => {
    const student = await signedInUser(tdb, server.url, "STUDENT");
    expect(await refusal(openSocket(server.url, student))).toBe("FORBIDDEN");
  });

  it("refuses a foreign Origin even with a valid session (cross-site WebSocket hijacking)", async () => {
    expect(await refusal(openSocket(server.url, grader, { origin: "https://evil.example" }))).toBe("ORIGIN_REJECTED");
  });

  it("refuses a forged or unsigned cookie, a revoked session, and a user who must change the password", async () => {
    const sid = decodeURIComponent(grader.cookie.split("=")[1]!).slice(2).split(".")[0]!;
    expect(await refusal(openSocket(server.url, { cookie: `korrigo.sid=${encodeURIComponent(`s:${sid}.forged`)}` }))).toBe("UNAUTHENTICATED");
    expect(await refusal(openSocket(server.url, { cookie: `korrigo.sid=${sid}` }))).toBe("UNAUTHENTICATED");
    const revoked = await userWithSession(tdb, secret(), "GRADER");
    await tdb.db.session.deleteMany({ where: { userId: revoked.id } });
    expect(await refusal(openSocket(server.url, revoked))).toBe("UNAUTHENTICATED");
    const mustChange = await userWithSession(tdb, secret(), "GRADER", { mustChangePassword: true });
    expect(await refusal(openSocket(server.url, mustChange))).toBe("PASSWORD_CHANGE_REQUIRED");
  });

  it("reads the sessions of a reconnection storm in a few queries, each socket getting its own user", async () => {
    const users = await Promise.all(Array.from({ length: 30 }, () => userWithSession(tdb, secret(), "GRADER")));
    const revoked = await userWithSession(tdb, secret(), "GRADER");
    await tdb.db.session.deleteMany({ where: { userId: revoked.id } });
    // the database slow for a moment (the storm's usual company): the handshakes pile up behind the first read
    const blocker = new pg.Client({ connectionString: tdb.url });
    await blocker.connect();
    try {
      await blocker.query(`BEGIN; LOCK TABLE "Session" IN ACCESS EXCLUSIVE MODE`);
      const {
        result: [sockets, refused],
        statements,
      } = await countPoolStatements(server.ctx.pool, /SELECT s\.id AS sid, u\.id, u\.role/, async () => {
        const storm = Promise.all([Promise.all(users.map((u) => openSocket(server.url, u))), refusal(openSocket(server.url, revoked))]);
        await new Promise((r) => setTimeout(r, 2000));
        await blocker.query("COMMIT");
        return storm;
      });
      expect(refused).toBe("UNAUTHENTICATED"); // a dead session in the same batch is refused, the others not
      expect(statements).toBeGreaterThan(0);
      expect(statements).toBeLessThan(10); // one per handshake before
      // each socket is its own user: it opens its own grader's copy and not the next grader's
      const copies: string[] = [];
      for (const u of users) {
        const c = await createCopy(tdb.db, exam.id);
        await assignCopy(tdb.db, c.id, u.id);
        copies.push(c.id);
      }
      for (const [i, s] of sockets.entries()) {
        expect((await request(s, "copy:join", { copyId: copies[i] })).ok, `socket ${i}, own copy`).toBe(true);
        expect(await request(s, "copy:join", { copyId: copies[(i + 1) % copies.length] }), `socket ${i}, next copy`).toMatchObject({
          ok: false,
          code: "NOT_FOUND",
        });
      }
      for (const s of sockets) s.disconnect();
    } finally {
      await blocker.end();
    }
  });
});

describe("copies", () => {
  it("refuses a grader's join and writes on a copy not dispatched to them", async () => {
    const copy = await createCopy(tdb.db, exam.id);
    const s = await openSocket(server.url, grader);
    expect(await request(s, "copy:join", { copyId: copy.id })).toMatchObject({ ok: false, code: "NOT_FOUND", message: "Copy not found" }); // exactly like a missing copy;
    expect(await request(s, "copy:lock", { copyId: copy.id })).toMatchObject({ ok: false, code: "NOT_JOINED" });
    expect(await request(s, "copy:update", { copyId: copy.id, update: anUpdate() })).toMatchObject({ ok: false, code: "NOT_JOINED" });
    s.disconnect();
    expect(await tdb.db.copyDocUpdate.count({ where: { copyId: copy.id } })).toBe(0);
  });

  it("lets a supervisor join read-only: no lock, no writes", async () => {
    const supervisor = await userWithSession(tdb, secret(), "SUPERVISOR");
    const copy = await createCopy(tdb.db, exam.id);
    const s = await openSocket(server.url, supervisor);
    expect(await request(s, "copy:join", { copyId: copy.id })).toMatchObject({ ok: true, readOnly: true });
    expect(await request(s, "copy:lock", { copyId: copy.id })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await request(s, "copy:update", { copyId: copy.id, update: anUpdate() })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    s.disconnect();
  });

  it("accepts writes from the dispatched grader only while they hold the lock", async () => {
    const copy = await createCopy(tdb.db, exam.id);
    await assignCopy(tdb.db, copy.id, grader.id);
    const s = await openSocket(server.url, grader);
    expect(await request(s, "copy:join", { copyId: copy.id })).toMatchObject({ ok: true, readOnly: false });
    expect(await request(s, "copy:update", { copyId: copy.id, update: anUpdate() })).toMatchObject({ ok: false, code: "NOT_LOCK_HOLDER" });
    expect((await request(s, "copy:lock", { copyId: copy.id })).ok).toBe(true);
    expect(await request(s, "copy:update", { copyId: copy.id, update: anUpdate() })).toMatchObject({ ok: true, seq: expect.any(Number) });
    s.disconnect();
  });

  it("makes a copy read-only once it leaves READY, even for its lock holder", async () => {
    const copy = await createCopy(tdb.db, exam.id);
    await assignCopy(tdb.db, copy.id, grader.id);
    const s = await openSocket(server.url, grader);
    await request(s, "copy:join", { copyId: copy.id });
    expect((await request(s, "copy:lock", { copyId: copy.id })).ok).toBe(true);
    await tdb.db.copy.update({ where: { id: copy.id }, data: { state: "FINALIZING" } });
    expect(await request(s, "copy:update", { copyId: copy.id, update: anUpdate() })).toMatchObject({ ok: false, code: "COPY_READ_ONLY", state: "FINALIZING" });
    expect(await request(s, "copy:lock", { copyId: copy.id })).toMatchObject({ ok: false, code: "COPY_READ_ONLY" });
    const graded = await createCopy(tdb.db, exam.id, { state: "GRADED" });
    await assignCopy(tdb.db, graded.id, grader.id);
    expect(await request(s, "copy:join", { copyId: graded.id })).toMatchObject({ ok: true, readOnly: true });
    s.disconnect();
  });

  it("answers a stable code for an unknown copy and a malformed payload", async () => {
    const s = await openSocket(server.url, grader);
    expect(await request(s, "copy:join", { copyId: "6f1c1f8e-4a57-4c5e-9a51-000000000000" })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await request(s, "copy:join", { copyId: "not-a-uuid" })).toMatchObject({ ok: false, code: "VALIDATION_FAILED" });
    expect(await request(s, "copy:join", "garbage")).toMatchObject({ ok: false, code: "VALIDATION_FAILED" });
    s.disconnect();
  });
});
