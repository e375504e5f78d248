// The grader desk in the whole Chromium teachers run (not the headless shell the other files drive)
// against a real server, each test with copies (and mostly a grader) of its own, so one failure
// leaves nothing behind for the next: a grader opens a copy from the home, draws, ticks, writes and
// scores; a second tab sees it live; a reload keeps it; work done offline
// is saved on return; another grader is refused the lock; finalize lists what is unscored first;
// a question's mark placed in the margin follows its score, here and in another tab; a supervisor
// reopens a graded copy and the grader's open desk becomes editable again; a failed render shows its
// error on the release page and "Relancer le rendu" brings the copy to GRADED.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readAnnotations, readScores } from "../../collab/index.ts";
import { DEMO_ACCOUNTS } from "../../server/seed/demo-seed.ts";
import { storedDoc } from "../helpers/grading-fixture.ts";
import { a11yViolations } from "./support/a11y.ts";
import { startAppServer, type AppServer } from "./support/app-server.ts";
import { TABLET, launchChromium, screenshot } from "./support/browser.ts";
import { clickOnPage, drawStroke, drawnKinds, markTexts, saveStatusText, waitForDesk } from "./support/desk.ts";
import { signedInPage } from "./support/exam-setup.ts";
import { DEMO_EXAM_TITLE, demoCopy, newGrader, userId, type TestCopy, type TestGrader } from "./support/grading-setup.ts";

const martin = DEMO_ACCOUNTS.find((a) => a.username === "prof.martin")!;
const bernard = DEMO_ACCOUNTS.find((a) => a.username === "prof.bernard")!;
const direction = DEMO_ACCOUNTS.find((a) => a.role === "SUPERVISOR")!;
const admin = DEMO_ACCOUNTS.find((a) => a.role === "ADMIN")!;
const SCORES: Record<string, string> = { "1.a": "2", "1.b": "1,5", "2.a": "2", "2.b": "3", "3.a": "4", "3.b": "5,25" };

