// Issue 21, the rest of the keyboard and the small things: ticks, crosses, the question's mark and
// saved comments placed at the current question without a pointer (Shift+V/X/M, Alt+1); the same
// grader's second tab is shown ("Aussi ouverte dans un autre onglet"); the desk says "n / N
// copies" and the grader's home shows each copy's mark; axe finds no landmark or skip-link fault
// on the desk and the home. Each test builds its own exam dispatched to Bernard.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../server/seed/demo-seed.ts";
import { a11yViolations, landmarkViolations } from "./support/a11y.ts";
import { startAppServer, type AppServer } from "./support/app-server.ts";
import { DESKTOP, launchChromium, screenshot } from "./support/browser.ts";
import { drawnKinds, waitForDesk, waitForPageImages } from "./support/desk.ts";
import { api, examWithCopies, signedInPage } from "./support/exam-setup.ts";

const admin = DEMO_ACCOUNTS.find((a) => a.role === "ADMIN")!;
const bernard = DEMO_ACCOUNTS.find((a) => a.username === "prof.bernard")!;
const EXERCISES = [
  { label: "Exercice 1", maxPoints: 6 },
  { label: "Exercice 2", maxPoints: 8 },
  { label: "Exercice 3", maxPoints: 6 },
];
const DESK = `document.querySelector('ko-app').shadowRoot.querySelector('ko-desk')`;
const POLL_MS = 45_000;

let browser: Browser;
let app: AppServer;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  app = await startAppServer({ worker: true, maintenance: false, staffReady: true });
}, 600_000);
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => {});
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function bernardsCopies(title: string): Promise<{ examId: string; copies: string[] }> {
  const office = await signedInPage(browser, app.url, admin, DESKTOP);
  contexts.push(office.context);
  const examId = await examWithCopies(office.context, app.url, { title, exercises: EXERCISES, pages: 4, pagesPerCopy: 2, validate: true });
  const b = await app.tdb.db.user.findUniqueOrThrow({ where: { username: bernard.username } });
  await (await api(office.context, app.url)).post(`/api/exams/${examId}/dispatch`, {
    mode: "copies",
    graderIds: [b.id],
    redispatch: false,
    includeStarted: false,
  });
  const copies = (await app.tdb.db.copy.findMany({ where: { examId }, orderBy: { seq: "asc" }, select: { id: true } })).map((c) => c.id);
  await waitForPageImages(app.tdb.db, copies);
  return { examId, copies };
}

async function openDesk(copyId: string): Promise<{ page: Page; errors: string[]; context: BrowserContext }> {
  const t = await signedInPage(browser, app.url, bernard, DESKTOP);
  contexts.push(t.context);
  await t.page.goto(`/copies/${copyId}`);
  await waitForDesk(t.page, 180_000);
  return t;
}

/** Annotations of both pages with their page and box, from the fabric layers. */
const placed = (page: Page): Promise<Array<{ kind: string; page: number; x: number; y: number }>> =>
  page.evaluate(
    `[...${DESK}.shadowRoot.querySelectorAll('ko-page-view')].flatMap((v) => (v.layer?.canvas.getObjects() ?? []).filter((o) => o.annotationId).map((o) => ({ kind: o.annotationKind, page: v.index, x: o.left / 1000, y: o.top }))).sort((a, b) => a.y - b.y)`,
  ) as Promise<Array<{ kind: string; page: number; x: number; y: number }>>;

