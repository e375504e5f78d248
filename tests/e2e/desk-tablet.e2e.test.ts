// The desk on an iPad, as a teacher holds it: the pen writes, a finger scrolls the page and two
// fingers pinch-zoom it — the interface itself never zooms; "Dessiner au doigt" lets a finger write
// on a tablet without a pen; the page label follows "Page suivante"; every control is at least
// 44 px under a finger; in portrait the scale is a drawer and the page gets the width. Each test
// builds its own exam (split by the worker) dispatched to Bernard, and opens it on its own tablet.
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../server/seed/demo-seed.ts";
import { startAppServer, type AppServer } from "./support/app-server.ts";
import { DESKTOP, launchChromium, screenshot } from "./support/browser.ts";
import { drawnKinds, inkBox, saveStatusText, waitForDesk, waitForPageImages } from "./support/desk.ts";
import { api, examWithCopies, signedInPage } from "./support/exam-setup.ts";
import { fingers, IPAD_LANDSCAPE, IPAD_PORTRAIT, penStroke, pinch, tabletPage } from "./support/touch.ts";

const admin = DEMO_ACCOUNTS.find((a) => a.role === "ADMIN")!;
const bernard = DEMO_ACCOUNTS.find((a) => a.username === "prof.bernard")!;
const EXERCISES = [
  { label: "Exercice 1", maxPoints: 6 },
  { label: "Exercice 2", maxPoints: 8 },
  { label: "Exercice 3", maxPoints: 6 },
];
const DESK = `document.querySelector('ko-app').shadowRoot.querySelector('ko-desk')`;
/** Every wait is on a state the user would see, never a sleep; the limit is for a 2-core machine at load average 40+. */
const POLL_MS = 45_000;

let browser: Browser;
let app: AppServer;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  app = await startAppServer({ worker: true, maintenance: false, staffReady: true });
}, 600_000);
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => {});
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** A new exam of 2-page copies dispatched to Bernard; returns his first copy. */
async function bernardsCopy(title: string): Promise<string> {
  const office = await signedInPage(browser, app.url, admin, DESKTOP);
  contexts.push(office.context);
  const examId = await examWithCopies(office.context, app.url, { title, exercises: EXERCISES, pages: 4, pagesPerCopy: 2, validate: true });
  const b = await app.tdb.db.user.findUniqueOrThrow({ where: { username: bernard.username } });
  await (await api(office.context, app.url)).post(`/api/exams/${examId}/dispatch`, {
    mode: "copies",
    graderIds: [b.id],
    redispatch: false,
    includeStarted: false,
  });
  const copy = await app.tdb.db.copy.findFirstOrThrow({ where: { examId }, orderBy: { seq: "asc" } });
  await waitForPageImages(app.tdb.db, [copy.id]);
  return copy.id;
}

/** How many pixels of an early page's canvas the pen has inked. */
function inkedPixels(canvas: Locator): Promise<number> {
  return canvas.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
    return n;
  });
}

const earlyStrokesKept = (page: Page) =>
  page.evaluate(
    "Object.keys(localStorage).filter((k) => k.startsWith('korrigo.desk.early.')).map((k) => JSON.parse(localStorage.getItem(k)).length).reduce((a, b) => a + b, 0)",
  );

