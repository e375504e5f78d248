// Question-range graders' progress: a grader whose questions are all scored on a copy has done
// their part (Assignment.partDoneAt, kept by the commit of the copy's updates). Their home counts
// it as done and lists it with myPartDone, the next copy skips it, the supervisor's per-grader
// progress and pace count it; the last range grader (or a supervisor) finalizes the shared copy
// once every question is scored.
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nextCopyToGrade, type GraderCopy } from "../../client/src/api/grading.ts";
import { assignCopy, createCopy, createExamWithScale, type TestExam } from "../helpers/grading-factories.ts";
import { openCopy, openSocket, setScore, userWithSession, waitFor, type SignedInUser } from "../helpers/grading-fixture.ts";
import { request } from "../helpers/grading-session.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let exam: TestExam;
let x: SignedInUser;
let y: SignedInUser;
let supervisor: SignedInUser;
let copyIds: string[];

const get = (user: { cookie: string }, url: string) =>
  fetch(server.url + url, { headers: { cookie: user.cookie } }).then(async (r) => ({ status: r.status, body: await r.json() }));
const progressOf = async (user: SignedInUser) =>
  (await get(user, "/api/grader/exams")).body.exams.find((e: { exam: { id: string } }) => e.exam.id === exam.id)?.progress;
const copiesOf = async (user: SignedInUser): Promise<GraderCopy[]> => (await get(user, `/api/grader/copies?examId=${exam.id}`)).body.copies;
const graderStats = async (id: string) =>
  (await get(supervisor, `/api/supervision/exams/${exam.id}/stats`)).body.graders.find((g: { id: string }) => g.id === id);

