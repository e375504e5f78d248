// Grading by question: regions of an exam (drawn once, read by its graders), claims per (copy,
// question) — next ungraded never gives two graders the same pair, two graders mark different
// questions of one copy at once, a whole-copy lock and claims of others exclude each other, claims
// expire —, access per role and garbage payloads.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import type { Socket } from "socket.io-client";
import { setScore } from "../../collab/index.ts";
import { assignCopy, createCopy, createExamWithScale, type TestExam } from "../helpers/grading-factories.ts";
import { openCopy, openSocket, signedInUser, type SignedInUser } from "../helpers/grading-fixture.ts";
import { request } from "../helpers/grading-session.ts";
import { countPoolStatements } from "../helpers/pool-statements.ts";
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

/** An exam with `n` READY copies dispatched whole to each grader. */
async function examWithCopies(n: number, graders: SignedInUser[]) {
  const exam = await createExamWithScale(tdb.db);
  const copies = [];
  for (let i = 0; i < n; i++) copies.push(await createCopy(tdb.db, exam.id));
  for (const c of copies) for (const g of graders) await assignCopy(tdb.db, c.id, g.id);
  return { exam, copies };
}

async function httpAs(u: SignedInUser): Promise<TestClient> {
  const c = new TestClient(server.url);
  expect((await c.login(u.username, u.password)).status).toBe(200);
  return c;
}

const next = (s: Socket, exam: TestExam, q: number, afterCopyId?: string) =>
  request(s, "question:next", { examId: exam.id, questionId: exam.questions[q]!.id, afterCopyId });

