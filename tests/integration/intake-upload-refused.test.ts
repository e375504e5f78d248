// Every file the scan upload must refuse, each with a code and a message saying what is wrong;
// an oversized upload gets 413 and leaves nothing behind (no batch, no file, no temp file).
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { filesUnder } from "../helpers/files-under.ts";
import { createExam, startIntake, upload, type IntakeEnv } from "../helpers/intake-setup.ts";
import { a4Pdf, encryptedPdf, fixture, zeroPagePdf } from "../helpers/intake-pdfs.ts";

let env: IntakeEnv;
let examId: string;
beforeAll(async () => {
  env = await startIntake({ MAX_UPLOAD_MB: "1" });
  examId = await createExam(env.admin);
});
afterAll(async () => env?.close());

describe("refused uploads", () => {
  const cases: Array<[string, () => Promise<Uint8Array> | Uint8Array, string, RegExp]> = [
    ["copy_corrupted.pdf (Korrigo fixture)", () => fixture("copy_corrupted.pdf"), "PDF_CORRUPTED", /truncated|damaged/],
    ["corrupted_truncated.pdf (Korrigo fixture)", () => fixture("corrupted_truncated.pdf"), "PDF_CORRUPTED", /truncated/],
    ["a PDF cut in half", async () => (await a4Pdf(3)).slice(0, 900), "PDF_CORRUPTED", /truncated/],
    ["an encrypted PDF", () => encryptedPdf(), "PDF_ENCRYPTED", /encrypted|password/],
    ["an empty file", () => new Uint8Array(0), "PDF_EMPTY", /empty/],
    ["a PDF without pages", () => zeroPagePdf(), "PDF_NO_PAGES", /no pages/],
    ["a PNG renamed .pdf", () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]), "NOT_A_PDF", /not a PDF/],
  ];
  for (const [what, bytes, code, message] of cases) {
    it(`refuses ${what} with ${code}`, async () => {
      const r = await upload(env.admin, examId, { mode: "PER_COPY" }, [{ name: "scan.pdf", bytes: await bytes() }]);
      expect(r.body.code, JSON.stringify(r.body)).toBe(code);
      expect(r.status).toBe(code === "NOT_A_PDF" ? 415 : 422);
      expect(r.body.message).toMatch(message);
      expect(r.body.message).toContain("scan.pdf");
    });
  }

  it("refuses the whole request when one of several files is bad, naming it", async () => {
    const r = await upload(env.admin, examId, { mode: "PER_COPY" }, [
      { name: "ok.pdf", bytes: await a4Pdf(2) },
      { name: "broken.pdf", bytes: fixture("corrupted_truncated.pdf") },
    ]);
    expect(r.status).toBe(422);
    expect(r.body.details).toMatchObject({ file: "broken.pdf", refused: 1, of: 2 });
  });

  it("answers 413 above MAX_UPLOAD_MB and stores nothing", async () => {
    const big = new Uint8Array(1_300_000);
    big.set(new TextEncoder().encode("%PDF-1.4\n"));
    const r = await upload(env.admin, examId, { mode: "PER_COPY" }, [{ name: "huge.pdf", bytes: big }]);
    expect(r.status).toBe(413);
    expect(r.body.code).toBe("PAYLOAD_TOO_LARGE");
    expect(r.body.message).toMatch(/1 MB/);
    expect(await env.tdb.db.scanBatch.count({ where: { examId } })).toBe(0);
    expect(filesUnder(path.join(env.server.dataDir, "media"))).toEqual([]);
  });

  it("answers 413 on a chunked upload without Content-Length too, and deletes the partial file", async () => {
    const big = new Uint8Array(1_300_000);
    big.set(new TextEncoder().encode("%PDF-1.4\n"));
    const fd = new FormData();
    fd.append("mode", "PER_COPY");
    fd.append("files", new Blob([big], { type: "application/pdf" }), "chunked.pdf");
    const encoded = new Request("http://x/", { method: "POST", body: fd });
    const bytes = new Uint8Array(await encoded.arrayBuffer());
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < bytes.length; i += 64 * 1024) c.enqueue(bytes.subarray(i, i + 64 * 1024));
        c.close();
      },
    });
    const res = await fetch(`${env.server.url}/api/exams/${examId}/batches`, {
      method: "POST",
      body: stream,
      duplex: "half",
      headers: {
        "content-type": encoded.headers.get("content-type")!,
        cookie: env.admin.cookieHeader,
        "x-csrf-token": env.admin.csrfToken!,
        origin: "http://localhost:3000",
      },
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await env.tdb.db.scanBatch.count({ where: { examId } })).toBe(0);
    expect(filesUnder(path.join(env.server.dataDir, "media"))).toEqual([]);
  });

  it("refuses the same file twice for an exam unless asked", async () => {
    const bytes = await a4Pdf(2, { label: "dup" });
    expect((await upload(env.admin, examId, { mode: "PER_COPY" }, [{ name: "a.pdf", bytes }])).status).toBe(202);
    const again = await upload(env.admin, examId, { mode: "PER_COPY" }, [{ name: "b.pdf", bytes }]);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("DUPLICATE_UPLOAD");
    expect((await upload(env.admin, examId, { mode: "PER_COPY", allowDuplicate: "true" }, [{ name: "b.pdf", bytes }])).status).toBe(202);
  });

  it("refuses a missing mode or pagesPerCopy, and a request without files", async () => {
    const bytes = await a4Pdf(2);
    expect((await upload(env.admin, examId, {}, [{ name: "a.pdf", bytes }])).status).toBe(400);
    const noN = await upload(env.admin, examId, { mode: "SPLIT_EVERY_N" }, [{ name: "a.pdf", bytes }]);
    expect(noN.body.details.issues[0].path).toBe("pagesPerCopy");
    expect((await upload(env.admin, examId, { mode: "PER_COPY" }, [])).status).toBe(400);
  });
});
