// The one place where errors become HTTP answers: JSON {code, message[, details]}, no stack traces.
import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Logger } from "pino";
import { AppError } from "../errors/app-error.ts";
import { databaseUnavailable } from "./database-unavailable.ts";

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

function fromBodyParser(err: BodyParserError): AppError | null {
  switch (err.type) {
    case "entity.parse.failed":
      return new AppError("MALFORMED_JSON", "The request body is not valid JSON");
    case "entity.too.large":
      return new AppError("PAYLOAD_TOO_LARGE", `The request body exceeds the limit of ${err.limit} bytes`);
    case "encoding.unsupported":
    case "charset.unsupported":
      return new AppError("UNSUPPORTED_MEDIA_TYPE", err.message);
    default:
      return null;
  }
}

/**
 * A client error raised by a library (serve-static's 404/400/403 for a missing asset, a NUL byte or
 * a traversal; a malformed URI): a plain 4xx, nothing about files or stacks. Its own message may
 * name paths, so the answer says only what kind of error it was.
 */
function fromClientError(err: Error & { status?: unknown; statusCode?: unknown }): AppError | null {
  const status = typeof err.status === "number" ? err.status : typeof err.statusCode === "number" ? err.statusCode : err instanceof URIError ? 400 : null;
  if (status === null || status < 400 || status >= 500) return null;
  if (status === 404) return new AppError("NOT_FOUND", "Not found");
  if (status === 403) return new AppError("FORBIDDEN", "Forbidden");
  if (status === 413) return new AppError("PAYLOAD_TOO_LARGE", "The request body is too large");
  if (status === 415) return new AppError("UNSUPPORTED_MEDIA_TYPE", "Unsupported media type");
  return new AppError("BAD_REQUEST", "Bad request");
}

/** The body of an error answer (`ErrorBody` of the contract). */
export const errorBody = (e: AppError) => ({ code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) });

export function errorHandler(log: Logger, opts: { exposeStack: boolean }): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const appErr =
      err instanceof AppError
        ? err
        : err instanceof Error
          ? (fromBodyParser(err as BodyParserError) ?? fromClientError(err) ?? databaseUnavailable(err))
          : null;
    if (res.headersSent) {
      log.warn({ err, reqId: req.id }, "error after headers were sent");
      res.end();
      return;
    }
    if (appErr) {
      if (appErr.code === "UNAVAILABLE" && !(err instanceof AppError))
        log.warn({ err, reqId: req.id, url: req.originalUrl }, "database unavailable: answered 503");
      for (const [k, v] of Object.entries(appErr.headers ?? {})) res.setHeader(k, v);
      res.status(appErr.status).json(errorBody(appErr));
      return;
    }
    log.error({ err, reqId: req.id, url: req.originalUrl }, "unhandled error");
    const body: Record<string, unknown> = { code: "INTERNAL", message: "An unexpected error occurred" };
    if (opts.exposeStack && err instanceof Error) body.stack = err.stack;
    // a route that broke its contract (checked in the test suite only: contract-route.ts) says how
    if (err instanceof Error && err.name === "ContractViolation") body.message = err.message;
    res.status(500).json(body);
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError("NOT_FOUND", `No route for ${req.method} ${req.path}`));
};
