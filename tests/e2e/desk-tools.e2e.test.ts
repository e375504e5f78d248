// The desk's other tools in a real Chromium against a real server, each test on a copy and with a
// grader of its own (so one failure leaves nothing behind for the next): highlighter, cross and box, a colour; the eraser, moving and deleting
// a selection, undo and redo; a comment from the annotation bank; a question's comment and the
// general comment across a reload; the shortcuts help; the desk in English; and the browser's
// warning when the tab is closed with changes the server has not acknowledged.
import type { Browser, BrowserContext, Page } from "playwright-core";
import type * as Y from "yjs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { generalOf, readAnnotations, readComments, type Annotation } from "../../collab/index.ts";
import { storedDoc } from "../helpers/grading-fixture.ts";
import { a11yViolations } from "./support/a11y.ts";
import { startAppServer, type AppServer } from "./support/app-server.ts";
import { launchChromium, screenshot } from "./support/browser.ts";
import { clickOnPage, drawStroke, drawnKinds, inkBox, saveStatusText, waitForDesk } from "./support/desk.ts";
import { signedInPage } from "./support/exam-setup.ts";
import { demoCopy, newGrader } from "./support/grading-setup.ts";

const RED = "#d32f2f";
const BLUE = "#1565c0";
const YELLOW = "#f9a825"; // the highlighter's colour while the default red is picked
const BANK_TEXT = "Revoir la définition de la dérivée.";
const COMMENT = "Le raisonnement est juste, la rédaction à soigner.";
const GENERAL = "Copie sérieuse ; attention aux justifications.";

let app: AppServer;
let browser: Browser;
let context: BrowserContext | undefined;
let copyId: string;

