// Every error code the API and the socket answer with, and its HTTP status: one table shared by the
// server (AppError) and the client (messages per code). A code is stable: clients and scripts rely on it.
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  WEAK_PASSWORD: 400,
  BAD_REQUEST: 400,
  LINK_INVALID: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  SESSION_EXPIRED: 401,
  FORBIDDEN: 403,
  CSRF_INVALID: 403,
  ORIGIN_REJECTED: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  ACCOUNT_DISABLED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  USERNAME_TAKEN: 409,
  EMAIL_TAKEN: 409,
  INVALID_STATE: 409,
  SSO_ONLY: 409,
  LOCKED: 409,
  RELEASE_BLOCKED: 409,
  /** moderation (#16): a second marking asked on a released copy without reopen: true */
  COPY_RELEASED: 409,
  /** a request body that stopped arriving (BODY_IDLE_TIMEOUT_SEC) */
  REQUEST_TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  BEFORE_COPY_EXISTED: 422,
  UNSCORED_QUESTIONS: 422,
  SCORE_OUT_OF_BOUNDS: 422,
  TOO_MANY_ATTEMPTS: 429,
  RATE_LIMITED: 429,
  // intake (#4): scale, uploads, roster, identification
  SCALE_LOCKED: 409,
  DUPLICATE_UPLOAD: 409,
  STUDENT_ALREADY_LINKED: 409,
  GRADING_STARTED: 409,
  UNKNOWN_VARIANT: 422,
  NOT_A_PDF: 415,
  PDF_EMPTY: 422,
  PDF_CORRUPTED: 422,
  PDF_ENCRYPTED: 422,
  PDF_NO_PAGES: 422,
  ROSTER_INVALID: 422,
  // QR booklets (#15)
  NO_SUBJECT: 422,
  COPY_CLOSED: 409,
  NOT_AN_EXTRA_SHEET: 409,
  // page images (#14)
  IMAGE_FAILED: 422,
  IMAGE_NOT_READY: 409,
  // rubric change sets (#12)
  RUBRIC_STALE: 409,
  RUBRIC_UNCHANGED: 409,
  NOTHING_TO_UNDO: 409,
  SCALE_CHANGE_NEEDS_PREVIEW: 409,
  UNKNOWN_QUESTION: 422,
  UNKNOWN_ITEM: 422,
  RUBRIC_GROUP_INVALID: 422,
  // moderation (#16)
  RECONCILIATION_STALE: 409,
  RECONCILIATION_CLOSED: 409,
  // student portal, changes between released versions (#17)
  NOT_AN_EARLIER_VERSION: 400,
  // regrade requests (#17)
  REGRADE_CLOSED: 409,
  REGRADE_DUPLICATE: 409,
  REGRADE_CAP_REACHED: 409,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/** The body of every error answer (HTTP) and the error ack of every socket event. */
export interface ErrorBody {
  code: string;
  message?: string;
  details?: unknown;
}
