// Rubric change sets over HTTP on a real PostgreSQL: authoring (stable ids, revisions), preview
// (old → new totals, boundary crossings, GRADED and released counts, nothing written), apply (one
// transaction: version, pointer, re-render jobs, live event, audit), undo, stale bases, max-point
// changes, and bad input refused with a code and nothing changed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createUser } from "../helpers/factories.ts";
import { createExamWithScale, type TestExam } from "../helpers/grading-factories.ts";
import { TestClient } from "../helpers/http-client.ts";
import { decidedCopy } from "../helpers/rubric-change-factories.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let pool: pg.Pool;
let admin: TestClient;
let supervisor: TestClient;

async function as(role: "ADMIN" | "SUPERVISOR"): Promise<TestClient> {
  const u = await createUser(tdb.db, role);
  const c = new TestClient(server.url);
  expect((await c.login(u.username, u.password)).status).toBe(200);
  return c;
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  pool = new pg.Pool({ connectionString: tdb.url, max: 2 });
  admin = await as("ADMIN");
  supervisor = await as("SUPERVISOR");
});
afterAll(async () => {
  await pool?.end();
  await server?.close();
  await tdb?.drop();
});

const url = (examId: string, what: string) => `/api/exams/${examId}/rubric/${what}`;
const item = (label: string, points: number, extra: Record<string, unknown> = {}) => ({ label, points, ...extra });

async function rubricOf(examId: string) {
  const r = await admin.get(`/api/exams/${examId}/rubric`);
  expect(r.status).toBe(200);
  return r.body.rubric as {
    version: number;
    parentNumber: number | null;
    questions: Record<
      string,
      {
        mode: string;
        bonusMax: number;
        items: Array<{ id: string; label: string; points: number; rev: number; group: string | null; feedback: string | null }>;
      }
    >;
  };
}

