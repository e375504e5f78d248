// copy:finalize over the socket: refused with the list of unscored questions, then accepted; the
// room learns the lock is gone and the state changed; later updates are refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setScore } from "../../collab/index.ts";
import { assignCopy, createCopy, createExamWithScale, type TestExam } from "../helpers/grading-factories.ts";
import { openCopy, signedInUser, tick, waitFor, type SignedInUser } from "../helpers/grading-fixture.ts";
import { request } from "../helpers/grading-session.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let exam: TestExam;
let grader: SignedInUser;
let supervisor: SignedInUser;
let student: SignedInUser;

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  exam = await createExamWithScale(tdb.db);
  grader = await signedInUser(tdb, server.url, "GRADER");
  supervisor = await signedInUser(tdb, server.url, "SUPERVISOR");
  student = await signedInUser(tdb, server.url, "STUDENT");
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

describe("copy:finalize", () => {
  it("lists unscored questions, then freezes the copy and tells the room", async () => {
    const copy = await createCopy(tdb.db, exam.id);
    await assignCopy(tdb.db, copy.id, grader.id);
    const desk = await openCopy(server.url, grader, copy.id);
    const watcher = await openCopy(server.url, supervisor, copy.id);
    expect((await desk.takeLock()).ok).toBe(true);
    tick(desk.doc, grader.id);
    setScore(desk.doc, exam.questions[0]!.id, 2);
    await desk.whenSaved();

    const refused = await request(desk.socket!, "copy:finalize", { copyId: copy.id });
    expect(refused.ok).toBe(false);
    expect(refused.code).toBe("UNSCORED_QUESTIONS");
    expect(JSON.stringify(refused)).toContain("1.b");

    setScore(desk.doc, exam.questions[1]!.id, 6);
    setScore(desk.doc, exam.questions[2]!.id, 7.5);
    await desk.whenSaved();
    const states: string[] = [];
    watcher.socket!.on("copy:state", (m: { state: string }) => states.push(m.state));
    const ok = await request(desk.socket!, "copy:finalize", { copyId: copy.id });
    expect(ok.ok).toBe(true);
    expect(ok.state).toBe("FINALIZING");
    await waitFor(() => states.includes("FINALIZING") && watcher.lock === null, 5000, "room told");
    const row = await tdb.db.copy.findUniqueOrThrow({ where: { id: copy.id } });
    expect(row.state).toBe("FINALIZING");
    expect(row.docHash).toMatch(/^[0-9a-f]{64}$/);

    // frozen: a later edit is refused and not stored
    const before = await tdb.db.copyDocUpdate.count({ where: { copyId: copy.id } });
    const refusedEdit = new Promise<string>((resolve) => desk.on("refused", (a) => resolve(a.code)));
    tick(desk.doc, grader.id);
    expect(await refusedEdit).toMatch(/COPY_READ_ONLY|NOT_LOCK_HOLDER|INVALID_STATE/);
    expect(await tdb.db.copyDocUpdate.count({ where: { copyId: copy.id } })).toBe(before);

    // finalizing twice: one job
    const again = await request(desk.socket!, "copy:finalize", { copyId: copy.id });
    expect(again.ok).toBe(true);
    expect(again.alreadyFinalized).toBe(true);
    const jobs = await tdb.db.$queryRawUnsafe<Array<{ n: bigint }>>(`SELECT count(*) AS n FROM graphile_worker.jobs WHERE task_identifier = 'render-copy'`);
    expect(Number(jobs[0]!.n)).toBe(1);
  });

  it("refuses a grader without the dispatch and a student", async () => {
    const copy = await createCopy(tdb.db, exam.id);
    const other = await signedInUser(tdb, server.url, "GRADER");
    const s = await openCopy(server.url, supervisor, copy.id);
    const asOther = await request(s.socket!, "copy:finalize", { copyId: copy.id });
    expect(asOther.ok).toBe(false); // supervisor: allowed only with every question scored
    expect(asOther.code).toBe("UNSCORED_QUESTIONS");
    await expect(openCopy(server.url, other, copy.id)).rejects.toThrow();
    await expect(openCopy(server.url, student, copy.id)).rejects.toThrow();
  });
});
