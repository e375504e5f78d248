// GET /api/copies/:id/pdf — the copy as the grading desk loads it: its pages in order, A3 halves
// cropped and turned without rasterizing, cached on disk, ETag + 304, and access per role.
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExam, fetchBytes, startIntake, uploadAndSplit, type IntakeEnv } from "../helpers/intake-setup.ts";
import { a3Pdf, a4Pdf, pageLabels } from "../helpers/intake-pdfs.ts";
import { TestClient } from "../helpers/http-client.ts";

let env: IntakeEnv;
let examId: string;
let a4CopyId: string;
let a3CopyId: string;
beforeAll(async () => {
  env = await startIntake();
  examId = await createExam(env.admin);
  await uploadAndSplit(env, examId, { mode: "PER_COPY" }, [{ name: "a4.pdf", bytes: await a4Pdf(3, { label: "Q", rotate: [0, 0, 180] }) }]);
  await uploadAndSplit(env, examId, { mode: "A3_BOOKLET" }, [
    {
      name: "a3.pdf",
      bytes: await a3Pdf([
        ["4", "1"],
        ["2", "3"],
      ]),
    },
  ]);
  const copies = await env.tdb.db.copy.findMany({ where: { examId }, orderBy: { seq: "asc" } });
  [a4CopyId, a3CopyId] = [copies[0]!.id, copies[1]!.id];
});
afterAll(async () => env?.close());

describe("copy PDF", () => {
  it("serves the pages in order with their rotation", async () => {
    const r = await fetchBytes(env.admin, `/api/copies/${a4CopyId}/pdf`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/pdf");
    expect(r.headers.get("cache-control")).toMatch(/^private/);
    const doc = await PDFDocument.load(r.bytes);
    expect(await pageLabels(r.bytes)).toEqual(["Q1", "Q2", "Q3"]);
    expect(doc.getPages().map((p) => p.getRotation().angle)).toEqual([0, 0, 180]);
  });

  it("crops each A3 half with a CropBox (no rasterization) and follows the booklet order", async () => {
    const r = await fetchBytes(env.admin, `/api/copies/${a3CopyId}/pdf`);
    const doc = await PDFDocument.load(r.bytes);
    const boxes = doc.getPages().map((p) => {
      const b = p.getCropBox();
      return [Math.round(b.x), Math.round(b.width), Math.round(b.height)];
    });
    // page 1 = right half of side 1, page 2 = left half of side 2, page 3 = right half of side 2, page 4 = left of side 1
    expect(boxes).toEqual([
      [595, 595, 842],
      [0, 595, 842],
      [595, 595, 842],
      [0, 595, 842],
    ]);
  });

  it("answers 304 to If-None-Match, and pins the cache for ?v=<pagesHash>", async () => {
    const first = await fetchBytes(env.admin, `/api/copies/${a4CopyId}/pdf`);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const again = await fetchBytes(env.admin, `/api/copies/${a4CopyId}/pdf`, { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.bytes.length).toBe(0);
    const detail = await env.admin.get(`/api/copies/${a4CopyId}`);
    expect(detail.body.copy.pages).toHaveLength(3);
    const pinned = await fetchBytes(env.admin, detail.body.copy.pdfUrl);
    expect(pinned.headers.get("cache-control")).toContain("immutable");
    expect(pinned.headers.get("etag")).toBe(etag);
  });

  it("changes the ETag when the pages change (stapler)", async () => {
    const before = (await fetchBytes(env.admin, `/api/copies/${a4CopyId}/pdf`)).headers.get("etag");
    const page = await env.tdb.db.page.findFirstOrThrow({ where: { copyId: a4CopyId, position: 0 } });
    expect((await env.admin.post(`/api/exams/${examId}/stapler/rotate`, { pageId: page.id, rotation: 90 })).status).toBe(200);
    const after = await fetchBytes(env.admin, `/api/copies/${a4CopyId}/pdf`);
    expect(after.headers.get("etag")).not.toBe(before);
    expect((await PDFDocument.load(after.bytes)).getPage(0).getRotation().angle).toBe(90);
  });

  it("lets supervisors and the dispatched grader read it; hides it from other graders; refuses students and anonymous", async () => {
    const supervisor = await env.as("SUPERVISOR");
    const assigned = await env.as("GRADER");
    const other = await env.as("GRADER");
    const student = await env.as("STUDENT");
    await env.tdb.db.assignment.create({ data: { copyId: a4CopyId, graderId: assigned.userId } });
    expect((await fetchBytes(supervisor, `/api/copies/${a4CopyId}/pdf`)).status).toBe(200);
    expect((await fetchBytes(assigned, `/api/copies/${a4CopyId}/pdf`)).status).toBe(200);
    expect((await fetchBytes(other, `/api/copies/${a4CopyId}/pdf`)).status).toBe(404);
    expect((await fetchBytes(student, `/api/copies/${a4CopyId}/pdf`)).status).toBe(403);
    expect((await fetchBytes(new TestClient(env.server.url), `/api/copies/${a4CopyId}/pdf`)).status).toBe(401);
    const graderView = await assigned.get(`/api/copies/${a4CopyId}`);
    expect(graderView.status).toBe(200);
    expect(graderView.body.copy.student).toBeNull();
  });
});
