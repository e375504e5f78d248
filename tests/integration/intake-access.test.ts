// Every intake route × every role, table-driven: who is let through (any answer but 401/403, and
// no 5xx), who gets 401, 403 — or 404 when a copy's existence must not leak to a grader.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { examsRouter } from "../../server/exams/exams-router.ts";
import { dispatchRoutes } from "../../server/dispatch/dispatch-routes.ts";
import { listRoutes } from "../../server/http/route-inventory.ts";
import { identificationRoutes } from "../../server/identification/identification-routes.ts";
import { intakeRouter } from "../../server/intake/intake-router.ts";
import { rosterRoutes } from "../../server/roster/roster-routes.ts";
import { TestClient } from "../helpers/http-client.ts";
import { examWithReadyCopies, multipart, startIntake, type IntakeEnv } from "../helpers/intake-setup.ts";
import { a4Pdf } from "../helpers/intake-pdfs.ts";
import { withCodePrefix } from "../helpers/exam-code-prefix.ts";

type Role = "ANON" | "STUDENT" | "GRADER" | "ASSIGNED_GRADER" | "SUPERVISOR" | "ADMIN";
type Expect = "ok" | 401 | 403 | 404;
const ROLES: Role[] = ["ANON", "STUDENT", "GRADER", "ASSIGNED_GRADER", "SUPERVISOR", "ADMIN"];

const ADMIN_ONLY: Record<Role, Expect> = { ANON: 401, STUDENT: 403, GRADER: 403, ASSIGNED_GRADER: 403, SUPERVISOR: 403, ADMIN: "ok" };
const OFFICE_READ: Record<Role, Expect> = { ANON: 401, STUDENT: 403, GRADER: 403, ASSIGNED_GRADER: 403, SUPERVISOR: "ok", ADMIN: "ok" };
const RUBRIC_EDIT: Record<Role, Expect> = { ANON: 401, STUDENT: 403, GRADER: 403, ASSIGNED_GRADER: 403, SUPERVISOR: "ok", ADMIN: "ok" };
const EXAM_MATERIAL: Record<Role, Expect> = { ANON: 401, STUDENT: 403, GRADER: 403, ASSIGNED_GRADER: "ok", SUPERVISOR: "ok", ADMIN: "ok" };
const COPY_SCAN: Record<Role, Expect> = { ANON: 401, STUDENT: 403, GRADER: 404, ASSIGNED_GRADER: "ok", SUPERVISOR: "ok", ADMIN: "ok" };
const OWN_WORK: Record<Role, Expect> = { ANON: 401, STUDENT: 403, GRADER: "ok", ASSIGNED_GRADER: "ok", SUPERVISOR: "ok", ADMIN: "ok" };

let env: IntakeEnv;
let f: {
  examId: string;
  copyId: string;
  otherCopyId: string;
  pageId: string;
  batchId: string;
  docId: string;
  studentId: string;
  exerciseId: string;
  assignedId: string;
  loosePageId: string;
};
let pdf: Uint8Array;

interface Call {
  method: string;
  url: string;
  json?: unknown;
  body?: Uint8Array;
  headers?: Record<string, string>;
}

const csv = (url: string): Call => ({
  method: "POST",
  url,
  body: new TextEncoder().encode("INE;NOM;PRENOM;CLASSE;EMAIL\n123456789A;DUPONT;Jean;TG4;\n"),
  headers: { "content-type": "text/csv" },
});
async function freshExam(): Promise<string> {
  const e = await withCodePrefix((codePrefix) => env.tdb.db.exam.create({ data: { title: "tmp", codePrefix } }));
  return e.id;
}
const upload = async (url: string, fields: Record<string, string>, field: string): Promise<Call> => {
  const { body, contentType } = await multipart(fields, [{ name: "x.pdf", bytes: pdf }], field);
  return { method: "POST", url, body, headers: { "content-type": contentType } };
};

