// Moderation's routes and layer events for every role: supervisors and admins ask for, list and
// withdraw second markings and view layers; a grader reaches a second layer only as its marker
// (anyone else: exactly like a missing copy); students and signed-out callers are refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { setScore } from "../../collab/index.ts";
import { createHttpApp } from "../../server/http/app.ts";
import { listRoutes } from "../../server/http/route-inventory.ts";
import { assignCopy, createCopy, createExamWithScale, type TestExam } from "../helpers/grading-factories.ts";
import { openSocket } from "../helpers/grading-fixture.ts";
import { request } from "../helpers/grading-session.ts";
import { TestClient } from "../helpers/http-client.ts";
import { person, type Person } from "../helpers/moderation-world.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

type Who = "ANON" | "STUDENT" | "GRADER" | "MARKER" | "SUPERVISOR" | "ADMIN";
type Want = "ok" | 401 | 403 | 404;
const WHO: Who[] = ["ANON", "STUDENT", "GRADER", "MARKER", "SUPERVISOR", "ADMIN"];
const STAFF_ONLY: Record<Who, Want> = { ANON: 401, STUDENT: 403, GRADER: 403, MARKER: 403, SUPERVISOR: "ok", ADMIN: "ok" };
const LAYER: Record<Who, Want> = { ANON: 401, STUDENT: 403, GRADER: 404, MARKER: "ok", SUPERVISOR: "ok", ADMIN: "ok" };

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let exam: TestExam;
let copyId: string;
let unmarkedId: string;
let withdrawnId: string;
const people = {} as Record<Exclude<Who, "ANON">, Person>;
let anon: TestClient;

const MATRIX: Record<string, { call: () => { method: string; url: string; json?: unknown }; want: Record<Who, Want> }> = {
  "POST /exams/:examId/second-markings": {
    call: () => ({ method: "POST", url: `/api/exams/${exam.id}/second-markings`, json: { mode: "copies", copyIds: [copyId] } }),
    want: STAFF_ONLY,
  },
  "GET /exams/:examId/second-markings": { call: () => ({ method: "GET", url: `/api/exams/${exam.id}/second-markings` }), want: STAFF_ONLY },
  "DELETE /exams/:examId/second-markings/:copyId": {
    call: () => ({ method: "DELETE", url: `/api/exams/${exam.id}/second-markings/${withdrawnId}` }),
    want: STAFF_ONLY,
  },
  "GET /second-markings/mine": {
    call: () => ({ method: "GET", url: "/api/second-markings/mine" }),
    want: { ANON: 401, STUDENT: 403, GRADER: "ok", MARKER: "ok", SUPERVISOR: "ok", ADMIN: "ok" },
  },
  "GET /copies/:id/layers": { call: () => ({ method: "GET", url: `/api/copies/${copyId}/layers` }), want: STAFF_ONLY },
  "GET /copies/:id/layers/:layer": { call: () => ({ method: "GET", url: `/api/copies/${copyId}/layers/second` }), want: LAYER },
  "GET /copies/:id/layers/:layer/history": { call: () => ({ method: "GET", url: `/api/copies/${copyId}/layers/second/history` }), want: LAYER },
  // the marker is told what is unscored; supervisors may view but not finalize (409); nobody else learns the layer exists
  "POST /copies/:id/layers/:layer/finalize": { call: () => ({ method: "POST", url: `/api/copies/${copyId}/layers/second/finalize` }), want: LAYER },
};

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  exam = await createExamWithScale(tdb.db);
  for (const role of ["STUDENT", "GRADER", "MARKER", "SUPERVISOR", "ADMIN"] as const)
    people[role] = await person(tdb, server.url, role === "MARKER" ? "GRADER" : role);
  anon = new TestClient(server.url);
  await anon.get("/api/me"); // a CSRF token for the anonymous client's writes
  const copy = await createCopy(tdb.db, exam.id);
  copyId = copy.id;
  unmarkedId = (await createCopy(tdb.db, exam.id)).id;
  await assignCopy(tdb.db, copy.id, people.GRADER.id); // the first marker
  await assignCopy(tdb.db, unmarkedId, people.MARKER.id);
  await tdb.db.secondMarking.create({ data: { copyId, firstMarkerId: people.GRADER.id, markerId: people.MARKER.id, status: "GRADING" } });
  withdrawnId = (await createCopy(tdb.db, exam.id)).id; // withdrawing it again answers 200 (idempotent) to whoever may
  await tdb.db.secondMarking.create({ data: { copyId: withdrawnId, markerId: people.MARKER.id, status: "CANCELLED" } });
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

const client = (who: Who) => (who === "ANON" ? anon : people[who].http);

