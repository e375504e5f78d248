// The grader desk in a real Chromium against a real server: a grader opens a copy from the home,
// draws, ticks, writes and scores; a second tab sees it live; a reload keeps it; work done offline
// is saved on return; another grader is refused the lock; finalize lists what is unscored first;
// a question's mark placed in the margin follows its score, here and in another tab; a supervisor
// reopens a graded copy and the grader's open desk becomes editable again; a failed render shows its
// error on the release page and "Relancer le rendu" brings the copy to GRADED.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAnnotations, readScores } from "../../collab/index.ts";
import { DEMO_ACCOUNTS } from "../../server/seed/demo-seed.ts";
import { storedDoc } from "../helpers/grading-fixture.ts";
import { a11yViolations } from "./support/a11y.ts";
import { startAppServer, type AppServer } from "./support/app-server.ts";
import { TABLET, launchChromium, newPage, screenshot } from "./support/browser.ts";
import { clickOnPage, drawStroke, drawnKinds, markTexts, saveStatusText, waitForDesk } from "./support/desk.ts";

const martin = DEMO_ACCOUNTS.find((a) => a.username === "prof.martin")!;
const bernard = DEMO_ACCOUNTS.find((a) => a.username === "prof.bernard")!;
const direction = DEMO_ACCOUNTS.find((a) => a.role === "SUPERVISOR")!;
const admin = DEMO_ACCOUNTS.find((a) => a.role === "ADMIN")!;
const SCORES: Record<string, string> = { "1.a": "2", "1.b": "1,5", "2.a": "2", "2.b": "3", "3.a": "4", "3.b": "5,25" };

let app: AppServer;
let browser: Browser;
let copyId: string;
let otherCopyId: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  app = await startAppServer({ worker: true });
  const db = app.tdb.db;
  // The demo's staff must change their password first; the sign-in test covers that journey.
  await db.user.updateMany({ where: { username: { in: [martin.username, bernard.username] } }, data: { mustChangePassword: false } });
  await db.user.updateMany({ where: { username: { in: [direction.username, admin.username] } }, data: { mustChangePassword: false } });
  const [first, third] = await db.copy.findMany({ where: { assignments: { some: { grader: { username: martin.username } } } }, orderBy: { seq: "asc" }, take: 2 });
  copyId = first!.id;
  otherCopyId = third!.id;
  // Bernard is dispatched to Martin's copy too, so that the lock (not the dispatch) is what stops him.
  const b = await db.user.findUniqueOrThrow({ where: { username: bernard.username } });
  await db.assignment.create({ data: { copyId, graderId: b.id } });
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await app?.close();
});

