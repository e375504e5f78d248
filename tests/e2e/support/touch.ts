// A tablet in Chromium: an iPad-sized touch screen (Playwright's hasTouch + isMobile), fingers as
// real touch sequences through the DevTools protocol (the browser's own scrolling and touch-action
// apply to them), and a pen as pointer events of type "pen".
import type { Browser, CDPSession, Page } from "playwright-core";
import { ACTION_TIMEOUT_MS, collectPageErrors, NAVIGATION_TIMEOUT_MS } from "./browser.ts";
import type { SignedInPage } from "./exam-setup.ts";

export const IPAD_LANDSCAPE = { width: 1024, height: 768 } as const;
export const IPAD_PORTRAIT = { width: 820, height: 1180 } as const;

type Point = [number, number];

/** A fresh tablet context signed in through the API. */
export async function tabletPage(
  browser: Browser,
  baseUrl: string,
  account: { username: string; password: string },
  viewport: { width: number; height: number },
): Promise<SignedInPage> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport, locale: "fr-FR", hasTouch: true, isMobile: true, deviceScaleFactor: 1 });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
  const page = await context.newPage();
  const r = await context.request.post(`${baseUrl}/api/auth/login`, {
    data: { username: account.username, password: account.password },
    headers: { origin: baseUrl },
  });
  if (r.status() !== 200) throw new Error(`sign-in of ${account.username} failed: ${r.status()} ${await r.text()}`);
  return { context, page, errors: collectPageErrors(page) };
}

const sessions = new WeakMap<Page, CDPSession>();
async function cdp(page: Page): Promise<CDPSession> {
  let s = sessions.get(page);
  if (!s) sessions.set(page, (s = await page.context().newCDPSession(page)));
  return s;
}

const lerp = (a: Point, b: Point, f: number): Point => [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];

/** Fingers moving together from `from[i]` to `to[i]` (one finger: a swipe; two: a pinch). */
export async function fingers(page: Page, from: Point[], to: Point[], steps = 12): Promise<void> {
  const s = await cdp(page);
  const points = (f: number) => from.map((p, i) => ({ x: lerp(p, to[i]!, f)[0], y: lerp(p, to[i]!, f)[1], id: i, radiusX: 8, radiusY: 8, force: 1 }));
  await s.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: points(0) });
  for (let i = 1; i <= steps; i++) await s.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: points(i / steps) });
  await s.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
}

/** Two fingers around `center`, spreading from `fromGap` to `toGap` pixels apart. */
export async function pinch(page: Page, center: Point, fromGap: number, toGap: number): Promise<void> {
  const [x, y] = center;
  await fingers(
    page,
    [
      [x - fromGap / 2, y],
      [x + fromGap / 2, y],
    ],
    [
      [x - toGap / 2, y],
      [x + toGap / 2, y],
    ],
    16,
  );
}

/** A pen stroke through screen points, with pressure (`lift: false`: the pen stays down at the last point). */
export async function penStroke(page: Page, points: Point[], { lift = true } = {}): Promise<void> {
  const s = await cdp(page);
  const at = ([x, y]: Point) => ({ x, y, pointerType: "pen" as const, force: 0.6 });
  await s.send("Input.dispatchMouseEvent", { type: "mouseMoved", ...at(points[0]!) });
  await s.send("Input.dispatchMouseEvent", { type: "mousePressed", button: "left", buttons: 1, clickCount: 1, ...at(points[0]!) });
  for (let i = 1; i < points.length; i++) {
    for (let k = 1; k <= 4; k++)
      await s.send("Input.dispatchMouseEvent", { type: "mouseMoved", button: "left", buttons: 1, ...at(lerp(points[i - 1]!, points[i]!, k / 4)) });
  }
  if (lift) await s.send("Input.dispatchMouseEvent", { type: "mouseReleased", button: "left", buttons: 0, clickCount: 1, ...at(points[points.length - 1]!) });
}
