// A scan upload the client cancels halfway (the browser's xhr.abort() closes the connection):
// the partial file is deleted, no batch is created, and the server keeps serving uploads.
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bytesUnder, filesUnder } from "../helpers/files-under.ts";
import { waitFor } from "../helpers/grading-fixture.ts";
import { a4Pdf } from "../helpers/intake-pdfs.ts";
import { createExam, multipart, startIntake, upload, type IntakeEnv } from "../helpers/intake-setup.ts";

let env: IntakeEnv;
let examId: string;
beforeAll(async () => {
  env = await startIntake();
  examId = await createExam(env.admin);
});
afterAll(async () => env?.close());

describe("cancelled upload", () => {
  it("deletes the partial file and creates no batch when the client aborts mid-stream", async () => {
    const media = path.join(env.server.dataDir, "media");
    // a 2 MB file, so the first half is well inside the body when the client goes away
    const pdf = new Uint8Array(2 * 1024 * 1024);
    pdf.set(await a4Pdf(1));
    const { body, contentType } = await multipart({ mode: "PER_COPY" }, [{ name: "cancelled.pdf", bytes: pdf }]);
    const url = new URL(`${env.server.url}/api/exams/${examId}/batches`);
    const req = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: "POST",
      headers: {
        "content-type": contentType,
        "content-length": body.byteLength,
        cookie: env.admin.cookieHeader,
        "x-csrf-token": env.admin.csrfToken!,
        origin: "http://localhost:3000",
      },
    });
    const answered = new Promise<string>((resolve) => {
      req.on("response", (res) => resolve(`answered ${res.statusCode}`));
      req.on("error", () => resolve("closed"));
      req.on("close", () => resolve("closed"));
    });
    req.write(body.subarray(0, body.byteLength / 2));
    // the server is writing the file: half of it reached the disk
    await waitFor(() => bytesUnder(media) >= 512 * 1024, 20_000, "the partial file on disk");
    req.destroy(); // what xhr.abort() does to the connection
    expect(await answered).toBe("closed");

    await waitFor(() => filesUnder(media).length === 0, 20_000, "the partial file to be deleted");
    expect(await env.tdb.db.scanBatch.count({ where: { examId } })).toBe(0);

    // still healthy: the same admin uploads right after
    const ok = await upload(env.admin, examId, { mode: "PER_COPY" }, [{ name: "after.pdf", bytes: await a4Pdf(2, { label: "after" }) }]);
    expect(ok.status, JSON.stringify(ok.body)).toBe(202);
    expect(await env.tdb.db.scanBatch.count({ where: { examId } })).toBe(1);
    expect((await env.admin.get("/api/health/ready")).status).toBe(200);
  }, 90_000);
});
