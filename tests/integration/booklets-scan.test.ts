// QR-coded booklets through the real path: print a run (API), scan it as a copier would (shuffled,
// turned, skewed, blurred, a page missing, a page twice, blank backs), upload it as a QR_BOOKLETS
// batch and let the split sort it. Every scanned page must land in its booklet's copy at its printed
// page number, upright, or in the stapler with its reason — never in another copy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import { releaseBlocks } from "../../server/release/release-gate.ts";
import { PrintedPages, scanPdf, type ScannedPage } from "../../scripts/lib/synthetic-scan.ts";
import { createExam, fetchBytes, multipart, split, startIntake, upload, type IntakeEnv } from "../helpers/intake-setup.ts";
import { fixture } from "../helpers/intake-pdfs.ts";

let env: IntakeEnv;

beforeAll(async () => {
  env = await startIntake();
}, 120_000);
afterAll(async () => env?.close());

async function examWithSubject(title: string): Promise<string> {
  const examId = await createExam(env.admin, title);
  const doc = await multipart({ kind: "SUBJECT" }, [{ name: "sujet.pdf", bytes: fixture("copy_2p_simple.pdf") }], "file");
  const r = await env.admin.request("POST", `/api/exams/${examId}/documents`, { body: doc.body, headers: { "content-type": doc.contentType } });
  expect(r.status).toBe(201);
  return examId;
}

