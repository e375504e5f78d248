// A rubric edit racing with a grader applying the item being edited: the grader's update is either
// refused (RUBRIC_STALE: reload, then apply the new version) or committed, and the mark is then
// computed from the new version — never from a mix of the old item and the new rubric.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { applyItem, computeMarks } from "../../collab/index.ts";
import { loadCopyScaleSpec } from "../../server/grading/exam-scale.ts";
import { loadCopyDecisions } from "../../server/rubrics/rubric-exam-data.ts";
import { createUser } from "../helpers/factories.ts";
import { assignCopy, createCopy, createExamWithScale, type TestExam } from "../helpers/grading-factories.ts";
import { openCopy, signedInUser, type SignedInUser } from "../helpers/grading-fixture.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let pool: pg.Pool;
let exam: TestExam;
let grader: SignedInUser;
let supervisor: TestClient;
let q1: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  pool = new pg.Pool({ connectionString: tdb.url, max: 2 });
  exam = await createExamWithScale(tdb.db);
  q1 = exam.questions[0]!.id;
  grader = await signedInUser(tdb, server.url, "GRADER");
  const u = await createUser(tdb.db, "SUPERVISOR");
  supervisor = new TestClient(server.url);
  expect((await supervisor.login(u.username, u.password)).status).toBe(200);
  const r = await supervisor.post(`/api/exams/${exam.id}/rubric/apply`, {
    baseVersion: 0,
    questions: {
      [q1]: {
        mode: "positive",
        bonusMax: 0,
        items: [
          { label: "Juste", points: 3 },
          { label: "Unités", points: 1 },
        ],
      },
    },
  });
  expect(r.status).toBe(200);
});
afterAll(async () => {
  await pool?.end();
  await server?.close();
  await tdb?.drop();
});

async function currentRubric() {
  const r = await supervisor.get(`/api/exams/${exam.id}/rubric`);
  return r.body.rubric as { version: number; questions: Record<string, { items: Array<{ id: string; label: string; points: number; rev: number }> }> };
}

async function markOf(copyId: string): Promise<number | null> {
  const spec = await loadCopyScaleSpec(pool, exam.id, null);
  const row = (await loadCopyDecisions(pool, exam.id)).find((c) => c.copyId === copyId);
  return row ? computeMarks(spec, row.decisions).marks[0]!.score : null;
}

describe("a rubric edit racing with a grader applying the edited item", () => {
  it("the grader gets RUBRIC_STALE or the new version, never a score from a mixed version", async () => {
    const outcomes: string[] = [];
    for (const points of [2, 2.5, 1.5, 3, 0.5]) {
      const copy = await createCopy(tdb.db, exam.id);
      await assignCopy(tdb.db, copy.id, grader.id);
      const desk = await openCopy(server.url, grader, copy.id);
      expect((await desk.takeLock()).ok).toBe(true);
      const refused: string[] = [];
      desk.on("refused", (ack) => refused.push(ack.code));
      const seen = await currentRubric();
      const juste = seen.questions[q1]!.items.find((i) => i.label === "Juste")!;
      const edit = {
        baseVersion: seen.version,
        questions: {
          [q1]: { mode: "positive", bonusMax: 0, items: seen.questions[q1]!.items.map(({ rev: _r, ...i }) => (i.id === juste.id ? { ...i, points } : i)) },
        },
      };

      applyItem(desk.doc, q1, juste.id, juste.rev); // the grader clicks while the supervisor applies
      const [applied] = await Promise.all([supervisor.post(`/api/exams/${exam.id}/rubric/apply`, edit), desk.whenSaved()]);
      expect(applied.status, JSON.stringify(applied.body)).toBe(200);
      expect(refused.filter((c) => c !== "RUBRIC_STALE")).toEqual([]);

      if (refused.includes("RUBRIC_STALE")) {
        outcomes.push("refused");
        await desk.ready();
        expect(await markOf(copy.id)).toBe(null); // nothing of the refused click was stored
        const fresh = (await currentRubric()).questions[q1]!.items.find((i) => i.id === juste.id)!;
        expect(fresh.rev).toBe(applied.body.version);
        applyItem(desk.doc, q1, juste.id, fresh.rev);
        await desk.whenSaved();
        expect(refused).toEqual(["RUBRIC_STALE"]);
      } else {
        outcomes.push("committed");
      }
      expect(await markOf(copy.id)).toBe(points); // the new version's points, whichever way the race went
      desk.destroy();
    }
    expect(outcomes).toHaveLength(5);
  });
});
