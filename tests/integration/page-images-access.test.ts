// Who gets which page image: the office and supervisors the original (unless the exam makes
// supervisors grade blind), the dispatched grader only the redacted twin — through the image
// route and through the copy PDF alike; anyone else a 404 exactly like a missing page. Forged ids
// and zones outside the page are refused and change nothing.
import crypto from "node:crypto";
import fs from "node:fs";
import { PDFDocument } from "pdf-lib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listRoutes } from "../../server/http/route-inventory.ts";
import { imagingRouter } from "../../server/imaging/imaging-router.ts";
import { makeExamImages } from "../../server/imaging/make-exam-images.ts";
import { RasterPool } from "../../server/imaging/raster-pool.ts";
import { IMAGES_KIND } from "../../server/imaging/sweep-images.ts";
import { MediaStore } from "../../server/storage/media-store.ts";
import { createExam, fetchBytes, startIntake, uploadAndSplit, type IntakeEnv } from "../helpers/intake-setup.ts";
import { TestClient } from "../helpers/http-client.ts";
import { fixture } from "../helpers/intake-pdfs.ts";

let env: IntakeEnv;
let pool: RasterPool;
let examId: string;
let copyId: string;
let page1: string;
let page2: string;
const who = new Map<string, TestClient>();

const sha = (b: Uint8Array) => crypto.createHash("sha256").update(b).digest("hex");

beforeAll(async () => {
  env = await startIntake();
  pool = new RasterPool({ timeoutMs: 120_000 });
  examId = await createExam(env.admin);
  await uploadAndSplit(env, examId, { mode: "PER_COPY" }, [{ name: "copy.pdf", bytes: fixture("copy_2p_simple.pdf") }]);
  await makeExamImages(env.server.ctx, examId, pool, env.server.ctx.log);
  const pages = await env.tdb.db.page.findMany({ where: { copy: { examId } }, orderBy: { position: "asc" } });
  copyId = pages[0]!.copyId!;
  [page1, page2] = [pages[0]!.id, pages[1]!.id];
  const grader = await env.as("GRADER");
  await env.tdb.db.assignment.create({ data: { copyId, graderId: grader.userId } });
  who.set("ADMIN", env.admin);
  who.set("SUPERVISOR", await env.as("SUPERVISOR"));
  who.set("GRADER", grader);
  who.set("OTHER_GRADER", await env.as("GRADER"));
  who.set("STUDENT", await env.as("STUDENT"));
  who.set("ANON", new TestClient(env.server.url));
}, 300_000);
afterAll(async () => {
  await pool?.close();
  await env?.close();
});

async function row(pageId: string, variant: string, redacted: boolean) {
  return env.tdb.db.pageImage.findUniqueOrThrow({ where: { pageId_variant_redacted: { pageId, variant, redacted } } });
}

