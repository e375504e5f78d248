// Grading by question, in Debian's Chromium against a real server: the time from pressing `N` to
// the next copy's question region drawn (the server claims the next ungraded copy, the desk joins
// it, the scan prefetched during the previous copy is drawn in the region's window). Sets up its own
// database (DATABASE_URL's server, or an embedded PostgreSQL), server and browser; seeds an exam whose
// first question has a region, and copies of two scan-like JPEG pages each (150 dpi, ~150 KB).
// The grader spends a moment on each copy before `N` (the prefetch of the next one runs meanwhile).
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import type { Page } from "playwright-core";
import { createDb } from "../../../server/db/client.ts";
import { freePort } from "../../../server/db/embedded.ts";
import { applyMigrations } from "../../../server/db/migrate.ts";
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


async function seed(dbUrl: string, mediaRoot: string, copies: number) {
  const db = createDb(dbUrl, { max: 4 });
  const media = new MediaStore(mediaRoot);
  const exam = await createExamWithScale(db);
  const grader = await createUser(db, "GRADER");
  const [p1, p2] = scanJpegs(2);
  const question = exam.questions[0]!.id;
  for (let i = 0; i < copies; i++) {
    const pdf = await PDFDocument.create();
    for (const jpeg of [varyJpeg(p1!, `copy ${i} p1`), varyJpeg(p2!, `copy ${i} p2`)]) {
      const img = await pdf.embedJpg(jpeg);
      pdf.addPage([595.28, 841.89]).drawImage(img, { x: 0, y: 0, width: 595.28, height: 841.89 });
    }
    const stored = await media.putBytes("scans", await pdf.save(), "pdf");
    const copy = await db.copy.create({
      data: {
        examId: exam.id, seq: i + 1, anonymousCode: `N${crypto.randomBytes(2).toString("hex").toUpperCase()}-${String(i + 1).padStart(3, "0")}`, state: "READY",
        pages: { create: [0, 1].map((p) => ({ position: p, sourcePath: stored.rel, sourcePage: p, widthPt: 595.28, heightPt: 841.89 })) },
      },
    });
    await assignCopy(db, copy.id, grader.id);
  }
  await db.exam.update({ where: { id: exam.id }, data: { nextCopySeq: copies + 1 } });
  await db.questionRegion.create({ data: { examId: exam.id, questionId: question, position: 0, page: 1, x: 0.05, y: 0.12, w: 0.9, h: 0.38 } });
  await db.$disconnect();
  return { examId: exam.id, question, grader };
}

/** In the page: each `N` keydown and each region drawn, with performance.now(). */
const RECORDER = `(() => {
  window.__nr = { keys: [], drawn: [] };
  window.addEventListener('keydown', (e) => { if (e.key === 'n' || e.key === 'N') window.__nr.keys.push(performance.now()); }, true);
  window.addEventListener('ko-region-drawn', (e) => window.__nr.drawn.push({ copyId: e.detail.copyId, at: performance.now() }));
})()`;

const QDESK = `document.querySelector('ko-app')?.shadowRoot?.querySelector('ko-question-desk')`;
const drawnNow = `(() => { const v = ${QDESK}?.shadowRoot?.querySelector('ko-region-view'); return !!v && v.dataset.drawn === v.copyId ? v.copyId : null; })()`;

async function oneMove(page: Page): Promise<number> {
  const before = (await page.evaluate(drawnNow)) as string | null;
  await page.keyboard.press("n");
  await waitInPage(page, `(() => { const d = ${drawnNow}; return d !== null && d !== ${JSON.stringify(before)}; })()`, 30_000, "the next region drawn");
  const r = (await page.evaluate(`(() => { const k = window.__nr.keys.at(-1); const d = window.__nr.drawn.filter((x) => x.at >= k).at(-1); return d ? d.at - k : null; })()`)) as number | null;
  if (r === null) throw new Error("no region drawn after N");
  return r;
}

export async function measureNextRegion(opts: { quick: boolean }): Promise<{ p50: number; samples: number[] }> {
  await ensureClientBuilt();
  const dbh = await benchDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "korrigo-bench-next-region-"));
  let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
  const browser = await launchChromium();
  try {
    await applyMigrations(dbh.url);
    const world = await seed(dbh.url, path.join(dataDir, "media"), MOVES + 2);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    server = await startTestServer({ databaseUrl: dbh.url, env: { PORT: String(port), PUBLIC_URL: url, DATA_DIR: dataDir } });
    const context = await browser.newContext({ baseURL: url, viewport: { width: 1366, height: 900 }, locale: "fr-FR" });
    const login = await context.request.post("/api/auth/login", { data: { username: world.grader.username, password: world.grader.password }, headers: { Origin: url } });
    if (!login.ok()) throw new Error(`sign-in failed: ${login.status()} ${await login.text()}`);
    const page = await context.newPage();
    await page.goto(`/exams/${world.examId}/by-question?q=${world.question}`);
    await waitInPage(page, `${drawnNow} !== null`, 60_000, "the first region drawn");
    await page.evaluate(RECORDER);
    const samples: number[] = [];
    // quick: the same 20 moves (the goal is a p50 of 20), with less thinking time between them
    for (let i = 0; i < MOVES; i++) {
      await new Promise((r) => setTimeout(r, opts.quick ? THINK_MS / 2 : THINK_MS));
      samples.push(await oneMove(page));
    }
    const sorted = [...samples].sort((a, b) => a - b);
    return { p50: sorted[Math.floor(sorted.length / 2)]!, samples };
  } finally {
    await browser.close();
    await server?.close();
    await dbh.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
