// The rubric editor in Chromium, keyboard only after the page opens: a head teacher changes an
// item's points, previews (copies that change, old → new totals, the boundary crossed highlighted,
// GRADED and released counts), applies, then undoes back to the first version.
import pg from "pg";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInContext, startResultsApp, userWithRole, type ResultsApp } from "../helpers/results-app.ts";
import { decidedCopy } from "../helpers/rubric-change-factories.ts";
import { a11yViolations } from "./support/a11y.ts";
import { launchChromium, newPage, screenshot } from "./support/browser.ts";

let app: ResultsApp;
let browser: Browser;
let pool: pg.Pool;
let examId: string;
let supervisor: Awaited<ReturnType<typeof userWithRole>>;
let codes: { crossing: string; graded: string };

beforeAll(async () => {
  browser = await launchChromium();
  app = await startResultsApp();
  pool = new pg.Pool({ connectionString: app.tdb.url, max: 2 });
  const db = app.tdb.db;
  const exam = await db.exam.create({ data: { title: "Contrôle barème", status: "ACTIVE", codePrefix: "B0B1", gradeBoundaries: [2.5] } });
  examId = exam.id;
  const ex = await db.scaleNode.create({ data: { examId, kind: "EXERCISE", label: "Exercice 1", position: 1 } });
  const q1 = await db.scaleNode.create({ data: { examId, parentId: ex.id, kind: "QUESTION", label: "1.a", position: 1, maxPoints: 4 } });
  await db.scaleNode.create({ data: { examId, parentId: ex.id, kind: "QUESTION", label: "1.b", position: 2, maxPoints: 6 } });
  supervisor = await userWithRole(app, "SUPERVISOR", "Mme Claire Dumas");
  await db.user.update({ where: { id: supervisor.id }, data: { mustChangePassword: false } });
  // version 1 through the service, as an earlier session of the editor would have made it
  const { RubricService } = await import("../../server/rubrics/rubric-service.ts");
  await new RubricService(db).apply(
    { id: supervisor.id, role: "SUPERVISOR", active: true },
    examId,
    {
      baseVersion: 0,
      questions: {
        [q1.id]: {
          mode: "positive",
          bonusMax: 0,
          items: [
            { label: "Raisonnement complet", points: 3, feedback: null, group: null },
            { label: "Unités", points: 1, feedback: "Pense aux unités", group: null },
          ],
        },
      },
      maxPoints: {},
    },
    {},
  );
  const juste = (await db.rubricVersion.findFirstOrThrow({ where: { examId, number: 1 } })).content as {
    questions: Record<string, { items: Array<{ id: string }> }>;
  };
  const justeId = juste.questions[q1.id]!.items[0]!.id;
  const a = await decidedCopy(db, pool, examId, { items: [[q1.id, justeId, 1]] }, { state: "GRADED" }); // 3 → 2: crosses 2.5
  const b = await decidedCopy(db, pool, examId, { items: [[q1.id, justeId, 1]], scores: {} }, { state: "GRADED", released: true });
  await decidedCopy(db, pool, examId, { scores: {} }); // nothing decided on the rubric question
  codes = { crossing: a.anonymousCode, graded: b.anonymousCode };
}, 180_000);
afterAll(async () => {
  await pool?.end();
  await browser?.close();
  await app?.close();
});