beforeAll(async () => {
  browser = await launchChromium();
  app = await startAppServer({ staffReady: true });
}, 180_000);
afterEach(async () => {
  await context?.close().catch(() => {});
  context = undefined;
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** This test's grader on the desk of a copy of their own (nothing drawn, nothing in their comment bank). */
async function start(): Promise<{ a: Page; aErrors: string[] }> {
  const grader = await newGrader(app.tdb.db);
  copyId = (await demoCopy(app.tdb.db, [grader.id])).id;
  const p = await signedInPage(browser, app.url, grader);
  context = p.context;
  await p.page.goto(`/copies/${copyId}`);
  await waitForDesk(p.page);
  await waitSaved(p.page);
  return { a: p.page, aErrors: p.errors };
}

/** A highlight, a cross, a box and a pen stroke, as the first test draws them (in red). */
async function drawFourKinds(a: Page): Promise<void> {
  await a.keyboard.press("h");
  await drawStroke(a, [
    [0.15, 0.12],
    [0.3, 0.12],
    [0.45, 0.125],
  ]);
  await a.keyboard.press("x");
  await clickOnPage(a, 0.75, 0.12);
  await a.getByRole("button", { name: "Encadré" }).click();
  await drag(a, [0.15, 0.22], [0.35, 0.3]);
  await a.keyboard.press("p");
  await drawStroke(a, [
    [0.15, 0.38],
    [0.3, 0.4],
    [0.45, 0.38],
  ]);
  await expect.poll(() => drawnKinds(a), { timeout: 30_000 }).toEqual(["box", "cross", "highlight", "pen"]);
  await waitSaved(a);
}

const waitSaved = (page: Page, text = "Enregistré") => expect.poll(() => saveStatusText(page), { timeout: 10_000 }).toBe(text);
const stored = async (): Promise<Y.Doc> => storedDoc(app.tdb, copyId);
const storedAnnotations = async (): Promise<Annotation[]> => readAnnotations(await stored());
const storedKinds = async () => (await storedAnnotations()).map((x) => x.kind).sort();
const storedBox = async (kind: string) => {
  const found = (await storedAnnotations()).find((x) => x.kind === kind);
  return found && "box" in found ? found.box : null;
};
const pressed = (page: Page, name: string) => page.getByRole("toolbar").getByRole("button", { name, exact: true }).getAttribute("aria-pressed");

/** Drags with the mouse from one normalized point of page 0 to another. */
async function drag(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  const b = await inkBox(page);
  await page.mouse.move(b.x + from[0] * b.width, b.y + from[1] * b.height);
  await page.mouse.down();
  await page.mouse.move(b.x + to[0] * b.width, b.y + to[1] * b.height, { steps: 8 });
  await page.mouse.up();
}

describe("grader desk tools", () => {
  it("draws with the highlighter, a cross and a box, then in blue, and the server stores each kind and colour", async () => {
    const { a, aErrors } = await start();

    await a.keyboard.press("h");
    expect(await pressed(a, "Surligneur")).toBe("true");
    await drawStroke(a, [
      [0.15, 0.12],
      [0.3, 0.12],
      [0.45, 0.125],
    ]);
    await a.keyboard.press("x");
    expect(await pressed(a, "Croix ✗")).toBe("true");
    await clickOnPage(a, 0.75, 0.12);
    await a.getByRole("button", { name: "Encadré" }).click();
    expect(await pressed(a, "Encadré")).toBe("true");
    await drag(a, [0.15, 0.22], [0.35, 0.3]);
    await expect.poll(() => drawnKinds(a), { timeout: 30_000 }).toEqual(["box", "cross", "highlight"]);

    await a.getByRole("button", { name: "Bleu" }).click();
    expect(await a.getByRole("button", { name: "Bleu" }).getAttribute("aria-pressed")).toBe("true");
    await a.keyboard.press("p");
    await drawStroke(a, [
      [0.15, 0.38],
      [0.3, 0.4],
      [0.45, 0.38],
    ]);
    await expect.poll(() => drawnKinds(a), { timeout: 30_000 }).toEqual(["box", "cross", "highlight", "pen"]);
    await waitSaved(a);

    const byKind = Object.fromEntries((await storedAnnotations()).map((x) => [x.kind, x]));
    expect(Object.keys(byKind).sort()).toEqual(["box", "cross", "highlight", "pen"]);
    expect(byKind.highlight).toMatchObject({ color: YELLOW, page: 0 });
    expect(byKind.cross).toMatchObject({ color: RED });
    expect(byKind.box).toMatchObject({ color: RED });
    expect(byKind.pen).toMatchObject({ color: BLUE });
    // the box spans the drag: from about 15 % to 35 % of the page's width
    expect(byKind.box!.kind === "box" && byKind.box!.box.x).toBeCloseTo(0.15, 1);
    expect(byKind.box!.kind === "box" && byKind.box!.box.w).toBeCloseTo(0.2, 1);
    await screenshot(a, "tools-01-desk-highlight-cross-box-desktop");
    expect(aErrors).toEqual([]);
  });

  it("erases, moves and deletes a selection, and undoes and redoes its own changes", async () => {
    const { a, aErrors } = await start();
    await drawFourKinds(a);
    await a.keyboard.press("e");
    expect(await pressed(a, "Gomme")).toBe("true");
    await drawStroke(a, [
      [0.72, 0.12],
      [0.78, 0.12],
    ]); // across the cross only
    await expect.poll(() => drawnKinds(a), { timeout: 30_000 }).toEqual(["box", "highlight", "pen"]);
    await waitSaved(a);
    expect(await storedKinds()).toEqual(["box", "highlight", "pen"]);

    // Select and move the box: its stored box follows.
    const before = (await storedBox("box"))!;
    await a.keyboard.press("s");
    expect(await pressed(a, "Sélectionner, déplacer")).toBe("true");
    await drag(a, [0.25, 0.26], [0.35, 0.28]);
    await waitSaved(a);
    await expect.poll(async () => (await storedBox("box"))!.x - before.x, { timeout: 20_000 }).toBeGreaterThan(0.05);
    const moved = (await storedBox("box"))!;
    expect(moved.w).toBeCloseTo(before.w, 3);

    // Click it (selected), Delete removes it.
    await clickOnPage(a, 0.35, 0.28);
    await a.keyboard.press("Delete");
    await expect.poll(() => drawnKinds(a), { timeout: 30_000 }).toEqual(["highlight", "pen"]);
    await waitSaved(a);
    expect(await storedKinds()).toEqual(["highlight", "pen"]);

    // Undo brings it back where it was moved to, redo removes it again; the buttons do the same.
    await a.keyboard.press("Control+z");
    await expect.poll(() => drawnKinds(a), { timeout: 30_000 }).toEqual(["box", "highlight", "pen"]);
    await a.keyboard.press("Control+Shift+z");
    await expect.poll(() => drawnKinds(a), { timeout: 30_000 }).toEqual(["highlight", "pen"]);
    await a.getByRole("button", { name: "Annuler" }).click();
    await expect.poll(() => drawnKinds(a), { timeout: 30_000 }).toEqual(["box", "highlight", "pen"]);
    expect(await a.getByRole("button", { name: "Rétablir" }).isEnabled()).toBe(true);
    await waitSaved(a);
    expect(await storedKinds()).toEqual(["box", "highlight", "pen"]);
    expect((await storedBox("box"))!.x).toBeCloseTo(moved.x, 4);
    expect(aErrors).toEqual([]);
  });

  it("creates a reusable comment in the bank and places it with a click as a text note", async () => {
    const { a, aErrors } = await start();
    const bank = a.getByRole("region", { name: "Commentaires types" });
    await bank.getByText("Aucun commentaire type pour l’instant.").waitFor();
    await bank.getByLabel("Nouveau commentaire type").fill(BANK_TEXT);
    await bank.getByRole("button", { name: "Ajouter" }).click();
    const entry = bank.getByRole("button", { name: new RegExp(`^${BANK_TEXT.replace(/\./g, "\\.")}`) });
    await entry.waitFor();
    await entry.click();
    expect(await entry.getAttribute("aria-pressed")).toBe("true");
    await clickOnPage(a, 0.55, 0.3);
    await expect.poll(() => drawnKinds(a), { timeout: 30_000 }).toEqual(["text"]);
    await waitSaved(a);
    expect((await storedAnnotations()).filter((x) => x.kind === "text").map((x) => (x.kind === "text" ? x.text : ""))).toEqual([BANK_TEXT]);
    // Escape puts the comment down; a further click places nothing.
    await a.keyboard.press("Escape");
    expect(await entry.getAttribute("aria-pressed")).toBe("false");
    await screenshot(a, "tools-02-desk-bank-comment-desktop");
    expect(aErrors).toEqual([]);
  });

  it("saves a question's comment and the general comment, which survive a reload", async () => {
    const { a, aErrors } = await start();
    await drawStroke(a, [
      [0.15, 0.38],
      [0.3, 0.4],
      [0.45, 0.38],
    ]); // the pen is the desk's first tool
    await expect.poll(() => drawnKinds(a), { timeout: 30_000 }).toEqual(["pen"]);
    await a.getByRole("button", { name: "Commenter — 1.a" }).click();
    const comment = a.getByLabel("Commentaire de la question 1.a");
    await comment.fill(COMMENT);
    await comment.press("Tab");
    const general = a.getByLabel("Appréciation générale");
    await general.fill(GENERAL);
    await general.press("Tab");
    await waitSaved(a);
    await expect.poll(async () => generalOf(await stored()).toString(), { timeout: 20_000 }).toBe(GENERAL);
    // each field is its own update: the question's comment may reach the database a moment after the general one's ack was seen
    await expect.poll(async () => Object.values(readComments(await stored())), { timeout: 20_000 }).toEqual([COMMENT]);

    await a.reload();
    await waitForDesk(a);
    await waitSaved(a);
    expect(await a.getByLabel("Appréciation générale").inputValue()).toBe(GENERAL);
    await a.getByRole("button", { name: "Commentaire — 1.a" }).click(); // the toggle says there is one
    expect(await a.getByLabel("Commentaire de la question 1.a").inputValue()).toBe(COMMENT);
    await expect.poll(() => drawnKinds(a), { timeout: 30_000 }).toEqual(["pen"]);
    expect(aErrors).toEqual([]);
  });

  it("opens the shortcuts help with ? and closes it with Escape", async () => {
    const { a, aErrors } = await start();
    await a.getByRole("heading", { level: 1 }).focus(); // out of the comment field: keys are shortcuts again
    await a.keyboard.press("s");
    expect(await pressed(a, "Sélectionner, déplacer")).toBe("true");
    await a.keyboard.press("?");
    const help = a.getByRole("dialog", { name: "Raccourcis clavier" });
    await help.waitFor();
    const rows = await help.getByRole("row").allTextContents();
    const keyOf = (label: string) =>
      rows
        .find((r) => r.startsWith(label))
        ?.slice(label.length)
        .trim();
    expect(keyOf("Stylo")).toBe("P");
    expect(keyOf("Surligneur")).toBe("H");
    expect(keyOf("Croix ✗")).toBe("X");
    expect(keyOf("Encadré")).toBe("B");
    expect(keyOf("Gomme")).toBe("E");
    expect(keyOf("Sélectionner, déplacer")).toBe("S");
    expect(keyOf("Rétablir")).toBe("Ctrl+Maj+Z / Ctrl+Y");
    await screenshot(a, "tools-03-desk-shortcuts-help-desktop");
    expect(await a11yViolations(a)).toEqual([]);
    await a.keyboard.press("p"); // keys belong to the dialog while it is open
    await a.keyboard.press("Escape");
    await help.waitFor({ state: "hidden" });
    // the tool did not change behind the dialog
    expect(await pressed(a, "Sélectionner, déplacer")).toBe("true");
    expect(aErrors).toEqual([]);
  });

  it("shows the desk in English after the header's locale switch", async () => {
    const { a, aErrors } = await start();
    const general = a.getByLabel("Appréciation générale");
    await general.fill(GENERAL);
    await general.press("Tab");
    await waitSaved(a);
    await a.getByLabel("Langue").selectOption("en");
    await a.getByRole("heading", { level: 1, name: /^Copy / }).waitFor();
    await waitSaved(a, "Saved");
    const toolbar = a.getByRole("toolbar", { name: "Annotation tools" });
    for (const name of ["Pen", "Highlighter", "Cross ✗", "Box", "Eraser", "Select, move", "Undo", "Redo"]) {
      expect(await toolbar.getByRole("button", { name, exact: true }).count(), name).toBe(1);
    }
    expect(await a.getByRole("button", { name: "Blue" }).count()).toBe(1);
    expect(await a.getByLabel("General comment").inputValue()).toBe(GENERAL);
    await a.getByRole("region", { name: "Comment bank" }).waitFor();
    await screenshot(a, "tools-04-desk-english-desktop");
    expect(await a11yViolations(a)).toEqual([]);
    await a.getByLabel("Language").selectOption("fr");
    await waitSaved(a);
    expect(aErrors).toEqual([]);
  });

  it("warns before closing the tab while a change is not saved yet, and the change is sent later", async () => {
    const { a } = await start();
    await a.getByRole("button", { name: "Stylo" }).click();
    await a.context().setOffline(true);
    await waitSaved(a, "Hors ligne");
    await drawStroke(a, [
      [0.6, 0.34],
      [0.7, 0.35],
    ]);
    await waitSaved(a, "Hors ligne — 1 modification en attente");
    // the edit is written to the page's IndexedDB store asynchronously: closing the tab before that write
    // ends (a loaded machine) would test the browser's scheduling, not the desk
    await expect.poll(() => keptEdits(a), { timeout: 30_000 }).toBe(1);
    const dialogs: string[] = [];
    a.on("dialog", (d) => {
      dialogs.push(d.type());
      void d.accept();
    });
    const closed = new Promise((resolve) => a.once("close", resolve));
    await a.close({ runBeforeUnload: true });
    await closed;
    expect(dialogs).toEqual(["beforeunload"]);
    expect(await storedKinds()).toEqual([]); // the server never got it

    // Back online, the same browser's next desk sends the edit it kept.
    await a.context().setOffline(false);
    const b = await a.context().newPage();
    await b.goto(`/copies/${copyId}`);
    await waitForDesk(b);
    await waitSaved(b);
    await expect.poll(() => storedKinds(), { timeout: 30_000 }).toEqual(["pen"]);
  });
});

/** Edits the desk kept in this browser's IndexedDB (client/src/realtime/pending-store.ts). */
function keptEdits(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open("korrigo-pending");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const names = [...db.objectStoreNames];
          if (!names.includes("edits")) return resolve(0);
          const count = db.transaction("edits", "readonly").objectStore("edits").count();
          count.onsuccess = () => {
            resolve(count.result);
            db.close();
          };
          count.onerror = () => reject(count.error);
        };
      }),
  );
}
