// Exam documents (subject, answer key): PDF only, checked, stored content-addressed, streamed to
// the office, supervisors and the exam's graders only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExam, fetchBytes, multipart, startIntake, type IntakeEnv } from "../helpers/intake-setup.ts";
import { a4Pdf, fixture } from "../helpers/intake-pdfs.ts";
import type { TestClient } from "../helpers/http-client.ts";

let env: IntakeEnv;
let examId: string;
beforeAll(async () => {
  env = await startIntake();
  examId = await createExam(env.admin);
});
afterAll(async () => env?.close());

async function uploadDoc(c: TestClient, kind: string, name: string, bytes: Uint8Array) {
  const { body, contentType } = await multipart({ kind }, [{ name, bytes }], "file");
  return c.request("POST", `/api/exams/${examId}/documents`, { body, headers: { "content-type": contentType } });
}

describe("exam documents", () => {
  it("stores a subject and an answer key; graders of the exam read them, others do not", async () => {
    const subject = await a4Pdf(2, { label: "Sujet" });
    const up = await uploadDoc(env.admin, "SUBJECT", "Sujet bac blanc.pdf", subject);
    expect(up.status).toBe(201);
    expect(up.body.document).toMatchObject({ kind: "SUBJECT", originalName: "Sujet bac blanc.pdf", sizeBytes: subject.length, pageCount: 2 });
    expect((await uploadDoc(env.admin, "ANSWER_KEY", "corrigé.pdf", fixture("copy_2p_simple.pdf"))).status).toBe(201);

    const list = await env.admin.get(`/api/exams/${examId}/documents`);
    expect(list.body.documents.map((d: { kind: string }) => d.kind)).toEqual(["SUBJECT", "ANSWER_KEY"]);
    const url = list.body.documents[0].url;
    const got = await fetchBytes(env.admin, url);
    expect(got.status).toBe(200);
    expect(Buffer.from(got.bytes).equals(Buffer.from(subject))).toBe(true);
    expect((await fetchBytes(env.admin, url, { "if-none-match": got.headers.get("etag")! })).status).toBe(304);

    const grader = await env.as("GRADER");
    expect((await fetchBytes(grader, url)).status).toBe(403);
    const exam = await env.tdb.db.exam.findUniqueOrThrow({ where: { id: examId } });
    const copy = await env.tdb.db.copy.create({ data: { examId, seq: 900, anonymousCode: `${exam.codePrefix}-900`, state: "READY" } });
    await env.tdb.db.assignment.create({ data: { copyId: copy.id, graderId: grader.userId } });
    expect((await fetchBytes(grader, url)).status).toBe(200);
    expect((await grader.get(`/api/exams/${examId}/documents`)).status).toBe(200);
    expect((await fetchBytes(await env.as("STUDENT"), url)).status).toBe(403);
    expect((await fetchBytes(await env.as("SUPERVISOR"), url)).status).toBe(200);

    expect((await env.admin.request("DELETE", url.replace(/\/pdf$/, ""))).status).toBe(204);
    expect((await env.admin.get(`/api/exams/${examId}/documents`)).body.documents).toHaveLength(1);
  });

  it("refuses a file that is not a PDF, or a broken one", async () => {
    const notPdf = await uploadDoc(env.admin, "SUBJECT", "sujet.docx", new TextEncoder().encode("PK\u0003\u0004 word document"));
    expect(notPdf.status).toBe(415);
    expect(notPdf.body.code).toBe("NOT_A_PDF");
    const broken = await uploadDoc(env.admin, "SUBJECT", "sujet.pdf", fixture("corrupted_truncated.pdf"));
    expect(broken.body.code).toBe("PDF_CORRUPTED");
    const noKind = await uploadDoc(env.admin, "EXAM", "sujet.pdf", await a4Pdf(1));
    expect(noKind.status).toBe(400);
  });
});
