// The stapler fixes page grouping before validation: move a page, merge, split, reorder, rotate,
// gather set-aside pages into a new copy, drop an empty copy; validation makes STAGING copies READY
// and refuses empty ones; validated copies can no longer be stapled.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyLabels, createExam, fetchBytes, startIntake, uploadAndSplit, type IntakeEnv } from "../helpers/intake-setup.ts";
import { a4Pdf, pageLabels } from "../helpers/intake-pdfs.ts";

let env: IntakeEnv;
beforeAll(async () => {
  env = await startIntake();
});
afterAll(async () => env?.close());

/** An exam whose batch of 6 pages was split every 2: [P1 P2] [P3 P4] [P5 P6]. */
async function staged() {
  const examId = await createExam(env.admin);
  await uploadAndSplit(env, examId, { mode: "SPLIT_EVERY_N", pagesPerCopy: "2" }, [{ name: "lot.pdf", bytes: await a4Pdf(6) }]);
  const view = (await env.admin.get(`/api/exams/${examId}/stapler`)).body.stapler;
  return { examId, copies: view.copies as Array<{ id: string; pages: Array<{ id: string }> }> };
}

describe("stapler", () => {
  it("moves a page to another copy at a position, and sets a page aside", async () => {
    const { examId, copies } = await staged();
    const [c1, c2] = copies;
    const r = await env.admin.post(`/api/exams/${examId}/stapler/move-page`, { pageId: c1!.pages[1]!.id, toCopyId: c2!.id, position: 0 });
    expect(r.status).toBe(200);
    expect(await copyLabels(env, examId)).toEqual([["P1"], ["P2", "P3", "P4"], ["P5", "P6"]]);
    const aside = await env.admin.post(`/api/exams/${examId}/stapler/move-page`, { pageId: c2!.pages[1]!.id, toCopyId: null });
    expect(aside.body.stapler.loosePages).toHaveLength(1);
    expect(await copyLabels(env, examId)).toEqual([["P1"], ["P2", "P3"], ["P5", "P6"]]); // P4 set aside

    // the page set aside can be looked at: a one-page PDF, pinned by its hash, 404 once it is back in a copy
    const loose = aside.body.stapler.loosePages[0] as { id: string; pdfHash: string };
    const url = `/api/exams/${examId}/stapler/pages/${loose.id}/pdf?v=${loose.pdfHash.slice(0, 16)}`;
    const pdf = await fetchBytes(env.admin, url);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("cache-control")).toContain("immutable");
    expect(await pageLabels(pdf.bytes)).toEqual(["P4"]);
    expect((await fetchBytes(env.admin, url, { "if-none-match": pdf.headers.get("etag")! })).status).toBe(304);
    expect((await env.admin.get(`/api/exams/${examId}/stapler/pages/${c1!.pages[0]!.id}/pdf`)).status).toBe(404); // in a copy
    expect((await env.admin.get(`/api/exams/${await createExam(env.admin)}/stapler/pages/${loose.id}/pdf`)).status).toBe(404); // another exam
    expect((await env.admin.get(`/api/exams/${examId}/stapler/pages/not-a-uuid/pdf`)).status).toBe(400);
    await env.admin.post(`/api/exams/${examId}/stapler/move-page`, { pageId: loose.id, toCopyId: c2!.id });
    expect((await fetchBytes(env.admin, url)).status).toBe(404);
  });

  it("merges two copies (pages appended, the second copy gone) and splits one at a page", async () => {
    const { examId, copies } = await staged();
    const [c1, c2, c3] = copies;
    expect((await env.admin.post(`/api/exams/${examId}/stapler/merge`, { targetCopyId: c1!.id, sourceCopyId: c2!.id })).status).toBe(200);
    expect(await copyLabels(env, examId)).toEqual([
      ["P1", "P2", "P3", "P4"],
      ["P5", "P6"],
    ]);
    expect(await env.tdb.db.copy.findUnique({ where: { id: c2!.id } })).toBeNull();
    const split = await env.admin.post(`/api/exams/${examId}/stapler/split`, { copyId: c3!.id, atPageId: c3!.pages[1]!.id });
    expect(split.status).toBe(200);
    expect(split.body.newCopyId).toBeTruthy();
    expect(await copyLabels(env, examId)).toEqual([["P1", "P2", "P3", "P4"], ["P5"], ["P6"]]);
    const fresh = await env.tdb.db.copy.findUniqueOrThrow({ where: { id: split.body.newCopyId } });
    expect(fresh.state).toBe("STAGING");
    expect(fresh.seq).toBe(4); // a new anonymous code, never a reused one
    const atFirst = await env.admin.post(`/api/exams/${examId}/stapler/split`, { copyId: c1!.id, atPageId: c1!.pages[0]!.id });
    expect(atFirst.status).toBe(400);
  });

  it("reorders pages (a full permutation only) and rotates a page, swapping its size", async () => {
    const { examId, copies } = await staged();
    const [c1] = copies;
    const [p1, p2] = c1!.pages;
    expect((await env.admin.post(`/api/exams/${examId}/stapler/reorder`, { copyId: c1!.id, pageIds: [p2!.id, p1!.id] })).status).toBe(200);
    expect((await copyLabels(env, examId))[0]).toEqual(["P2", "P1"]);
    expect((await env.admin.post(`/api/exams/${examId}/stapler/reorder`, { copyId: c1!.id, pageIds: [p2!.id] })).status).toBe(400);
    await env.admin.post(`/api/exams/${examId}/stapler/rotate`, { pageId: p1!.id, rotation: 90 });
    const page = await env.tdb.db.page.findUniqueOrThrow({ where: { id: p1!.id } });
    expect([page.rotation, Math.round(page.widthPt), Math.round(page.heightPt)]).toEqual([90, 842, 595]);
  });

  it("gathers pages into a new copy and deletes an emptied one; validation refuses empty copies", async () => {
    const { examId, copies } = await staged();
    const [c1, c2] = copies;
    const created = await env.admin.post(`/api/exams/${examId}/stapler/new-copy`, { pageIds: [c2!.pages[1]!.id, c2!.pages[0]!.id] });
    expect(created.status).toBe(200);
    expect(await copyLabels(env, examId)).toEqual([["P1", "P2"], [], ["P5", "P6"], ["P4", "P3"]]);
    const refused = await env.admin.post(`/api/exams/${examId}/validate`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.details.copyIds).toEqual([c2!.id]);
    expect((await env.admin.post(`/api/exams/${examId}/stapler/delete-copy`, { copyId: c1!.id })).status).toBe(409); // not empty
    expect((await env.admin.post(`/api/exams/${examId}/stapler/delete-copy`, { copyId: c2!.id })).status).toBe(200);
    expect((await env.admin.get(`/api/exams/${examId}`)).body.exam.status).toBe("DRAFT"); // being set up
    const ok = await env.admin.post(`/api/exams/${examId}/validate`, {});
    expect(ok.body).toEqual({ validated: 3 });
    expect((await env.admin.get(`/api/exams/${examId}`)).body.exam.status).toBe("ACTIVE"); // "En cours" once copies can be graded
    expect(new Set((await env.tdb.db.copy.findMany({ where: { examId } })).map((c) => c.state))).toEqual(new Set(["READY"]));
    const late = await env.admin.post(`/api/exams/${examId}/stapler/merge`, { targetCopyId: c1!.id, sourceCopyId: created.body.newCopyId });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe("INVALID_STATE");
  });

  it("validates one batch at a time, and never while a batch is still being split", async () => {
    const examId = await createExam(env.admin);
    const [b1] = await uploadAndSplit(env, examId, { mode: "PER_COPY" }, [{ name: "a.pdf", bytes: await a4Pdf(1, { label: "a" }) }]);
    const pending = await env.admin.request("POST", `/api/exams/${examId}/batches`, {}); // no body: refused, nothing created
    expect(pending.status).toBe(415);
    const { upload } = await import("../helpers/intake-setup.ts");
    await upload(env.admin, examId, { mode: "PER_COPY" }, [{ name: "b.pdf", bytes: await a4Pdf(1, { label: "b" }) }]);
    expect((await env.admin.post(`/api/exams/${examId}/validate`, {})).status).toBe(409);
    expect((await env.admin.post(`/api/exams/${examId}/validate`, { batchId: b1!.id })).body).toEqual({ validated: 1 });
  });

  it("refuses pages and copies of another exam", async () => {
    const a = await staged();
    const b = await staged();
    const r = await env.admin.post(`/api/exams/${a.examId}/stapler/move-page`, { pageId: b.copies[0]!.pages[0]!.id, toCopyId: a.copies[0]!.id });
    expect(r.status).toBe(404);
    const m = await env.admin.post(`/api/exams/${a.examId}/stapler/merge`, { targetCopyId: a.copies[0]!.id, sourceCopyId: b.copies[0]!.id });
    expect(m.status).toBe(404);
  });
});
