// Supervision in Chromium: a render that fails while the dashboard is open appears live in the
// "PDF en échec" table under the copy counts (code, error), and its code opens the copy's desk,
// where the supervisor retries or reopens it.
import pino from "pino";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderCopy } from "../../server/render/render-copy-handler.ts";
import { MediaStore } from "../../server/storage/media-store.ts";
import { loadExamQuestions } from "../../server/supervision/exam-questions.ts";
import { signInContext, startResultsApp, userWithRole, type ResultsApp } from "../helpers/results-app.ts";
import { createScoredCopy } from "../helpers/supervision-factories.ts";
import { a11yViolations } from "./support/a11y.ts";
import { launchChromium, newPage, screenshot } from "./support/browser.ts";

let app: ResultsApp;
let browser: Browser;
let examId: string;
let toFail: { id: string; anonymousCode: string };
let supervisor: Awaited<ReturnType<typeof userWithRole>>;

beforeAll(async () => {
  browser = await launchChromium();
  app = await startResultsApp();
  const db = app.tdb.db;
  examId = (await db.exam.findFirstOrThrow({ select: { id: true } })).id;
  supervisor = await userWithRole(app, "SUPERVISOR", "Mme Claire Dumas");
  const q = (await loadExamQuestions(db, examId)).all.map((x) => x.id);
  // fully scored, READY, no pages: once finalized, its render fails ("the copy has no pages")
  toFail = await createScoredCopy(db, app.mediaDir, examId, { state: "READY", scores: Object.fromEntries(q.map((id) => [id, 1])) });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("failed renders on the supervisor dashboard", () => {
  it("lists a render failure live and links its code to the copy's desk", async () => {
    const s = await newPage(browser, app.url);
    await signInContext(s.context, app.url, supervisor);
    await s.page.goto(`/supervision/exams/${examId}`);
    await s.page.getByRole("status").filter({ hasText: "En direct" }).waitFor();
    expect(await s.page.getByTestId("failed-renders").count()).toBe(0);

    const me = await s.context.request.get(`${app.url}/api/me`);
    const { csrfToken } = (await me.json()) as { csrfToken: string };
    const fin = await s.context.request.post(`${app.url}/api/copies/${toFail.id}/finalize`, { headers: { "x-csrf-token": csrfToken, origin: app.url } });
    expect(fin.status()).toBe(202);
    const { docHash } = (await fin.json()) as { docHash: string };
    const deps = {
      db: app.tdb.db,
      media: new MediaStore(app.mediaDir),
      render: () => Promise.reject(new Error("not reached")),
      log: pino({ level: "silent" }),
    };
    await expect(renderCopy(deps, { copyId: toFail.id, docHash })).rejects.toThrow("the copy has no pages");

    const row = s.page.getByTestId("failed-renders").getByRole("row", { name: new RegExp(toFail.anonymousCode) });
    await row.filter({ hasText: "the copy has no pages" }).waitFor({ timeout: 10_000 });
    await screenshot(s.page, "supervision-failed-renders");
    expect(await a11yViolations(s.page)).toEqual([]);
    await row.getByRole("link", { name: `Ouvrir la copie ${toFail.anonymousCode}` }).click();
    await s.page.waitForURL(`**/copies/${toFail.id}`);
    expect(s.errors).toEqual([]);
    await s.context.close();
  });
});
