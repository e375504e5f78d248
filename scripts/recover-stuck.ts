// npm run recover [-- --older-than-min N]: re-enqueues the render of copies stuck in FINALIZING
// (default: for more than 10 minutes, with no live job) and deletes expired copy locks.
// Idempotent and safe at any time; the worker also runs it every minute (maintenance step).
import { parseArgs } from "node:util";
import { createDb } from "../server/db/client.ts";
import { recoverStuck } from "../server/render/recover-stuck.ts";
import { withDatabase } from "./lib/with-database.ts";

const { values } = parseArgs({ options: { "older-than-min": { type: "string", default: "10" } } });
const minutes = Number(values["older-than-min"]);
if (!Number.isFinite(minutes) || minutes < 0) {
  console.error("--older-than-min must be a number of minutes ≥ 0");
  process.exit(2);
}

await withDatabase(async (url) => {
  const db = createDb(url, { max: 2 });
  try {
    const report = await recoverStuck(db, { olderThanMs: minutes * 60_000 });
    console.log(`copies stuck in FINALIZING for more than ${minutes} min, render re-enqueued: ${report.reenqueued.length}`);
    for (const id of report.reenqueued) console.log(`  ${id}`);
    console.log(`expired copy locks released: ${report.releasedLocks}`);
  } finally {
    await db.$disconnect();
  }
});
