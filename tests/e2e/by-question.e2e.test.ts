// Grading by question in a real Chromium, with the keyboard only: a grader chooses a question, each
// copy opens on that question's region with its rubric beside it; keys 1–9 apply items (a group keeps
// one at most), A opens the adjustment (its reason required), N claims the next ungraded copy; a
// second grader on the same question never gets the copy the first one holds.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../server/seed/demo-seed.ts";
import { createRubricVersion } from "../helpers/rubric-factories.ts";
import { startAppServer, type AppServer } from "./support/app-server.ts";
import { a11yViolations } from "./support/a11y.ts";
import { launchChromium, newPage, screenshot } from "./support/browser.ts";
import { waitInPage } from "./support/desk.ts";

const martin = DEMO_ACCOUNTS.find((a) => a.username === "prof.martin")!;
const bernard = DEMO_ACCOUNTS.find((a) => a.username === "prof.bernard")!;
const QDESK = `document.querySelector('ko-app')?.shadowRoot?.querySelector('ko-question-desk')`;

let app: AppServer;
let browser: Browser;
let examId: string;
/** one question per test below, so that each starts from its own state: */
let q1a: string; // keys and the bound (max 2)
let q2a: string; // the adjustment (max 2)
let q3a: string; // N and the second grader (max 4)
let q3b: string; // the list of questions (no rubric)
const contexts: BrowserContext[] = [];

const RUBRIC = {
  items: [
    { id: "juste", label: "Raisonnement complet", points: 2, group: "niveau", feedback: "Démarche entièrement justifiée." },
    { id: "partiel", label: "Raisonnement partiel", points: 1, group: "niveau" },
    { id: "unites", label: "Unités correctes", points: 0.5 },
  ],
};

beforeAll(async () => {
  browser = await launchChromium();
  app = await startAppServer({ staffReady: true });
  const db = app.tdb.db;
  const exam = await db.exam.findFirstOrThrow({ where: { title: "Bac blanc de mathématiques" } });
  examId = exam.id;
  const idOf = async (label: string) => (await db.scaleNode.findFirstOrThrow({ where: { examId, label } })).id;
  [q1a, q2a, q3a, q3b] = [await idOf("1.a"), await idOf("2.a"), await idOf("3.a"), await idOf("3.b")];
  // both graders are dispatched every copy: only the claims keep them apart
  const graders = await db.user.findMany({ where: { username: { in: [martin.username, bernard.username] } } });
  for (const copy of await db.copy.findMany({ where: { examId }, include: { assignments: true } })) {
    for (const g of graders) if (!copy.assignments.some((a) => a.graderId === g.id)) await db.assignment.create({ data: { copyId: copy.id, graderId: g.id } });
  }
  await createRubricVersion(db, examId, { [q1a]: RUBRIC, [q2a]: RUBRIC, [q3a]: RUBRIC });
  for (const q of [q1a, q2a, q3a, q3b])
    await db.questionRegion.create({ data: { examId, questionId: q, position: 0, page: 1, x: 0.05, y: 0.15, w: 0.9, h: 0.35 } });
}, 180_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await app?.close();
});

/** Signs in with the keyboard only. */
async function signedIn(account: { username: string; password: string }) {
  const { context, page, errors } = await newPage(browser, app.url);
  contexts.push(context);
  await page.goto("/login");
  await page.getByLabel("Identifiant").focus();
  await page.keyboard.type(account.username);
  await page.keyboard.press("Tab");
  await page.keyboard.type(account.password);
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/$/);
  return { page, errors };
}

/** A grader signed in and on the question's desk, its first copy's region drawn and open for grading. */
async function onQuestion(account: { username: string; password: string }, questionId: string) {
  const { page, errors } = await signedIn(account);
  await page.goto(`/exams/${examId}/by-question?q=${questionId}`);
  await waitRegionDrawn(page);
  await editable(page);
  return { page, errors };
}

/**
 * The rubric's items can be pressed: the copy is joined under the grader's claim. The region may be
 * drawn before that (under load, well before): a key pressed meanwhile does nothing, as a click on
 * the disabled item would.
 */
const editable = (page: Page) => expect.poll(() => page.locator("button[data-item]").first().isEnabled(), { timeout: 60_000 }).toBe(true);