/** An exam (1.a /4, 1.b /6, 2 /10) with a first rubric on 1.a (positive) and 1.b (negative), boundaries 10 and 16. */
async function examWithRubric(): Promise<{ exam: TestExam; q: [string, string, string] }> {
  const exam = await createExamWithScale(tdb.db);
  const q = exam.questions.map((x) => x.id) as [string, string, string];
  expect((await admin.request("PATCH", `/api/exams/${exam.id}`, { json: { gradeBoundaries: [16, 10] } })).body.exam.gradeBoundaries).toEqual([10, 16]);
  const r = await supervisor.post(url(exam.id, "apply"), {
    baseVersion: 0,
    questions: {
      [q[0]]: {
        mode: "positive",
        bonusMax: 0,
        items: [
          item("Raisonnement complet", 3, { group: "niveau" }),
          item("Partiel", 1.5, { group: "niveau" }),
          item("Unités", 1, { feedback: "Pense aux unités" }),
        ],
      },
      [q[1]]: { mode: "negative", bonusMax: 0, items: [item("Erreur de signe", -1)] },
    },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return { exam, q };
}

const versionsOf = (examId: string) => tdb.db.rubricVersion.count({ where: { examId } });

describe("rubric authoring", () => {
  it("creates items with stable ids; an edit keeps unchanged items' revisions and gives changed ones the new number", async () => {
    const { exam, q } = await examWithRubric();
    const v1 = await rubricOf(exam.id);
    expect(v1).toMatchObject({ version: 1, parentNumber: null });
    const [juste, partiel, unites] = v1.questions[q[0]]!.items;
    expect(v1.questions[q[0]]!.items.map((i) => [i.label, i.points, i.group, i.rev])).toEqual([
      ["Raisonnement complet", 3, "niveau", 1],
      ["Partiel", 1.5, "niveau", 1],
      ["Unités", 1, null, 1],
    ]);
    expect(unites!.feedback).toBe("Pense aux unités");

    const r = await admin.post(url(exam.id, "apply"), {
      baseVersion: 1,
      questions: {
        [q[0]]: {
          mode: "positive",
          bonusMax: 1,
          items: [
            { ...juste, rev: undefined },
            { id: unites!.id, label: "Unités correctes", points: 1 },
            item("Schéma", 0.5),
            { id: partiel!.id, label: "Partiel", points: 1.5, group: "niveau" },
          ].map(({ rev: _r, ...i }: any) => i),
        },
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.version).toBe(2);
    const v2 = await rubricOf(exam.id);
    expect(v2).toMatchObject({ version: 2, parentNumber: 1 });
    expect(v2.questions[q[0]]).toMatchObject({ bonusMax: 1 });
    expect(v2.questions[q[0]]!.items.map((i) => [i.id, i.rev])).toEqual([
      [juste!.id, 1],
      [unites!.id, 2],
      [expect.any(String), 2],
      [partiel!.id, 1],
    ]);
    expect(v2.questions[q[1]]!.items).toHaveLength(1); // left out of the change set: kept
  });
});

describe("preview, apply, undo", () => {
  it("previews old → new totals, crossings and GRADED/released counts without writing; apply re-scores, re-renders and tells; undo restores", async () => {
    const { exam, q } = await examWithRubric();
    const v1 = await rubricOf(exam.id);
    const [juste, partiel] = v1.questions[q[0]]!.items;
    // A: 3 + 6 (checked, negative) + 7 = 16, GRADED ; B: 1.5 + 5 + 9 = 15.5, READY ; C: 3 + 6 + 1 = 10, GRADED and released
    const a = await decidedCopy(tdb.db, pool, exam.id, { items: [[q[0], juste!.id, 1]], checked: [q[1]], scores: { [q[2]]: 7 } }, { state: "GRADED" });
    const b = await decidedCopy(tdb.db, pool, exam.id, {
      items: [
        [q[0], partiel!.id, 1],
        [q[1], v1.questions[q[1]]!.items[0]!.id, 1],
      ],
      scores: { [q[2]]: 9 },
    });
    const c = await decidedCopy(
      tdb.db,
      pool,
      exam.id,
      { items: [[q[0], juste!.id, 1]], checked: [q[1]], scores: { [q[2]]: 1 } },
      { state: "GRADED", released: true },
    );
    const change = {
      baseVersion: 1,
      questions: {
        [q[0]]: {
          mode: "positive",
          bonusMax: 0,
          items: v1.questions[q[0]]!.items.map(({ rev: _r, ...i }) => (i.id === juste!.id ? { ...i, points: 2.5 } : i)),
        },
      },
    };

    const p = await supervisor.post(url(exam.id, "preview"), change);
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect(p.body.preview).toMatchObject({ baseVersion: 1, boundaries: [10, 16], copiesWithDecisions: 3, changed: 2, crossing: 2, graded: 2, released: 1 });
    expect(p.body.preview.copies.map((x: any) => [x.copyId, x.before, x.after, x.crossed, x.state, x.released])).toEqual([
      [a.id, 16, 15.5, [16], "GRADED", false],
      [c.id, 10, 9.5, [10], "GRADED", true],
    ]);
    expect(await versionsOf(exam.id)).toBe(1);
    expect((await tdb.db.copy.findUniqueOrThrow({ where: { id: a.id } })).state).toBe("GRADED");

    const listener = new pg.Client({ connectionString: tdb.url });
    await listener.connect();
    const events: any[] = [];
    listener.on("notification", (n) => events.push(JSON.parse(n.payload!)));
    await listener.query("LISTEN korrigo_events");
    listener.on("error", () => {}); // the database is dropped at the end
    const applied = await supervisor.post(url(exam.id, "apply"), change);
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body).toMatchObject({ version: 2, rerendered: 2, preview: { changed: 2 } });
    expect((await tdb.db.exam.findUniqueOrThrow({ where: { id: exam.id } })).rubricVersion).toBe(2);
    expect((await tdb.db.rubricVersion.findFirstOrThrow({ where: { examId: exam.id, number: 2 } })).parentNumber).toBe(1);
    for (const id of [a.id, c.id]) expect((await tdb.db.copy.findUniqueOrThrow({ where: { id } })).state).toBe("GRADED"); // re-rendered in place
    expect((await tdb.db.copy.findUniqueOrThrow({ where: { id: b.id } })).state).toBe("READY");
    const jobs = await pool.query(`SELECT key FROM graphile_worker.jobs WHERE task_identifier = 'render-copy'`);
    expect(jobs.rows.map((r) => String(r.key).split(":")[1]).sort()).toEqual([a.id, c.id].sort());
    await expect
      .poll(() => events.find((e) => e.type === "rubric.changed"), { timeout: 20_000 })
      .toEqual({ type: "rubric.changed", examId: exam.id, version: 2 });
    const audit = await tdb.db.auditEvent.findFirstOrThrow({ where: { action: "rubric.applied", targetId: exam.id }, orderBy: { at: "desc" } });
    expect(audit.details).toMatchObject({ version: 2, changed: 2, rerendered: 2, released: 1 });

    // undo: a new version (3) with version 1's rubric; the next undo has nothing before it
    const undone = await supervisor.post(url(exam.id, "undo"), { baseVersion: 2 });
    expect(undone.status, JSON.stringify(undone.body)).toBe(200);
    expect(undone.body).toMatchObject({ version: 3, rerendered: 2, preview: { changed: 2 }, rubric: { version: 3, parentNumber: null } });
    expect(undone.body.preview.copies.map((x: any) => [x.before, x.after])).toEqual([
      [15.5, 16],
      [9.5, 10],
    ]);
    expect((await rubricOf(exam.id)).questions).toEqual(v1.questions);
    expect(await tdb.db.auditEvent.count({ where: { action: "rubric.undone", targetId: exam.id } })).toBe(1);
    await expect.poll(() => events.filter((e) => e.type === "rubric.changed").map((e) => e.version), { timeout: 20_000 }).toEqual([2, 3]);
    await listener.end();

    const again = await supervisor.post(url(exam.id, "undo"), { baseVersion: 3 });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("NOTHING_TO_UNDO");
    expect(await versionsOf(exam.id)).toBe(3);
  });

  it("refuses a change made on a version that moved (RUBRIC_STALE), for preview, apply and undo", async () => {
    const { exam, q } = await examWithRubric();
    const change = { baseVersion: 0, questions: { [q[2]]: { mode: "positive", bonusMax: 0, items: [item("Tout juste", 10), item("Rien", 0)] } } };
    for (const what of ["preview", "apply"]) {
      const r = await admin.post(url(exam.id, what), change);
      expect(r.status).toBe(409);
      expect(r.body).toMatchObject({ code: "RUBRIC_STALE", details: { current: 1, base: 0 } });
    }
    expect((await admin.post(url(exam.id, "undo"), { baseVersion: 7 })).body.code).toBe("RUBRIC_STALE");
    expect(await versionsOf(exam.id)).toBe(1);
  });

  it("answers an empty preview on an exam with no decided copy", async () => {
    const { exam, q } = await examWithRubric();
    const r = await admin.post(url(exam.id, "preview"), {
      baseVersion: 1,
      questions: { [q[2]]: { mode: "positive", bonusMax: 0, items: [item("Tout juste", 10)] } },
    });
    expect(r.status).toBe(200);
    expect(r.body.preview).toMatchObject({ copiesWithDecisions: 0, changed: 0, crossing: 0, graded: 0, released: 0, copies: [] });
  });

  it("the first version cannot be undone", async () => {
    const { exam } = await examWithRubric();
    const r = await admin.post(url(exam.id, "undo"), { baseVersion: 1 });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe("NOTHING_TO_UNDO");
    expect(await versionsOf(exam.id)).toBe(1);
  });
});

describe("max points after grading started", () => {
  it("goes through preview/apply (admin only), clips the marks above the new max, and undo puts it back", async () => {
    const { exam, q } = await examWithRubric();
    const copy = await decidedCopy(tdb.db, pool, exam.id, { checked: [q[1]], scores: { [q[2]]: 9 } }, { state: "GRADED" });
    const change = { baseVersion: 1, maxPoints: { [q[2]]: 8 } };
    expect((await supervisor.post(url(exam.id, "preview"), change)).body.code).toBe("FORBIDDEN");
    const p = await admin.post(url(exam.id, "preview"), change);
    expect(p.body.preview).toMatchObject({ changed: 1, maxChanges: [{ questionId: q[2], from: 10, to: 8 }] });
    expect(p.body.preview.copies[0]).toMatchObject({ copyId: copy.id, before: 15, after: 14, maxBefore: 20, maxAfter: 18 });
    expect((await admin.post(url(exam.id, "apply"), change)).status).toBe(200);
    expect(Number((await tdb.db.scaleNode.findUniqueOrThrow({ where: { id: q[2] } })).maxPoints)).toBe(8);
    expect((await supervisor.post(url(exam.id, "undo"), { baseVersion: 2 })).body.code).toBe("FORBIDDEN"); // it would move a max
    const u = await admin.post(url(exam.id, "undo"), { baseVersion: 2 });
    expect(u.status, JSON.stringify(u.body)).toBe(200);
    expect(Number((await tdb.db.scaleNode.findUniqueOrThrow({ where: { id: q[2] } })).maxPoints)).toBe(10);
  });
});

describe("bad input: a clear code, nothing changed", () => {
  const raw = (c: TestClient, path: string, body: string) => c.request("POST", path, { body, headers: { "content-type": "application/json" } });

  it("refuses unknown items and questions, non-finite points, a lonely group, an empty change and garbage", async () => {
    const { exam, q } = await examWithRubric();
    const before = await rubricOf(exam.id);
    const cases: Array<[string, () => Promise<{ status: number; body: any }>, number, string]> = [
      [
        "unknown item id",
        () =>
          admin.post(url(exam.id, "apply"), {
            baseVersion: 1,
            questions: { [q[0]]: { mode: "positive", bonusMax: 0, items: [{ id: "inconnu", label: "x", points: 1 }] } },
          }),
        422,
        "UNKNOWN_ITEM",
      ],
      [
        "forged item id form",
        () =>
          admin.post(url(exam.id, "apply"), {
            baseVersion: 1,
            questions: { [q[0]]: { mode: "positive", bonusMax: 0, items: [{ id: "a|b", label: "x", points: 1 }] } },
          }),
        400,
        "VALIDATION_FAILED",
      ],
      [
        "unknown question",
        () =>
          admin.post(url(exam.id, "preview"), { baseVersion: 1, questions: { "pas-une-question": { mode: "positive", bonusMax: 0, items: [item("x", 1)] } } }),
        422,
        "UNKNOWN_QUESTION",
      ],
      [
        "infinite points",
        () =>
          raw(
            admin,
            url(exam.id, "apply"),
            `{"baseVersion":1,"questions":{"${q[2]}":{"mode":"positive","bonusMax":0,"items":[{"label":"x","points":1e999}]}}}`,
          ),
        400,
        "VALIDATION_FAILED",
      ],
      [
        "NaN points",
        () =>
          raw(
            admin,
            url(exam.id, "apply"),
            `{"baseVersion":1,"questions":{"${q[2]}":{"mode":"positive","bonusMax":0,"items":[{"label":"x","points":"NaN"}]}}}`,
          ),
        400,
        "VALIDATION_FAILED",
      ],
      ["infinite max", () => raw(admin, url(exam.id, "apply"), `{"baseVersion":1,"maxPoints":{"${q[2]}":1e999}}`), 400, "VALIDATION_FAILED"],
      [
        "a group of one item",
        () =>
          admin.post(url(exam.id, "apply"), {
            baseVersion: 1,
            questions: { [q[2]]: { mode: "positive", bonusMax: 0, items: [item("a", 1, { group: "seul" }), item("b", 2)] } },
          }),
        422,
        "RUBRIC_GROUP_INVALID",
      ],
      ["nothing changes", () => admin.post(url(exam.id, "apply"), { baseVersion: 1, questions: {} }), 409, "RUBRIC_UNCHANGED"],
      ["unknown field", () => admin.post(url(exam.id, "apply"), { baseVersion: 1, questions: {}, drop: true }), 400, "VALIDATION_FAILED"],
      ["malformed JSON", () => raw(admin, url(exam.id, "apply"), `{"baseVersion":`), 400, "MALFORMED_JSON"],
      [
        "unknown exam",
        () =>
          admin.post(url("00000000-0000-4000-8000-000000000000", "apply"), {
            baseVersion: 0,
            questions: { [q[2]]: { mode: "positive", bonusMax: 0, items: [item("x", 1)] } },
          }),
        404,
        "NOT_FOUND",
      ],
    ];
    for (const [what, call, status, code] of cases) {
      const r = await call();
      expect([what, r.status, r.body?.code]).toEqual([what, status, code]);
    }
    expect(await rubricOf(exam.id)).toEqual(before);
    expect(await versionsOf(exam.id)).toBe(1);
  });
});
