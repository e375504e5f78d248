// Exam intake in a real Chromium against a real server and worker: an admin creates an exam,
// edits its scale (total live, server issues in French), imports students (preview → commit →
// passwords once), uploads scans (progress, a cancelled upload, a refused file, split every 2
// pages, processing followed live over the socket), staples,
// identifies a copy with the keyboard and dispatches to two graders. Past the first test, each test
// starts from its own exam (created, and scaled and scanned when it needs it, through the API) and
// its own signed-in page, so one failure leaves nothing behind for the next.
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { notifyBatchProgress } from "../../server/intake/batch-progress.ts";
import { DEMO_ACCOUNTS } from "../../server/seed/demo-seed.ts";
import { a4Pdf, FIXTURES } from "../helpers/intake-pdfs.ts";
import { a11yViolations } from "./support/a11y.ts";
import { startAppServer, type AppServer } from "./support/app-server.ts";
import { DESKTOP, TABLET, launchChromium, newPage, screenshot } from "./support/browser.ts";
import { api, examWithCopies, signedInPage } from "./support/exam-setup.ts";

const admin = DEMO_ACCOUNTS.find((a) => a.role === "ADMIN")!;

let browser: Browser;
let app: AppServer;
let context: BrowserContext;
let page: Page;
let errors: string[];

const TITLE = "Contrôle de mathématiques"; // the exams the API creates (the first test creates its own through the screens)
const EXERCISES = [
  { label: "Exercice 1", maxPoints: 5.5 },
  { label: "Exercice 2", maxPoints: 4 },
];

beforeAll(async () => {
  browser = await launchChromium();
  // the split job needs the worker. A body silent for 10 s is cut (60 s by default): the cancelled
  // upload's partial file goes within the test's wait even if the browser kept the connection open
  // without sending (the server then has only its idle rule, tests/integration/intake-upload-idle.test.ts)
  app = await startAppServer({ worker: true, maintenance: false, staffReady: true, env: { BODY_IDLE_TIMEOUT_SEC: "10" } });
}, 180_000);