describe("moderation routes", () => {
  it("lists exactly these routes", () => {
    const routes = listRoutes(createHttpApp(server.ctx).apiRouter).filter((r) => /second-markings|\/layers/.test(r));
    expect(routes.sort()).toEqual(Object.keys(MATRIX).sort());
  });

  for (const route of Object.keys(MATRIX)) {
    it.each(WHO)(`${route} as %s`, async (who) => {
      const { method, url, json } = MATRIX[route]!.call();
      const r = await client(who).request(method, url, { json });
      const want = MATRIX[route]!.want[who];
      if (want === "ok") {
        expect([401, 403, 404], `${route} as ${who} → ${r.status} ${JSON.stringify(r.body)}`).not.toContain(r.status);
        expect(r.status).toBeLessThan(500);
      } else {
        expect(r.status, `${route} as ${who}: ${JSON.stringify(r.body)}`).toBe(want);
        expect(r.body.code).toBe(want === 401 ? "UNAUTHENTICATED" : want === 403 ? "FORBIDDEN" : "NOT_FOUND");
      }
    });
  }

  it("withdrawing a copy that has no second marking answers 404", async () => {
    expect((await people.SUPERVISOR.http.request("DELETE", `/api/exams/${exam.id}/second-markings/${unmarkedId}`)).body).toMatchObject({ code: "NOT_FOUND" });
  });

  it("a layer one may not see answers exactly like a missing copy", async () => {
    const hidden = await people.GRADER.http.get(`/api/copies/${copyId}/layers/second`);
    const missing = await people.GRADER.http.get(`/api/copies/00000000-0000-4000-8000-000000000000/layers/second`);
    expect([hidden.status, hidden.body]).toEqual([missing.status, missing.body]);
    expect((await people.MARKER.http.get(`/api/copies/${copyId}/layers/first`)).status).toBe(400); // only "second" is a layer
  });
});

describe("layer events", () => {
  function anUpdate(author: string): Uint8Array {
    const doc = new Y.Doc();
    setScore(doc, exam.questions[0]!.id, 1);
    void author;
    return Y.encodeStateAsUpdate(doc);
  }

  it("students and signed-out sockets never connect", async () => {
    await expect(openSocket(server.url, null)).rejects.toThrow("UNAUTHENTICATED");
    await expect(openSocket(server.url, { cookie: people.STUDENT.cookie })).rejects.toThrow("FORBIDDEN");
  });

  it("copy:join / copy:update / copy:finalize with a layer, per role", async () => {
    const join = { copyId, layer: "second" };
    const grader = await openSocket(server.url, { cookie: people.GRADER.cookie });
    const missing = await request(grader, "copy:join", { ...join, copyId: "00000000-0000-4000-8000-000000000000" });
    expect(await request(grader, "copy:join", join)).toEqual(missing); // the first marker: like a missing copy
    expect(await request(grader, "copy:update", { ...join, update: anUpdate(people.GRADER.id) })).toMatchObject({ ok: false, code: "NOT_JOINED" });
    expect(await request(grader, "copy:finalize", join)).toMatchObject({ ok: false, code: "NOT_FOUND" });

    const marker = await openSocket(server.url, { cookie: people.MARKER.cookie });
    expect(await request(marker, "copy:join", join)).toMatchObject({ ok: true, readOnly: false, lock: null, presence: [] });
    expect(await request(marker, "copy:update", { ...join, update: anUpdate(people.MARKER.id) })).toMatchObject({ ok: true });
    expect(await request(marker, "copy:finalize", join)).toMatchObject({ ok: false, code: "UNSCORED_QUESTIONS" });
    expect(await request(marker, "copy:join", { copyId })).toMatchObject({ ok: false, code: "NOT_FOUND" }); // the main layer: closed
    expect(await request(marker, "copy:join", { copyId, layer: "first" })).toMatchObject({ ok: false, code: "VALIDATION_FAILED" });
    expect(await request(marker, "copy:lock", join)).toMatchObject({ ok: false, code: "BAD_REQUEST" }); // a layer has no lock
    expect(await request(marker, "copy:takeover", join)).toMatchObject({ ok: false, code: "BAD_REQUEST" });

    for (const who of ["SUPERVISOR", "ADMIN"] as const) {
      const s = await openSocket(server.url, { cookie: people[who].cookie });
      expect(await request(s, "copy:join", join)).toMatchObject({ ok: true, readOnly: true });
      expect(await request(s, "copy:update", { ...join, update: anUpdate(people[who].id) })).toMatchObject({ ok: false, code: "COPY_READ_ONLY" });
      expect(await request(s, "copy:finalize", join)).toMatchObject({ ok: false, code: "INVALID_STATE" });
      s.disconnect();
    }
    expect(await tdb.db.layerDocUpdate.count({ where: { copyId } })).toBe(1);
    grader.disconnect();
    marker.disconnect();
  });
});
