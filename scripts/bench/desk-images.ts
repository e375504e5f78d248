// Parts of bench:desk for pages as images (issue 14): rasterization throughput at intake, "next
// copy" (click → interactive, with the prefetch), and the peer: the same copy in pdf.js's own viewer
// component (pdfjs-dist/web/pdf_viewer.mjs, as in pdf.js's "simpleviewer" example — the npm package
// ships no viewer.html), served statically, navigation → first page rendered.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { BrowserContext } from "playwright-core";
import type { AppContext } from "../../server/context.ts";
import { makeExamImages } from "../../server/imaging/make-exam-images.ts";
import { RASTER_THREADS, RasterPool } from "../../server/imaging/raster-pool.ts";
import { waitForDesk, waitInPage } from "../../tests/e2e/support/desk.ts";

/** Rasterizes every page of the exam once, with the raster threads one worker process runs. */
export async function rasterThroughput(ctx: AppContext, examId: string): Promise<{ pages: number; ms: number; perSecond: number; threads: number }> {
  const pool = new RasterPool({ timeoutMs: 120_000, size: RASTER_THREADS });
  try {
    const t = performance.now();
    const out = await makeExamImages(ctx, examId, pool, ctx.log);
    const ms = performance.now() - t;
    return { pages: out.made, ms, perSecond: out.made / (ms / 1000), threads: pool.size };
  } finally {
    await pool.close();
  }
}

const DESK = `document.querySelector('ko-app').shadowRoot.querySelector('ko-desk')`;

/** Opens `fromId`, lets the prefetch run, clicks "Copie suivante": click → the next copy's desk interactive. */
/** Phases of "next copy", ms from the click: the desk opened the copy, its join was answered (negative: joined ahead), its lock taken, its first page drawn, its layer made, interactive. */
export interface NextCopyPhases {
  open: number;
  joined: number;
  locked: number;
  drawn: number;
  layer: number;
  ready: number;
}

export async function nextCopy(context: BrowserContext, fromId: string, toId: string): Promise<NextCopyPhases> {
  const page = await context.newPage();
  await page.goto(`/copies/${fromId}`);
  await waitForDesk(page, 30_000);
  // the grader looks at the copy; meanwhile the next one is prefetched: its desk data, then its first two reading images
  await waitInPage(
    page,
    `(() => { const e = performance.getEntriesByType('resource'); const i = e.findIndex((r) => r.name.endsWith('/api/copies/${toId}/desk'));
      return i >= 0 && e.slice(i + 1).filter((r) => r.name.includes('/images/read')).length >= 2; })()`,
    30_000,
    "the next copy's prefetch",
  );
  // from the user's click as the page receives it (the event's time), not from when Playwright
  // starts checking that the button is visible, stable and not covered
  await page.evaluate("window.__clickAt = null; addEventListener('click', (e) => (window.__clickAt ??= e.timeStamp), { capture: true, once: true })");
  await page.getByRole("button", { name: "Copie suivante" }).click();
  await waitInPage(page, `location.pathname.endsWith('${toId}') && !!${DESK}?.hasAttribute('data-ready')`, 30_000, "the next copy's desk");
  const clickedAt = (await page.evaluate("window.__clickAt")) as number;
  const at = (name: string) => page.evaluate(`performance.getEntriesByName('korrigo:${name}').at(-1)?.startTime ?? NaN`) as Promise<number>;
  const phases = {
    open: (await at("desk-open")) - clickedAt,
    joined: (await at("copy-joined")) - clickedAt,
    locked: (await at("copy-locked")) - clickedAt,
    drawn: (await at("first-page-drawn")) - clickedAt,
    layer: (await at("layer-ready")) - clickedAt,
    ready: (await at("desk-ready")) - clickedAt,
  };
  await page.close();
  return phases;
}

