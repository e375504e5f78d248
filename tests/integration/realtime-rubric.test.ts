// Rubric decisions over the socket: items are applied at the revision the grader sees, the server
// refuses unknown, stale and group-conflicting items, marks follow the current rubric, the
// decisions projection is written with the updates, and finalize counts rubric questions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import * as Y from "yjs";
import { applyItem, copyMarks, itemKey, setAdjustment, setChecked, setScore } from "../../collab/index.ts";
import { backfillDecisions } from "../../server/grading/decision-backfill.ts";
import { loadCopyScaleSpec } from "../../server/grading/exam-scale.ts";
import { assignCopy, createCopy, createExamWithScale, type TestExam } from "../helpers/grading-factories.ts";
import { openCopy, signedInUser, storedDoc, type SignedInUser } from "../helpers/grading-fixture.ts";
import { request } from "../helpers/grading-session.ts";
import { createRubricVersion } from "../helpers/rubric-factories.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let pool: pg.Pool;
let exam: TestExam;
let grader: SignedInUser;
let q1: string;
let q2: string;
let q3: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  pool = new pg.Pool({ connectionString: tdb.url, max: 2 });
  exam = await createExamWithScale(tdb.db);
  [q1, q2, q3] = exam.questions.map((q) => q.id) as [string, string, string];
  grader = await signedInUser(tdb, server.url, "GRADER");
  await createRubricVersion(tdb.db, exam.id, {
    [q1]: {
      items: [
        { id: "juste", label: "Raisonnement complet", points: 3, group: "niveau" },
        { id: "partiel", label: "Partiel", points: 1.5, group: "niveau" },
        { id: "unites", label: "Unités", points: 1 },
      ],
    },
    [q2]: { mode: "negative", items: [{ id: "signe", label: "Erreur de signe", points: -1 }] },
  });
});
afterAll(async () => {
  await pool?.end();
  await server?.close();
  await tdb?.drop();
});

async function rubricRev(itemId: string): Promise<number> {
  const r = await fetch(`${server.url}/api/exams/${exam.id}/rubric`, { headers: { cookie: grader.cookie } });
  expect(r.status).toBe(200);
  const body = (await r.json()) as { rubric: { questions: unknown } };
  const items = Object.values(body.rubric.questions as Record<string, { items: Array<{ id: string; rev: number }> }>).flatMap((q) => q.items);
  return items.find((i) => i.id === itemId)!.rev;
}

async function gradedCopy() {
  const copy = await createCopy(tdb.db, exam.id);
  await assignCopy(tdb.db, copy.id, grader.id);
  const desk = await openCopy(server.url, grader, copy.id);
  expect((await desk.takeLock()).ok).toBe(true);
  const refused: string[] = [];
  desk.on("refused", (ack) => refused.push(ack.code));
  return { copy, desk, refused };
}

