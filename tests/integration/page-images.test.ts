// Page images at intake: every page of the Korrigo fixtures rasterized once (thumbnail + reading
// size, WebP, content-addressed), redacted twins where an identity zone lies, idempotent, redone
// after a stapler edit; the zone's pixels really replaced; who gets which image.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeExamImages } from "../../server/imaging/make-exam-images.ts";
import { RasterPool } from "../../server/imaging/raster-pool.ts";
import { REDACTION_GREY } from "../../server/imaging/image-sizes.ts";
import { sweepOrphanImages } from "../../server/imaging/sweep-images.ts";
import { copyPdfPaths, sweepCopyPdfs } from "../../server/imaging/sweep-copy-pdfs.ts";
import { MediaStore } from "../../server/storage/media-store.ts";
import { createExam, fetchBytes, startIntake, uploadAndSplit, type IntakeEnv } from "../helpers/intake-setup.ts";
import { fixture } from "../helpers/intake-pdfs.ts";

let env: IntakeEnv;
let pool: RasterPool;
beforeAll(async () => {
  env = await startIntake();
  pool = new RasterPool({ timeoutMs: 120_000 });
});
afterAll(async () => {
  await pool?.close();
  await env?.close();
});

const media = (rel: string) => path.join(env.server.dataDir, "media", rel);
const run = (examId: string) => makeExamImages(env.server.ctx, examId, pool, env.server.ctx.log);

async function imagesOf(examId: string) {
  return env.tdb.db.pageImage.findMany({
    where: { page: { copy: { examId } } },
    include: { page: { select: { position: true, copyId: true } } },
    orderBy: [{ pageId: "asc" }, { variant: "asc" }, { redacted: "asc" }],
  });
}