const currentCopy = (page: Page) => page.evaluate(`${QDESK}?.shadowRoot?.querySelector('ko-region-view')?.copyId ?? null`) as Promise<string | null>;
const drawnCopy = (page: Page) => page.evaluate(`${QDESK}?.shadowRoot?.querySelector('ko-region-view')?.dataset.drawn ?? null`) as Promise<string | null>;
// a grader gets a PDF made of the redacted page images (identity zones): the first one is made on demand, slow under load
const waitRegionDrawn = async (page: Page) => {
  await waitInPage(
    page,
    `(() => { const v = ${QDESK}?.shadowRoot?.querySelector('ko-region-view'); return !!v && v.dataset.drawn === v.copyId; })()`,
    90_000,
    "the region drawn",
  );
};
const pressed = (page: Page, label: string) => page.getByRole("button", { name: new RegExp(label) }).getAttribute("aria-pressed");
const saveStatus = (page: Page) =>
  page.evaluate(`((${QDESK})?.shadowRoot?.querySelector('ko-save-status')?.shadowRoot?.textContent ?? '').replace(/\\s+/g, ' ').trim()`) as Promise<string>;
const saved = (page: Page) => expect.poll(() => saveStatus(page), { timeout: 20_000 }).toBe("Enregistré");
const progress = (page: Page) => page.locator("[data-progress]").innerText();

