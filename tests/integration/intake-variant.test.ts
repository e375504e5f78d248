// Variants (sujet A / sujet B): PUT /copies/:id/variant and its refusals, the batch upload's default
// variant, and a variant-A copy end to end — its desk lists common + A questions only, scoring a B
// question is refused, finalize asks for common + A only, the score sheet and the marks CSV use its
// own maximum.
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCopyDoc, setScore } from "../../collab/index.ts";
import { startWorker, type RunningWorker } from "../../server/jobs/worker.ts";
import { pdftotext } from "../fixtures/render/raster.ts";
import { storeDocChange } from "../fixtures/render/seed-copy.ts";
import { openCopy, storedDoc } from "../helpers/grading-fixture.ts";
import { a4Pdf } from "../helpers/intake-pdfs.ts";
import { createExam, examWithReadyCopies, startIntake, upload, uploadAndSplit, type IntakeEnv } from "../helpers/intake-setup.ts";

let env: IntakeEnv;
let worker: RunningWorker;

beforeAll(async () => {
  env = await startIntake();
});
afterAll(async () => {
  await worker?.stop();
  await env?.close();
});

/** Common "Exercice 1" (1: /4), "Sujet A" (A.1: /6), "Sujet B" (B.1: /10). */
const VARIANT_SCALE = {
  exercises: [
    { label: "Exercice 1", children: [{ label: "1", maxPoints: 4 }] },
    { label: "Sujet A", variant: "A", children: [{ label: "A.1", maxPoints: 6 }] },
    { label: "Sujet B", variant: "B", children: [{ label: "B.1", maxPoints: 10 }] },
  ],
};

async function withScale(examId: string, scale: unknown = VARIANT_SCALE) {
  const r = await env.admin.request("PUT", `/api/exams/${examId}/scale`, { json: scale });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const leaf = (label: string) =>
    (r.body.scale.exercises as Array<{ children: Array<{ id: string; label: string }> }>).flatMap((e) => e.children).find((c) => c.label === label)!.id;
  return { q1: leaf("1"), a1: leaf("A.1"), b1: leaf("B.1") };
}

async function variantExam(copies = 2) {
  const { examId, copyIds } = await examWithReadyCopies(env, copies, `Variantes ${Math.random().toString(36).slice(2, 6)}`);
  return { examId, copyIds, q: await withScale(examId) };
}

const setVariant = (copyId: string, variant: unknown, as = env.admin) => as.request("PUT", `/api/copies/${copyId}/variant`, { json: { variant } });
const listed = async (examId: string) => (await env.admin.get(`/api/exams/${examId}/copies`)).body.copies as Array<{ id: string; variant: string | null }>;

