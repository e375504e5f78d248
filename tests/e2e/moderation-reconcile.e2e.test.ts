// A moderation round in Chromium, from the dashboard to agreed marks: the supervisor sees the
// double-marked copies with what is left to decide and the agreement chart, opens a copy, keeps a
// layer's mark with the mouse and sets another with the keyboard alone (mark and required
// comment); a second supervisor's page on the same copy follows live; the dashboard then counts
// nothing left. French, then English; accessibility checked; screenshots looked at.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadExamQuestions } from "../../server/supervision/exam-questions.ts";
import { ModerationFixture } from "../helpers/moderation-factories.ts";
import { signInContext, startResultsApp, userWithRole, type ResultsApp } from "../helpers/results-app.ts";
import { a11yViolations } from "./support/a11y.ts";
import { launchChromium, newPage, screenshot } from "./support/browser.ts";
import { waitInPage } from "./support/desk.ts";

let app: ResultsApp;
let browser: Browser;
let fx: ModerationFixture;
let examId: string;
let copyId: string;
let code: string;
let qs: { id: string; path: string; maxPoints: number }[];
let supervisor: Awaited<ReturnType<typeof userWithRole>>;
let supervisor2: Awaited<ReturnType<typeof userWithRole>>;

const PAGE = `document.querySelector('ko-app').shadowRoot.querySelector('ko-reconcile-page').shadowRoot`;

beforeAll(async () => {
  browser = await launchChromium();
  app = await startResultsApp();
  const db = app.tdb.db;
  fx = new ModerationFixture(app.tdb, app.mediaDir);
  examId = (await db.exam.findFirstOrThrow({ select: { id: true } })).id;
  supervisor = await userWithRole(app, "SUPERVISOR", "Mme Claire Dumas");
  supervisor2 = await userWithRole(app, "SUPERVISOR", "M. Hugo Bernard");
  const first = await userWithRole(app, "GRADER", "Mme Ana Leroy");
  const second = await userWithRole(app, "GRADER", "M. Luc Martin");
  const all = [...(await loadExamQuestions(db, examId)).forVariant(null)];
  qs = all.slice(0, 3);
  expect(qs.length).toBe(3);
  // the other questions: marked alike by both
  const rest = Object.fromEntries(all.slice(3).map((q) => [q.id, q.maxPoints / 2]));
  const [a, b, c] = qs as [(typeof qs)[number], (typeof qs)[number], (typeof qs)[number]];
  const both = { firstMarkerId: first.id, secondMarkerId: second.id, pdf: false };
  // the copy to reconcile: a within tolerance; b and c far apart (to decide)
  const far = (q: typeof a, lo: boolean) => (lo ? 0 : q.maxPoints);
  const copy = await fx.copy(examId, {
    ...both,
    scores: { ...rest, [a.id]: a.maxPoints / 2, [b.id]: far(b, true), [c.id]: far(c, false) },
    second: { ...rest, [a.id]: a.maxPoints / 2, [b.id]: far(b, false), [c.id]: far(c, true) },
  });
  copyId = copy.id;
  code = copy.anonymousCode;
  // two more copies for the statistics, one agreed in full
  await fx.copy(examId, { ...both, scores: { ...rest, [a.id]: 1, [b.id]: 1, [c.id]: 1 }, second: { ...rest, [a.id]: 1, [b.id]: 1.5, [c.id]: 1 } });
  await fx.copy(examId, { ...both, scores: { ...rest, [a.id]: 0, [b.id]: 1, [c.id]: 0 }, second: { ...rest, [a.id]: 0.5, [b.id]: 1, [c.id]: 0 } });
}, 180_000);
afterAll(async () => {
  await fx?.close();
  await browser?.close();
  await app?.close();
});

