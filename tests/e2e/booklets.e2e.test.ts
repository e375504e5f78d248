// QR-coded booklets in the intake view, in a real Chromium against a real server and worker: the
// office prints two booklets, downloads the PDF, scans it back (shuffled, turned, a page missing, a
// blank back) and uploads it as "Livrets à QR code"; the panel follows the sorting live (booklets
// scanned, the missing page named, the blank page left for the stapler) and the stapler says why.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PrintedPages, scanPdf } from "../../scripts/lib/synthetic-scan.ts";
import { DEMO_ACCOUNTS } from "../../server/seed/demo-seed.ts";
import { a11yViolations } from "./support/a11y.ts";
import { startAppServer, type AppServer } from "./support/app-server.ts";
import { DESKTOP, launchChromium, screenshot } from "./support/browser.ts";
import { api, signedInPage } from "./support/exam-setup.ts";

const admin = DEMO_ACCOUNTS.find((a) => a.role === "ADMIN")!;

let browser: Browser;
let app: AppServer;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  app = await startAppServer({ worker: true, maintenance: false, staffReady: true }); // the sorting runs in the worker
}, 240_000);

afterEach(async () => {
  await context?.close();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("QR booklets in the intake view", () => {
  it("prints booklets, and a scan of them is sorted live with the missing page named and the blank back set aside", async () => {
    ({ context, page } = await signedInPage(browser, app.url, admin, { width: DESKTOP.width, height: 1200 }));
    const call = await api(context, app.url);
    const { exam } = (await call.post("/api/exams", { title: "Bac blanc — livrets QR", subject: "Maths" })) as { exam: { id: string } };
    await page.goto(`/exams/${exam.id}/upload`);
    const panel = page.getByRole("region", { name: "Livrets à QR code" });
    await panel.getByText("Aucun livret imprimé pour cet examen.").waitFor({ timeout: 30_000 });

    // print: 2 anonymous booklets of 2 ruled pages
    await panel.getByLabel("Nombre de livrets").fill("2");
    await panel.getByLabel("Pages", { exact: true }).selectOption("blank");
    await panel.getByLabel("Pages par livret").fill("2");
    await panel.getByRole("button", { name: "Préparer l’impression" }).click();
    await panel.getByRole("status").filter({ hasText: "2 livret(s) de 2 page(s) prêts à imprimer." }).waitFor({ timeout: 30_000 });
    const href = await panel.getByRole("link", { name: "Télécharger le PDF du tirage 1" }).getAttribute("href");
    const pdf = await context.request.get(`${app.url}${href}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    const printed = new PrintedPages(new Uint8Array(await pdf.body()));
    expect(printed.count).toBe(4);

    // the scan: booklet 2 page 1 upside down, a blank back, booklet 1 pages 2 then 1 turned; booklet 2 page 2 missing
    const scan = await scanPdf(printed, [
      { printed: 2, damage: { dpi: 150, rotate: 180 } },
      { printed: null, damage: { dpi: 150 } },
      { printed: 1, damage: { dpi: 150, skew: 2 } },
      { printed: 0, damage: { dpi: 150, rotate: 90 } },
    ]);
    printed.destroy();
    await page.getByRole("radio", { name: "Livrets à QR code" }).check();
    await page.locator("#scan-files").setInputFiles({ name: "livrets.pdf", mimeType: "application/pdf", buffer: Buffer.from(scan) });
    await page.getByRole("button", { name: "Envoyer 1 fichier(s)" }).click();

    await expect.poll(() => panel.getByTestId("booklets-scanned").textContent(), { timeout: 90_000 }).toBe("2 / 2 livrets, 1 complet(s)");
    const missing = await panel.getByTestId("booklets-missing").textContent();
    expect(missing).toMatch(/-00\d : page\(s\) 2/);
    expect(await panel.getByTestId("booklets-loose").textContent()).toContain("1 × page blanche (verso ?)");
    await screenshot(page, "booklets-01-intake");
    expect(await a11yViolations(page)).toEqual([]);

    // the stapler shows the pages of the copies in print order and why the blank page is there
    await page.goto(`/exams/${exam.id}/stapler`);
    await page.getByText(/Page mise de côté n° 1 — page blanche \(verso \?\)/).waitFor({ timeout: 30_000 });
    await screenshot(page, "booklets-02-stapler");
  }, 300_000);
});
