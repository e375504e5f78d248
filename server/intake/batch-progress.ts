// Live progress of a batch: NOTIFY korrigo_events inside the transaction that stores it (PostgreSQL
// delivers it on commit). The socket layer LISTENs and forwards it to the exam's intake room
// (server/realtime/events-forward.ts), joined with `intake:watch`.
import type { BatchStatus, Db } from "../db/client.ts";
import { findExam } from "../exams/exam-lookup.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";

export const EVENTS_CHANNEL = "korrigo_events";

export interface BatchProgressEvent {
  type: "batch:progress";
  examId: string;
  batchId: string;
  processed: number;
  total: number;
  status: BatchStatus;
}

export async function notifyBatchProgress(tx: Pick<Db, "$executeRaw">, e: Omit<BatchProgressEvent, "type">): Promise<void> {
  const payload: BatchProgressEvent = { type: "batch:progress", examId: e.examId, batchId: e.batchId, processed: e.processed, total: e.total, status: e.status };
  await tx.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(payload)})`;
}

/** Throws unless the actor may follow the processing of the exam's batches live (socket intake:watch). */
export async function assertCanFollowBatches(db: Pick<Db, "exam">, actor: Actor, examId: string): Promise<void> {
  authorize(actor, "batch.follow");
  await findExam(db, examId);
}
