// The one place where errors become acknowledgements: {ok:false, code, message, ...details}.
import type { Logger } from "pino";
import type { ErrorAck } from "../../collab/contract/socket/index.ts";
import { CollabError } from "../../collab/index.ts";
import { GradingError } from "../grading/grading-error.ts";
import { AppError } from "../errors/app-error.ts";
import { databaseUnavailable } from "../http/database-unavailable.ts";

export type { ErrorAck };

export function toErrorAck(err: unknown, log: Logger): ErrorAck {
  if (err instanceof GradingError || err instanceof AppError) {
    return { ...(err.details ?? {}), ok: false, code: err.code, message: err.message };
  }
  if (err instanceof CollabError) return { ok: false, code: err.code, message: err.message };
  const busy = databaseUnavailable(err);
  if (busy) {
    log.warn({ err }, "database unavailable in a socket handler");
    return { ...busy.details, ok: false, code: busy.code, message: busy.message };
  }
  log.error({ err }, "unexpected error in a socket handler");
  return { ok: false, code: "INTERNAL", message: "An unexpected error occurred" };
}
