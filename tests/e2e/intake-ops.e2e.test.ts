// The intake operations a user reaches for once the scans are in, in a real Chromium against a
// real server and worker. Each test starts from its own exam (created, scaled and scanned through
// the API) and its own signed-in page, so one failure leaves nothing behind for the next: the
// stapler merges two copies and splits one at a page (thumbnails and counts follow); the
// identification desk unlinks a copy and marks a student absent (the progress follows);
// dispatch by exercises (exercise 1 to one grader, the rest to another) shows in the table; the
// exam's title is edited and the exam archived then unarchived from the exams list.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../server/seed/demo-seed.ts";
import { a11yViolations } from "./support/a11y.ts";
import { startAppServer, type AppServer } from "./support/app-server.ts";
import { DESKTOP, launchChromium, screenshot } from "./support/browser.ts";
import { api, examWithCopies, signedInPage } from "./support/exam-setup.ts";

const admin = DEMO_ACCOUNTS.find((a) => a.role === "ADMIN")!;
const TITLE = "Contrôle de physique-chimie";
const NEW_TITLE = "Contrôle de physique-chimie — TG2";
const EXERCISES = [
  { label: "Exercice 1", maxPoints: 6 },
  { label: "Exercice 2", maxPoints: 8 },
  { label: "Exercice 3", maxPoints: 6 },
];

let browser: Browser;
let app: AppServer;
let context: BrowserContext;
let page: Page;
let errors: string[];

beforeAll(async () => {
  browser = await launchChromium();
  app = await startAppServer({ worker: true, maintenance: false, staffReady: true }); // the split job needs the worker
}, 240_000);

