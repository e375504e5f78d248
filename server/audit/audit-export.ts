// The audit trail as CSV, streamed in id order by batches (keyset on id): an export of a year of
// events never sits in memory. Cells go through the CSV writer (quoting, formula neutralization).
import type { AuditEvent } from "../db/generated/client.ts";
import type { Db } from "../db/client.ts";
import { csvLine, STANDARD_CSV } from "../exports/csv-writer.ts";
import { auditWhere, type AuditFilter } from "./audit-filter.ts";

const HEADER = ["id", "at", "actor_id", "actor", "action", "target_type", "target_id", "ip", "user_agent", "details"];

export async function* auditCsv(db: Pick<Db, "auditEvent">, filter: AuditFilter | null, batchSize = 500): AsyncGenerator<string> {
  const d = STANDARD_CSV;
  yield csvLine(HEADER, d);
  const where = auditWhere(filter);
  let after: bigint | null = null;
  for (;;) {
    const rows: AuditEvent[] = await db.auditEvent.findMany({
      where: after === null ? where : { AND: [where, { id: { gt: after } }] },
      orderBy: { id: "asc" },
      take: batchSize,
    });
    if (rows.length) {
      yield rows
        .map((e) =>
          csvLine(
            [e.id.toString(), e.at.toISOString(), e.actorId, e.actorName, e.action, e.targetType, e.targetId, e.ip, e.userAgent, JSON.stringify(e.details)],
            d,
          ),
        )
        .join("");
    }
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1]!.id;
  }
}
