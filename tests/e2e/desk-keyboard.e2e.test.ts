// Grading with the keyboard alone on a laptop (1366×768): a 6-question copy scored and finalized,
// landing on the next copy's first score, counted key by key (goal ≤ 14, issue 21); shortcuts from
// inside a score field with Alt, Escape leaving the field, focus always visible. Prints
// `RESULT keys_per_copy=` (npm run bench:keys runs this file).
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../server/seed/demo-seed.ts";
import { startAppServer, type AppServer } from "./support/app-server.ts";
import { DESKTOP, launchChromium, screenshot } from "./support/browser.ts";
import { waitForDesk } from "./support/desk.ts";
import { api, examWithCopies, signedInPage } from "./support/exam-setup.ts";

const admin = DEMO_ACCOUNTS.find((a) => a.role === "ADMIN")!;
const bernard = DEMO_ACCOUNTS.find((a) => a.username === "prof.bernard")!;
const EXERCISES = [1, 2, 3, 4, 5, 6].map((n) => ({ label: `Question ${n}`, maxPoints: 5 }));
const KEY_GOAL = 14;

let browser: Browser;
let app: AppServer;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  app = await startAppServer({ worker: true, maintenance: false, staffReady: true });
}, 240_000);
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => {});
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** A new exam of 6 questions, 2-page copies, all dispatched to Bernard; returns his copies in order. */
async function bernardsCopies(title: string): Promise<string[]> {
  const office = await signedInPage(browser, app.url, admin, DESKTOP);
  contexts.push(office.context);
  const examId = await examWithCopies(office.context, app.url, { title, exercises: EXERCISES, pages: 6, pagesPerCopy: 2, validate: true });
  const b = await app.tdb.db.user.findUniqueOrThrow({ where: { username: bernard.username } });
  await (await api(office.context, app.url)).post(`/api/exams/${examId}/dispatch`, {
    mode: "copies",
    graderIds: [b.id],
    redispatch: false,
    includeStarted: false,
  });
  return (await app.tdb.db.copy.findMany({ where: { examId }, orderBy: { seq: "asc" }, select: { id: true } })).map((c) => c.id);
}

/** What has focus, through the shadow roots: its accessible label and whether its focus shows. */
const focused = (page: Page): Promise<{ label: string; visible: boolean; tag: string }> =>
  page.evaluate(`(() => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return { label: '', visible: false, tag: '' };
    const s = getComputedStyle(el);
    const ring = (s.boxShadow && s.boxShadow !== 'none') || (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0);
    return { label: el.getAttribute('aria-label') || el.textContent.trim(), visible: el.matches(':focus-visible') && !!ring, tag: el.tagName };
  })()`) as Promise<{ label: string; visible: boolean; tag: string }>;

const pageLabel = (page: Page): Promise<string> =>
  page.evaluate(
    `document.querySelector('ko-app').shadowRoot.querySelector('ko-desk').shadowRoot.querySelector('ko-toolbar').shadowRoot.querySelector('.page-label').textContent.trim()`,
  ) as Promise<string>;

