// Pages as images in a real Chromium: a grader's desk paints the page images (no PDF, no pdf.js)
// and shows no identity pixel — the zone of page 1 on screen is a flat grey; every image and PDF
// URL the grader can reach has that zone blank; a supervisor sees the original header.
import { PDFDict, PDFDocument, PDFName, PDFRawStream } from "pdf-lib";
import type { Browser, BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REDACTION_GREY } from "../../server/imaging/image-sizes.ts";
import { DEMO_ACCOUNTS } from "../../server/seed/demo-seed.ts";
import { startAppServer, type AppServer } from "./support/app-server.ts";
import { launchChromium, newPage, screenshot } from "./support/browser.ts";
import { waitForDesk } from "./support/desk.ts";

const martin = DEMO_ACCOUNTS.find((a) => a.username === "prof.martin")!;
const direction = DEMO_ACCOUNTS.find((a) => a.role === "SUPERVISOR")!;

let app: AppServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  app = await startAppServer({ worker: true, staffReady: true });
}, 120_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await app?.close();
});

async function signedIn(account: { username: string; password: string }) {
  const { context, page, errors } = await newPage(browser, app.url);
  contexts.push(context);
  await page.goto("/login");
  await page.getByLabel("Identifiant").fill(account.username);
  await page.getByLabel("Mot de passe", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.waitForURL(/\/$/);
  return { context, page, errors };
}

/** Spread of grey levels over the band [y0, y1) of an image (fractions of its height), its inner 96% across. */
async function bandStats(png: Uint8Array | Buffer, y0: number, y1: number) {
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  let min = 255;
  let max = 0;
  for (let y = Math.ceil(y0 * info.height); y < Math.floor(y1 * info.height); y++) {
    for (let x = Math.ceil(0.02 * info.width); x < Math.floor(0.98 * info.width); x++) {
      const v = data[(y * info.width + x) * info.channels]!;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  return { min, max };
}

const blank = (s: { min: number; max: number }) => Math.abs(s.min - REDACTION_GREY) <= 6 && Math.abs(s.max - REDACTION_GREY) <= 6;

/** The JPEG images inside a PDF, in object order. */
function pdfImages(doc: PDFDocument): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (obj instanceof PDFRawStream && (obj.dict as PDFDict).get(PDFName.of("Subtype")) === PDFName.of("Image")) out.push(obj.contents);
  }
  return out;
}

describe("pages as images", () => {
  let grader: Page;
  let copyIds: string[] = [];

  it("a grader's desk paints the page images, with no PDF and no identity on screen", async () => {
    ({ page: grader } = await signedIn(martin));
    const requests: string[] = [];
    grader.on("request", (r) => requests.push(new URL(r.url()).pathname));
    copyIds = (await app.tdb.db.copy.findMany({ where: { assignments: { some: { grader: { username: martin.username } } } }, orderBy: { seq: "asc" }, select: { id: true } })).map((c) => c.id);
    await grader.goto(`/copies/${copyIds[0]}`);
    await waitForDesk(grader, 60_000);
    expect(requests.some((p) => /\/api\/pages\/[0-9a-f-]+\/images\/read$/.test(p))).toBe(true);
    expect(requests.filter((p) => p.endsWith("/pdf") || p.includes("pdf.worker"))).toEqual([]);
    await screenshot(grader, "60-desk-page-images-grader");
    const canvas = grader.locator("ko-page-view[data-index='0'] canvas.pdf");
    const shot = await canvas.screenshot({ path: "test-results/screenshots/60-desk-canvas.png" });
    // page 1's identity zone (the demo's header box, top 16 %) is a flat grey on screen; the answers below are not
    const zone = await bandStats(shot, 0.01, 0.155);
    expect(blank(zone), JSON.stringify(zone)).toBe(true);
    expect(blank(await bandStats(shot, 0.3, 0.9))).toBe(false);
  });

  it("every image and PDF URL the grader can reach has the zone blank", async () => {
    for (const copyId of copyIds) {
      const desk = await grader.request.get(`/api/copies/${copyId}/desk`);
      expect(desk.status()).toBe(200);
      const pages = (await desk.json()).copy.pages as Array<{ images: Record<string, string> }>;
      for (const variant of ["thumb", "read", "high"]) {
        const r = await grader.request.get(pages[0]!.images[variant]!);
        expect(r.status()).toBe(200);
        expect(blank(await bandStats(await r.body(), 0.01, 0.155)), `${copyId} ${variant}`).toBe(true);
      }
      const pdf = await grader.request.get(`/api/copies/${copyId}/pdf`);
      expect(pdf.status()).toBe(200);
      const images = pdfImages(await PDFDocument.load(await pdf.body()));
      expect(images.length).toBe(pages.length); // one image per page and nothing else
      expect(blank(await bandStats(images[0]!, 0.01, 0.155))).toBe(true);
    }
  });

  it("a supervisor's desk shows the original header", async () => {
    const { page } = await signedIn(direction);
    await page.goto(`/copies/${copyIds[0]}`);
    await waitForDesk(page, 60_000);
    const shot = await page.locator("ko-page-view[data-index='0'] canvas.pdf").screenshot();
    expect(blank(await bandStats(shot, 0.01, 0.155))).toBe(false);
    await screenshot(page, "61-desk-page-images-supervisor");
  });

  it("next copy opens from the prefetched data and images", async () => {
    await grader.goto(`/copies/${copyIds[0]}`);
    await waitForDesk(grader, 60_000);
    await new Promise((r) => setTimeout(r, 1500)); // the prefetch of the next copy runs meanwhile
    await grader.getByRole("button", { name: "Copie suivante" }).click();
    await grader.waitForURL(`**/copies/${copyIds[1]}`);
    await waitForDesk(grader, 60_000);
    const shot = await grader.locator("ko-page-view[data-index='0'] canvas.pdf").screenshot({ path: "test-results/screenshots/62-next-copy-canvas.png" });
    await screenshot(grader, "62-desk-next-copy");
    const zone = await bandStats(shot, 0.01, 0.155);
    expect(blank(zone), JSON.stringify(zone)).toBe(true);
  });
});
