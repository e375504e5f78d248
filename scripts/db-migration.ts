// npm run db:migration -- <name> — writes prisma/migrations/<timestamp>_<name>/migration.sql with
// the SQL that takes the existing migrations to prisma/schema.prisma.
import fs from "node:fs";
import path from "node:path";
import { isEmptyDiff, schemaDiffSql } from "./lib/schema-diff.ts";
import { withDatabase } from "./lib/with-database.ts";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <name>   (lower-case letters, digits and _)");
  process.exit(2);
}
const sql = await withDatabase(schemaDiffSql);
if (isEmptyDiff(sql)) {
  console.log("schema.prisma and the migrations agree: no migration needed.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), sql);
console.log(`wrote ${dir}/migration.sql — review it, then npm run db:migrate`);
