// Grading by question, in Debian's Chromium against a real server: the time from pressing `N` to
// the next copy's question region painted and interactive (the server claims the next ungraded copy
// and names the one after; the desk paints the region cropped from the page image the prefetch
// fetched and cut during the previous copy, and joins the copy: its rubric keys apply). Sets up its
// own database (DATABASE_URL's server, or an embedded PostgreSQL), server and browser; seeds an exam
// the way intake leaves it: copies of two scan-like JPEG pages each (150 dpi, ~150 KB; --quick: the
// same two for every copy, rasterized once, each copy with image rows and URLs of its own), every page
// rasterized to its reading image (and the redacted twin of page 1, under the default identity zone).
// The grader spends a moment on each copy before `N` (the prefetch of the next one runs meanwhile).
//   cold: question 1.a through copies never shown before in this browser (the figure that counts);
//   warm: then question 1.b, whose region is on the same page, through the same copies (its image in
//   the browser's HTTP cache: only the crop is new), as when a grader takes the next question.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import type { Page } from "playwright-core";
import { createDb } from "../../../server/db/client.ts";
import { freePort } from "../../../server/db/embedded.ts";
import { applyMigrations } from "../../../server/db/migrate.ts";
import type { AppContext } from "../../../server/context.ts";
import { parseZones } from "../../../server/imaging/identity-zones.ts";
import { makeExamImages } from "../../../server/imaging/make-exam-images.ts";
import { RASTER_THREADS, RasterPool } from "../../../server/imaging/raster-pool.ts";
import { storeImages } from "../../../server/imaging/store-images.ts";
import { missingImages, wantedImages } from "../../../server/imaging/wanted-images.ts";
import { MediaStore } from "../../../server/storage/media-store.ts";
import { launchChromium } from "../../../tests/e2e/support/browser.ts";
import { ensureClientBuilt } from "../../../tests/e2e/support/client-build.ts";
import { waitInPage } from "../../../tests/e2e/support/desk.ts";
import { createUser } from "../../../tests/helpers/factories.ts";
import { assignCopy, createExamWithScale } from "../../../tests/helpers/grading-factories.ts";
import { startTestServer } from "../../../tests/helpers/test-server.ts";
import { scanJpegs, varyJpeg } from "./scan-page.ts";
import { benchDatabase } from "./bench-database.ts";

const MOVES = 20;
const THINK_MS = 700;

/**
 * `shared`: every copy is cut from the same two scan pages (one PDF), which are rasterized once;
 * each copy's pages still get image rows (and URLs) of their own, so the browser fetches and
 * decodes each copy's images afresh — only the seed is shorter (--quick stays under a minute).
 */
async function seed(dbUrl: string, mediaRoot: string, copies: number, shared: boolean) {
  const db = createDb(dbUrl, { max: 4 });
  const media = new MediaStore(mediaRoot);
  const exam = await createExamWithScale(db);
  const grader = await createUser(db, "GRADER");
  const [p1, p2] = scanJpegs(2);
  const question = exam.questions[0]!.id;
  const second = exam.questions[1]!.id;
  const scanPdf = async (i: number) => {
    const pdf = await PDFDocument.create();
    for (const jpeg of [varyJpeg(p1!, `copy ${i} p1`), varyJpeg(p2!, `copy ${i} p2`)]) {
      const img = await pdf.embedJpg(jpeg);
      pdf.addPage([595.28, 841.89]).drawImage(img, { x: 0, y: 0, width: 595.28, height: 841.89 });
    }
    return media.putBytes("scans", await pdf.save(), "pdf");
  };
  const one = shared ? await scanPdf(0) : null;
  for (let i = 0; i < copies; i++) {
    const stored = one ?? (await scanPdf(i));
    const copy = await db.copy.create({
      data: {
        examId: exam.id,
        seq: i + 1,
        anonymousCode: `N${crypto.randomBytes(2).toString("hex").toUpperCase()}-${String(i + 1).padStart(3, "0")}`,
        state: "READY",
        pages: { create: [0, 1].map((p) => ({ position: p, sourcePath: stored.rel, sourcePage: p, widthPt: 595.28, heightPt: 841.89 })) },
      },
    });
    await assignCopy(db, copy.id, grader.id);
  }
  await db.exam.update({ where: { id: exam.id }, data: { nextCopySeq: copies + 1 } });
  await db.questionRegion.create({ data: { examId: exam.id, questionId: question, position: 0, page: 1, x: 0.05, y: 0.12, w: 0.9, h: 0.38 } });
  await db.questionRegion.create({ data: { examId: exam.id, questionId: second, position: 0, page: 1, x: 0.05, y: 0.5, w: 0.9, h: 0.38 } });
  await db.$disconnect();
  return { examId: exam.id, question, second, grader };
}

