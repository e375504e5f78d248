// An extra answer sheet in the stapler, in a real Chromium against a real server and worker: the
// scan of two booklets and an extra sheet is sorted, the sheet waits in the stapler with its
// reason; the office opens "Joindre à une copie…", types the code written on the sheet, picks the
// copy with the keyboard, and the sheet shows as the copy's last page; "Détacher" puts it back.
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

interface StaplerBody {
  stapler: {
    copies: Array<{ id: string; anonymousCode: string; pages: Array<{ id: string; extraSheet: boolean }> }>;
    loosePages: Array<{ id: string; looseReason: string | null }>;
  };
}

describe("extra answer sheets in the stapler", () => {
  it("attaches an extra sheet to the copy named on it, from the keyboard, and detaches it again", async () => {
    ({ context, page } = await signedInPage(browser, app.url, admin, { width: DESKTOP.width, height: 1200 }));
    const call = await api(context, app.url);
    const { exam } = (await call.post("/api/exams", { title: "Bac blanc — feuilles supplémentaires", subject: "Maths" })) as { exam: { id: string } };
    const run = (await call.post(`/api/exams/${exam.id}/booklets`, { mode: "anonymous", count: 2, extraSheets: 1, template: "blank", pageCount: 1 })) as {
      pdfUrl: string;
    };
    const printed = new PrintedPages(new Uint8Array(await (await context.request.get(`${app.url}${run.pdfUrl}`)).body()));
    const scan = await scanPdf(
      printed,
      [2, 1, 0].map((p) => ({ printed: p, damage: { dpi: 150 } })),
    );
    printed.destroy();
    await call.upload(`/api/exams/${exam.id}/batches`, {
      mode: "QR_BOOKLETS",
      files: { name: "livrets.pdf", mimeType: "application/pdf", buffer: Buffer.from(scan) },
    });
    const stapler = async () => ((await call.get(`/api/exams/${exam.id}/stapler`)) as StaplerBody).stapler;
    await expect.poll(async () => (await stapler()).loosePages.map((p) => p.looseReason), { timeout: 120_000 }).toEqual(["EXTRA_SHEET"]);
    const { copies, loosePages } = await stapler();
    expect(copies).toHaveLength(2);
    const target = copies[1]!;
    const sheetId = loosePages[0]!.id;

    await page.goto(`/exams/${exam.id}/stapler`);
    await page.getByText(/Page mise de côté n° 1 — feuille supplémentaire : à joindre à sa copie/).waitFor({ timeout: 30_000 });
    const open = page.getByRole("button", { name: "Joindre à une copie… (page mise de côté n° 1)" });
    await open.focus();
    await page.keyboard.press("Enter");
    const field = page.getByRole("combobox", { name: /Copie nommée sur la feuille/ });
    await expect.poll(() => field.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement), { timeout: 10_000 }).toBe(true);
    await page.keyboard.type(target.anonymousCode.slice(-3)); // what is legible on the sheet: the copy's number
    const option = page.getByRole("listbox", { name: "Copies trouvées" }).getByRole("option", { name: new RegExp(target.anonymousCode) });
    await option.waitFor({ timeout: 30_000 });
    await screenshot(page, "extra-sheets-01-picker");
    expect(await a11yViolations(page)).toEqual([]);
    await page.keyboard.press("Enter");

    await page.getByRole("status").filter({ hasText: "Feuille supplémentaire jointe à la copie." }).waitFor({ timeout: 30_000 });
    const card = page.locator("ko-stapler-copy").filter({ hasText: target.anonymousCode });
    await card.getByText("feuille supplémentaire", { exact: true }).waitFor({ timeout: 10_000 });
    await expect
      .poll(async () => (await stapler()).copies.find((c) => c.id === target.id)!.pages.map((p) => p.extraSheet), { timeout: 10_000 })
      .toEqual([false, true]);
    expect((await stapler()).loosePages).toEqual([]);
    await screenshot(page, "extra-sheets-02-attached");
    expect(await a11yViolations(page)).toEqual([]);

    // undo: back to the stapler, with its reason
    await card.getByRole("button", { name: /Détacher la page 2/ }).click();
    await page.getByRole("status").filter({ hasText: "Feuille supplémentaire remise dans l’agrafeuse." }).waitFor({ timeout: 30_000 });
    expect((await stapler()).loosePages.map((p) => [p.id, p.looseReason])).toEqual([[sheetId, "EXTRA_SHEET"]]);
    await page.getByRole("button", { name: "Joindre à une copie… (page mise de côté n° 1)" }).waitFor({ timeout: 10_000 });
  }, 300_000);
});
