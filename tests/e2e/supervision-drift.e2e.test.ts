// Drift alerts in Chromium: a supervisor's dashboard is open while grading goes on; when the harsh
// grader's eighth copy is finalized, the alert appears live (no reload): who, which question, by
// how much, on how many copies; one click shows the copies, one more opens one. The chart shows
// every grader's gap with its interval, the harsh one in red. In French, then in English.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadExamQuestions } from "../../server/supervision/exam-questions.ts";
import { signInContext, startResultsApp, userWithRole, type ResultsApp } from "../helpers/results-app.ts";
import { createScoredCopy } from "../helpers/supervision-factories.ts";
import { a11yViolations } from "./support/a11y.ts";
import { launchChromium, newPage, screenshot } from "./support/browser.ts";
import { waitInPage } from "./support/desk.ts";

let app: ResultsApp;
let browser: Browser;
let examId: string;
let lastHarsh: string;
const harshCopies: string[] = [];
let supervisor: Awaited<ReturnType<typeof userWithRole>>;
let harsh: Awaited<ReturnType<typeof userWithRole>>;

const DASH = `document.querySelector('ko-app').shadowRoot.querySelector('ko-supervisor-dashboard').shadowRoot`;
const ALERTS = `${DASH}.querySelector('ko-drift-alerts').shadowRoot`;
/** marks of the first question, on /2 */
const PATTERN = [1, 1.5, 0.5, 1, 2, 1, 0.5, 1.5, 1, 1];

beforeAll(async () => {
  browser = await launchChromium();
  app = await startResultsApp();
  const db = app.tdb.db;
  examId = (await db.exam.findFirstOrThrow({ select: { id: true } })).id;
  supervisor = await userWithRole(app, "SUPERVISOR", "Mme Claire Dumas");
  harsh = await userWithRole(app, "GRADER", "M. Paul Sévère");
  const peers = [
    await userWithRole(app, "GRADER", "Mme Ana Leroy"),
    await userWithRole(app, "GRADER", "M. Luc Martin"),
    await userWithRole(app, "GRADER", "Mme Inès Roy"),
  ];
  const questions = (await loadExamQuestions(db, examId)).forVariant(null);
  const first = questions[0]!;
  const copy = async (graderId: string, i: number, shift: number, state: "GRADED" | "READY" = "GRADED") => {
    const a = PATTERN[i % PATTERN.length]!;
    const scores = Object.fromEntries(questions.map((q) => [q.id, q.id === first.id ? Math.max(0, a + shift) : Math.min(q.maxPoints, (a / 2) * q.maxPoints)]));
    const c = await createScoredCopy(db, app.mediaDir, examId, { state, pdf: false, finalizedById: graderId, scores });
    await db.assignment.create({ data: { copyId: c.id, graderId } });
    return c.id;
  };
  for (const [k, p] of peers.entries()) for (let i = 0; i < 10; i++) await copy(p.id, i + 3 * k, 0);
  for (let i = 0; i < 7; i++) harshCopies.push(await copy(harsh.id, i, -1));
  lastHarsh = await copy(harsh.id, 7, -1, "READY");
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("drift alerts on the dashboard", () => {
  it("appear live when the evidence is there, with the copies one click away", async () => {
    const s = await newPage(browser, app.url);
    await signInContext(s.context, app.url, supervisor);
    await s.page.goto(`/supervision/exams/${examId}`);
    await s.page.getByRole("status").filter({ hasText: "En direct" }).waitFor({ timeout: 30_000 });
    const section = s.page.getByTestId("drift");
    await section.getByText("Aucun écart notable entre correcteurs pour le moment.").waitFor({ timeout: 15_000 });
    // the chart is there already, every grader with an interval
    await section
      .getByRole("img", { name: /Écarts de notation de 4 correcteurs sur la question/ })
      .first()
      .waitFor({ timeout: 15_000 });

    // the harsh grader's eighth copy is finalized: the alert comes without a reload
    const me = await s.context.request.get(`${app.url}/api/me`);
    const { csrfToken } = (await me.json()) as { csrfToken: string };
    const fin = await s.context.request.post(`${app.url}/api/copies/${lastHarsh}/finalize`, { headers: { "x-csrf-token": csrfToken, origin: app.url } });
    expect(fin.status()).toBe(202);
    await waitInPage(s.page, `!!${ALERTS}.querySelector('[data-testid="drift-alert"]')`, 30_000, "the drift alert");
    const alert = section.getByTestId("drift-alert");
    expect(await alert.count()).toBe(1);
    const text = await alert.textContent();
    expect(text).toContain("M. Paul Sévère note la question");
    expect(text).toContain("plus sévère que les autres de");
    expect(text).toContain("sur 8 copies");
    expect(await s.page.evaluate(`${DASH}.querySelector('ko-chart-drift').shadowRoot.querySelectorAll('g.flagged').length`)).toBe(1);

    // one click: the copies; one more: the copy itself
    await alert.getByRole("button", { name: "Voir les 8 copies" }).click();
    const table = alert.getByTestId("drift-copies");
    await table.waitFor({ timeout: 10_000 });
    expect(await table.getByRole("link").count()).toBe(8);
    await screenshot(s.page, "drift-01-alert-fr");
    expect(await a11yViolations(s.page)).toEqual([]);

    // in English too
    await s.page.evaluate(`localStorage.setItem('korrigo.locale', 'en')`);
    await s.page.reload();
    await section.getByTestId("drift-alert").waitFor({ timeout: 30_000 });
    expect(await section.getByTestId("drift-alert").textContent()).toContain("M. Paul Sévère marks question");
    await section.getByTestId("drift-alert").getByRole("button", { name: "Show the 8 copies" }).click();
    await screenshot(s.page, "drift-02-alert-en");

    const firstLink = section.getByTestId("drift-copies").getByRole("link").first();
    const href = await firstLink.getAttribute("href");
    expect([...harshCopies, lastHarsh].some((id) => href === `/copies/${id}`)).toBe(true);
    await firstLink.click();
    await s.page.waitForURL(`**${href}`, { timeout: 30_000 });
    expect(s.errors).toEqual([]);
    await s.context.close();
  });
});
