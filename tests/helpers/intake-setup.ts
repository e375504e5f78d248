// One server per intake test file, signed-in clients per role, and shortcuts for the intake flow.
import { createUser } from "./factories.ts";
import { TestClient, type JsonResponse } from "./http-client.ts";
import { createTestDatabase, type TestDatabase } from "./test-db.ts";
import { startTestServer } from "./test-server.ts";
import { splitBatch } from "../../server/intake/split-batch.ts";
import type { Role } from "../../server/db/client.ts";

export type IntakeServer = Awaited<ReturnType<typeof startTestServer>>;

export interface IntakeEnv {
  tdb: TestDatabase;
  server: IntakeServer;
  admin: TestClient;
  as(role: Role): Promise<TestClient & { userId: string }>;
  close(): Promise<void>;
}

export async function startIntake(env: Record<string, string> = {}): Promise<IntakeEnv> {
  const tdb = await createTestDatabase();
  const server = await startTestServer({ databaseUrl: tdb.url, env });
  const as = async (role: Role) => {
    const u = await createUser(tdb.db, role);
    const c = new TestClient(server.url);
    const r = await c.login(u.username, u.password);
    if (r.status !== 200) throw new Error(`login failed: ${r.status}`);
    return Object.assign(c, { userId: u.id });
  };
  const admin = await as("ADMIN");
  return {
    tdb,
    server,
    admin,
    as,
    async close() {
      await server.close();
      await tdb.drop();
    },
  };
}

export async function createExam(c: TestClient, title = "Bac blanc"): Promise<string> {
  const r = await c.post("/api/exams", { title, subject: "Maths", examDate: "2026-11-18" });
  if (r.status !== 201) throw new Error(`create exam: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.exam.id as string;
}

export interface UploadFile {
  name: string;
  bytes: Uint8Array;
  type?: string;
}

/** A multipart/form-data body (built by fetch's own encoder). */
export async function multipart(fields: Record<string, string>, files: UploadFile[], fileField = "files"): Promise<{ body: Uint8Array; contentType: string }> {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) fd.append(fileField, new Blob([new Uint8Array(f.bytes)], { type: f.type ?? "application/pdf" }), f.name);
  const req = new Request("http://localhost/", { method: "POST", body: fd });
  return { body: new Uint8Array(await req.arrayBuffer()), contentType: req.headers.get("content-type")! };
}

export async function upload(c: TestClient, examId: string, fields: Record<string, string>, files: UploadFile[]): Promise<JsonResponse> {
  const { body, contentType } = await multipart(fields, files);
  return c.request("POST", `/api/exams/${examId}/batches`, { body, headers: { "content-type": contentType } });
}

/** Runs the split job's handler in-process (the worker itself is exercised in intake-split-worker). */
export async function split(server: IntakeServer, batchId: string) {
  return splitBatch(server.ctx, batchId, server.ctx.log);
}

/** Upload + split, expecting success; returns the batches. */
export async function uploadAndSplit(env: IntakeEnv, examId: string, fields: Record<string, string>, files: UploadFile[]) {
  const r = await upload(env.admin, examId, fields, files);
  if (r.status !== 202) throw new Error(`upload: ${r.status} ${JSON.stringify(r.body)}`);
  for (const b of r.body.batches) await split(env.server, b.id);
  return r.body.batches as Array<{ id: string; totalPages: number }>;
}

export async function examCopies(c: TestClient, examId: string) {
  const r = await c.get(`/api/exams/${examId}/copies`);
  if (r.status !== 200) throw new Error(`copies: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as {
    copies: Array<{ id: string; anonymousCode: string; state: string; pageCount: number; student: { id: string } | null }>;
    progress: { total: number; identified: number; remaining: number; absent: number };
  };
}

export async function fetchBytes(c: TestClient, url: string, headers: Record<string, string> = {}) {
  const res = await fetch(c.baseUrl + url, { headers: { cookie: c.cookieHeader, ...headers } });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** The label a test PDF drew on this copy page (the half's own label for an A3 side). */
export async function pageLabel(server: IntakeServer, page: { sourcePath: string; sourcePage: number; half: string }): Promise<string> {
  const { pageLabels } = await import("./intake-pdfs.ts");
  const fs = await import("node:fs");
  const path = await import("node:path");
  const labels = (await pageLabels(new Uint8Array(fs.readFileSync(path.join(server.dataDir, "media", page.sourcePath)))))[page.sourcePage]!.split(" ");
  return page.half === "RIGHT" ? labels[1]! : labels[0]!;
}

/** Every copy of an exam with its pages' labels, in copy order. */
export async function copyLabels(env: IntakeEnv, examId: string): Promise<string[][]> {
  const copies = await env.tdb.db.copy.findMany({ where: { examId }, orderBy: { seq: "asc" }, include: { pages: { orderBy: { position: "asc" } } } });
  const out: string[][] = [];
  for (const c of copies) out.push(await Promise.all(c.pages.map((p) => pageLabel(env.server, p))));
  return out;
}

/** An exam with `n` validated one-page copies (READY), through the real upload, split and validation. */
export async function examWithReadyCopies(env: IntakeEnv, n: number, title = "Bac blanc"): Promise<{ examId: string; copyIds: string[] }> {
  const { a4Pdf } = await import("./intake-pdfs.ts");
  const examId = await createExam(env.admin, title);
  await uploadAndSplit(env, examId, { mode: "SPLIT_EVERY_N", pagesPerCopy: "1" }, [{ name: "lot.pdf", bytes: await a4Pdf(n, { label: `${title}-` }) }]);
  const v = await env.admin.post(`/api/exams/${examId}/validate`, {});
  if (v.status !== 200) throw new Error(`validate: ${v.status} ${JSON.stringify(v.body)}`);
  const copies = await env.tdb.db.copy.findMany({ where: { examId }, orderBy: { seq: "asc" }, select: { id: true } });
  return { examId, copyIds: copies.map((c) => c.id) };
}