describe("PUT /copies/:id/variant", () => {
  it("sets and clears the variant, shown in the copy listing and audited", async () => {
    const { examId, copyIds } = await variantExam();
    expect((await listed(examId)).map((c) => c.variant)).toEqual([null, null]);
    const r = await setVariant(copyIds[0]!, "A");
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ copyId: copyIds[0], variant: "A" });
    expect((await listed(examId)).map((c) => c.variant)).toEqual(["A", null]);
    expect((await setVariant(copyIds[0]!, "B")).body.variant).toBe("B");
    const cleared = await setVariant(copyIds[0]!, null);
    expect(cleared.status).toBe(200);
    expect((await listed(examId)).map((c) => c.variant)).toEqual([null, null]);
    const audit = await env.tdb.db.auditEvent.findMany({ where: { action: "copy.variant_set", targetId: copyIds[0] }, orderBy: { at: "asc" } });
    expect(audit.map((a) => a.details)).toEqual([
      { variant: "A", previous: null },
      { variant: "B", previous: "A" },
      { variant: null, previous: "B" },
    ]);
  });

  it("refuses a variant the scale does not have, and any variant without variants in the scale", async () => {
    const { copyIds } = await variantExam(1);
    const unknown = await setVariant(copyIds[0]!, "C");
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe("UNKNOWN_VARIANT");
    expect(unknown.body.details).toEqual({ variant: "C", variants: ["A", "B"] });
    expect((await setVariant(copyIds[0]!, "a")).body.code).toBe("VALIDATION_FAILED");
    expect((await setVariant(copyIds[0]!, undefined)).body.code).toBe("VALIDATION_FAILED");

    const plain = await examWithReadyCopies(env, 1, "Sans variantes");
    await withScale(plain.examId, {
      exercises: [
        {
          label: "Ex",
          children: [
            { label: "1", maxPoints: 4 },
            { label: "A.1", maxPoints: 1 },
            { label: "B.1", maxPoints: 1 },
          ],
        },
      ],
    });
    const none = await setVariant(plain.copyIds[0]!, "A");
    expect(none.body.code).toBe("UNKNOWN_VARIANT");
    expect(none.body.message).toContain("no variants");
    expect((await setVariant(plain.copyIds[0]!, null)).status).toBe(200);
  });

  it("is refused once grading has started on the copy (a stored edit, or a state beyond READY)", async () => {
    const { copyIds, q } = await variantExam(3);
    expect((await setVariant(copyIds[0]!, "A")).status).toBe(200);
    await storeDocChange(env.tdb.db, copyIds[0]!, null, new Y.Doc(), (d) => setScore(d, q.q1, 1));
    const started = await setVariant(copyIds[0]!, "B");
    expect(started.status).toBe(409);
    expect(started.body.code).toBe("GRADING_STARTED");
    expect(started.body.details).toMatchObject({ copyId: copyIds[0], variant: "A" });
    expect((await setVariant(copyIds[0]!, null)).body.code).toBe("GRADING_STARTED");
    expect((await setVariant(copyIds[0]!, "A")).status).toBe(200); // unchanged: nothing to refuse

    await env.tdb.db.copy.update({ where: { id: copyIds[1]! }, data: { state: "GRADED" } });
    expect((await setVariant(copyIds[1]!, "A")).body.code).toBe("GRADING_STARTED");
    expect((await env.tdb.db.copy.findUniqueOrThrow({ where: { id: copyIds[1]! } })).variant).toBeNull();

    await env.tdb.db.exam.update({
      where: { id: (await env.tdb.db.copy.findUniqueOrThrow({ where: { id: copyIds[2]! } })).examId },
      data: { status: "ARCHIVED" },
    });
    expect((await setVariant(copyIds[2]!, "A")).body.code).toBe("INVALID_STATE");
  });

  it("is for admins only", async () => {
    const { copyIds } = await variantExam(1);
    for (const role of ["SUPERVISOR", "GRADER", "STUDENT"] as const) {
      const r = await setVariant(copyIds[0]!, "A", await env.as(role));
      expect(r.status, role).toBe(403);
    }
    expect((await env.tdb.db.copy.findUniqueOrThrow({ where: { id: copyIds[0]! } })).variant).toBeNull();
  });
});

describe("batch default variant", () => {
  it("gives every copy of the batch its variant (listings, stapler, stapler split)", async () => {
    const examId = await createExam(env.admin, "Lot sujet B");
    await withScale(examId);
    const [batch] = await uploadAndSplit(env, examId, { mode: "SPLIT_EVERY_N", pagesPerCopy: "2", variant: "B" }, [
      { name: "pile-b.pdf", bytes: await a4Pdf(4, { label: "B-" }) },
    ]);
    const copies = await listed(examId);
    expect(copies.map((c) => c.variant)).toEqual(["B", "B"]);
    const stapler = (await env.admin.get(`/api/exams/${examId}/stapler`)).body.stapler;
    expect(stapler.copies.map((c: { variant: string | null }) => c.variant)).toEqual(["B", "B"]);
    expect((await env.admin.get(`/api/exams/${examId}/batches/${batch!.id}`)).body.batch.options).toMatchObject({ variant: "B" });

    const first = stapler.copies[0];
    const cut = await env.admin.post(`/api/exams/${examId}/stapler/split`, { copyId: first.id, atPageId: first.pages[1].id });
    expect(cut.status).toBe(200);
    expect((await env.tdb.db.copy.findUniqueOrThrow({ where: { id: cut.body.newCopyId } })).variant).toBe("B");

    const [plain] = await uploadAndSplit(env, examId, { mode: "PER_COPY", variant: "" }, [{ name: "sans.pdf", bytes: await a4Pdf(1, { label: "S-" }) }]);
    expect((await env.tdb.db.copy.findFirstOrThrow({ where: { batchId: plain!.id } })).variant).toBeNull();
  });

  it("refuses a variant the scale does not have, storing nothing", async () => {
    const examId = await createExam(env.admin, "Lot sujet C");
    await withScale(examId);
    const r = await upload(env.admin, examId, { mode: "PER_COPY", variant: "C" }, [{ name: "c.pdf", bytes: await a4Pdf(1) }]);
    expect(r.status).toBe(422);
    expect(r.body.code).toBe("UNKNOWN_VARIANT");
    expect(await env.tdb.db.scanBatch.count({ where: { examId } })).toBe(0);
    const bad = await upload(env.admin, examId, { mode: "PER_COPY", variant: "ab" }, [{ name: "c.pdf", bytes: await a4Pdf(1) }]);
    expect(bad.body.code).toBe("VALIDATION_FAILED");
  });
});

