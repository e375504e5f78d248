// After `npm start` seeds the demo, its copies' page images are made by the worker at once (the
// job is enqueued with the seed), not on a grader's first request.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueImagesOfAllExams } from "../../server/imaging/page-images-job.ts";
import { startWorker, type RunningWorker } from "../../server/jobs/worker.ts";
import { seedDemo } from "../../server/seed/demo-seed.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
let worker: RunningWorker | undefined;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await worker?.stop();
  await server?.close();
  await tdb?.drop();
});

// generous limit: a dozen pages take seconds each at a load average of 20+
describe("demo seed", { timeout: 300_000 }, () => {
  it("the seeded copies get their page images from the worker without anyone asking", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "korrigo-seed-images-"));
    expect(await seedDemo(tdb.db, path.join(dataDir, "media"))).toBe(true);
    expect(await enqueueImagesOfAllExams(tdb.db)).toBe(1);
    server = await startTestServer({ databaseUrl: tdb.url, env: { DATA_DIR: dataDir } });
    worker = await startWorker(server.ctx, { concurrency: 1, maintenanceCron: "0 0 1 1 *" });
    const pages = await tdb.db.page.count({ where: { copyId: { not: null } } });
    expect(pages).toBeGreaterThan(0);
    await expect
      .poll(() => tdb.db.page.count({ where: { copyId: { not: null }, images: { some: { variant: "read", redacted: false } } } }), {
        timeout: 240_000,
        interval: 500,
      })
      .toBe(pages);
    // graders' twins of every page 1 too (the demo exam's zone is its header box)
    const firsts = await tdb.db.page.count({ where: { copyId: { not: null }, position: 0 } });
    expect(await tdb.db.pageImage.count({ where: { variant: "read", redacted: true } })).toBe(firsts);
  });
});
