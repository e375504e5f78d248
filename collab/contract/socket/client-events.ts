// Client → server events of the /grading namespace (docs/protocol.md, "Client → server events"):
// the zod schema of each payload (the server parses it: VALIDATION_FAILED otherwise) and of the
// `{ ok: true, ... }` ack it answers (without `ok`). Every event but `copy:awareness` is acked;
// a refusal is the error ack `{ ok: false, code, message, ...details }` (index.ts).
import { z } from "zod";
import { CopyState, Id } from "../common.ts";
import { Claim, CopyId, ItemUsage, Layer, Lock, MAX_FRAME_BYTES, PresenceEntry, QuestionId, RegionPage, WireBytes, bytes } from "./shapes.ts";

// ---- payloads

export const JoinInput = z.object({
  copyId: CopyId,
  /** Y.encodeStateVector of the client's doc; missing = empty doc */
  stateVector: bytes(64 * 1024, "stateVector").optional(),
  /** joined ahead (grading by question: the copy N will show): kept out of presence until the copy is claimed or joined plainly */
  quiet: z.boolean().optional(),
  layer: Layer.optional(),
  /** take the copy's lock too, as copy:lock would, in the same round trip (ignored for a quiet, read-only or layer join) */
  lock: z.boolean().optional(),
});

export const CopyInput = z.object({ copyId: CopyId, layer: Layer.optional() });

/** size is checked by the handler, so that an oversized update gets UPDATE_TOO_LARGE */
export const UpdateInput = z.object({ copyId: CopyId, update: bytes(MAX_FRAME_BYTES, "update"), layer: Layer.optional() });

export const AwarenessInput = z.object({
  copyId: CopyId,
  /** y-protocols awareness update (or any small binary presence state): relayed, never stored */
  state: bytes(16 * 1024, "state"),
  layer: Layer.optional(),
});

export const ExamInput = z.object({ examId: Id });

/** grading by question: the next ungraded copy of a question */
export const NextQuestionInput = z.object({
  examId: Id,
  questionId: QuestionId,
  /** the copy the grader leaves: the next one comes after it in copy order */
  afterCopyId: Id.nullish(),
  /** copies passed over this round */
  skip: z.array(Id).max(200).optional(),
  /** claim the copy after the claimed one too (N then shows it without waiting for the server) */
  ahead: z.boolean().optional(),
});

export const ClaimInput = z.object({ copyId: CopyId, questionId: QuestionId });

// ---- acks (the fields besides ok: true)

export const JoinAck = z.object({
  /** with `layer` when a moderation layer was joined */
  layer: Layer.optional(),
  /** what the client lacks given its state vector (Yjs v1) */
  update: WireBytes,
  /** the server's state vector */
  stateVector: WireBytes,
  /** the last stored seq (0: nothing stored yet) */
  seq: z.int().nonnegative(),
  lock: Lock.nullable(),
  /** asked with `lock: true`: this join took the lock (`lock` is the caller's); absent, `lock` is whoever holds it (or null) */
  locked: z.literal(true).optional(),
  presence: z.array(PresenceEntry),
  readOnly: z.boolean(),
  /** the grader's question range; null: the whole copy */
  questionIds: z.array(z.string()).readonly().nullable(),
});

export const EmptyAck = z.object({});

export const UpdateAck = z.object({ seq: z.int().positive(), duplicate: z.literal(true).optional() });

export const LockAck = z.object({ lock: Lock });
export const UnlockAck = z.object({ lock: Lock.nullable() });
export const TakeoverAck = z.object({ lock: Lock, previous: Lock.nullable() });

export const FinalizeAck = z.union([
  z.object({ copyId: Id, state: CopyState, docHash: z.string().nullable(), alreadyFinalized: z.boolean() }),
  /** a moderation layer (layer: "second") */
  z.object({ copyId: Id, status: z.literal("DONE"), alreadyFinalized: z.boolean() }),
]);

export const NextQuestionAck = z.object({
  /** null: no ungraded copy of the question is left for this grader */
  claim: Claim.nullable(),
  anonymousCode: z.string().nullable(),
  /** with `ahead: true`: the copy after the claimed one, claimed too */
  ahead: Claim.nullable(),
  aheadCode: z.string().nullable(),
  /** the copy after those, to prefetch (not claimed) */
  peek: Id.nullable(),
  remaining: z.int().nonnegative(),
  total: z.int().nonnegative(),
  /** copy id → the pages the question's regions fall on (claimed, ahead and peeked copies) */
  pages: z.record(z.string(), z.array(RegionPage)),
});

export const ReleaseAck = z.object({ released: z.boolean() });

export const UsageAck = z.object({ examId: Id, usage: ItemUsage });

// ---- the events

interface ClientEventSpec {
  readonly direction: "client→server";
  readonly payload: z.ZodType;
  /** the ok ack's fields; none: the event is not acknowledged */
  readonly ack?: z.ZodType;
  readonly summary: string;
}

const event = <const S extends Omit<ClientEventSpec, "direction">>(spec: S) => ({ direction: "client→server" as const, ...spec });

export const clientEvents = {
  "copy:join": event({ payload: JoinInput, ack: JoinAck, summary: "Join a copy's room (or its moderation layer's) and get what the client lacks" }),
  "copy:leave": event({ payload: CopyInput, ack: EmptyAck, summary: "Leave a copy's room; releases the leaver's lock at once" }),
  "copy:update": event({ payload: UpdateInput, ack: UpdateAck, summary: "One Yjs update of the copy, acked after COMMIT" }),
  "copy:lock": event({ payload: CopyInput, ack: LockAck, summary: "Take the copy's lock (LOCKED with the holder otherwise)" }),
  "copy:unlock": event({ payload: CopyInput, ack: UnlockAck, summary: "Release the copy's lock" }),
  "copy:takeover": event({ payload: CopyInput, ack: TakeoverAck, summary: "Supervisors and admins: become the lock's holder (audited)" }),
  "copy:awareness": event({ payload: AwarenessInput, summary: "Presence and cursors, relayed to the room, never stored (volatile, no ack)" }),
  "copy:finalize": event({ payload: CopyInput, ack: FinalizeAck, summary: "Finalize the copy (or the second marking's layer)" }),
  "exam:watch": event({ payload: ExamInput, ack: EmptyAck, summary: "Dashboards: the exam's locks, progress, statistics and reconciliations" }),
  "exam:unwatch": event({ payload: ExamInput, ack: EmptyAck, summary: "Leave the exam's dashboard room" }),
  "exam:follow": event({ payload: ExamInput, ack: EmptyAck, summary: "A grader's home: the exam's copy locks and states" }),
  "exam:unfollow": event({ payload: ExamInput, ack: EmptyAck, summary: "Leave the exam's follow room" }),
  "intake:watch": event({ payload: ExamInput, ack: EmptyAck, summary: "The scan upload page: the exam's batch progress" }),
  "intake:unwatch": event({ payload: ExamInput, ack: EmptyAck, summary: "Leave the exam's intake room" }),
  "question:next": event({ payload: NextQuestionInput, ack: NextQuestionAck, summary: "Grading by question: claim the next ungraded copy of a question" }),
  "question:release": event({ payload: ClaimInput, ack: ReleaseAck, summary: "Grading by question: let a claim go" }),
  "rubric:usage": event({ payload: ExamInput, ack: UsageAck, summary: "How many copies each rubric item of the exam is applied on" }),
} as const satisfies Record<string, ClientEventSpec>;
