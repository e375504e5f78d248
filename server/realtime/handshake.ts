// Authenticates a /grading connection like an HTTP request: the Origin must be ours (no
// cross-site WebSocket hijacking) and the signed session cookie must name a live session of
// an active staff user. Browsers always send Origin on WebSocket and cross-origin requests;
// a missing Origin is a same-origin polling request or a non-browser client, both fine.
import * as cookie from "cookie";
import signature from "cookie-signature";
import type { ExtendedError } from "socket.io";
import type { AppContext } from "../context.ts";
import type { Role } from "../db/client.ts";
import { SESSION_COOKIE } from "../http/app.ts";
import { AppError, type ErrorCode } from "../errors/app-error.ts";
import { KeyedBatcher } from "../grading/keyed-batcher.ts";
import { can } from "../policy/policy.ts";
import type { SocketData } from "./connection.ts";
import type { GradingSocket } from "./grading-io.ts";

function refused(code: ErrorCode, message: string): ExtendedError {
  const err = new Error(code) as ExtendedError;
  err.data = { code, message };
  return err;
}

/** express-session's cookie: "s:" + sid + "." + HMAC; null unless the signature holds. */
export function sessionIdFromCookie(header: string | undefined, secret: string): string | null {
  if (!header) return null;
  const raw = cookie.parse(header)[SESSION_COOKIE];
  if (!raw?.startsWith("s:")) return null;
  const sid = signature.unsign(raw.slice(2), secret);
  return sid === false ? null : sid;
}

interface SessionUserRow {
  id: string;
  role: Role;
  active: boolean;
  mustChangePassword: boolean;
  displayName: string;
}

/**
 * The live sessions' users, in one round trip for all the handshakes of a moment (a node's
 * restart or a classroom's Wi-Fi coming back opens a thousand at once: one query, not one each).
 */
function sessionUsers(ctx: AppContext): KeyedBatcher<string, SessionUserRow | null> {
  return new KeyedBatcher(async (sids) => {
    const { rows } = await ctx.pool.query<SessionUserRow & { sid: string }>(
      `SELECT s.id AS sid, u.id, u.role, u.active, u."mustChangePassword", u."displayName"
         FROM "Session" s JOIN "User" u ON u.id = s."userId"
        WHERE s.id = ANY($1::text[]) AND s."expiresAt" > now()`,
      [sids],
    );
    const found = new Map<string, SessionUserRow | null>(sids.map((sid) => [sid, null]));
    for (const { sid, ...user } of rows) found.set(sid, user);
    return found;
  });
}

async function authenticate(ctx: AppContext, users: KeyedBatcher<string, SessionUserRow | null>, socket: GradingSocket): Promise<SocketData> {
  const origin = socket.handshake.headers.origin;
  if (origin !== undefined && !ctx.config.allowedOrigins.includes(origin)) throw refused("ORIGIN_REJECTED", "Origin not allowed");
  const sid = sessionIdFromCookie(socket.handshake.headers.cookie, ctx.config.sessionSecret);
  const user = sid ? await users.get(sid) : null;
  if (!sid || !user) throw refused("UNAUTHENTICATED", "Sign in first");
  if (!user.active) throw refused("ACCOUNT_DISABLED", "This account is disabled");
  if (user.mustChangePassword) throw refused("PASSWORD_CHANGE_REQUIRED", "Change your password before continuing");
  if (!can(user, "grading.connect")) throw refused("FORBIDDEN", "Grading is for staff accounts");
  return { user: { id: user.id, role: user.role, displayName: user.displayName }, sessionId: sid };
}

export function handshake(ctx: AppContext) {
  const users = sessionUsers(ctx);
  return (socket: GradingSocket, next: (err?: ExtendedError) => void) => {
    authenticate(ctx, users, socket)
      .then((data) => {
        socket.data = data;
        next();
      })
      .catch((e: unknown) => {
        if (e instanceof Error && "data" in e) return next(e as ExtendedError);
        ctx.log.warn({ err: e }, "socket handshake failed");
        next(refused(e instanceof AppError ? e.code : "UNAVAILABLE", "Try again later"));
      });
  };
}
