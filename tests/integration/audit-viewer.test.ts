// Audit viewer: filters by actor, action, copy and date on the list (its shape unchanged), and the
// same filters as a streamed CSV export (itself audited, formula-safe).
import { parse as parseCsv } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "../../server/audit/audit-service.ts";
import { createUser } from "../helpers/factories.ts";
import { createCopy, createExamWithScale } from "../helpers/grading-factories.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: TestClient;
let adminId: string;
const COPY = "0b9f6f8e-46a4-4f51-8b34-3f8a8d0e1c11";
const OTHER = "2c3d4e5f-1111-4aaa-8bbb-000000000002";

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  const u = await createUser(tdb.db, "ADMIN", { username: "secretariat" });
  adminId = u.id;
  admin = new TestClient(server.url);
  await admin.login(u.username, u.password);
  const ctx = (name: string, id: string | null = null) => ({ actorId: id, actorName: name });
  await recordAudit(tdb.db, ctx("prof.martin"), { action: "copy.finalized", targetType: "Copy", targetId: COPY, details: { docHash: "abc" } });
  await recordAudit(tdb.db, ctx("direction"), { action: "copy.lock.takeover", targetType: "copy", targetId: COPY });
  await recordAudit(tdb.db, ctx("=cmd|' /C calc'!A0"), { action: "copy.finalized", targetType: "Copy", targetId: OTHER });
  await tdb.db.auditEvent.create({
    data: { action: "copy.released", actorName: "secretariat", targetType: "Copy", targetId: COPY, at: new Date("2026-01-15T10:00:00Z") },
  });
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

const actions = (r: { body: { events: { action: string }[] } }) => r.body.events.map((e) => e.action);

describe("audit viewer", () => {
  it("filters by copy, action prefix, actor (name or id) and dates, newest first", async () => {
    expect(actions(await admin.get(`/api/audit?copy=${COPY}`))).toEqual(["copy.released", "copy.lock.takeover", "copy.finalized"]); // by id, newest first
    expect(actions(await admin.get(`/api/audit?copy=${COPY}&action=copy.lock`))).toEqual(["copy.lock.takeover"]);
    expect(actions(await admin.get(`/api/audit?actor=MARTIN`))).toEqual(["copy.finalized"]);
    expect(actions(await admin.get(`/api/audit?actorId=${adminId}`))).toEqual(["auth.login.succeeded"]);
    expect(actions(await admin.get(`/api/audit?copy=${COPY}&from=2026-01-01&to=2026-01-31T23:59:59Z`))).toEqual(["copy.released"]);
    expect(actions(await admin.get(`/api/audit?copy=${COPY}&target=${OTHER}`))).toEqual([]);
    const page = await admin.get(`/api/audit?limit=1`);
    expect(page.body.events).toHaveLength(1);
    expect(typeof page.body.events[0].id).toBe("string");
    expect((await admin.get(`/api/audit?copy=not-a-uuid`)).status).toBe(400);
  });

  it("takes % and _ in the actor and action filters literally, not as wildcards", async () => {
    expect(actions(await admin.get(`/api/audit?actor=%25`))).toEqual([]);
    expect(actions(await admin.get(`/api/audit?actor=prof_martin`))).toEqual([]);
    expect(actions(await admin.get(`/api/audit?actor=prof.m`))).toEqual(["copy.finalized"]);
    expect(actions(await admin.get(`/api/audit?action=%25`))).toEqual([]);
    expect(actions(await admin.get(`/api/audit?action=copy_lock`))).toEqual([]);
    expect(actions(await admin.get(`/api/audit?actor=%5C`))).toEqual([]);
  });

  it("exports the filtered events as CSV, formula-safe, and audits the export", async () => {
    const res = await fetch(`${server.url}/api/audit/export.csv?action=copy.finalized`, { headers: { cookie: admin.cookieHeader } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows: string[][] = parseCsv(await res.text());
    expect(rows[0]).toEqual(["id", "at", "actor_id", "actor", "action", "target_type", "target_id", "ip", "user_agent", "details"]);
    expect(rows.slice(1).map((r) => [r[3], r[4], r[6]])).toEqual([
      ["prof.martin", "copy.finalized", COPY],
      ["'=cmd|' /C calc'!A0", "copy.finalized", OTHER],
    ]);
    expect(JSON.parse(rows[1]![9]!)).toEqual({ docHash: "abc" });
    expect(actions(await admin.get(`/api/audit?action=audit.exported`))).toEqual(["audit.exported"]);
  });

  it("is for admins only", async () => {
    for (const role of ["SUPERVISOR", "GRADER", "STUDENT"] as const) {
      const u = await createUser(tdb.db, role);
      const c = new TestClient(server.url);
      await c.login(u.username, u.password);
      expect((await c.get("/api/audit/export.csv")).status).toBe(403);
    }
    expect((await new TestClient(server.url).get("/api/audit/export.csv")).status).toBe(401);
  });

  it("finds a copy's events by its anonymous code too (as staff know it), in the list and the export", async () => {
    const exam = await createExamWithScale(tdb.db);
    const copy = await createCopy(tdb.db, exam.id);
    await recordAudit(tdb.db, { actorName: "direction" }, { action: "copy.reopened", targetType: "Copy", targetId: copy.id });
    expect(actions(await admin.get(`/api/audit?copy=${copy.anonymousCode}`))).toEqual(["copy.reopened"]);
    expect(actions(await admin.get(`/api/audit?copy=${copy.anonymousCode.toLowerCase()}`))).toEqual(["copy.reopened"]);
    expect(actions(await admin.get(`/api/audit?copy=FFFF-999`))).toEqual([]); // no such copy: nothing, not everything
    const csv = await fetch(`${server.url}/api/audit/export.csv?copy=${copy.anonymousCode}`, { headers: { cookie: admin.cookieHeader } });
    const rows = parseCsv(await csv.text(), { columns: true, bom: true }) as Array<{ action: string; target_id: string }>;
    expect(rows.map((r) => [r.action, r.target_id])).toEqual([["copy.reopened", copy.id]]);
  });
});
