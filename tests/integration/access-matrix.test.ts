// Every foundation route × every role: allowed (2xx/4xx other than 401/403), 401 or 403.
// Feature issues keep their own matrices (tests/integration/*-access.test.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpApp } from "../../server/http/app.ts";
import { listRoutes } from "../../server/http/route-inventory.ts";
import { createUser } from "../helpers/factories.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

type Role = "ANON" | "STUDENT" | "GRADER" | "SUPERVISOR" | "ADMIN";
type Expect = "ok" | 401 | 403;
const ROLES: Role[] = ["ANON", "STUDENT", "GRADER", "SUPERVISOR", "ADMIN"];

const ALL_SIGNED_IN: Record<Role, Expect> = { ANON: 401, STUDENT: "ok", GRADER: "ok", SUPERVISOR: "ok", ADMIN: "ok" };
const ADMIN_ONLY: Record<Role, Expect> = { ANON: 401, STUDENT: 403, GRADER: 403, SUPERVISOR: 403, ADMIN: "ok" };
const PUBLIC: Record<Role, Expect> = { ANON: "ok", STUDENT: "ok", GRADER: "ok", SUPERVISOR: "ok", ADMIN: "ok" };

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let target: { id: string };

// route → how to call it and who may
const MATRIX: Record<string, { call: () => { method: string; url: string; json?: unknown }; expect: Record<Role, Expect> }> = {
  "GET /health/live": { call: () => ({ method: "GET", url: "/api/health/live" }), expect: PUBLIC },
  "GET /health/ready": { call: () => ({ method: "GET", url: "/api/health/ready" }), expect: PUBLIC },
  "POST /auth/login": {
    call: () => ({ method: "POST", url: "/api/auth/login", json: { username: "nobody-matrix", password: "x" } }),
    expect: { ANON: "ok", STUDENT: "ok", GRADER: "ok", SUPERVISOR: "ok", ADMIN: "ok" },
  },
  "GET /me": { call: () => ({ method: "GET", url: "/api/me" }), expect: ALL_SIGNED_IN },
  "POST /auth/password": {
    call: () => ({ method: "POST", url: "/api/auth/password", json: { currentPassword: "wrong-one-here", newPassword: "Another-Long-Passphrase-42" } }),
    expect: { ANON: 401, STUDENT: "ok", GRADER: "ok", SUPERVISOR: "ok", ADMIN: "ok" },
  },
  "POST /auth/logout": {
    call: () => ({ method: "POST", url: "/api/auth/logout" }),
    expect: { ANON: "ok", STUDENT: "ok", GRADER: "ok", SUPERVISOR: "ok", ADMIN: "ok" },
  },
  "GET /auth/options": { call: () => ({ method: "GET", url: "/api/auth/options" }), expect: PUBLIC },
  // no mail relay on this server: the forgotten-password routes answer 404 to everyone alike
  "POST /auth/password-reset/request": {
    call: () => ({ method: "POST", url: "/api/auth/password-reset/request", json: { email: "nobody@example.org" } }),
    expect: PUBLIC,
  },
  "POST /auth/password-reset/check": { call: () => ({ method: "POST", url: "/api/auth/password-reset/check", json: { token: "x" } }), expect: PUBLIC },
  "POST /auth/password-reset": {
    call: () => ({ method: "POST", url: "/api/auth/password-reset", json: { token: "x", newPassword: "Another-Long-Passphrase-42" } }),
    expect: PUBLIC,
  },
  "POST /users/:id/sso-only": { call: () => ({ method: "POST", url: `/api/users/${target.id}/sso-only` }), expect: ADMIN_ONLY },
  "GET /users": { call: () => ({ method: "GET", url: "/api/users" }), expect: ADMIN_ONLY },
  "POST /users": {
    call: () => ({
      method: "POST",
      url: "/api/users",
      json: { username: `m-${Math.random().toString(36).slice(2, 8)}`, displayName: "Matrix", role: "GRADER" },
    }),
    expect: ADMIN_ONLY,
  },
  "POST /users/:id/reset-password": { call: () => ({ method: "POST", url: `/api/users/${target.id}/reset-password` }), expect: ADMIN_ONLY },
  "POST /users/:id/deactivate": { call: () => ({ method: "POST", url: `/api/users/${target.id}/deactivate` }), expect: ADMIN_ONLY },
  "POST /users/:id/activate": { call: () => ({ method: "POST", url: `/api/users/${target.id}/activate` }), expect: ADMIN_ONLY },
  "GET /audit": { call: () => ({ method: "GET", url: "/api/audit" }), expect: ADMIN_ONLY },
  "GET /audit/export.csv": { call: () => ({ method: "GET", url: "/api/audit/export.csv" }), expect: ADMIN_ONLY },
};

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  target = await createUser(tdb.db, "GRADER");
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

async function clientAs(role: Role): Promise<TestClient> {
  const c = new TestClient(server.url);
  if (role === "ANON") {
    await c.get("/api/health/live");
    return c;
  }
  const u = await createUser(tdb.db, role);
  expect((await c.login(u.username, u.password)).status).toBe(200);
  return c;
}

describe("access matrix", () => {
  it("covers every foundation route", () => {
    const routes = listRoutes(createHttpApp(server.ctx).apiRouter);
    const foundation = ["/health", "/auth", "/me", "/users", "/audit"];
    const mine = routes.filter((r) => foundation.some((p) => r.split(" ")[1]!.startsWith(p)));
    expect(mine.length).toBeGreaterThan(5);
    expect(mine.filter((r) => !(r in MATRIX))).toEqual([]);
  });

  for (const route of Object.keys(MATRIX)) {
    it.each(ROLES)(`${route} as %s`, async (role) => {
      const c = await clientAs(role);
      const { method, url, json } = MATRIX[route]!.call();
      const r = await c.request(method, url, { json });
      const want = MATRIX[route]!.expect[role];
      const refusal = r.body?.code === "UNAUTHENTICATED" || r.body?.code === "FORBIDDEN";
      if (want === "ok") {
        expect(refusal, `${route} as ${role} → ${r.status} ${JSON.stringify(r.body)}`).toBe(false);
        expect(r.status).toBeLessThan(500);
      } else {
        expect(r.status, `${route} as ${role}: ${JSON.stringify(r.body)}`).toBe(want);
        expect(r.body.code).toBe(want === 401 ? "UNAUTHENTICATED" : "FORBIDDEN");
      }
    });
  }
});
