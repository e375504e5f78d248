// Server → client events of the /grading namespace (docs/protocol.md, "Server → client events"):
// the zod schema of each payload. Every emit of the server is typed by them (ServerToClientEvents).
import { z } from "zod";
import { ExamStats } from "../api/supervision.ts";
import { BatchStatus, CopyState, Id, RegradeStatus } from "../common.ts";
import { AwarenessSender, CopyId, ItemUsage, Layer, Lock, RoomBytes } from "./shapes.ts";

export const RemoteUpdate = z.object({ copyId: CopyId, layer: Layer.optional(), update: RoomBytes, seq: z.int().positive() });

export const LockChanged = z.object({ copyId: CopyId, examId: Id, lock: Lock.nullable() });

export const RelayedAwareness = z.object({ copyId: CopyId, layer: Layer.optional(), state: RoomBytes, from: AwarenessSender });

/** from NOTIFY: with examId; right after a copy:finalize over the socket: without it (and with layer for a layer) */
export const CopyStateChanged = z.object({ copyId: CopyId, examId: Id.optional(), layer: Layer.optional(), state: CopyState });

export const BatchProgress = z.object({
  examId: Id,
  batchId: Id,
  processed: z.int().nonnegative(),
  total: z.int().nonnegative(),
  status: BatchStatus,
});

export const BatchImages = z.object({
  examId: Id,
  batchId: Id,
  ready: z.int().nonnegative(),
  failed: z.int().nonnegative(),
  total: z.int().nonnegative(),
});

export const GraderAssignments = z.object({ examId: Id });

export const RegradeChanged = z.object({ examId: Id, copyId: Id, requestId: Id, questionId: z.string(), status: RegradeStatus });

export const RubricChanged = z.object({ examId: Id, version: z.int().nonnegative() });

export const RubricUsage = z.object({ examId: Id, usage: ItemUsage });

export const ExamProgress = z.object({
  examId: Id,
  copies: z.array(z.object({ copyId: Id, seq: z.int().positive(), authorId: Id, at: z.iso.datetime() })),
});

/** `stats`: the dashboard's statistics, as GET /api/supervision/exams/:id/stats answers them */
export const ExamStatsPush = z.object({
  examId: Id,
  /** copies whose state changed since the last push */
  changes: z.array(z.object({ copyId: Id, state: z.string() })),
  stats: ExamStats,
});

export const ReconciliationChanged = z.object({ examId: Id, copyIds: z.array(Id).nullable() });

export const SessionExpired = z.object({ reason: z.string() });

export const ServerShutdown = z.object({ reconnect: z.literal(true) });

interface ServerEventSpec {
  readonly direction: "server→client";
  readonly payload: z.ZodType;
  readonly summary: string;
}

const event = <const S extends Omit<ServerEventSpec, "direction">>(spec: S) => ({ direction: "server→client" as const, ...spec });

export const serverEvents = {
  "copy:update": event({ payload: RemoteUpdate, summary: "A committed update of someone else (never one's own)" }),
  "copy:lock": event({ payload: LockChanged, summary: "A lock taken, released or taken over (null: released)" }),
  "copy:awareness": event({ payload: RelayedAwareness, summary: "Presence of someone else on the copy, stamped with the sender (volatile)" }),
  "copy:state": event({ payload: CopyStateChanged, summary: "A copy changed state (finalized, graded, render failed, reopened)" }),
  "batch:progress": event({ payload: BatchProgress, summary: "Pages of a scan batch split so far (intake:watch)" }),
  "batch:images": event({ payload: BatchImages, summary: "Page images of a scan batch made so far (intake:watch)" }),
  "grader:assignments": event({ payload: GraderAssignments, summary: "A dispatch changed the grader's copies of the exam: reload" }),
  "regrade:changed": event({ payload: RegradeChanged, summary: "A regrade request was opened, answered, withdrawn or resolved" }),
  "rubric:changed": event({ payload: RubricChanged, summary: "A rubric version became current: desks reload the rubric" }),
  "rubric:usage": event({ payload: RubricUsage, summary: "Fresh rubric item usage counts, at most once a second per exam" }),
  "exam:progress": event({ payload: ExamProgress, summary: "Copies edited, at most once a second per exam (exam:watch)" }),
  "exam:stats": event({ payload: ExamStatsPush, summary: "Fresh dashboard statistics after copies changed (exam:watch)" }),
  "reconciliation:changed": event({ payload: ReconciliationChanged, summary: "Agreed marks of double-marked copies changed (exam:watch)" }),
  "session:expired": event({ payload: SessionExpired, summary: "The session ended; the server disconnects" }),
  "server:shutdown": event({ payload: ServerShutdown, summary: "The node is stopping; reconnect (to another node)" }),
} as const satisfies Record<string, ServerEventSpec>;
