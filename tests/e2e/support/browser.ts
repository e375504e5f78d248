// Chromium for end-to-end tests: Debian's build driven by playwright-core (no downloaded browsers).
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

/** The browser teachers run: Debian's Chromium, whose headless mode is the whole browser. The benchmarks measure in it, and one desk file checks the desk in it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/**
 * The browser the tests drive: Debian's headless shell of the same build (package chromium-headless-shell,
 * the same Blink and V8 without the browser around them). The end-to-end files use a third less CPU in it,
 * on a suite that is CPU-bound (docs/decisions.md « The tests drive Chromium's headless shell »).
 */
export const CHROMIUM_SHELL_PATH = process.env.CHROMIUM_SHELL_PATH ?? "/usr/bin/chromium-headless-shell";
export const SCREENSHOT_DIR = path.resolve("test-results/screenshots");

// Without the background-networking flags Chromium keeps dialing out of this closed network.
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const DESKTOP = { width: 1366, height: 768 } as const;

/** Every page action and locator wait (click, fill, waitFor…) of a test context, and every navigation (goto, waitForURL): limits for a 2-core machine at load average 20, stated here once. */
export const ACTION_TIMEOUT_MS = 30_000;
export const NAVIGATION_TIMEOUT_MS = 60_000;
export const TABLET = { width: 768, height: 1024 } as const;

/** "shell": the tests' browser (the whole browser when the shell is not installed); "full": the browser teachers run. */
export type BrowserKind = "shell" | "full";

let warnedNoShell = false;

function executable(kind: BrowserKind): string {
  if (kind === "shell" && fs.existsSync(CHROMIUM_SHELL_PATH)) return CHROMIUM_SHELL_PATH;
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  if (kind === "shell" && !warnedNoShell) {
    warnedNoShell = true;
    console.warn(`${CHROMIUM_SHELL_PATH} not found: the browser tests run in ${CHROMIUM_PATH}, slower (apt-get install -y chromium-headless-shell)`);
  }
  return CHROMIUM_PATH;
}

export async function launchChromium(kind: BrowserKind = "shell"): Promise<Browser> {
  return chromium.launch({ executablePath: executable(kind), args: ARGS, headless: true });
}

/**
 * A browser with a profile on disk, as a teacher's Chrome has: unlike a context of launchChromium()
 * (off the record), it keeps V8's code cache of the scripts it ran, so a page's second visit compiles
 * nothing. Closing it removes the profile.
 */
export async function launchProfile(options: Parameters<typeof chromium.launchPersistentContext>[1] = {}): Promise<BrowserContext> {
  // "": a profile in a temporary directory of Playwright's, removed when the browser closes
  return chromium.launchPersistentContext("", { ...options, executablePath: executable("full"), args: ARGS, headless: true });
}

/** Console errors and uncaught exceptions of a page: CSP violations show up here. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => {
    // A 401 from /api/me on a first visit is expected; Chromium logs every failed fetch.
    if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource")) errors.push(msg.text());
  });
  return errors;
}

export async function newPage(
  browser: Browser,
  baseURL: string,
  viewport: { width: number; height: number } = DESKTOP,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ baseURL, viewport, locale: "fr-FR" });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
  const page = await context.newPage();
  return { context, page, errors: collectPageErrors(page) };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