const MATRIX: Record<string, { call: () => Call | Promise<Call>; expect: Record<Role, Expect> }> = {
  "GET /exams": { call: () => ({ method: "GET", url: "/api/exams" }), expect: OFFICE_READ },
  "POST /exams": { call: () => ({ method: "POST", url: "/api/exams", json: { title: "Matrix" } }), expect: ADMIN_ONLY },
  "GET /exams/:id": { call: () => ({ method: "GET", url: `/api/exams/${f.examId}` }), expect: OFFICE_READ },
  "PATCH /exams/:id": { call: () => ({ method: "PATCH", url: `/api/exams/${f.examId}`, json: { subject: "Maths" } }), expect: ADMIN_ONLY },
  "POST /exams/:id/archive": { call: async () => ({ method: "POST", url: `/api/exams/${await freshExam()}/archive` }), expect: ADMIN_ONLY },
  "POST /exams/:id/unarchive": { call: async () => ({ method: "POST", url: `/api/exams/${await freshExam()}/unarchive` }), expect: ADMIN_ONLY },
  "GET /exams/:id/scale": { call: () => ({ method: "GET", url: `/api/exams/${f.examId}/scale` }), expect: EXAM_MATERIAL },
  "GET /exams/:id/rubric": { call: () => ({ method: "GET", url: `/api/exams/${f.examId}/rubric` }), expect: EXAM_MATERIAL },
  "GET /exams/:id/regions": { call: () => ({ method: "GET", url: `/api/exams/${f.examId}/regions` }), expect: EXAM_MATERIAL },
  "PUT /exams/:id/regions": {
    call: () => ({ method: "PUT", url: `/api/exams/${f.examId}/regions`, json: { questions: {} } }),
    expect: { ANON: 401, STUDENT: 403, GRADER: 403, ASSIGNED_GRADER: 403, SUPERVISOR: "ok", ADMIN: "ok" },
  },
  "POST /exams/:id/rubric/preview": {
    call: () => ({ method: "POST", url: `/api/exams/${f.examId}/rubric/preview`, json: { baseVersion: 0, questions: {} } }),
    expect: RUBRIC_EDIT,
  },
  "POST /exams/:id/rubric/apply": {
    call: () => ({ method: "POST", url: `/api/exams/${f.examId}/rubric/apply`, json: { baseVersion: 0, questions: {} } }),
    expect: RUBRIC_EDIT,
  },
  "POST /exams/:id/rubric/undo": { call: () => ({ method: "POST", url: `/api/exams/${f.examId}/rubric/undo`, json: { baseVersion: 1 } }), expect: RUBRIC_EDIT },
  "PUT /exams/:id/scale": {
    call: async () => ({ method: "PUT", url: `/api/exams/${await freshExam()}/scale`, json: { exercises: [{ label: "Ex", maxPoints: 2 }] } }),
    expect: ADMIN_ONLY,
  },
  "POST /exams/:id/documents": { call: () => upload(`/api/exams/${f.examId}/documents`, { kind: "SUBJECT" }, "file"), expect: ADMIN_ONLY },
  "GET /exams/:id/documents": { call: () => ({ method: "GET", url: `/api/exams/${f.examId}/documents` }), expect: EXAM_MATERIAL },
  "GET /exams/:id/documents/:docId/pdf": { call: () => ({ method: "GET", url: `/api/exams/${f.examId}/documents/${f.docId}/pdf` }), expect: EXAM_MATERIAL },
  "DELETE /exams/:id/documents/:docId": {
    call: async () => {
      const d = await env.tdb.db.examDocument.create({
        data: {
          examId: f.examId,
          kind: "OTHER",
          originalName: "x.pdf",
          sha256: "0".repeat(64),
          sizeBytes: 1,
          mimeType: "application/pdf",
          storagePath: "documents/00/x.pdf",
        },
      });
      return { method: "DELETE", url: `/api/exams/${f.examId}/documents/${d.id}` };
    },
    expect: ADMIN_ONLY,
  },
  "POST /roster/preview": { call: () => csv("/api/roster/preview"), expect: ADMIN_ONLY },
  "POST /roster/import": { call: () => csv("/api/roster/import"), expect: ADMIN_ONLY },
  "POST /exams/:id/batches": {
    call: () => upload(`/api/exams/${f.examId}/batches`, { mode: "PER_COPY", allowDuplicate: "true" }, "files"),
    expect: ADMIN_ONLY,
  },
  "GET /exams/:id/batches": { call: () => ({ method: "GET", url: `/api/exams/${f.examId}/batches` }), expect: OFFICE_READ },
  "GET /exams/:id/batches/:batchId": { call: () => ({ method: "GET", url: `/api/exams/${f.examId}/batches/${f.batchId}` }), expect: OFFICE_READ },
  "POST /exams/:id/batches/:batchId/retry": { call: () => ({ method: "POST", url: `/api/exams/${f.examId}/batches/${f.batchId}/retry` }), expect: ADMIN_ONLY },
  "DELETE /exams/:id/batches/:batchId": { call: () => ({ method: "DELETE", url: `/api/exams/${f.examId}/batches/${f.batchId}` }), expect: ADMIN_ONLY },
  "POST /exams/:id/booklets": {
    call: () => ({ method: "POST", url: `/api/exams/${f.examId}/booklets`, json: { mode: "anonymous", count: 1, template: "blank", pageCount: 1 } }),
    expect: ADMIN_ONLY,
  },
  "GET /exams/:id/booklets": { call: () => ({ method: "GET", url: `/api/exams/${f.examId}/booklets` }), expect: OFFICE_READ },
  "GET /exams/:id/booklets/runs/:run/pdf": { call: () => ({ method: "GET", url: `/api/exams/${f.examId}/booklets/runs/1/pdf` }), expect: OFFICE_READ },
  "GET /exams/:id/stapler": { call: () => ({ method: "GET", url: `/api/exams/${f.examId}/stapler` }), expect: OFFICE_READ },
  "GET /exams/:id/stapler/pages/:pageId/pdf": {
    call: () => ({ method: "GET", url: `/api/exams/${f.examId}/stapler/pages/${f.loosePageId}/pdf` }),
    expect: OFFICE_READ,
  },
  "POST /exams/:id/stapler/move-page": {
    call: () => ({ method: "POST", url: `/api/exams/${f.examId}/stapler/move-page`, json: { pageId: f.pageId, toCopyId: f.otherCopyId } }),
    expect: ADMIN_ONLY,
  },
  "POST /exams/:id/stapler/merge": {
    call: () => ({ method: "POST", url: `/api/exams/${f.examId}/stapler/merge`, json: { targetCopyId: f.copyId, sourceCopyId: f.otherCopyId } }),
    expect: ADMIN_ONLY,
  },
  "POST /exams/:id/stapler/split": {
    call: () => ({ method: "POST", url: `/api/exams/${f.examId}/stapler/split`, json: { copyId: f.copyId, atPageId: f.pageId } }),
    expect: ADMIN_ONLY,
  },
  "POST /exams/:id/stapler/reorder": {
    call: () => ({ method: "POST", url: `/api/exams/${f.examId}/stapler/reorder`, json: { copyId: f.copyId, pageIds: [f.pageId] } }),
    expect: ADMIN_ONLY,
  },
  "POST /exams/:id/stapler/rotate": {
    call: () => ({ method: "POST", url: `/api/exams/${f.examId}/stapler/rotate`, json: { pageId: f.pageId, rotation: 0 } }),
    expect: ADMIN_ONLY,
  },
  "POST /exams/:id/stapler/new-copy": {
    call: () => ({ method: "POST", url: `/api/exams/${f.examId}/stapler/new-copy`, json: { pageIds: [f.pageId] } }),
    expect: ADMIN_ONLY,
  },
  "POST /exams/:id/stapler/delete-copy": {
    call: () => ({ method: "POST", url: `/api/exams/${f.examId}/stapler/delete-copy`, json: { copyId: f.otherCopyId } }),
    expect: ADMIN_ONLY,
  },
  "GET /exams/:id/stapler/copy-suggestions": {
    call: () => ({ method: "GET", url: `/api/exams/${f.examId}/stapler/copy-suggestions?q=001` }),
    expect: ADMIN_ONLY,
  },
  "POST /exams/:id/stapler/attach-extra": {
    call: () => ({ method: "POST", url: `/api/exams/${f.examId}/stapler/attach-extra`, json: { pageId: f.loosePageId, copyId: f.copyId } }),
    expect: ADMIN_ONLY,
  },
  "POST /exams/:id/stapler/detach-extra": {
    call: () => ({ method: "POST", url: `/api/exams/${f.examId}/stapler/detach-extra`, json: { pageId: f.pageId } }),
    expect: ADMIN_ONLY,
  },
  "POST /exams/:id/validate": { call: () => ({ method: "POST", url: `/api/exams/${f.examId}/validate`, json: {} }), expect: ADMIN_ONLY },
  "GET /copies/:id": { call: () => ({ method: "GET", url: `/api/copies/${f.copyId}` }), expect: COPY_SCAN },
  "GET /copies/:id/pdf": { call: () => ({ method: "GET", url: `/api/copies/${f.copyId}/pdf` }), expect: COPY_SCAN },
  "GET /exams/:id/copies": { call: () => ({ method: "GET", url: `/api/exams/${f.examId}/copies` }), expect: OFFICE_READ },
  "GET /exams/:id/roster/search": { call: () => ({ method: "GET", url: `/api/exams/${f.examId}/roster/search?q=dupont` }), expect: OFFICE_READ },
  "PUT /copies/:id/student": {
    call: () => ({ method: "PUT", url: `/api/copies/${f.otherCopyId}/student`, json: { studentId: f.studentId } }),
    expect: ADMIN_ONLY,
  },
  "DELETE /copies/:id/student": { call: () => ({ method: "DELETE", url: `/api/copies/${f.otherCopyId}/student` }), expect: ADMIN_ONLY },
  "PUT /copies/:id/variant": { call: () => ({ method: "PUT", url: `/api/copies/${f.otherCopyId}/variant`, json: { variant: null } }), expect: ADMIN_ONLY },
  "PUT /exams/:id/absences/:studentId": { call: () => ({ method: "PUT", url: `/api/exams/${f.examId}/absences/${f.studentId}` }), expect: ADMIN_ONLY },
  "DELETE /exams/:id/absences/:studentId": { call: () => ({ method: "DELETE", url: `/api/exams/${f.examId}/absences/${f.studentId}` }), expect: ADMIN_ONLY },
  "GET /exams/:id/dispatch": { call: () => ({ method: "GET", url: `/api/exams/${f.examId}/dispatch` }), expect: OFFICE_READ },
  "POST /exams/:id/dispatch": {
    call: () => ({ method: "POST", url: `/api/exams/${f.examId}/dispatch`, json: { mode: "copies", graderIds: [f.assignedId] } }),
    expect: ADMIN_ONLY,
  },
  "GET /grader/exams": { call: () => ({ method: "GET", url: "/api/grader/exams" }), expect: OWN_WORK },
  "GET /grader/copies": { call: () => ({ method: "GET", url: `/api/grader/copies?examId=${f.examId}` }), expect: OWN_WORK },
};

