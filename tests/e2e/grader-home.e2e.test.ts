// The grader's home in a real Chromium, live without polling or reloading: when a colleague opens
// one of my copies (and so holds its lock) the home shows who holds it, and when they leave it the
// lock disappears; when a copy changes state (finalized …) the row and the progress follow; when
// the office dispatches copies of another exam to me, that exam appears.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DispatchService } from "../../server/dispatch/dispatch-service.ts";
import { publishCopyState } from "../../server/render/copy-events.ts";
import { DEMO_ACCOUNTS } from "../../server/seed/demo-seed.ts";
import { a11yViolations } from "./support/a11y.ts";
import { startAppServer, type AppServer } from "./support/app-server.ts";
import { launchChromium, newPage, screenshot } from "./support/browser.ts";
import { waitForDesk } from "./support/desk.ts";

const martin = DEMO_ACCOUNTS.find((a) => a.username === "prof.martin")!;
const bernard = DEMO_ACCOUNTS.find((a) => a.username === "prof.bernard")!;

let app: AppServer;
let browser: Browser;
let copy: { id: string; anonymousCode: string; examId: string };
let other: { id: string; anonymousCode: string; examId: string };
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  app = await startAppServer();
  const db = app.tdb.db;
  await db.user.updateMany({ where: { username: { in: [martin.username, bernard.username] } }, data: { mustChangePassword: false } });
  const mine = await db.copy.findMany({ where: { assignments: { some: { grader: { username: martin.username } } } }, orderBy: { seq: "asc" }, take: 2 });
  [copy, other] = [mine[0]!, mine[1]!];
  // Bernard is dispatched Martin's first copy too: opening it takes its lock
  const b = await db.user.findUniqueOrThrow({ where: { username: bernard.username } });
  await db.assignment.create({ data: { copyId: copy.id, graderId: b.id } });
}, 180_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await app?.close();
});

async function signedIn(account: { username: string; password: string }) {
  const { context, page, errors } = await newPage(browser, app.url);
  contexts.push(context);
  await page.goto("/login");
  await page.getByLabel("Identifiant").fill(account.username);
  await page.getByLabel("Mot de passe", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.waitForURL(/\/$/);
  return { context, page, errors };
}

/** The cells of a copy's row on the home, as the user reads them. */
const rowOf = (page: Page, code: string) =>
  page
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: code, exact: true }) })
    .getByRole("cell")
    .allTextContents()
    .then((cells) => cells.map((c) => c.replace(/\s+/g, " ").trim()));

describe("grader's home, live", () => {
  let home: Page;
  let homeErrors: string[];

  it("shows who holds one of my copies as soon as a colleague opens it, and when they leave it", async () => {
    ({ page: home, errors: homeErrors } = await signedIn(martin));
    await home.getByRole("heading", { name: "Bac blanc de mathématiques" }).waitFor();
    await expect.poll(() => rowOf(home, copy.anonymousCode), { timeout: 20_000 }).toEqual(["À corriger", "—", expect.stringContaining("Ouvrir")]);
    // the subject and the answer key, one click away (a new tab, the PDF itself)
    const docs = home.getByRole("list", { name: "Documents de l’épreuve" }).first();
    expect(await docs.getByRole("link").allTextContents()).toEqual(["Sujet", "Corrigé"]);
    const subject = docs.getByRole("link", { name: "Sujet (PDF, nouvel onglet)" });
    expect(await subject.getAttribute("target")).toBe("_blank");
    const pdf = await home.request.get((await subject.getAttribute("href"))!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    // a reload would drop this flag: the home must change without one
    await home.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    const { page: desk } = await signedIn(bernard);
    await desk.goto(`/copies/${copy.id}`);
    await waitForDesk(desk);
    await expect.poll(() => rowOf(home, copy.anonymousCode), { timeout: 10_000 }).toEqual(["À corriger", "Mme Anne Bernard", expect.stringContaining("Ouvrir")]);
    // the next copy to grade is no longer the one Bernard holds
    expect(await home.getByRole("link", { name: /Ouvrir la prochaine copie/ }).textContent()).toContain(other.anonymousCode);
    await screenshot(home, "29-grader-home-live-lock-desktop");
    expect(await a11yViolations(home)).toEqual([]);

    // leaving the desk for the home (in the app, no reload) releases the lock at once
    await desk.getByRole("link", { name: "← Mes copies" }).click();
    await desk.waitForURL(/\/$/);
    await expect.poll(() => rowOf(home, copy.anonymousCode), { timeout: 10_000 }).toEqual(["À corriger", "—", expect.stringContaining("Ouvrir")]);
    expect(await home.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  }, 90_000);

  it("follows a copy's state changes (finalized, then reopened) and the exam's progress", async () => {
    const db = app.tdb.db;
    // what finalize does: the state change and its NOTIFY in one transaction
    await db.$transaction(async (tx) => {
      await tx.copy.update({ where: { id: other.id }, data: { state: "GRADED" } });
      await publishCopyState(tx, { examId: other.examId, copyId: other.id, state: "GRADED" });
    });
    await expect.poll(() => rowOf(home, other.anonymousCode), { timeout: 10_000 }).toEqual(["Corrigée", "—", expect.stringContaining("Ouvrir")]);
    await home.getByText("1 / 3 copies finalisées").waitFor();
    await screenshot(home, "30-grader-home-live-state-desktop");

    await db.$transaction(async (tx) => {
      await tx.copy.update({ where: { id: other.id }, data: { state: "READY" } });
      await publishCopyState(tx, { examId: other.examId, copyId: other.id, state: "READY" });
    });
    await expect.poll(() => rowOf(home, other.anonymousCode), { timeout: 10_000 }).toEqual(["À corriger", "—", expect.stringContaining("Ouvrir")]);
    await home.getByText("0 / 3 copies finalisées").waitFor();
    expect(await home.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(homeErrors).toEqual([]);
  });

  it("shows an exam as soon as the office dispatches copies of it to me", async () => {
    const db = app.tdb.db;
    const exam = await db.exam.create({ data: { title: "Brevet blanc de physique", codePrefix: "B7A1", status: "ACTIVE" } });
    for (const seq of [1, 2]) await db.copy.create({ data: { examId: exam.id, seq, anonymousCode: `B7A1-00${seq}`, state: "READY" } });
    const admin = await db.user.findUniqueOrThrow({ where: { username: "admin" } });
    const m = await db.user.findUniqueOrThrow({ where: { username: martin.username } });
    // the office's dispatch (the service the route calls): its NOTIFY reaches Martin's open home
    await new DispatchService(db).dispatch({ id: admin.id, role: "ADMIN", active: true }, exam.id, { mode: "copies", graderIds: [m.id], redispatch: false, includeStarted: false }, { actorId: admin.id });
    await home.getByRole("heading", { name: "Brevet blanc de physique" }).waitFor({ timeout: 10_000 });
    await expect.poll(() => rowOf(home, "B7A1-001"), { timeout: 10_000 }).toEqual(["À corriger", "—", expect.stringContaining("Ouvrir")]);
    expect(await home.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(homeErrors).toEqual([]);
  });
});
