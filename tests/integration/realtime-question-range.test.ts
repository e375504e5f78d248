// A grader dispatched a question range may annotate and score those questions only: an update
// changing a score or comment of another question is refused with SCOPE.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCopyDoc, setComment, setScore } from "../../collab/index.ts";
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
});