/** Grey pixels of an image (JPEG or WebP) as a flat buffer. */
async function pixels(bytes: Uint8Array) {
  const { data, info } = await sharp(bytes).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/** Pixels of the band [y0, y1) (fractions of the height), every channel-0 value. */
function band(img: Awaited<ReturnType<typeof pixels>>, y0: number, y1: number): number[] {
  const out: number[] = [];
  for (let y = Math.floor(y0 * img.height); y < Math.floor(y1 * img.height); y++)
    for (let x = 0; x < img.width; x++) out.push(img.data[(y * img.width + x) * img.channels]!);
  return out;
}

// generous limits: rasterizing takes seconds per page at a load average of 20+
describe("page images at intake", { timeout: 300_000 }, () => {
  it("rasterizes every page once: WebP thumbnail and JPEG reading image, content-addressed, redacted twin of page 1; a second run does nothing", async () => {
    const examId = await createExam(env.admin);
    await uploadAndSplit(env, examId, { mode: "SPLIT_EVERY_N", pagesPerCopy: "2" }, [{ name: "scan.pdf", bytes: fixture("scan_like_10p.pdf") }]);
    const first = await run(examId);
    expect(first).toMatchObject({ pages: 10, made: 10, failed: 0 });
    const rows = await imagesOf(examId);
    // 10 pages × (thumb + read) + 5 first pages × (thumb + read) redacted (default zone: top band of page 1)
    expect(rows).toHaveLength(30);
    expect(rows.filter((r) => r.redacted).every((r) => r.page.position === 0)).toBe(true);
    for (const r of rows) {
      const bytes = fs.readFileSync(media(r.path));
      expect(crypto.createHash("sha256").update(bytes).digest("hex")).toBe(r.sha256);
      if (r.variant === "thumb") {
        expect(r.path).toBe(`page-images/${r.sha256.slice(0, 2)}/${r.sha256}.webp`);
        expect(bytes.subarray(8, 12).toString("latin1")).toBe("WEBP");
      } else {
        expect(r.path).toBe(`page-images/${r.sha256.slice(0, 2)}/${r.sha256}.jpg`);
        expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
        expect((await sharp(bytes).metadata()).channels).toBe(1); // grey
      }
      expect(r.width).toBe(r.variant === "thumb" ? 240 : 1240);
      const meta = await sharp(bytes).metadata();
      expect([meta.width, meta.height]).toEqual([r.width, r.height]);
      expect(r.height / r.width).toBeCloseTo(842 / 595, 1);
    }
    const again = await run(examId);
    expect(again).toMatchObject({ pages: 10, made: 0, failed: 0 });
    expect((await imagesOf(examId)).map((r) => [r.pageId, r.variant, r.redacted, r.sha256])).toEqual(
      rows.map((r) => [r.pageId, r.variant, r.redacted, r.sha256]),
    );
    // progress in the batch view
    const batches = (await env.admin.get(`/api/exams/${examId}/batches`)).body.batches;
    expect(batches[0].images).toEqual({ ready: 10, failed: 0, total: 10 });
    // images go with their copies: removing the batch deletes rows and files
    expect((await env.admin.request("DELETE", `/api/exams/${examId}/batches/${batches[0].id}`)).status).toBeLessThan(300);
    expect(await env.tdb.db.pageImage.count({ where: { pageId: { in: rows.map((r) => r.pageId) } } })).toBe(0);
    expect(rows.filter((r) => fs.existsSync(media(r.path)))).toEqual([]);
  });

  it("the redacted twin has the zone's pixels replaced, the rest of the page unchanged", async () => {
    const examId = await createExam(env.admin);
    await uploadAndSplit(env, examId, { mode: "PER_COPY" }, [{ name: "copy.pdf", bytes: fixture("copy_2p_simple.pdf") }]);
    await run(examId);
    const rows = await imagesOf(examId);
    const orig = rows.find((r) => r.page.position === 0 && r.variant === "read" && !r.redacted)!;
    const red = rows.find((r) => r.page.position === 0 && r.variant === "read" && r.redacted)!;
    const a = await pixels(fs.readFileSync(media(orig.path)));
    const b = await pixels(fs.readFileSync(media(red.path)));
    const zone = band(b, 0.01, 0.24);
    // lossy JPEG: a flat grey stays within a few levels
    expect(zone.reduce((m, v) => Math.max(m, Math.abs(v - REDACTION_GREY)), 0)).toBeLessThanOrEqual(4);
    expect(new Set(band(a, 0.01, 0.24)).size).toBeGreaterThan(8); // the original has content there
    const belowA = band(a, 0.3, 0.9);
    const belowB = band(b, 0.3, 0.9);
    const diff = belowA.reduce((s, v, i) => s + Math.abs(v - belowB[i]!), 0) / belowA.length;
    expect(diff).toBeLessThan(2);
  });

  it("redoes the images of a page turned in the stapler, and the redacted twin of a page moved to position 1", async () => {
    const examId = await createExam(env.admin);
    await uploadAndSplit(env, examId, { mode: "SPLIT_EVERY_N", pagesPerCopy: "2" }, [{ name: "scan.pdf", bytes: fixture("copy_6p_multibooklet.pdf") }]);
    await run(examId);
    const view = (await env.admin.get(`/api/exams/${examId}/stapler`)).body.stapler;
    const [c1] = view.copies as Array<{ id: string; pages: Array<{ id: string }> }>;
    const second = c1!.pages[1]!.id;
    const before = await env.tdb.db.pageImage.findMany({ where: { pageId: second } });
    expect(before.map((r) => r.redacted)).toEqual([false, false]);
    expect((await env.admin.post(`/api/exams/${examId}/stapler/rotate`, { pageId: second, rotation: 90 })).status).toBe(200);
    expect(await env.tdb.db.pageImage.count({ where: { pageId: second } })).toBe(0);
    expect((await run(examId)).made).toBe(1);
    const turned = await env.tdb.db.pageImage.findFirstOrThrow({ where: { pageId: second, variant: "read" } });
    const old = before.find((r) => r.variant === "read")!;
    expect(turned.sha256).not.toBe(old.sha256);
    expect(turned.width).toBe(1240);
    expect(turned.height).toBeLessThan(turned.width); // landscape now
    // the second page becomes the first: it gets a redacted twin
    expect((await env.admin.post(`/api/exams/${examId}/stapler/reorder`, { copyId: c1!.id, pageIds: [second, c1!.pages[0]!.id] })).status).toBe(200);
    expect((await run(examId)).made).toBe(1);
    expect((await env.tdb.db.pageImage.findMany({ where: { pageId: second, redacted: true } })).map((r) => r.variant).sort()).toEqual(["read", "thumb"]);
  });

  it("the orphan sweep removes the image files no row points at (a page turned: its old images), keeps the rest and young files", async () => {
    const examId = await createExam(env.admin);
    // a scan no other test of this file uses: images are content-addressed, so a page another exam
    // shares keeps its file (rightly) and the sweep would have nothing to remove
    await uploadAndSplit(env, examId, { mode: "SPLIT_EVERY_N", pagesPerCopy: "2" }, [{ name: "scan.pdf", bytes: fixture("mixed_orientation.pdf") }]);
    await run(examId);
    const page = await env.tdb.db.page.findFirstOrThrow({ where: { copy: { examId }, position: 1 } });
    const old = await env.tdb.db.pageImage.findMany({ where: { pageId: page.id } });
    expect(old).toHaveLength(2);
    expect((await env.admin.post(`/api/exams/${examId}/stapler/rotate`, { pageId: page.id, rotation: 180 })).status).toBe(200);
    await run(examId);
    const store = new MediaStore(path.join(env.server.dataDir, "media"));
    // within the grace period nothing goes (a row may be about to point at a file)
    expect((await sweepOrphanImages(env.tdb.db, store)).removed).toBe(0);
    for (const r of old) expect(fs.existsSync(media(r.path))).toBe(true);
    const out = await sweepOrphanImages(env.tdb.db, store, { graceMs: 0 });
    expect(out.removed).toBeGreaterThanOrEqual(old.length);
    for (const r of old) expect(fs.existsSync(media(r.path))).toBe(false);
    const live = await env.tdb.db.pageImage.findMany({ select: { path: true } });
    expect(live.length).toBeGreaterThan(0);
    for (const r of live) expect(fs.existsSync(media(r.path))).toBe(true);
    expect((await sweepOrphanImages(env.tdb.db, store, { graceMs: 0 })).removed).toBe(0);
  });

  it("the cached copy PDFs are bounded: a stale one (a page turned) is swept, the current ones stay, a deleted batch takes its copies' PDFs", async () => {
    const examId = await createExam(env.admin);
    // a scan of its own (cached PDFs are named by what they are made of)
    const [batch] = await uploadAndSplit(env, examId, { mode: "SPLIT_EVERY_N", pagesPerCopy: "10" }, [
      { name: "scan.pdf", bytes: fixture("multi_booklets_20p.pdf") },
    ]);
    const copies = await env.tdb.db.copy.findMany({ where: { examId }, select: { id: true }, orderBy: { seq: "asc" } });
    const store = new MediaStore(path.join(env.server.dataDir, "media"));
    const cached = async () =>
      (
        await copyPdfPaths(
          env.tdb.db,
          store,
          copies.map((c) => c.id),
        )
      ).filter((rel) => fs.existsSync(media(rel)));
    for (const c of copies) expect((await fetchBytes(env.admin, `/api/copies/${c.id}/pdf`)).status).toBe(200);
    const before = await cached();
    expect(before).toHaveLength(copies.length); // the admin's (unredacted) PDF of each copy
    // an orphan redacted PDF (an exam whose zones changed, say) and the stale PDF of a turned page
    const orphan = store.relPath("copies-redacted", crypto.randomBytes(32).toString("hex"), "pdf");
    fs.mkdirSync(path.dirname(media(orphan)), { recursive: true });
    fs.writeFileSync(media(orphan), "%PDF-1.7 stale");
    const page = await env.tdb.db.page.findFirstOrThrow({ where: { copyId: copies[0]!.id, position: 1 } });
    expect((await env.admin.post(`/api/exams/${examId}/stapler/rotate`, { pageId: page.id, rotation: 90 })).status).toBe(200);
    expect((await sweepCopyPdfs(env.tdb.db, store)).removed).toBe(0); // young files are left alone
    const out = await sweepCopyPdfs(env.tdb.db, store, { graceMs: 0 });
    expect(out.removed).toBeGreaterThanOrEqual(2);
    expect(fs.existsSync(media(orphan))).toBe(false);
    const now = await cached();
    expect(now).toHaveLength(copies.length - 1); // the turned copy's PDF went (it is rebuilt when asked for)
    expect(before.filter((rel) => !now.includes(rel))).toHaveLength(1);
    expect((await fetchBytes(env.admin, `/api/copies/${copies[0]!.id}/pdf`)).status).toBe(200);
    expect(await cached()).toHaveLength(copies.length);
    // the batch deleted (its copies STAGING): their cached PDFs go with them
    const gone = await cached();
    expect((await env.admin.request("DELETE", `/api/exams/${examId}/batches/${batch!.id}`)).status).toBeLessThan(300);
    for (const rel of gone) expect(fs.existsSync(media(rel))).toBe(false);
  });

  it("a page that cannot be rasterized is marked with a clear error, the others go on", async () => {
    const examId = await createExam(env.admin);
    await uploadAndSplit(env, examId, { mode: "SPLIT_EVERY_N", pagesPerCopy: "1" }, [{ name: "scan.pdf", bytes: fixture("copy_2p_simple.pdf") }]);
    const pages = await env.tdb.db.page.findMany({ where: { copy: { examId } }, orderBy: { copy: { seq: "asc" } } });
    // the stored single-page PDF of page 2 is damaged on disk (garbage in place of the page)
    const bad = media(pages[1]!.sourcePath);
    fs.chmodSync(bad, 0o644);
    fs.writeFileSync(bad, Buffer.concat([Buffer.from("%PDF-1.7\n"), crypto.randomBytes(4000)]));
    const out = await run(examId);
    expect(out).toMatchObject({ made: 1, failed: 1 });
    const failed = await env.tdb.db.page.findUniqueOrThrow({ where: { id: pages[1]!.id } });
    expect(failed.imageError).toMatch(/could not be turned into an image/);
    const batches = (await env.admin.get(`/api/exams/${examId}/batches`)).body.batches;
    expect(batches[0].images).toEqual({ ready: 1, failed: 1, total: 2 });
    const r = await env.admin.get(`/api/pages/${pages[1]!.id}/images/read`);
    expect(r.status).toBe(422);
    expect(r.body.code).toBe("IMAGE_FAILED");
    expect((await run(examId)).failed).toBe(0); // not retried until the page changes
  });
});