let app: AppServer;
let browser: Browser;
let contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium("full");
  app = await startAppServer({ worker: true, staffReady: true }); // the worker renders finalized copies
}, 180_000);
afterEach(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  contexts = [];
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function signedIn(account: { username: string; password: string }, viewport?: { width: number; height: number }) {
  const p = await signedInPage(browser, app.url, account, viewport);
  contexts.push(p.context);
  return p;
}

/** This test's own grader and `n` copies of the demo exam dispatched to them (and to `alsoTo`). */
async function gradingStart(n = 1, alsoTo: string[] = []): Promise<{ grader: TestGrader; copies: TestCopy[] }> {
  const grader = await newGrader(app.tdb.db);
  const copies: TestCopy[] = [];
  for (let i = 0; i < n; i++) copies.push(await demoCopy(app.tdb.db, [grader.id, ...alsoTo]));
  return { grader, copies };
}

/** A signed-in desk on a copy, interactive and saved. */
async function openDesk(account: { username: string; password: string }, copyId: string, viewport?: { width: number; height: number }) {
  const p = await signedIn(account, viewport);
  await p.page.goto(`/copies/${copyId}`);
  await waitForDesk(p.page);
  return p;
}

const status = (page: Page) => saveStatusText(page);
const waitSaved = (page: Page) => expect.poll(() => status(page), { timeout: 10_000 }).toBe("Enregistré");
const scoreInput = (page: Page, label: string) => page.getByLabel(new RegExp(`^Note de la question ${label.replace(".", "\\.")}, sur`));

/** What the second test does through the desk: a stroke, a tick, a text note and every score (17,75). */
async function annotateAndScore(a: Page): Promise<void> {
  await drawStroke(a, [
    [0.15, 0.3],
    [0.25, 0.33],
    [0.35, 0.29],
    [0.45, 0.34],
  ]);
  await a.keyboard.press("v");
  await clickOnPage(a, 0.8, 0.2);
  await a.keyboard.press("t");
  await clickOnPage(a, 0.55, 0.38);
  await a.keyboard.type("Bien vu, mais justifiez.");
  await a.keyboard.press("Escape");
  await expect.poll(() => drawnKinds(a), { timeout: 30_000 }).toEqual(["pen", "text", "tick"]);
  for (const [label, value] of Object.entries(SCORES)) {
    await scoreInput(a, label).fill(value);
    await scoreInput(a, label).press("Enter");
  }
  await expect.poll(() => a.locator("ko-score-panel [data-total]").textContent(), { timeout: 20_000 }).toBe("17,75");
  await waitSaved(a);
}

/** Every question scored 1, then finalized: the worker renders the copy. */
async function scoreAllAndFinalize(a: Page): Promise<void> {
  for (const label of Object.keys(SCORES)) {
    await scoreInput(a, label).fill("1");
    await scoreInput(a, label).press("Enter");
  }
  await waitSaved(a);
  await a.getByRole("button", { name: "Finaliser" }).click();
  await a.getByRole("dialog", { name: "Finaliser la copie ?" }).getByRole("button", { name: "Finaliser la copie" }).click();
  await a.getByText("Copie corrigée : le PDF annoté est prêt.").waitFor({ timeout: 30_000 });
}

describe("grader desk", () => {
  it("opens the next copy to grade from the grader's home", async () => {
    const { grader, copies } = await gradingStart(3);
    const { page: a, errors: aErrors } = await signedIn(grader);
    await a.goto("/");
    await a.getByRole("heading", { name: DEMO_EXAM_TITLE }).waitFor();
    expect(await a.getByText("0 / 3 copies finalisées").count()).toBe(1);
    await screenshot(a, "20-grader-home-desktop");
    expect(await a11yViolations(a)).toEqual([]);
    await a.getByRole("link", { name: /Ouvrir la prochaine copie/ }).click();
    await a.waitForURL(`**/copies/${copies[0]!.id}`);
    await waitForDesk(a);
    await waitSaved(a);
    // the subject and the answer key are at hand from the desk too
    expect(await a.getByRole("list", { name: "Documents de l’épreuve" }).getByRole("link").allTextContents()).toEqual(["Sujet", "Corrigé"]);
    expect(aErrors).toEqual([]);
  });

  it("draws a stroke, adds a text note and a tick, and scores every question", async () => {
    const { grader, copies } = await gradingStart();
    const { page: a, errors: aErrors } = await openDesk(grader, copies[0]!.id);
    await waitSaved(a);
    await drawStroke(a, [
      [0.15, 0.3],
      [0.25, 0.33],
      [0.35, 0.29],
      [0.45, 0.34],
    ]);
    await a.keyboard.press("v");
    expect(await a.getByRole("button", { name: "Coche ✓" }).getAttribute("aria-pressed")).toBe("true");
    await clickOnPage(a, 0.8, 0.2);
    await a.keyboard.press("t");
    await clickOnPage(a, 0.55, 0.38);
    await a.keyboard.type("Bien vu, mais justifiez.");
    await a.keyboard.press("Escape");
    await expect.poll(() => drawnKinds(a), { timeout: 30_000 }).toEqual(["pen", "text", "tick"]);

    for (const [label, value] of Object.entries(SCORES)) {
      const input = a.getByLabel(new RegExp(`^Note de la question ${label.replace(".", "\\.")}, sur`));
      await input.fill(value);
      await input.press("Enter");
    }
    // Bounds are enforced: 9 on a 2-point question is refused and not saved.
    const first = a.getByLabel(/^Note de la question 1\.a, sur 2 points$/);
    await first.fill("9");
    await first.press("Enter");
    await a.getByRole("alert").filter({ hasText: "La note ne peut pas dépasser 2." }).waitFor();
    await first.press("Escape");
    expect(await first.inputValue()).toBe("2");
    await expect.poll(() => a.locator("ko-score-panel [data-total]").textContent(), { timeout: 20_000 }).toBe("17,75");
    await waitSaved(a);
    await screenshot(a, "21-desk-annotated-desktop");
    expect(await a11yViolations(a)).toEqual([]);
    expect(aErrors).toEqual([]);
  });

  it("shows it all in a second tab, live, and the reload keeps it", async () => {
    const { grader, copies } = await gradingStart();
    const copyId = copies[0]!.id;
    const { page: a } = await openDesk(grader, copyId);
    await annotateAndScore(a);
    const { page: b } = await openDesk(grader, copyId);
    await expect.poll(() => drawnKinds(b), { timeout: 30_000 }).toEqual(["pen", "text", "tick"]);
    expect(await b.getByLabel(/^Note de la question 3\.b, sur 6 points$/).inputValue()).toBe("5,25");

    // A stroke in one tab appears in the other without a reload.
    await a.getByRole("button", { name: "Stylo" }).click();
    await drawStroke(a, [
      [0.1, 0.2],
      [0.2, 0.22],
    ]);
    await expect.poll(() => drawnKinds(b), { timeout: 20_000 }).toEqual(["pen", "pen", "text", "tick"]);

    await b.reload();
    await waitForDesk(b);
    await expect.poll(() => drawnKinds(b), { timeout: 30_000 }).toEqual(["pen", "pen", "text", "tick"]);
    await expect.poll(() => b.locator("ko-score-panel [data-total]").textContent(), { timeout: 20_000 }).toBe("17,75");
  });

  it("keeps working offline and saves on return, and the server holds it", async () => {
    const { grader, copies } = await gradingStart();
    const copyId = copies[0]!.id;
    const { page: a, errors: aErrors } = await openDesk(grader, copyId);
    await annotateAndScore(a);
    await a.getByRole("button", { name: "Stylo" }).click(); // the text tool was the last one used
    await a.context().setOffline(true);
    try {
      await expect.poll(() => status(a), { timeout: 20_000 }).toBe("Hors ligne");
      await drawStroke(a, [
        [0.6, 0.25],
        [0.7, 0.27],
        [0.75, 0.24],
      ]);
      await expect.poll(() => status(a), { timeout: 20_000 }).toBe("Hors ligne — 1 modification en attente");
      await screenshot(a, "22-desk-offline-desktop");
    } finally {
      await a.context().setOffline(false);
    }
    await waitSaved(a);
    const doc = await storedDoc(app.tdb, copyId);
    expect(
      readAnnotations(doc)
        .map((x) => x.kind)
        .sort(),
    ).toEqual(["pen", "pen", "text", "tick"]);
    expect(Object.values(readScores(doc)).reduce((s, v) => s! + (v ?? 0), 0)).toBe(17.75);
    expect(aErrors).toEqual([]);
  });

  it("refuses the lock to a second grader, who reads the copy without changing it", async () => {
    // a copy dispatched to Martin and Bernard both, so that the lock (not the dispatch) is what stops Bernard
    const copyId = (await demoCopy(app.tdb.db, [await userId(app.tdb.db, martin.username), await userId(app.tdb.db, bernard.username)])).id;
    const { page: a } = await openDesk(martin, copyId);
    await waitSaved(a);
    await drawStroke(a, [
      [0.15, 0.3],
      [0.25, 0.33],
      [0.35, 0.29],
    ]);
    await a.keyboard.press("v");
    await clickOnPage(a, 0.8, 0.2);
    await expect.poll(() => drawnKinds(a), { timeout: 30_000 }).toEqual(["pen", "tick"]);
    await waitSaved(a);
    const { page: c } = await openDesk(bernard, copyId);
    await c.getByText("Copie ouverte par M. Paul Martin : vous la consultez en lecture seule.").waitFor();
    expect(await c.getByRole("button", { name: "Stylo" }).isDisabled()).toBe(true);
    expect(await c.getByLabel(/^Note de la question 1\.a, sur 2 points$/).getAttribute("readonly")).not.toBeNull();
    await expect.poll(() => drawnKinds(c), { timeout: 30_000 }).toEqual(["pen", "tick"]);
    // Martin sees who else is on the copy.
    await a.getByText(/Aussi sur la copie : Mme Anne Bernard/).waitFor();
    await screenshot(c, "23-desk-locked-desktop");
  });

  it("fits a 768px tablet", async () => {
    const { grader, copies } = await gradingStart();
    const { page: t } = await openDesk(grader, copies[0]!.id, TABLET);
    await screenshot(t, "24-desk-tablet");
    expect(await t.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(TABLET.width);
    expect(await a11yViolations(t)).toEqual([]);
  });

  it("lets a supervisor take the copy over: the grader is told and can no longer write", async () => {
    const { grader, copies } = await gradingStart();
    const { page: a } = await openDesk(grader, copies[0]!.id);
    await waitSaved(a);
    const { page: s } = await openDesk(direction, copies[0]!.id);
    await s.getByRole("button", { name: "Reprendre la main" }).click();
    await a.getByRole("alert").filter({ hasText: "Mme Claire Lefèvre a repris la main sur cette copie." }).waitFor();
    expect(await a.getByRole("button", { name: "Stylo" }).isDisabled()).toBe(true);
    await screenshot(a, "25-desk-taken-over-desktop");
  });

  it("lists the unscored questions before finalizing, then shows the copy read-only and its PDF", async () => {
    const { grader, copies } = await gradingStart(2);
    const [first, next] = copies as [TestCopy, TestCopy];
    const { page: a, errors: aErrors } = await openDesk(grader, first.id);
    await a.getByRole("button", { name: "Finaliser" }).click();
    const missing = a.getByRole("dialog", { name: "Questions non notées" });
    await missing.waitFor();
    expect(await missing.getByRole("listitem").allTextContents()).toEqual([
      "Exercice 1 › 1.a",
      "Exercice 1 › 1.b",
      "Exercice 2 › Partie A › 2.a",
      "Exercice 2 › Partie A › 2.b",
      "Exercice 3 › 3.a",
      "Exercice 3 › 3.b",
    ]);
    await screenshot(a, "26-desk-finalize-unscored-desktop");
    await missing.getByRole("button", { name: "Noter les questions" }).click();
    for (const label of Object.keys(SCORES)) {
      const input = a.getByLabel(new RegExp(`^Note de la question ${label.replace(".", "\\.")}, sur`));
      await input.fill("1");
      await input.press("Enter");
    }
    await waitSaved(a);
    await a.getByRole("button", { name: "Finaliser" }).click();
    const confirm = a.getByRole("dialog", { name: "Finaliser la copie ?" });
    await confirm.getByRole("button", { name: "Finaliser la copie" }).click();
    await a
      .getByText(/Copie (finalisée|corrigée)/)
      .first()
      .waitFor();
    expect(await a.getByRole("button", { name: "Stylo" }).isDisabled()).toBe(true);
    await a.getByText("Copie corrigée : le PDF annoté est prêt.").waitFor({ timeout: 30_000 });
    expect(await a.getByRole("link", { name: "Télécharger le PDF" }).count()).toBe(0); // it names the student: not for graders
    await screenshot(a, "27-desk-graded-desktop");

    // On to the next copy without leaving the desk.
    await a.getByRole("button", { name: "Copie suivante" }).click();
    await a.waitForURL(`**/copies/${next.id}`);
    await waitForDesk(a);
    expect(await a.getByRole("heading", { level: 1 }).textContent()).toBe(`Copie ${next.anonymousCode}`);
    await a.getByRole("button", { name: "Stylo" }).click();
    await drawStroke(a, [
      [0.2, 0.3],
      [0.3, 0.31],
    ]);
    await expect.poll(() => drawnKinds(a), { timeout: 30_000 }).toEqual(["pen"]);
    await waitSaved(a);
    expect(aErrors).toEqual([]);
  });

  it("places a question's mark in the margin that shows its score live, here and in another tab, and undoes it", async () => {
    const { grader, copies } = await gradingStart();
    const { page: a } = await openDesk(grader, copies[0]!.id);
    await waitSaved(a);
    await drawStroke(a, [
      [0.2, 0.3],
      [0.3, 0.31],
    ]);
    await expect.poll(() => drawnKinds(a), { timeout: 30_000 }).toEqual(["pen"]);
    await a.keyboard.press("m");
    expect(await a.getByRole("button", { name: "Note en marge" }).getAttribute("aria-pressed")).toBe("true");
    const q1b = a.getByLabel(/^Note de la question 1\.b, sur/);
    await q1b.focus(); // the question selected in the panel is the one a click places
    await a.getByText("Un clic sur la page place sa note en marge").waitFor();
    await clickOnPage(a, 0.86, 0.3);
    await expect.poll(() => markTexts(a), { timeout: 20_000 }).toEqual([expect.stringMatching(/^1\.b {2}— \/ \d+$/)]);
    const max = (await markTexts(a))[0]!.split(" / ")[1];

    const { page: b } = await openDesk(grader, copies[0]!.id);
    await expect.poll(() => markTexts(b), { timeout: 20_000 }).toEqual([`1.b  — / ${max}`]);

    await q1b.fill("1,5");
    await q1b.press("Tab");
    await expect.poll(() => markTexts(a), { timeout: 20_000 }).toEqual([`1.b  1,5 / ${max}`]);
    await expect.poll(() => markTexts(b), { timeout: 20_000 }).toEqual([`1.b  1,5 / ${max}`]); // a colleague's change, live
    await waitSaved(a);
    await screenshot(a, "28-desk-margin-mark-desktop");
    expect(await a11yViolations(a)).toEqual([]);
    const doc = await storedDoc(app.tdb, a.url().split("/").pop()!);
    expect(
      readAnnotations(doc)
        .filter((x) => x.kind === "mark")
        .map((x) => ({ ...x })),
    ).toEqual([expect.objectContaining({ kind: "mark", questionId: expect.any(String) })]);
    expect(readAnnotations(doc).find((x) => x.kind === "mark")).not.toHaveProperty("text");

    await a.keyboard.press("Control+z"); // the score
    await expect.poll(() => markTexts(a), { timeout: 20_000 }).toEqual([`1.b  — / ${max}`]);
    await a.keyboard.press("Control+z"); // the mark
    await expect.poll(() => drawnKinds(a), { timeout: 30_000 }).toEqual(["pen"]);
    await expect.poll(() => drawnKinds(b), { timeout: 20_000 }).toEqual(["pen"]);
    await waitSaved(a);
  });

  // two finalizations and two renders through the worker: longer than the suite's limit on a loaded machine
  it("lets a supervisor reopen a graded copy from the desk: the grader's open desk becomes editable again", { timeout: 240_000 }, async () => {
    const { grader, copies } = await gradingStart();
    const otherCopyId = copies[0]!.id;
    const { page: g, errors: gErrors } = await openDesk(grader, otherCopyId);
    await scoreAllAndFinalize(g);
    await g.goto(`/copies/${otherCopyId}`);
    await waitForDesk(g);
    await g.getByText("Copie corrigée : le PDF annoté est prêt.").waitFor();
    expect(await g.getByRole("button", { name: "Rouvrir la copie" }).count()).toBe(0); // graders do not reopen
    expect(await g.getByRole("button", { name: "Stylo" }).isDisabled()).toBe(true);

    const { page: s } = await openDesk(direction, otherCopyId);
    await s.getByRole("button", { name: "Rouvrir la copie" }).click();
    const confirm = s.getByRole("dialog", { name: /^Rouvrir la copie .+ \?$/ });
    await confirm.getByText("Les élèves ne la verront pas tant qu’elle n’aura pas été finalisée de nouveau.", { exact: false }).waitFor();
    await screenshot(s, "34-desk-reopen-confirm-desktop");
    expect(await a11yViolations(s)).toEqual([]);
    await confirm.getByRole("button", { name: "Rouvrir la copie" }).click();
    await s.getByRole("button", { name: "Rouvrir la copie" }).waitFor({ state: "detached" });
    expect(await s.getByText("Copie corrigée : le PDF annoté est prêt.").count()).toBe(0);
    expect(await s.getByRole("button", { name: "Finaliser" }).isDisabled()).toBe(true); // a supervisor only reads it

    // the grader's desk, open all along, is told (copy:state) and takes the copy back: no reload
    await expect.poll(() => g.getByRole("button", { name: "Stylo" }).isDisabled(), { timeout: 10_000 }).toBe(false);
    expect(await g.getByRole("button", { name: "Finaliser" }).isDisabled()).toBe(false);
    expect(await g.getByText("Copie corrigée : le PDF annoté est prêt.").count()).toBe(0);
    await g.getByRole("button", { name: "Stylo" }).click();
    await drawStroke(g, [
      [0.2, 0.35],
      [0.3, 0.37],
    ]);
    await waitSaved(g);
    await screenshot(g, "35-desk-reopened-grader-desktop");
    const copy = await app.tdb.db.copy.findUniqueOrThrow({ where: { id: otherCopyId } });
    expect(copy).toMatchObject({ state: "READY", docHash: null });
    expect(await app.tdb.db.auditEvent.count({ where: { action: "copy.reopened", targetId: otherCopyId } })).toBe(1);
    expect(gErrors).toEqual([]);

    // the scan goes missing: finalizing again fails to render (a real failure, through the worker)
    const pages = await app.tdb.db.page.findMany({ where: { copyId: otherCopyId }, select: { id: true, sourcePath: true } });
    await app.tdb.db.page.updateMany({ where: { copyId: otherCopyId }, data: { sourcePath: "scans/gone/missing.pdf" } });
    await g.getByRole("button", { name: "Finaliser" }).click();
    await g.getByRole("dialog", { name: "Finaliser la copie ?" }).getByRole("button", { name: "Finaliser la copie" }).click();
    await g.getByText(/La production du PDF a échoué/).waitFor({ timeout: 30_000 });
    await s.getByRole("button", { name: "Relancer le rendu" }).waitFor(); // the supervisor's desk follows too
    await screenshot(s, "36-desk-render-failed-supervisor-desktop");
    // the queue's own retries are used up; the scan is put back
    await app.tdb.db.$executeRaw`UPDATE graphile_worker._private_jobs SET attempts = max_attempts WHERE key LIKE ${`render:${otherCopyId}:%`}`;
    for (const p of pages) await app.tdb.db.page.update({ where: { id: p.id }, data: { sourcePath: p.sourcePath } });
    await s.context().close();
    await g.context().close();

    const { page: ad, errors: adErrors } = await signedIn(admin);
    await ad.goto("/release");
    await ad
      .getByRole("link", { name: /Gérer la publication/ })
      .first()
      .click();
    const row = ad.getByRole("row").filter({ hasText: "PDF en échec" });
    await row.getByText(/Erreur de rendu : .+/).waitFor();
    const code = (await row.getByRole("rowheader").textContent())!.trim();
    expect(await row.getByRole("link", { name: `Ouvrir la copie ${code}` }).getAttribute("href")).toBe(`/copies/${otherCopyId}`);
    await screenshot(ad, "37-release-render-failed-desktop");
    expect(await a11yViolations(ad)).toEqual([]);
    await row.getByRole("button", { name: `Relancer le rendu de la copie ${code}` }).click();
    await ad
      .getByRole("status")
      .filter({ hasText: `Rendu relancé pour la copie ${code}.` })
      .waitFor();
    const done = ad.getByRole("row").filter({ has: ad.getByRole("rowheader", { name: code }) });
    await done.getByText("Corrigée", { exact: true }).waitFor({ timeout: 30_000 });
    expect(await done.getByRole("button", { name: `Rouvrir la copie ${code}` }).count()).toBe(1);
    await screenshot(ad, "38-release-render-retried-desktop");
    expect(await app.tdb.db.copy.findUniqueOrThrow({ where: { id: otherCopyId } })).toMatchObject({ state: "GRADED", renderError: null });
    expect(await app.tdb.db.auditEvent.count({ where: { action: "copy.render.retried", targetId: otherCopyId } })).toBe(1);
    expect(adErrors).toEqual([]);
  });
});
