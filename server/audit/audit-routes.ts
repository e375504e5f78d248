// HTTP of the audit viewer: the events (a page at a time) and the same filters as CSV, streamed.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Router } from "express";
import { auditApi as api } from "../../collab/contract/api/audit.ts";
import type { Db } from "../db/client.ts";
import { handle, handleRaw } from "../http/contract-route.ts";
import { auditContext } from "../http/request-context.ts";
import { authorize } from "../policy/policy.ts";
import { auditCsv } from "./audit-export.ts";
import { auditNames } from "./audit-names.ts";
import { recordAudit } from "./audit-service.ts";
import { auditWhere, resolveCopyCode } from "./audit-filter.ts";

export function auditRoutes(db: Db): Router {
  const r = Router();
  handle(r, api.auditEvents, async ({ actor, query: q }) => {
    authorize(actor, "audit.read");
    const where = auditWhere(await resolveCopyCode(db, q));
    const rows = await db.auditEvent.findMany({
      where: q.before ? { AND: [where, { id: { lt: q.before } }] } : where,
      orderBy: { id: "desc" },
      take: q.limit,
    });
    return { events: rows.map((e) => ({ ...e, id: e.id.toString() })), names: await auditNames(db, rows) };
  });
  // the same filters as CSV, every matching event, streamed
  handleRaw(r, api.auditExport, async ({ actor, query: q }, req, res) => {
    authorize(actor, "audit.read");
    await recordAudit(db, auditContext(req), { action: "audit.exported", details: { ...q } });
    res.setHeader("Content-Type", api.auditExport.response.file);
    res.setHeader("Content-Disposition", `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`);
    res.setHeader("Cache-Control", "private, no-store");
    await pipeline(Readable.from(auditCsv(db, await resolveCopyCode(db, q))), res);
  });
  return r;
}
