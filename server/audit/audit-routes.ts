import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Router } from "express";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { auditContext, requireActor } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import { authorize } from "../policy/policy.ts";
import { auditCsv } from "./audit-export.ts";
import { auditNames } from "./audit-names.ts";
import { recordAudit } from "./audit-service.ts";
import { AuditFilter, AuditFilterFields, auditWhere, resolveCopyCode } from "./audit-filter.ts";

const AuditQuery = z.strictObject({
  ...AuditFilterFields,
  before: z.coerce.bigint().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function auditRoutes(db: Db): Router {
  const r = Router();
  r.get("/audit", async (req, res) => {
    authorize(requireActor(req), "audit.read");
    const q = parse(AuditQuery, req.query);
    const where = auditWhere(await resolveCopyCode(db, q));
    const rows = await db.auditEvent.findMany({
      where: q.before ? { AND: [where, { id: { lt: q.before } }] } : where,
      orderBy: { id: "desc" },
      take: q.limit,
    });
    res.json({ events: rows.map((e) => ({ ...e, id: e.id.toString() })), names: await auditNames(db, rows) });
  });
  // the same filters as CSV, every matching event, streamed
  r.get("/audit/export.csv", async (req, res) => {
    authorize(requireActor(req), "audit.read");
    const q = parse(AuditFilter, req.query);
    await recordAudit(db, auditContext(req), { action: "audit.exported", details: { ...q } });
    res.setHeader("Content-Type", "text/csv; charset=utf-8");
    res.setHeader("Content-Disposition", `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`);
    res.setHeader("Cache-Control", "private, no-store");
    await pipeline(Readable.from(auditCsv(db, await resolveCopyCode(db, q))), res);
  });
  return r;
}
