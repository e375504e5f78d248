// A scan upload whose body stops arriving while its connection stays open (a laptop put to sleep, a
// half-open connection, a cancelled upload whose connection lingers): after BODY_IDLE_TIMEOUT_SEC the
// server answers 408, closes the connection and deletes the partial file. A slow upload that keeps
// sending is not cut, however long it takes.
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bytesUnder, filesUnder } from "../helpers/files-under.ts";
import { waitFor } from "../helpers/grading-fixture.ts";
import { a4Pdf } from "../helpers/intake-pdfs.ts";
import { createExam, multipart, startIntake, type IntakeEnv } from "../helpers/intake-setup.ts";

const IDLE_SEC = 2;
let env: IntakeEnv;
let examId: string;
beforeAll(async () => {
  env = await startIntake({ BODY_IDLE_TIMEOUT_SEC: String(IDLE_SEC) });
  examId = await createExam(env.admin);
});
afterAll(async () => env?.close());

interface Answer {
  status: number | "closed";
  body: string;
}

/** A POST whose body the test writes itself, and the answer (or the connection closed without one). */
function openPost(urlPath: string, headers: http.OutgoingHttpHeaders): { req: http.ClientRequest; answer: Promise<Answer> } {
  const url = new URL(`${env.server.url}${urlPath}`);
  const req = http.request({
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    method: "POST",
    headers: { cookie: env.admin.cookieHeader, "x-csrf-token": env.admin.csrfToken!, origin: "http://localhost:3000", ...headers },
  });
  const answer = new Promise<Answer>((resolve) => {
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, body }));
      res.on("error", () => resolve({ status: res.statusCode!, body }));
    });
    req.on("error", () => resolve({ status: "closed", body: "" }));
  });
  return { req, answer };
}

describe("upload body that stops arriving", () => {
  it("is cut after the idle delay with 408, its partial file deleted and no batch created", async () => {
    const media = path.join(env.server.dataDir, "media");
    const pdf = new Uint8Array(2 * 1024 * 1024);
    pdf.set(await a4Pdf(1));
    const { body, contentType } = await multipart({ mode: "PER_COPY" }, [{ name: "endormi.pdf", bytes: pdf }]);
    const { req, answer } = openPost(`/api/exams/${examId}/batches`, { "content-type": contentType, "content-length": body.byteLength });
    req.write(body.subarray(0, body.byteLength / 2));
    await waitFor(() => bytesUnder(media) >= 512 * 1024, 20_000, "the partial file on disk");
    const stalledAt = Date.now();
    // the client neither sends the rest nor closes its connection

    const got = await answer;
    expect(Date.now() - stalledAt).toBeGreaterThanOrEqual(IDLE_SEC * 1000 - 250);
    expect(got.status).toBe(408);
    expect(JSON.parse(got.body)).toMatchObject({ code: "REQUEST_TIMEOUT" });
    await waitFor(() => filesUnder(media).length === 0, 20_000, "the partial file to be deleted");
    expect(await env.tdb.db.scanBatch.count({ where: { examId } })).toBe(0);
    req.destroy();
    expect((await env.admin.get("/api/health/ready")).status).toBe(200);
  }, 60_000);

  it("does not cut an upload that keeps sending, slowly, for longer than the idle delay", async () => {
    const { body, contentType } = await multipart({ mode: "PER_COPY" }, [{ name: "lent.pdf", bytes: await a4Pdf(2, { label: "lent" }) }]);
    const { req, answer } = openPost(`/api/exams/${examId}/batches`, { "content-type": contentType, "content-length": body.byteLength });
    const started = Date.now();
    const pieces = 24; // one every 250 ms: 6 s in all, three times the idle delay
    const size = Math.ceil(body.byteLength / pieces);
    for (let i = 0; i < pieces; i++) {
      req.write(body.subarray(i * size, (i + 1) * size));
      await new Promise((r) => setTimeout(r, 250));
    }
    req.end();
    const got = await answer;
    expect(Date.now() - started).toBeGreaterThan(IDLE_SEC * 2 * 1000);
    expect(got.status, got.body).toBe(202);
    expect(await env.tdb.db.scanBatch.count({ where: { examId } })).toBe(1);
  }, 60_000);

  it("cuts any other request body that stops arriving (a JSON body), and the server keeps serving", async () => {
    const json = JSON.stringify({ title: "Bac blanc endormi", subject: "Maths", examDate: "2026-11-18" });
    const { req, answer } = openPost("/api/exams", { "content-type": "application/json", "content-length": Buffer.byteLength(json) });
    req.write(json.slice(0, 10));
    const got = await answer;
    expect(got.status).toBe(408);
    expect(JSON.parse(got.body)).toMatchObject({ code: "REQUEST_TIMEOUT" });
    req.destroy();
    expect(await env.tdb.db.exam.count({ where: { title: "Bac blanc endormi" } })).toBe(0);
    expect((await env.admin.post("/api/exams", JSON.parse(json))).status).toBe(201);
  }, 60_000);

  it("leaves no limit on a whole request to Node (a long upload is the idle rule's to judge)", () => {
    expect(env.server.httpServer.requestTimeout).toBe(0);
    expect(env.server.httpServer.headersTimeout).toBeGreaterThan(0);
  });
});