async function signedIn(account: { username: string; password: string }, viewport?: { width: number; height: number }) {
  const { context, page, errors } = await newPage(browser, app.url, viewport);
  contexts.push(context);
  await page.goto("/login");
  await page.getByLabel("Identifiant").fill(account.username);
  await page.getByLabel("Mot de passe", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.waitForURL(/\/$/);
  return { context, page, errors };
}

const status = (page: Page) => saveStatusText(page);
const waitSaved = (page: Page) => expect.poll(() => status(page), { timeout: 10_000 }).toBe("Enregistré");

describe("grader desk", () => {
  let a: Page;
  let aErrors: string[];

  it("opens the next copy to grade from the grader's home", async () => {
    ({ page: a, errors: aErrors } = await signedIn(martin));
    await a.getByRole("heading", { name: "Bac blanc de mathématiques" }).waitFor();
    expect(await a.getByText("0 / 3 copies finalisées").count()).toBe(1);
    await screenshot(a, "20-grader-home-desktop");
    expect(await a11yViolations(a)).toEqual([]);
    await a.getByRole("link", { name: /Ouvrir la prochaine copie/ }).click();
    await a.waitForURL(`**/copies/${copyId}`);
    await waitForDesk(a);
    await waitSaved(a);
    // the subject and the answer key are at hand from the desk too
    expect(await a.getByRole("list", { name: "Documents de l’épreuve" }).getByRole("link").allTextContents()).toEqual(["Sujet", "Corrigé"]);
  });

  it("draws a stroke, adds a text note and a tick, and scores every question", async () => {
    await drawStroke(a, [[0.15, 0.3], [0.25, 0.33], [0.35, 0.29], [0.45, 0.34]]);
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
  });

  it("shows it all in a second tab, live, and the reload keeps it", async () => {
    const { page: b } = await signedIn(martin);
    await b.goto(`/copies/${copyId}`);
    await waitForDesk(b);
    await expect.poll(() => drawnKinds(b), { timeout: 30_000 }).toEqual(["pen", "text", "tick"]);
    expect(await b.getByLabel(/^Note de la question 3\.b, sur 6 points$/).inputValue()).toBe("5,25");

    // A stroke in one tab appears in the other without a reload.
    await a.getByRole("button", { name: "Stylo" }).click();
    await drawStroke(a, [[0.1, 0.2], [0.2, 0.22]]);
    await expect.poll(() => drawnKinds(b), { timeout: 20_000 }).toEqual(["pen", "pen", "text", "tick"]);

    await b.reload();
    await waitForDesk(b);
    await expect.poll(() => drawnKinds(b), { timeout: 30_000 }).toEqual(["pen", "pen", "text", "tick"]);
    await expect.poll(() => b.locator("ko-score-panel [data-total]").textContent(), { timeout: 20_000 }).toBe("17,75");
    await b.context().close();
  });

  it("keeps working offline and saves on return, and the server holds it", async () => {
    await a.context().setOffline(true);
    try {
      await expect.poll(() => status(a), { timeout: 20_000 }).toBe("Hors ligne");
      await drawStroke(a, [[0.6, 0.25], [0.7, 0.27], [0.75, 0.24]]);
      await expect.poll(() => status(a), { timeout: 20_000 }).toBe("Hors ligne — 1 modification en attente");
      await screenshot(a, "22-desk-offline-desktop");
    } finally {
      await a.context().setOffline(false);
    }
    await waitSaved(a);
    const doc = await storedDoc(app.tdb, copyId);
    expect(readAnnotations(doc).map((x) => x.kind).sort()).toEqual(["pen", "pen", "pen", "text", "tick"]);
    expect(Object.values(readScores(doc)).reduce((s, v) => s! + (v ?? 0), 0)).toBe(17.75);
    expect(aErrors).toEqual([]);
  });

  it("refuses the lock to a second grader, who reads the copy without changing it", async () => {
    const { page: c } = await signedIn(bernard);
    await c.goto(`/copies/${copyId}`);
    await waitForDesk(c);
    await c.getByText("Copie ouverte par M. Paul Martin : vous la consultez en lecture seule.").waitFor();
    expect(await c.getByRole("button", { name: "Stylo" }).isDisabled()).toBe(true);
    expect(await c.getByLabel(/^Note de la question 1\.a, sur 2 points$/).getAttribute("readonly")).not.toBeNull();
    await expect.poll(() => drawnKinds(c), { timeout: 30_000 }).toEqual(["pen", "pen", "pen", "text", "tick"]);
    // Martin sees who else is on the copy.
    await a.getByText(/Aussi sur la copie : Mme Anne Bernard/).waitFor();
    await screenshot(c, "23-desk-locked-desktop");
    await c.context().close();
  });

  it("fits a 768px tablet", async () => {
    const { page: t } = await signedIn(martin, TABLET);
    await t.goto(`/copies/${copyId}`);
    await waitForDesk(t);
    await screenshot(t, "24-desk-tablet");
    expect(await t.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(TABLET.width);
    expect(await a11yViolations(t)).toEqual([]);
    await t.context().close();
  });

  it("lets a supervisor take the copy over: the grader is told and can no longer write", async () => {
    const { page: s } = await signedIn(direction);
    await s.goto(`/copies/${copyId}`);
    await waitForDesk(s);
    await s.getByRole("button", { name: "Reprendre la main" }).click();
    await a.getByRole("alert").filter({ hasText: "Mme Claire Lefèvre a repris la main sur cette copie." }).waitFor();
    expect(await a.getByRole("button", { name: "Stylo" }).isDisabled()).toBe(true);
    await screenshot(a, "25-desk-taken-over-desktop");
    await s.context().close();
  });

  it("lists the unscored questions before finalizing, then shows the copy read-only and its PDF", async () => {
    await a.goto(`/copies/${otherCopyId}`);
    await waitForDesk(a);
    await a.getByRole("button", { name: "Finaliser" }).click();
    const missing = a.getByRole("dialog", { name: "Questions non notées" });
    await missing.waitFor();
    expect(await missing.getByRole("listitem").allTextContents()).toEqual(["Exercice 1 › 1.a", "Exercice 1 › 1.b", "Exercice 2 › 2 › 2.a", "Exercice 2 › 2 › 2.b", "Exercice 3 › 3.a", "Exercice 3 › 3.b"]);
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
    await a.getByText(/Copie (finalisée|corrigée)/).first().waitFor();
    expect(await a.getByRole("button", { name: "Stylo" }).isDisabled()).toBe(true);
    await a.getByText("Copie corrigée : le PDF annoté est prêt.").waitFor({ timeout: 30_000 });
    expect(await a.getByRole("link", { name: "Télécharger le PDF" }).count()).toBe(0); // it names the student: not for graders
    await screenshot(a, "27-desk-graded-desktop");

    // On to the next copy without leaving the desk.
    await a.getByRole("button", { name: "Copie suivante" }).click();
    await a.waitForURL((u) => u.pathname.startsWith("/copies/") && !u.pathname.endsWith(otherCopyId));
    await waitForDesk(a);
    expect(await a.getByRole("heading", { level: 1 }).textContent()).toMatch(/^Copie .+-005$/);
    await a.getByRole("button", { name: "Stylo" }).click();
    await drawStroke(a, [[0.2, 0.3], [0.3, 0.31]]);
    await expect.poll(() => drawnKinds(a), { timeout: 30_000 }).toEqual(["pen"]);
    await waitSaved(a);
  });

  it("places a question's mark in the margin that shows its score live, here and in another tab, and undoes it", async () => {
    await a.keyboard.press("m");
    expect(await a.getByRole("button", { name: "Note en marge" }).getAttribute("aria-pressed")).toBe("true");
    const q1b = a.getByLabel(/^Note de la question 1\.b, sur/);
    await q1b.focus(); // the question selected in the panel is the one a click places
    await a.getByText("Un clic sur la page place sa note en marge").waitFor();
    await clickOnPage(a, 0.86, 0.3);
    await expect.poll(() => markTexts(a), { timeout: 20_000 }).toEqual([expect.stringMatching(/^1\.b {2}— \/ \d+$/)]);
    const max = (await markTexts(a))[0]!.split(" / ")[1];

    const { page: b } = await signedIn(martin);
    await b.goto(a.url());
    await waitForDesk(b);
    await expect.poll(() => markTexts(b), { timeout: 20_000 }).toEqual([`1.b  — / ${max}`]);

    await q1b.fill("1,5");
    await q1b.press("Tab");
    await expect.poll(() => markTexts(a), { timeout: 20_000 }).toEqual([`1.b  1,5 / ${max}`]);
    await expect.poll(() => markTexts(b), { timeout: 20_000 }).toEqual([`1.b  1,5 / ${max}`]); // a colleague's change, live
    await waitSaved(a);
    await screenshot(a, "28-desk-margin-mark-desktop");
    expect(await a11yViolations(a)).toEqual([]);
    const doc = await storedDoc(app.tdb, a.url().split("/").pop()!);
    expect(readAnnotations(doc).filter((x) => x.kind === "mark").map((x) => ({ ...x }))).toEqual([expect.objectContaining({ kind: "mark", questionId: expect.any(String) })]);
    expect(readAnnotations(doc).find((x) => x.kind === "mark")).not.toHaveProperty("text");

    await a.keyboard.press("Control+z"); // the score
    await expect.poll(() => markTexts(a), { timeout: 20_000 }).toEqual([`1.b  — / ${max}`]);
    await a.keyboard.press("Control+z"); // the mark
    await expect.poll(() => drawnKinds(a), { timeout: 30_000 }).toEqual(["pen"]);
    await expect.poll(() => drawnKinds(b), { timeout: 20_000 }).toEqual(["pen"]);
    await waitSaved(a);
    await b.context().close();
  });

  it("lets a supervisor reopen a graded copy from the desk: the grader's open desk becomes editable again", async () => {
    const { page: g, errors: gErrors } = await signedIn(martin);
    await g.goto(`/copies/${otherCopyId}`);
    await waitForDesk(g);
    await g.getByText("Copie corrigée : le PDF annoté est prêt.").waitFor();
    expect(await g.getByRole("button", { name: "Rouvrir la copie" }).count()).toBe(0); // graders do not reopen
    expect(await g.getByRole("button", { name: "Stylo" }).isDisabled()).toBe(true);

    const { page: s } = await signedIn(direction);
    await s.goto(`/copies/${otherCopyId}`);
    await waitForDesk(s);
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
    await drawStroke(g, [[0.2, 0.35], [0.3, 0.37]]);
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
    await ad.getByRole("link", { name: /Gérer la publication/ }).first().click();
    const row = ad.getByRole("row").filter({ hasText: "PDF en échec" });
    await row.getByText(/Erreur de rendu : .+/).waitFor();
    const code = (await row.getByRole("rowheader").textContent())!.trim();
    expect(await row.getByRole("link", { name: `Ouvrir la copie ${code}` }).getAttribute("href")).toBe(`/copies/${otherCopyId}`);
    await screenshot(ad, "37-release-render-failed-desktop");
    expect(await a11yViolations(ad)).toEqual([]);
    await row.getByRole("button", { name: `Relancer le rendu de la copie ${code}` }).click();
    await ad.getByRole("status").filter({ hasText: `Rendu relancé pour la copie ${code}.` }).waitFor();
    const done = ad.getByRole("row").filter({ has: ad.getByRole("rowheader", { name: code }) });
    await done.getByText("Corrigée", { exact: true }).waitFor({ timeout: 30_000 });
    expect(await done.getByRole("button", { name: `Rouvrir la copie ${code}` }).count()).toBe(1);
    await screenshot(ad, "38-release-render-retried-desktop");
    expect(await app.tdb.db.copy.findUniqueOrThrow({ where: { id: otherCopyId } })).toMatchObject({ state: "GRADED", renderError: null });
    expect(await app.tdb.db.auditEvent.count({ where: { action: "copy.render.retried", targetId: otherCopyId } })).toBe(1);
    expect(adErrors).toEqual([]);
  });
});