describe("grading by question, keyboard only", () => {
  it("the grader chooses a question from the list and the first copy opens on its region", async () => {
    const { page: a, errors } = await signedIn(martin);
    await a.getByRole("link", { name: "Corriger par question" }).focus();
    await a.keyboard.press("Enter");
    await a.waitForURL(/by-question$/);
    await a.getByRole("heading", { name: "Choisissez la question à corriger sur toutes les copies" }).waitFor();
    await screenshot(a, "byq-01-pick");
    expect(await a11yViolations(a)).toEqual([]);
    await a.locator(`a[data-question="${q3b}"]`).focus();
    await a.keyboard.press("Enter");
    await a.waitForURL(/by-question\?q=/);
    await waitRegionDrawn(a);
    expect(await a.getByRole("heading", { level: 1 }).innerText()).toMatch(/^Copie .+ — question Exercice 3 \/ 3\.b$/);
    expect(await a.getByText("Restent 6 copies non corrigées sur cette question").count()).toBe(1);
    // progress on the question (issue 21)
    expect(await progress(a)).toBe("0 / 6 copies corrigées sur cette question");
    // painted from the page image, cropped to the region (no PDF asked for)
    expect(await a.evaluate(`${QDESK}.shadowRoot.querySelector('ko-region-view').shadowRoot.querySelectorAll('canvas.scan').length`)).toBe(1);
    expect(await a11yViolations(a)).toEqual([]);
    expect(errors).toEqual([]);
  }, 120_000);

  it("keys apply items, a second item of the group replaces the first, the bound clips and says so", async () => {
    const { page: a, errors } = await onQuestion(martin, q1a);
    await a.keyboard.press("1");
    await expect.poll(() => pressed(a, "Raisonnement complet"), { timeout: 20_000 }).toBe("true");
    await a.keyboard.press("2");
    await expect.poll(() => pressed(a, "Raisonnement partiel"), { timeout: 20_000 }).toBe("true");
    expect(await pressed(a, "Raisonnement complet")).toBe("false");
    await a.keyboard.press("1");
    await a.keyboard.press("3");
    await expect.poll(() => pressed(a, "Unités correctes"), { timeout: 20_000 }).toBe("true");
    await expect.poll(() => a.locator("[data-clipped]").innerText(), { timeout: 20_000 }).toContain("ramené au plafond de 2");
    expect(await a.locator("[data-rubric-score]").innerText()).toBe("2");
    // Shift+V: a tick in the question's region, without a pointer (issue 21); the items are kept
    await a.keyboard.press("Shift+V");
    const ticks = () =>
      a.evaluate(`[...${QDESK}.doc.getMap('annotations').values()].filter((m) => m.get('kind') === 'tick').map((m) => m.get('box'))`) as Promise<
        Array<{ x: number; y: number }>
      >;
    await expect.poll(async () => (await ticks()).length, { timeout: 20_000 }).toBe(1);
    expect(await pressed(a, "Unités correctes")).toBe("true");
    await saved(a);
    const row = await app.tdb.db.questionDecision.findFirstOrThrow({ where: { copyId: (await currentCopy(a))!, questionId: q1a } });
    expect([...row.items].sort()).toEqual(["juste", "unites"]);
    await screenshot(a, "byq-02-items-clipped");
    expect(errors).toEqual([]);
  }, 120_000);

  it("A opens the adjustment: a reason is required, then the signed points count", async () => {
    const { page: a, errors } = await onQuestion(martin, q2a);
    await a.keyboard.press("1");
    await expect.poll(() => pressed(a, "Raisonnement complet"), { timeout: 20_000 }).toBe("true");
    await a.keyboard.press("a");
    await a.keyboard.type("-0,5");
    await a.keyboard.press("Enter");
    await expect.poll(() => a.getByText("Un ajustement doit être justifié.").count(), { timeout: 20_000 }).toBe(1);
    await a.keyboard.press("Tab");
    await a.keyboard.type("Présentation négligée");
    await a.keyboard.press("Enter");
    await expect.poll(() => a.locator("[data-rubric-score]").innerText(), { timeout: 20_000 }).toBe("1,5");
    expect(await a.locator("[data-adjustment]").innerText()).toContain("Présentation négligée");
    await saved(a);
    const copyId = (await currentCopy(a))!;
    const row = await app.tdb.db.questionDecision.findFirstOrThrow({ where: { copyId, questionId: q2a } });
    expect(row).toMatchObject({ items: ["juste"], adjustPoints: -0.5, adjustComment: "Présentation négligée" });
    await screenshot(a, "byq-03-adjustment");
    expect(errors).toEqual([]);
  }, 120_000);

  it("N moves to the next ungraded copy; a second grader never gets the copy the first one holds; at the end N says nothing is left", async () => {
    const { page: a, errors: aErrors } = await onQuestion(martin, q3a);
    const first = (await currentCopy(a))!;
    await a.keyboard.press("1");
    await saved(a);
    const { page: b, errors: bErrors } = await onQuestion(bernard, q3a);
    await a.locator("body").focus();
    await a.keyboard.press("n");
    await expect.poll(() => currentCopy(a), { timeout: 20_000 }).not.toBe(first);
    await waitRegionDrawn(a);
    // (the copy claimed ahead shows at once; the count follows with the server's answer)
    await expect.poll(() => progress(a), { timeout: 20_000 }).toBe("1 / 6 copies corrigées sur cette question");
    const graded = new Set<string>([first]);
    // both grade their copy and press N at the same moment, twice: never the same copy, never one already graded
    for (let round = 0; round < 2; round++) {
      const [ca, cb] = [(await currentCopy(a))!, (await currentCopy(b))!];
      expect(ca).not.toBe(cb);
      expect(graded.has(ca) || graded.has(cb)).toBe(false);
      await Promise.all([editable(a), editable(b)]);
      await a.keyboard.press("1");
      await expect.poll(() => pressed(a, "Raisonnement complet"), { timeout: 20_000 }).toBe("true");
      await b.keyboard.press("2");
      await expect.poll(() => pressed(b, "Raisonnement partiel"), { timeout: 20_000 }).toBe("true");
      await Promise.all([saved(a), saved(b)]);
      graded.add(ca).add(cb);
      await Promise.all([a.keyboard.press("n"), b.keyboard.press("n")]);
      // each one shows its next copy's region, or says nothing is left
      const settled = (p: Page, before: string) => async () =>
        (await p.locator("[data-done]").count()) > 0 || ((await drawnCopy(p)) !== null && (await drawnCopy(p)) !== before);
      await expect.poll(settled(a, ca), { timeout: 90_000 }).toBe(true);
      await expect.poll(settled(b, cb), { timeout: 90_000 }).toBe(true);
    }
    // 6 copies: 1 + 2 + 2 graded, the last one went to exactly one of them
    expect(await app.tdb.db.questionDecision.count({ where: { questionId: q3a, copy: { examId } } })).toBe(5);
    const [aDone, bDone] = [await a.locator("[data-done]").count(), await b.locator("[data-done]").count()];
    expect(aDone + bDone).toBe(1);
    const holder = aDone === 0 ? a : b;
    const last = (await currentCopy(holder))!;
    expect(graded.has(last)).toBe(false);
    // the holder's desk shows the copy claimed ahead before its N reaches the server, which then
    // releases the copy it left: the claims settle on the last copy alone
    const claimed = async () => (await app.tdb.db.questionClaim.findMany({ where: { examId, questionId: q3a } })).map((c) => c.copyId);
    await expect.poll(claimed, { timeout: 20_000 }).toEqual([last]);
    await screenshot(b, "byq-04-second-grader");

    // the holder grades the last one: N says there is nothing left
    await holder.keyboard.press("1");
    await saved(holder);
    await holder.keyboard.press("n");
    await expect.poll(() => holder.locator("[data-done]").count(), { timeout: 20_000 }).toBe(1);
    expect(await app.tdb.db.questionDecision.count({ where: { questionId: q3a, copy: { examId } } })).toBe(6);
    await screenshot(holder, "byq-05-done");
    expect([...aErrors, ...bErrors]).toEqual([]);
  }, 240_000);
});

