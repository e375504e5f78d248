// Statistics of an exam with variants of different maxima: totals are not mixed in points but
// brought to one scale (/20, shown), with each variant's own figures beside; and a supervisor who
// finalized a copy is not listed among the graders.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../helpers/factories.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createScoredCopy, createSupervisedExam, type SupervisedExam } from "../helpers/supervision-factories.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let exam: SupervisedExam;
let supervisor: TestClient;
let supervisorId: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  const media = path.join(server.dataDir, "media");
  // common: 1.a /4, 1.b /6; variant A: Exercice 2 (/10) → A /20; variant B: Exercice 3 (/2) → B /12
  exam = await createSupervisedExam(tdb.db);
  const [q1a, q1b, q2] = exam.leaves.map((l) => l.id) as [string, string, string];
  const ex2 = (await tdb.db.scaleNode.findUniqueOrThrow({ where: { id: q2 }, select: { parentId: true } })).parentId!;
  await tdb.db.scaleNode.update({ where: { id: ex2 }, data: { variant: "A" } });
  const ex3 = await tdb.db.scaleNode.create({ data: { examId: exam.id, kind: "EXERCISE", label: "Exercice 3", position: 3, variant: "B" } });
  const q3 = (await tdb.db.scaleNode.create({ data: { examId: exam.id, kind: "QUESTION", parentId: ex3.id, label: "3", position: 1, maxPoints: 2 } })).id;
  const user = await createUser(tdb.db, "SUPERVISOR");
  supervisorId = user.id;
  const a = await createScoredCopy(tdb.db, media, exam.id, { scores: { [q1a]: 2, [q1b]: 3, [q2]: 5 } }); // 10 / 20
  const b1 = await createScoredCopy(tdb.db, media, exam.id, { scores: { [q1a]: 4, [q1b]: 6, [q3]: 2 }, finalizedById: user.id }); // 12 / 12 → 20 / 20
  const b2 = await createScoredCopy(tdb.db, media, exam.id, { scores: { [q1a]: 2, [q1b]: 1, [q3]: 0 } }); // 3 / 12 → 5 / 20
  await tdb.db.copy.update({ where: { id: a.id }, data: { variant: "A" } });
  await tdb.db.copy.updateMany({ where: { id: { in: [b1.id, b2.id] } }, data: { variant: "B" } });
  supervisor = new TestClient(server.url);
  expect((await supervisor.login(user.username, user.password)).status).toBe(200);
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

describe("statistics with variants of different maxima", () => {
  it("brings every total to /20 and gives each variant its own maximum and mean", async () => {
    const r = await supervisor.get(`/api/supervision/exams/${exam.id}/stats`);
    expect(r.status).toBe(200);
    const s = r.body.scores;
    expect(s).toMatchObject({ count: 3, maxPoints: 20, normalized: true, min: 5, max: 20, median: 10, mean: 11.67 });
    expect(s.variants).toEqual([
      { variant: "A", maxPoints: 20, count: 1, mean: 10 },
      { variant: "B", maxPoints: 12, count: 2, mean: 7.5 },
    ]);
    expect(s.distribution.filter((b: any) => b.count > 0).map((b: any) => [b.from, b.count])).toEqual([
      [5, 1],
      [10, 1],
      [19, 1],
    ]);
  });

  it("a supervisor who finalized a copy is not listed as a grader", async () => {
    const r = await supervisor.get(`/api/supervision/exams/${exam.id}/stats`);
    expect(r.body.graders.map((g: any) => g.id)).not.toContain(supervisorId);
  });
});
