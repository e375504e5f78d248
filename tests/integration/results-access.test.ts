// Access matrix of issue #7's routes and events (supervision, release, portal, exports, audit
// export): every route × every role, plus a check that no route of these prefixes is left out.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role as DbRole } from "../../server/db/client.ts";
import { createHttpApp } from "../../server/http/app.ts";
import { listRoutes } from "../../server/http/route-inventory.ts";
import { createUser } from "../helpers/factories.ts";
import { openSocket } from "../helpers/grading-fixture.ts";
import { request, signIn } from "../helpers/grading-session.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createScoredCopy, createStudent, createSupervisedExam } from "../helpers/supervision-factories.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

type Role = "ANON" | DbRole;
const ROLES: Role[] = ["ANON", "STUDENT", "GRADER", "SUPERVISOR", "ADMIN"];
/** "ok": 2xx; a number: that status */
type Expect = "ok" | 401 | 403 | 404;

const ADMIN_ONLY: Record<Role, Expect> = { ANON: 401, STUDENT: 403, GRADER: 403, SUPERVISOR: 403, ADMIN: "ok" };
const OVERSIGHT: Record<Role, Expect> = { ANON: 401, STUDENT: 403, GRADER: 403, SUPERVISOR: "ok", ADMIN: "ok" };
const STUDENT_ONLY: Record<Role, Expect> = { ANON: 401, STUDENT: "ok", GRADER: 403, SUPERVISOR: 403, ADMIN: 403 };
/** a copy that is not the caller's: students get 404 (its existence is not revealed) */
const NOT_YOURS: Record<Role, Expect> = { ANON: 401, STUDENT: 404, GRADER: 403, SUPERVISOR: 403, ADMIN: 403 };

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let examId: string;
let copyId: string;

const MATRIX: Record<string, { call: () => { method: string; url: string; json?: unknown }; expect: Record<Role, Expect> }> = {
  "GET /supervision/exams": { call: () => ({ method: "GET", url: "/api/supervision/exams" }), expect: OVERSIGHT },
  "GET /supervision/exams/:examId/stats": { call: () => ({ method: "GET", url: `/api/supervision/exams/${examId}/stats` }), expect: OVERSIGHT },
  "GET /supervision/exams/:examId/locks": { call: () => ({ method: "GET", url: `/api/supervision/exams/${examId}/locks` }), expect: OVERSIGHT },
  "GET /release/exams/:examId": { call: () => ({ method: "GET", url: `/api/release/exams/${examId}` }), expect: ADMIN_ONLY },
  "POST /release/exams/:examId/release": {
    call: () => ({ method: "POST", url: `/api/release/exams/${examId}/release`, json: { copyIds: [copyId] } }),
    expect: ADMIN_ONLY,
  },
  "POST /release/exams/:examId/unrelease": {
    call: () => ({ method: "POST", url: `/api/release/exams/${examId}/unrelease`, json: { copyIds: [copyId] } }),
    expect: ADMIN_ONLY,
  },
  "GET /portal/copies": { call: () => ({ method: "GET", url: "/api/portal/copies" }), expect: STUDENT_ONLY },
  "GET /portal/copies/:id": { call: () => ({ method: "GET", url: `/api/portal/copies/${copyId}` }), expect: NOT_YOURS },
  "GET /portal/copies/:id/pdf": { call: () => ({ method: "GET", url: `/api/portal/copies/${copyId}/pdf` }), expect: NOT_YOURS },
  "GET /portal/copies/:id/changes": { call: () => ({ method: "GET", url: `/api/portal/copies/${copyId}/changes` }), expect: NOT_YOURS },
  "GET /portal/copies/:id/versions/:n/pdf": { call: () => ({ method: "GET", url: `/api/portal/copies/${copyId}/versions/1/pdf` }), expect: NOT_YOURS },
  "GET /exports/exams/:examId/marks.csv": { call: () => ({ method: "GET", url: `/api/exports/exams/${examId}/marks.csv` }), expect: ADMIN_ONLY },
  "GET /exports/exams/:examId/pronote.csv": { call: () => ({ method: "GET", url: `/api/exports/exams/${examId}/pronote.csv` }), expect: ADMIN_ONLY },
  "GET /exports/exams/:examId/items.csv": { call: () => ({ method: "GET", url: `/api/exports/exams/${examId}/items.csv` }), expect: ADMIN_ONLY },
  "GET /exports/exams/:examId/copies.zip": { call: () => ({ method: "GET", url: `/api/exports/exams/${examId}/copies.zip` }), expect: ADMIN_ONLY },
  // regrade requests (#17): their own matrix is in regrade-requests.test.ts; here as routes of the portal and exports
  "GET /portal/copies/:id/regrade-requests": { call: () => ({ method: "GET", url: `/api/portal/copies/${copyId}/regrade-requests` }), expect: NOT_YOURS },
  "POST /portal/copies/:id/regrade-requests": {
    call: () => ({
      method: "POST",
      url: `/api/portal/copies/${copyId}/regrade-requests`,
      json: { questionId: "00000000-0000-4000-8000-000000000000", message: "Bonjour" },
    }),
    expect: NOT_YOURS,
  },
  "POST /portal/regrade-requests/:id/withdraw": {
    call: () => ({ method: "POST", url: "/api/portal/regrade-requests/00000000-0000-4000-8000-000000000000/withdraw" }),
    expect: NOT_YOURS,
  },
  "GET /exports/exams/:examId/regrades.csv": { call: () => ({ method: "GET", url: `/api/exports/exams/${examId}/regrades.csv` }), expect: ADMIN_ONLY },
  "GET /audit/export.csv": { call: () => ({ method: "GET", url: "/api/audit/export.csv" }), expect: ADMIN_ONLY },
};

