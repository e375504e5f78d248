// Grading errors are values with a stable code, like AppError; the socket layer maps both to
// acks in one place (server/realtime/ack.ts). The codes are part of docs/protocol.md.
import type { UpdateRefusalCode } from "../../collab/index.ts";

export type GradingErrorCode =
  | UpdateRefusalCode
  /** the copy is not in READY (FINALIZING, GRADED …): nobody writes any more */
  | "COPY_READ_ONLY"
  /** another user holds the copy's lock */
  | "LOCKED"
  /** writing needs the copy's lock, and the writer does not hold it */
  | "NOT_LOCK_HOLDER"
  /** the update changes scores or comments outside the grader's question range */
  | "SCOPE"
  /** the update writes an annotation author other than the sender (identity comes from the session) */
  | "AUTHOR_MISMATCH"
  /** copy:update or copy:lock on a copy this socket has not joined */
  | "NOT_JOINED"
  /** the stored document no longer satisfies the schema (e.g. the scale changed under it) */
  | "STATE_CORRUPT";

export class GradingError extends Error {
  override readonly name = "GradingError";
  constructor(
    readonly code: GradingErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}