const VIEWER_HTML = `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/web/pdf_viewer.css">
<style>#c{position:absolute;inset:0;overflow:auto}</style></head><body><div id="c"><div id="viewer" class="pdfViewer"></div></div>
<script type="module">
import * as pdfjsLib from "/build/pdf.mjs";
globalThis.pdfjsLib = pdfjsLib;
pdfjsLib.GlobalWorkerOptions.workerSrc = "/build/pdf.worker.mjs";
const { EventBus, PDFLinkService, PDFViewer } = await import("/web/pdf_viewer.mjs");
const eventBus = new EventBus();
const linkService = new PDFLinkService({ eventBus });
const viewer = new PDFViewer({ container: document.getElementById("c"), eventBus, linkService });
linkService.setViewer(viewer);
eventBus.on("pagesinit", () => { viewer.currentScaleValue = "page-width"; });
eventBus.on("pagerendered", (e) => { if (e.pageNumber === 1 && !window.firstRendered) { window.firstRendered = performance.now(); } });
const doc = await pdfjsLib.getDocument({ url: "/copy.pdf" }).promise;
viewer.setDocument(doc);
linkService.setDocument(doc, null);
</script></body></html>`;

/** A static server: pdfjs-dist's build/ and web/, the page above, and the copy's PDF. */
export async function startViewerServer(pdfFile: string): Promise<{ url: string; close(): Promise<void> }> {
  const root = path.resolve("node_modules/pdfjs-dist");
  const types: Record<string, string> = {
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".pdf": "application/pdf",
    ".html": "text/html",
    ".svg": "image/svg+xml",
  };
  const server = http.createServer((req, res) => {
    const p = new URL(req.url ?? "/", "http://x").pathname;
    const file = p === "/" ? null : p === "/copy.pdf" ? pdfFile : path.join(root, path.normalize(p));
    if (p === "/") {
      res.writeHead(200, { "content-type": "text/html" }).end(VIEWER_HTML);
      return;
    }
    if (!file || (file !== pdfFile && !file.startsWith(root + path.sep)) || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    // as a static web server (nginx, express.static) serves them: validators, the browser's heuristic freshness
    const st = fs.statSync(file);
    const etag = `"${st.size.toString(16)}-${st.mtimeMs.toString(16)}"`;
    if (req.headers["if-none-match"] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream", etag, "last-modified": st.mtime.toUTCString() });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

/** Navigation → the viewer's first page rendered, in ms; the context's first visit is cold. */
export function viewerVisit(context: BrowserContext, url: string): Promise<number> {
  return firstRenderedVisit(context, url, "the pdf.js viewer");
}

/** Navigation → `window.firstRendered`, set by the page itself (the viewer, the floor). */
async function firstRenderedVisit(context: BrowserContext, url: string, what: string): Promise<number> {
  const page = await context.newPage();
  try {
    await page.goto(url);
    const end = Date.now() + 30_000;
    let at: number | undefined;
    while (!(at = (await page.evaluate("window.firstRendered")) as number | undefined)) {
      if (Date.now() > end) throw new Error(`${what} drew nothing in 30 s`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return at;
  } finally {
    await page.close();
  }
}

// The floor: a page holding nothing but the copy's first reading image, preloaded as the desk's
// first navigation preloads it, with no script of its own but the mark — what any page showing the
// copy costs on this machine (a new tab, the navigation, fetching and decoding the image, a frame),
// under both the desk and the viewer. A ratio to the viewer below floor ÷ viewer cannot be reached.
const FLOOR_HTML = `<!doctype html><html lang="fr"><head><meta charset="utf-8">
<link rel="preload" as="image" href="/page.jpg" fetchpriority="high"></head><body style="margin:0">
<img src="/page.jpg" alt="" style="width:100%;display:block" onload="this.decode().then(() => requestAnimationFrame(() => { window.firstRendered = performance.now(); }))">
</body></html>`;

/** Serves the floor page and the image as the desk's server does (immutable, a year). */
export async function startFloorServer(image: { body: Buffer; contentType: string }): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const p = new URL(req.url ?? "/", "http://x").pathname;
    if (p === "/") return void res.writeHead(200, { "content-type": "text/html" }).end(FLOOR_HTML);
    if (p !== "/page.jpg") return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": image.contentType, "cache-control": "public, max-age=31536000, immutable" }).end(image.body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

/** Navigation → the floor page's image decoded and in a frame, in ms. */
export function floorVisit(context: BrowserContext, url: string): Promise<number> {
  return firstRenderedVisit(context, url, "the floor page");
}
