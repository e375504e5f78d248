import { Router } from "express";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { requireActor } from "../http/request-context.ts";
import { parse } from "../http/validate.ts";
import { authorize } from "../policy/policy.ts";

const AuditQuery = z.strictObject({
  actor: z.string().max(254).optional(),
  action: z.string().max(64).optional(),
  target: z.string().max(64).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  before: z.coerce.bigint().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function auditRoutes(db: Db): Router {
  const r = Router();
  r.get("/audit", async (req, res) => {
    authorize(requireActor(req), "audit.read");
    const q = parse(AuditQuery, req.query);
    const rows = await db.auditEvent.findMany({
      where: {
        ...(q.actor ? { actorName: { contains: q.actor, mode: "insensitive" as const } } : {}),
        ...(q.action ? { action: { startsWith: q.action } } : {}),
        ...(q.target ? { targetId: q.target } : {}),
        ...(q.from || q.to ? { at: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lte: q.to } : {}) } } : {}),
        ...(q.before ? { id: { lt: q.before } } : {}),
      },
      orderBy: { id: "desc" },
      take: q.limit,
    });
    res.json({ events: rows.map((e) => ({ ...e, id: e.id.toString() })) });
  });
  return r;
}
