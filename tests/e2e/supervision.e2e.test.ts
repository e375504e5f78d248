// Supervision in Chromium: the dashboard shows who is on which copy and updates live when a copy
// changes state (exam:stats, no reload, no polling); the supervisor opens the copy a grader is
// working on, read-only, sees the grader's stroke and scores appear (the total follows), and the
// grader sees the supervisor there.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadExamQuestions } from "../../server/supervision/exam-questions.ts";
import { signInContext, startResultsApp, userWithRole, type ResultsApp } from "../helpers/results-app.ts";
import { createScoredCopy } from "../helpers/supervision-factories.ts";
import { a11yViolations } from "./support/a11y.ts";
import { launchChromium, newPage, screenshot } from "./support/browser.ts";
import { drawnKinds, drawStroke, waitForDesk, waitInPage } from "./support/desk.ts";

let app: ResultsApp;
let browser: Browser;
let examId: string;
let watched: { id: string; anonymousCode: string };
let toFinalize: string;
let grader: Awaited<ReturnType<typeof userWithRole>>;
let supervisor: Awaited<ReturnType<typeof userWithRole>>;

const HOUR = 3_600_000;
const DASH = `document.querySelector('ko-app').shadowRoot.querySelector('ko-supervisor-dashboard').shadowRoot`;
const tile = (page: Page, state: string) => page.evaluate(`${DASH}.querySelector('.tile[data-state="${state}"] dd')?.textContent`);