describe("a moderation round in the browser", () => {
  it("from the dashboard to agreed marks, with a second supervisor following live", async () => {
    const s = await newPage(browser, app.url);
    await signInContext(s.context, app.url, supervisor);
    await s.page.goto(`/supervision/exams/${examId}`);
    const list = s.page.getByTestId("reconcile");
    await list.getByTestId("reconcile-list").waitFor({ timeout: 30_000 });
    const row = list.locator(`tr[data-copy="${copyId}"]`);
    expect(await row.locator("td").nth(1).textContent()).toBe("2");
    await s.page.getByTestId("agreement").getByRole("img").first().waitFor({ timeout: 15_000 });
    await s.page.getByTestId("reconcile").scrollIntoViewIfNeeded();
    await screenshot(s.page, "reconcile-01-dashboard-fr");

    await row.getByRole("link", { name: `Réconcilier ${code}` }).click();
    await s.page.waitForURL(`**/supervision/exams/${examId}/reconcile/${copyId}`, { timeout: 30_000 });
    const table = s.page.getByTestId("reconcile-table");
    await table.waitFor({ timeout: 30_000 });
    expect(await s.page.getByTestId("summary").textContent()).toContain("2 question(s) à décider sur");

    // the second supervisor has the same copy open
    const o = await newPage(browser, app.url);
    await signInContext(o.context, app.url, supervisor2);
    await o.page.goto(`/supervision/exams/${examId}/reconcile/${copyId}`);
    await o.page.getByTestId("reconcile-table").waitFor({ timeout: 30_000 });
    await screenshot(s.page, "reconcile-02-copy-fr");
    expect(await a11yViolations(s.page)).toEqual([]);

    // mouse: keep the second marking on b
    const [, b, c] = qs as [(typeof qs)[number], (typeof qs)[number], (typeof qs)[number]];
    await table
      .locator(`tr[data-question="${b.id}"]`)
      .getByRole("button", { name: /^Retenir la 2de/ })
      .click();
    await s.page.getByRole("status").filter({ hasText: "décision enregistrée" }).waitFor({ timeout: 15_000 });
    // the other supervisor's page follows, without a reload
    await waitInPage(
      o.page,
      `${PAGE}.querySelector('tr[data-question="${b.id}"] [data-source]')?.dataset.source === 'SECOND'`,
      30_000,
      "the decision on the other page",
    );
    expect(await o.page.getByText("La réconciliation a été mise à jour.").count()).toBe(1);

    // the other page stops hearing of changes (its reloads fail): it will decide on what it last saw
    await o.page.route("**/api/copies/*/reconciliation", (route) => (route.request().method() === "GET" ? route.abort() : route.continue()));

    // keyboard only: set a mark on c with its comment
    await table.locator(`tr[data-question="${c.id}"] [data-action="set"]`).focus();
    await s.page.keyboard.press("Enter");
    await s.page.keyboard.type(String(c.maxPoints / 2).replace(".", ","));
    await s.page.keyboard.press("Tab");
    await s.page.keyboard.press("Tab"); // an empty comment is refused with a message
    await s.page.keyboard.press("Enter");
    await s.page.getByText("Une note fixée à la main demande un commentaire.").waitFor({ timeout: 10_000 });
    await s.page.keyboard.press("Shift+Tab");
    await s.page.keyboard.type("Démarche juste, calcul final faux");
    await screenshot(s.page, "reconcile-03-mark-form-fr");
    await s.page.keyboard.press("Tab");
    await s.page.keyboard.press("Enter");
    await s.page.getByTestId("summary").filter({ hasText: "Toutes les questions sont accordées" }).waitFor({ timeout: 15_000 });
    expect(await table.locator(`tr[data-question="${c.id}"] [data-testid="agreed"]`).textContent()).toBe(String(c.maxPoints / 2).replace(".", ","));
    await screenshot(s.page, "reconcile-04-agreed-fr");
    // the other supervisor, still seeing c to decide, keeps the first marking: refused, told who decided what
    await o.page
      .locator(`tr[data-question="${c.id}"]`)
      .getByRole("button", { name: /^Retenir la 1re/ })
      .click();
    await o.page.getByRole("alert").filter({ hasText: "Mme Claire Dumas a décidé entre-temps (note fixée" }).waitFor({ timeout: 15_000 });
    await screenshot(o.page, "reconcile-05-other-supervisor-refused-fr");
    await o.page.unroute("**/api/copies/*/reconciliation");
    await o.page.reload();
    await waitInPage(
      o.page,
      `document.querySelector('ko-app')?.shadowRoot?.querySelector('ko-reconcile-page')?.shadowRoot?.querySelector('tr[data-question="${c.id}"] [data-source]')?.dataset.source === 'MANUAL'`,
      30_000,
      "the winner's mark on the other page",
    );
    expect(await app.tdb.db.auditEvent.count({ where: { action: "reconciliation.decided", targetId: copyId } })).toBe(2);

    // back on the dashboard: nothing left on this copy
    await s.page.getByRole("link", { name: "Retour au tableau de bord" }).click();
    await s.page.getByTestId("reconcile-list").waitFor({ timeout: 30_000 });
    expect(await s.page.getByTestId("reconcile").locator(`tr[data-copy="${copyId}"] td`).nth(1).textContent()).toBe("0");

    // in English
    await s.page.evaluate(`localStorage.setItem('korrigo.locale', 'en')`);
    await s.page.goto(`/supervision/exams/${examId}/reconcile/${copyId}`);
    await s.page.getByTestId("summary").filter({ hasText: "Every question is agreed" }).waitFor({ timeout: 30_000 });
    await screenshot(s.page, "reconcile-06-copy-en");
    expect(await a11yViolations(s.page)).toEqual([]);
    expect(s.errors).toEqual([]);
    expect(o.errors.filter((e) => !/Failed to fetch|net::ERR_FAILED|Network error/i.test(e))).toEqual([]); // the aborted reloads
    await o.context.close();
    await s.context.close();
  });
});