describe("question regions", () => {
  it("a supervisor draws them (two boxes for a question at most), the exam's graders read them; bad input changes nothing", async () => {
    const grader = await signedInUser(tdb, server.url, "GRADER");
    const { exam } = await examWithCopies(1, [grader]);
    const sup = await signedInUser(tdb, server.url, "SUPERVISOR");
    const supHttp = await httpAs(sup);
    const [q1, q2] = exam.questions.map((q) => q.id) as [string, string];
    const put = await supHttp.request("PUT", `/api/exams/${exam.id}/regions`, {
      json: {
        questions: {
          [q1]: [{ page: 1, box: { x: 0.1, y: 0.2, w: 0.8, h: 0.3 } }],
          [q2]: [
            { page: 1, box: { x: 0.1, y: 0.8, w: 0.8, h: 0.2 } },
            { page: 2, box: { x: 0.1, y: 0, w: 0.8, h: 0.25 } },
          ],
        },
      },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const read = await (await httpAs(grader)).request("GET", `/api/exams/${exam.id}/regions`);
    expect(read.status).toBe(200);
    const byId = new Map(read.body.questions.map((q: { id: string }) => [q.id, q]));
    expect((byId.get(q1) as { regions: unknown[] }).regions).toEqual([{ page: 1, box: { x: 0.1, y: 0.2, w: 0.8, h: 0.3 } }]);
    expect((byId.get(q2) as { regions: unknown[] }).regions).toHaveLength(2);
    expect(read.body.questions.map((q: { label: string }) => q.label)).toEqual(["1.a", "1.b", "2"]);

    const box = { x: 0.1, y: 0.1, w: 0.5, h: 0.5 };
    for (const bad of [
      { questions: { [q1]: [{ page: 1, box: { x: 0.7, y: 0.1, w: 0.5, h: 0.2 } }] } }, // leaves the page
      { questions: { [q1]: [{ page: 1, box: { ...box, w: Number.NaN } }] } },
      { questions: { [q1]: [{ page: 0, box }] } },
      {
        questions: {
          [q1]: [
            { page: 1, box },
            { page: 1, box },
            { page: 2, box },
          ],
        },
      }, // three boxes
      { questions: { [q1]: [] } },
      { questions: { "pas-une-question": [{ page: 1, box }] } },
      { questions: { [q1]: [{ page: 1, box, extra: 1 }] } },
      "garbage",
    ]) {
      const r = await supHttp.request("PUT", `/api/exams/${exam.id}/regions`, { json: bad });
      expect(r.status, JSON.stringify(bad)).toBe(400);
    }
    const again = await supHttp.request("GET", `/api/exams/${exam.id}/regions`);
    expect(again.body.questions).toEqual(put.body.questions);
    // the editor draws on the first copy's page images
    expect(
      again.body.sample.pages.map((p: { page: number; widthPt: number; images: { read: string } }) => [
        p.page,
        p.widthPt,
        /^\/api\/pages\/[0-9a-f-]{36}\/images\/read/.test(p.images.read),
      ]),
    ).toEqual([
      [1, 595, true],
      [2, 595, true],
    ]);

    // question:next hands over the pages the regions fall on (page 2 unredacted: the zone is on page 1)
    const s = await openSocket(server.url, grader);
    const r = await request(s, "question:next", { examId: exam.id, questionId: q2 });
    const pages = r.pages[r.claim.copyId] as { page: number; images: { redacted: boolean } }[];
    expect(pages.map((p) => [p.page, p.images.redacted])).toEqual([
      [1, true],
      [2, false],
    ]);
    s.disconnect();
  });
});

describe("claims per (copy, question)", () => {
  it("two graders get different copies of one question, and mark different questions of one copy at the same time", async () => {
    const [a, b] = [await signedInUser(tdb, server.url, "GRADER"), await signedInUser(tdb, server.url, "GRADER")];
    const { exam, copies } = await examWithCopies(3, [a, b]);
    const [sa, sb] = [await openSocket(server.url, a), await openSocket(server.url, b)];
    const ra = await next(sa, exam, 0);
    const rb = await next(sb, exam, 0);
    expect(ra.ok && rb.ok).toBe(true);
    expect(ra.claim.copyId).toBe(copies[0]!.id);
    expect(rb.claim.copyId).toBe(copies[1]!.id);
    expect(ra.peek).toBe(copies[1]!.id); // prefetch: the next free one at that time
    expect(rb.peek).toBe(copies[2]!.id);
    expect(ra.remaining).toBe(3);
    expect(ra.total).toBe(3); // the desk shows 0 / 3 done on the question
    // the region's page (no region: page 1) of the claimed and the peeked copy, to paint from its image
    expect(Object.keys(ra.pages).sort()).toEqual([copies[0]!.id, copies[1]!.id].sort());
    const [p1] = ra.pages[copies[0]!.id];
    expect(p1).toMatchObject({ page: 1, widthPt: 595, heightPt: 842, images: { redacted: true, failed: false } }); // graders get the redacted twin of page 1
    expect(p1.images.read).toMatch(/^\/api\/pages\/[0-9a-f-]{36}\/images\/read$/);
    // b takes question 1.b of the copy a is marking on 1.a
    const rb2 = await next(sb, exam, 1);
    expect(rb2.claim.copyId).toBe(copies[0]!.id);

    const da = await openCopy(server.url, a, copies[0]!.id);
    const db = await openCopy(server.url, b, copies[0]!.id);
    const refused: string[] = [];
    da.on("refused", (x) => refused.push(`a:${x.code}`));
    db.on("refused", (x) => refused.push(`b:${x.code}`));
    setScore(da.doc, exam.questions[0]!.id, 3);
    setScore(db.doc, exam.questions[1]!.id, 5);
    await Promise.all([da.whenSaved(), db.whenSaved()]);
    expect(refused).toEqual([]);
    const rows = await tdb.db.questionDecision.findMany({ where: { copyId: copies[0]!.id }, orderBy: { questionId: "asc" } });
    expect(new Map(rows.map((r) => [r.questionId, r.score]))).toEqual(
      new Map([
        [exam.questions[0]!.id, 3],
        [exam.questions[1]!.id, 5],
      ]),
    );

    // a question one does not claim: refused, nothing stored
    setScore(da.doc, exam.questions[2]!.id, 1);
    await da.whenSaved();
    expect(refused).toEqual(["a:SCOPE"]);
    await da.ready();
    expect(await tdb.db.questionDecision.count({ where: { copyId: copies[0]!.id, questionId: exam.questions[2]!.id } })).toBe(0);

    // a whole-copy lock is refused while someone else claims a question of the copy
    const lock = await request(da.socket!, "copy:lock", { copyId: copies[0]!.id });
    expect(lock.ok).toBe(false);
    expect(lock.code).toBe("LOCKED");

    // a moves on: the graded copy is not offered again, the next one comes after it
    const ra2 = await next(sa, exam, 0, copies[0]!.id);
    expect(ra2.claim.copyId).toBe(copies[2]!.id);
    expect(ra2.remaining).toBe(2);
    expect(ra2.total).toBe(3); // 1 / 3 done
    for (const d of [da, db]) d.destroy();
    sa.disconnect();
    sb.disconnect();
  });

  it("a whole-copy lock keeps others' claims away; claims expire; a disconnect releases them", async () => {
    const [a, b] = [await signedInUser(tdb, server.url, "GRADER"), await signedInUser(tdb, server.url, "GRADER")];
    const { exam, copies } = await examWithCopies(2, [a, b]);
    const desk = await openCopy(server.url, a, copies[0]!.id);
    expect((await desk.takeLock()).ok).toBe(true);
    const sb = await openSocket(server.url, b);
    const r = await next(sb, exam, 2);
    expect(r.claim.copyId).toBe(copies[1]!.id); // copy 1 is locked by a
    // b's claim expires (a dead node): a takes the question of that copy
    await tdb.db.questionClaim.updateMany({ where: { copyId: copies[1]!.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const sa = await openSocket(server.url, a);
    const ra = await next(sa, exam, 2, copies[0]!.id);
    expect(ra.claim.copyId).toBe(copies[1]!.id);
    // a disconnect releases the claims of the connection
    sa.disconnect();
    await expect.poll(() => tdb.db.questionClaim.count({ where: { holderId: a.id } }), { timeout: 20_000 }).toBe(0);
    desk.destroy();
    sb.disconnect();
  });

  it("a classroom's sockets dropping at once free every claim in a few queries", async () => {
    const graders = await Promise.all(Array.from({ length: 20 }, () => signedInUser(tdb, server.url, "GRADER")));
    const { exam } = await examWithCopies(20, graders);
    const sockets = await Promise.all(graders.map((g) => openSocket(server.url, g)));
    for (const [i, s] of sockets.entries()) expect((await next(s, exam, 1)).claim, `grader ${i}`).toBeTruthy();
    const held = () => tdb.db.questionClaim.count({ where: { examId: exam.id } });
    expect(await held()).toBe(20);
    const { statements } = await countPoolStatements(server.ctx.pool, /DELETE FROM "QuestionClaim"/, async () => {
      for (const s of sockets) s.disconnect();
      await expect.poll(held, { timeout: 20_000 }).toBe(0);
    });
    expect(statements).toBeGreaterThan(0);
    expect(statements).toBeLessThan(10); // one per claim before (20)
  });

  it("graders racing for next never get the same (copy, question)", async () => {
    const graders = await Promise.all(Array.from({ length: 8 }, () => signedInUser(tdb, server.url, "GRADER")));
    const { exam, copies } = await examWithCopies(12, graders);
    const sockets = await Promise.all(graders.map((g) => openSocket(server.url, g)));
    const got: string[] = [];
    // three rounds: each grader moves on twice without grading (the claim moves with them)
    const held = new Map<number, string>();
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all(sockets.map((s, i) => next(s, exam, 0, held.get(i))));
      const now = results.map((r) => r.claim?.copyId ?? null);
      const taken = now.filter((x): x is string => x !== null);
      expect(new Set(taken).size, `round ${round}: ${now.join(",")}`).toBe(taken.length);
      expect(taken.length).toBe(8); // 12 copies, 8 graders: everyone gets one
      now.forEach((c, i) => c && held.set(i, c));
      got.push(...taken);
    }
    const rows = await tdb.db.questionClaim.findMany({ where: { examId: exam.id } });
    expect(rows).toHaveLength(8);
    expect(new Set(rows.map((r) => r.copyId)).size).toBe(8);
    expect(rows.every((r) => copies.some((c) => c.id === r.copyId))).toBe(true);
    for (const s of sockets) s.disconnect();
  });

  it("ahead: the copy after is claimed too, joined quietly it is nobody's presence until claimed, the next move keeps it", async () => {
    const [a, b] = [await signedInUser(tdb, server.url, "GRADER"), await signedInUser(tdb, server.url, "GRADER")];
    const { exam, copies } = await examWithCopies(4, [a, b]);
    const [sa, sb] = [await openSocket(server.url, a), await openSocket(server.url, b)];
    const aheadNext = (s: Socket, after?: string) =>
      request(s, "question:next", { examId: exam.id, questionId: exam.questions[0]!.id, afterCopyId: after, ahead: true });
    const r1 = await aheadNext(sa);
    expect([r1.claim.copyId, r1.ahead.copyId, r1.peek]).toEqual([copies[0]!.id, copies[1]!.id, copies[2]!.id]);
    expect(r1.aheadCode).toBe(copies[1]!.anonymousCode);
    expect(Object.keys(r1.pages).sort()).toEqual([copies[0]!.id, copies[1]!.id, copies[2]!.id].sort()); // the next two copies' regions, cut ahead
    // the copy claimed ahead is nobody else's: b gets the one after
    expect((await next(sb, exam, 0)).claim.copyId).toBe(copies[2]!.id);

    // a joins the ahead copy quietly: b, joining it, does not see a there, nor hears a's presence
    const quiet = await request(sa, "copy:join", { copyId: copies[1]!.id, quiet: true });
    expect(quiet.ok).toBe(true);
    const heard: unknown[] = [];
    sb.on("copy:awareness", (m) => heard.push(m));
    const seenByB = await request(sb, "copy:join", { copyId: copies[1]!.id });
    expect(seenByB.presence.map((p: { userId: string }) => p.userId)).not.toContain(a.id);
    sa.emit("copy:awareness", { copyId: copies[1]!.id, state: new Uint8Array([1, 2, 3]) });
    await new Promise((r) => setTimeout(r, 300));
    expect(heard).toEqual([]);
    await request(sb, "copy:leave", { copyId: copies[1]!.id });

    // N: the ahead copy becomes a's claim (kept, not lost to b), the next one is claimed ahead; a is now there for others
    const r2 = await aheadNext(sa, copies[0]!.id);
    expect(r2.claim.copyId).toBe(copies[1]!.id);
    expect(r2.ahead.copyId).toBe(copies[3]!.id);
    expect((await request(sb, "copy:join", { copyId: copies[1]!.id })).presence.map((p: { userId: string }) => p.userId)).toContain(a.id);
    expect(await tdb.db.questionClaim.count({ where: { holderId: a.id } })).toBe(2);
    for (const s of [sa, sb]) s.disconnect();
  });

  it("N after a key pressed on the copy claimed ahead (before the server heard N): the claim stays on the copy the desk shows", async () => {
    const a = await signedInUser(tdb, server.url, "GRADER");
    const { exam, copies } = await examWithCopies(4, [a]);
    const sa = await openSocket(server.url, a);
    const q = exam.questions[0]!.id;
    const aheadNext = (after?: string) => request(sa, "question:next", { examId: exam.id, questionId: q, afterCopyId: after, ahead: true });
    const r1 = await aheadNext();
    expect([r1.claim.copyId, r1.ahead.copyId]).toEqual([copies[0]!.id, copies[1]!.id]);
    // the desk shows copy 1 on N at once and the grader marks it before question:next is answered
    const shown = await openCopy(server.url, a, copies[1]!.id);
    setScore(shown.doc, q, 2);
    await shown.whenSaved();
    expect(await tdb.db.questionDecision.count({ where: { copyId: copies[1]!.id, questionId: q } })).toBe(1);
    const r2 = await aheadNext(copies[0]!.id);
    expect(r2.claim.copyId).toBe(copies[1]!.id); // not copy 2: the desk would jump away from the copy just marked
    expect(r2.ahead.copyId).toBe(copies[2]!.id);
    expect(r2.remaining).toBe(3);
    // a copy asked to be skipped is passed over even when it is the one claimed ahead
    const r3 = await request(sa, "question:next", { examId: exam.id, questionId: q, afterCopyId: copies[1]!.id, skip: [copies[2]!.id], ahead: true });
    expect(r3.claim.copyId).toBe(copies[3]!.id);
    shown.destroy();
    sa.disconnect();
  });

  it("a free copy locked for a moment (an update committing) is waited for, not taken for nothing left", async () => {
    const [a, b] = [await signedInUser(tdb, server.url, "GRADER"), await signedInUser(tdb, server.url, "GRADER")];
    const { exam, copies } = await examWithCopies(2, [a, b]);
    const q = exam.questions[0]!.id;
    const sa = await openSocket(server.url, a);
    const first = await openCopy(server.url, a, copies[0]!.id);
    expect((await next(sa, exam, 0)).claim.copyId).toBe(copies[0]!.id);
    setScore(first.doc, q, 1);
    await first.whenSaved();
    // copy 1, the only one left, has its row locked as the commit path locks it
    const holder = new pg.Client({ connectionString: tdb.url });
    await holder.connect();
    await holder.query("BEGIN");
    await holder.query(`SELECT id FROM "Copy" WHERE id = $1::uuid FOR NO KEY UPDATE`, [copies[1]!.id]);
    const sb = await openSocket(server.url, b);
    const asked = next(sb, exam, 0);
    await new Promise((r) => setTimeout(r, 300));
    await holder.query("COMMIT");
    const rb = await asked;
    expect(rb.claim?.copyId).toBe(copies[1]!.id);
    await holder.end();
    first.destroy();
    for (const s of [sa, sb]) s.disconnect();
  });

  it("access: staff and graders of another exam are refused, unknown questions are not found, garbage is refused", async () => {
    const grader = await signedInUser(tdb, server.url, "GRADER");
    const { exam, copies } = await examWithCopies(1, [grader]);
    const stranger = await openSocket(server.url, await signedInUser(tdb, server.url, "GRADER"));
    const sup = await openSocket(server.url, await signedInUser(tdb, server.url, "SUPERVISOR"));
    const admin = await openSocket(server.url, await signedInUser(tdb, server.url, "ADMIN"));
    const mine = await openSocket(server.url, grader);
    for (const s of [stranger, sup, admin]) expect((await next(s, exam, 0)).code).toBe("FORBIDDEN");
    const unknownExam = await request(stranger, "question:next", { examId: "00000000-0000-4000-8000-000000000000", questionId: exam.questions[0]!.id });
    expect(unknownExam.code).toBe("FORBIDDEN"); // same answer as an exam one does not grade
    expect((await request(mine, "question:next", { examId: exam.id, questionId: "nope" })).code).toBe("NOT_FOUND");
    expect((await request(mine, "question:next", { examId: exam.id, questionId: "00000000-0000-4000-8000-000000000000" })).code).toBe("NOT_FOUND");
    for (const bad of [
      null,
      42,
      "x",
      { examId: exam.id },
      { examId: "x", questionId: "y" },
      { examId: exam.id, questionId: "q".repeat(500) },
      { examId: exam.id, questionId: exam.questions[0]!.id, skip: ["x"] },
      { examId: exam.id, questionId: exam.questions[0]!.id, ahead: "yes" },
    ]) {
      const r = await request(mine, "question:next", bad);
      expect(r.ok, JSON.stringify(bad)).toBe(false);
    }
    for (const bad of [null, { copyId: "x", questionId: "y" }, { copyId: copies[0]!.id }])
      expect((await request(mine, "question:release", bad)).ok).toBe(false);
    const r = await next(mine, exam, 0);
    expect(r.claim.copyId).toBe(copies[0]!.id);
    expect((await request(stranger, "question:release", { copyId: copies[0]!.id, questionId: exam.questions[0]!.id })).released).toBe(false); // not theirs
    expect(await tdb.db.questionClaim.count({ where: { copyId: copies[0]!.id } })).toBe(1);
    expect((await request(mine, "question:release", { copyId: copies[0]!.id, questionId: exam.questions[0]!.id })).released).toBe(true);
    expect(await tdb.db.questionClaim.count({ where: { copyId: copies[0]!.id } })).toBe(0);
    for (const s of [stranger, sup, admin, mine]) s.disconnect();
  });
});
