// Released versions in Chromium: the student's copy page lists the rubric items that made each
// mark, with their feedback; a later rubric change does not reach the student until the copy is
// released again, then the new version shows. The supervisor's dashboard charts the per-item
// shares and the exports page offers the per-item CSV.
import pg from "pg";
import type { Browser } from "playwright-core";
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyItem, contentFingerprint, readCopyDoc } from "../../collab/index.ts";
import { projectCopies } from "../../server/grading/decision-backfill.ts";
import { loadExamQuestions } from "../../server/supervision/exam-questions.ts";
import { startResultsApp, signInContext, userWithRole, type ResultsApp } from "../helpers/results-app.ts";
import { createRubricVersion } from "../helpers/rubric-factories.ts";
import { createScoredCopy, createStudent, docMarksHash } from "../helpers/supervision-factories.ts";
import { a11yViolations } from "./support/a11y.ts";
import { launchChromium, newPage, screenshot } from "./support/browser.ts";

let app: ResultsApp;
let browser: Browser;
let examId: string;
let q0: string;
let student: { username: string; password: string };
let admin: { username: string; password: string };
let mine: string;
const ITEMS = [
  { id: "derivee", label: "Dérivée correcte", points: 1.5, feedback: "La dérivée est juste ; pensez à simplifier." },
  { id: "tableau", label: "Tableau de variations", points: 1, feedback: null },
];

/** Applies rubric items on question q0 of a graded copy, as a grader's update stored after its typed scores, with its PDF following the new hash. */
async function applyItems(copyId: string, items: string[]) {
  const rows = await app.tdb.db.copyDocUpdate.findMany({ where: { copyId }, orderBy: { seq: "asc" } });
  const doc = new Y.Doc();
  for (const r of rows) Y.applyUpdate(doc, r.data);
  const before = Y.encodeStateVector(doc);
  for (const id of items) applyItem(doc, q0, id, 1);
  await app.tdb.db.copyDocUpdate.create({ data: { copyId, data: Buffer.from(Y.encodeStateAsUpdate(doc, before)) } });
  const docHash = contentFingerprint(readCopyDoc(doc));
  const copy = await app.tdb.db.copy.update({ where: { id: copyId }, data: { docHash } });
  const marksHash = await docMarksHash(app.tdb.db, copy.examId, copy.variant, doc);
  await app.tdb.db.renderedArtifact.updateMany({ where: { copyId }, data: { docHash, marksHash } });
  doc.destroy();
}

/** What the render worker leaves behind for a copy: its PDF fingerprinted with the current marks. */
async function fingerprintPdf(copyId: string) {
  const rows = await app.tdb.db.copyDocUpdate.findMany({ where: { copyId }, orderBy: { seq: "asc" } });
  const doc = new Y.Doc();
  for (const r of rows) Y.applyUpdate(doc, r.data);
  const copy = await app.tdb.db.copy.findUniqueOrThrow({ where: { id: copyId } });
  await app.tdb.db.renderedArtifact.updateMany({ where: { copyId }, data: { marksHash: await docMarksHash(app.tdb.db, copy.examId, copy.variant, doc) } });
  doc.destroy();
}

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

