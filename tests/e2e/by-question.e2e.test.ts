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
let q1a: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  app = await startAppServer({ staffReady: true });
  const db = app.tdb.db;
  const exam = await db.exam.findFirstOrThrow({ where: { title: "Bac blanc de mathématiques" } });
  examId = exam.id;
  q1a = (await db.scaleNode.findFirstOrThrow({ where: { examId, label: "1.a" } })).id;
  // both graders are dispatched every copy: only the claims keep them apart
  const graders = await db.user.findMany({ where: { username: { in: [martin.username, bernard.username] } } });
  for (const copy of await db.copy.findMany({ where: { examId }, include: { assignments: true } })) {
    for (const g of graders) if (!copy.assignments.some((a) => a.graderId === g.id)) await db.assignment.create({ data: { copyId: copy.id, graderId: g.id } });
  }
  await createRubricVersion(db, examId, {
    [q1a]: {
      items: [
        { id: "juste", label: "Raisonnement complet", points: 2, group: "niveau", feedback: "Démarche entièrement justifiée." },
        { id: "partiel", label: "Raisonnement partiel", points: 1, group: "niveau" },
        { id: "unites", label: "Unités correctes", points: 0.5 },
      ],
    },
  });
  await db.questionRegion.create({ data: { examId, questionId: q1a, position: 0, page: 1, x: 0.05, y: 0.15, w: 0.9, h: 0.35 } });
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

const currentCopy = (page: Page) => page.evaluate(`${QDESK}?.shadowRoot?.querySelector('ko-region-view')?.copyId ?? null`) as Promise<string | null>;
const drawnCopy = (page: Page) => page.evaluate(`${QDESK}?.shadowRoot?.querySelector('ko-region-view')?.dataset.drawn ?? null`) as Promise<string | null>;
// a grader gets a PDF made of the redacted page images (identity zones): the first one is made on demand, slow under load
const waitRegionDrawn = async (page: Page) => {
  await waitInPage(page, `(() => { const v = ${QDESK}?.shadowRoot?.querySelector('ko-region-view'); return !!v && v.dataset.drawn === v.copyId; })()`, 90_000, "the region drawn");
};
const pressed = (page: Page, label: string) => page.getByRole("button", { name: new RegExp(label) }).getAttribute("aria-pressed");
const saveStatus = (page: Page) => page.evaluate(`((${QDESK})?.shadowRoot?.querySelector('ko-save-status')?.shadowRoot?.textContent ?? '').replace(/\\s+/g, ' ').trim()`) as Promise<string>;
const saved = (page: Page) => expect.poll(() => saveStatus(page), { timeout: 20_000 }).toBe("Enregistré");

