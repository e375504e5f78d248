// Blind second marking in Chromium: the supervisor asks for a sample on the exam's dashboard; the
// second marker finds the copy in their queue, marks it at the blind desk (banner, no trace of the
// first marking) and finalizes; the supervisor then views both layers side by side. French, then
// English; accessibility checks; screenshots moderation-01…05.
import type { Browser } from "playwright-core";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setComment, setScore } from "../../collab/index.ts";
import { loadExamQuestions } from "../../server/supervision/exam-questions.ts";
import { CopySync } from "../helpers/grading-client.ts";
import { tick } from "../helpers/grading-fixture.ts";
import { connectGrading, connected } from "../helpers/grading-session.ts";
import { TestClient } from "../helpers/http-client.ts";
import { signInContext, startResultsApp, userWithRole, type ResultsApp } from "../helpers/results-app.ts";
import { a11yViolations } from "./support/a11y.ts";
import { launchChromium, newPage, screenshot } from "./support/browser.ts";
import { waitForDesk, waitInPage } from "./support/desk.ts";

let app: ResultsApp;
let browser: Browser;
let examId: string;
let copy: { id: string; anonymousCode: string; variant: string | null; examId: string };
let supervisor: Awaited<ReturnType<typeof userWithRole>>;
let first: Awaited<ReturnType<typeof userWithRole>>;
let second: Awaited<ReturnType<typeof userWithRole>>;
const sockets: Socket[] = [];

async function sync(user: { username: string; password: string }, copyId: string, layer?: "second"): Promise<CopySync> {
  const http = new TestClient(app.url, app.url);
  expect((await http.login(user.username, user.password)).status).toBe(200);
  const socket = await connected(connectGrading(app.url, { cookie: http.cookieHeader, origin: app.url }));
  sockets.push(socket);
  const s = new CopySync({ copyId, ...(layer ? { layer } : {}) });
  const joined = new Promise<void>((resolve, reject) => {
    s.on("joined", () => resolve());
    s.on("refused", (a) => reject(new Error(a.code)));
  });
  s.attach(socket);
  await joined;
  return s;
}

beforeAll(async () => {
  browser = await launchChromium();
  app = await startResultsApp();
  const db = app.tdb.db;
  copy = await db.copy.findFirstOrThrow({
    where: { state: "READY", releasedAt: null, pages: { some: {} } },
    select: { id: true, anonymousCode: true, variant: true, examId: true },
    orderBy: { seq: "asc" },
  });
  examId = copy.examId;
  await db.assignment.deleteMany({ where: { copyId: copy.id } }); // ours to grade first
  await db.user.updateMany({ where: { role: "GRADER" }, data: { active: false } }); // the demo's graders step aside: two graders here
  supervisor = await userWithRole(app, "SUPERVISOR", "Mme Claire Dumas");
  first = await userWithRole(app, "GRADER", "M. Paul Premier");
  second = await userWithRole(app, "GRADER", "Mme Ana Seconde");
  await db.assignment.create({ data: { copyId: copy.id, graderId: first.id } });
  const other = await db.copy.findFirstOrThrow({ where: { examId, id: { not: copy.id } }, select: { id: true } });
  await db.assignment.deleteMany({ where: { copyId: other.id } });
  await db.assignment.create({ data: { copyId: other.id, graderId: second.id } }); // a grader of the exam too
}, 180_000);
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await browser?.close();
  await app?.close();
});