/** In the page: each `N` keydown, each region painted and each copy ready (painted and joined), with performance.now(). */
const RECORDER = `(() => {
  window.__nr = { keys: [], drawn: [], ready: [] };
  window.addEventListener('keydown', (e) => { if (e.key === 'n' || e.key === 'N') window.__nr.keys.push(performance.now()); }, true);
  window.addEventListener('ko-region-drawn', (e) => window.__nr.drawn.push({ copyId: e.detail.copyId, at: performance.now() }));
  window.addEventListener('ko-region-ready', (e) => window.__nr.ready.push({ copyId: e.detail.copyId, at: performance.now() }));
})()`;

const QDESK = `document.querySelector('ko-app')?.shadowRoot?.querySelector('ko-question-desk')`;
const readyNow = `(${QDESK}?.dataset.ready ?? null)`;

interface Move {
  /** N → the region painted */
  drawn: number;
  /** N → painted and the copy joined (interactive) */
  ready: number;
}

async function oneMove(page: Page): Promise<Move> {
  const before = (await page.evaluate(readyNow)) as string | null;
  await page.keyboard.press("n");
  await waitInPage(page, `(() => { const d = ${readyNow}; return d !== null && d !== ${JSON.stringify(before)}; })()`, 30_000, "the next region ready");
  const r = (await page.evaluate(`(() => {
    const k = window.__nr.keys.at(-1);
    const after = (list) => list.filter((x) => x.at >= k).at(-1);
    const d = after(window.__nr.drawn), y = after(window.__nr.ready);
    return d && y ? { drawn: d.at - k, ready: y.at - k } : null;
  })()`)) as Move | null;
  if (r === null) throw new Error("no region drawn after N");
  return r;
}

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function pass(page: Page, examId: string, questionId: string, quick: boolean): Promise<Move[]> {
  await page.goto(`/exams/${examId}/by-question?q=${questionId}`);
  await waitInPage(page, `${readyNow} !== null`, 60_000, "the first region ready").catch(async (e) => {
    console.error(
      `  the desk said: ${String(await page.evaluate(`${QDESK}?.shadowRoot?.textContent ?? 'no desk'`).catch(() => "?"))
        .replace(/\s+/g, " ")
        .slice(0, 400)}`,
    );
    throw e;
  });
  await page.evaluate(RECORDER);
  const moves: Move[] = [];
  // quick: the same 20 moves (the goal is a p50 of 20), with less thinking time between them
  for (let i = 0; i < MOVES; i++) {
    await new Promise((r) => setTimeout(r, quick ? THINK_MS / 2 : THINK_MS));
    moves.push(await oneMove(page));
  }
  return moves;
}

export interface NextRegionResult {
  /** cold, N → painted and interactive: the headline */
  p50: number;
  samples: number[];
  /** cold, N → painted */
  drawnP50: number;
  warmP50: number;
  warmSamples: number[];
  warmDrawnP50: number;
  seedMs: number;
}