beforeAll(async () => {
  browser = await launchChromium();
  app = await startResultsApp();
  const exam = await app.tdb.db.exam.findFirstOrThrow({ select: { id: true } });
  examId = exam.id;
  const q = (await loadExamQuestions(app.tdb.db, exam.id)).all.map((x) => x.id);
  q0 = q[0]!;
  await createRubricVersion(app.tdb.db, exam.id, { [q0]: { items: ITEMS } });
  const scores = (v: number[]) => Object.fromEntries(q.slice(1).map((id, i) => [id, v[i]!]));
  const s = await createStudent(app.tdb.db, { lastName: "MOREL", firstName: "Inès", account: true });
  student = s.user!;
  mine = (await createScoredCopy(app.tdb.db, app.mediaDir, exam.id, { studentId: s.student.id, scores: scores([1.5, 2, 3, 3.5, 4]), general: "Bon travail." }))
    .id;
  await applyItems(mine, ["derivee", "tableau"]);
  // identified, as the release gate asks of every copy it releases
  const classmate = await createStudent(app.tdb.db, { lastName: "ROUX", firstName: "Hugo" });
  const other = await createScoredCopy(app.tdb.db, app.mediaDir, exam.id, { studentId: classmate.student.id, scores: scores([1, 1, 1, 1, 1]) });
  await applyItems(other.id, ["derivee"]);
  const pool = new pg.Pool({ connectionString: app.tdb.url, max: 1 });
  await projectCopies(pool, [mine, other.id]);
  await pool.end();
  admin = await userWithRole(app, "ADMIN");
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("released versions in the portal", () => {
  it("shows the items and their feedback; a later rubric change waits for the next release", { timeout: 180_000 }, async () => {
    expect((await release()).versions[mine]).toBe(1);
    const { context, page, errors } = await newPage(browser, app.url);
    await signInContext(context, app.url, student);
    await page.goto(`/portal/copies/${mine}`);
    const items = page.getByRole("list", { name: "Éléments du barème appliqués" });
    await items.first().waitFor();
    await expect.poll(() => items.first().innerText(), { timeout: 20_000 }).toContain("Dérivée correcte +1,5");
    expect(await items.first().innerText()).toContain("La dérivée est juste ; pensez à simplifier.");
    expect(await items.first().innerText()).toContain("Tableau de variations +1");
    const total = () => page.locator("table[data-marks] tfoot td").innerText(); // the marks' total (the changes since a version have theirs)
    const before = await total();
    await screenshot(page, "portal-versions-01-items");
    expect(await a11yViolations(page)).toEqual([]);

    // the team decides the derivative was worth only 0.5: staff see the new mark at once, the student not yet
    await createRubricVersion(app.tdb.db, examId, { [q0]: { items: [{ ...ITEMS[0]!, points: 0.5 }, ITEMS[1]!] } });
    await page.reload();
    await items.first().waitFor();
    expect(await items.first().innerText()).toContain("Dérivée correcte +1,5");
    expect(await total()).toBe(before);
    const pdf = await context.request.get(`${app.url}/api/portal/copies/${mine}/pdf`);
    expect(pdf.status()).toBe(200);
    await screenshot(page, "portal-versions-02-after-change-not-released");

    // the office sees which released copies changed since
    const office = await newPage(browser, app.url);
    await signInContext(office.context, app.url, admin);
    await office.page.goto(`/release/${examId}`);
    await office.page
      .getByText(/À republier \(note publiée : /)
      .first()
      .waitFor();
    await screenshot(office.page, "portal-versions-02b-release-changed");
    expect(office.errors).toEqual([]);
    await office.context.close();

    // its PDF still shows the old marks: release asks for a render first and shows nothing new
    const waiting = await release();
    expect(waiting.awaitingRender).toContain(mine);
    expect(waiting.versions[mine]).toBeUndefined();
    // the render worker (not run by this app) draws the new marks; the next release shows them
    await fingerprintPdf(mine);
    expect((await release()).versions[mine]).toBe(2);
    await page.reload();
    await items.first().waitFor();
    await expect.poll(() => items.first().innerText(), { timeout: 20_000 }).toContain("Dérivée correcte +0,5");
    expect(await total()).not.toBe(before);
    await page.getByText(/· version 2$/).waitFor(); // the copy's heading (the changes since version 1 name it too)
    await screenshot(page, "portal-versions-03-new-version");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the dashboard charts the share of copies per item; exports offer the per-item CSV", { timeout: 120_000 }, async () => {
    const supervisor = await userWithRole(app, "SUPERVISOR");
    const { context, page, errors } = await newPage(browser, app.url);
    await signInContext(context, app.url, supervisor);
    await page.goto(`/supervision/exams/${examId}`);
    await page.getByRole("heading", { name: "Éléments du barème" }).waitFor();
    await page.getByRole("img", { name: /part des copies ayant reçu chacun des 2 éléments/ }).waitFor();
    await page.getByRole("heading", { name: "Éléments du barème" }).scrollIntoViewIfNeeded();
    await screenshot(page, "portal-versions-04-dashboard-items");
    expect(errors).toEqual([]);
    await context.close();

    const office = await newPage(browser, app.url);
    await signInContext(office.context, app.url, admin);
    await office.page.goto("/exports");
    const link = office.page.getByRole("link", { name: /Éléments du barème par copie \(CSV\)/ }).first();
    await link.waitFor();
    const href = await link.getAttribute("href");
    const csv = await office.context.request.get(`${app.url}${href}`);
    expect(csv.status()).toBe(200);
    expect((await csv.text()).split("\r\n")[0]).toBe("code_anonyme,etat,question,item,points");
    await screenshot(office.page, "portal-versions-05-exports");
    await office.context.close();
  });
});