async function printRun(examId: string, body: Record<string, unknown>): Promise<{ run: number; pdf: Uint8Array }> {
  const r = await env.admin.post(`/api/exams/${examId}/booklets`, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const pdf = await fetchBytes(env.admin, r.body.pdfUrl);
  expect(pdf.status).toBe(200);
  expect(pdf.headers.get("content-type")).toBe("application/pdf");
  return { run: r.body.run, pdf: pdf.bytes };
}

/** The run's booklets in print order (as the PDF lays them out). */
async function runBooklets(examId: string, run: number) {
  return env.tdb.db.booklet.findMany({ where: { examId, run }, orderBy: [{ kind: "asc" }, { seq: "asc" }, { createdAt: "asc" }, { id: "asc" }] });
}

async function uploadScan(examId: string, bytes: Uint8Array, name = "scan.pdf") {
  const r = await upload(env.admin, examId, { mode: "QR_BOOKLETS", allowDuplicate: "true" }, [{ name, bytes }]);
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  const batchId = r.body.batches[0].id as string;
  const outcome = await split(env.server, batchId);
  expect(outcome.status).toBe("DONE");
  return env.tdb.db.page.findMany({
    where: { batchId },
    orderBy: { scanSide: "asc" },
    include: { copy: { select: { id: true, anonymousCode: true, studentId: true } } },
  });
}

describe("QR booklets", () => {
  it("sorts a shuffled, damaged scan of a class into its copies, upright, and says what is missing", async () => {
    const examId = await examWithSubject("Bac blanc QR");
    const students = await Promise.all(
      ["MARTIN", "PETIT"].map((lastName) => env.tdb.db.student.create({ data: { lastName, firstName: "Léa", className: "TG2-QR" } })),
    );
    const anon = await printRun(examId, { mode: "anonymous", count: 3, extraSheets: 1, template: "subject" });
    const named = await printRun(examId, { mode: "named", classNames: ["TG2-QR"], template: "subject" });
    const bookletsA = await runBooklets(examId, anon.run);
    const bookletsB = await runBooklets(examId, named.run);
    expect(bookletsA.map((b) => b.kind)).toEqual(["COPY", "COPY", "COPY", "EXTRA"]);
    expect(bookletsB.map((b) => b.studentId).sort()).toEqual(students.map((s) => s.id).sort());
    expect(bookletsA[0]!.anonymousCode).toMatch(/^[0-9A-F]{4}-\d{3}$/);

    // truth: printed page index → (booklet, page)
    const printedA = new PrintedPages(anon.pdf);
    const printedB = new PrintedPages(named.pdf);
    expect(printedA.count).toBe(3 * 2 + 1);
    expect(printedB.count).toBe(2 * 2);
    // one scan of both runs: build per run, then upload both files in one order, the pages shuffled within
    const planA: ScannedPage[] = [
      { printed: 3, damage: { dpi: 150, rotate: 180 } }, // booklet 2 page 2
      { printed: 0, damage: { dpi: 200, skew: 2.5, blur: 0.8 } }, // booklet 1 page 1
      { printed: null, damage: { dpi: 150 } }, // a blank back side
      { printed: 5, damage: { dpi: 150, rotate: 90, noise: 0.01, jpegQuality: 45 } }, // booklet 3 page 2
      { printed: 1, damage: { dpi: 150, rotate: 270, skew: -2 } }, // booklet 1 page 2
      { printed: 4, damage: { dpi: 200 } }, // booklet 3 page 1
      { printed: 6, damage: { dpi: 150 } }, // the extra sheet
      { printed: 0, damage: { dpi: 150 } }, // booklet 1 page 1 again (fed twice)
      // booklet 2 page 1 (printed 2) is missing
    ];
    const pagesA = await uploadScan(examId, await scanPdf(printedA, planA, 7), "lot-a.pdf");
    const where = (p: (typeof pagesA)[number]) =>
      p.copy ? `${p.copy.anonymousCode} p${p.bookletPage} r${p.rotation}` : `loose ${p.looseReason?.split(":")[0]}`;
    const code = (i: number) => bookletsA[i]!.anonymousCode;
    expect(pagesA.map(where)).toEqual([
      `${code(1)} p2 r180`,
      `${code(0)} p1 r0`,
      "loose BLANK",
      `${code(2)} p2 r270`,
      `${code(0)} p2 r90`,
      `${code(2)} p1 r0`,
      "loose EXTRA_SHEET",
      "loose DUPLICATE",
    ]);
    expect(pagesA.find((p) => p.looseReason === "EXTRA_SHEET")!.extraBookletId).toBe(bookletsA[3]!.id);
    // positions follow the printed pages
    const copy3 = await env.tdb.db.page.findMany({ where: { copyId: pagesA[3]!.copyId! }, orderBy: { position: "asc" } });
    expect(copy3.map((p) => p.bookletPage)).toEqual([1, 2]);

    const summary = await env.admin.get(`/api/exams/${examId}/booklets`);
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({ booklets: 5, scanned: 3, complete: 2, incomplete: [{ anonymousCode: code(1), missing: [1] }] });
    expect(summary.body.loosePages).toEqual(
      expect.arrayContaining([
        { reason: "BLANK", pages: 1 },
        { reason: "DUPLICATE", pages: 1 },
        { reason: "EXTRA_SHEET", pages: 1 },
      ]),
    );
    const gate = await env.tdb.db.$transaction((tx) => releaseBlocks(tx, examId, [pagesA[0]!.copyId!]));
    expect(gate[0]).toMatchObject({ reasons: expect.arrayContaining(["PAGES_MISSING"]), missingPages: [1] });

    // the named run, scanned in another batch: identified at once
    const planB: ScannedPage[] = [3, 1, 2, 0].map((printed) => ({ printed, damage: { dpi: 150, jpegQuality: 60 } }));
    const pagesB = await uploadScan(examId, await scanPdf(printedB, planB, 3), "lot-b.pdf");
    expect(pagesB.every((p) => p.copy !== null)).toBe(true);
    const identified = new Set(pagesB.map((p) => p.copy!.studentId));
    expect([...identified].sort()).toEqual(students.map((s) => s.id).sort());

    // the missing page arrives later, in a batch of its own: it slides in as page 1
    const late = await uploadScan(examId, await scanPdf(printedA, [{ printed: 2, damage: { dpi: 150, rotate: 90 } }], 5), "late.pdf");
    expect(late.map(where)).toEqual([`${code(1)} p1 r270`]);
    const copy2 = await env.tdb.db.page.findMany({ where: { copyId: late[0]!.copyId! }, orderBy: { position: "asc" } });
    expect(copy2.map((p) => p.bookletPage)).toEqual([1, 2]);
    const after = await env.admin.get(`/api/exams/${examId}/booklets`);
    expect(after.body).toMatchObject({ scanned: 5, complete: 5, incomplete: [] });
    printedA.destroy();
    printedB.destroy();
  }, 240_000);

  it("sets aside another exam's booklet, a forged code, a page with two codes and a scan fed twice — every page somewhere", async () => {
    const examId = await examWithSubject("Examen A");
    const otherId = await examWithSubject("Examen B");
    const mine = await printRun(examId, { mode: "anonymous", count: 2, template: "blank", pageCount: 1 });
    const theirs = await printRun(otherId, { mode: "anonymous", count: 1, template: "blank", pageCount: 1 });
    const printed = new PrintedPages(mine.pdf);
    const other = new PrintedPages(theirs.pdf);
    // a forged code: the booklet's token with another page number and a made-up check value
    const [b0] = await runBooklets(examId, mine.run);
    const forged = await forgedPage(`KO1:${b0!.token}:02:ABCD`);
    // two codes on one page: booklet 2's corner pasted upside down in booklet 1's bottom-left corner
    const twoCodes = await pastedCorner(printed.grey(0, 150), printed.grey(1, 150));
    const scan = await composeScan([{ grey: other.grey(0, 150) }, { grey: forged }, { grey: twoCodes }, { grey: printed.grey(1, 150) }]);
    const pages = await uploadScan(examId, scan, "mixed.pdf");
    expect(pages.map((p) => (p.copy ? `copy p${p.bookletPage}` : p.looseReason!.split(":")[0]))).toEqual([
      "OTHER_EXAM",
      "BAD_CHECK",
      "SEVERAL_CODES",
      "copy p1",
    ]);
    // the same scan uploaded again: its good page is a duplicate, nothing moves
    const again = await uploadScan(examId, scan, "mixed-again.pdf");
    expect(again.map((p) => (p.copy ? "copy" : p.looseReason!.split(":")[0]))).toEqual(["OTHER_EXAM", "BAD_CHECK", "SEVERAL_CODES", "DUPLICATE"]);
    // every uploaded page is in exactly one copy or in the stapler
    const batches = await env.tdb.db.scanBatch.findMany({ where: { examId }, include: { _count: { select: { pages: true } } } });
    for (const b of batches) expect(b._count.pages).toBe(b.totalPages);
    const stapler = await env.admin.get(`/api/exams/${examId}/stapler`);
    expect(stapler.status).toBe(200);
    const loose = stapler.body.stapler.loosePages as Array<{ looseReason: string | null }>;
    expect(loose.map((p) => p.looseReason?.split(":")[0]).sort()).toEqual([
      "BAD_CHECK",
      "BAD_CHECK",
      "DUPLICATE",
      "OTHER_EXAM",
      "OTHER_EXAM",
      "SEVERAL_CODES",
      "SEVERAL_CODES",
    ]);
    printed.destroy();
    other.destroy();
  }, 240_000);

  it("refuses bad print requests with clear errors and prints nothing", async () => {
    const examId = await createExam(env.admin, "Sans sujet");
    const noSubject = await env.admin.post(`/api/exams/${examId}/booklets`, { mode: "anonymous", count: 2, template: "subject" });
    expect(noSubject.status).toBe(422);
    expect(noSubject.body.code).toBe("NO_SUBJECT");
    expect((await env.admin.post(`/api/exams/${examId}/booklets`, { mode: "anonymous", template: "blank", pageCount: 2 })).status).toBe(400);
    expect((await env.admin.post(`/api/exams/${examId}/booklets`, { mode: "anonymous", count: 5000, template: "blank", pageCount: 2 })).status).toBe(400);
    expect(
      (
        await env.admin.post(`/api/exams/${examId}/booklets`, {
          mode: "named",
          studentIds: ["7d1b0f1e-0000-4000-8000-000000000000"],
          template: "blank",
          pageCount: 2,
        })
      ).status,
    ).toBe(404);
    expect((await env.admin.post(`/api/exams/${examId}/booklets`, { mode: "anonymous", count: 1, template: "blank", pageCount: 2, secret: "x" })).status).toBe(
      400,
    );
    expect(await env.tdb.db.booklet.count({ where: { examId } })).toBe(0);
    expect((await env.admin.get(`/api/exams/${examId}/booklets/runs/1/pdf`)).status).toBe(404);
  });
});

type Grey = { data: Uint8Array; width: number; height: number };

async function forgedPage(text: string): Promise<Grey> {
  const QRCode = (await import("qrcode")).default;
  const png = await QRCode.toBuffer(text, { width: 130, margin: 2, errorCorrectionLevel: "M" });
  const width = 1240;
  const height = 1754;
  const { data } = await sharp({ create: { width, height, channels: 3, background: "#ffffff" } })
    .composite([{ input: png, left: width - 180, top: 40 }])
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, width * height), width, height };
}