describe("blind second marking", () => {
  it("sample asked, marked blind, finalized, layers side by side", async () => {
    const questions = (await loadExamQuestions(app.tdb.db, examId)).forVariant(copy.variant);
    // the first marking, on the main layer
    const main = await sync(first, copy.id);
    expect((await main.takeLock()).ok).toBe(true);
    tick(main.doc, first.id);
    setComment(main.doc, questions[0]!.id, "Remarque du premier correcteur");
    questions.forEach((q) => setScore(main.doc, q.id, q.maxPoints));
    await main.whenSaved();

    // the supervisor asks for a sample on the exam's dashboard
    const sup = await newPage(browser, app.url);
    await signInContext(sup.context, app.url, supervisor);
    await sup.page.goto(`/supervision/exams/${examId}`);
    const panel = sup.page.getByTestId("second-markings");
    await panel.getByRole("heading", { name: "Seconde correction à l’aveugle" }).waitFor({ timeout: 60_000 });
    await panel.getByText("Aucune seconde correction demandée pour cette épreuve.").waitFor({ timeout: 30_000 });
    // chosen copies by their codes: an unknown code is said and nothing is asked; then our copy
    await panel.getByLabel("Des copies choisies").check();
    await panel.getByLabel("Codes des copies").fill("ZZZZ-999");
    await panel.getByRole("button", { name: "Demander la seconde correction" }).click();
    await panel.getByRole("alert").filter({ hasText: "Codes inconnus pour cette épreuve : ZZZZ-999" }).waitFor({ timeout: 30_000 });
    await panel.getByLabel("Codes des copies").fill(copy.anonymousCode.toLowerCase());
    await panel.getByRole("button", { name: "Demander la seconde correction" }).click();
    await panel.getByRole("status").filter({ hasText: "1 copie(s) confiée(s) à un second correcteur ; 0 déjà" }).waitFor({ timeout: 30_000 });
    // then a sample of every grader's copies: ours is skipped, already asked
    await panel.getByLabel("Un pourcentage des copies de chaque correcteur").check();
    await panel.getByLabel("Pourcentage", { exact: true }).fill("100");
    await panel.getByRole("button", { name: "Demander la seconde correction" }).click();
    await panel.getByRole("status").filter({ hasText: "1 déjà en seconde correction" }).waitFor({ timeout: 30_000 });
    const row = panel.locator(`tr[data-marking="${copy.id}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain("M. Paul Premier");
    expect(await row.textContent()).toContain("Mme Ana Seconde");
    await row.scrollIntoViewIfNeeded();
    await screenshot(sup.page, "moderation-01-sample-fr");
    expect(await a11yViolations(sup.page)).toEqual([]);

    // the second marker: their queue, then the blind desk
    const mk = await newPage(browser, app.url);
    await signInContext(mk.context, app.url, second);
    await mk.page.goto("/");
    const queue = mk.page.getByTestId("second-marking-queue");
    await queue.getByRole("heading", { name: "Mes secondes corrections" }).waitFor({ timeout: 60_000 });
    await screenshot(mk.page, "moderation-02-queue-fr");
    await queue.getByRole("link", { name: `Corriger à l’aveugle la copie ${copy.anonymousCode}` }).click();
    await mk.page.waitForURL(`**/copies/${copy.id}?layer=second`, { timeout: 30_000 });
    await waitForDesk(mk.page);
    await mk.page.getByText("Seconde correction — à l’aveugle.").waitFor({ timeout: 30_000 });
    const layer = await sync(second, copy.id, "second");
    questions.forEach((q) => setScore(layer.doc, q.id, q.maxPoints / 2));
    await layer.whenSaved();
    const DESK = `document.querySelector('ko-app').shadowRoot.querySelector('ko-desk')`;
    await waitInPage(mk.page, `${DESK}.session.doc.getMap('scores').size === ${questions.length}`, 30_000, "the layer's marks at the desk");
    const deskText = (await mk.page.evaluate(`JSON.stringify(${DESK}.session.doc.toJSON())`)) as string;
    expect(deskText).not.toContain("Remarque du premier correcteur");
    expect(deskText).not.toContain(first.id);
    expect(await mk.page.evaluate(`${DESK}.shadowRoot.textContent`)).not.toContain("M. Paul Premier");
    await screenshot(mk.page, "moderation-03-blind-desk-fr");
    expect(await a11yViolations(mk.page)).toEqual([]);
    await mk.page.getByRole("button", { name: "Finaliser", exact: true }).click();
    await mk.page.getByRole("button", { name: "Finaliser la copie" }).click();
    await expect.poll(async () => (await app.tdb.db.secondMarking.findUniqueOrThrow({ where: { copyId: copy.id } })).status, { timeout: 30_000 }).toBe("DONE");

    // the supervisor views both layers side by side
    await sup.page.goto(`/copies/${copy.id}/layers`);
    const table = sup.page.locator("ko-layer-viewer table");
    await table.waitFor({ timeout: 30_000 });
    expect(await table.getAttribute("data-show")).toBe("both");
    const firstRow = sup.page.locator(`ko-layer-viewer tr[data-question="${questions[0]!.id}"]`);
    expect(await firstRow.locator('[data-layer="first"]').textContent()).toMatch(/\d/);
    expect(await firstRow.locator('[data-layer="second"]').textContent()).toMatch(/\d/);
    // both markings done: the way to the reconciliation is one click away
    expect(await sup.page.getByRole("link", { name: "Réconcilier les deux corrections" }).getAttribute("href")).toBe(
      `/supervision/exams/${copy.examId}/reconcile/${copy.id}`,
    );
    await screenshot(sup.page, "moderation-04-layers-fr");
    expect(await a11yViolations(sup.page)).toEqual([]);
    await sup.page.getByLabel("Note retenue", { exact: true }).check();
    await expect.poll(() => table.getAttribute("data-show"), { timeout: 20_000 }).toBe("agreed");

    // in English
    await sup.page.evaluate(`localStorage.setItem('korrigo.locale', 'en')`);
    await sup.page.reload();
    await sup.page.getByRole("heading", { name: `Copy ${copy.anonymousCode} — marking layers` }).waitFor({ timeout: 30_000 });
    await screenshot(sup.page, "moderation-05-layers-en");
    expect(sup.errors).toEqual([]);
    expect(mk.errors).toEqual([]);
    await sup.context.close();
    await mk.context.close();
  });
});