/** Holds back the page's requests for the scripts matching `pattern` until the returned function is called. */
async function holdBack(page: Page, pattern: RegExp): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route(pattern, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/**
 * Bernard's iPad on a new copy of his, with the app's boot held back until `release()`: what he has is
 * the page the server sent and the entry's early pages, with their pen (`at`: a point of the first
 * page's canvas, in fractions of its box).
 */
async function earlyPages(title: string) {
  const copyId = await bernardsCopy(title);
  const t = await tabletPage(browser, app.url, bernard, IPAD_LANDSCAPE);
  contexts.push(t.context);
  const release = await holdBack(t.page, /\/assets\/app-boot-[\w-]+\.js$/);
  await t.page.goto(`/copies/${copyId}`);
  const canvas = t.page.locator("#ko-early-desk[data-pen] .ko-early-page canvas").first();
  await canvas.waitFor({ timeout: POLL_MS });
  const box = (await canvas.boundingBox())!;
  const at = (x: number, y: number): [number, number] => [box.x + box.width * x, box.y + box.height * y];
  return { ...t, release, canvas, box, at };
}

async function openOnTablet(copyId: string, viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const t = await tabletPage(browser, app.url, bernard, viewport);
  contexts.push(t.context);
  await t.page.goto(`/copies/${copyId}`);
  await waitForDesk(t.page, 180_000);
  return t;
}

interface View {
  scrollTop: number;
  scrollLeft: number;
  zoom: string;
  uiScale: number;
  pageLabel: string;
}
const view = (page: Page): Promise<View> =>
  page.evaluate(`(() => {
    const desk = ${DESK};
    const pages = desk.shadowRoot.querySelector('.pages');
    const bar = desk.shadowRoot.querySelector('ko-toolbar').shadowRoot;
    return {
      scrollTop: pages.scrollTop,
      scrollLeft: pages.scrollLeft,
      zoom: bar.querySelector('.zoom').textContent.trim(),
      uiScale: window.visualViewport.scale,
      pageLabel: bar.querySelector('.page-label').textContent.trim(),
    };
  })()`) as Promise<View>;

/** Annotation kinds drawn on any page, from the fabric layers themselves. */
const ink = (page: Page): Promise<string[]> =>
  page.evaluate(
    `[...${DESK}.shadowRoot.querySelectorAll('ko-page-view')].flatMap((v) => (v.layer?.canvas.getObjects() ?? []).filter((o) => o.annotationId).map((o) => o.annotationKind)).sort()`,
  ) as Promise<string[]>;

/** A point of the pages' area (the scroller) in screen pixels, from fractions of its box. */
async function inPages(page: Page, x: number, y: number): Promise<[number, number]> {
  const b = (await page.evaluate(
    `(() => { const r = ${DESK}.shadowRoot.querySelector('.pages').getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; })()`,
  )) as { x: number; y: number; width: number; height: number };
  return [b.x + x * b.width, b.y + y * b.height];
}

/** Waits until the pages' scroller stops moving (a fling after a swipe goes on for a while). */
async function scrollSettled(page: Page): Promise<void> {
  let last = "";
  await expect
    .poll(
      async () => {
        const v = await view(page);
        const now = `${v.scrollTop},${v.scrollLeft}`;
        const same = now === last;
        last = now;
        return same;
      },
      { timeout: POLL_MS, interval: 250 },
    )
    .toBe(true);
}

/** Scrolls back to the top and waits until page 1's annotation layer keeps the same box (zoom settled). */
async function topOfFirstPage(page: Page): Promise<void> {
  await page.evaluate(`${DESK}.shadowRoot.querySelector('.pages').scrollTo({ top: 0, left: 0 })`);
  let last = "";
  await expect
    .poll(
      async () => {
        const now = JSON.stringify(await inkBox(page, 0));
        const same = now === last;
        last = now;
        return same && (await view(page)).scrollTop === 0;
      },
      { timeout: POLL_MS, interval: 250 },
    )
    .toBe(true);
}

/** A point of page `index` in screen pixels, from normalized page coordinates. */
async function onPage(page: Page, x: number, y: number, index = 0): Promise<[number, number]> {
  const b = await inkBox(page, index);
  return [b.x + x * b.width, b.y + y * b.height];
}

/** Every visible control on screen (through the shadow roots) whose box under a finger is under 44 px. */
const smallControls = (page: Page): Promise<string[]> =>
  page.evaluate(`(() => {
    const all = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.matches('button, a[href], input:not([type=hidden]), select, textarea, [role=button], summary')) all.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    const small = [];
    for (const el of all) {
      const target = el.matches('input[type=checkbox], input[type=radio]') ? el.closest('label') ?? el : el;
      const r = target.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width < 2 || r.height < 2 || style.visibility === 'hidden' || el.closest('dialog:not([open])')) continue;
      if (r.bottom <= 0 || r.right <= 0 || r.top >= innerHeight || r.left >= innerWidth) continue;
      if (r.width < 43.5 || r.height < 43.5) small.push((el.getAttribute('aria-label') || el.title || el.textContent.trim() || el.tagName) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height));
    }
    return small;
  })()`) as Promise<string[]>;

describe("the desk on a tablet", () => {
  it("the pen writes, a finger scrolls and pinch-zooms the page, the interface never zooms; 'Dessiner au doigt' lets a finger write", async () => {
    const copyId = await bernardsCopy("Tablette — stylo et doigt");
    const { page, errors } = await openOnTablet(copyId, IPAD_LANDSCAPE);
    await screenshot(page, "desk-tablet-01-landscape");

    // a finger swiped up the page scrolls it and leaves no ink, even along the page's edges
    const before = await view(page);
    await fingers(page, [await inPages(page, 0.5, 0.8)], [await inPages(page, 0.5, 0.3)]);
    await expect.poll(async () => (await view(page)).scrollTop, { timeout: POLL_MS }).toBeGreaterThan(before.scrollTop + 50);
    const [edgeX] = await onPage(page, 0.01, 0.5);
    const [, edgeY] = await inPages(page, 0, 0.8);
    await fingers(page, [[edgeX, edgeY]], [[edgeX, edgeY - 200]]);
    expect(await ink(page)).toEqual([]);

    // two fingers spread on the page zoom the page, not the interface
    const center = await inPages(page, 0.5, 0.5);
    await pinch(page, center, 120, 240);
    await expect.poll(async () => parseInt((await view(page)).zoom), { timeout: POLL_MS }).toBeGreaterThan(140);
    expect((await view(page)).uiScale).toBe(1);
    // zoomed, the page is wider than the screen: a finger pans it sideways
    const zoomed = await view(page);
    await fingers(page, [await inPages(page, 0.7, 0.5)], [await inPages(page, 0.3, 0.5)]);
    await expect.poll(async () => (await view(page)).scrollLeft, { timeout: POLL_MS }).toBeGreaterThan(zoomed.scrollLeft + 50);
    expect(await ink(page)).toEqual([]);

    // a pinch on the toolbar does not zoom the interface either
    const bar = await page.getByRole("toolbar").boundingBox();
    await pinch(page, [bar!.x + bar!.width / 2, bar!.y + bar!.height / 2], 80, 300);
    expect((await view(page)).uiScale).toBe(1);

    // the pen writes
    await page.getByRole("button", { name: "Ajuster à la largeur" }).tap();
    await expect.poll(async () => (await view(page)).zoom, { timeout: POLL_MS }).toBe("100 %");
    // on page 1, once its layer has the new size (the earlier swipes left the scroller anywhere: a
    // point of the scroller could fall between two pages, where no pen writes)
    await topOfFirstPage(page);
    await penStroke(page, [await onPage(page, 0.3, 0.3), await onPage(page, 0.5, 0.35), await onPage(page, 0.6, 0.3)]);
    await expect.poll(() => ink(page), { timeout: POLL_MS }).toEqual(["pen"]);
    // and after the pen, a finger still scrolls and still does not write
    const afterPen = await view(page);
    await fingers(page, [await inPages(page, 0.5, 0.8)], [await inPages(page, 0.5, 0.3)]);
    await expect.poll(async () => Math.abs((await view(page)).scrollTop - afterPen.scrollTop), { timeout: POLL_MS }).toBeGreaterThan(50);
    expect(await ink(page)).toEqual(["pen"]);

    // "Dessiner au doigt": now a finger writes, and the page stays put under it
    const fingerSwitch = page.getByRole("button", { name: "Dessiner au doigt" });
    expect(await fingerSwitch.getAttribute("aria-pressed")).toBe("false");
    // a tap while the page still glides after the swipe only stops the glide (as on a real tablet)
    await scrollSettled(page);
    await fingerSwitch.tap();
    await expect.poll(() => fingerSwitch.getAttribute("aria-pressed"), { timeout: POLL_MS }).toBe("true");
    await topOfFirstPage(page);
    const still = await view(page);
    await fingers(page, [await onPage(page, 0.3, 0.5)], [await onPage(page, 0.6, 0.45)]);
    await expect.poll(() => ink(page), { timeout: POLL_MS }).toEqual(["pen", "pen"]);
    expect((await view(page)).scrollTop).toBe(still.scrollTop);
    await screenshot(page, "desk-tablet-02-after-pen-and-finger");
    expect(errors).toEqual([]);
  }, 900_000);

  it("'Page suivante' moves the label to page 2 and enables 'Page précédente' (iPad landscape)", async () => {
    const copyId = await bernardsCopy("Tablette — étiquette de page");
    const { page } = await openOnTablet(copyId, IPAD_LANDSCAPE);
    expect((await view(page)).pageLabel).toBe("Page 1 / 2");
    const previous = page.getByRole("button", { name: "Page précédente" });
    expect(await previous.isDisabled()).toBe(true);
    await page.getByRole("button", { name: "Page suivante" }).tap();
    await expect.poll(async () => (await view(page)).pageLabel, { timeout: POLL_MS }).toBe("Page 2 / 2");
    await expect.poll(() => previous.isDisabled(), { timeout: POLL_MS }).toBe(false);
    await expect.poll(() => page.getByRole("button", { name: "Page suivante" }).isDisabled(), { timeout: POLL_MS }).toBe(true);
    await previous.tap();
    await expect.poll(async () => (await view(page)).pageLabel, { timeout: POLL_MS }).toBe("Page 1 / 2");
    // a finger scrolling down to page 2 moves the label too
    for (let i = 0; i < 3; i++) await fingers(page, [await inPages(page, 0.5, 0.9)], [await inPages(page, 0.5, 0.1)]);
    await expect.poll(async () => (await view(page)).pageLabel, { timeout: POLL_MS }).toBe("Page 2 / 2");
    // page 2 has its annotation layer (a page off screen at the start makes it once the desk is interactive)
    const secondHasLayer = () =>
      inkBox(page, 1).then(
        () => true,
        () => false,
      );
    await expect.poll(secondHasLayer, { timeout: POLL_MS }).toBe(true);
  }, 600_000);

  it("every control is at least 44 px under a finger, the toolbars are one row each, and the tapped tool stays legible (iPad landscape)", async () => {
    const copyId = await bernardsCopy("Tablette — cibles tactiles");
    const { page, errors } = await openOnTablet(copyId, IPAD_LANDSCAPE);
    await page.getByRole("button", { name: "Surligneur" }).tap();
    await screenshot(page, "desk-tablet-03-touch-targets-landscape");
    expect(await smallControls(page)).toEqual([]);
    // the colours open from one button, 44 px each too
    await page.getByRole("button", { name: "Couleurs" }).tap();
    await page.getByRole("button", { name: "Bleu" }).waitFor({ timeout: POLL_MS });
    expect(await smallControls(page)).toEqual([]);
    await page.getByRole("button", { name: "Bleu" }).tap();
    await expect.poll(() => page.getByRole("button", { name: "Bleu" }).isVisible(), { timeout: POLL_MS }).toBe(false);
    // one row of toolbar: no taller than its buttons and their padding
    const bar = await page.getByRole("toolbar").boundingBox();
    expect(bar!.height).toBeLessThan(60);
    // the pressed tool: white icon on the primary colour, never on a pale hover
    const pressed = await page.evaluate(`(() => {
      const b = ${DESK}.shadowRoot.querySelector('ko-toolbar').shadowRoot.querySelector('.tool[aria-pressed=true]');
      const s = getComputedStyle(b);
      return { color: s.color, background: s.backgroundColor };
    })()`);
    expect(pressed).toEqual({ color: "rgb(255, 255, 255)", background: expect.not.stringMatching(/^rgba?\((2[0-9]{2}), (2[0-9]{2}), (2[0-9]{2})/) });
    // a score holding a value is selected when tapped: typing replaces it
    const score = page.getByLabel(/^Note de la question Exercice 1,/);
    await score.tap();
    await score.fill("4,5");
    await score.press("Tab");
    await expect.poll(() => score.inputValue(), { timeout: POLL_MS }).toBe("4,5");
    await score.tap();
    await page.keyboard.type("1,5");
    await expect.poll(() => score.inputValue(), { timeout: POLL_MS }).toBe("1,5");
    expect(errors).toEqual([]);
  }, 600_000);

  it("in portrait the page takes the width, the scale opens as a drawer, and everything stays 44 px", async () => {
    const copyId = await bernardsCopy("Tablette — portrait");
    const { page, errors } = await openOnTablet(copyId, IPAD_PORTRAIT);
    const pageWidth = async () => (await inkBox(page, 0)).width;
    await expect.poll(pageWidth, { timeout: POLL_MS }).toBeGreaterThan(IPAD_PORTRAIT.width - 60);
    const drawer = page.getByRole("complementary", { name: "Barème et commentaires" });
    expect(await drawer.isVisible()).toBe(false);
    const toggle = page.getByRole("button", { name: "Barème et commentaires" });
    expect(await toggle.getAttribute("aria-expanded")).toBe("false");
    // the toolbars: two rows of about 52 px above the page, not four
    const first = await inkBox(page, 0);
    expect(first.y).toBeLessThan(260);
    await screenshot(page, "desk-tablet-04-portrait");
    expect(await smallControls(page)).toEqual([]);

    await toggle.tap();
    await expect.poll(() => drawer.isVisible(), { timeout: POLL_MS }).toBe(true);
    await expect.poll(() => toggle.getAttribute("aria-expanded"), { timeout: POLL_MS }).toBe("true");
    const score = page.getByLabel(/^Note de la question Exercice 2,/);
    await score.tap();
    await page.keyboard.type("6");
    await score.press("Enter");
    await page.getByText(/Total\s*6\s*\/\s*20/).waitFor({ timeout: POLL_MS });
    await screenshot(page, "desk-tablet-05-portrait-drawer");
    expect(await smallControls(page)).toEqual([]);
    // the page keeps its width under the drawer, which closes again
    expect(await pageWidth()).toBeGreaterThan(IPAD_PORTRAIT.width - 60);
    await toggle.tap();
    await expect.poll(() => drawer.isVisible(), { timeout: POLL_MS }).toBe(false);
    expect(errors).toEqual([]);
  }, 600_000);

  it("before the app has booted, the copy's pages are there: the pen writes on them, a finger scrolls them, and the desk saves what was written", async () => {
    const { page, errors, release, canvas, box, at } = await earlyPages("Contrôle — avant l’application");
    try {
      // a finger swipe scrolls the pages and writes nothing
      const early = `document.getElementById('ko-early-desk')`;
      await fingers(page, [[box.x + box.width * 0.5, box.y + 500]], [[box.x + box.width * 0.5, box.y + 300]]);
      await expect.poll(() => page.evaluate(`${early}.scrollTop`), { timeout: POLL_MS }).toBeGreaterThan(50);
      // the swipe's scroll (and its fling) over before the pen lands: the browser cancels a pointer
      // that comes down while it is still scrolling, and a cancelled stroke is not kept (on a loaded
      // machine the fling outlasted the poll above, and the stroke was cancelled)
      const scrollSettled = () =>
        page.evaluate(
          `new Promise((resolve) => { const el = ${early}; let t = setTimeout(resolve, 400); el.addEventListener('scroll', () => { clearTimeout(t); t = setTimeout(resolve, 400); }); })`,
        );
      await scrollSettled();
      await page.evaluate(`${early}.scrollTop = 0`);
      await scrollSettled();
      expect(await page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('korrigo.desk.early.'))")).toEqual([]);
      // the pen writes: on the page at once, kept on the tablet before anything could send it
      await penStroke(page, [at(0.2, 0.5), at(0.35, 0.52), at(0.5, 0.5), at(0.65, 0.53)]);
      await expect.poll(() => earlyStrokesKept(page), { timeout: POLL_MS }).toBe(1);
      expect(await inkedPixels(canvas)).toBeGreaterThan(100);
      expect(await page.evaluate(`!!document.querySelector('ko-app')?.shadowRoot?.querySelector('ko-desk')?.hasAttribute('data-ready')`)).toBe(false);
      await screenshot(page, "desk-tablet-06-early-pen");
    } finally {
      release();
    }
    // the app boots: the desk takes the pages over and the stroke is the grader's annotation, saved
    await waitForDesk(page, 180_000);
    expect(await page.locator("#ko-early-desk").count()).toBe(0);
    await expect.poll(() => drawnKinds(page, 0), { timeout: POLL_MS }).toEqual(["pen"]);
    await expect.poll(() => saveStatusText(page), { timeout: POLL_MS }).toMatch(/Enregistré/);
    expect(await page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('korrigo.desk.early.'))")).toEqual([]);
    await page.unroute(/\/assets\/app-boot-[\w-]+\.js$/);
    // stored by the server: a fresh page shows it
    await page.reload();
    await waitForDesk(page, 180_000);
    await expect.poll(() => drawnKinds(page, 0), { timeout: POLL_MS }).toEqual(["pen"]);
    expect(errors).toEqual([]);
  }, 600_000);

  it("a stroke the browser cancels on the early pages goes, as on the desk, and the strokes written before it stay on the page", async () => {
    const { page, errors, release, canvas, at } = await earlyPages("Contrôle — trait annulé");
    try {
      await page.evaluate("document.addEventListener('pointerdown', (e) => (window.lastPointerId = e.pointerId), true)");
      await penStroke(page, [at(0.2, 0.3), at(0.4, 0.32), at(0.6, 0.3)]);
      await expect.poll(() => earlyStrokesKept(page), { timeout: POLL_MS }).toBe(1);
      // a second stroke, and the browser takes the pen's pointer half-way (a palm on the screen)
      await penStroke(page, [at(0.2, 0.45), at(0.4, 0.47)], { lift: false }); // within the iPad's screen, as the first
      const both = await inkedPixels(canvas);
      await canvas.evaluate((c: HTMLCanvasElement) =>
        c.dispatchEvent(
          new PointerEvent("pointercancel", { pointerId: (window as unknown as { lastPointerId: number }).lastPointerId, pointerType: "pen", bubbles: true }),
        ),
      );
      const after = await inkedPixels(canvas);
      expect(after).toBeGreaterThan(100); // the first stroke still on the page
      expect(after).toBeLessThan(both); // the cancelled one gone
      expect(await earlyStrokesKept(page)).toBe(1);
    } finally {
      release();
    }
    await waitForDesk(page, 180_000);
    await expect.poll(() => drawnKinds(page, 0), { timeout: POLL_MS }).toEqual(["pen"]);
    await expect.poll(() => saveStatusText(page), { timeout: POLL_MS }).toMatch(/Enregistré/);
    expect(errors).toEqual([]);
  }, 600_000);

  it("a stroke written before the app booted on a copy someone else took meanwhile is kept on the tablet, said, and sent once the copy is free", async () => {
    const copyId = await bernardsCopy("Contrôle — prise entre-temps");
    const t = await tabletPage(browser, app.url, bernard, IPAD_LANDSCAPE);
    contexts.push(t.context);
    const { page, errors } = t;
    // the app's boot and the copy's early session (its join, which takes the lock) held back
    const boot = /\/assets\/(app-boot|early-session)-[\w-]+\.js$/;
    const release = await holdBack(page, boot);
    const early = () => page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('korrigo.desk.early.')).length");
    try {
      await page.goto(`/copies/${copyId}`);
      const canvas = page.locator("#ko-early-desk[data-pen] .ko-early-page canvas").first();
      await canvas.waitFor({ timeout: POLL_MS });
      const box = (await canvas.boundingBox())!;
      const at = (x: number, y: number): [number, number] => [box.x + box.width * x, box.y + box.height * y];
      await penStroke(page, [at(0.2, 0.5), at(0.4, 0.52), at(0.6, 0.5)]);
      expect(await early()).toBe(1);
      // meanwhile the direction holds the copy (its lock, as a takeover leaves it)
      const direction = await app.tdb.db.user.findUniqueOrThrow({ where: { username: "direction" } });
      await app.tdb.db.copyLock.create({
        data: { copyId, holderId: direction.id, sessionId: "other", nodeId: "other", expiresAt: new Date(Date.now() + 600_000) },
      });
    } finally {
      release();
    }
    await waitForDesk(page, 180_000);
    await page.getByText(/Un trait écrit pendant l’ouverture de la copie est gardé sur cet appareil/).waitFor({ timeout: POLL_MS });
    expect(await drawnKinds(page, 0)).toEqual([]);
    expect(await early()).toBe(1);
    await screenshot(page, "desk-tablet-07-early-stroke-kept");
    // the copy is free again: the next opening sends it
    await app.tdb.db.copyLock.delete({ where: { copyId } });
    await page.unroute(boot);
    await page.reload();
    await waitForDesk(page, 180_000);
    await expect.poll(() => drawnKinds(page, 0), { timeout: POLL_MS }).toEqual(["pen"]);
    await expect.poll(() => saveStatusText(page), { timeout: POLL_MS }).toMatch(/Enregistré/);
    expect(await early()).toBe(0);
    expect(errors).toEqual([]);
  }, 600_000);
});
