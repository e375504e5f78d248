// An admin who scripts against Korrigo reads the API reference in a browser: every area, each route
// with who may call it, its body and its error codes, and the link to the OpenAPI document.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractRoutes } from "../../collab/contract/openapi.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";
import { DESKTOP, launchChromium, newPage, screenshot } from "./support/browser.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await tdb?.drop();
});

describe("the API reference page", () => {
  it("lists every area and route with who may call it, its body and its errors, and links the OpenAPI document", async () => {
    const { page } = await newPage(browser, server.url, DESKTOP);
    await page.goto("/api/reference");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent(), { timeout: 20_000 }).toContain("Korrigo API");
    const areas = [...new Set(contractRoutes().map((r) => r.area))];
    for (const area of areas) expect(await page.getByRole("heading", { level: 2, name: area, exact: true }).count()).toBe(1);
    expect(await page.locator("section").count()).toBe(contractRoutes().length);

    const create = page.locator('section:has(h3[id="users.createUser"])');
    await expect.poll(() => create.textContent(), { timeout: 20_000 }).toContain("Who: ADMIN");
    expect(await create.textContent()).toContain("USERNAME_TAKEN");
    await create.getByText("Body (JSON)").click();
    await expect.poll(() => create.locator("pre").first().textContent(), { timeout: 20_000 }).toContain('"username"');
    await create.scrollIntoViewIfNeeded();
    await screenshot(page, "api-reference-create-user");
    // its own style applies (the page allows its inline style by hash, nothing else)
    expect(await page.evaluate("getComputedStyle(document.body).fontFamily")).toContain("system-ui");

    await page.getByRole("link", { name: "/api/openapi.json" }).click();
    await expect.poll(() => page.url(), { timeout: 20_000 }).toContain("/api/openapi.json");
    expect(JSON.parse((await page.locator("body").textContent()) ?? "{}").openapi).toBe("3.1.0");
  });
});
