// Regrade requests in Chromium (#17): the supervisor opens requests for the exam; a student asks
// for a review of one question in the portal; the request appears live on the supervisor's
// dashboard, who accepts it (the copy is reopened); the grader sees it on their home and opens the
// desk at that question; once regraded and released again, the student's page shows the request
// as done and the new version. A second request is refused with a reason the student reads.
import * as Y from "yjs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentFingerprint, readCopyDoc, setScore } from "../../collab/index.ts";
import { loadExamQuestions } from "../../server/supervision/exam-questions.ts";
import { MediaStore } from "../../server/storage/media-store.ts";
import { startResultsApp, signInContext, userWithRole, type ResultsApp } from "../helpers/results-app.ts";
import { createScoredCopy, createStudent, docMarksHash, tinyPdf } from "../helpers/supervision-factories.ts";
import { a11yViolations } from "./support/a11y.ts";
import { launchChromium, newPage, screenshot } from "./support/browser.ts";
import { waitInPage } from "./support/desk.ts";

let app: ResultsApp;
let browser: Browser;
let examId: string;
let questions: { id: string; label: string; path: string }[];
let student: { username: string; password: string };
let admin: { username: string; password: string };
let supervisor: { username: string; password: string };
let grader: { id: string; username: string; password: string };
let mine: string;
let code: string;
const MESSAGE = "Ma démonstration de la question est complète : voir la fin de la page 2. <b>Merci</b> & bonne journée";

async function release() {
  const { context } = await newPage(browser, app.url);
  await signInContext(context, app.url, admin);
  const { csrfToken } = (await (await context.request.get(`${app.url}/api/me`)).json()) as { csrfToken: string };
  const r = await context.request.post(`${app.url}/api/release/exams/${examId}/release`, { data: {}, headers: { origin: app.url, "x-csrf-token": csrfToken } });
  expect(r.status()).toBe(200);
  const body = await r.json();
  await context.close();
  return body;
}

/** The grader's regrade as the desk and the render worker leave it: a new score stored as an update, the copy finalized and its PDF drawn for its marks. */
async function regradeAndRender(copyId: string, questionId: string, score: number) {
  const rows = await app.tdb.db.copyDocUpdate.findMany({ where: { copyId }, orderBy: { seq: "asc" } });
  const doc = new Y.Doc();
  for (const r of rows) Y.applyUpdate(doc, r.data);
  const before = Y.encodeStateVector(doc);
  setScore(doc, questionId, score);
  await app.tdb.db.copyDocUpdate.create({ data: { copyId, authorId: grader.id, data: Buffer.from(Y.encodeStateAsUpdate(doc, before)) } });
  const docHash = contentFingerprint(readCopyDoc(doc));
  const copy = await app.tdb.db.copy.update({ where: { id: copyId }, data: { state: "GRADED", docHash, finalizedAt: new Date(), finalizedById: grader.id } });
  const stored = await new MediaStore(app.mediaDir).putBytes("renders", await tinyPdf(`Copie ${code} v2`), "pdf");
  await app.tdb.db.renderedArtifact.create({
    data: {
      copyId,
      docHash,
      sha256: stored.sha256,
      sizeBytes: stored.size,
      storagePath: stored.rel,
      marksHash: await docMarksHash(app.tdb.db, copy.examId, copy.variant, doc),
    },
  });
  doc.destroy();
}

const row = (page: Page, status: string) => page.locator(`tr[data-status="${status}"]`);

