// Test database: DATABASE_URL when given (it needs CREATEDB), else an embedded PostgreSQL started
// here. Migrations are applied once to a template database; every test file clones it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedDb } from "../../server/db/embedded.ts";
import { applyMigrations } from "../../server/db/migrate.ts";
import { withDatabase } from "../helpers/db-url.ts";
import { demoMediaDir } from "../helpers/demo-media-dir.ts";
import { installQueueSchema } from "../../server/jobs/worker.ts";
import pino from "pino";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    templateDb: string;
    testDbPrefix: string;
  }
}

let embedded: EmbeddedDb | undefined;
let tmpDir: string | undefined;

export default async function setup(project: TestProject) {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "korrigo-test-"));
    // A throwaway cluster: no fsync (each commit still reaches the OS, so a killed process loses
    // nothing; only a machine crash would, and the cluster is deleted after the run). On this
    // machine's disk an fsync costs ~3.5 ms, paid at every commit of every test.
    embedded = await startEmbeddedPostgres({
      dir: path.join(tmpDir, "pg"),
      database: "korrigo",
      settings: ["fsync=off", "full_page_writes=off"],
    });
    adminUrl = embedded.url;
  }
  const templateDb = `korrigo_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${templateDb}`);
  await admin.query(`CREATE DATABASE ${templateDb}`);
  await admin.end();
  await applyMigrations(withDatabase(adminUrl, templateDb));
  await installQueueSchema(withDatabase(adminUrl, templateDb), pino({ level: "warn" }));
  project.provide("pgAdminUrl", adminUrl);
  project.provide("templateDb", templateDb);
  // this run's databases only: other runs may share the server
  const testDbPrefix = `korrigo_t_${process.pid}_`;
  project.provide("testDbPrefix", testDbPrefix);

  return async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $2) OR datname = $1`, [
      templateDb,
      testDbPrefix,
    ]);
    for (const r of rows) await c.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`).catch(() => {});
    await c.end();
    fs.rmSync(demoMediaDir(testDbPrefix), { recursive: true, force: true });
    await embedded?.stop();
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  };
}
