// The browser contexts the e2e tests share within a file (support/profile-pool.ts): a context a
// test closed comes back to the next test signed out, with empty storage and no route or offline
// switch left, while it keeps the compiled code of the scripts it already ran.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, newPage } from "./support/browser.ts";

const SCRIPT = `export const answer = ${JSON.stringify("x".repeat(200_000))}.length;`; // big enough for V8 to cache its compiled code
let server: http.Server;
let url: string;
let browser: Browser;
let scriptLoads = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === "/app.js") {
      scriptLoads++;
      res.writeHead(200, { "content-type": "text/javascript", "cache-control": "public, max-age=31536000, immutable" });
      res.end(SCRIPT);
    } else {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(`<!doctype html><title>t</title><script type="module">import { answer } from "/app.js"; window.answer = answer;</script>`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** What a page of the origin finds stored: cookies, local storage, IndexedDB databases. */
async function stored(page: import("playwright-core").Page) {
  return page.evaluate(async () => ({
    cookie: document.cookie,
    local: localStorage.length,
    session: sessionStorage.length,
    databases: (await indexedDB.databases()).map((d) => d.name),
  }));
}

describe.skipIf(process.env.E2E_PROFILES === "0")("a shared profile between two tests", () => {
  it("comes back with no cookie, storage, route or offline switch of the test before, but with its cache of the app's scripts", async () => {
    const first = await newPage(browser, url);
    await first.page.goto("/");
    await expect.poll(() => first.page.evaluate(() => (window as unknown as { answer?: number }).answer), { timeout: 30_000 }).toBe(200_000);
    await first.page.evaluate(async () => {
      document.cookie = "sid=secret; max-age=3600; path=/";
      localStorage.setItem("k", "v");
      sessionStorage.setItem("k", "v");
      await new Promise<void>((resolve, reject) => {
        const open = indexedDB.open("pending-edits", 1);
        open.onupgradeneeded = () => open.result.createObjectStore("edits").put("an edit", 1);
        open.onsuccess = () => (open.result.close(), resolve());
        open.onerror = () => reject(open.error);
      });
    });
    expect(await stored(first.page)).toEqual({ cookie: "sid=secret", local: 1, session: 1, databases: ["pending-edits"] });
    await first.context.route("**/blocked", (r) => r.abort());
    await first.context.setOffline(true);
    await first.context.close();

    const second = await newPage(browser, url);
    expect(second.context).toBe(first.context); // the same profile, handed out again
    await second.page.goto("/"); // would fail offline
    await expect.poll(() => second.page.evaluate(() => (window as unknown as { answer?: number }).answer), { timeout: 30_000 }).toBe(200_000);
    expect(await stored(second.page)).toEqual({ cookie: "", local: 0, session: 0, databases: [] });
    expect(scriptLoads).toBe(1); // the script came from the profile's cache (with its compiled code), not from the server again
    const blocked = await second.page.evaluate(() => fetch("/blocked").then((r) => r.status));
    expect(blocked).toBe(200); // the first test's route is gone
    await second.context.close();
  });

  it("gives two contexts at once to a test with two users, each with its own cookies", async () => {
    const a = await newPage(browser, url);
    const b = await newPage(browser, url);
    expect(b.context).not.toBe(a.context);
    await a.page.goto("/");
    await b.page.goto("/");
    await a.page.evaluate(() => (document.cookie = "who=a; path=/"));
    expect(await b.page.evaluate(() => document.cookie)).toBe("");
    await a.context.close();
    await b.context.close();
  });
});
