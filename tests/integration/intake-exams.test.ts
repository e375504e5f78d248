// Exams: an admin creates, edits, lists, archives and unarchives; an archived exam is read-only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCopy } from "../helpers/grading-factories.ts";
import { startIntake, type IntakeEnv } from "../helpers/intake-setup.ts";

let env: IntakeEnv;
beforeAll(async () => {
  env = await startIntake();
});
afterAll(async () => env?.close());

describe("exams", () => {
  it("creates an exam with a unique 4-hex code prefix, edits it, archives it", async () => {
    const created = await env.admin.post("/api/exams", { title: "Bac blanc de physique", subject: "Physique", examDate: "2026-12-01" });
    expect(created.status).toBe(201);
    expect(created.body.exam).toMatchObject({ title: "Bac blanc de physique", subject: "Physique", examDate: "2026-12-01", status: "DRAFT" });
    expect(created.body.exam.codePrefix).toMatch(/^[0-9A-F]{4}$/);
    const id = created.body.exam.id;

    const edited = await env.admin.request("PATCH", `/api/exams/${id}`, { json: { title: "Bac blanc de physique-chimie", status: "ACTIVE", subject: null } });
    expect(edited.status).toBe(200);
    expect(edited.body.exam).toMatchObject({ title: "Bac blanc de physique-chimie", status: "ACTIVE", subject: null });

    const got = await env.admin.get(`/api/exams/${id}`);
    expect(got.body.exam).toMatchObject({ id, copies: { total: 0 }, batches: 0 });
    expect((await env.admin.get("/api/exams")).body.exams.map((e: { id: string }) => e.id)).toContain(id);

    const archived = await env.admin.post(`/api/exams/${id}/archive`);
    expect(archived.body.exam.status).toBe("ARCHIVED");
    expect(archived.body.exam.archivedAt).toBeTruthy();
    expect((await env.admin.get("/api/exams")).body.exams.map((e: { id: string }) => e.id)).not.toContain(id);
    expect((await env.admin.get("/api/exams?archived=true")).body.exams.map((e: { id: string }) => e.id)).toContain(id);

    const refused = await env.admin.request("PATCH", `/api/exams/${id}`, { json: { title: "x" } });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("INVALID_STATE");
    expect((await env.admin.post(`/api/exams/${id}/unarchive`)).body.exam.status).toBe("ACTIVE");
  });

  it("lists each exam with its copy counts by state", async () => {
    const id = (await env.admin.post("/api/exams", { title: "Bac blanc de SVT" })).body.exam.id as string;
    const empty = (await env.admin.post("/api/exams", { title: "Brevet blanc" })).body.exam.id as string;
    for (const state of ["STAGING", "READY", "READY", "GRADED"] as const) await createCopy(env.tdb.db, id, { state });
    const exams: Array<{ id: string; copies: unknown }> = (await env.admin.get("/api/exams")).body.exams;
    expect(exams.find((e) => e.id === id)?.copies).toEqual({ total: 4, byState: { STAGING: 1, READY: 2, GRADED: 1 } });
    expect(exams.find((e) => e.id === empty)?.copies).toEqual({ total: 0, byState: {} });
  });

  it("refuses bad input with the field in error", async () => {
    const r = await env.admin.post("/api/exams", { title: "", examDate: "18/11/2026" });
    expect(r.status).toBe(400);
    expect(r.body.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(["examDate", "title"]);
    expect((await env.admin.get("/api/exams/6f1c2a7e-0000-4000-8000-000000000000")).status).toBe(404);
  });
});
