// The demo seed, made once per test run and cloned by every browser test file: seeding hashes ~30
// passwords with argon2 and draws the demo scans (15 s per file at load average 16, against ~1 s
// for a clone). The first file that needs it builds it under an advisory lock; the others wait and
// clone. It is built under a temporary name and renamed when complete, so a file that dies while
// seeding leaves no half-seeded template behind. The run's teardown drops it (its name starts with
// the run's prefix) and removes its media folder. The demo copies' page images are made then too,
// as intake's worker would have (12 pages): every clone's desk paints images from the start.
import fs from "node:fs";
import pg from "pg";
import pino from "pino";
import { inject } from "vitest";
import type { AppContext } from "../../../server/context.ts";
import { makeExamImages } from "../../../server/imaging/make-exam-images.ts";
import { RASTER_THREADS, RasterPool } from "../../../server/imaging/raster-pool.ts";
import { seedDemo } from "../../../server/seed/demo-seed.ts";
import { demoMediaDir } from "../../helpers/demo-media-dir.ts";
import { createTestDatabase } from "../../helpers/test-db.ts";

export interface DemoTemplate {
  /** a database to pass as template to createTestDatabase */
  database: string;
  /** the demo's media (scans, subject, answer key), to copy under a server's DATA_DIR/media */
  mediaDir: string;
}

let ready: Promise<DemoTemplate> | undefined;

export function demoTemplate(): Promise<DemoTemplate> {
  ready ??= build();
  return ready;
}

async function build(): Promise<DemoTemplate> {
  const prefix = inject("testDbPrefix");
  const database = `${prefix}demo`;
  const mediaDir = demoMediaDir(prefix);
  const admin = new pg.Client({ connectionString: inject("pgAdminUrl") });
  await admin.connect();
  try {
    await admin.query("SELECT pg_advisory_lock(hashtext($1))", [database]); // this run's files only
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (rowCount && fs.existsSync(mediaDir)) return { database, mediaDir };
    const building = await createTestDatabase();
    const mediaTmp = `${mediaDir}.${process.pid}.tmp`;
    fs.rmSync(mediaTmp, { recursive: true, force: true });
    try {
      await seedDemo(building.db, mediaTmp);
      await makeDemoImages(building.db, mediaTmp);
    } finally {
      await building.db.$disconnect();
    }
    // a clone needs its template without connections; the rename makes it visible only once complete
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [building.name]);
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`ALTER DATABASE ${building.name} RENAME TO ${database}`);
    fs.rmSync(mediaDir, { recursive: true, force: true });
    fs.renameSync(mediaTmp, mediaDir);
    return { database, mediaDir };
  } finally {
    await admin.query("SELECT pg_advisory_unlock(hashtext($1))", [database]).catch(() => {});
    await admin.end();
  }
}

/** The page images of every demo exam, into the template (rows) and its media folder (files). */
async function makeDemoImages(db: AppContext["db"], mediaDir: string): Promise<void> {
  const log = pino({ level: "silent" });
  // what makeExamImages reads of the context: the database, the media folder, a logger
  const ctx = { db, config: { mediaDir }, log } as unknown as AppContext;
  const pool = new RasterPool({ timeoutMs: 120_000, size: RASTER_THREADS });
  try {
    for (const { id } of await db.exam.findMany({ select: { id: true } })) {
      const out = await makeExamImages(ctx, id, pool, log);
      if (out.failed) throw new Error(`${out.failed} demo page images failed`);
    }
  } finally {
    await pool.close();
  }
}
