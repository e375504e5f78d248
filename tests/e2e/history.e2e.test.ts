// A copy's history on the desk in a real Chromium: two graders changed a mark (over the real socket,
// then a compaction folded their rows into the history); the supervisor asks "who?" on the score
// panel in one click, jumps to that moment on the timeline, steps back to the earlier mark, filters
// by person, and goes back to the live copy, unchanged.
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../server/seed/demo-seed.ts";
import { compactCopyDoc } from "../../server/grading/doc-compaction.ts";
import { openCopy, setScore, tick } from "../helpers/grading-fixture.ts";
import { sessionCookie } from "../helpers/grading-factories.ts";
import { startAppServer, type AppServer } from "./support/app-server.ts";
import { launchChromium, screenshot } from "./support/browser.ts";
import { waitForDesk } from "./support/desk.ts";
import { signedInPage } from "./support/exam-setup.ts";
import { demoCopy, newGrader } from "./support/grading-setup.ts";

const direction = DEMO_ACCOUNTS.find((a) => a.role === "SUPERVISOR")!;
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

/** A grader's work over the real socket: a tick, then question 1.a set to `value`. */
async function grade(grader: { id: string }, copyId: string, questionId: string, value: number): Promise<void> {
  const cookie = await sessionCookie(app.tdb.db, grader.id, app.ctx.config.sessionSecret);
  const sync = await openCopy(app.url, { id: grader.id, cookie }, copyId, { origin: app.url });
  await sync.takeLock();
  tick(sync.doc);
  await sync.whenSaved();
  setScore(sync.doc, questionId, value);
  await sync.whenSaved();
  await sync.releaseLock();
  sync.destroy();
}

describe("desk timeline", () => {
  it("answers who set 1.a in one click, replays the copy as it was, filtered by person", async () => {
    const alice = await newGrader(app.tdb.db, "Mme Alice Historique");
    const bob = await newGrader(app.tdb.db, "M. Bob Historique");
    const copy = await demoCopy(app.tdb.db, [alice.id, bob.id]);
    const q1a = await app.tdb.db.scaleNode.findFirstOrThrow({ where: { examId: copy.examId, label: "1.a" } });
    await grade(alice, copy.id, q1a.id, 1);
    await compactCopyDoc(app.tdb.db, copy.id);
    await grade(bob, copy.id, q1a.id, 2);

    const { page, context, errors } = await signedInPage(browser, app.url, direction);
    contexts.push(context);
    await page.goto(`/copies/${copy.id}`);
    await waitForDesk(page);
    const score = page.getByLabel(/^Note de la question 1\.a, sur/);
    await expect.poll(() => score.inputValue(), { timeout: 30_000 }).toBe("2");

    // one click on the score panel: who, when, from what
    await page.getByRole("button", { name: "Qui a fixé la note de la question 1.a ?" }).click();
    const answer = page.locator("ko-score-panel [data-who-answer]");
    await answer.waitFor({ timeout: 30_000 });
    expect(await answer.textContent()).toMatch(/1\s*→\s*2 par M\. Bob Historique, le .*\(bureau de correction\)/);
    expect(await answer.textContent()).toContain("2 modifications de cette question en tout.");

    // that moment on the timeline, then one step back: Alice's mark, read-only
    await page.getByRole("button", { name: "Voir ce moment" }).click();
    const moment = page.locator("ko-history-bar [data-moment]");
    await expect.poll(() => moment.textContent(), { timeout: 30_000 }).toMatch(/Modification 4 sur 4 — M\. Bob Historique/);
    expect(await score.getAttribute("readonly")).not.toBeNull();
    await page.getByRole("button", { name: "← Modification précédente" }).click();
    await expect.poll(() => moment.textContent(), { timeout: 30_000 }).toMatch(/Modification 3 sur 4 — M\. Bob Historique .*annotation/);
    await page.getByRole("button", { name: "← Modification précédente" }).click();
    await expect.poll(() => score.inputValue(), { timeout: 30_000 }).toBe("1");
    expect(await moment.textContent()).toMatch(/Modification 2 sur 4 — Mme Alice Historique .*note 1\.a/);
    await screenshot(page, "60-desk-timeline");

    // the slider by keyboard: Home goes back to the blank copy
    await page.getByRole("slider", { name: "Moment de l’historique" }).focus();
    await page.keyboard.press("Home");
    await expect.poll(() => moment.textContent(), { timeout: 30_000 }).toContain("Copie vierge, avant toute modification");
    await expect.poll(() => score.inputValue(), { timeout: 30_000 }).toBe("");

    // only Alice's changes
    await page.getByLabel("Personne").selectOption({ label: "Mme Alice Historique" });
    await expect.poll(() => moment.textContent(), { timeout: 30_000 }).toMatch(/Modification 2 sur 2 — Mme Alice Historique/);
    await expect.poll(() => score.inputValue(), { timeout: 30_000 }).toBe("1");

    // back to the live copy
    await page.getByRole("button", { name: "Revenir à la copie en direct" }).click();
    await expect.poll(() => score.inputValue(), { timeout: 30_000 }).toBe("2");
    expect(await page.locator("ko-history-bar").count()).toBe(0);
    expect(errors).toEqual([]);
  }, 180_000);
});