describe("marks placed from the keyboard", () => {
  it("Shift+V, Shift+X and Shift+M place a tick, a cross and the mark at the current question, in the margin, one below the other; Alt+1 places saved comment 1", async () => {
    const { copies } = await bernardsCopies("Clavier — coches et commentaires");
    const { page, errors } = await openDesk(copies[0]!);
    // a saved comment, numbered 1 in the list
    await page.getByLabel("Nouveau commentaire type").fill("Bien vu");
    await page.getByRole("button", { name: "Ajouter" }).click();
    const saved = page.getByRole("button", { name: /^Bien vu/ });
    await saved.waitFor({ timeout: POLL_MS });
    expect(await saved.getAttribute("aria-keyshortcuts")).toBe("Alt+1");

    // the second question is the current one: its score field has focus
    await page.getByLabel(/^Note de la question Exercice 2,/).focus();
    await page.keyboard.press("Escape"); // back on the pages, question 2 still current
    await page.keyboard.press("Shift+V");
    await expect.poll(() => drawnKinds(page, 0), { timeout: POLL_MS }).toEqual(["tick"]);
    await page.keyboard.press("Shift+X");
    await expect.poll(() => drawnKinds(page, 0), { timeout: POLL_MS }).toEqual(["cross", "tick"]);
    await page.keyboard.press("Shift+M");
    await expect.poll(() => drawnKinds(page, 0), { timeout: POLL_MS }).toEqual(["cross", "mark", "tick"]);
    await page.keyboard.press("Alt+1");
    await expect.poll(() => drawnKinds(page, 0), { timeout: POLL_MS }).toEqual(["cross", "mark", "text", "tick"]);
    const marks = await placed(page);
    // in the right margin, none on top of another, at the height of question 2 of 3 (a third down)
    for (const m of marks.filter((m) => m.kind !== "text")) expect(m.x).toBeGreaterThan(0.8);
    const ys = marks.map((m) => m.y);
    expect(new Set(ys.map((y) => Math.round(y))).size).toBe(ys.length);
    await screenshot(page, "desk-keyboard-marks-01");
    // from inside a score field: Alt+Shift+V (Shift+V alone types a capital)
    const score = page.getByLabel(/^Note de la question Exercice 1,/);
    await score.focus();
    await page.keyboard.press("Alt+Shift+V");
    await expect.poll(async () => (await drawnKinds(page, 0)).filter((k) => k === "tick").length, { timeout: POLL_MS }).toBe(2);
    expect(await score.inputValue()).toBe("");
    // all of it is in the document on the server
    await expect.poll(async () => (await page.evaluate(`${DESK}.hasUnsavedChanges`)) as boolean, { timeout: POLL_MS }).toBe(false);
    expect(errors).toEqual([]);
  }, 900_000);
});

describe("the small things", () => {
  it("a second tab of the same grader is shown on both; the desk counts the copies; the home shows each copy's mark; axe is clean on desk and home", async () => {
    const { copies } = await bernardsCopies("Onglets, progression et notes");
    const first = await openDesk(copies[0]!);
    await expect.poll(() => first.page.locator("[data-copy-progress]").textContent(), { timeout: POLL_MS }).toBe("0 / 2 copies");
    expect(await first.page.getByText("Aussi ouverte dans un autre onglet").count()).toBe(0);
    // the same account, another tab (same browser context: same session)
    const second = await first.context.newPage();
    await second.goto(`/copies/${copies[0]}`);
    await waitForDesk(second, 180_000);
    await second.getByText("Aussi ouverte dans un autre onglet").waitFor({ timeout: POLL_MS });
    await first.page.getByText("Aussi ouverte dans un autre onglet").waitFor({ timeout: POLL_MS });
    await screenshot(second, "desk-other-tab");
    // the other tab closes: the first one stops saying so
    await second.close();
    await expect.poll(() => first.page.getByText("Aussi ouverte dans un autre onglet").count(), { timeout: POLL_MS }).toBe(0);

    // axe on the desk: landmarks and skip link, and the WCAG rules
    expect(await landmarkViolations(first.page)).toEqual([]);
    expect(await a11yViolations(first.page)).toEqual([]);

    // a score, then home: the copy shows its mark so far
    const score = first.page.getByLabel(/^Note de la question Exercice 2,/);
    await score.fill("6,5");
    await score.press("Enter");
    await expect.poll(async () => (await first.page.evaluate(`${DESK}.hasUnsavedChanges`)) as boolean, { timeout: POLL_MS }).toBe(false);
    await first.page.goto("/");
    const table = first.page.getByRole("region", { name: /Onglets, progression et notes/ });
    const cell = table.locator("[data-mark]").first();
    await expect.poll(() => cell.textContent(), { timeout: POLL_MS }).toBe("6,5 / 20 (1 / 3 questions notées)");
    expect(await table.locator("[data-mark]").nth(1).textContent()).toBe("—");
    await screenshot(first.page, "grader-home-marks");
    expect(await landmarkViolations(first.page)).toEqual([]);
    expect(await a11yViolations(first.page)).toEqual([]);
    expect(first.errors).toEqual([]);
  }, 900_000);
});
