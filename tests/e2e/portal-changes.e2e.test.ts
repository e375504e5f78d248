// What changed between released versions, in Chromium: the student's copy page says what moved since
// the previous version (question, before, after, why: a rubric change, an accepted regrade request,
// a correction), with the total and both PDFs; past two versions a chooser (keyboard too) compares
// with an earlier one. A copy released once shows no such section.
import pg from "pg";
import type { Browser } from "playwright-core";
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyItem, contentFingerprint, readCopyDoc, setScore } from "../../collab/index.ts";
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
let q: string[];
let student: { username: string; password: string };
let admin: { username: string; password: string };
let mine: string;
const ITEMS = [
  { id: "derivee", label: "Dérivée correcte", points: 1.5, feedback: null },
  { id: "tableau", label: "Tableau de variations", points: 1, feedback: null },
];

/** A grader's change stored after the copy's document, its PDF fingerprinted with the new marks (what the render worker, not run here, leaves behind). */
async function change(copyId: string, edit: (doc: Y.Doc) => void) {
  const rows = await app.tdb.db.copyDocUpdate.findMany({ where: { copyId }, orderBy: { seq: "asc" } });
  const doc = new Y.Doc();
  for (const r of rows) Y.applyUpdate(doc, r.data);
  const before = Y.encodeStateVector(doc);
  edit(doc);
  await app.tdb.db.copyDocUpdate.create({ data: { copyId, data: Buffer.from(Y.encodeStateAsUpdate(doc, before)) } });
  const docHash = contentFingerprint(readCopyDoc(doc));
  const copy = await app.tdb.db.copy.update({ where: { id: copyId }, data: { docHash } });
  await app.tdb.db.renderedArtifact.updateMany({
    where: { copyId },
    data: { docHash, marksHash: await docMarksHash(app.tdb.db, copy.examId, copy.variant, doc) },
  });
  doc.destroy();
}

async function release(): Promise<Record<string, number>> {
  const { context } = await newPage(browser, app.url);
  await signInContext(context, app.url, admin);
  const { csrfToken } = (await (await context.request.get(`${app.url}/api/me`)).json()) as { csrfToken: string };
  const r = await context.request.post(`${app.url}/api/release/exams/${examId}/release`, { data: {}, headers: { origin: app.url, "x-csrf-token": csrfToken } });
  expect(r.status()).toBe(200);
  const body = await r.json();
  await context.close();
  return body.versions;
}