afterEach(async () => {
  await context?.close();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** This test's page, signed in as the office, and its exam: a 6-page scan split every 2 pages → 3 copies. */
async function start(title: string, opts: { validate: boolean }): Promise<string> {
  ({ context, page, errors } = await signedInPage(browser, app.url, admin, DESKTOP));
  return examWithCopies(context, app.url, { title, exercises: EXERCISES, pages: 6, pagesPerCopy: 2, validate: opts.validate });
}

const status = (text: string | RegExp) => page.getByRole("status").filter({ hasText: text });
const copyRegion = (n: number) => page.getByRole("region", { name: new RegExp(`^Copie ${n} `) });
const copyRegions = () => page.getByRole("region", { name: /^Copie \d+ / });

describe("intake operations", () => {
  it("merges two copies in the stapler, then splits one at a page: thumbnails and counts follow", async () => {
    const examId = await start(`${TITLE} — agrafeuse`, { validate: false });
    await page.setViewportSize({ width: DESKTOP.width, height: 1400 }); // thumbnails draw when seen: all three copies on screen
    await page.goto(`/exams/${examId}/stapler`);
    await expect.poll(() => copyRegions().count(), { timeout: 20_000 }).toBe(3);
    await expect.poll(() => thumbsDrawn(page), { timeout: 30_000 }).toBe(6);
    const before = await staplerCopies(page);
    expect(before.map((c) => c.pageIds.length)).toEqual([2, 2, 2]);
    await page.getByRole("button", { name: "Valider 3 copie(s)" }).waitFor();
    await screenshot(page, "intake-ops-01-stapler-before");
    expect(await a11yViolations(page)).toEqual([]);

    // copy 2 merged into copy 1: its pages at the end of copy 1, copy 2 gone
    const [first, second, third] = before as [StaplerCopy, StaplerCopy, StaplerCopy];
    const mergeWith = copyRegion(1).getByLabel(`Copie à fusionner dans ${first.code}`);
    const mergeButton = copyRegion(1).getByRole("button", { name: "Fusionner", exact: true });
    expect(await mergeButton.isDisabled()).toBe(true);
    await mergeWith.selectOption({ label: second.code });
    await mergeButton.click();
    await status("Copies fusionnées.").waitFor();
    // the picker is back to "Fusionner avec…", as its disabled button says (it used to show the next code)
    expect(await mergeWith.inputValue()).toBe("");
    expect(await mergeButton.isDisabled()).toBe(true);
    await expect.poll(() => copyRegions().count(), { timeout: 20_000 }).toBe(2);
    expect(await copyRegion(1).getByRole("heading").textContent()).toMatch(/· 4 page\(s\)/);
    await copyRegion(1)
      .getByRole("group", { name: `Page 4 sur 4 de la copie ${first.code}` })
      .waitFor();
    const merged = await staplerCopies(page);
    expect(merged).toEqual([{ code: first.code, pageIds: [...first.pageIds, ...second.pageIds] }, third]);
    await expect.poll(() => thumbsDrawn(page), { timeout: 30_000 }).toBe(6);
    await page.getByRole("button", { name: "Valider 2 copie(s)" }).waitFor();
    await screenshot(page, "intake-ops-02-stapler-merged");

    // copy 1 cut before its page 3: back to three copies of two pages, the moved pages in a new copy
    await copyRegion(1).getByRole("button", { name: "Couper la copie avant la page 3" }).click();
    await status("Copie coupée en deux.").waitFor();
    await expect.poll(() => copyRegions().count(), { timeout: 20_000 }).toBe(3);
    const split = await staplerCopies(page);
    expect(split.map((c) => c.pageIds.length)).toEqual([2, 2, 2]);
    expect(split.find((c) => c.code === first.code)?.pageIds).toEqual(first.pageIds);
    const cut = split.find((c) => c.code !== first.code && c.code !== third.code)!;
    expect(cut.pageIds).toEqual(second.pageIds);
    expect(split.find((c) => c.code === third.code)?.pageIds).toEqual(third.pageIds);
    await expect.poll(() => thumbsDrawn(page), { timeout: 30_000 }).toBe(6);
    await screenshot(page, "intake-ops-03-stapler-split");

    await page.getByRole("button", { name: "Valider 3 copie(s)" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Valider 3 copie(s)" }).click();
    await status("3 copie(s) validée(s).").waitFor();
    expect(errors).toEqual([]);
  });

  it("unlinks a linked copy and marks a student absent on the identification desk: the progress follows", async () => {
    const examId = await start(`${TITLE} — identification`, { validate: true });
    await page.goto(`/exams/${examId}/identify`);
    await page.getByText("Identifiées : 0 / 3").waitFor();
    const search = page.getByRole("combobox", { name: "Rechercher l’élève" });
    await search.click();
    await search.pressSequentially("petit lea", { delay: 20 });
    await page
      .getByRole("option", { name: /PETIT Léa/ })
      .first()
      .waitFor();
    await search.press("Enter");
    await status(/reliée à PETIT Léa/).waitFor();
    await page.getByText("Identifiées : 1 / 3").waitFor();

    // back to that copy from the list, then unlink it
    await page.getByRole("button", { name: /PETIT Léa/ }).click();
    await page.getByRole("heading", { name: /Copie 1 \/ 3/ }).waitFor();
    await page.getByText("Copie de PETIT Léa").waitFor();
    await page.getByRole("button", { name: "Délier" }).click();
    await status(/n’est plus reliée à un élève\./).waitFor();
    await page.getByText("Identifiées : 0 / 3").waitFor();
    expect(await page.getByRole("button", { name: "Délier" }).count()).toBe(0);
    expect(await app.tdb.db.copy.count({ where: { examId, studentId: { not: null } } })).toBe(0);

    // the student the search highlights is marked absent: counted, listed, and refused as a link
    await search.click();
    await search.pressSequentially("martin sophie", { delay: 20 });
    await page
      .getByRole("option", { name: /MARTIN Sophie/ })
      .first()
      .waitFor();
    await page.getByRole("button", { name: "Marquer l’élève choisi absent" }).click();
    await status("MARTIN Sophie est marqué(e) absent(e).").waitFor();
    await page.getByText(/Identifiées : 0 \/ 3\s*· 1 absent\(s\)/).waitFor();
    await page.getByRole("button", { name: "Annuler l’absence — MARTIN Sophie" }).waitFor();
    await search.pressSequentially("martin sophie", { delay: 20 });
    await page
      .getByRole("option", { name: /MARTIN Sophie.*absent/ })
      .first()
      .waitFor();
    await screenshot(page, "intake-ops-04-identify-absent");
    await search.press("Enter");
    await page.getByRole("alert").filter({ hasText: "Cet élève est marqué absent : annulez d’abord son absence." }).waitFor();
    await page.getByText("Identifiées : 0 / 3").waitFor();

    // the absence cancelled: the count goes
    await page.getByRole("button", { name: "Annuler l’absence — MARTIN Sophie" }).click();
    await expect.poll(() => page.getByText(/absent\(s\)/).count(), { timeout: 20_000 }).toBe(0);
    await page.getByText("Identifiées : 0 / 3").waitFor();
  });

  it("dispatches by exercises: exercise 1 to one grader, the rest to another, and the table shows it", async () => {
    const examId = await start(`${TITLE} — répartition`, { validate: true });
    await page.goto(`/exams/${examId}/dispatch`);
    await page.getByLabel(/M\. Paul Martin/).check();
    await page.getByLabel(/Mme Anne Bernard/).check();
    await page.getByLabel("par exercices (chaque correcteur ses exercices)").check();
    const ranges = page.getByRole("table", { name: /Exercices de chaque correcteur/ });
    await ranges.waitFor();
    await page.getByText("Donnez au moins un exercice à chaque correcteur choisi.").waitFor();
    await page.getByRole("checkbox", { name: "M. Paul Martin corrige Exercice 1" }).check();
    for (const e of ["Exercice 2", "Exercice 3"]) await page.getByRole("checkbox", { name: `Mme Anne Bernard corrige ${e}` }).check();
    const run = page.getByRole("button", { name: "Répartir 3 copie(s)" });
    await expect.poll(() => run.isDisabled(), { timeout: 20_000 }).toBe(false);
    // the preview: each grader grades their exercises of every copy
    const preview = page.getByRole("table", { name: "Copies par correcteur : actuelles et prévues" });
    expect((await preview.getByRole("row", { name: /M\. Paul Martin/ }).textContent())?.replace(/\s+/g, " ")).toContain("+3");
    expect((await preview.getByRole("row", { name: /Mme Anne Bernard/ }).textContent())?.replace(/\s+/g, " ")).toContain("+3");
    await screenshot(page, "intake-ops-05-dispatch-ranges");
    expect(await a11yViolations(page)).toEqual([]);

    await run.click();
    await status("3 copie(s) réparties (0 reprise(s)).").waitFor();
    const table = page.getByRole("table", { name: "Copies attribuées par correcteur" });
    const cells = async (name: RegExp) => (await table.getByRole("row", { name }).getByRole("cell").allTextContents()).map((s) => s.trim());
    expect(await cells(/M\. Paul Martin/)).toEqual(["3", "3"]);
    expect(await cells(/Mme Anne Bernard/)).toEqual(["3", "3"]);
    await screenshot(page, "intake-ops-06-dispatch-done");

    // what was stored: each grader holds every copy, for their own exercises only
    const exercises = await app.tdb.db.scaleNode.findMany({ where: { examId, parentId: null }, orderBy: { position: "asc" }, select: { id: true } });
    const rows = await app.tdb.db.assignment.findMany({
      where: { copy: { examId } },
      select: { questionIds: true, grader: { select: { displayName: true } } },
    });
    const byGrader = (name: string) => rows.filter((r) => r.grader.displayName === name).map((r) => [...r.questionIds].sort());
    expect(byGrader("M. Paul Martin")).toEqual(Array(3).fill([exercises[0]!.id]));
    expect(byGrader("Mme Anne Bernard")).toEqual(Array(3).fill([exercises[1]!.id, exercises[2]!.id].sort()));
  });

  it("edits the exam's title, then archives and unarchives it from the exams list", async () => {
    ({ context, page, errors } = await signedInPage(browser, app.url, admin, DESKTOP));
    const { exam } = (await (await api(context, app.url)).post("/api/exams", { title: TITLE, subject: "Physique-chimie" })) as { exam: { id: string } };
    const examId = exam.id;
    await page.goto(`/exams/${examId}`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent(), { timeout: 20_000 }).toContain(TITLE);
    await page.getByRole("button", { name: "Modifier", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Modifier l’examen" });
    await dialog.waitFor();
    expect(await dialog.getByLabel("Intitulé").inputValue()).toBe(TITLE);
    await dialog.getByLabel("Intitulé").fill(NEW_TITLE);
    await screenshot(page, "intake-ops-07-exam-edit");
    expect(await a11yViolations(page)).toEqual([]);
    await dialog.getByRole("button", { name: "Enregistrer" }).click();
    await dialog.waitFor({ state: "hidden" });
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent(), { timeout: 20_000 }).toContain(NEW_TITLE);
    expect((await app.tdb.db.exam.findUniqueOrThrow({ where: { id: examId } })).title).toBe(NEW_TITLE);

    await page.goto("/exams");
    const list = page.getByRole("table");
    const link = list.getByRole("link", { name: NEW_TITLE, exact: true });
    await link.waitFor();
    const row = list.getByRole("row").filter({ hasText: NEW_TITLE });
    expect((await row.getByRole("cell").nth(1).textContent())!.trim()).not.toBe("Archivé");
    await row.getByRole("button", { name: `Archiver — ${NEW_TITLE}` }).click();
    await status(`L’examen « ${NEW_TITLE} » a été archivé.`).waitFor();
    await link.waitFor({ state: "detached" }); // archived exams are hidden by default
    expect((await app.tdb.db.exam.findUniqueOrThrow({ where: { id: examId } })).status).toBe("ARCHIVED");

    await page.getByLabel("Afficher aussi les examens archivés").check();
    await link.waitFor();
    expect((await row.getByRole("cell").nth(1).textContent())!.trim()).toBe("Archivé");
    await screenshot(page, "intake-ops-08-exams-archived");
    expect(await a11yViolations(page)).toEqual([]);
    await row.getByRole("button", { name: `Désarchiver — ${NEW_TITLE}` }).click();
    await status(`L’examen « ${NEW_TITLE} » a été désarchivé.`).waitFor();
    // unarchived exams come back "En cours" (docs/api-intake.md: status ACTIVE), whatever they were before
    await expect.poll(async () => (await row.getByRole("cell").nth(1).textContent())?.trim(), { timeout: 20_000 }).toBe("En cours");
    await row.getByRole("button", { name: `Archiver — ${NEW_TITLE}` }).waitFor();
    expect((await app.tdb.db.exam.findUniqueOrThrow({ where: { id: examId } })).status).toBe("ACTIVE");
    expect(errors).toEqual([]);
  });
});

interface StaplerCopy {
  code: string;
  pageIds: string[];
}

/** The stapler's copies in screen order: code and page ids. */
function staplerCopies(p: Page): Promise<StaplerCopy[]> {
  return p.evaluate(() => {
    const app = document.querySelector("ko-app")!.shadowRoot!;
    const stapler = app.querySelector("ko-intake-page")!.shadowRoot!.querySelector("ko-stapler")!.shadowRoot!;
    return [...stapler.querySelectorAll("ko-stapler-copy")].map((copy) => ({
      code: copy.shadowRoot!.querySelector("h2 .code")!.textContent!.trim(),
      pageIds: [...copy.shadowRoot!.querySelectorAll<HTMLElement>("[data-page-id]")].map((e) => e.dataset.pageId!),
    }));
  });
}

/** Thumbnails pdf.js has drawn on the stapler page (across the copies' shadow roots). */
function thumbsDrawn(p: Page): Promise<number> {
  return p.evaluate(() => {
    const app = document.querySelector("ko-app")!.shadowRoot!;
    const stapler = app.querySelector("ko-intake-page")!.shadowRoot!.querySelector("ko-stapler")!.shadowRoot!;
    let n = 0;
    for (const copy of stapler.querySelectorAll("ko-stapler-copy")) {
      for (const thumb of copy.shadowRoot!.querySelectorAll("ko-page-thumb")) if (!thumb.shadowRoot!.querySelector(".state")) n++;
    }
    return n;
  });
}
