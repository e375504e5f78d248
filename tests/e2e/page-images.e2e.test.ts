// Pages as images in a real Chromium: a grader's desk paints the page images (no PDF, no pdf.js)
// and shows no identity pixel — the zone of page 1 on screen is a flat grey; every image and PDF
// URL the grader can reach has that zone blank; a supervisor sees the original header.
import { type PDFDict, PDFDocument, PDFName, PDFRawStream } from "pdf-lib";
import type { Browser, BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REDACTION_GREY } from "../../server/imaging/image-sizes.ts";
import { DEMO_ACCOUNTS } from "../../server/seed/demo-seed.ts";
import { startAppServer, type AppServer } from "./support/app-server.ts";
import { launchChromium, newPage, screenshot } from "./support/browser.ts";
import { waitForDesk, waitInPage } from "./support/desk.ts";

const martin = DEMO_ACCOUNTS.find((a) => a.username === "prof.martin")!;
const direction = DEMO_ACCOUNTS.find((a) => a.role === "SUPERVISOR")!;

let app: AppServer;
let browser: Browser;
/** the copies dispatched to the grader, in order */
let copyIds: string[] = [];
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  app = await startAppServer({ worker: true, staffReady: true });
  copyIds = (
    await app.tdb.db.copy.findMany({
      where: { assignments: { some: { grader: { username: martin.username } } } },
      orderBy: { seq: "asc" },
      select: { id: true },
    })
  ).map((c) => c.id);
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