beforeAll(async () => {
  browser = await launchChromium();
  app = await startResultsApp();
  const exam = await app.tdb.db.exam.findFirstOrThrow({ select: { id: true } });
  examId = exam.id;
  questions = (await loadExamQuestions(app.tdb.db, exam.id)).all.map((q) => ({ id: q.id, label: q.label, path: q.path.replace(/ \/ /g, " › ") })); // as the portal names them
  const q = questions.map((x) => x.id);
  const scores = (v: number) => Object.fromEntries(q.map((id) => [id, v]));
  const s = await createStudent(app.tdb.db, { lastName: "LEROY", firstName: "Camille", account: true });
  student = s.user!;
  const copy = await createScoredCopy(app.tdb.db, app.mediaDir, exam.id, { studentId: s.student.id, scores: scores(1) });
  mine = copy.id;
  code = copy.anonymousCode;
  grader = await userWithRole(app, "GRADER", "Mme Martin");
  await app.tdb.db.assignment.create({ data: { copyId: mine, graderId: grader.id } });
  // the rest of the exam, identified, as the release gate asks
  for (const c of await app.tdb.db.copy.findMany({ where: { examId, id: { not: mine }, studentId: null }, select: { id: true } })) {
    const other = await createStudent(app.tdb.db, { lastName: "AUTRE", firstName: c.id.slice(0, 6) });
    await app.tdb.db.copy.update({ where: { id: c.id }, data: { studentId: other.student.id } });
  }
  admin = await userWithRole(app, "ADMIN");
  supervisor = await userWithRole(app, "SUPERVISOR", "M. Bernard");
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("regrade requests", () => {
  it("asked in the portal, seen live and accepted by the supervisor, regraded, resolved with a new version", { timeout: 300_000 }, async () => {
    // the supervisor opens requests for a week after release
    const sup = await newPage(browser, app.url);
    await signInContext(sup.context, app.url, supervisor);
    await sup.page.goto(`/supervision/exams/${examId}`);
    const settings = sup.page.getByRole("form", { name: "Réglages des demandes de révision" });
    await settings.getByLabel("Les élèves peuvent demander une révision").check();
    await settings.getByLabel("Délai après publication (jours)").fill("7");
    await settings.getByLabel("Demandes par élève").fill("2");
    await settings.getByRole("button", { name: "Enregistrer" }).click();
    await sup.page.getByText("Réglages enregistrés.").waitFor();
    expect(await app.tdb.db.exam.findUniqueOrThrow({ where: { id: examId } })).toMatchObject({ regradeWindowDays: 7, regradeMaxPerStudent: 2 });
    await sup.page.getByTestId("regrade").scrollIntoViewIfNeeded();
    await screenshot(sup.page, "regrade-01-settings");
    expect(await a11yViolations(sup.page)).toEqual([]);

    expect((await release()).versions[mine]).toBe(1);

    // the student asks about one question, with a message (HTML stays text)
    const stu = await newPage(browser, app.url);
    await signInContext(stu.context, app.url, student);
    await stu.page.goto(`/portal/copies/${mine}`);
    const q0 = questions[0]!;
    const ask = stu.page.getByRole("button", { name: `Demander une révision de la question ${q0.path}` });
    await ask.click();
    const box = stu.page.getByLabel("Votre message");
    await expect.poll(() => box.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement), { timeout: 30_000 }).toBe(true); // the form takes the focus
    await box.fill(MESSAGE);
    await stu.page.getByText(`${MESSAGE.length} / 2000 caractères`).waitFor();
    await screenshot(stu.page, "regrade-02-student-form");
    expect(await a11yViolations(stu.page)).toEqual([]);
    await stu.page.getByRole("button", { name: "Envoyer la demande" }).click();
    await stu.page.getByText(`Votre demande sur la question ${q0.path} a été envoyée.`).waitFor();
    const request = stu.page.locator('li[data-status="OPEN"]');
    await request.waitFor();
    expect(await request.innerText()).toContain(MESSAGE); // shown as typed, not as markup
    expect(await stu.page.locator("ko-regrade-panel b").count()).toBe(0);
    await screenshot(stu.page, "regrade-03-student-sent");

    // live on the supervisor's dashboard, without a reload
    const open = row(sup.page, "OPEN");
    await open.waitFor();
    expect(await open.innerText()).toContain(MESSAGE);
    expect(await open.getByRole("link", { name: `Ouvrir la copie ${code} à la question ${q0.path}` }).getAttribute("href")).toBe(
      `/copies/${mine}?question=${q0.id}`,
    );
    await open.scrollIntoViewIfNeeded();
    await screenshot(sup.page, "regrade-04-supervisor-live");
    expect(await a11yViolations(sup.page)).toEqual([]);

    // accepted with a note, from the keyboard: the copy is reopened
    await open.getByRole("button", { name: "Accepter et rouvrir la copie" }).focus();
    await sup.page.keyboard.press("Enter");
    await sup.page.keyboard.type("Je revois la question.");
    await sup.page.getByRole("button", { name: "Accepter", exact: true }).click();
    await sup.page.getByText(`Demande acceptée : la copie ${code} est rouverte pour correction.`).waitFor();
    await row(sup.page, "ACCEPTED").waitFor();
    await expect.poll(async () => (await app.tdb.db.copy.findUniqueOrThrow({ where: { id: mine } })).state, { timeout: 30_000 }).toBe("READY");
    await screenshot(sup.page, "regrade-05-supervisor-accepted");

    // the grader finds it on their home and opens the desk at that question
    const gr = await newPage(browser, app.url);
    await signInContext(gr.context, app.url, grader);
    await gr.page.goto("/");
    const home = gr.page.getByRole("region", { name: "Demandes de révision", exact: true });
    await home.waitFor();
    const link = home.getByRole("link", { name: `Ouvrir la copie ${code} à la question ${q0.path}` });
    await link.waitFor();
    await screenshot(gr.page, "regrade-06-grader-home");
    expect(await a11yViolations(gr.page)).toEqual([]);
    await link.click();
    await gr.page.waitForURL(`**/copies/${mine}?question=${q0.id}`);
    await screenshot(gr.page, "regrade-07a-desk-opening");
    await waitInPage(
      gr.page,
      `document.querySelector('ko-app')?.shadowRoot?.querySelector('ko-desk')?.selectedQuestion === ${JSON.stringify(q0.id)}`,
      30_000,
      "the asked question picked",
    );
    await screenshot(gr.page, "regrade-07-desk-at-question");
    await gr.context.close();

    // regraded and released again: version 2; the student's page shows it without being reloaded
    await regradeAndRender(mine, q0.id, 2);
    expect((await release()).versions[mine]).toBe(2);
    const done = stu.page.locator('li[data-status="RESOLVED"]');
    await done.waitFor({ timeout: 60_000 }); // the panel refreshes every 15 s
    expect(await done.innerText()).toContain("Je revois la question.");
    await stu.page.getByText("Une nouvelle version (n° 2) de votre copie est publiée.").waitFor();
    await screenshot(stu.page, "regrade-08-student-resolved");
    await stu.page.getByRole("button", { name: "Afficher la version 2" }).click();
    await stu.page.getByText("version 2").first().waitFor();
    await stu.page.locator('li[data-status="RESOLVED"]').getByText("Révisée : la version 2 de votre copie en tient compte.").waitFor();
    await screenshot(stu.page, "regrade-09-student-version-2");
    expect(await a11yViolations(stu.page)).toEqual([]);
    await row(sup.page, "RESOLVED")
      .waitFor({ state: "detached" })
      .catch(() => undefined); // settled: out of the pending list
    await expect.poll(() => row(sup.page, "ACCEPTED").count(), { timeout: 30_000 }).toBe(0);
    expect(sup.errors).toEqual([]);
    expect(stu.errors).toEqual([]);
    await sup.context.close();
    await stu.context.close();
  });

  it("a refusal carries its reason, which the student reads", { timeout: 180_000 }, async () => {
    const stu = await newPage(browser, app.url);
    await signInContext(stu.context, app.url, student);
    await stu.page.goto(`/portal/copies/${mine}`);
    const q1 = questions[1]!;
    await stu.page.getByRole("button", { name: `Demander une révision de la question ${q1.path}` }).click();
    await stu.page.getByLabel("Votre message").fill("Le résultat est juste, seule l'unité manque.");
    await stu.page.getByRole("button", { name: "Envoyer la demande" }).click();
    await stu.page.locator('li[data-status="OPEN"]').waitFor();
    // the cap (2) is reached: no more buttons
    await expect.poll(() => stu.page.getByRole("button", { name: /^Demander une révision de la question/ }).count(), { timeout: 30_000 }).toBe(0);
    await stu.page.getByText("Vous avez utilisé vos 2 demandes de révision pour ce devoir.").waitFor();

    const gr = await newPage(browser, app.url);
    await signInContext(gr.context, app.url, grader);
    await gr.page.goto("/");
    const open = row(gr.page, "OPEN");
    await open.waitFor();
    await open.getByRole("button", { name: "Refuser" }).click();
    const send = gr.page.getByRole("button", { name: "Envoyer le refus" });
    expect(await send.isDisabled()).toBe(true); // a reason is required
    await gr.page.getByLabel("Motif du refus (lu par l’élève)").fill("L'unité fait partie de la réponse attendue (barème, question 1.b).");
    await screenshot(gr.page, "regrade-10-grader-refusing");
    expect(await a11yViolations(gr.page)).toEqual([]);
    await send.click();
    await gr.page.getByText("Demande refusée.").waitFor();
    expect(gr.errors).toEqual([]);
    await gr.context.close();

    await stu.page.reload();
    const refused = stu.page.locator('li[data-status="REFUSED"]');
    await refused.waitFor();
    expect(await refused.innerText()).toContain("L'unité fait partie de la réponse attendue (barème, question 1.b).");
    await refused.scrollIntoViewIfNeeded();
    await screenshot(stu.page, "regrade-11-student-refused");
    expect(await a11yViolations(stu.page)).toEqual([]);
    expect(stu.errors).toEqual([]);
    await stu.context.close();
  });
});
