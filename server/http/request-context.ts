import type { Request } from "express";
import type { AuditContext } from "../audit/audit-service.ts";
import type { Actor } from "../policy/actor.ts";
import { AppError } from "../errors/app-error.ts";

export const actorOf = (req: Request): Actor | null => (req.user && req.user.active ? req.user : null);

export function requireActor(req: Request): Actor {
  const a = actorOf(req);
  if (!a) throw new AppError("UNAUTHENTICATED", "Sign in first");
  return a;
}

export const clientIp = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? "unknown";

export function auditContext(req: Request): AuditContext {
  return {
    actorId: req.user?.id ?? null,
    actorName: req.user?.username ?? null,
    ip: clientIp(req),
    userAgent: req.get("user-agent") ?? null,
  };
}