/** Opens the copy as `user`, takes the lock, sets the scores, waits for the acks, frees the lock. */
async function score(
  user: SignedInUser,
  copyId: string,
  scores: Record<string, number | null>,
  then?: (sync: Awaited<ReturnType<typeof openCopy>>) => Promise<void>,
) {
  const sync = await openCopy(server.url, user, copyId);
  try {
    expect((await sync.takeLock()).ok).toBe(true);
    for (const [q, v] of Object.entries(scores)) setScore(sync.doc, q, v);
    await sync.whenSaved();
    if (then) await then(sync);
    else await request(sync.socket!, "copy:unlock", { copyId });
  } finally {
    sync.destroy();
  }
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  exam = await createExamWithScale(tdb.db);
  [x, y, supervisor] = await Promise.all([
    userWithSession(tdb, server.ctx.config.sessionSecret, "GRADER"),
    userWithSession(tdb, server.ctx.config.sessionSecret, "GRADER"),
    userWithSession(tdb, server.ctx.config.sessionSecret, "SUPERVISOR"),
  ]);
  const [q1, q2, q3] = exam.questions;
  copyIds = [];
  for (let i = 0; i < 3; i++) {
    const c = await createCopy(tdb.db, exam.id);
    copyIds.push(c.id);
    await assignCopy(tdb.db, c.id, x.id, [q1!.id, q2!.id]); // exercise 1
    await assignCopy(tdb.db, c.id, y.id, [q3!.id]); // exercise 2
  }
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

describe("question-range progress", () => {
  it("counts a grader's finished range as done on their home, their next copy and the dashboard", async () => {
    const [q1, q2, q3] = exam.questions.map((q) => q.id) as [string, string, string];
    const watcher: Socket = await openSocket(server.url, supervisor);
    expect(await request(watcher, "exam:watch", { examId: exam.id })).toEqual({ ok: true });
    const pushes: { stats: { graders: { id: string; done: number }[] } }[] = [];
    watcher.on("exam:stats", (m) => pushes.push(m));

    await score(x, copyIds[0]!, { [q1]: 3, [q2]: 4 });
    await score(x, copyIds[1]!, { [q1]: 1 }); // half of his range: not done yet
    expect(await progressOf(x)).toEqual({ done: 1, total: 3 });
    await score(x, copyIds[1]!, { [q2]: 0 }); // zero is a score
    await waitFor(() => pushes.some((p) => p.stats.graders.find((g) => g.id === x.id)?.done === 2), 10_000, "exam:stats after X's parts");

    expect(await progressOf(x)).toEqual({ done: 2, total: 3 });
    expect(await progressOf(y)).toEqual({ done: 0, total: 3 });
    const mine = await copiesOf(x);
    expect(mine.map((c) => [c.id, c.state, c.scope, c.myPartDone, c.myStatus])).toEqual([
      [copyIds[0], "READY", "questions", true, "partDone"],
      [copyIds[1], "READY", "questions", true, "partDone"],
      [copyIds[2], "READY", "questions", false, "todo"],
    ]);
    // each copy's mark over X's range (1.a /4 + 1.b /6): what his home shows (issue 21)
    expect(mine.map((c) => c.mark)).toEqual([{ points: 7, max: 10, scored: 2, questions: 2 }, { points: 1, max: 10, scored: 2, questions: 2 }, null]);
    expect(nextCopyToGrade(mine, null)?.id).toBe(copyIds[2]);
    expect(nextCopyToGrade(mine, copyIds[2]!)).toBeNull();
    const theirs = await copiesOf(y);
    expect(theirs.every((c) => c.myPartDone === false && c.myStatus === "todo" && c.mark === null)).toBe(true); // Y's question is unscored
    expect(nextCopyToGrade(theirs, null)?.id).toBe(copyIds[0]);

    const sx = await graderStats(x.id);
    expect(sx).toMatchObject({ assigned: 3, done: 2, finalized: 2, remaining: 1 });
    expect(sx.perHour).toBeGreaterThan(0); // two parts done: a pace, and an ETA for the third
    expect(sx.etaAt).not.toBeNull();
    expect(await graderStats(y.id)).toMatchObject({ assigned: 3, done: 0, finalized: 0, remaining: 3, perHour: null });

    // clearing a score undoes the part
    await score(x, copyIds[0]!, { [q1]: null });
    expect(await progressOf(x)).toEqual({ done: 1, total: 3 });
    expect((await copiesOf(x))[0]).toMatchObject({ myPartDone: false, myStatus: "todo" });
    await score(x, copyIds[0]!, { [q1]: 2 });
    expect(await progressOf(x)).toEqual({ done: 2, total: 3 });
    watcher.disconnect();
  });

  it("lets the last range grader finalize a shared copy once every question is scored, not before", async () => {
    const [q1, , q3] = exam.questions.map((q) => q.id) as [string, string, string];
    // X has not finished copy 3: Y scoring his part cannot finalize it
    await score(y, copyIds[2]!, { [q3]: 5 }, async (sync) => {
      const refused = await request(sync.socket!, "copy:finalize", { copyId: copyIds[2] });
      expect(refused).toMatchObject({ ok: false, code: "UNSCORED_QUESTIONS" });
      await request(sync.socket!, "copy:unlock", { copyId: copyIds[2] });
    });
    expect((await copiesOf(y)).find((c) => c.id === copyIds[2])).toMatchObject({ myPartDone: true });
    // copy 1: X's part is done; Y, the last to finish, finalizes it
    await score(y, copyIds[0]!, { [q3]: 8 }, async (sync) => {
      const ok = await request(sync.socket!, "copy:finalize", { copyId: copyIds[0] });
      expect(ok).toMatchObject({ ok: true, state: "FINALIZING" });
    });
    const row = await tdb.db.copy.findUniqueOrThrow({ where: { id: copyIds[0] } });
    expect(row).toMatchObject({ state: "FINALIZING", finalizedById: y.id });
    expect(await progressOf(x)).toEqual({ done: 2, total: 3 });
    expect(await progressOf(y)).toEqual({ done: 2, total: 3 });
    expect((await copiesOf(x))[0]).toMatchObject({ state: "FINALIZING", myStatus: "done", myPartDone: false });
    // X finishing copy 3 (Y's part done there) may finalize it himself
    await score(x, copyIds[2]!, { [q1]: 4, [exam.questions[1]!.id]: 6 }, async (sync) => {
      expect(await request(sync.socket!, "copy:finalize", { copyId: copyIds[2] })).toMatchObject({ ok: true, state: "FINALIZING" });
    });
    expect(await progressOf(x)).toEqual({ done: 3, total: 3 });
    // Y: copy 1 finalized by him (counted once in his pace), copy 3 his part done earlier
    expect(await graderStats(y.id)).toMatchObject({ assigned: 3, done: 2, finalized: 2, remaining: 1 });
  });

  it("on a variant copy, a range listing both variants' questions is done when the copy's own are scored", async () => {
    const v = await createExamWithScale(tdb.db);
    const [q1, q1b] = v.questions; // 1.b becomes a variant-B question
    await tdb.db.scaleNode.update({ where: { id: q1b!.id }, data: { variant: "B" } });
    const copy = await createCopy(tdb.db, v.id);
    await tdb.db.copy.update({ where: { id: copy.id }, data: { variant: "A" } });
    await assignCopy(tdb.db, copy.id, x.id, [q1!.id, q1b!.id]); // exercise 1, as dispatch lists it
    await score(x, copy.id, { [q1!.id]: 3 });
    const a = await tdb.db.assignment.findFirstOrThrow({ where: { copyId: copy.id, graderId: x.id } });
    expect(a.partDoneAt).not.toBeNull();
  });
});
