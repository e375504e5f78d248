// The contract is the API: /api/openapi.json validates as OpenAPI 3.1, every route the server
// registers is in it (and nothing else), a route for signed-in users refuses an anonymous caller,
// and the readable reference lists every operation.
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractRoutes, openApiPath } from "../../collab/contract/openapi.ts";
import { createHttpApp } from "../../server/http/app.ts";
import { listRoutes } from "../../server/http/route-inventory.ts";
import { TestClient } from "../helpers/http-client.ts";
import { type SsoEnv, startSsoEnv } from "../helpers/sso-setup.ts";
import type { startTestServer } from "../helpers/test-server.ts";

// with single sign-on configured, so that its routes are registered too
let env: SsoEnv;
let server: Awaited<ReturnType<typeof startTestServer>>;
let anon: TestClient;

beforeAll(async () => {
  env = await startSsoEnv();
  server = env.server;
  anon = new TestClient(server.url);
});
afterAll(async () => {
  await env?.close();
});

/** what express really serves under /api, as "METHOD /api/path" */
function registeredRoutes(): string[] {
  const { app } = createHttpApp(server.ctx);
  return listRoutes((app as unknown as { router: never }).router).filter((r) => / \/api\/|^GET \/metrics$/.test(r) && !r.includes("*"));
}

describe("the API contract", () => {
  it("GET /api/openapi.json is a valid OpenAPI 3.1 document", async () => {
    const res = await anon.get("/api/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(res.body.openapi).toBe("3.1.0");
    const result = await new Validator().validate(res.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("every route the server registers is in the contract, and every route of the contract is registered", async () => {
    const served = new Set(registeredRoutes());
    const declared = new Set(contractRoutes().map(({ spec }) => `${spec.method} ${spec.path}`));
    expect([...served].filter((r) => !declared.has(r)).sort(), "registered but not in the contract").toEqual([]);
    expect([...declared].filter((r) => !served.has(r)).sort(), "in the contract but not registered").toEqual([]);
    const doc = (await anon.get("/api/openapi.json")).body as { paths: Record<string, Record<string, unknown>> };
    for (const { spec } of contractRoutes())
      expect(doc.paths[openApiPath(spec.path)]?.[spec.method.toLowerCase()], `${spec.method} ${spec.path}`).toBeDefined();
  });

  it("every operation names who may call it and its error codes; ids are unique", async () => {
    const doc = (await anon.get("/api/openapi.json")).body as {
      paths: Record<string, Record<string, { operationId: string; "x-korrigo-access": unknown; responses: Record<string, unknown> }>>;
    };
    const ids = new Set<string>();
    for (const ops of Object.values(doc.paths)) {
      for (const op of Object.values(ops)) {
        expect(ids.has(op.operationId), op.operationId).toBe(false);
        ids.add(op.operationId);
        expect(op["x-korrigo-access"], op.operationId).toBeDefined();
        expect(
          Object.keys(op.responses).some((s) => s.startsWith("4") || s.startsWith("5")),
          op.operationId,
        ).toBe(true);
      }
    }
  });

  it("a route for signed-in users answers an anonymous GET with 401 UNAUTHENTICATED", async () => {
    const sample = "00000000-0000-4000-8000-000000000000";
    for (const { spec } of contractRoutes()) {
      if (spec.access === "public" || spec.method !== "GET" || spec.path === "/metrics") continue;
      const url = spec.path.replace(/:([A-Za-z_]\w*)/g, sample);
      const res = await anon.get(url);
      expect({ route: spec.path, status: res.status, code: res.body?.code }).toEqual({ route: spec.path, status: 401, code: "UNAUTHENTICATED" });
    }
  });

  it("the readable reference lists every operation", async () => {
    const res = await anon.get("/api/reference");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    for (const { area, name } of contractRoutes()) expect(res.body as string).toContain(`id="${area}.${name}"`);
  });
});
