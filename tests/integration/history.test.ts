// A copy's history (docs/history.md): every stored change keeps its author (from the socket's
// session), time and origin through compaction; the timeline, the state at a moment and "who set
// this mark" read it back, for exactly the people who may see the copy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCopyDoc } from "../../collab/index.ts";
import { compactCopyDoc } from "../../server/grading/doc-compaction.ts";
import { historyRoutes } from "../../server/history/history-routes.ts";
import { listRoutes } from "../../server/http/route-inventory.ts";
import { assignCopy, createCopy, createExamWithScale, type TestExam } from "../helpers/grading-factories.ts";
import { openCopy, openSocket, setScore, storedDoc, tick, userWithSession, type SignedInUser } from "../helpers/grading-fixture.ts";
import { request } from "../helpers/grading-session.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { TEST_ORIGIN } from "../helpers/http-client.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let exam: TestExam;
let alice: SignedInUser;
let bob: SignedInUser;
let copyId: string;
const seqs: { aliceScore: number; bobScore: number } = { aliceScore: 0, bobScore: 0 };

async function get(user: { cookie: string } | null, url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(server.url + url, { headers: { origin: TEST_ORIGIN, ...(user ? { cookie: user.cookie } : {}) } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function lastSeq(): Promise<number> {
  const t = await get(await supervisor(), `/api/copies/${copyId}/history`);
  return t.body.changes.at(-1).seq;
}

let sup: SignedInUser | undefined;
async function supervisor(): Promise<SignedInUser> {
  sup ??= await userWithSession(tdb, server.ctx.config.sessionSecret, "SUPERVISOR");
  return sup;
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  const secret = server.ctx.config.sessionSecret;
  exam = await createExamWithScale(tdb.db);
  copyId = (await createCopy(tdb.db, exam.id)).id;
  alice = await userWithSession(tdb, secret, "GRADER");
  bob = await userWithSession(tdb, secret, "GRADER");
  await assignCopy(tdb.db, copyId, alice.id);
  await assignCopy(tdb.db, copyId, bob.id);
  const q = exam.questions[0]!.id;

  const a = await openCopy(server.url, alice, copyId);
  await a.takeLock();
  for (let i = 0; i < 4; i++) {
    tick(a.doc);
    await a.whenSaved();
  }
  setScore(a.doc, q, 2);
  await a.whenSaved();
  seqs.aliceScore = await lastSeq();
  await a.releaseLock();
  a.destroy();
  await compactCopyDoc(tdb.db, copyId, { snapshotEvery: 2 });

  const b = await openCopy(server.url, bob, copyId);
  await b.takeLock();
  tick(b.doc);
  await b.whenSaved();
  setScore(b.doc, q, 3.5);
  await b.whenSaved();
  seqs.bobScore = await lastSeq();
  await b.releaseLock();
  b.destroy();
  await compactCopyDoc(tdb.db, copyId, { snapshotEvery: 2 });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

describe("history survives compaction", () => {
  it("moves every folded row to the history with its author, time and origin, and the live document stays whole", async () => {
    expect(await tdb.db.copyDocUpdate.count({ where: { copyId } })).toBe(0);
    const history = await tdb.db.copyDocHistory.findMany({ where: { copyId }, orderBy: { seq: "asc" } });
    expect(history).toHaveLength(7);
    expect(history.map((h) => h.authorId)).toEqual([...Array(5).fill(alice.id), ...Array(2).fill(bob.id)]);
    expect(new Set(history.map((h) => h.origin))).toEqual(new Set(["desk"]));
    // a history snapshot every 2 changes, counted across compactions (5 then 2 rows): after rows 2, 4 and 6
    const snaps = await tdb.db.copyDocHistorySnapshot.findMany({ where: { copyId }, orderBy: { upToSeq: "asc" } });
    expect(snaps.map((s) => s.upToSeq)).toEqual([history[1]!.seq, history[3]!.seq, history[5]!.seq]);
    const live = readCopyDoc(await storedDoc(tdb, copyId));
    expect(live.annotations).toHaveLength(5);
    expect(live.scores[exam.questions[0]!.id]).toBe(3.5);
  });
});

describe("timeline, state at a moment, who set a mark", () => {
  it("lists the changes in order with their authors, what they touched, and filters by person", async () => {
    const t = await get(await supervisor(), `/api/copies/${copyId}/history`);
    expect(t.status).toBe(200);
    expect(t.body.changes).toHaveLength(7);
    expect(t.body.authors.map((a: { id: string }) => a.id).sort()).toEqual([alice.id, bob.id].sort());
    const score = t.body.changes.find((c: { seq: number }) => c.seq === seqs.bobScore);
    expect(score).toMatchObject({ by: bob.id, origin: "desk", q: [exam.questions[0]!.id], k: ["scores"] });
    expect(t.body.changes[0]).toMatchObject({ by: alice.id, k: ["annotations"], a: ["tick"] });
    const onlyBob = await get(await supervisor(), `/api/copies/${copyId}/history?author=${bob.id}`);
    expect(onlyBob.body.changes.map((c: { by: string }) => c.by)).toEqual([bob.id, bob.id]);
    const onlyQ = await get(await supervisor(), `/api/copies/${copyId}/history?question=${exam.questions[0]!.id}`);
    expect(onlyQ.body.changes.map((c: { seq: number }) => c.seq)).toEqual([seqs.aliceScore, seqs.bobScore]);
  });

  it("shows the page and the marks as they were after each change", async () => {
    const q = exam.questions[0]!.id;
    const atAlice = await get(await supervisor(), `/api/copies/${copyId}/history/state?seq=${seqs.aliceScore}`);
    expect(atAlice.status).toBe(200);
    expect(atAlice.body.content.annotations).toHaveLength(4);
    expect(atAlice.body.marks.marks.find((m: { questionId: string }) => m.questionId === q).score).toBe(2);
    const before = await get(await supervisor(), `/api/copies/${copyId}/history/state?seq=${seqs.aliceScore - 1}`);
    expect(before.body.content.annotations).toHaveLength(4);
    expect(before.body.content.scores[q]).toBeUndefined();
    const now = await get(await supervisor(), `/api/copies/${copyId}/history/state?seq=${seqs.bobScore}`);
    expect(now.body.marks.marks.find((m: { questionId: string }) => m.questionId === q).score).toBe(3.5);
    expect(now.body.content.annotations).toHaveLength(5);
  });

  it("answers a time: the last change at or before it, the empty copy before the first change", async () => {
    const t = await get(await supervisor(), `/api/copies/${copyId}/history`);
    const at = t.body.changes.find((c: { seq: number }) => c.seq === seqs.aliceScore).at;
    const s = await get(await supervisor(), `/api/copies/${copyId}/history/state?at=${encodeURIComponent(at)}`);
    expect(s.body.seq).toBeGreaterThanOrEqual(seqs.aliceScore);
    expect(s.body.seq).toBeLessThan(seqs.bobScore);
    const created = await tdb.db.copy.findUniqueOrThrow({ where: { id: copyId }, select: { createdAt: true } });
    const start = await get(await supervisor(), `/api/copies/${copyId}/history/state?at=${encodeURIComponent(created.createdAt.toISOString())}`);
    expect(start.status).toBe(200);
    expect(start.body.seq).toBe(0);
    expect(start.body.content.annotations).toEqual([]);
  });

  it("refuses a seek to a time before the copy existed, and a moment given twice", async () => {
    const created = await tdb.db.copy.findUniqueOrThrow({ where: { id: copyId }, select: { createdAt: true } });
    const early = new Date(created.createdAt.getTime() - 60_000).toISOString();
    const r = await get(await supervisor(), `/api/copies/${copyId}/history/state?at=${encodeURIComponent(early)}`);
    expect(r.status).toBe(422);
    expect(r.body.code).toBe("BEFORE_COPY_EXISTED");
    const both = await get(await supervisor(), `/api/copies/${copyId}/history/state?seq=1&at=${encodeURIComponent(early)}`);
    expect(both.status).toBe(400);
    const neither = await get(await supervisor(), `/api/copies/${copyId}/history/state`);
    expect(neither.status).toBe(400);
  });

  it("names who set a mark, when, and the mark before and after", async () => {
    const q = exam.questions[0]!.id;
    const w = await get(await supervisor(), `/api/copies/${copyId}/history/who?question=${q}`);
    expect(w.status).toBe(200);
    expect(w.body).toMatchObject({ questionId: q, before: 2, after: 3.5, changes: 2 });
    expect(w.body.change).toMatchObject({ seq: seqs.bobScore, by: bob.id, origin: "desk", author: { id: bob.id } });
    const untouched = await get(await supervisor(), `/api/copies/${copyId}/history/who?question=${exam.questions[2]!.id}`);
    expect(untouched.body).toMatchObject({ change: null, changes: 0 });
  });
});

describe("origin, stamped by the server", () => {
  it("marks a change made under a question claim 'question', and one after a release 'reopen'", async () => {
    const secret = server.ctx.config.sessionSecret;
    const ex = await createExamWithScale(tdb.db);
    const c = await createCopy(tdb.db, ex.id);
    const g = await userWithSession(tdb, secret, "GRADER");
    await assignCopy(tdb.db, c.id, g.id);
    const socket = await openSocket(server.url, g);
    const claimed = await request<{ ok: boolean; claim?: { copyId: string } }>(socket, "question:next", { examId: ex.id, questionId: ex.questions[1]!.id });
    expect(claimed.claim?.copyId).toBe(c.id);
    const byQuestion = await openCopy(server.url, g, c.id);
    setScore(byQuestion.doc, ex.questions[1]!.id, 4);
    await byQuestion.whenSaved();
    byQuestion.destroy();
    socket.disconnect();
    const t = await get(await supervisor(), `/api/copies/${c.id}/history`);
    expect(t.body.changes.map((x: { origin: string; by: string }) => [x.origin, x.by])).toEqual([["question", g.id]]);

    const released = await createCopy(tdb.db, ex.id);
    await assignCopy(tdb.db, released.id, g.id);
    await tdb.db.releasedVersion.create({
      data: {
        copyId: released.id,
        number: 1,
        content: {},
        total: 0,
        maxPoints: 20,
        rubricVersion: 0,
        docHash: "0".repeat(64),
        contentHash: "0".repeat(64),
        pdfPath: "x.pdf",
        pdfSha256: "0".repeat(64),
        pdfSizeBytes: 1,
      },
    });
    const regrade = await openCopy(server.url, g, released.id);
    await regrade.takeLock();
    setScore(regrade.doc, ex.questions[0]!.id, 3);
    await regrade.whenSaved();
    regrade.destroy();
    const r = await get(await supervisor(), `/api/copies/${released.id}/history`);
    expect(r.body.changes.map((x: { origin: string }) => x.origin)).toEqual(["reopen"]);
  });
});

describe("history access, per role", () => {
  const routes = () => [
    `/api/copies/${copyId}/history`,
    `/api/copies/${copyId}/history/state?seq=1`,
    `/api/copies/${copyId}/history/who?question=${exam.questions[0]!.id}`,
  ];
  const missing = "00000000-0000-4000-8000-000000000000";

  it("covers every history route", () => {
    expect(listRoutes(historyRoutes(server.ctx)).sort()).toEqual(["GET /copies/:id/history", "GET /copies/:id/history/state", "GET /copies/:id/history/who"]);
  });

  it("supervisors, admins and the graders the copy is dispatched to read it", async () => {
    const admin = await userWithSession(tdb, server.ctx.config.sessionSecret, "ADMIN");
    for (const who of [await supervisor(), admin, alice, bob]) {
      for (const url of routes()) expect((await get(who, url)).status, url).toBe(200);
    }
  });

  it("a grader the copy is not dispatched to, a student and an unknown copy get the same 404; anonymous 401", async () => {
    const stranger = await userWithSession(tdb, server.ctx.config.sessionSecret, "GRADER");
    const student = await userWithSession(tdb, server.ctx.config.sessionSecret, "STUDENT");
    const asMissing = await get(await supervisor(), `/api/copies/${missing}/history`);
    expect(asMissing.status).toBe(404);
    for (const who of [stranger, student]) {
      for (const url of routes()) {
        const r = await get(who, url);
        expect(r.status, url).toBe(404);
        expect(r.body).toEqual(asMissing.body);
      }
    }
    for (const url of routes()) expect((await get(null, url)).status).toBe(401);
  });
});
