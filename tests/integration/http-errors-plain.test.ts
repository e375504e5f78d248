// Requests that are simply wrong get a 4xx with a plain message, never a 500 with a stack trace
// (which named absolute paths and logged an "unhandled error" line per request): a missing asset,
// a NUL byte or an encoded traversal in an asset path, a multipart upload without a boundary.
// The server runs in development mode here, where 500s carry their stack.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../helpers/factories.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url, env: { NODE_ENV: "development" } });
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

/** GET with the path sent as written: fetch would resolve `%2e%2e` segments before sending (WHATWG URL). */
function rawGet(base: string, path: string): Promise<{ status: number; body: any }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    http
      .get({ hostname, port, path, headers: { accept: "application/json" } }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => {
          let body: any = text;
          try {
            body = JSON.parse(text);
          } catch {
            /* not JSON: the assertions say so */
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      })
      .on("error", reject);
  });
}

function expectPlain4xx(r: { status: number; body: any }, status: number) {
  expect(r.status).toBe(status);
  const text = JSON.stringify(r.body);
  expect(text).not.toMatch(/stack|\/work\/|node_modules|at \w+ \(/);
  expect(typeof r.body?.message).toBe("string");
}

describe("plain 4xx, no stack", () => {
  it.each(["/assets/no-such.js", "/assets/%00", "/assets/..%2f..%2fpackage.json", "/assets/%2e%2e/%2e%2e/package.json", "/assets/%E0%A4%A"])(
    "GET %s",
    async (path) => {
      const r = await rawGet(server.url, path);
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expectPlain4xx(r, r.status);
    },
  );

  it("a multipart upload without a boundary → 400", async () => {
    const admin = await createUser(tdb.db, "ADMIN");
    const http = new TestClient(server.url);
    expect((await http.login(admin.username, admin.password)).status).toBe(200);
    const exam = await tdb.db.exam.create({ data: { title: "Bac blanc", subject: "Maths", codePrefix: "HB" } });
    const r = await http.request("POST", `/api/exams/${exam.id}/batches`, { body: "--x\r\n", headers: { "content-type": "multipart/form-data" } });
    expectPlain4xx(r, 400);
    expect(r.body.code).toBe("BAD_REQUEST");
  });
});