beforeAll(async () => {
  browser = await launchChromium();
  app = await startResultsApp();
  const db = app.tdb.db;
  examId = (await db.exam.findFirstOrThrow({ select: { id: true } })).id;
  grader = await userWithRole(app, "GRADER", "M. Jean Roche");
  supervisor = await userWithRole(app, "SUPERVISOR", "Mme Claire Dumas");
  watched = await db.copy.findFirstOrThrow({ where: { examId, seq: 1 }, select: { id: true, anonymousCode: true } });
  await db.assignment.create({ data: { copyId: watched.id, graderId: grader.id } });
  // graded copies for the charts, finalized by the grader over the last hours
  const q = (await loadExamQuestions(db, examId)).all.map((x) => x.id);
  const marks = [
    [2, 3, 2, 3, 4, 6],
    [1, 2, 1, 2, 2, 3],
    [2, 1.5, 2, 1, 3, 2.5],
    [0.5, 1, 0, 1, 1, 2],
    [2, 3, 2, 2, 3, 5],
  ];
  for (const [i, m] of marks.entries()) {
    const c = await createScoredCopy(db, app.mediaDir, examId, {
      finalizedById: grader.id,
      finalizedAt: new Date(Date.now() - (marks.length - i) * 0.5 * HOUR),
      scores: Object.fromEntries(q.map((id, k) => [id, m[k]!])),
    });
    await db.assignment.create({ data: { copyId: c.id, graderId: grader.id } });
  }
  // fully scored and still READY: the supervisor finalizes it while the dashboard is open
  toFinalize = (await createScoredCopy(db, app.mediaDir, examId, { state: "READY", scores: Object.fromEntries(q.map((id) => [id, 1])) })).id;
  await db.assignment.create({ data: { copyId: toFinalize, graderId: grader.id } });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("supervision", () => {
  it("shows the dashboard live, then lets the supervisor watch a grader's strokes as they happen", async () => {
    const g = await newPage(browser, app.url);
    await signInContext(g.context, app.url, grader);
    await g.page.goto(`/copies/${watched.id}`);
    await waitForDesk(g.page);

    const s = await newPage(browser, app.url);
    await signInContext(s.context, app.url, supervisor);
    await s.page.goto("/");
    await s.page.getByRole("link", { name: /Ouvrir — Suivi de la correction/ }).click();
    await s.page.getByRole("link", { name: /Suivre Bac blanc de mathématiques/ }).click();
    await s.page.getByRole("status").filter({ hasText: "En direct" }).waitFor();
    // who is on which copy, since when
    const lockRow = s.page.getByRole("row", { name: new RegExp(watched.anonymousCode) });
    await lockRow.filter({ hasText: "M. Jean Roche" }).waitFor();
    expect(await tile(s.page, "GRADED")).toBe("5");
    expect(await tile(s.page, "FINALIZING")).toBe("0");

    // a copy changes state: the dashboard follows without a reload
    const me = await s.context.request.get(`${app.url}/api/me`);
    const { csrfToken } = (await me.json()) as { csrfToken: string };
    const fin = await s.context.request.post(`${app.url}/api/copies/${toFinalize}/finalize`, { headers: { "x-csrf-token": csrfToken, origin: app.url } });
    expect(fin.status()).toBe(202);
    await waitInPage(s.page, `${DASH}.querySelector('.tile[data-state="FINALIZING"] dd')?.textContent === '1'`, 10_000, "the FINALIZING tile to show 1");
    await s.page.getByRole("figure", { name: /Répartition des notes/ }).waitFor();
    await screenshot(s.page, "supervision-01-dashboard");
    expect(await a11yViolations(s.page)).toEqual([]);

    // watch the copy: the grader's desk, read-only
    await lockRow.getByRole("link", { name: /Regarder/ }).click();
    await s.page.waitForURL(`**/copies/${watched.id}`);
    await waitForDesk(s.page);
    expect(await drawnKinds(s.page)).toEqual([]);
    // the grader sees the supervisor on the copy
    await waitInPage(
      g.page,
      `(document.querySelector('ko-app').shadowRoot.querySelector('ko-desk').shadowRoot.querySelector('ko-presence')?.shadowRoot?.textContent ?? '').includes('Claire Dumas')`,
      15_000,
      "the supervisor's presence on the grader's desk",
    );

    await drawStroke(g.page, [
      [0.2, 0.3],
      [0.3, 0.35],
      [0.4, 0.3],
      [0.5, 0.4],
    ]);
    await expect.poll(() => drawnKinds(g.page), { timeout: 20_000 }).toEqual(["pen"]);
    await expect.poll(() => drawnKinds(s.page), { timeout: 10_000 }).toEqual(["pen"]);

    // a score the grader enters shows live on the supervisor's read-only scoring panel, and the total follows
    const total = (p: Page) => p.locator("ko-score-panel [data-total]").textContent();
    const q1a = (p: Page) => p.getByLabel(/^Note de la question 1\.a, sur 2 points$/);
    const q1b = (p: Page) => p.getByLabel(/^Note de la question 1\.b, sur 3 points$/);
    expect([await q1a(s.page).inputValue(), await q1b(s.page).inputValue(), await total(s.page)]).toEqual(["", "", "0"]);
    expect(await q1a(s.page).evaluate((el) => (el as HTMLInputElement).readOnly || (el as HTMLInputElement).disabled)).toBe(true);
    await q1a(g.page).fill("1,5");
    await q1a(g.page).press("Enter");
    await expect.poll(() => q1a(s.page).inputValue(), { timeout: 10_000 }).toBe("1,5");
    await expect.poll(() => total(s.page), { timeout: 20_000 }).toBe("1,5");
    await q1b(g.page).fill("2");
    await q1b(g.page).press("Enter");
    await expect.poll(() => q1b(s.page).inputValue(), { timeout: 10_000 }).toBe("2");
    await expect.poll(() => total(s.page), { timeout: 20_000 }).toBe("3,5");
    expect(await total(g.page)).toBe("3,5");
    await screenshot(s.page, "supervision-02-watching-live");
    await screenshot(g.page, "supervision-03-grader-sees-supervisor");
    expect(s.errors).toEqual([]);
    expect(g.errors).toEqual([]);
    await s.context.close();
    await g.context.close();
  });
});
