// Retention of notices and forgotten-password links (run by the worker's maintenance).
import type { Db } from "../db/client.ts";

const DAY = 86_400_000;
/** a school year and a bit: last year's notices are of no use to anyone */
export const NOTICE_RETENTION_DAYS = 400;

export async function purgeNoticesAndResets(db: Db, now = Date.now()): Promise<{ notices: number; resets: number }> {
  const resets = await db.passwordReset.deleteMany({ where: { expiresAt: { lt: new Date(now - DAY) } } });
  // an e-mail still waiting for the relay is kept, however old
  const notices = await db.notice.deleteMany({
    where: { createdAt: { lt: new Date(now - NOTICE_RETENTION_DAYS * DAY) }, emailStatus: { notIn: ["QUEUED", "SENDING"] } },
  });
  return { notices: notices.count, resets: resets.count };
}