describe("region editor", () => {
  it("a supervisor types a second region for 1.a with the keyboard and saves it", async () => {
    const direction = DEMO_ACCOUNTS.find((x) => x.role === "SUPERVISOR")!;
    const { page } = await signedIn(direction);
    await page.goto(`/exams/${examId}/regions`);
    await page.getByRole("heading", { name: "Zones des questions" }).waitFor();
    const editor = `document.querySelector('ko-app')?.shadowRoot?.querySelector('ko-region-editor')?.shadowRoot`;
    // the first copy's pages, painted from their images
    await waitInPage(page, `${editor}?.querySelector('canvas[data-page="1"]')?.dataset.drawn === 'yes'`, 90_000, "the first page painted");
    expect(await a11yViolations(page)).toEqual([]);
    await page.getByLabel("Question", { exact: true }).selectOption(q1a);
    await page.getByRole("button", { name: "Ajouter une zone" }).focus();
    await page.keyboard.press("Enter");
    const region = page.locator('fieldset[data-region="1"]');
    await region.locator('[data-field="page"]').fill("2");
    await region.locator('[data-field="page"]').press("Tab");
    await region.locator('[data-field="h"]').fill("20");
    await region.locator('[data-field="h"]').press("Tab");
    await page.getByRole("button", { name: "Enregistrer les zones" }).focus();
    await page.keyboard.press("Enter");
    await page.getByText("Zones enregistrées.").waitFor();
    const rows = await app.tdb.db.questionRegion.findMany({ where: { examId, questionId: q1a }, orderBy: { position: "asc" } });
    expect(rows.map((r) => [r.page, r.h])).toEqual([
      [1, 0.35],
      [2, 0.2],
    ]);
    await screenshot(page, "byq-06-region-editor");
  }, 120_000);

  it("a supervisor drags a region for 1.b on the first copy's page image", async () => {
    const direction = DEMO_ACCOUNTS.find((x) => x.role === "SUPERVISOR")!;
    const { page } = await signedIn(direction);
    const q1b = (await app.tdb.db.scaleNode.findFirstOrThrow({ where: { examId, label: "1.b" } })).id;
    await page.goto(`/exams/${examId}/regions`);
    const editor = `document.querySelector('ko-app')?.shadowRoot?.querySelector('ko-region-editor')?.shadowRoot`;
    await waitInPage(page, `${editor}?.querySelector('canvas[data-page="1"]')?.dataset.drawn === 'yes'`, 90_000, "the first page painted");
    await page.getByLabel("Question", { exact: true }).selectOption(q1b);
    const box = (await page.locator('.page[data-page="1"]').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.6, { steps: 4 });
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height * 0.7, { steps: 4 });
    await page.mouse.up();
    await page.getByRole("button", { name: "Enregistrer les zones" }).click();
    await page.getByText("Zones enregistrées.").waitFor();
    const [row] = await app.tdb.db.questionRegion.findMany({ where: { examId, questionId: q1b } });
    expect(row).toMatchObject({ page: 1 });
    expect(row!.x).toBeCloseTo(0.1, 1);
    expect(row!.y).toBeCloseTo(0.5, 1);
    expect(row!.w).toBeCloseTo(0.8, 1);
    expect(row!.h).toBeCloseTo(0.2, 1);
    await screenshot(page, "byq-07-region-dragged");
  }, 120_000);
});
