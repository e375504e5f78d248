// The three upload modes cut scans into STAGING copies the way the school means: one file per copy,
// a batch split every N pages, A3 booklets cut in halves and put back in reading order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyLabels, createExam, startIntake, upload, uploadAndSplit, type IntakeEnv } from "../helpers/intake-setup.ts";
import { a3Pdf, a4Pdf } from "../helpers/intake-pdfs.ts";

let env: IntakeEnv;
beforeAll(async () => {
  env = await startIntake();
});
afterAll(async () => env?.close());

describe("upload modes", () => {
  it("PER_COPY: several files in one request → one batch and one copy per file, pages in order", async () => {
    const examId = await createExam(env.admin);
    const batches = await uploadAndSplit(env, examId, { mode: "PER_COPY" }, [
      { name: "dupont.pdf", bytes: await a4Pdf(2, { label: "A" }) },
      { name: "martin.pdf", bytes: await a4Pdf(3, { label: "B" }) },
      { name: "petit.pdf", bytes: await a4Pdf(1, { label: "C" }) },
    ]);
    expect(batches.map((b) => b.totalPages)).toEqual([2, 3, 1]);
    expect(await copyLabels(env, examId)).toEqual([["A1", "A2"], ["B1", "B2", "B3"], ["C1"]]);
    const copies = await env.tdb.db.copy.findMany({ where: { examId }, orderBy: { seq: "asc" } });
    expect(copies.every((c) => c.state === "STAGING")).toBe(true);
    const exam = await env.tdb.db.exam.findUniqueOrThrow({ where: { id: examId } });
    expect(copies.map((c) => c.anonymousCode)).toEqual([1, 2, 3].map((n) => `${exam.codePrefix}-00${n}`));
    const listed = await env.admin.get(`/api/exams/${examId}/batches`);
    expect(listed.body.batches.map((b: { status: string; processedPages: number; copies: number }) => [b.status, b.processedPages, b.copies])).toEqual([
      ["DONE", 2, 1],
      ["DONE", 3, 1],
      ["DONE", 1, 1],
    ]);
  });

  it("SPLIT_EVERY_N: 7 pages every 2 → 4 copies, the short last one reported as a warning", async () => {
    const examId = await createExam(env.admin);
    const [b] = await uploadAndSplit(env, examId, { mode: "SPLIT_EVERY_N", pagesPerCopy: "2" }, [{ name: "lot.pdf", bytes: await a4Pdf(7) }]);
    expect(await copyLabels(env, examId)).toEqual([["P1", "P2"], ["P3", "P4"], ["P5", "P6"], ["P7"]]);
    const got = await env.admin.get(`/api/exams/${examId}/batches/${b!.id}`);
    expect(got.body.batch).toMatchObject({ status: "DONE", totalPages: 7, processedPages: 7, copies: 4, pagesPerCopy: 2 });
    expect(got.body.batch.warnings[0]).toMatch(/last copy has 1 page/);
  });

  it("A3_BOOKLET: one folded sheet per student, [4|1] then [2|3] → pages 1, 2, 3, 4", async () => {
    const examId = await createExam(env.admin);
    await uploadAndSplit(env, examId, { mode: "A3_BOOKLET" }, [
      {
        name: "a3.pdf",
        bytes: await a3Pdf([
          ["a4", "a1"],
          ["a2", "a3"],
          ["b4", "b1"],
          ["b2", "b3"],
        ]),
      },
    ]);
    expect(await copyLabels(env, examId)).toEqual([
      ["a1", "a2", "a3", "a4"],
      ["b1", "b2", "b3", "b4"],
    ]);
    const pages = await env.tdb.db.page.findMany({ where: { copy: { examId } }, orderBy: [{ copy: { seq: "asc" } }, { position: "asc" }] });
    expect(pages.slice(0, 4).map((p) => p.half)).toEqual(["RIGHT", "LEFT", "RIGHT", "LEFT"]);
    expect(pages.every((p) => Math.round(p.widthPt) === 595 && Math.round(p.heightPt) === 842)).toBe(true);
  });

  it("A3_BOOKLET of 8 pages (two nested sheets, outer first) → reading order 1…8", async () => {
    const examId = await createExam(env.admin);
    const options = JSON.stringify({ a3: { bookletPages: 8 } });
    await uploadAndSplit(env, examId, { mode: "A3_BOOKLET", options }, [
      {
        name: "a3.pdf",
        bytes: await a3Pdf([
          ["8", "1"],
          ["2", "7"],
          ["6", "3"],
          ["4", "5"],
        ]),
      },
    ]);
    expect(await copyLabels(env, examId)).toEqual([["1", "2", "3", "4", "5", "6", "7", "8"]]);
  });

  it("A3_BOOKLET with versos scanned upside down: halves swapped and turned 180°", async () => {
    const examId = await createExam(env.admin);
    const options = JSON.stringify({ a3: { versoRotated: true } });
    // the upside-down verso shows page 3 on its left and page 2 on its right
    await uploadAndSplit(env, examId, { mode: "A3_BOOKLET", options }, [
      {
        name: "a3.pdf",
        bytes: await a3Pdf([
          ["4", "1"],
          ["3", "2"],
        ]),
      },
    ]);
    expect(await copyLabels(env, examId)).toEqual([["1", "2", "3", "4"]]);
    const pages = await env.tdb.db.page.findMany({ where: { copy: { examId } }, orderBy: { position: "asc" } });
    expect(pages.map((p) => p.rotation)).toEqual([0, 180, 180, 0]);
  });

  it("A3_BOOKLET: a sheet that is not a full booklet is kept and reported", async () => {
    const examId = await createExam(env.admin);
    const [b] = await uploadAndSplit(env, examId, { mode: "A3_BOOKLET" }, [
      {
        name: "a3.pdf",
        bytes: await a3Pdf([
          ["4", "1"],
          ["2", "3"],
          ["x4", "x1"],
        ]),
      },
    ]);
    expect(await copyLabels(env, examId)).toEqual([
      ["1", "2", "3", "4"],
      ["x1", "x4"],
    ]);
    expect((await env.admin.get(`/api/exams/${examId}/batches/${b!.id}`)).body.batch.warnings.join(" ")).toMatch(/incomplete/);
  });

  it("records each page's displayed size and /Rotate; landscape pages turned upright when asked", async () => {
    const examId = await createExam(env.admin);
    const bytes = await a4Pdf(3, {
      sizes: [
        [595.28, 841.89],
        [841.89, 595.28],
        [595.28, 841.89],
      ],
      rotate: [0, 0, 90],
    });
    await uploadAndSplit(env, examId, { mode: "PER_COPY" }, [{ name: "as-is.pdf", bytes }]);
    await uploadAndSplit(env, examId, { mode: "PER_COPY", options: JSON.stringify({ normalizeLandscape: "rotate90" }), allowDuplicate: "true" }, [
      { name: "upright.pdf", bytes },
    ]);
    const copies = await env.tdb.db.copy.findMany({ where: { examId }, orderBy: { seq: "asc" }, include: { pages: { orderBy: { position: "asc" } } } });
    const dims = (c: (typeof copies)[number]) => c.pages.map((p) => [Math.round(p.widthPt), Math.round(p.heightPt), p.rotation]);
    // page 3 is portrait with /Rotate 90: it displays landscape
    expect(dims(copies[0]!)).toEqual([
      [595, 842, 0],
      [842, 595, 0],
      [842, 595, 0],
    ]);
    expect(dims(copies[1]!)).toEqual([
      [595, 842, 0],
      [595, 842, 90],
      [595, 842, 90],
    ]);
  });

  it("accepts the upload with 202 and leaves the batch UPLOADED until the job runs", async () => {
    const examId = await createExam(env.admin);
    const r = await upload(env.admin, examId, { mode: "SPLIT_EVERY_N", pagesPerCopy: "1" }, [{ name: "x.pdf", bytes: await a4Pdf(2) }]);
    expect(r.status).toBe(202);
    expect(r.body.batches[0]).toMatchObject({ status: "UPLOADED", totalPages: 2, processedPages: 0, originalName: "x.pdf", mode: "SPLIT_EVERY_N" });
    const jobs = await env.tdb.db.$queryRaw<Array<{ task_identifier: string }>>`SELECT task_identifier FROM graphile_worker.jobs`;
    expect(jobs.map((j) => j.task_identifier)).toContain("intake-split-batch");
  });
});
