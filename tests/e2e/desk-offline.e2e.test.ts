// Offline work survives the tab: a grader goes offline, draws, and the tab is closed (a crash, a
// tablet killing it) before the network is back. The edit was kept in IndexedDB: opening the copy
// again in the same browser resends it, the desk says "Enregistré" and the server holds it. When
// the copy is not writable any more, the stored edit is kept and the desk says so.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readAnnotations } from "../../collab/index.ts";
import { DEMO_ACCOUNTS } from "../../server/seed/demo-seed.ts";
import { storedDoc } from "../helpers/grading-fixture.ts";
import { startAppServer, type AppServer } from "./support/app-server.ts";
import { launchChromium } from "./support/browser.ts";
import { signedInPage } from "./support/exam-setup.ts";
import { demoCopy, userId } from "./support/grading-setup.ts";
import { drawStroke, drawnKinds, saveStatusText, waitForDesk } from "./support/desk.ts";

const martin = DEMO_ACCOUNTS.find((a) => a.username === "prof.martin")!;

let app: AppServer;
let browser: Browser;
let context: BrowserContext;
let errors: string[];

beforeAll(async () => {
  browser = await launchChromium();
  app = await startAppServer({ staffReady: true });
}, 180_000);
afterEach(async () => {
  await context?.close().catch(() => {});
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** This test's own browser (its own IndexedDB), signed in as Martin, and a copy of its own. */
async function start(): Promise<string> {
  let page: Page;
  ({ context, page, errors } = await signedInPage(browser, app.url, martin));
  await page.close();
  return (await demoCopy(app.tdb.db, [await userId(app.tdb.db, martin.username)])).id;
}

/** Records of the desk's IndexedDB store of un-acked edits (client/src/realtime/pending-store.ts). */
function storedEdits(page: Page): Promise<number> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const req = indexedDB.open('korrigo-pending');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('edits')) { db.close(); return resolve(0); }
      const count = db.transaction('edits').objectStore('edits').count();
      count.onsuccess = () => { db.close(); resolve(count.result); };
      count.onerror = () => reject(count.error);
    };
  })`);
}

async function openDesk(copyId: string): Promise<Page> {
  const page = await context.newPage();
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  await page.goto(`/copies/${copyId}`);
  await waitForDesk(page);
  return page;
}

const serverPens = async (copyId: string) => readAnnotations(await storedDoc(app.tdb, copyId)).filter((a) => a.kind === "pen").length;

/** Offline: draw a stroke, see it stored on the device, close the tab, come back online. */
async function strokeThenTabLost(copyId: string): Promise<void> {
  const page = await openDesk(copyId);
  await expect.poll(() => saveStatusText(page), { timeout: 10_000 }).toBe("Enregistré");
  await context.setOffline(true);
  try {
    await expect.poll(() => saveStatusText(page), { timeout: 20_000 }).toBe("Hors ligne");
    await drawStroke(page, [
      [0.2, 0.3],
      [0.3, 0.32],
      [0.4, 0.3],
    ]);
    await expect.poll(() => saveStatusText(page), { timeout: 20_000 }).toBe("Hors ligne — 1 modification en attente");
    await expect.poll(() => storedEdits(page), { timeout: 20_000 }).toBe(1);
    await page.close(); // no beforeunload: the tab is simply gone
  } finally {
    await context.setOffline(false);
  }
  expect(await serverPens(copyId)).toBe(0);
}

describe("offline edits kept across tabs", () => {
  it("resends a stroke drawn offline when the copy is opened again after the tab was lost", async () => {
    const copyId = await start();
    await strokeThenTabLost(copyId);
    const page = await openDesk(copyId);
    await expect.poll(() => drawnKinds(page), { timeout: 30_000 }).toEqual(["pen"]);
    await expect.poll(() => saveStatusText(page), { timeout: 10_000 }).toBe("Enregistré");
    expect(await serverPens(copyId)).toBe(1);
    await expect.poll(() => storedEdits(page), { timeout: 20_000 }).toBe(0);
    await page.close();
    expect(errors).toEqual([]);
  });

  it("keeps the stroke and says so when the copy cannot be changed any more, and sends it once it can", async () => {
    const copyId = await start();
    await strokeThenTabLost(copyId);
    await app.tdb.db.copy.update({ where: { id: copyId }, data: { state: "FINALIZING" } });
    let page = await openDesk(copyId);
    await page.getByText(/Une modification faite hors ligne n’a pas pu être envoyée/).waitFor();
    expect(await storedEdits(page)).toBe(1);
    expect(await drawnKinds(page)).toEqual([]);
    await page.close();

    await app.tdb.db.copy.update({ where: { id: copyId }, data: { state: "READY" } }); // reopened
    page = await openDesk(copyId);
    await expect.poll(() => drawnKinds(page), { timeout: 30_000 }).toEqual(["pen"]);
    await expect.poll(() => saveStatusText(page), { timeout: 10_000 }).toBe("Enregistré");
    await expect.poll(() => storedEdits(page), { timeout: 20_000 }).toBe(0);
    expect(await serverPens(copyId)).toBe(1);
    expect(await page.getByText(/hors ligne n’a pas pu être envoyée/).count()).toBe(0);
    await page.close();
    expect(errors).toEqual([]);
  });
});

describe("the desk's connection", () => {
  it("uses the WebSocket the page opened before its scripts loaded, and a new one after a cut", async () => {
    const copyId = await start();
    const page = await context.newPage();
    page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
    const sockets: string[] = [];
    page.on("websocket", (ws) => sockets.push(ws.url()));
    await page.goto(`/copies/${copyId}`);
    await waitForDesk(page);
    await drawStroke(page, [
      [0.2, 0.3],
      [0.4, 0.32],
    ]);
    await expect.poll(() => serverPens(copyId), { timeout: 20_000 }).toBe(1);
    // stored on the server; its acknowledgement may still be on its way to the page
    await expect.poll(() => saveStatusText(page), { timeout: 10_000 }).toBe("Enregistré");
    // one connection: the early WebSocket was adopted by the socket client, not doubled by it
    expect(sockets).toHaveLength(1);
    expect(sockets[0]).toMatch(/\/socket\.io\/\?EIO=4&transport=websocket$/);

    await context.setOffline(true);
    await expect.poll(() => saveStatusText(page), { timeout: 20_000 }).toBe("Hors ligne");
    await context.setOffline(false);
    await expect.poll(() => saveStatusText(page), { timeout: 30_000 }).toBe("Enregistré");
    await drawStroke(page, [
      [0.2, 0.4],
      [0.4, 0.42],
    ]);
    await expect.poll(() => serverPens(copyId), { timeout: 20_000 }).toBe(2);
    expect(sockets).toHaveLength(2); // the reconnection opened its own
    await page.close();
    expect(errors).toEqual([]);
  });
});
