// When rendering fails or a crash loses the job: RENDER_FAILED with the error and the attempts
// counted, retries with backoff, reopen after a fix, and recover-stuck putting lost jobs back.
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { promisify } from "node:util";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker } from "../../server/jobs/worker.ts";
import { finalizeCopy } from "../../server/render/finalize-service.ts";
import { recoverStuck } from "../../server/render/recover-stuck.ts";
import { reopenCopy } from "../../server/render/reopen-service.ts";
import { renderCopy, type RenderCopyDeps } from "../../server/render/render-copy-handler.ts";
import { RENDER_MAX_ATTEMPTS, renderJobKey } from "../../server/render/render-copy-job.ts";
import { sharedRenderPool } from "../../server/render/render-thread.ts";
import { scanLikeCopyPdf } from "../../server/seed/scan-like-pdf.ts";
import { MediaStore } from "../../server/storage/media-store.ts";
import { createUser } from "../helpers/factories.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";
import { seedGradableCopy } from "../fixtures/render/seed-copy.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let deps: RenderCopyDeps;
const audit = { actorName: "test" };

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  deps = { db: tdb.db, media: new MediaStore(server.ctx.config.mediaDir), render: (i) => sharedRenderPool().render(i), log: pino({ level: "silent" }) };
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

const corrupted = () => new Uint8Array(fs.readFileSync(new URL("../fixtures/korrigo/corrupted_truncated.pdf", import.meta.url)));

async function job(copyId: string, docHash: string) {
  const rows = await tdb.db.$queryRaw<Array<{ attempts: number; max_attempts: number; last_error: string | null; run_at: Date }>>`
    SELECT attempts, max_attempts, last_error, run_at FROM graphile_worker.jobs WHERE key = ${renderJobKey(copyId, docHash)}`;
  return rows[0] ?? null;
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("render failures", () => {
  it("a corrupted source page: RENDER_FAILED with the error, retried with backoff, attempts counted, fixable by reopen", async () => {
    const s = await seedGradableCopy(tdb.db, server.ctx.config.mediaDir, { sourcePdf: corrupted(), pages: [{ sourcePage: 0 }] });
    const { docHash } = await finalizeCopy(tdb.db, s.grader, s.copyId, audit);

    const worker = await startWorker(server.ctx, { concurrency: 1 });
    try {
      const failed = await waitFor("the first attempt", async () => {
        const c = await tdb.db.copy.findUniqueOrThrow({ where: { id: s.copyId } });
        return c.state === "RENDER_FAILED" && c;
      });
      expect(failed.renderError).toMatch(/source PDF #1 cannot be rendered/);
      expect(failed.renderAttempts).toBe(1);
      const queued = await waitFor("the failure recorded by the queue", async () => {
        const j = await job(s.copyId, docHash!);
        return j?.attempts === 1 && j.last_error ? j : null;
      });
      expect(queued.max_attempts).toBe(RENDER_MAX_ATTEMPTS);
      expect(queued.run_at.getTime()).toBeGreaterThan(Date.now()); // exponential backoff before the retry
    } finally {
      await worker.stop();
    }

    // the retries (run here directly): each one counted, the copy stays RENDER_FAILED
    for (let attempt = 2; attempt <= RENDER_MAX_ATTEMPTS; attempt++) {
      await expect(renderCopy(deps, { copyId: s.copyId, docHash: docHash! })).rejects.toThrow(/cannot be rendered/);
    }
    expect(await tdb.db.copy.findUniqueOrThrow({ where: { id: s.copyId } })).toMatchObject({ state: "RENDER_FAILED", renderAttempts: RENDER_MAX_ATTEMPTS });

    // an admin replaces the scan, a supervisor reopens (the failed job is withdrawn), the grader finalizes again
    const good = await new MediaStore(server.ctx.config.mediaDir).putBytes("scans", await scanLikeCopyPdf({ pages: 1 }), "pdf");
    await tdb.db.page.updateMany({ where: { copyId: s.copyId }, data: { sourcePath: good.rel } });
    await reopenCopy(tdb.db, await createUser(tdb.db, "SUPERVISOR"), s.copyId, audit);
    expect(await job(s.copyId, docHash!)).toBeNull();
    const again = await finalizeCopy(tdb.db, await createUser(tdb.db, "ADMIN"), s.copyId, audit);
    expect(again.docHash).toBe(docHash); // same document, same hash: the key is free again after reopen
    expect(await renderCopy(deps, { copyId: s.copyId, docHash: docHash! })).toBe("rendered");
    expect(await tdb.db.copy.findUniqueOrThrow({ where: { id: s.copyId } })).toMatchObject({ state: "GRADED", renderError: null, renderAttempts: 1 });
    expect(await renderCopy(deps, { copyId: s.copyId, docHash: docHash! })).toBe("stale"); // a replayed job does nothing
  });
});

describe("retry a failed render (POST /api/copies/:id/render/retry)", () => {
  it("RENDER_FAILED → retry → FINALIZING with a fresh job under the same key → GRADED; audited; refused elsewhere", async () => {
    const s = await seedGradableCopy(tdb.db, server.ctx.config.mediaDir, { sourcePdf: corrupted(), pages: [{ sourcePage: 0 }] });
    const { docHash } = await finalizeCopy(tdb.db, s.grader, s.copyId, audit);
    await expect(renderCopy(deps, { copyId: s.copyId, docHash: docHash! })).rejects.toThrow(/cannot be rendered/);
    await expect(renderCopy(deps, { copyId: s.copyId, docHash: docHash! })).rejects.toThrow(/cannot be rendered/);
    expect(await tdb.db.copy.findUniqueOrThrow({ where: { id: s.copyId } })).toMatchObject({ state: "RENDER_FAILED", renderAttempts: 2 });
    // the queue's own job has used up an attempt too
    await tdb.db
      .$executeRaw`UPDATE graphile_worker._private_jobs SET attempts = ${RENDER_MAX_ATTEMPTS}, last_error = 'boom' WHERE key = ${renderJobKey(s.copyId, docHash!)}`;

    const signedIn = async (role: "GRADER" | "SUPERVISOR" | "ADMIN", user?: { username: string; password: string }) => {
      const c = new TestClient(server.url);
      const u = user ?? (await createUser(tdb.db, role));
      expect((await c.login(u.username, u.password)).status).toBe(200);
      return c;
    };
    const grader = await signedIn("GRADER", s.grader);
    expect((await grader.post(`/api/copies/${s.copyId}/render/retry`)).status).toBe(403); // graders do not retry

    // the scan is fixed, a supervisor retries: same document, same hash, the job starts afresh
    const good = await new MediaStore(server.ctx.config.mediaDir).putBytes("scans", await scanLikeCopyPdf({ pages: 1 }), "pdf");
    await tdb.db.page.updateMany({ where: { copyId: s.copyId }, data: { sourcePath: good.rel } });
    const supervisor = await signedIn("SUPERVISOR");
    const r = await supervisor.post(`/api/copies/${s.copyId}/render/retry`);
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ copyId: s.copyId, state: "FINALIZING", docHash });
    expect(await tdb.db.copy.findUniqueOrThrow({ where: { id: s.copyId } })).toMatchObject({
      state: "FINALIZING",
      docHash,
      renderError: null,
      renderAttempts: 0,
    });
    expect(await job(s.copyId, docHash!)).toMatchObject({ attempts: 0, max_attempts: RENDER_MAX_ATTEMPTS });
    const event = await tdb.db.auditEvent.findFirstOrThrow({ where: { action: "copy.render.retried", targetId: s.copyId } });
    expect(event.details).toMatchObject({ docHash, previousAttempts: 2 });
    expect(String((event.details as { previousError: string }).previousError)).toMatch(/cannot be rendered/);

    // a second retry while it renders is refused: only from RENDER_FAILED
    const again = await supervisor.post(`/api/copies/${s.copyId}/render/retry`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: "INVALID_STATE", details: { state: "FINALIZING" } });

    const worker = await startWorker(server.ctx, { concurrency: 1 });
    try {
      await waitFor("the retried render", async () => (await tdb.db.copy.findUniqueOrThrow({ where: { id: s.copyId } })).state === "GRADED");
    } finally {
      await worker.stop();
    }
    expect(await tdb.db.copy.findUniqueOrThrow({ where: { id: s.copyId } })).toMatchObject({ state: "GRADED", renderError: null, renderAttempts: 1 });
    expect(await tdb.db.renderedArtifact.count({ where: { copyId: s.copyId, docHash: docHash! } })).toBe(1);
    const admin = await signedIn("ADMIN");
    expect((await admin.post(`/api/copies/${s.copyId}/render/retry`)).status).toBe(409); // GRADED: nothing to retry
    expect((await admin.post(`/api/copies/${crypto.randomUUID()}/render/retry`)).status).toBe(404);
  });
});

