// CSRF: a synchronizer token kept in the session, sent back by the client in X-CSRF-Token on
// every state-changing request; plus an Origin check (when the browser sends Origin, it must be ours).
import crypto from "node:crypto";
import type { Request, RequestHandler } from "express";
import { AppError } from "../errors/app-error.ts";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);
export const CSRF_HEADER = "x-csrf-token";

export function csrfTokenFor(req: Request): string {
  if (!req.session) throw new Error("session middleware missing");
  req.session.csrfToken ??= crypto.randomBytes(32).toString("base64url");
  return req.session.csrfToken;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export function originCheck(allowedOrigins: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    if (SAFE.has(req.method)) return next();
    const origin = req.get("origin");
    if (origin && !allowedOrigins.includes(origin)) return next(new AppError("ORIGIN_REJECTED", "Cross-site request refused"));
    next();
  };
}

/** Every state-changing request but those in `exempt` (the login) must carry the session's token. */
export function csrfProtection(exempt: ReadonlyArray<string>): RequestHandler {
  return (req, _res, next) => {
    // Without a signed-in user there is no authority to abuse: the route itself answers 401.
    if (SAFE.has(req.method) || exempt.includes(req.path) || !req.user) return next();
    const sent = req.get(CSRF_HEADER);
    const expected = req.session?.csrfToken;
    if (!sent || !expected || !sameToken(sent, expected))
      return next(new AppError("CSRF_INVALID", "Missing or invalid CSRF token: send X-CSRF-Token from GET /api/me"));
    next();
  };
}
