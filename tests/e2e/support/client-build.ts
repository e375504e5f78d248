// Builds dist/client at most once for all e2e files: a stamp records the newest source mtime it
// was built from; a lock directory (mkdir is atomic) keeps parallel test processes from building
// into the same folder at once. A later process finds the stamp fresh and skips the build.
import fs from "node:fs";
import path from "node:path";
import { build } from "vite";

const ROOT = path.resolve(".");
const OUT_DIR = path.join(ROOT, "dist/client");
const STAMP = path.join(ROOT, "dist/.client-build-stamp");
const LOCK = path.join(ROOT, "dist/.client-build-lock");
const SOURCES = ["client", "collab", "vite.config.ts", "scripts/build", "package-lock.json"];
const STALE_LOCK_MS = 5 * 60_000;

/** Newest modification time (ms) among the files the client bundle is built from. */
function newestSourceMtime(entry = SOURCES.map((s) => path.join(ROOT, s))): number {
  let newest = 0;
  for (const file of entry) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      continue;
    }
    if (stat.isDirectory()) {
      const children = fs
        .readdirSync(file)
        .filter((name) => name !== "node_modules")
        .map((name) => path.join(file, name));
      newest = Math.max(newest, stat.mtimeMs, newestSourceMtime(children));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  }
  return newest;
}

function isFresh(sourceMtime: number): boolean {
  try {
    return Number(fs.readFileSync(STAMP, "utf8")) >= sourceMtime && fs.existsSync(path.join(OUT_DIR, "index.html"));
  } catch {
    return false;
  }
}

async function acquireLock(): Promise<void> {
  fs.mkdirSync(path.dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    // A builder that died leaves its lock behind: past a build's worst case, take it over.
    const age = Date.now() - (fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > STALE_LOCK_MS) fs.rmSync(LOCK, { recursive: true, force: true });
    else await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

let built: Promise<void> | undefined;

/** Builds the client unless dist/client is already newer than every source file. */
export function ensureClientBuilt(): Promise<void> {
  built ??= (async () => {
    const sourceMtime = newestSourceMtime();
    if (isFresh(sourceMtime)) return;
    await acquireLock();
    try {
      if (isFresh(sourceMtime)) return; // another process built it while we waited
      fs.rmSync(STAMP, { force: true });
      // Vite picks the packages' "production" builds (lit without its dev mode) from NODE_ENV, which vitest sets to "test".
      const nodeEnv = process.env.NODE_ENV;
      process.env.NODE_ENV = "production";
      try {
        await build({ configFile: path.join(ROOT, "vite.config.ts"), logLevel: "warn", mode: "production" });
      } finally {
        // assigning undefined would leave the string "undefined" (process.env holds strings), which a
        // server started afterwards from this process (bench:desk) refuses as its NODE_ENV
        if (nodeEnv === undefined) delete process.env.NODE_ENV;
        else process.env.NODE_ENV = nodeEnv;
      }
      fs.writeFileSync(STAMP, String(sourceMtime));
    } finally {
      fs.rmSync(LOCK, { recursive: true, force: true });
    }
  })();
  return built;
}