describe("recover-stuck", () => {
  it("re-enqueues a FINALIZING copy whose job was lost, once, and releases expired locks", async () => {
    const s = await seedGradableCopy(tdb.db, server.ctx.config.mediaDir);
    const { docHash } = await finalizeCopy(tdb.db, s.grader, s.copyId, audit);
    // a crash lost the job, ten minutes ago
    await tdb.db.$executeRaw`SELECT graphile_worker.remove_job(${renderJobKey(s.copyId, docHash!)})`;
    await tdb.db.$executeRaw`UPDATE "Copy" SET "updatedAt" = now() - interval '11 minutes' WHERE id = ${s.copyId}::uuid`;
    const other = await seedGradableCopy(tdb.db, server.ctx.config.mediaDir);
    await tdb.db.copyLock.update({ where: { copyId: other.copyId }, data: { expiresAt: new Date(Date.now() - 1000) } });

    expect(await recoverStuck(tdb.db, { olderThanMs: 30 * 60_000 })).toEqual({ reenqueued: [], releasedLocks: 1 }); // not old enough
    expect(await recoverStuck(tdb.db)).toEqual({ reenqueued: [s.copyId], releasedLocks: 0 });
    expect(await job(s.copyId, docHash!)).toMatchObject({ attempts: 0 });
    expect(await recoverStuck(tdb.db)).toEqual({ reenqueued: [], releasedLocks: 0 }); // idempotent: the job exists

    // the operator command does the same (and prints it); 0: any age, the copy was just touched
    await tdb.db.$executeRaw`SELECT graphile_worker.remove_job(${renderJobKey(s.copyId, docHash!)})`;
    const { stdout } = await promisify(execFile)("npx", ["tsx", "scripts/recover-stuck.ts", "--older-than-min", "0"], {
      env: { ...process.env, DATABASE_URL: tdb.url },
    });
    expect(stdout).toContain("render re-enqueued: 1");
    expect(stdout).toContain(s.copyId);
    expect(await job(s.copyId, docHash!)).not.toBeNull();

    expect(await renderCopy(deps, { copyId: s.copyId, docHash: docHash! })).toBe("rendered");
    expect((await tdb.db.copy.findUniqueOrThrow({ where: { id: s.copyId } })).state).toBe("GRADED");
  });
});