describe("a variant-A copy", () => {
  it("shows, validates, finalizes, renders and exports common + A only", async () => {
    const { examId, copyIds, q } = await variantExam(2);
    // the render job runs in the worker; started only now, so it does not race the in-process splits
    worker = await startWorker(env.server.ctx, { concurrency: 1 });
    const copyId = copyIds[0]!;
    expect((await setVariant(copyId, "A")).status).toBe(200);
    const grader = await env.as("GRADER");
    await env.tdb.db.assignment.create({ data: { copyId, graderId: grader.userId } });

    // desk: the common question and A's, max 4 + 6
    const desk = await grader.get(`/api/copies/${copyId}/desk`);
    expect(desk.status).toBe(200);
    expect(desk.body.scale.questions.map((x: { label: string }) => x.label)).toEqual(["1", "A.1"]);
    expect(desk.body.scale.max).toBe(10);

    // grading: a score of B's question is refused, common + A accepted
    const sync = await openCopy(env.server.url, { cookie: grader.cookieHeader }, copyId);
    const refused: string[] = [];
    sync.on("refused", (ack) => refused.push(ack.code));
    expect((await sync.takeLock()).ok).toBe(true);
    setScore(sync.doc, q.q1, 3);
    await sync.whenSaved();
    expect(refused).toEqual([]);
    setScore(sync.doc, q.b1, 8);
    await sync.whenSaved();
    expect(refused).toHaveLength(1);
    await sync.ready();
    expect(readCopyDoc(await storedDoc(env.tdb, copyId)).scores).toEqual({ [q.q1]: 3 });

    // finalize asks for A.1 (not B.1), then goes through
    const early = await grader.post(`/api/copies/${copyId}/finalize`);
    expect(early.status).toBe(422);
    expect(early.body.code).toBe("UNSCORED_QUESTIONS");
    expect(early.body.details.unscored.map((x: { label: string }) => x.label)).toEqual(["A.1"]);
    setScore(sync.doc, q.a1, 4.5);
    await sync.whenSaved();
    expect(refused).toHaveLength(1);
    const done = await grader.post(`/api/copies/${copyId}/finalize`);
    expect(done.status, JSON.stringify(done.body)).toBeLessThan(300);
    sync.destroy();
    for (let i = 0; ; i++) {
      const c = await env.tdb.db.copy.findUniqueOrThrow({ where: { id: copyId } });
      if (c.state === "GRADED") break;
      expect(c.state, c.renderError ?? "").not.toBe("RENDER_FAILED");
      await new Promise((r) => setTimeout(r, 100 + Math.min(i, 20) * 20));
    }

    // the score sheet: A's question, not B's, total out of 10
    const pdf = await fetch(`${env.server.url}/api/copies/${copyId}/render/pdf`, { headers: { cookie: env.admin.cookieHeader } });
    expect(pdf.status).toBe(200);
    const text = pdftotext(new Uint8Array(await pdf.arrayBuffer()))
      .replace(/\s+/g, " ")
      .replace(/ ?\/ ?/g, "/");
    expect(text).toContain("A.1");
    expect(text).not.toContain("B.1");
    expect(text).toMatch(/7,5\/10\b/);
    expect(text).not.toMatch(/\/14\b/);

    // marks CSV: a "sujet" column, B's cell empty, total and its own maximum
    const csv = await env.admin.get(`/api/exports/exams/${examId}/marks.csv`);
    expect(csv.status).toBe(200);
    const lines = String(csv.body).trim().split(/\r?\n/);
    expect(lines[0]).toBe("code_anonyme,nom,prenom,ine,classe,etat,sujet,Exercice 1 / 1 (/4),Sujet A / A.1 [A] (/6),Sujet B / B.1 [B] (/10),total,sur");
    const code = (await env.tdb.db.copy.findUniqueOrThrow({ where: { id: copyId } })).anonymousCode;
    expect(lines.find((l) => l.startsWith(code))).toBe(`${code},,,,,corrigée,A,3,4.5,,7.5,10`);
    expect(lines.find((l) => l.includes(",à corriger,"))).toMatch(/,à corriger,,,,,,\d+$/);
  });
});
