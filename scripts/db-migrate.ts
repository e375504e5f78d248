// npm run db:migrate — applies prisma/migrations to DATABASE_URL (or the embedded database).
import { runMigrations } from "graphile-worker";
import { applyMigrations } from "../server/db/migrate.ts";
import { withDatabase } from "./lib/with-database.ts";

await withDatabase(async (url) => {
  const applied = await applyMigrations(url, (m) => console.log(m));
  await runMigrations({ connectionString: url, logger: undefined });
  console.log(applied.length ? `${applied.length} migration(s) applied.` : "Database is up to date.");
});
