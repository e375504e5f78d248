// Student portal in Chromium: before release the student sees nothing (list empty, copy URL and
// PDF URL answer 404); the admin releases the exam; the student then sees the total, the marks
// per question with comments, the annotated PDF drawn by pdf.js, and can download it.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadExamQuestions } from "../../server/supervision/exam-questions.ts";
import { startResultsApp, signInContext, userWithRole, type ResultsApp } from "../helpers/results-app.ts";
import { createScoredCopy, createStudent } from "../helpers/supervision-factories.ts";
import { a11yViolations } from "./support/a11y.ts";
import { launchChromium, newPage, screenshot, TABLET } from "./support/browser.ts";
import { waitInPage } from "./support/desk.ts";

let app: ResultsApp;
let browser: Browser;
let student: { username: string; password: string };
let mine: string;
let someoneElse: string;

beforeAll(async () => {
  browser = await launchChromium();
  app = await startResultsApp();
  const exam = await app.tdb.db.exam.findFirstOrThrow({ select: { id: true } });
  const q = (await loadExamQuestions(app.tdb.db, exam.id)).all.map((x) => x.id);
  const scores = (v: number[]) => Object.fromEntries(q.map((id, i) => [id, v[i]!]));
  const s = await createStudent(app.tdb.db, { lastName: "MOREL", firstName: "Inès", account: true });
  await app.tdb.db.user.update({ where: { id: s.user!.id }, data: { displayName: "Inès Morel" } });
  student = s.user!;
  mine = (
    await createScoredCopy(app.tdb.db, app.mediaDir, exam.id, {
      studentId: s.student.id,
      scores: scores([2, 1.5, 2, 3, 3.5, 4]),
      comments: { [q[1]!]: "Attention au signe dans la dérivée." },
      general: "Bon travail dans l’ensemble, soignez la rédaction.",
    })
  ).id;
  const other = await createStudent(app.tdb.db, { lastName: "VIDAL", firstName: "Tom", account: true });
  someoneElse = (await createScoredCopy(app.tdb.db, app.mediaDir, exam.id, { studentId: other.student.id, scores: scores([1, 1, 1, 1, 1, 1]) })).id;
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("student portal", () => {
  it("shows nothing before release, and guessed copy or PDF URLs answer 404", async () => {
    const { context, page, errors } = await newPage(browser, app.url);
    await signInContext(context, app.url, student);
    await page.goto("/portal");
    await page.getByText("Aucune copie publiée pour le moment.").waitFor();
    await screenshot(page, "portal-01-before-release");
    for (const id of [mine, someoneElse]) {
      for (const suffix of ["", "/pdf", "/pdf?download=1"]) {
        const r = await context.request.get(`${app.url}/api/portal/copies/${id}${suffix}`);
        expect([id === mine ? "mine" : "other", suffix, r.status()]).toEqual([id === mine ? "mine" : "other", suffix, 404]);
      }
    }
    await page.goto(`/portal/copies/${mine}`);
    await page.getByRole("alert").filter({ hasText: "Élément introuvable" }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it("after the admin releases the exam, the student sees marks, comments and the annotated PDF", async () => {
    const admin = await userWithRole(app, "ADMIN");
    const { context: adminContext, page: adminPage } = await newPage(browser, app.url);
    await signInContext(adminContext, app.url, admin);
    await adminPage.goto("/release");
    await adminPage.getByRole("link", { name: /Gérer la publication/ }).click();
    await adminPage.getByRole("button", { name: /Publier toutes les copies corrigées \(2\)/ }).click();
    await adminPage.getByRole("button", { name: "Publier", exact: true }).click();
    await adminPage.getByRole("status").filter({ hasText: "2 copies publiées." }).waitFor();
    await screenshot(adminPage, "portal-02-admin-released");
    expect(await a11yViolations(adminPage)).toEqual([]);
    // the audit viewer finds the release by copy; exports are one click away
    await adminPage.getByRole("link", { name: "Journal" }).click();
    await adminPage.getByLabel("Copie (code anonyme ou identifiant)").fill(mine);
    await adminPage.getByRole("button", { name: "Filtrer" }).click();
    // the list shows both releases until the filter answers, then this copy's one
    await expect.poll(() => adminPage.getByRole("cell", { name: "Copie publiée" }).count(), { timeout: 20_000 }).toBe(1);
    expect(await adminPage.getByRole("link", { name: "Exporter en CSV" }).getAttribute("href")).toBe(`/api/audit/export.csv?copy=${mine}`);
    await screenshot(adminPage, "portal-06-admin-audit");
    expect(await a11yViolations(adminPage)).toEqual([]);
    await adminPage.goto("/exports");
    const marks = adminPage.getByRole("link", { name: /Notes pour Pronote \(CSV\)/ });
    const csv = await adminContext.request.get(`${app.url}${await marks.getAttribute("href")}`);
    expect((await csv.body()).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    await screenshot(adminPage, "portal-07-admin-exports");
    expect(await a11yViolations(adminPage)).toEqual([]);
    await adminContext.close();

    const { context, page, errors } = await newPage(browser, app.url);
    await signInContext(context, app.url, student);
    await page.goto("/");
    await page.getByRole("link", { name: /Ouvrir — Mes copies corrigées/ }).click();
    await page.waitForURL("**/portal");
    await page.getByText("16 / 20").waitFor();
    await screenshot(page, "portal-03-list");
    await page.getByRole("link", { name: /Voir ma copie/ }).click();
    await page.waitForURL(`**/portal/copies/${mine}`);
    await page.getByText("Attention au signe dans la dérivée.").waitFor();
    await page.getByText("Bon travail dans l’ensemble, soignez la rédaction.").waitFor();
    await page.getByRole("img", { name: "Page 1 sur 1" }).waitFor();
    await waitInPage(
      page,
      `(() => { const c = document.querySelector('ko-app').shadowRoot.querySelector('ko-portal-copy').shadowRoot.querySelector('.pages canvas'); return !!c && c.width > 0; })()`,
      15_000,
      "the PDF page drawn",
    );
    const totalRow = page.getByRole("row", { name: /Total/ });
    expect((await totalRow.textContent())?.replace(/\s+/g, " ")).toContain("16 / 20");
    const download = page.getByRole("link", { name: "Télécharger le PDF" });
    expect(await download.getAttribute("href")).toBe(`/api/portal/copies/${mine}/pdf?download=1`);
    const pdf = await context.request.get(`${app.url}/api/portal/copies/${mine}/pdf?download=1`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
    // another student's copy stays invisible after release too
    expect((await context.request.get(`${app.url}/api/portal/copies/${someoneElse}/pdf`)).status()).toBe(404);
    await screenshot(page, "portal-04-copy-desktop");
    expect(await a11yViolations(page)).toEqual([]);
    await page.setViewportSize(TABLET);
    await screenshot(page, "portal-05-copy-tablet");
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000); // a long journey (release, audit, exports, portal, axe each time): generous on a loaded machine
});
