// The release page's blocked-copies panel in Chromium: "publish all" on an exam with an
// unidentified copy and a copy missing a page lists each blocked copy with its reasons, releases
// nothing, and the office can release them anyway with a reason (audited). Release is an
// ADMIN action (the exam office); supervisors see the results, not this button.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startResultsApp, signInContext, userWithRole, type ResultsApp } from "../helpers/results-app.ts";
import { createScoredCopy, createStudent, createSupervisedExam } from "../helpers/supervision-factories.ts";
import { launchChromium, newPage, screenshot } from "./support/browser.ts";

let app: ResultsApp;
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
  app = await startResultsApp();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function addPages(copyId: string, count: number) {
  await app.tdb.db.page.createMany({
    data: Array.from({ length: count }, (_, i) => ({ copyId, position: i + 1, sourcePath: "scans/none.pdf", sourcePage: i + 1, widthPt: 595, heightPt: 842 })),
  });
}

describe("release page: blocked copies", () => {
  it("lists each blocked copy with its reasons and releases them anyway with a reason", { timeout: 240_000 }, async () => {
    const exam = await createSupervisedExam(app.tdb.db);
    await app.tdb.db.exam.update({ where: { id: exam.id }, data: { expectedPageCount: 2 } });
    const scores = Object.fromEntries(exam.leaves.map((l) => [l.id, 1]));
    const named = async (lastName: string) => (await createStudent(app.tdb.db, { lastName, firstName: "Test" })).student.id;
    const complete = await createScoredCopy(app.tdb.db, app.mediaDir, exam.id, { studentId: await named("COMPLET"), scores });
    const anonymous = await createScoredCopy(app.tdb.db, app.mediaDir, exam.id, { scores });
    const short = await createScoredCopy(app.tdb.db, app.mediaDir, exam.id, { studentId: await named("COURT"), scores });
    await addPages(complete.id, 2);
    await addPages(anonymous.id, 2);
    await addPages(short.id, 1);
    const codes = await app.tdb.db.copy.findMany({ where: { examId: exam.id }, select: { id: true, anonymousCode: true } });
    const code = (id: string) => codes.find((c) => c.id === id)!.anonymousCode;

    const admin = await userWithRole(app, "ADMIN");
    const { context, page } = await newPage(browser, app.url);
    await signInContext(context, app.url, admin);
    await page.goto(`/release/${exam.id}`);
    await page.getByRole("button", { name: /Publier toutes les copies corrigées \(3\)/ }).click({ timeout: 60_000 });
    await page.getByRole("dialog", { name: "Publier 3 copies ?" }).getByRole("button", { name: "Publier" }).click({ timeout: 30_000 });

    const panel = page.locator("ko-release-blocked");
    await panel
      .getByRole("heading", { name: "Publication bloquée : 2 copies à vérifier" })
      .waitFor({ timeout: 60_000 })
      .catch(async (e) => {
        await screenshot(page, "release-blocked-00-failure");
        throw e;
      });
    await expect(panel.getByRole("listitem").allInnerTexts()).resolves.toEqual([
      `${code(anonymous.id)} — copie non identifiée`,
      `${code(short.id)} — 1 page(s) sur 2 attendues`,
    ]);
    expect(await app.tdb.db.copy.count({ where: { examId: exam.id, releasedAt: { not: null } } })).toBe(0); // nothing went out
    await screenshot(page, "release-blocked-01-panel");

    // too short a reason is refused on the spot; a real one releases them, audited
    await panel.getByLabel("Raison de la publication malgré tout").fill("ok");
    await panel.getByRole("button", { name: "Publier quand même" }).click();
    await panel.getByText("Indiquez la raison (au moins 5 caractères).").waitFor({ timeout: 30_000 });
    await panel.getByLabel("Raison de la publication malgré tout").fill("Nom vérifié sur la copie papier ; page 2 blanche");
    await panel.getByRole("button", { name: "Publier quand même" }).click();
    await panel.waitFor({ state: "detached", timeout: 60_000 });
    await page.getByRole("status").filter({ hasText: "3 copies publiées." }).waitFor({ timeout: 60_000 }); // "publish all", now past the gate
    await screenshot(page, "release-blocked-02-released");
    const released = await app.tdb.db.copy.findMany({ where: { examId: exam.id, releasedAt: { not: null } }, select: { id: true } });
    expect(released.map((r) => r.id).sort()).toEqual([complete.id, anonymous.id, short.id].sort());
    const audit = await app.tdb.db.auditEvent.findFirstOrThrow({ where: { action: "release.override", targetId: exam.id } });
    expect((audit.details as { reason: string }).reason).toBe("Nom vérifié sur la copie papier ; page 2 blanche");
    await context.close();
  });
});
