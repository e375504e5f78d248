// Reaching into the grader desk from Playwright: its shadow roots, the fabric objects of a page,
// pointer gestures on a page's annotation layer.
import type { Page } from "playwright-core";

/** Runs in the page: the ko-desk element (ko-app's shadow root holds it). */
const DESK = `document.querySelector('ko-app')?.shadowRoot?.querySelector('ko-desk')`;

/** Polls an expression in the page (waitForFunction would need 'unsafe-eval', which our CSP forbids). */
export async function waitInPage(page: Page, expression: string, timeout = 60_000, what = expression): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function waitForDesk(page: Page, timeout = 60_000): Promise<void> {
  await waitInPage(page, `!!(${DESK})?.hasAttribute('data-ready')`, timeout, "an interactive desk");
}

/** Annotation kinds drawn on page `index` (0-based), from the fabric layer itself. */
export async function drawnKinds(page: Page, index = 0): Promise<string[]> {
  return page.evaluate(`(() => {
    const view = (${DESK})?.shadowRoot?.querySelector('ko-page-view[data-index="${index}"]');
    const objects = view?.layer?.canvas.getObjects() ?? [];
    return objects.filter((o) => o.annotationId).map((o) => o.annotationKind).sort();
  })()`);
}

/** The text each question mark on page `index` shows, from the fabric layer itself. */
export async function markTexts(page: Page, index = 0): Promise<string[]> {
  return page.evaluate(`(() => {
    const view = (${DESK})?.shadowRoot?.querySelector('ko-page-view[data-index="${index}"]');
    const objects = view?.layer?.canvas.getObjects() ?? [];
    return objects.filter((o) => o.annotationKind === 'mark').map((o) => o.text);
  })()`);
}

/** The screen box of page `index`'s annotation layer. */
export async function inkBox(page: Page, index = 0): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await page.evaluate(`(() => {
    const view = (${DESK})?.shadowRoot?.querySelector('ko-page-view[data-index="${index}"]');
    const el = view?.layer?.canvas.upperCanvasEl;
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  })()`);
  if (!box) throw new Error(`page ${index} has no annotation layer`);
  return box as { x: number; y: number; width: number; height: number };
}

/** A stroke through normalized page points [[x, y], …] with the mouse. */
export async function drawStroke(page: Page, points: Array<[number, number]>, index = 0): Promise<void> {
  const b = await inkBox(page, index);
  const at = ([x, y]: [number, number]) => onScreen(page, b.x + x * b.width, b.y + y * b.height);
  await page.mouse.move(...at(points[0]!));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 4 });
  await page.mouse.up();
}

export async function clickOnPage(page: Page, x: number, y: number, index = 0): Promise<void> {
  const b = await inkBox(page, index);
  await page.mouse.click(...onScreen(page, b.x + x * b.width, b.y + y * b.height));
}

/** A pointer outside the viewport reaches nothing: fail loudly instead. */
function onScreen(page: Page, x: number, y: number): [number, number] {
  const v = page.viewportSize();
  if (v && (x < 0 || y < 0 || x > v.width || y > v.height)) throw new Error(`(${Math.round(x)}, ${Math.round(y)}) is off screen`);
  return [x, y];
}

/** The save status as the user reads it. */
export async function saveStatusText(page: Page): Promise<string> {
  return page.evaluate(`((${DESK})?.shadowRoot?.querySelector('ko-save-status')?.shadowRoot?.textContent ?? '').replace(/\\s+/g, ' ').trim()`);
}

/**
 * Waits until the worker has made the reading image of every page of these copies (or given up
 * on one): the state a desk paints from. On a loaded machine the first rasterizations of a fresh
 * server are the slow part of opening a desk; waiting on them here keeps waitForDesk's limit for
 * the browser's own work.
 */
export async function waitForPageImages(db: { page: { count(args: unknown): Promise<number> } }, copyIds: string[], timeout = 600_000): Promise<void> {
  const end = Date.now() + timeout;
  const where = { copyId: { in: copyIds }, imageError: null, images: { none: { variant: "read" } } };
  while ((await db.page.count({ where })) > 0) {
    if (Date.now() > end) throw new Error(`timed out waiting for the page images of ${copyIds.length} copies`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