/** The copies' pages that share a scan page get that page's images, rasterized once (quick seeds). */
async function imagesOnce(ctx: AppContext, examId: string, pool: RasterPool, mediaRoot: string): Promise<void> {
  const media = new MediaStore(mediaRoot);
  const exam = await ctx.db.exam.findUniqueOrThrow({ where: { id: examId }, select: { identityZones: true } });
  const zones = parseZones(exam.identityZones);
  const pages = await ctx.db.page.findMany({
    where: { copy: { examId } },
    select: { id: true, copyId: true, position: true, sourcePath: true, sourcePage: true, rotation: true, half: true, extraBookletId: true },
  });
  const made = new Map<string, Awaited<ReturnType<RasterPool["rasterize"]>>>();
  for (const page of pages) {
    const wanted = wantedImages(page, zones);
    const at = `${page.sourcePath}|${page.sourcePage}|${page.position}`;
    let outputs = made.get(at);
    if (!outputs) {
      outputs = await pool.rasterize({
        file: media.abs(page.sourcePath),
        sourcePage: page.sourcePage,
        rotation: page.rotation,
        half: page.half,
        outputs: missingImages(wanted, []).map((m) => ({ variant: m.variant, zones: m.zones })),
      });
      made.set(at, outputs);
    }
    await storeImages(ctx.db, media, page.id, wanted, outputs);
  }
}

/** `warm: false`: the cold pass only; `beforeMoves`: awaited once everything is set up, before the first page load. */
export async function measureNextRegion(opts: { quick: boolean; warm?: boolean; beforeMoves?: () => Promise<void> }): Promise<NextRegionResult> {
  await ensureClientBuilt();
  const dbh = await benchDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "korrigo-bench-next-region-"));
  let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
  const browser = await launchChromium("full"); // the browser teachers run
  try {
    await applyMigrations(dbh.url);
    const t0 = performance.now();
    const world = await seed(dbh.url, path.join(dataDir, "media"), MOVES + 2, opts.quick);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    server = await startTestServer({ databaseUrl: dbh.url, env: { PORT: String(port), PUBLIC_URL: url, DATA_DIR: dataDir } });
    // intake's page images job, as the worker runs it (the bench's longest wait); --quick: each scan page once
    const pool = new RasterPool({ timeoutMs: 120_000, size: RASTER_THREADS });
    try {
      if (opts.quick) await imagesOnce(server.ctx, world.examId, pool, path.join(dataDir, "media"));
      const made = await makeExamImages(server.ctx, world.examId, pool, server.ctx.log);
      if (made.failed) throw new Error(`${made.failed} page images failed`);
    } finally {
      await pool.close();
    }
    const seedMs = performance.now() - t0;
    const context = await browser.newContext({ baseURL: url, viewport: { width: 1366, height: 900 }, locale: "fr-FR" });
    const login = await context.request.post("/api/auth/login", {
      data: { username: world.grader.username, password: world.grader.password },
      headers: { Origin: url },
    });
    if (!login.ok()) throw new Error(`sign-in failed: ${login.status()} ${await login.text()}`);
    await opts.beforeMoves?.();
    const page = await context.newPage();
    page.on("console", (m) => m.type() === "error" && console.error(`  browser: ${m.text()}`));
    page.on("pageerror", (e) => console.error(`  browser: ${e.message}`));
    const cold = await pass(page, world.examId, world.question, opts.quick);
    const warm = opts.warm === false ? cold : await pass(page, world.examId, world.second, opts.quick);
    const ready = (ms: Move[]) => ms.map((m) => m.ready);
    const drawn = (ms: Move[]) => ms.map((m) => m.drawn);
    return {
      p50: p50(ready(cold)),
      samples: ready(cold),
      drawnP50: p50(drawn(cold)),
      warmP50: p50(ready(warm)),
      warmSamples: ready(warm),
      warmDrawnP50: p50(drawn(warm)),
      seedMs,
    };
  } finally {
    await browser.close();
    await server?.close();
    await dbh.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
