// SQL that would take the database described by prisma/migrations to prisma/schema.prisma.
// Runs the ordinary Prisma CLI (`migrate diff`) over the WASM schema engine (prisma.config.ts);
// it needs a PostgreSQL where it may create a throwaway shadow database.
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PRISMA = path.join(ROOT, "node_modules", ".bin", "prisma");

export async function schemaDiffSql(databaseUrl: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    PRISMA,
    ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma", "--script"],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl }, maxBuffer: 16 * 1024 * 1024 },
  );
  return stdout;
}

/** True when the diff is Prisma's "empty migration". */
export const isEmptyDiff = (sql: string): boolean =>
  sql
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("--")).length === 0;
