// Roster imports are limited to 10 per hour per admin: the 11th gets 429 RATE_LIMITED + Retry-After.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIntake, type IntakeEnv } from "../helpers/intake-setup.ts";

let env: IntakeEnv;
beforeAll(async () => {
  env = await startIntake();
});
afterAll(async () => env?.close());

describe("roster import rate limit", () => {
  it("allows 10 imports per hour per admin, then answers 429 with Retry-After; another admin is not affected", async () => {
    const body = new TextEncoder().encode("INE;NOM;PRENOM;CLASSE;EMAIL\n123456789A;DUPONT;Jean;TG4;\n");
    const send = (c = env.admin) => c.request("POST", "/api/roster/import", { body, headers: { "content-type": "text/csv" } });
    for (let i = 0; i < 10; i++) expect((await send()).status).toBe(200);
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe("RATE_LIMITED");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(3000);
    expect((await send(await env.as("ADMIN"))).status).toBe(200);
  });
});