const clients = new Map<Role, TestClient>();

beforeAll(async () => {
  env = await startIntake();
  pdf = await a4Pdf(1);
  const { examId, copyIds } = await examWithReadyCopies(env, 3);
  const assigned = await env.as("GRADER");
  await env.tdb.db.assignment.create({ data: { copyId: copyIds[0]!, graderId: assigned.userId } });
  const scale = await env.admin.request("PUT", `/api/exams/${examId}/scale`, { json: { exercises: [{ label: "Ex 1", maxPoints: 5 }] } });
  const doc = await multipart({ kind: "SUBJECT" }, [{ name: "sujet.pdf", bytes: await a4Pdf(1, { label: "S" }) }], "file");
  const d = await env.admin.request("POST", `/api/exams/${examId}/documents`, { body: doc.body, headers: { "content-type": doc.contentType } });
  const page = await env.tdb.db.page.findFirstOrThrow({ where: { copyId: copyIds[0] } });
  const batch = await env.tdb.db.scanBatch.findFirstOrThrow({ where: { examId } });
  const { id: _id, copyId: _copy, createdAt: _at, ...pageFields } = page;
  const loose = await env.tdb.db.page.create({ data: { ...pageFields, copyId: null, position: 0 } });
  const student = await env.tdb.db.student.create({ data: { lastName: "DUPONT", firstName: "Jean" } });
  const run = await env.admin.post(`/api/exams/${examId}/booklets`, { mode: "anonymous", count: 2, template: "subject" });
  if (run.status !== 201) throw new Error(`booklets: ${run.status} ${JSON.stringify(run.body)}`);
  f = {
    examId,
    copyId: copyIds[0]!,
    otherCopyId: copyIds[1]!,
    pageId: page.id,
    batchId: batch.id,
    docId: d.body.document.id,
    studentId: student.id,
    exerciseId: scale.body.scale.exercises[0].id,
    assignedId: assigned.userId,
    loosePageId: loose.id,
  };
  clients.set("ANON", new TestClient(env.server.url));
  clients.set("ASSIGNED_GRADER", assigned);
  for (const role of ["STUDENT", "GRADER", "SUPERVISOR", "ADMIN"] as const) clients.set(role, await env.as(role));
});
afterAll(async () => env?.close());

describe("intake access matrix", () => {
  it("covers every intake route", () => {
    const ctx = env.server.ctx;
    const routes = [examsRouter(ctx), rosterRoutes(ctx), intakeRouter(ctx), identificationRoutes(ctx), dispatchRoutes(ctx)].flatMap((r) => listRoutes(r));
    expect(routes.sort()).toEqual(Object.keys(MATRIX).sort());
  });

  for (const route of Object.keys(MATRIX)) {
    it.each(ROLES)(`${route} as %s`, async (role) => {
      const call = await MATRIX[route]!.call();
      const r = await clients.get(role)!.request(call.method, call.url, { json: call.json, body: call.body, headers: call.headers });
      const want = MATRIX[route]!.expect[role];
      const what = `${route} as ${role} → ${r.status} ${JSON.stringify(r.body)?.slice(0, 200)}`;
      if (want === "ok") {
        expect([401, 403].includes(r.status), what).toBe(false);
        expect(r.status, what).toBeLessThan(500);
      } else {
        expect(r.status, what).toBe(want);
        expect(r.body.code, what).toBe(want === 401 ? "UNAUTHENTICATED" : want === 403 ? "FORBIDDEN" : "NOT_FOUND");
      }
    });
  }
});