afterEach(async () => {
  await context?.close();
  await app.startWorker(); // a test that stopped it and failed gives it back
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** This test's page, signed in as the office. */
async function signIn(): Promise<void> {
  ({ context, page, errors } = await signedInPage(browser, app.url, admin, DESKTOP));
}

/** This test's page and a new exam of its own, with its scale unless told; returns the exam's path. */
async function startWithExam(opts: { scale: boolean }): Promise<string> {
  await signIn();
  const call = await api(context, app.url);
  const { exam } = (await call.post("/api/exams", { title: TITLE, subject: "Mathématiques" })) as { exam: { id: string } };
  if (opts.scale) await call.put(`/api/exams/${exam.id}/scale`, { exercises: EXERCISES });
  return `/exams/${exam.id}`;
}

/** This test's page and its exam: a 4-page scan split every 2 pages → 2 copies; returns the exam's path. */
async function startWithCopies(opts: { validate: boolean }): Promise<string> {
  await signIn();
  return `/exams/${await examWithCopies(context, app.url, { title: TITLE, exercises: EXERCISES, pages: 4, pagesPerCopy: 2, validate: opts.validate })}`;
}

const heading = () => page.getByRole("heading", { level: 1 });
const status = (text: string | RegExp) => page.getByRole("status").filter({ hasText: text });

describe("exam intake", () => {
  it("creates an exam from the exams list", async () => {
    ({ context, page, errors } = await newPage(browser, app.url, DESKTOP));
    await page.goto("/login");
    await page.getByLabel("Identifiant").fill(admin.username);
    await page.getByLabel("Mot de passe", { exact: true }).fill(admin.password);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.waitForURL(/\/$/);
    await page.getByRole("link", { name: "Gérer les examens" }).click();
    await page.waitForURL("**/exams");
    await expect.poll(() => heading().textContent(), { timeout: 20_000 }).toBe("Examens");

    await page.getByRole("button", { name: "Nouvel examen" }).click();
    await page.getByLabel("Intitulé").fill("Épreuve commune de mathématiques");
    await page.getByLabel("Matière (facultatif)").fill("Mathématiques");
    await page.getByLabel("Date de l’épreuve (facultatif)").fill("2026-11-18");
    await page.getByRole("button", { name: "Créer l’examen" }).click();
    await page.waitForURL(/\/exams\/[0-9a-f-]{36}$/);
    await expect.poll(() => heading().textContent(), { timeout: 20_000 }).toContain("Épreuve commune de mathématiques");
    await page.getByText("Aucun document. Ajoutez le sujet et le corrigé pour les correcteurs.").waitFor();
    await page.getByLabel("Type de document").selectOption("SUBJECT");
    await page
      .getByLabel("Fichier PDF")
      .setInputFiles({ name: "sujet.pdf", mimeType: "application/pdf", buffer: Buffer.from(await a4Pdf(1, { label: "Sujet " })) });
    await page.getByRole("button", { name: "Ajouter", exact: true }).click();
    await status("« sujet.pdf » a été ajouté.").waitFor();
    expect(await page.getByRole("link", { name: "sujet.pdf" }).getAttribute("href")).toMatch(/^\/api\/exams\/.+\/documents\/.+\/pdf$/);
    await screenshot(page, "intake-01-exam-overview-desktop");

    await page.getByRole("link", { name: "Examens", exact: true }).first().click();
    await page.getByRole("table").getByRole("link", { name: "Épreuve commune de mathématiques" }).waitFor();
    await screenshot(page, "intake-01-exams-desktop");
    expect(errors).toEqual([]);
  });

  it("edits the grading scale: live total, server issues in French, save", async () => {
    const examUrl = await startWithExam({ scale: false });
    await page.goto(`${examUrl}/scale`);
    await page.getByRole("button", { name: "Ajouter un exercice" }).click();
    await page.getByRole("button", { name: "+ Question — Exercice 1" }).click();
    await page.getByLabel("Points de « 1.a »").fill("2,5");
    await page.getByLabel("Points de « 1.a »").press("Enter"); // a new row below, focused
    await page.getByLabel("Points de « 1.b »").fill("3");
    await expect.poll(() => page.locator("#total").textContent(), { timeout: 20_000 }).toBe("5,5");

    await page.getByRole("button", { name: "Ajouter un exercice" }).click(); // no points: refused
    await page.getByRole("button", { name: "Enregistrer le barème" }).click();
    await page.getByRole("alert").filter({ hasText: "Le barème n’est pas enregistré : 1 problème(s)" }).waitFor();
    await page.getByText("Indiquez le nombre de points (ou ajoutez des sous-questions).").waitFor();
    expect(await page.getByLabel("Points de « Exercice 2 »").getAttribute("aria-invalid")).toBe("true");

    await page.getByLabel("Points de « Exercice 2 »").fill("4");
    await expect.poll(() => page.locator("#total").textContent(), { timeout: 20_000 }).toBe("9,5");
    await page.getByRole("button", { name: "Enregistrer le barème" }).click();
    await status("Barème enregistré : 9,5 points.").waitFor();
    await screenshot(page, "intake-02-scale-desktop");
    expect(await a11yViolations(page)).toEqual([]);
    await page.setViewportSize(TABLET);
    await screenshot(page, "intake-02-scale-tablet");
    await page.setViewportSize(DESKTOP);
  });

  it("imports students: problems by line and column, then preview → commit → passwords once", async () => {
    await signIn();
    await page.goto("/roster");
    await expect.poll(() => heading().textContent(), { timeout: 20_000 }).toBe("Import des élèves");
    const bad = "INE;NOM;PRENOM;CLASSE;EMAIL\n111111111A;PETIT;Paul;TG1;paul.petit@test.com\n222222222B;GRAND;Zoé;TG1;pas-un-courriel\n";
    await page.getByLabel("Fichier CSV des élèves").setInputFiles({ name: "eleves.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
    await page.getByRole("button", { name: "Vérifier le fichier" }).click();
    await page.getByText("Ligne 3, colonne EMAIL").waitFor();
    await page.getByText("Adresse de courriel invalide : « pas-un-courriel »").first().waitFor();
    expect(await page.locator("ko-roster-preview").evaluate((el) => el.shadowRoot!.querySelectorAll("td.error").length)).toBe(1);
    expect(await page.getByRole("button", { name: /Importer \d+ élève/ }).isDisabled()).toBe(true);
    await screenshot(page, "intake-03-roster-problems-desktop");

    await page.getByLabel("Fichier CSV des élèves").setInputFiles(path.join(FIXTURES, "students.csv"));
    await page.getByRole("button", { name: "Vérifier le fichier" }).click();
    await page.getByRole("heading", { name: "Aperçu de « students.csv »" }).waitFor();
    const commit = page.getByRole("button", { name: /Importer \d+ élève/ });
    await expect.poll(() => commit.isDisabled(), { timeout: 20_000 }).toBe(false);
    await commit.click();
    const dialog = page.getByRole("dialog", { name: /Identifiants des élèves/ });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Télécharger la liste imprimable (PDF)" }).waitFor();
    const download = page.waitForEvent("download");
    await dialog.getByRole("button", { name: "Télécharger le CSV" }).click();
    expect((await download).suggestedFilename()).toMatch(/^identifiants-eleves-.*\.csv$/);
    await screenshot(page, "intake-04-roster-passwords-desktop");
    await dialog.getByRole("button", { name: "J’ai enregistré les identifiants" }).click();
    await status(/Import terminé/).waitFor();
    expect(await page.getByRole("dialog").count()).toBe(0);
  });

  it("cancels a file while it uploads: the row says so, and the server stores nothing", async () => {
    const examUrl = await startWithExam({ scale: true });
    await page.goto(`${examUrl}/upload`);
    const examId = examUrl.split("/").at(-1)!;
    // a slow link, so that the upload is still on its way when the user cancels it
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 256 * 1024 });
    const big = Buffer.alloc(4 * 1024 * 1024);
    big.write("%PDF-1.4\n");
    await page.locator("#scan-files").setInputFiles([{ name: "lot-trop-lent.pdf", mimeType: "application/pdf", buffer: big }]);
    await page.getByRole("button", { name: "Envoyer 1 fichier(s)" }).click();
    const bar = page.getByRole("progressbar", { name: "Envoi de lot-trop-lent.pdf" });
    await expect.poll(() => bar.evaluate((el) => (el as HTMLProgressElement).value), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Tout annuler" }).waitFor();
    await screenshot(page, "intake-05a-upload-cancellable-desktop");
    await page.getByRole("button", { name: "Annuler — lot-trop-lent.pdf" }).click();
    await page.getByText(/^Annulé · 4 Mo$/).waitFor();
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await cdp.detach();
    await expect.poll(() => page.getByRole("button", { name: /^Envoyer/ }).textContent(), { timeout: 20_000 }).toContain("Envoyer 0 fichier(s)");
    // the server dropped the partial file and created no batch
    const tmp = path.join(app.dataDir, "media", "tmp");
    await expect.poll(() => (fs.existsSync(tmp) ? fs.readdirSync(tmp) : []), { timeout: 30_000 }).toEqual([]);
    expect(await app.tdb.db.scanBatch.count({ where: { examId } })).toBe(0);
    await page.getByRole("button", { name: "Vider la liste" }).click();
    expect(await page.getByText("lot-trop-lent.pdf").count()).toBe(0);
  });

  it("uploads a 4-page PDF split every 2 pages, refuses a corrupted file in French, and follows processing live to 2 copies", async () => {
    const examUrl = await startWithExam({ scale: true });
    await page.goto(`${examUrl}/upload`);
    const examId = examUrl.split("/").at(-1)!;
    // what the socket carries, and proof that the page is never reloaded
    const frames: string[] = [];
    page.on("websocket", (ws) => ws.on("framereceived", (f) => typeof f.payload === "string" && frames.push(f.payload)));
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    // the worker is stopped first: the batch waits, so that its progress can be watched step by step
    await app.stopWorker();
    await page.getByLabel("Un PDF de plusieurs copies, coupé toutes les N pages").check();
    await page.getByLabel("Pages par copie (N)").fill("2");
    const scan = Buffer.from(await a4Pdf(4, { label: "Copie page " }));
    await page.locator("#scan-files").setInputFiles([
      { name: "scan-4-pages.pdf", mimeType: "application/pdf", buffer: scan },
      { name: "copy_corrupted.pdf", mimeType: "application/pdf", buffer: fs.readFileSync(path.join(FIXTURES, "copy_corrupted.pdf")) },
    ]);
    await page.getByRole("button", { name: "Envoyer 2 fichier(s)" }).click();
    await page.getByText("Ce PDF est endommagé et ne peut pas être lu. Numérisez ou exportez-le de nouveau.").waitFor();
    await status("Traitement en cours : 0 %").waitFor();
    const row = page.getByRole("progressbar", { name: "Traitement de scan-4-pages.pdf : 0 / 4 pages" });
    await row.waitFor();

    // progress pushed by the server (as the worker's transactions do) shows at once, without a request
    const batch = await app.tdb.db.scanBatch.findFirstOrThrow({ where: { examId, originalName: "scan-4-pages.pdf" } });
    await notifyBatchProgress(app.tdb.db, { examId, batchId: batch.id, processed: 2, total: 4, status: "PROCESSING" });
    await status("Traitement en cours : 50 %").waitFor();
    const half = page.getByRole("progressbar", { name: "Traitement de scan-4-pages.pdf : 2 / 4 pages" });
    expect(await half.evaluate((el) => [(el as HTMLProgressElement).value, (el as HTMLProgressElement).max])).toEqual([2, 4]);
    await page.getByRole("cell", { name: /2 \/ 4/ }).waitFor();
    await screenshot(page, "intake-05b-processing-desktop");

    // the worker runs the batch: its progress comes over the socket until it is done
    await app.startWorker();
    await status("Traitement terminé : 100 % — 2 copie(s) créée(s).").waitFor({ timeout: 30_000 });
    expect(await page.getByRole("progressbar", { name: "Envoi de scan-4-pages.pdf" }).evaluate((el) => (el as HTMLProgressElement).value)).toBe(100);
    expect(frames.some((f) => f.includes('"batch:progress"') && f.includes('"DONE"'))).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await screenshot(page, "intake-05-upload-desktop");
    await page.getByRole("link", { name: "Vérifier dans l’agrafeuse" }).click(); // the next step, one click away
    await page.waitForURL("**/stapler");
    expect(errors).toEqual([]);
  });

  it("shows the staging copies as thumbnails, reorders a page with the keyboard and validates", async () => {
    const examUrl = await startWithCopies({ validate: false });
    await page.goto(`${examUrl}/stapler`);
    const firstPage = page.getByRole("group", { name: /^Page 1 sur 2 de la copie/ }).first();
    await firstPage.waitFor();
    await expect.poll(() => thumbsDrawn(page), { timeout: 30_000 }).toBe(4);
    const pageIds = () =>
      page
        .locator("ko-stapler-copy")
        .first()
        .locator("[data-page-id]")
        .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.pageId));
    const before = await pageIds();
    await firstPage.focus();
    await page.keyboard.press("Alt+ArrowRight"); // page 1 moves after page 2
    await status("Pages réordonnées.").waitFor();
    expect(await pageIds()).toEqual([...before].reverse());
    await expect.poll(() => thumbsDrawn(page), { timeout: 30_000 }).toBe(4);
    await screenshot(page, "intake-06-stapler-desktop");

    // a page set aside is still shown (its own one-page PDF), then put back at the end of its copy
    await page.getByRole("combobox", { name: "Déplacer la page 2 vers…" }).first().selectOption("aside");
    await page.getByRole("heading", { name: "Pages mises de côté (1)" }).scrollIntoViewIfNeeded(); // thumbnails draw when seen
    await expect.poll(() => looseThumbsDrawn(page), { timeout: 15_000 }).toBe(1);
    await screenshot(page, "intake-06b-stapler-aside");
    const back = page.getByRole("combobox", { name: "Remettre la page mise de côté n° 1 dans…" });
    await back.selectOption({ index: 1 });
    await page.getByRole("heading", { name: /Pages mises de côté/ }).waitFor({ state: "detached" });
    expect(await pageIds()).toEqual([...before].reverse());
    await page.getByRole("button", { name: "Valider 2 copie(s)" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Valider 2 copie(s)" }).click();
    await status("2 copie(s) validée(s).").waitFor();
    expect(errors).toEqual([]);
  });

  it("identifies a copy with the keyboard: type, Enter, next copy", async () => {
    const examUrl = await startWithCopies({ validate: true });
    await page.goto(`${examUrl}/identify`);
    await page.getByText("Identifiées : 0 / 2").waitFor();
    await expect
      .poll(() => page.locator("ko-page-thumb[header]").evaluate((el) => el.shadowRoot!.querySelector("canvas")!.height), { timeout: 30_000 })
      .toBeGreaterThan(50);
    const search = page.getByRole("combobox", { name: "Rechercher l’élève" });
    await search.click();
    await search.pressSequentially("dupond jean", { delay: 20 });
    await page
      .getByRole("option", { name: /DUPONT Jean/ })
      .first()
      .waitFor();
    await screenshot(page, "intake-07-identify-desktop");
    expect(await a11yViolations(page)).toEqual([]);
    await search.press("Enter");
    await status(/reliée à DUPONT Jean/).waitFor();
    await page.getByText("Identifiées : 1 / 2").waitFor();
    await page.getByRole("heading", { name: /Copie 2 \/ 2/ }).waitFor(); // moved to the next unidentified copy
    await page.setViewportSize(TABLET);
    await screenshot(page, "intake-07-identify-tablet");
    expect(await a11yViolations(page)).toEqual([]);
    await page.setViewportSize(DESKTOP);
  });

  it("chooses a copy's variant (sujet A) on the identification desk with the keyboard", async () => {
    const examUrl = await startWithCopies({ validate: true });
    const examId = examUrl.split("/").at(-1)!;
    // a scale with variants for this step only (no grading yet: nodes may come and go)
    const extra = await Promise.all(
      (["A", "B"] as const).map((v, i) =>
        app.tdb.db.scaleNode.create({ data: { examId, kind: "EXERCISE", label: `Sujet ${v}`, position: 90 + i, maxPoints: 1, variant: v } }),
      ),
    );
    try {
      await page.goto(`${examUrl}/identify`);
      const sujetA = page.getByRole("radio", { name: "Sujet A" });
      await sujetA.focus();
      await page.keyboard.press("Space");
      await status(/ : sujet A\./).waitFor();
      expect(await sujetA.isChecked()).toBe(true);
      expect((await app.tdb.db.copy.findMany({ where: { examId, variant: "A" } })).length).toBe(1);
      await screenshot(page, "intake-07c-identify-variant");
    } finally {
      await app.tdb.db.copy.updateMany({ where: { examId }, data: { variant: null } });
      await app.tdb.db.scaleNode.deleteMany({ where: { id: { in: extra.map((n) => n.id) } } });
    }
  });

  it("dispatches the copies to two graders, balanced, with a chart and its table", async () => {
    const examUrl = await startWithCopies({ validate: true });
    await page.goto(`${examUrl}/dispatch`);
    await page.getByLabel(/M\. Paul Martin/).check();
    await page.getByLabel(/Mme Anne Bernard/).check();
    await page.getByRole("img", { name: "Copies par correcteur : actuelles et prévues" }).waitFor();
    await page.getByRole("button", { name: "Répartir 2 copie(s)" }).click();
    await status("2 copie(s) réparties (0 reprise(s)).").waitFor();
    const table = page.getByRole("table", { name: "Copies attribuées par correcteur" });
    expect(await table.getByRole("row", { name: /M\. Paul Martin/ }).textContent()).toContain("1");
    expect(await table.getByRole("row", { name: /Mme Anne Bernard/ }).textContent()).toContain("1");
    await screenshot(page, "intake-08-dispatch-desktop");
    expect(errors).toEqual([]);
  });
});

/** Thumbnails of pages set aside that pdf.js has drawn. */
function looseThumbsDrawn(p: Page): Promise<number> {
  return p.evaluate(() => {
    const app = document.querySelector("ko-app")!.shadowRoot!;
    const stapler = app.querySelector("ko-intake-page")!.shadowRoot!.querySelector("ko-stapler")!.shadowRoot!;
    return [...stapler.querySelectorAll(".loose ko-page-thumb")].filter((t) => !t.shadowRoot!.querySelector(".state")).length;
  });
}

/** Thumbnails pdf.js has drawn on the stapler page (across the copies' shadow roots). */
function thumbsDrawn(p: Page): Promise<number> {
  return p.evaluate(() => {
    const app = document.querySelector("ko-app")!.shadowRoot!;
    const intake = app.querySelector("ko-intake-page")!.shadowRoot!;
    const stapler = intake.querySelector("ko-stapler")!.shadowRoot!;
    let n = 0;
    for (const copy of stapler.querySelectorAll("ko-stapler-copy")) {
      for (const thumb of copy.shadowRoot!.querySelectorAll("ko-page-thumb")) if (!thumb.shadowRoot!.querySelector(".state")) n++;
    }
    return n;
  });
}
