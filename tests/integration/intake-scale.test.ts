// Grading scale: replaced whole, validated, totals computed, ids kept; once grading started only
// labels and max points may change (409 SCALE_LOCKED).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExam, startIntake, type IntakeEnv } from "../helpers/intake-setup.ts";

let env: IntakeEnv;
beforeAll(async () => {
  env = await startIntake();
});
afterAll(async () => env?.close());

const SCALE = {
  exercises: [
    {
      label: "Exercice 1",
      children: [
        { label: "1.a", maxPoints: 2 },
        { label: "1.b", maxPoints: 3.5 },
      ],
    },
    {
      label: "Exercice 2",
      children: [
        {
          label: "2",
          children: [
            { label: "2.a", maxPoints: 1.25 },
            { label: "2.b", maxPoints: 2 },
          ],
        },
      ],
    },
    { label: "Exercice 3 (spé)", variant: "A", children: [{ label: "3.a", maxPoints: 6 }] },
    {
      label: "Exercice 3 (non spé)",
      variant: "B",
      children: [
        { label: "3.a", maxPoints: 4 },
        { label: "3.b", maxPoints: 4 },
      ],
    },
  ],
};

describe("grading scale", () => {
  it("stores the tree, computes totals per variant and keeps node ids across edits", async () => {
    const examId = await createExam(env.admin);
    const r = await env.admin.request("PUT", `/api/exams/${examId}/scale`, { json: SCALE });
    expect(r.status).toBe(200);
    const s = r.body.scale;
    expect(s.total).toBe(16.75);
    expect(s.byVariant).toEqual({ A: 14.75, B: 16.75 });
    expect(s.leafIds).toHaveLength(7);
    expect(s.exercises[1].children[0]).toMatchObject({ kind: "QUESTION", maxPoints: null, subtotal: 3.25 });
    expect(s.exercises[1].children[0].children[0]).toMatchObject({ kind: "SUBQUESTION", label: "2.a", maxPoints: 1.25 });
    expect(s.locked).toBe(false);

    // edit: rename 1.a, drop exercise 3 B, add a question — existing ids stay
    const ex1 = s.exercises[0];
    const next = {
      exercises: [
        {
          id: ex1.id,
          label: "Exercice 1",
          children: [
            { id: ex1.children[0].id, label: "1.a bis", maxPoints: 2 },
            { id: ex1.children[1].id, label: "1.b", maxPoints: 3.5 },
            { label: "1.c", maxPoints: 1 },
          ],
        },
      ],
    };
    const r2 = await env.admin.request("PUT", `/api/exams/${examId}/scale`, { json: next });
    expect(r2.status).toBe(200);
    expect(r2.body.scale.exercises[0].children.map((c: { id: string }) => c.id).slice(0, 2)).toEqual([ex1.children[0].id, ex1.children[1].id]);
    expect(r2.body.scale.total).toBe(6.5);
    expect((await env.admin.get(`/api/exams/${examId}/scale`)).body.scale.exercises[0].children[0].label).toBe("1.a bis");
  });

  it("refuses an invalid scale with every problem by path", async () => {
    const examId = await createExam(env.admin);
    const bad = {
      exercises: [
        {
          label: "Ex 1",
          children: [
            { label: "a", maxPoints: 0 },
            { label: "A ", maxPoints: 1.255 },
          ],
        },
        { label: "Ex 2", maxPoints: 3, children: [{ label: "q", children: [{ label: "s", children: [{ label: "too deep", maxPoints: 1 }] }] }] },
        { label: "Ex 3" },
      ],
    };
    const r = await env.admin.request("PUT", `/api/exams/${examId}/scale`, { json: bad });
    expect(r.status).toBe(400);
    const paths = r.body.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "exercises.0.children.0.maxPoints", // 0
        "exercises.0.children.1.label", // "A " duplicates "a"
        "exercises.0.children.1.maxPoints", // 3 decimals
        "exercises.1.maxPoints", // not a leaf
        "exercises.1.children.0.children.0.children", // depth 4
        "exercises.2.maxPoints", // leaf without points
      ]),
    );
  });

  it("locks the structure once grading started: labels still change, a max change needs the rubric preview/apply path", async () => {
    const examId = await createExam(env.admin);
    const s = (
      await env.admin.request("PUT", `/api/exams/${examId}/scale`, {
        json: {
          exercises: [
            {
              label: "Ex 1",
              children: [
                { label: "a", maxPoints: 2 },
                { label: "b", maxPoints: 3 },
              ],
            },
          ],
        },
      })
    ).body.scale;
    const exam = await env.tdb.db.exam.findUniqueOrThrow({ where: { id: examId } });
    const copy = await env.tdb.db.copy.create({ data: { examId, seq: 1, anonymousCode: `${exam.codePrefix}-001`, state: "READY" } });
    await env.tdb.db.copyDocUpdate.create({ data: { copyId: copy.id, data: Buffer.from([0, 0]) } });

    const [a, b] = s.exercises[0].children;
    const structural = await env.admin.request("PUT", `/api/exams/${examId}/scale`, {
      json: { exercises: [{ id: s.exercises[0].id, label: "Ex 1", children: [{ id: a.id, label: "a", maxPoints: 2 }] }] },
    });
    expect(structural.status).toBe(409);
    expect(structural.body.code).toBe("SCALE_LOCKED");
    expect(structural.body.details.changes.join(" ")).toContain("removed");

    const added = await env.admin.request("PUT", `/api/exams/${examId}/scale`, {
      json: {
        exercises: [
          {
            id: s.exercises[0].id,
            label: "Ex 1",
            children: [
              { id: a.id, label: "a", maxPoints: 2 },
              { id: b.id, label: "b", maxPoints: 3 },
              { label: "c", maxPoints: 1 },
            ],
          },
        ],
      },
    });
    expect(added.body.code).toBe("SCALE_LOCKED");

    const silentMax = await env.admin.request("PUT", `/api/exams/${examId}/scale`, {
      json: {
        exercises: [
          {
            id: s.exercises[0].id,
            label: "Exercice 1",
            children: [
              { id: a.id, label: "a)", maxPoints: 2.5 },
              { id: b.id, label: "b)", maxPoints: 3 },
            ],
          },
        ],
      },
    });
    expect(silentMax.status).toBe(409);
    expect(silentMax.body).toMatchObject({ code: "SCALE_CHANGE_NEEDS_PREVIEW", details: { changes: [{ questionId: a.id, from: 2, to: 2.5 }] } });
    expect(Number((await env.tdb.db.scaleNode.findUniqueOrThrow({ where: { id: a.id } })).maxPoints)).toBe(2);

    const relabel = await env.admin.request("PUT", `/api/exams/${examId}/scale`, {
      json: {
        exercises: [
          {
            id: s.exercises[0].id,
            label: "Exercice 1",
            children: [
              { id: a.id, label: "a)", maxPoints: 2 },
              { id: b.id, label: "b)", maxPoints: 3 },
            ],
          },
        ],
      },
    });
    expect(relabel.status).toBe(200);
    expect(relabel.body.scale).toMatchObject({ locked: true, total: 5 });

    const applied = await env.admin.post(`/api/exams/${examId}/rubric/apply`, { baseVersion: 0, maxPoints: { [a.id]: 2.5 } });
    expect(applied.status).toBe(200);
    expect((await env.admin.get(`/api/exams/${examId}/scale`)).body.scale).toMatchObject({ total: 5.5 });
  });
});
