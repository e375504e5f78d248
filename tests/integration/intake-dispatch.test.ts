// Dispatch: whole copies balanced over the chosen graders (existing assignments counted), by
// question range (leaf ids under the chosen exercises), and re-dispatch of copies nobody started.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { balance } from "../../server/dispatch/dispatch-plan.ts";
import { createUser } from "../helpers/factories.ts";
import { examWithReadyCopies, startIntake, type IntakeEnv } from "../helpers/intake-setup.ts";

let env: IntakeEnv;
beforeAll(async () => {
  env = await startIntake();
});
afterAll(async () => env?.close());

const graders = async (n: number) => Promise.all(Array.from({ length: n }, () => createUser(env.tdb.db, "GRADER")));
const counts = async (examId: string) => {
  const rows = await env.tdb.db.assignment.groupBy({ by: ["graderId"], where: { copy: { examId } }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.graderId, r._count._all]));
};

describe("dispatch", () => {
  it("balance() gives counts that differ by at most one, counting existing load", () => {
    const copies = Array.from({ length: 10 }, (_, i) => `c${i}`);
    const plan = balance(copies, ["a", "b", "c"], new Map([["a", 2]]));
    const per = { a: 2, b: 0, c: 0 } as Record<string, number>;
    for (const g of plan.values()) per[g]!++;
    expect(Object.values(per).sort()).toEqual([4, 4, 4]);
  });

  it("dispatches whole copies round-robin, then new copies to the least loaded", async () => {
    const { examId } = await examWithReadyCopies(env, 7);
    const [g1, g2, g3] = await graders(3);
    const r = await env.admin.post(`/api/exams/${examId}/dispatch`, { mode: "copies", graderIds: [g1!.id, g2!.id] });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ assigned: 7, assignments: 7, takenBack: 0 });
    const c = await counts(examId);
    expect([c.get(g1!.id), c.get(g2!.id)]).toEqual([4, 3]);
    expect(r.body.summary).toMatchObject({ ready: 7, unassigned: 0 });

    // a third grader joins and two copies are added: they go to the newcomer
    await env.tdb.db.copy.updateMany({ where: { examId }, data: { state: "READY" } });
    const extra = await env.tdb.db.copy.findMany({ where: { examId }, take: 2, orderBy: { seq: "desc" } });
    await env.tdb.db.assignment.deleteMany({ where: { copyId: { in: extra.map((x) => x.id) } } });
    const again = await env.admin.post(`/api/exams/${examId}/dispatch`, { mode: "copies", graderIds: [g1!.id, g2!.id, g3!.id] });
    expect(again.body.assigned).toBe(2);
    const after = await counts(examId);
    expect(after.get(g3!.id)).toBe(2);
  });

  it("re-dispatches only READY copies nobody started; graded and started copies stay", async () => {
    const { examId, copyIds } = await examWithReadyCopies(env, 6);
    const [g1, g2] = await graders(2);
    await env.admin.post(`/api/exams/${examId}/dispatch`, { mode: "copies", graderIds: [g1!.id] });
    await env.tdb.db.copy.update({ where: { id: copyIds[0] }, data: { state: "GRADED" } });
    await env.tdb.db.copyDocUpdate.create({ data: { copyId: copyIds[1]!, data: Buffer.from([0, 0]) } });
    const r = await env.admin.post(`/api/exams/${examId}/dispatch`, { mode: "copies", graderIds: [g1!.id, g2!.id], redispatch: true });
    expect(r.body.takenBack).toBe(4);
    const rows = await env.tdb.db.assignment.findMany({ where: { copy: { examId } } });
    expect(rows.find((a) => a.copyId === copyIds[0])!.graderId).toBe(g1!.id);
    expect(rows.find((a) => a.copyId === copyIds[1])!.graderId).toBe(g1!.id);
    const c = await counts(examId);
    expect([c.get(g1!.id), c.get(g2!.id)]).toEqual([3, 3]);
  });

  it("dispatches by question range: each group grades its exercises' leaves of every copy", async () => {
    const { examId } = await examWithReadyCopies(env, 4);
    const scale = (
      await env.admin.request("PUT", `/api/exams/${examId}/scale`, {
        json: {
          exercises: [
            {
              label: "Ex 1",
              children: [
                { label: "1a", maxPoints: 2 },
                {
                  label: "1b",
                  children: [
                    { label: "i", maxPoints: 1 },
                    { label: "ii", maxPoints: 1 },
                  ],
                },
              ],
            },
            { label: "Ex 2", maxPoints: 4 },
            { label: "Ex 3", children: [{ label: "3a", maxPoints: 5 }] },
          ],
        },
      })
    ).body.scale;
    const [ex1, ex2, ex3] = scale.exercises;
    const [x, y1, y2] = await graders(3);
    const r = await env.admin.post(`/api/exams/${examId}/dispatch`, {
      mode: "questions",
      groups: [
        { graderIds: [x!.id], exerciseIds: [ex1.id] },
        { graderIds: [y1!.id, y2!.id], exerciseIds: [ex2.id, ex3.id] },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.assignments).toBe(8);
    const rows = await env.tdb.db.assignment.findMany({ where: { copy: { examId } } });
    const xRows = rows.filter((a) => a.graderId === x!.id);
    expect(xRows).toHaveLength(4);
    expect(xRows[0]!.questionIds).toEqual([ex1.children[0].id, ex1.children[1].children[0].id, ex1.children[1].children[1].id]);
    const yRows = rows.filter((a) => a.graderId !== x!.id);
    expect(yRows.map((a) => a.questionIds)).toEqual(Array(4).fill([ex2.id, ex3.children[0].id]));
    expect([yRows.filter((a) => a.graderId === y1!.id).length, yRows.filter((a) => a.graderId === y2!.id).length]).toEqual([2, 2]);

    const partial = await env.admin.post(`/api/exams/${examId}/dispatch`, {
      mode: "questions",
      groups: [{ graderIds: [x!.id], exerciseIds: [ex1.id] }],
      redispatch: true,
    });
    expect(partial.status).toBe(400);
    expect(partial.body.details.missing.sort()).toEqual([ex2.id, ex3.id].sort());
  });

  it("refuses students and unknown accounts as graders", async () => {
    const { examId } = await examWithReadyCopies(env, 1);
    const student = await createUser(env.tdb.db, "STUDENT");
    const r = await env.admin.post(`/api/exams/${examId}/dispatch`, { mode: "copies", graderIds: [student.id] });
    expect(r.status).toBe(400);
  });
});