describe("grading by question, keyboard only", () => {
  let a: Page;
  let aErrors: string[];
  let b: Page;

  it("the grader chooses a question from the list and the first copy opens on its region", async () => {
    ({ page: a, errors: aErrors } = await signedIn(martin));
    await a.getByRole("link", { name: "Corriger par question" }).focus();
    await a.keyboard.press("Enter");
    await a.waitForURL(/by-question$/);
    await a.getByRole("heading", { name: "Choisissez la question à corriger sur toutes les copies" }).waitFor();
    await screenshot(a, "byq-01-pick");
    expect(await a11yViolations(a)).toEqual([]);
    await a.locator(`a[data-question="${q1a}"]`).focus();
    await a.keyboard.press("Enter");
    await a.waitForURL(/by-question\?q=/);
    await waitRegionDrawn(a);
    expect(await a.getByRole("heading", { level: 1 }).innerText()).toMatch(/^Copie .+ — question Exercice 1 \/ 1\.a$/);
    expect(await a.getByText("Restent 6 copies non corrigées sur cette question").count()).toBe(1);
    // progress on the question (issue 21)
    expect(await a.locator("[data-progress]").innerText()).toBe("0 / 6 copies corrigées sur cette question");
    // painted from the page image, cropped to the region (no PDF asked for)
    expect(await a.evaluate(`${QDESK}.shadowRoot.querySelector('ko-region-view').shadowRoot.querySelectorAll('canvas.scan').length`)).toBe(1);
    expect(await a11yViolations(a)).toEqual([]);
  }, 120_000);

  it("keys apply items, a second item of the group replaces the first, the bound clips and says so", async () => {
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
    const ticks = () => a.evaluate(`[...${QDESK}.doc.getMap('annotations').values()].filter((m) => m.get('kind') === 'tick').map((m) => m.get('box'))`) as Promise<Array<{ x: number; y: number }>>;
    await expect.poll(async () => (await ticks()).length, { timeout: 20_000 }).toBe(1);
    expect(await pressed(a, "Unités correctes")).toBe("true");
    await saved(a);
    await screenshot(a, "byq-02-items-clipped");
  }, 60_000);

  it("A opens the adjustment: a reason is required, then the signed points count", async () => {
    await a.keyboard.press("3"); // unités off again: 2 exactly
    await expect.poll(() => pressed(a, "Unités correctes"), { timeout: 20_000 }).toBe("false");
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
    const row = await app.tdb.db.questionDecision.findFirstOrThrow({ where: { copyId, questionId: q1a } });
    expect(row).toMatchObject({ items: ["juste"], adjustPoints: -0.5, adjustComment: "Présentation négligée" });
    await screenshot(a, "byq-03-adjustment");
  }, 60_000);

  let holder: Page;

  it("N moves to the next ungraded copy; a second grader never gets the copy the first one holds", async () => {
    ({ page: b } = await signedIn(bernard));
    await b.goto(`/exams/${examId}/by-question?q=${q1a}`);
    await waitRegionDrawn(b);
    const first = await currentCopy(a);
    await a.locator("body").focus();
    await a.keyboard.press("n");
    await expect.poll(() => currentCopy(a), { timeout: 20_000 }).not.toBe(first);
    await waitRegionDrawn(a);
    // the first copy was graded with items by the tests above: 1 done of 6
    // (the copy claimed ahead shows at once; the count follows with the server's answer)
    await expect.poll(() => a.locator("[data-progress]").innerText(), { timeout: 20_000 }).toBe("1 / 6 copies corrigées sur cette question");
    const graded = new Set<string>([first!]);
    // both grade their copy and press N at the same moment, twice: never the same copy, never one already graded
    for (let round = 0; round < 2; round++) {
      const [ca, cb] = [(await currentCopy(a))!, (await currentCopy(b))!];
      expect(ca).not.toBe(cb);
      expect(graded.has(ca) || graded.has(cb)).toBe(false);
      await a.keyboard.press("1");
      await expect.poll(() => pressed(a, "Raisonnement complet"), { timeout: 20_000 }).toBe("true");
      await b.keyboard.press("2");
      await expect.poll(() => pressed(b, "Raisonnement partiel"), { timeout: 20_000 }).toBe("true");
      await Promise.all([saved(a), saved(b)]);
      graded.add(ca).add(cb);
      await Promise.all([a.keyboard.press("n"), b.keyboard.press("n")]);
      // each one shows its next copy's region, or says nothing is left
      const settled = (p: Page, before: string) => async () => (await p.locator("[data-done]").count()) > 0 || ((await drawnCopy(p)) !== null && (await drawnCopy(p)) !== before);
      await expect.poll(settled(a, ca), { timeout: 90_000 }).toBe(true);
      await expect.poll(settled(b, cb), { timeout: 90_000 }).toBe(true);
    }
    // 6 copies: 1 + 2 + 2 graded, the last one went to exactly one of them
    expect(await app.tdb.db.questionDecision.count({ where: { questionId: q1a, copy: { examId } } })).toBe(5);
    const [aDone, bDone] = [await a.locator("[data-done]").count(), await b.locator("[data-done]").count()];
    expect(aDone + bDone).toBe(1);
    holder = aDone === 0 ? a : b;
    const last = (await currentCopy(holder))!;
    expect(graded.has(last)).toBe(false);
    const claims = await app.tdb.db.questionClaim.findMany({ where: { examId, questionId: q1a } });
    expect(claims.map((c) => c.copyId)).toEqual([last]);
    await screenshot(b, "byq-04-second-grader");
    expect(aErrors).toEqual([]);
  }, 180_000);

  it("when every copy is graded or held, N says there is nothing left", async () => {
    await holder.keyboard.press("1");
    await saved(holder);
    await holder.keyboard.press("n");
    await expect.poll(() => holder.locator("[data-done]").count(), { timeout: 20_000 }).toBe(1);
    expect(await app.tdb.db.questionDecision.count({ where: { questionId: q1a, copy: { examId } } })).toBe(6);
    await screenshot(holder, "byq-05-done");
  }, 60_000);
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
    expect(rows.map((r) => [r.page, r.h])).toEqual([[1, 0.35], [2, 0.2]]);
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