/** Spread of grey levels over the band [y0, y1) of an image (fractions of `fullHeight`, by default its own height), its inner 96% across. */
async function bandStats(png: Uint8Array | Buffer, y0: number, y1: number, fullHeight?: number) {
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  const h = fullHeight ?? info.height;
  if (Math.floor(y1 * h) > info.height) throw new Error(`the band ends at row ${Math.floor(y1 * h)}, the image has ${info.height}`);
  let min = 255;
  let max = 0;
  for (let y = Math.ceil(y0 * h); y < Math.floor(y1 * h); y++) {
    for (let x = Math.ceil(0.02 * info.width); x < Math.floor(0.98 * info.width); x++) {
      const v = data[(y * info.width + x) * info.channels]!;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  return { min, max };
}

const DESK = `document.querySelector('ko-app')?.shadowRoot?.querySelector('ko-desk')?.shadowRoot`;
const pageView = (index: number) => `${DESK}?.querySelector('ko-page-view[data-index="${index}"]')?.shadowRoot`;

/**
 * The top of page `index` as it is painted on screen, once: the page is drawn, the pages are
 * scrolled to the top and the canvas box is the same two frames apart and again after the capture.
 * A viewport screenshot clipped to the visible part of that box: an element screenshot of the
 * canvas (taller than the viewport) scrolled the pages itself and, under load, captured its clip
 * 16 px above the canvas (the desk's background and the page's shadow, lighter than the grey).
 */
async function pageOnScreen(page: Page, index = 0, name?: string): Promise<{ png: Buffer; canvasHeight: number }> {
  await waitInPage(page, `!!(${pageView(index)}?.querySelector('.page.drawn'))`, 60_000, `page ${index + 1} drawn`);
  const box = `(async () => {
    const scroller = ${DESK}?.querySelector('.pages');
    const canvas = ${pageView(index)}?.querySelector('canvas.pdf');
    if (!scroller || !canvas) return null;
    scroller.scrollTop = 0;
    const read = () => { const r = canvas.getBoundingClientRect(); const s = scroller.getBoundingClientRect(); return JSON.stringify([r.x, r.y, r.width, r.height, s.bottom, scroller.scrollTop]); };
    const before = read();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return before === read() ? before : null;
  })()`;
  const end = Date.now() + 30_000;
  for (;;) {
    const before = (await page.evaluate(box)) as string | null;
    if (before) {
      const [x, y, width, height, bottom] = JSON.parse(before) as number[];
      const clip = { x: x!, y: y!, width: width!, height: Math.min(height!, bottom! - y!) };
      const png = await page.screenshot({ clip, ...(name ? { path: `test-results/screenshots/${name}.png` } : {}) });
      if ((await page.evaluate(box)) === before) return { png, canvasHeight: height! };
    }
    if (Date.now() > end) throw new Error(`page ${index + 1} did not hold still on screen within 30 s`);
  }
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

// generous limits: rasterizing takes seconds per page at a load average of 20+
describe("pages as images", { timeout: 300_000 }, () => {
  it("a grader's desk paints the page images, with no PDF and no identity on screen", async () => {
    const { page: grader } = await signedIn(martin);
    const requests: string[] = [];
    grader.on("request", (r) => requests.push(new URL(r.url()).pathname));
    await grader.goto(`/copies/${copyIds[0]}`);
    await waitForDesk(grader, 60_000);
    expect(requests.some((p) => /\/api\/pages\/[0-9a-f-]+\/images\/read$/.test(p))).toBe(true);
    expect(requests.filter((p) => p.endsWith("/pdf") || p.includes("pdf.worker"))).toEqual([]);
    const { png, canvasHeight } = await pageOnScreen(grader, 0, "60-desk-canvas");
    await screenshot(grader, "60-desk-page-images-grader");
    // page 1's identity zone (the demo's header box, top 16.5 %) is a flat grey on screen; the answers below are not
    const zone = await bandStats(png, 0.01, 0.155, canvasHeight);
    expect(blank(zone), JSON.stringify(zone)).toBe(true);
    expect(blank(await bandStats(png, 0.2, 0.35, canvasHeight))).toBe(false);
  });

  it("every image and PDF URL the grader can reach has the zone blank", async () => {
    const { page: grader } = await signedIn(martin);
    for (const copyId of copyIds) {
      // explicit limits: the high image is made on demand, which takes long at a load average of 30+
      const desk = await grader.request.get(`/api/copies/${copyId}/desk`, { timeout: 60_000 });
      expect(desk.status()).toBe(200);
      const pages = (await desk.json()).copy.pages as Array<{ images: Record<string, string> }>;
      for (const variant of ["thumb", "read", "high"]) {
        const r = await grader.request.get(pages[0]!.images[variant]!, { timeout: 120_000 });
        expect(r.status()).toBe(200);
        expect(blank(await bandStats(await r.body(), 0.01, 0.155)), `${copyId} ${variant}`).toBe(true);
      }
      const pdf = await grader.request.get(`/api/copies/${copyId}/pdf`, { timeout: 120_000 });
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
    const { png, canvasHeight } = await pageOnScreen(page, 0);
    expect(blank(await bandStats(png, 0.01, 0.155, canvasHeight))).toBe(false);
    await screenshot(page, "61-desk-page-images-supervisor");
  });

  it("next copy opens from the prefetched data and images", async () => {
    const { page: grader } = await signedIn(martin);
    const nextFirst = await app.tdb.db.page.findFirstOrThrow({ where: { copyId: copyIds[1], position: 0 }, select: { id: true } });
    const fetched: string[] = [];
    const onFinished = (r: { url(): string }) => fetched.push(new URL(r.url()).pathname);
    grader.on("requestfinished", onFinished);
    await grader.goto(`/copies/${copyIds[0]}`);
    await waitForDesk(grader, 60_000);
    // the prefetch of the next copy (its desk data, then its first page's reading image) is done
    await expect
      .poll(() => fetched.includes(`/api/copies/${copyIds[1]}/desk`) && fetched.includes(`/api/pages/${nextFirst.id}/images/read`), { timeout: 60_000 })
      .toBe(true);
    grader.off("requestfinished", onFinished);
    await grader.getByRole("button", { name: "Copie suivante" }).click();
    await grader.waitForURL(`**/copies/${copyIds[1]}`);
    await waitForDesk(grader, 60_000);
    const { png, canvasHeight } = await pageOnScreen(grader, 0, "62-next-copy-canvas");
    await screenshot(grader, "62-desk-next-copy");
    const zone = await bandStats(png, 0.01, 0.155, canvasHeight);
    expect(blank(zone), JSON.stringify(zone)).toBe(true);
  });
});
