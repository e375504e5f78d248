// npm run restore -- <backup dir>: checks the manifest's checksums, restores into an EMPTY
// database (DATABASE_URL or a new embedded one under DATA_DIR) and an empty media folder, then
// verifies the row counts against the manifest.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { mediaStats, sha256File, tableCounts, type BackupManifest } from "./lib/backup-manifest.ts";
import { withDatabase } from "./lib/with-database.ts";

const dir = process.argv[2];
if (!dir || !fs.existsSync(path.join(dir, "manifest.json"))) {
  console.error("usage: npm run restore -- <backup dir>   (a folder written by npm run backup)");
  process.exit(2);
}
const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")) as BackupManifest;
if (manifest.format !== "korrigo-backup-1") throw new Error(`unknown backup format ${manifest.format}`);
for (const [name, want] of Object.entries(manifest.files)) {
  const got = await sha256File(path.join(dir, name));
  if (got !== want.sha256) throw new Error(`${name} is damaged: sha256 ${got} != manifest ${want.sha256}`);
}
const dataDir = path.resolve(process.env.DATA_DIR ?? "./data");
const mediaDir = path.join(dataDir, "media");
if (mediaStats(mediaDir).files > 0) throw new Error(`${mediaDir} is not empty: restore into a new DATA_DIR`);

await withDatabase(async (url) => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query(`SELECT count(*) AS n FROM pg_tables WHERE schemaname IN ('public', 'graphile_worker')`);
  await c.end();
  if (Number(rows[0].n) > 0) throw new Error("the target database is not empty: restore into a new, empty database");
  execFileSync("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname", url, path.join(dir, "db.dump")], {
    stdio: "inherit",
  });
  fs.mkdirSync(dataDir, { recursive: true });
  execFileSync("tar", ["--extract", "--gzip", "--file", path.join(dir, "media.tar.gz"), "--directory", dataDir], { stdio: "inherit" });
  const counts = await tableCounts(url);
  const diffs = Object.keys({ ...manifest.counts, ...counts }).filter((t) => manifest.counts[t] !== counts[t]);
  const media = mediaStats(mediaDir);
  if (diffs.length) throw new Error(`row counts differ after restore: ${diffs.map((t) => `${t} ${counts[t]} != ${manifest.counts[t]}`).join(", ")}`);
  if (media.files !== manifest.media.files || media.bytes !== manifest.media.bytes)
    throw new Error(`media differ after restore: ${media.files} files/${media.bytes} B != ${manifest.media.files}/${manifest.media.bytes}`);
  console.log(
    `restored ${Object.keys(counts).length} tables (counts verified) and ${media.files} media files (${(media.bytes / 1e6).toFixed(1)} MB, verified)`,
  );
});
