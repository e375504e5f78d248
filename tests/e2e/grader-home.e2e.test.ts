// The grader's home in a real Chromium, live without polling or reloading: when a colleague opens
// one of my copies (and so holds its lock) the home shows who holds it, and when they leave it the
// lock disappears; when a copy changes state (finalized …) the row and the progress follow; when
// the office dispatches copies of another exam to me, that exam appears.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DispatchService } from "../../server/dispatch/dispatch-service.ts";
import { publishCopyState } from "../../server/render/copy-events.ts";
import { DEMO_ACCOUNTS } from "../../server/seed/demo-seed.ts";
import { a11yViolations } from "./support/a11y.ts";
import { startAppServer, type AppServer } from "./support/app-server.ts";
import { launchChromium, screenshot } from "./support/browser.ts";
import { waitForDesk } from "./support/desk.ts";
import { signedInPage } from "./support/exam-setup.ts";
import { DEMO_EXAM_TITLE, demoCopy, newGrader, userId, type TestCopy, type TestGrader } from "./support/grading-setup.ts";

const bernard = DEMO_ACCOUNTS.find((a) => a.username === "prof.bernard")!;

let app: AppServer;
let browser: Browser;
let contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  app = await startAppServer({ staffReady: true });
}, 180_000);
afterEach(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  contexts = [];
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function signedIn(account: { username: string; password: string }) {
  const p = await signedInPage(browser, app.url, account);
  contexts.push(p.context);
  return p;
}

/** This test's grader with `n` copies of the demo exam of their own, on their home. */
async function homeOf(n: number): Promise<{ grader: TestGrader; copies: TestCopy[]; home: Page; homeErrors: string[] }> {
  const grader = await newGrader(app.tdb.db);
  const copies: TestCopy[] = [];
  for (let i = 0; i < n; i++) copies.push(await demoCopy(app.tdb.db, [grader.id]));
  const { page: home, errors: homeErrors } = await signedIn(grader);
  await home.goto("/");
  await home.getByRole("heading", { name: DEMO_EXAM_TITLE }).waitFor();
  return { grader, copies, home, homeErrors };
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
  it("shows who holds one of my copies as soon as a colleague opens it, and when they leave it", async () => {
    const { copies, home, homeErrors } = await homeOf(2);
    const [copy, other] = copies as [TestCopy, TestCopy];
    // Bernard is dispatched my first copy too: opening it takes its lock
    await app.tdb.db.assignment.create({ data: { copyId: copy.id, graderId: await userId(app.tdb.db, bernard.username) } });
    await expect.poll(() => rowOf(home, copy.anonymousCode), { timeout: 20_000 }).toEqual(["À corriger", "—", "—", expect.stringContaining("Ouvrir")]);
    // the subject and the answer key, one click away (a new tab, the PDF itself)
    const docs = home.getByRole("list", { name: "Documents de l’épreuve" }).first();
    // listed by their own request, after the copies' table (a fast machine read them before it answered)
    await expect.poll(() => docs.getByRole("link").allTextContents(), { timeout: 20_000 }).toEqual(["Sujet", "Corrigé"]);
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
    await expect
      .poll(() => rowOf(home, copy.anonymousCode), { timeout: 10_000 })
      .toEqual(["À corriger", "—", "Mme Anne Bernard", expect.stringContaining("Ouvrir")]);
    // the next copy to grade is no longer the one Bernard holds
    expect(await home.getByRole("link", { name: /Ouvrir la prochaine copie/ }).textContent()).toContain(other.anonymousCode);
    await screenshot(home, "29-grader-home-live-lock-desktop");
    expect(await a11yViolations(home)).toEqual([]);

    // leaving the desk for the home (in the app, no reload) releases the lock at once
    await desk.getByRole("link", { name: "← Mes copies" }).click();
    await desk.waitForURL(/\/$/);
    await expect.poll(() => rowOf(home, copy.anonymousCode), { timeout: 10_000 }).toEqual(["À corriger", "—", "—", expect.stringContaining("Ouvrir")]);
    expect(await home.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(homeErrors).toEqual([]);
  });

  it("follows a copy's state changes (finalized, then reopened) and the exam's progress", async () => {
    const { copies, home, homeErrors } = await homeOf(3);
    const other = copies[1]!;
    await home.getByText("0 / 3 copies finalisées").waitFor();
    await home.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const db = app.tdb.db;
    // what finalize does: the state change and its NOTIFY in one transaction
    await db.$transaction(async (tx) => {
      await tx.copy.update({ where: { id: other.id }, data: { state: "GRADED" } });
      await publishCopyState(tx, { examId: other.examId, copyId: other.id, state: "GRADED" });
    });
    await expect
      .poll(() => rowOf(home, other.anonymousCode), { timeout: 10_000 })
      .toEqual(["Corrigée", expect.any(String), "—", expect.stringContaining("Ouvrir")]);
    await home.getByText("1 / 3 copies finalisées").waitFor();
    await screenshot(home, "30-grader-home-live-state-desktop");

    await db.$transaction(async (tx) => {
      await tx.copy.update({ where: { id: other.id }, data: { state: "READY" } });
      await publishCopyState(tx, { examId: other.examId, copyId: other.id, state: "READY" });
    });
    await expect.poll(() => rowOf(home, other.anonymousCode), { timeout: 10_000 }).toEqual(["À corriger", "—", "—", expect.stringContaining("Ouvrir")]);
    await home.getByText("0 / 3 copies finalisées").waitFor();
    expect(await home.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(homeErrors).toEqual([]);
  });

  it("shows an exam as soon as the office dispatches copies of it to me", async () => {
    const { grader, home, homeErrors } = await homeOf(1);
    await home.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const db = app.tdb.db;
    const exam = await db.exam.create({ data: { title: "Brevet blanc de physique", codePrefix: "B7A1", status: "ACTIVE" } });
    for (const seq of [1, 2]) await db.copy.create({ data: { examId: exam.id, seq, anonymousCode: `B7A1-00${seq}`, state: "READY" } });
    const admin = await db.user.findUniqueOrThrow({ where: { username: "admin" } });
    // the office's dispatch (the service the route calls): its NOTIFY reaches Martin's open home
    await new DispatchService(db).dispatch(
      { id: admin.id, role: "ADMIN", active: true },
      exam.id,
      { mode: "copies", graderIds: [grader.id], redispatch: false, includeStarted: false },
      { actorId: admin.id },
    );
    await home.getByRole("heading", { name: "Brevet blanc de physique" }).waitFor({ timeout: 10_000 });
    await expect.poll(() => rowOf(home, "B7A1-001"), { timeout: 10_000 }).toEqual(["À corriger", "—", "—", expect.stringContaining("Ouvrir")]);
    expect(await home.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(homeErrors).toEqual([]);
  });
});
