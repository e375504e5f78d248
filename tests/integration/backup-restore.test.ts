// Backup and restore round trip on the demo data: counts and media checksums survive; a damaged
// backup and a non-empty target are refused.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedDemo } from "../../server/seed/demo-seed.ts";
import { withDatabase } from "../helpers/db-url.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";

let source: TestDatabase;
let work: string;
const emptyDb = `korrigo_t_restore_${crypto.randomBytes(4).toString("hex")}`;

function run(script: string, args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ["--import", "tsx", script, ...args], { encoding: "utf8", timeout: 120_000, env: { ...process.env, ...env } });
}

beforeAll(async () => {
  source = await createTestDatabase();
  work = fs.mkdtempSync(path.join(os.tmpdir(), "korrigo-backup-"));
  await seedDemo(source.db, path.join(work, "data-a", "media"));
  const admin = new pg.Client({ connectionString: inject("pgAdminUrl") });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${emptyDb}`);
  await admin.end();
}, 120_000);
afterAll(async () => {
  await source?.drop();
  const admin = new pg.Client({ connectionString: inject("pgAdminUrl") });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${emptyDb} WITH (FORCE)`);
  await admin.end();
  fs.rmSync(work, { recursive: true, force: true });
});

describe("backup and restore", () => {
  it("round-trips the demo data, verified by counts and checksums", async () => {
    const out = path.join(work, "backup");
    const b = run("scripts/backup.ts", ["--out", out], { DATABASE_URL: source.url, DATA_DIR: path.join(work, "data-a") });
    expect(b.status, b.stderr).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8"));
    expect(manifest.counts.User).toBe(29);
    expect(manifest.counts.Copy).toBe(6);
    expect(manifest.media.files).toBeGreaterThan(0);

    const target = withDatabase(inject("pgAdminUrl"), emptyDb);
    const r = run("scripts/restore.ts", [out], { DATABASE_URL: target, DATA_DIR: path.join(work, "data-b") });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/counts verified/);
    const c = new pg.Client({ connectionString: target });
    await c.connect();
    const { rows } = await c.query(`SELECT count(*) AS n FROM "Copy" WHERE state = 'READY'`);
    await c.end();
    expect(Number(rows[0].n)).toBe(6);
    const files = (d: string) =>
      fs
        .readdirSync(d, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(d, path.join(e.parentPath, e.name)))
        .sort();
    expect(files(path.join(work, "data-b", "media"))).toEqual(files(path.join(work, "data-a", "media")));

    // restoring again into the now non-empty database is refused
    const again = run("scripts/restore.ts", [out], { DATABASE_URL: target, DATA_DIR: path.join(work, "data-c") });
    expect(again.status).not.toBe(0);
    expect(again.stderr).toMatch(/not empty/);
  }, 180_000);

  it("refuses a damaged backup before touching anything", () => {
    const out = path.join(work, "backup");
    const damaged = path.join(work, "damaged");
    fs.cpSync(out, damaged, { recursive: true });
    const dump = path.join(damaged, "db.dump");
    const bytes = fs.readFileSync(dump);
    const mid = Math.floor(bytes.length / 2);
    bytes[mid] = bytes[mid]! ^ 0xff;
    fs.writeFileSync(dump, bytes);
    const r = run("scripts/restore.ts", [damaged], { DATABASE_URL: "postgresql://unused@127.0.0.1:1/none", DATA_DIR: path.join(work, "data-d") });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/db\.dump is damaged/);
  });
});
