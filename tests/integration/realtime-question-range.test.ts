// A grader dispatched a question range may annotate and score those questions only: an update
// changing a score, a comment or a margin mark of another question is refused with SCOPE.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addAnnotation, newAnnotationId, readCopyDoc, setComment, setScore, updateAnnotation } from "../../collab/index.ts";
import { assignCopy, createCopy, createExamWithScale } from "../helpers/grading-factories.ts";
import { openCopy, storedDoc, tick, userWithSession } from "../helpers/grading-fixture.ts";
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

describe("question-range dispatch", () => {
  it("accepts annotations and the grader's own questions, refuses other questions with SCOPE", async () => {
    const exam = await createExamWithScale(tdb.db);
    const [q1, q2] = exam.questions;
    const copy = await createCopy(tdb.db, exam.id);
    const grader = await userWithSession(tdb, server.ctx.config.sessionSecret, "GRADER");
    await assignCopy(tdb.db, copy.id, grader.id, [q1!.id]);
    const sync = await openCopy(server.url, grader, copy.id);
    const refused: string[] = [];
    sync.on("refused", (ack) => refused.push(ack.code));
    expect((await sync.takeLock()).ok).toBe(true);

    tick(sync.doc);
    setScore(sync.doc, q1!.id, 2);
    await sync.whenSaved();
    expect(refused).toEqual([]);

    setScore(sync.doc, q2!.id, 1);
    await sync.whenSaved();
    expect(refused).toEqual(["SCOPE"]);
    await sync.ready(); // the client re-joined with a fresh doc: the refused score is gone
    expect(readCopyDoc(sync.doc).scores).toEqual({ [q1!.id]: 2 });
    setComment(sync.doc, q2!.id, "pas la bonne question");
    await sync.whenSaved();
    expect(refused).toEqual(["SCOPE", "SCOPE"]);
    await sync.ready();
    setScore(sync.doc, q1!.id, 3);
    await sync.whenSaved();
    expect(refused).toEqual(["SCOPE", "SCOPE"]);

    const stored = readCopyDoc(await storedDoc(tdb, copy.id));
    expect(stored.scores).toEqual({ [q1!.id]: 3 });
    expect(stored.comments).toEqual({});
    expect(stored.annotations).toHaveLength(1);
    sync.destroy();
  });

  it("lets the grader place and move the margin marks of their own questions only", async () => {
    const exam = await createExamWithScale(tdb.db);
    const [q1, q2] = exam.questions;
    const copy = await createCopy(tdb.db, exam.id);
    const grader = await userWithSession(tdb, server.ctx.config.sessionSecret, "GRADER");
    await assignCopy(tdb.db, copy.id, grader.id, [q1!.id]);
    const sync = await openCopy(server.url, grader, copy.id);
    const refused: string[] = [];
    sync.on("refused", (ack) => refused.push(ack.code));
    expect((await sync.takeLock()).ok).toBe(true);
    const mark = (questionId: string) =>
      addAnnotation(sync.doc, {
        id: newAnnotationId(),
        page: 0,
        kind: "mark",
        questionId,
        box: { x: 0.88, y: 0.2, w: 0.1, h: 0.04 },
        color: "#d32f2f",
        width: 0.004,
        author: grader.id,
        createdAt: Date.now(),
      });

    const own = mark(q1!.id);
    await sync.whenSaved();
    updateAnnotation(sync.doc, own, { box: { x: 0.88, y: 0.5, w: 0.1, h: 0.04 } });
    await sync.whenSaved();
    expect(refused).toEqual([]);

    mark(q2!.id);
    await sync.whenSaved();
    expect(refused).toEqual(["SCOPE"]);
    await sync.ready();

    const stored = readCopyDoc(await storedDoc(tdb, copy.id));
    expect(stored.annotations).toEqual([expect.objectContaining({ id: own, kind: "mark", questionId: q1!.id, box: { x: 0.88, y: 0.5, w: 0.1, h: 0.04 } })]);
    sync.destroy();
  });

  it("refuses moving a colleague's margin mark of another question", async () => {
    const exam = await createExamWithScale(tdb.db);
    const [q1, q2] = exam.questions;
    const copy = await createCopy(tdb.db, exam.id);
    const whole = await userWithSession(tdb, server.ctx.config.sessionSecret, "GRADER");
    const ranged = await userWithSession(tdb, server.ctx.config.sessionSecret, "GRADER");
    await assignCopy(tdb.db, copy.id, whole.id);
    await assignCopy(tdb.db, copy.id, ranged.id, [q1!.id]);
    const a = await openCopy(server.url, whole, copy.id);
    expect((await a.takeLock()).ok).toBe(true);
    const theirs = addAnnotation(a.doc, {
      id: newAnnotationId(),
      page: 0,
      kind: "mark",
      questionId: q2!.id,
      box: { x: 0.88, y: 0.3, w: 0.1, h: 0.04 },
      color: "#d32f2f",
      width: 0.004,
      author: whole.id,
      createdAt: Date.now(),
    });
    await a.whenSaved();
    expect((await a.releaseLock()).ok).toBe(true);
    a.destroy();

    const b = await openCopy(server.url, ranged, copy.id);
    const refused: string[] = [];
    b.on("refused", (ack) => refused.push(ack.code));
    expect((await b.takeLock()).ok).toBe(true);
    updateAnnotation(b.doc, theirs, { box: { x: 0.5, y: 0.5, w: 0.1, h: 0.04 } });
    await b.whenSaved();
    expect(refused).toEqual(["SCOPE"]);
    expect(readCopyDoc(await storedDoc(tdb, copy.id)).annotations[0]).toMatchObject({ id: theirs, box: { x: 0.88, y: 0.3 } });
    b.destroy();
  });
});
