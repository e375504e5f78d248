// The split job in the real worker role: picked up after the upload's commit, progress stored and
// pushed live on NOTIFY korrigo_events; idempotent, resumable after a crash, failing cleanly.
import fs from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type RunningWorker } from "../../server/jobs/worker.ts";
import { CHUNK_SIDES } from "../../server/intake/split-batch.ts";
import { copyLabels, createExam, split, startIntake, upload, type IntakeEnv } from "../helpers/intake-setup.ts";
import { a4Pdf } from "../helpers/intake-pdfs.ts";

let env: IntakeEnv;
let worker: RunningWorker;
beforeAll(async () => {
  env = await startIntake();
  worker = await startWorker(env.server.ctx, { maintenanceCron: "0 0 1 1 *" });
});
afterAll(async () => {
  await worker?.stop();
  await env?.close();
});

interface ProgressEvent {
  type: string;
  examId: string;
  batchId: string;
  processed: number;
  total: number;
  status: string;
}

describe("split job", () => {
  it("runs in the worker and publishes batch:progress until DONE", async () => {
    const listener = new pg.Client({ connectionString: env.tdb.url });
    await listener.connect();
    const events: ProgressEvent[] = [];
    listener.on("notification", (n) => events.push(JSON.parse(n.payload!)));
    await listener.query("LISTEN korrigo_events");
    try {
      const examId = await createExam(env.admin);
      const pages = CHUNK_SIDES * 2 + 4;
      const r = await upload(env.admin, examId, { mode: "SPLIT_EVERY_N", pagesPerCopy: "2" }, [{ name: "lot.pdf", bytes: await a4Pdf(pages) }]);
      expect(r.status).toBe(202);
      const batchId = r.body.batches[0].id;
      const deadline = Date.now() + 30_000;
      while (!events.some((e) => e.batchId === batchId && e.status === "DONE") && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 100));
      const mine = events.filter((e) => e.batchId === batchId);
      expect(mine.at(-1)).toEqual({ type: "batch:progress", examId, batchId, processed: pages, total: pages, status: "DONE" });
      expect(mine.filter((e) => e.status === "PROCESSING").length).toBeGreaterThanOrEqual(3); // start + one per chunk
      const processed = mine.map((e) => e.processed);
      expect([...processed].sort((a, b) => a - b)).toEqual(processed);
      expect(await env.tdb.db.copy.count({ where: { examId } })).toBe(pages / 2);
      expect((await env.admin.get(`/api/exams/${examId}/batches/${batchId}`)).body.batch).toMatchObject({
        status: "DONE",
        processedPages: pages,
        totalPages: pages,
      });
    } finally {
      await listener.end();
    }
  });

  it("resumes after a crash from the pages already committed, without duplicates; a second run is a no-op", async () => {
    const examId = await createExam(env.admin);
    await worker.stop(); // this test drives the handler itself
    try {
      const r = await upload(env.admin, examId, { mode: "SPLIT_EVERY_N", pagesPerCopy: "2" }, [{ name: "lot.pdf", bytes: await a4Pdf(CHUNK_SIDES * 2) }]);
      const batchId = r.body.batches[0].id;
      await split(env.server, batchId);
      const expected = await copyLabels(env, examId);
      // rewind to what a crash after the first chunk leaves: first chunk committed, the rest not
      const later = await env.tdb.db.copy.findMany({ where: { examId }, orderBy: { seq: "asc" }, skip: CHUNK_SIDES / 2, select: { id: true } });
      await env.tdb.db.page.deleteMany({ where: { copyId: { in: later.map((c) => c.id) } } });
      await env.tdb.db.copy.deleteMany({ where: { id: { in: later.map((c) => c.id) } } });
      await env.tdb.db.scanBatch.update({ where: { id: batchId }, data: { status: "PROCESSING", processedPages: CHUNK_SIDES } });

      expect((await split(env.server, batchId)).copies).toBe(CHUNK_SIDES / 2);
      expect(await copyLabels(env, examId)).toEqual(expected);
      expect(await split(env.server, batchId)).toEqual({ status: "SKIPPED", copies: 0 });
      expect(await env.tdb.db.copy.count({ where: { examId } })).toBe(CHUNK_SIDES);
    } finally {
      worker = await startWorker(env.server.ctx, { maintenanceCron: "0 0 1 1 *" });
    }
  });

  it("splits two batches at once through the process's one PDF child", async () => {
    const examId = await createExam(env.admin);
    await worker.stop();
    try {
      const r = await upload(env.admin, examId, { mode: "SPLIT_EVERY_N", pagesPerCopy: "2" }, [
        { name: "a.pdf", bytes: await a4Pdf(CHUNK_SIDES + 4, { label: "A" }) },
        { name: "b.pdf", bytes: await a4Pdf(CHUNK_SIDES + 4, { label: "B" }) },
      ]);
      const [a, b] = r.body.batches;
      const outcomes = await Promise.all([split(env.server, a.id), split(env.server, b.id)]);
      expect(outcomes.map((o) => o.status)).toEqual(["DONE", "DONE"]);
      const labels = (await copyLabels(env, examId)).map((c) => c.join(" ")).sort();
      const expected = ["A", "B"].flatMap((l) => Array.from({ length: (CHUNK_SIDES + 4) / 2 }, (_, i) => `${l}${2 * i + 1} ${l}${2 * i + 2}`)).sort();
      expect(labels).toEqual(expected);
    } finally {
      worker = await startWorker(env.server.ctx, { maintenanceCron: "0 0 1 1 *" });
    }
  });

  it("marks the batch FAILED with a message when its stored file became unreadable", async () => {
    const examId = await createExam(env.admin);
    await worker.stop();
    try {
      const r = await upload(env.admin, examId, { mode: "PER_COPY" }, [{ name: "x.pdf", bytes: await a4Pdf(2, { label: "F" }) }]);
      const batch = await env.tdb.db.scanBatch.findUniqueOrThrow({ where: { id: r.body.batches[0].id } });
      fs.writeFileSync(`${env.server.dataDir}/media/${batch.storagePath}`, "%PDF-1.4\nbroken");
      expect((await split(env.server, batch.id)).status).toBe("FAILED");
      const got = (await env.admin.get(`/api/exams/${examId}/batches/${batch.id}`)).body.batch;
      expect(got.status).toBe("FAILED");
      expect(got.error).toMatch(/truncated|damaged/);
      expect((await env.admin.post(`/api/exams/${examId}/batches/${batch.id}/retry`)).body.batch.status).toBe("UPLOADED");
    } finally {
      worker = await startWorker(env.server.ctx, { maintenanceCron: "0 0 1 1 *" });
    }
  });
});
