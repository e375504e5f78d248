// npm run backup [-- --out DIR]: pg_dump (custom format) + media archive + manifest with checksums
// and row counts. Works on DATABASE_URL or on the embedded database (running or not).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { appliedMigrations, mediaStats, sha256File, tableCounts, type BackupManifest } from "./lib/backup-manifest.ts";
import { withDatabase } from "./lib/with-database.ts";

const args = process.argv.slice(2);
const outArg = args.indexOf("--out") >= 0 ? args[args.indexOf("--out") + 1] : undefined;
const dataDir = path.resolve(process.env.DATA_DIR ?? "./data");
const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
const out = path.resolve(outArg ?? path.join("backups", `korrigo-${stamp}`));

await withDatabase(
  async (url) => {
    fs.mkdirSync(out, { recursive: true });
    if (fs.readdirSync(out).length) throw new Error(`${out} is not empty`);
    const dump = path.join(out, "db.dump");
    execFileSync("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file", dump, "--dbname", url], { stdio: ["ignore", "inherit", "inherit"] });
    const mediaDir = path.join(dataDir, "media");
    const archive = path.join(out, "media.tar.gz");
    fs.mkdirSync(mediaDir, { recursive: true });
    execFileSync("tar", ["--create", "--gzip", "--file", archive, "--exclude=tmp", "--directory", dataDir, "media"], { stdio: "inherit" });
    const manifest: BackupManifest = {
      format: "korrigo-backup-1",
      createdAt: new Date().toISOString(),
      migrations: await appliedMigrations(url),
      counts: await tableCounts(url),
      files: {
        "db.dump": { sha256: await sha256File(dump), bytes: fs.statSync(dump).size },
        "media.tar.gz": { sha256: await sha256File(archive), bytes: fs.statSync(archive).size },
      },
      media: mediaStats(mediaDir),
    };
    fs.writeFileSync(path.join(out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
    const rows = Object.values(manifest.counts).reduce((a, b) => a + b, 0);
    console.log(
      `backup written to ${out}: ${Object.keys(manifest.counts).length} tables, ${rows} rows, ${manifest.media.files} media files (${(manifest.media.bytes / 1e6).toFixed(1)} MB)`,
    );
  },
  { reuseRunning: true },
);