describe("rubric decisions over the socket", () => {
  it("the grader reads the rubric and applies items; the projection and finalize follow", async () => {
    const { copy, desk, refused } = await gradedCopy();
    const rev = await rubricRev("partiel");
    applyItem(desk.doc, q1, "partiel", rev);
    applyItem(desk.doc, q1, "unites", rev);
    setAdjustment(desk.doc, q2, { points: 0.5, comment: "bonne présentation" });
    await desk.whenSaved();
    expect(refused).toEqual([]);

    const decisions = await tdb.db.questionDecision.findMany({ where: { copyId: copy.id }, orderBy: { questionId: "asc" } });
    expect(decisions.find((d) => d.questionId === q1)).toMatchObject({ items: ["partiel", "unites"], checked: false, score: null });
    expect(decisions.find((d) => d.questionId === q2)).toMatchObject({ adjustPoints: 0.5, adjustComment: "bonne présentation" });

    const refusedFinalize = await request(desk.socket!, "copy:finalize", { copyId: copy.id });
    expect(refusedFinalize.code).toBe("UNSCORED_QUESTIONS");
    expect(JSON.stringify(refusedFinalize)).not.toContain('"1.b"'); // q2 counts: it has an adjustment
    setScore(desk.doc, q3, 7);
    await desk.whenSaved();
    const spec = await loadCopyScaleSpec(pool, exam.id, null);
    expect(copyMarks(await storedDoc(tdb, copy.id), spec).marks.map((m) => m.score)).toEqual([2.5, 6, 7]); // q2: 6 max, clipped
    expect((await request(desk.socket!, "copy:finalize", { copyId: copy.id })).ok).toBe(true);
    desk.destroy();
  });

  it("refuses an unknown item, a stale revision, a second item of a group, a typed score on a rubric question", async () => {
    const { copy, desk, refused } = await gradedCopy();
    const rev = await rubricRev("juste");
    for (const [edit, code] of [
      [() => desk.doc.getMap("items").set(itemKey(q1, "inconnu"), rev), "UNKNOWN_ITEM"],
      [() => applyItem(desk.doc, q1, "juste", rev + 7), "RUBRIC_STALE"],
      [() => setScore(desk.doc, q1, 2), "SCHEMA_VIOLATION"],
    ] as const) {
      edit();
      await desk.whenSaved();
      expect(refused.at(-1)).toBe(code);
      await desk.ready();
    }
    applyItem(desk.doc, q1, "juste", rev);
    await desk.whenSaved();
    applyItem(desk.doc, q1, "partiel", rev);
    await desk.whenSaved();
    expect(refused.at(-1)).toBe("ITEM_GROUP_TAKEN");
    await desk.ready();
    expect((await tdb.db.questionDecision.findFirstOrThrow({ where: { copyId: copy.id, questionId: q1 } })).items).toEqual(["juste"]);
    desk.destroy();
  });

  it("a new rubric version re-scores without touching documents, and the next update is checked against it", async () => {
    const { copy, desk, refused } = await gradedCopy();
    const rev = await rubricRev("unites");
    applyItem(desk.doc, q1, "unites", rev);
    setChecked(desk.doc, q2, true);
    await desk.whenSaved();
    const rowsBefore = await tdb.db.copyDocUpdate.count({ where: { copyId: copy.id } });

    const v = await createRubricVersion(tdb.db, exam.id, {
      [q1]: {
        items: [
          { id: "juste", label: "Raisonnement complet", points: 3, group: "niveau" },
          { id: "unites", label: "Unités", points: 2 },
        ],
      },
      [q2]: { mode: "negative", items: [{ id: "signe", label: "Erreur de signe", points: -1 }] },
    });
    expect(await tdb.db.copyDocUpdate.count({ where: { copyId: copy.id } })).toBe(rowsBefore);
    const spec = await loadCopyScaleSpec(pool, exam.id, null);
    expect(spec.rubricVersion).toBe(v.number);
    expect(copyMarks(await storedDoc(tdb, copy.id), spec).marks[0]!.score).toBe(2);

    applyItem(desk.doc, q1, "juste", rev); // the revision of the old version
    await desk.whenSaved();
    expect(refused.at(-1)).toBe("RUBRIC_STALE");
    await desk.ready();
    applyItem(desk.doc, q1, "juste", v.number);
    await desk.whenSaved();
    expect(refused).toEqual(["RUBRIC_STALE"]);
    desk.destroy();
  });

  it("a question-range grader applies items of their own questions only", async () => {
    const copy = await createCopy(tdb.db, exam.id);
    const ranged = await signedInUser(tdb, server.url, "GRADER");
    await assignCopy(tdb.db, copy.id, ranged.id, [q1]);
    const desk = await openCopy(server.url, ranged, copy.id);
    expect((await desk.takeLock()).ok).toBe(true);
    const refused: string[] = [];
    desk.on("refused", (ack) => refused.push(ack.code));
    applyItem(desk.doc, q1, "juste", await rubricRev("juste"));
    await desk.whenSaved();
    setChecked(desk.doc, q2, true);
    await desk.whenSaved();
    expect(refused).toEqual(["SCOPE"]);
    await desk.ready();
    expect(await tdb.db.assignment.findFirstOrThrow({ where: { copyId: copy.id } })).toMatchObject({ partDoneAt: expect.any(Date) });
    desk.destroy();
  });

  it("backfills the projection of documents stored before it existed", async () => {
    const copy = await createCopy(tdb.db, exam.id);
    const doc = new Y.Doc();
    setScore(doc, q3, 4);
    applyItem(doc, q1, "juste", 1);
    await tdb.db.copyDocUpdate.create({ data: { copyId: copy.id, data: Buffer.from(Y.encodeStateAsUpdate(doc)) } });
    await tdb.db.decisionBackfill.create({ data: { copyId: copy.id } });
    expect(await backfillDecisions(pool)).toBe(1);
    const rows = await tdb.db.questionDecision.findMany({ where: { copyId: copy.id } });
    expect(rows.map((r) => [r.questionId, r.score, r.items]).sort()).toEqual(
      [
        [q1, null, ["juste"]],
        [q3, 4, []],
      ].sort(),
    );
    expect(await tdb.db.decisionBackfill.count()).toBe(0);
    expect(await backfillDecisions(pool)).toBe(0);
  });
});