beforeAll(async () => {
  browser = await launchChromium();
  app = await startResultsApp();
  examId = (await app.tdb.db.exam.findFirstOrThrow({ select: { id: true } })).id;
  q = (await loadExamQuestions(app.tdb.db, examId)).all.map((x) => x.id);
  await createRubricVersion(app.tdb.db, examId, { [q[0]!]: { items: ITEMS } });
  const scores = (v: number[]) => Object.fromEntries(q.slice(1).map((id, i) => [id, v[i]!]));
  const s = await createStudent(app.tdb.db, { lastName: "MOREL", firstName: "Inès", account: true });
  student = s.user!;
  mine = (await createScoredCopy(app.tdb.db, app.mediaDir, examId, { studentId: s.student.id, scores: scores([1.5, 2, 3, 3.5, 4]), general: "Bon travail." }))
    .id;
  await change(mine, (d) => ITEMS.forEach((i) => applyItem(d, q[0]!, i.id, 1)));
  const classmate = await createStudent(app.tdb.db, { lastName: "ROUX", firstName: "Hugo" });
  const other = await createScoredCopy(app.tdb.db, app.mediaDir, examId, { studentId: classmate.student.id, scores: scores([1, 1, 1, 1, 1]) });
  await change(other.id, (d) => applyItem(d, q[0]!, "derivee", 1));
  const pool = new pg.Pool({ connectionString: app.tdb.url, max: 1 });
  await projectCopies(pool, [mine, other.id]);
  await pool.end();
  admin = await userWithRole(app, "ADMIN");
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("what changed between released versions, in the portal", () => {
  it("version 1 alone shows nothing; then each release says what changed and why, with both PDFs", { timeout: 240_000 }, async () => {
    expect((await release())[mine]).toBe(1);
    const { context, page, errors } = await newPage(browser, app.url);
    await signInContext(context, app.url, student);
    await page.goto(`/portal/copies/${mine}`);
    await page.getByRole("heading", { name: "Mes notes" }).waitFor();
    await expect.poll(() => page.locator("ko-version-changes").evaluate((el) => el.shadowRoot?.childElementCount ?? 0), { timeout: 20_000 }).toBe(0);
    expect(await page.getByRole("heading", { name: /ce qui a changé/ }).count()).toBe(0);

    // version 2: the team decides the derivative was worth only 0.5 (rubric change)
    await createRubricVersion(app.tdb.db, examId, { [q[0]!]: { items: [{ ...ITEMS[0]!, points: 0.5 }, ITEMS[1]!] } });
    await change(mine, () => {}); // the worker's refreshed PDF, fingerprinted with the new marks
    expect((await release())[mine]).toBe(2);
    // version 3: a regrade request on the second question accepted (its mark raised), a correction on the third
    await change(mine, (d) => {
      setScore(d, q[1]!, 2.5);
      setScore(d, q[2]!, 1.5);
    });
    expect((await release())[mine]).toBe(3);
    const copy = await app.tdb.db.copy.findUniqueOrThrow({ where: { id: mine } });
    await app.tdb.db.regradeRequest.create({
      data: {
        copyId: mine,
        questionId: q[1]!,
        studentId: copy.studentId!,
        message: "Le calcul est juste.",
        status: "RESOLVED",
        fromVersion: 2,
        resolvedVersion: 3,
      },
    });

    await page.reload();
    const heading = page.getByRole("heading", { name: /Version 3 \(publiée le .*\) — ce qui a changé depuis la version 2/ });
    await heading.waitFor();
    const table = page.getByRole("table", { name: "Notes modifiées entre la version 2 et la version 3" });
    const rows = () => table.locator("tbody tr").allInnerTexts();
    await expect.poll(rows, { timeout: 20_000 }).toHaveLength(2);
    const [regraded, corrected] = await rows();
    expect(regraded!.replace(/\s+/g, " ")).toMatch(/1,5 \/ \d+ 2,5 \/ \d+ Demande de révision acceptée/);
    expect(corrected!.replace(/\s+/g, " ")).toMatch(/2 \/ \d+ 1,5 \/ \d+ Correction/);
    expect((await table.locator("tfoot tr").innerText()).replace(/\s+/g, " ")).toMatch(/^Total 15,5 \/ \d+ 16 \/ \d+/);
    for (const n of [2, 3]) {
      const link = page.getByRole("link", { name: new RegExp(`Télécharger le PDF de la version ${n}`) });
      const href = await link.getAttribute("href");
      expect(href).toBe(`/api/portal/copies/${mine}/versions/${n}/pdf?download=1`);
      const pdf = await context.request.get(`${app.url}${href}`);
      expect([n, pdf.status(), pdf.headers()["content-type"]]).toEqual([n, 200, "application/pdf"]);
    }
    await heading.scrollIntoViewIfNeeded();
    await screenshot(page, "portal-changes-01-since-previous");
    expect(await a11yViolations(page)).toEqual([]);

    // three versions: a chooser, by keyboard, compares with version 1
    const chooser = page.getByLabel("Comparer avec");
    await chooser.focus();
    await page.keyboard.press("ArrowDown");
    await page.getByRole("heading", { name: /ce qui a changé depuis la version 1/ }).waitFor();
    const table1 = page.getByRole("table", { name: "Notes modifiées entre la version 1 et la version 3" });
    await expect.poll(() => table1.locator("tbody tr").count(), { timeout: 20_000 }).toBe(3);
    const reasons = (await table1.locator("tbody tr td:last-child").allInnerTexts()).map((x) => x.trim());
    expect(reasons).toEqual(["Changement de barème", "Demande de révision acceptée", "Correction"]);
    expect(await chooser.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    await page.getByRole("link", { name: /Télécharger le PDF de la version 1/ }).waitFor();
    await screenshot(page, "portal-changes-02-since-version-1");
    expect(await a11yViolations(page)).toEqual([]);

    // in English
    await page.evaluate(() => localStorage.setItem("korrigo.locale", "en"));
    await page.reload();
    await page.getByRole("heading", { name: /Version 3 \(released on .*\) — what changed since version 2/ }).waitFor();
    expect(
      (await page.getByRole("table", { name: "Marks changed between version 2 and version 3" }).locator("tbody tr td:last-child").allInnerTexts()).map((x) =>
        x.trim(),
      ),
    ).toEqual(["Regrade request accepted", "Correction"]);
    await screenshot(page, "portal-changes-03-english");

    // on a phone: the table scrolls inside its card, the page does not
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("heading", { name: /what changed since version 2/ }).scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await screenshot(page, "portal-changes-04-phone");
    expect(errors).toEqual([]);
    await context.close();
  });
});