describe("rubric editor", () => {
  it("edit → preview → apply → undo, with the keyboard", async () => {
    const s = await newPage(browser, app.url);
    await signInContext(s.context, app.url, supervisor);
    const { page } = s;
    await page.goto(`/supervision/exams/${examId}`); // the head teacher's way in: the exam's dashboard
    await page.getByRole("link", { name: "Barème détaillé" }).click();
    await page.waitForURL(`**/exams/${examId}/rubric`);
    await page.getByRole("heading", { name: "Barème détaillé" }).waitFor();
    await page.getByText("Version 1").waitFor();
    await screenshot(page, "rubric-editor");
    expect(await a11yViolations(page)).toEqual([]);

    // the first item's points: 3 → 2, then Enter submits the preview
    const points = page.getByLabel("Points", { exact: true }).first();
    await points.focus();
    await page.keyboard.press("Control+A");
    await page.keyboard.type("2");
    await page.keyboard.press("Enter");

    const preview = page.getByRole("region", { name: "Avant d’appliquer" });
    await preview.waitFor();
    expect(await preview.locator("[data-count=changed] strong").textContent()).toBe("2");
    expect(await preview.locator("[data-count=crossing] strong").textContent()).toBe("2");
    expect(await preview.locator("[data-count=graded] strong").textContent()).toBe("2");
    expect(await preview.locator("[data-count=released] strong").textContent()).toBe("1");
    const row = preview.getByRole("row", { name: new RegExp(codes.crossing) });
    expect(await row.getAttribute("class")).toBe("crossing");
    expect((await row.textContent())!.replace(/\s+/g, " ")).toContain("3 / 10");
    expect((await row.textContent())!.replace(/\s+/g, " ")).toContain("2 / 10");
    await screenshot(page, "rubric-preview");
    expect(await a11yViolations(page)).toEqual([]);
    expect((await app.tdb.db.exam.findUniqueOrThrow({ where: { id: examId } })).rubricVersion).toBe(1); // the preview wrote nothing

    await page.getByRole("button", { name: "Appliquer à toutes les copies" }).focus();
    await page.keyboard.press("Enter");
    await page.getByText("Version 2 appliquée : 2 copie(s) recalculée(s), 2 PDF à refaire.").waitFor();
    await page.getByText("Version 2", { exact: true }).waitFor();
    expect((await app.tdb.db.exam.findUniqueOrThrow({ where: { id: examId } })).rubricVersion).toBe(2);
    await expect.poll(() => page.getByLabel("Points", { exact: true }).first().inputValue(), { timeout: 20_000 }).toBe("2");
    await screenshot(page, "rubric-applied");

    await page.getByRole("button", { name: "Revenir à la version 1" }).focus();
    await page.keyboard.press("Enter");
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            const editor = document.querySelector("ko-app")?.shadowRoot?.querySelector("ko-rubric-editor");
            return (editor?.shadowRoot?.activeElement as HTMLElement | null)?.textContent?.trim();
          }),
        { timeout: 20_000 },
      )
      .toBe("Rétablir");
    await page.keyboard.press("Enter");
    await page.getByText(/^Version 3 : barème précédent rétabli/).waitFor();
    await expect.poll(() => page.getByLabel("Points", { exact: true }).first().inputValue(), { timeout: 20_000 }).toBe("3");
    expect(await page.getByRole("button", { name: /Revenir à la version/ }).count()).toBe(0); // version 1 has nothing before it
    await screenshot(page, "rubric-undone");
    expect(s.errors).toEqual([]);
    await s.context.close();
  }, 180_000);

  it("the office sets the grade boundaries in the exam settings and finds the rubric among the exam's steps", async () => {
    const admin = await userWithRole(app, "ADMIN", "M. Louis Greffe");
    await app.tdb.db.user.update({ where: { id: admin.id }, data: { mustChangePassword: false } });
    const s = await newPage(browser, app.url);
    await signInContext(s.context, app.url, admin);
    const { page } = s;
    await page.goto(`/exams/${examId}`);
    await page.getByRole("button", { name: "Modifier", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Modifier l’examen" });
    await dialog.waitFor();
    const field = dialog.getByLabel("Seuils de note (points)");
    expect(await field.inputValue()).toBe("2,5");
    await field.fill("16 ; 10 ; 12,5");
    await screenshot(page, "rubric-exam-boundaries");
    expect(await a11yViolations(page)).toEqual([]);
    await field.press("Enter");
    await dialog.waitFor({ state: "hidden" });
    await expect
      .poll(async () => (await app.tdb.db.exam.findUniqueOrThrow({ where: { id: examId } })).gradeBoundaries, { timeout: 20_000 })
      .toEqual([10, 12.5, 16]);

    await page
      .getByRole("navigation", { name: /étapes|Étapes/ })
      .getByRole("link", { name: "Barème détaillé" })
      .click();
    await page.waitForURL(`**/exams/${examId}/rubric`);
    await page.getByRole("heading", { name: "Barème détaillé" }).waitFor();
    await expect.poll(() => page.getByLabel("Points maximum").count(), { timeout: 20_000 }).toBe(2); // the office may move a max (previewed too)
    await screenshot(page, "rubric-editor-office");
    expect(s.errors).toEqual([]);
    await s.context.close();
  }, 180_000);
});