describe("grading with the keyboard alone", () => {
  it(`scores a 6-question copy, finalizes it and lands on the next copy's first score in ≤ ${KEY_GOAL} keys`, async () => {
    const [first, second, third] = await bernardsCopies("Clavier — six questions");
    const { context, page, errors } = await signedInPage(browser, app.url, bernard, DESKTOP);
    contexts.push(context);
    await page.goto(`/copies/${first}`);
    await waitForDesk(page, 60_000);
    let keys = 0;
    const press = async (key: string) => {
      keys++;
      await page.keyboard.press(key);
    };
    const onFirstScore = () =>
      expect.poll(() => focused(page), { timeout: 20_000 }).toMatchObject({ label: expect.stringMatching(/^Note de la question Question 1,/), visible: true });
    /** From the first score: six scores, each followed by Enter; Enter on "Finaliser"; Enter on the dialog's default. */
    const gradeCopy = async (scores: string[], shot: string) => {
      for (const score of scores) {
        await press(score);
        await press("Enter"); // the next question; after the last one, "Finaliser"
      }
      await expect.poll(() => focused(page), { timeout: 10_000 }).toMatchObject({ label: "Finaliser", visible: true });
      await press("Enter");
      const next = page.getByRole("button", { name: "Finaliser et ouvrir la copie suivante" });
      await next.waitFor({ timeout: 10_000 });
      await expect.poll(() => focused(page), { timeout: 10_000 }).toMatchObject({ label: "Finaliser et ouvrir la copie suivante", visible: true });
      await screenshot(page, shot);
      await press("Enter");
    };

    // the first copy opens on its title: G goes to the first score
    await press("g");
    await onFirstScore();
    await gradeCopy(["4", "3", "5", "2", "4", "1"], "desk-keyboard-01-confirm");
    const firstCopyKeys = keys;
    await page.waitForURL(`**/copies/${second}`, { timeout: 30_000 });
    await waitForDesk(page, 60_000);
    await onFirstScore();
    await screenshot(page, "desk-keyboard-02-next-copy");

    // the steady state of a session: a copy opened by the previous one's "finalize and next"
    keys = 0;
    await gradeCopy(["5", "5", "4", "3", "2", "0"], "desk-keyboard-02b-confirm");
    await page.waitForURL(`**/copies/${third}`, { timeout: 30_000 });
    await waitForDesk(page, 60_000);
    await onFirstScore();
    for (const id of [first, second]) {
      await expect.poll(async () => (await app.tdb.db.copy.findUniqueOrThrow({ where: { id } })).state, { timeout: 20_000 }).not.toBe("READY");
    }
    console.log(`RESULT keys_per_copy=${keys} first_copy=${firstCopyKeys} (goal ≤ ${KEY_GOAL}; 40 before issue 21)`);
    expect(keys).toBeLessThanOrEqual(KEY_GOAL);
    expect(errors).toEqual([]);
  }, 300_000);

  it("inside a score field Alt+J turns the page (no 'j' typed), Escape leaves the field, Ctrl+Enter offers to finalize", async () => {
    const [first] = await bernardsCopies("Clavier — raccourcis dans un champ");
    const { context, page, errors } = await signedInPage(browser, app.url, bernard, DESKTOP);
    contexts.push(context);
    await page.goto(`/copies/${first}`);
    await waitForDesk(page, 60_000);
    await page.keyboard.press("g");
    const score = page.getByLabel(/^Note de la question Question 1,/);
    await expect.poll(() => focused(page), { timeout: 10_000 }).toMatchObject({ label: expect.stringMatching(/^Note de la question Question 1,/) });
    await page.keyboard.type("3");
    await page.keyboard.press("Alt+j");
    await expect.poll(() => pageLabel(page), { timeout: 10_000 }).toBe("Page 2 / 2");
    expect(await score.inputValue()).toBe("3");
    await page.keyboard.press("Alt+k");
    await expect.poll(() => pageLabel(page), { timeout: 10_000 }).toBe("Page 1 / 2");
    await page.keyboard.press("Escape");
    await expect.poll(() => focused(page), { timeout: 10_000 }).toMatchObject({ label: "Pages de la copie", visible: true });
    // the score typed before leaving is kept
    await expect.poll(() => page.locator("[data-total]").first().textContent(), { timeout: 10_000 }).toBe("3");
    // Ctrl+Enter from a field: the finalize dialog, on the questions still to score
    await score.focus();
    await page.keyboard.press("Control+Enter");
    await page.getByRole("dialog").waitFor({ timeout: 10_000 });
    await screenshot(page, "desk-keyboard-03-ctrl-enter-missing");
    await page.keyboard.press("Escape");
    expect(errors).toEqual([]);
  }, 240_000);
});
