// The per-minute maintenance run writes nothing at the default level (info), and says what it did at debug.
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maintenanceJob } from "../../server/jobs/maintenance-job.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

async function runMaintenance(level: string): Promise<Array<Record<string, unknown>>> {
  await tdb.db.session.create({ data: { id: `expired-${level}`, data: {}, expiresAt: new Date(Date.now() - 60_000) } });
  const lines: string[] = [];
  const out = new Writable({
    write(chunk, _e, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = pino({ level }, out);
  await maintenanceJob.handler({}, { ...server.ctx, log }, { log, attempts: 1, maxAttempts: 1, jobId: "1" });
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe("maintenance logging", () => {
  it("is silent at info and reports each step that did something at debug", async () => {
    expect(await runMaintenance("info")).toEqual([]);
    const debug = await runMaintenance("debug");
    expect(debug).toContainEqual(expect.objectContaining({ level: 20, msg: "maintenance", step: "purge-expired-sessions", purged: 1 }));
  });
});