const users = new Map<Role, { username: string; password: string }>();

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  const exam = await createSupervisedExam(tdb.db);
  examId = exam.id;
  copyId = (
    await createScoredCopy(tdb.db, path.join(server.dataDir, "media"), exam.id, {
      released: true,
      studentId: (await createStudent(tdb.db, { lastName: "DURAND", firstName: "Inès" })).student.id,
      scores: { [exam.leaves[0]!.id]: 1 },
    })
  ).id;
  for (const role of ROLES) if (role !== "ANON") users.set(role, await createUser(tdb.db, role));
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

async function clientAs(role: Role): Promise<TestClient> {
  const c = new TestClient(server.url);
  if (role === "ANON") return c;
  const u = users.get(role)!;
  expect((await c.login(u.username, u.password)).status).toBe(200);
  return c;
}

describe("results access matrix", () => {
  it("covers every route of the supervision, release, portal and export features, and the audit export", () => {
    const routes = listRoutes(createHttpApp(server.ctx).apiRouter);
    const mine = routes.filter((r) => ["/supervision", "/release", "/portal", "/exports", "/audit/"].some((p) => r.split(" ")[1]!.startsWith(p)));
    expect(mine.sort()).toEqual(Object.keys(MATRIX).sort());
  });

  for (const route of Object.keys(MATRIX)) {
    it.each(ROLES)(`${route} as %s`, async (role) => {
      const c = await clientAs(role);
      const { method, url, json } = MATRIX[route]!.call();
      const r = await c.request(method, url, { json });
      const want = MATRIX[route]!.expect[role];
      if (want === "ok") expect(r.status, `${route} as ${role}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
      else {
        expect(r.status, `${route} as ${role}: ${JSON.stringify(r.body)}`).toBe(want);
        expect(r.body.code).toBe({ 401: "UNAUTHENTICATED", 403: "FORBIDDEN", 404: "NOT_FOUND" }[want]);
      }
    });
  }

  it("exam:stats reaches only sockets that may watch the exam: supervisors and admins", async () => {
    for (const role of ["SUPERVISOR", "ADMIN", "GRADER"] as const) {
      const socket = await openSocket(server.url, { cookie: await signIn(server.url, users.get(role)!) });
      const ack = await request(socket, "exam:watch", { examId });
      expect([role, ack.ok ? "ok" : ack.code]).toEqual([role, role === "GRADER" ? "FORBIDDEN" : "ok"]);
      socket.disconnect();
    }
    await expect(openSocket(server.url, { cookie: await signIn(server.url, users.get("STUDENT")!) })).rejects.toThrow("FORBIDDEN");
    await expect(openSocket(server.url, null)).rejects.toThrow("UNAUTHENTICATED");
  });
});
