// Every /notices route × every role: a user reaches only their own notices (someone else's answers
// like a missing one), chooses only the notices their role receives; unsubscribing needs the
// e-mail's signed link, not a session.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpApp } from "../../server/http/app.ts";
import { listRoutes } from "../../server/http/route-inventory.ts";
import { enqueueNotice } from "../../server/notices/enqueue-notice.ts";
import { createUser } from "../helpers/factories.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

type Role = "ANON" | "STUDENT" | "GRADER" | "SUPERVISOR" | "ADMIN";
type Expect = "ok" | 400 | 401 | 403 | 404;
const ROLES: Role[] = ["ANON", "STUDENT", "GRADER", "SUPERVISOR", "ADMIN"];
const SIGNED_IN: Record<Role, Expect> = { ANON: 401, STUDENT: "ok", GRADER: "ok", SUPERVISOR: "ok", ADMIN: "ok" };

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let othersNotice: string;
let mine: Map<Role, { client: TestClient; noticeId: string | null }>;

const MATRIX: Record<string, { call: (role: Role) => { method: string; url: string; json?: unknown }; expect: Record<Role, Expect> }> = {
  "GET /notices": { call: () => ({ method: "GET", url: "/api/notices" }), expect: SIGNED_IN },
  "GET /notices/unread": { call: () => ({ method: "GET", url: "/api/notices/unread" }), expect: SIGNED_IN },
  "POST /notices/read-all": { call: () => ({ method: "POST", url: "/api/notices/read-all" }), expect: SIGNED_IN },
  "POST /notices/:id/read (own)": {
    call: (role) => ({ method: "POST", url: `/api/notices/${mine.get(role)?.noticeId ?? othersNotice}/read` }),
    expect: SIGNED_IN,
  },
  "POST /notices/:id/read (someone else's)": {
    call: () => ({ method: "POST", url: `/api/notices/${othersNotice}/read` }),
    expect: { ANON: 401, STUDENT: 404, GRADER: 404, SUPERVISOR: 404, ADMIN: 404 },
  },
  "GET /notices/preferences": { call: () => ({ method: "GET", url: "/api/notices/preferences" }), expect: SIGNED_IN },
  "PUT /notices/preferences (language)": { call: () => ({ method: "PUT", url: "/api/notices/preferences", json: { locale: "en" } }), expect: SIGNED_IN },
  "PUT /notices/preferences (copy released)": {
    call: () => ({ method: "PUT", url: "/api/notices/preferences", json: { email: { COPY_RELEASED: false } } }),
    expect: { ANON: 401, STUDENT: "ok", GRADER: 403, SUPERVISOR: 403, ADMIN: 403 },
  },
  "PUT /notices/preferences (summary)": {
    call: () => ({ method: "PUT", url: "/api/notices/preferences", json: { email: { SUPERVISOR_SUMMARY: true } } }),
    expect: { ANON: 401, STUDENT: 403, GRADER: 403, SUPERVISOR: "ok", ADMIN: "ok" },
  },
  "POST /notices/unsubscribe (forged link)": {
    call: () => ({ method: "POST", url: `/api/notices/unsubscribe?u=${crypto.randomUUID()}&k=COPY_RELEASED&t=${"a".repeat(43)}` }),
    expect: { ANON: 400, STUDENT: 400, GRADER: 400, SUPERVISOR: 400, ADMIN: 400 },
  },
};

const notice = (userId: string) =>
  tdb.db.$transaction((tx) =>
    enqueueNotice(tx, {
      userId,
      kind: "COPY_RELEASED",
      params: { copyId: crypto.randomUUID(), examId: crypto.randomUUID(), examTitle: "Bac blanc", newVersion: false },
      dedupeKey: `test:${crypto.randomUUID()}`,
    }),
  );

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  othersNotice = (await notice((await createUser(tdb.db, "STUDENT")).id))!;
  mine = new Map();
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

async function clientAs(role: Role) {
  const c = new TestClient(server.url);
  if (role === "ANON") return { client: c, noticeId: null };
  const u = await createUser(tdb.db, role);
  expect((await c.login(u.username, u.password)).status).toBe(200);
  return { client: c, noticeId: await notice(u.id) };
}

describe("notices access matrix", () => {
  it("covers every /notices route", () => {
    const routes = listRoutes(createHttpApp(server.ctx).apiRouter).filter((r) => r.split(" ")[1]!.startsWith("/notices"));
    const covered = new Set(Object.keys(MATRIX).map((k) => k.replace(/ \(.*\)$/, "")));
    expect(routes.length).toBe(7);
    expect(routes.filter((r) => !covered.has(r))).toEqual([]);
  });

  for (const route of Object.keys(MATRIX)) {
    it.each(ROLES)(`${route} as %s`, async (role) => {
      mine.set(role, await clientAs(role));
      const { method, url, json } = MATRIX[route]!.call(role);
      const r = await mine.get(role)!.client.request(method, url, { json });
      const want = MATRIX[route]!.expect[role];
      if (want === "ok") {
        expect(r.status, `${route} as ${role} → ${r.status} ${JSON.stringify(r.body)}`).toBeLessThan(300);
      } else {
        expect(r.status, `${route} as ${role}: ${JSON.stringify(r.body)}`).toBe(want);
      }
    });
  }

  it("someone else's notice stays unread after the refused attempts", async () => {
    expect((await tdb.db.notice.findUniqueOrThrow({ where: { id: othersNotice } })).readAt).toBeNull();
  });
});
