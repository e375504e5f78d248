// Errors thrown by collab helpers carry a stable code, like the server's DomainError
// (collab imports nothing of ours, so it has its own small class).

export type CollabErrorCode =
  | "INVALID_ANNOTATION"
  | "ANNOTATION_EXISTS"
  | "ANNOTATION_NOT_FOUND"
  | "INVALID_SCORE"
  | "INVALID_COMMENT"
  | "INVALID_DECISION"
  | "STATE_VECTOR_MALFORMED"
  | "STATE_CORRUPT";

export class CollabError extends Error {
  override readonly name = "CollabError";
  constructor(
    readonly code: CollabErrorCode,
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }
}