// generous limits: rasterizing takes seconds per page at a load average of 20+
describe("page image access", { timeout: 300_000 }, () => {
  it("mounts the image and zone routes covered here", () => {
    expect(listRoutes(imagingRouter(env.server.ctx)).sort()).toEqual([
      "GET /exams/:id/identity-zones",
      "GET /pages/:id/images/:variant",
      "PUT /exams/:id/identity-zones",
    ]);
  });

  it("serves originals to the office and supervisors, the redacted twin to the dispatched grader, 404 to others", async () => {
    for (const variant of ["thumb", "read"]) {
      const original = await row(page1, variant, false);
      const redacted = await row(page1, variant, true);
      const get = (c: string) => fetchBytes(who.get(c)!, `/api/pages/${page1}/images/${variant}`);
      for (const c of ["ADMIN", "SUPERVISOR"]) {
        const r = await get(c);
        expect(r.status).toBe(200);
        expect(r.headers.get("content-type")).toBe(variant === "thumb" ? "image/webp" : "image/jpeg");
        expect(sha(r.bytes)).toBe(original.sha256);
      }
      const g = await get("GRADER");
      expect(g.status).toBe(200);
      expect(sha(g.bytes)).toBe(redacted.sha256);
      expect(g.headers.get("etag")).toBe(`"${redacted.sha256}"`);
      expect(g.headers.get("vary")).toMatch(/Cookie/);
      const missing = await fetchBytes(who.get("GRADER")!, `/api/pages/${crypto.randomUUID()}/images/${variant}`);
      for (const c of ["OTHER_GRADER", "STUDENT"]) {
        const r = await get(c);
        expect(r.status).toBe(404);
        expect(Buffer.from(r.bytes).toString()).toBe(Buffer.from(missing.bytes).toString()); // inaccessible = missing
      }
      expect((await get("ANON")).status).toBe(401);
    }
    // page 2 has no zone: the grader gets it as it is
    const p2 = await fetchBytes(who.get("GRADER")!, `/api/pages/${page2}/images/read`);
    expect(sha(p2.bytes)).toBe((await row(page2, "read", false)).sha256);
  });

  it("makes the high resolution on demand, redacted for the grader", async () => {
    const g = await fetchBytes(who.get("GRADER")!, `/api/pages/${page1}/images/high`);
    expect(g.status).toBe(200);
    const high = await row(page1, "high", true);
    expect(sha(g.bytes)).toBe(high.sha256);
    expect(high.width).toBe(2480);
    expect(await env.tdb.db.pageImage.count({ where: { pageId: page1, variant: "high", redacted: false } })).toBe(0);
  });

  it("the desk view hands the grader pinned redacted URLs; the grader's copy PDF is made of redacted images", async () => {
    const desk = await who.get("GRADER")!.get(`/api/copies/${copyId}/desk`);
    expect(desk.status).toBe(200);
    const [p1, p2] = desk.body.copy.pages;
    expect(p1.images.redacted).toBe(true);
    expect(p1.images.read).toBe(`/api/pages/${page1}/images/read?v=${(await row(page1, "read", true)).sha256.slice(0, 16)}`);
    expect(p2.images.redacted).toBe(false);
    const pinned = await fetchBytes(who.get("GRADER")!, p1.images.read);
    expect(pinned.headers.get("cache-control")).toContain("immutable");

    const pdf = await fetchBytes(who.get("GRADER")!, `/api/copies/${copyId}/pdf`);
    expect(pdf.status).toBe(200);
    const doc = await PDFDocument.load(pdf.bytes, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(2);
    expect(doc.getProducer()).toBe("Korrigo");
    // not the scan: the office's PDF differs, and the grader's is built from the images only
    const office = await fetchBytes(env.admin, `/api/copies/${copyId}/pdf`);
    expect(sha(office.bytes)).not.toBe(sha(pdf.bytes));
    expect(pdf.headers.get("etag")).not.toBe(office.headers.get("etag"));
  });

  it("an image stored as WebP (before reading images were JPEG) is still served as WebP and still goes into the grader's PDF", async () => {
    const before = await row(page2, "read", false);
    const media = new MediaStore(env.server.ctx.config.mediaDir);
    const webp = await sharp(fs.readFileSync(media.abs(before.path)))
      .webp({ quality: 45, effort: 0 })
      .toBuffer();
    const stored = await media.putBytes(IMAGES_KIND, webp, "webp");
    await env.tdb.db.pageImage.update({
      where: { pageId_variant_redacted: { pageId: page2, variant: "read", redacted: false } },
      data: { path: stored.rel, sha256: stored.sha256, bytes: stored.size },
    });
    try {
      const r = await fetchBytes(who.get("GRADER")!, `/api/pages/${page2}/images/read`);
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toBe("image/webp");
      expect(sha(r.bytes)).toBe(stored.sha256);
      const pdf = await fetchBytes(who.get("GRADER")!, `/api/copies/${copyId}/pdf`);
      expect(pdf.status).toBe(200);
      expect((await PDFDocument.load(pdf.bytes, { updateMetadata: false })).getPageCount()).toBe(2);
    } finally {
      await env.tdb.db.pageImage.update({
        where: { pageId_variant_redacted: { pageId: page2, variant: "read", redacted: false } },
        data: { path: before.path, sha256: before.sha256, bytes: before.bytes },
      });
    }
  });

  it("a blind exam gives supervisors the redacted twin too", async () => {
    const set = await env.admin.request("PUT", `/api/exams/${examId}/identity-zones`, {
      json: { zones: [{ page: 1, x: 0, y: 0, w: 1, h: 0.25 }], supervisorsSeeNames: false },
    });
    expect(set.status).toBe(200);
    const r = await fetchBytes(who.get("SUPERVISOR")!, `/api/pages/${page1}/images/read`);
    expect(sha(r.bytes)).toBe((await row(page1, "read", true)).sha256);
    await env.admin.request("PUT", `/api/exams/${examId}/identity-zones`, {
      json: { zones: [{ page: 1, x: 0, y: 0, w: 1, h: 0.25 }], supervisorsSeeNames: true },
    });
  });

  it("zones: read by office and supervisors, set by the office; outside the page refused, nothing changed", async () => {
    const before = await env.tdb.db.exam.findUniqueOrThrow({ where: { id: examId } });
    for (const [c, status] of [
      ["ADMIN", 200],
      ["SUPERVISOR", 200],
      ["GRADER", 403],
      ["STUDENT", 403],
      ["ANON", 401],
    ] as const) {
      expect((await who.get(c)!.get(`/api/exams/${examId}/identity-zones`)).status).toBe(status);
    }
    const put = (c: string, json: unknown) => who.get(c)!.request("PUT", `/api/exams/${examId}/identity-zones`, { json });
    const good = {
      zones: [
        { page: 1, x: 0, y: 0, w: 1, h: 0.2 },
        { page: null, x: 0.7, y: 0, w: 0.3, h: 0.08 },
      ],
    };
    for (const [c, status] of [
      ["SUPERVISOR", 403],
      ["GRADER", 403],
      ["STUDENT", 403],
      ["ANON", 401],
    ] as const)
      expect((await put(c, good)).status).toBe(status);
    for (const bad of [
      { zones: [{ page: 1, x: 0.5, y: 0, w: 0.8, h: 0.2 }] }, // past the right edge
      { zones: [{ page: 1, x: -0.1, y: 0, w: 0.5, h: 0.2 }] },
      { zones: [{ page: 0, x: 0, y: 0, w: 1, h: 0.2 }] },
      { zones: [{ page: 1, x: 0, y: 0, w: 0, h: 0.2 }] },
      { zones: "top" },
      { zones: [], extra: true },
    ]) {
      const r = await put("ADMIN", bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await env.admin.request("PUT", `/api/exams/${crypto.randomUUID()}/identity-zones`, { json: good })).status).toBe(404);
    const after = await env.tdb.db.exam.findUniqueOrThrow({ where: { id: examId } });
    expect(after.identityZones).toEqual(before.identityZones);
    // a zone on every page: the grader's page 2 becomes redacted after the job
    const ok = await put("ADMIN", good);
    expect(ok.status).toBe(200);
    expect(ok.body.zones).toEqual(good.zones);
    expect(ok.body.samplePage.id).toBe(page1);
    await makeExamImages(env.server.ctx, examId, pool, env.server.ctx.log);
    const p2 = await fetchBytes(who.get("GRADER")!, `/api/pages/${page2}/images/read`);
    expect(sha(p2.bytes)).toBe((await row(page2, "read", true)).sha256);
  });

  it("forged ids and variants are refused without effect", async () => {
    const admin = env.admin;
    expect((await admin.get(`/api/pages/not-a-uuid/images/read`)).status).toBe(400);
    expect((await admin.get(`/api/pages/${page1}/images/original`)).status).toBe(400);
    expect((await admin.get(`/api/pages/${page1}/images/..%2F..%2Fetc`)).status).toBe(400);
    expect((await admin.get(`/api/pages/${page1}/images/read?v=zz`)).status).toBe(400);
    expect((await admin.get(`/api/pages/${crypto.randomUUID()}/images/read`)).status).toBe(404);
  });
});
