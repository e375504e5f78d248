// Browser contexts with a profile on disk, reused by the tests of one file, each test starting
// signed out with empty storage.
//
// An off-the-record context (browser.newContext()) keeps no V8 code cache: every page of every
// test parses and compiles the app's scripts again (~1 s of a renderer's CPU per desk on a 2-core
// machine). A context with a profile on disk keeps it, as a teacher's Chrome does. Chromium gives
// such a context a browser process of its own, so the pool keeps a few of them per file (as many
// as a test has users at once) and hands them out again once a test closed them: what a test
// sees of the previous one is only the HTTP cache of the app's immutable assets and their
// compiled code. Cookies, storage (local, session, IndexedDB, service workers, caches), pages,
// permissions, routes and the offline switch are reset when a test closes its context.
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

/** What a profile keeps between tests is its HTTP cache and V8's code cache: everything else is cleared. */
const CLEARED_STORAGE = [
  "cookies",
  "file_systems",
  "indexeddb",
  "local_storage",
  "websql",
  "service_workers",
  "cache_storage",
  "shared_storage",
  "storage_buckets",
].join(",");

interface Profile {
  context: BrowserContext;
  baseURL: string;
  busy: boolean;
  /** origins its pages visited since it was handed out */
  origins: Set<string>;
  closeForGood: () => Promise<void>;
}

export interface ProfileLaunch {
  executablePath: string;
  args: string[];
  locale: string;
  actionTimeoutMs: number;
  navigationTimeoutMs: number;
}

class ProfilePool {
  readonly #profiles: Profile[] = [];
  #closed = false;

  constructor(readonly launch: ProfileLaunch) {}

  async acquire(baseURL: string, viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
    if (this.#closed) throw new Error("the browser of this profile pool was closed");
    let profile = this.#profiles.find((p) => !p.busy && p.baseURL === baseURL);
    if (profile) profile.busy = true;
    else profile = await this.#launch(baseURL);
    const page = profile.context.pages()[0] ?? (await profile.context.newPage());
    await page.setViewportSize(viewport);
    return { context: profile.context, page };
  }

  async #launch(baseURL: string): Promise<Profile> {
    const { executablePath, args, locale } = this.launch;
    // "": a profile in a temporary directory of Playwright's, removed when the context closes
    const context = await chromium.launchPersistentContext("", { executablePath, args, headless: true, baseURL, locale });
    context.setDefaultTimeout(this.launch.actionTimeoutMs);
    context.setDefaultNavigationTimeout(this.launch.navigationTimeoutMs);
    const closeForGood = context.close.bind(context);
    const profile: Profile = { context, baseURL, busy: true, origins: new Set([new URL(baseURL).origin]), closeForGood };
    const track = (page: Page) =>
      page.on("framenavigated", (frame) => {
        const origin = safeOrigin(frame.url());
        if (origin) profile.origins.add(origin);
      });
    context.pages().forEach(track);
    context.on("page", track);
    // a test's close() hands the profile back, reset, instead of closing its browser
    context.close = async () => {
      if (!profile.busy) return;
      await this.#reset(profile);
      profile.busy = false;
    };
    this.#profiles.push(profile);
    return profile;
  }

  async #reset(profile: Profile): Promise<void> {
    const { context } = profile;
    try {
      const blank = await context.newPage(); // the next test's page, and the one the storage is cleared through
      for (const p of context.pages()) if (p !== blank) await p.close();
      await context.unrouteAll({ behavior: "ignoreErrors" });
      await context.setOffline(false);
      await context.clearPermissions();
      await context.clearCookies();
      const cdp = await context.newCDPSession(blank);
      for (const origin of profile.origins) await cdp.send("Storage.clearDataForOrigin", { origin, storageTypes: CLEARED_STORAGE });
      await cdp.detach();
      profile.origins = new Set([new URL(profile.baseURL).origin]);
    } catch {
      // a profile that cannot be reset is not handed out again
      this.#profiles.splice(this.#profiles.indexOf(profile), 1);
      await profile.closeForGood().catch(() => {});
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#profiles.splice(0).map((p) => p.closeForGood().catch(() => {})));
  }
}

function safeOrigin(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin.startsWith("http") ? origin : null;
  } catch {
    return null;
  }
}

const pools = new WeakMap<Browser, ProfilePool>();

/** The pool of the file's browser: closed with it (browser.close() waits for its profiles). */
export function profilePool(browser: Browser, launch: ProfileLaunch): ProfilePool {
  let pool = pools.get(browser);
  if (!pool) {
    const created = new ProfilePool(launch);
    pool = created;
    pools.set(browser, created);
    const closeBrowser = browser.close.bind(browser);
    browser.close = async (options) => {
      await created.close();
      await closeBrowser(options);
    };
  }
  return pool;
}