async function pastedCorner(base: Grey, from: Grey): Promise<Grey> {
  const side = Math.floor(from.width * 0.3);
  const corner = await sharp(Buffer.from(from.data), { raw: { width: from.width, height: from.height, channels: 1 } })
    .extract({ left: from.width - side, top: 0, width: side, height: side })
    .rotate(180)
    .png()
    .toBuffer();
  const { data, info } = await sharp(Buffer.from(base.data), { raw: { width: base.width, height: base.height, channels: 1 } })
    .composite([{ input: corner, left: 0, top: base.height - side }])
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, info.width * info.height), width: info.width, height: info.height };
}

async function composeScan(pages: Array<{ grey: Grey }>): Promise<Uint8Array> {
  const { PDFDocument } = await import("pdf-lib");
  const pdf = await PDFDocument.create();
  for (const { grey } of pages) {
    const jpg = await sharp(Buffer.from(grey.data), { raw: { width: grey.width, height: grey.height, channels: 1 } })
      .jpeg({ quality: 80 })
      .toBuffer();
    const img = await pdf.embedJpg(jpg);
    const w = (grey.width / 150) * 72;
    const h = (grey.height / 150) * 72;
    pdf.addPage([w, h]).drawImage(img, { x: 0, y: 0, width: w, height: h });
  }
  return pdf.save();
}
