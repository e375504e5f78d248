// zod schemas of every client → server payload of the /grading namespace (docs/protocol.md).
// Binary fields arrive as Buffer (a Uint8Array) from socket.io's binary attachments.
import { z } from "zod";

/** One socket.io frame; larger frames close the connection (engine.io maxHttpBufferSize). */
export const MAX_FRAME_BYTES = 1024 * 1024;

const bytes = (max: number, what: string) =>
  z.instanceof(Uint8Array, { message: `${what} must be binary (Uint8Array / Buffer)` }).refine((b) => b.byteLength <= max, `${what} exceeds ${max} bytes`);

const CopyId = z.uuid();
/** a moderation layer of the copy (the blind second marking); absent: the copy's own document */
const Layer = z.literal("second").optional();

export const JoinInput = z.object({
  copyId: CopyId,
  /** Y.encodeStateVector of the client's doc; missing = empty doc */
  stateVector: bytes(64 * 1024, "stateVector").optional(),
  /** joined ahead (grading by question: the copy N will show): kept out of presence until the copy is claimed or joined plainly */
  quiet: z.boolean().optional(),
  layer: Layer,
});

export const CopyInput = z.object({ copyId: CopyId, layer: Layer });

/** size is checked by the handler, so that an oversized update gets UPDATE_TOO_LARGE */
export const UpdateInput = z.object({ copyId: CopyId, update: bytes(MAX_FRAME_BYTES, "update"), layer: Layer });

export const AwarenessInput = z.object({
  copyId: CopyId,
  /** y-protocols awareness update (or any small binary presence state): relayed, never stored */
  state: bytes(16 * 1024, "state"),
  layer: Layer,
});

export const ExamInput = z.object({ examId: z.uuid() });

const QuestionId = z.string().min(1).max(128);

/** grading by question: the next ungraded copy of a question */
export const NextQuestionInput = z.object({
  examId: z.uuid(),
  questionId: QuestionId,
  /** the copy the grader leaves: the next one comes after it in copy order */
  afterCopyId: z.uuid().nullish(),
  /** copies passed over this round */
  skip: z.array(z.uuid()).max(200).optional(),
  /** claim the copy after the claimed one too (N then shows it without waiting for the server) */
  ahead: z.boolean().optional(),
});

export const ClaimInput = z.object({ copyId: CopyId, questionId: QuestionId });
