// Worker liveness. graphile-worker keeps a crashed worker's jobs locked for 4 hours; we record a
// heartbeat per worker and, from any live worker, unlock the jobs of workers silent for too long.
import os from "node:os";
import type { WorkerUtils } from "graphile-worker";
import type { Db } from "../db/client.ts";

export const DEAD_AFTER_MS = 90_000;

export async function beat(db: Db, workerIds: Iterable<string>): Promise<void> {
  const now = new Date();
  for (const workerId of workerIds) {
    await db.workerHeartbeat.upsert({
      where: { workerId },
      create: { workerId, processId: String(process.pid), hostname: os.hostname().slice(0, 255), lastSeenAt: now },
      update: { lastSeenAt: now },
    });
  }
}

/** Unlocks the jobs of workers whose heartbeat is older than deadAfterMs; returns their ids. */
/** What reclaiming asks of graphile-worker: unlocking the jobs of workers known dead. */
export type JobUnlocker = Pick<WorkerUtils, "forceUnlockWorkers">;

export async function reclaimDeadWorkers(db: Db, utils: JobUnlocker, deadAfterMs = DEAD_AFTER_MS): Promise<string[]> {
  const dead = await db.workerHeartbeat.findMany({ where: { lastSeenAt: { lt: new Date(Date.now() - deadAfterMs) } }, select: { workerId: true } });
  if (dead.length === 0) return [];
  const ids = dead.map((d) => d.workerId);
  await utils.forceUnlockWorkers(ids);
  await db.workerHeartbeat.deleteMany({ where: { workerId: { in: ids } } });
  return ids;
}
