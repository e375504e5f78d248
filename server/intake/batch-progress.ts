// Live progress of a batch: published on the events channel (server/db/events.ts) inside the
// transaction that stores it. The socket layer LISTENs and forwards it to the exam's intake room
// (server/realtime/events-forward.ts), joined with `intake:watch`.
import type { BatchStatus, Db } from "../db/client.ts";
import { publishEvent } from "../db/events.ts";
import { findExam } from "../exams/exam-lookup.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";

export interface BatchProgressEvent {
  type: "batch:progress";
  examId: string;
  batchId: string;
  processed: number;
  total: number;
  status: BatchStatus;
}

export async function notifyBatchProgress(tx: Pick<Db, "$executeRaw">, e: Omit<BatchProgressEvent, "type">): Promise<void> {
  const payload: BatchProgressEvent = {
    type: "batch:progress",
    examId: e.examId,
    batchId: e.batchId,
    processed: e.processed,
    total: e.total,
    status: e.status,
  };
  await publishEvent(tx, payload);
}

/** Throws unless the actor may follow the processing of the exam's batches live (socket intake:watch). */
export async function assertCanFollowBatches(db: Pick<Db, "exam">, actor: Actor, examId: string): Promise<void> {
  authorize(actor, "batch.follow");
  await findExam(db, examId);
}
