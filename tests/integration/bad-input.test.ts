// Malformed JSON, unknown fields, wrong types and oversized bodies: a clear 400/413, no crash.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../helpers/factories.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: TestClient;

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  const u = await createUser(tdb.db, "ADMIN");
  admin = new TestClient(server.url);
  await admin.login(u.username, u.password);
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

describe("bad input", () => {
  it("malformed JSON → 400 MALFORMED_JSON", async () => {
    const r = await admin.request("POST", "/api/users", { body: '{"username": "x",', headers: { "content-type": "application/json" } });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe("MALFORMED_JSON");
    expect(r.body.stack).toBeUndefined();
  });

  it("unknown fields → 400 VALIDATION_FAILED naming the field", async () => {
    const r = await admin.post("/api/users", { username: "newprof", displayName: "P", role: "GRADER", isAdmin: true });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe("VALIDATION_FAILED");
    expect(r.body.message).toMatch(/isAdmin/);
    expect(await tdb.db.user.count({ where: { username: "newprof" } })).toBe(0);
  });

  it("wrong types and enum values → 400 with every issue by path", async () => {
    const r = await admin.post("/api/users", { username: 42, displayName: "", role: "GOD" });
    expect(r.status).toBe(400);
    const paths = r.body.details.issues.map((i: { path: string }) => i.path).sort();
    expect(paths).toEqual(["displayName", "role", "username"]);
  });

  it("login with a non-object body or missing fields → 400, not 500", async () => {
    for (const body of ["[]", '"admin"', "null", "{}", '{"username":"a"}']) {
      const r = await new TestClient(server.url).request("POST", "/api/auth/login", { body, headers: { "content-type": "application/json" } });
      expect(r.status, body).toBe(400);
    }
  });

  it("an oversized body → 413 PAYLOAD_TOO_LARGE", async () => {
    const r = await admin.request("POST", "/api/users", {
      body: JSON.stringify({ username: "x".repeat(2 * 1024 * 1024) }),
      headers: { "content-type": "application/json" },
    });
    expect(r.status).toBe(413);
    expect(r.body.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("a forged id → 400 (not a UUID) or 404 (unknown)", async () => {
    expect((await admin.post("/api/users/not-a-uuid/deactivate")).status).toBe(400);
    const r = await admin.post("/api/users/7d3f4b0e-1c7a-4a51-9f5e-2f1b7b0c9e11/deactivate");
    expect(r.status).toBe(404);
    expect(r.body.code).toBe("NOT_FOUND");
  });

  it("unknown API routes → JSON 404", async () => {
    const r = await admin.get("/api/nope");
    expect(r.status).toBe(404);
    expect(r.body.code).toBe("NOT_FOUND");
  });

  it("the server is still alive after all of that", async () => {
    expect((await admin.get("/api/me")).status).toBe(200);
  });
});

describe("CSRF and Origin", () => {
  it("a state-changing request without the CSRF token → 403 CSRF_INVALID", async () => {
    const r = await admin.post("/api/users", { username: "csrf-victim", displayName: "X", role: "GRADER" }, { csrf: false });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe("CSRF_INVALID");
    expect(await tdb.db.user.count({ where: { username: "csrf-victim" } })).toBe(0);
  });

  it("a login from a foreign Origin → 403 ORIGIN_REJECTED", async () => {
    const u = await createUser(tdb.db, "GRADER");
    const evil = new TestClient(server.url, "https://evil.example");
    const r = await evil.login(u.username, u.password);
    expect(r.status).toBe(403);
    expect(r.body.code).toBe("ORIGIN_REJECTED");
  });

  it("security headers: strict CSP, no x-powered-by, nosniff", async () => {
    const r = await admin.get("/api/me");
    expect(r.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(r.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(r.headers.get("x-powered-by")).toBeNull();
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
