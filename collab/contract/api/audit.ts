// The audit trail for the exam office: events newest first, filtered by actor (name or id), action
// (prefix), target or copy (its id or its anonymous code, as staff know it) and date range; the same
// filters as CSV.
import { z } from "zod";
import { Id, IsoDateTime } from "../common.ts";
import { route } from "./route.ts";

/** An anonymous code as printed on copies: 4 hex digits, a dash, the number (0F8E-001). */
export const ANONYMOUS_CODE = /^[0-9A-Fa-f]{4}-[0-9]{3,6}$/;

export const AuditFilterFields = {
  actor: z.string().max(254).optional(),
  actorId: z.uuid().optional(),
  action: z.string().max(64).optional(),
  target: z.string().max(64).optional(),
  /** a copy's id or anonymous code: the events about that copy */
  copy: z
    .union([
      z.uuid(),
      z
        .string()
        .regex(ANONYMOUS_CODE, "a copy id or an anonymous code such as 0F8E-001")
        .transform((c) => c.toUpperCase()),
    ])
    .optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
};

export const AuditFilter = z.strictObject(AuditFilterFields);
export type AuditFilter = z.infer<typeof AuditFilter>;

export const AuditQuery = z.strictObject({
  ...AuditFilterFields,
  /** the page after this event id (events are newest first) */
  before: z.coerce.bigint().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const AuditEvent = z.object({
  /** a growing number, as a string */
  id: z.string(),
  at: IsoDateTime,
  actorId: Id.nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: z.unknown(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

const ADMIN = ["ADMIN"] as const;

export const auditApi = {
  auditEvents: route({
    method: "GET",
    path: "/api/audit",
    summary: "Audit events, newest first, filtered; names for the ids they mention (copies, exams, users)",
    access: ADMIN,
    query: AuditQuery,
    response: z.object({
      events: z.array(AuditEvent),
      /** id → anonymous code, exam title or display name */
      names: z.record(z.string(), z.string()),
    }),
    errors: ["FORBIDDEN"],
  }),
  auditExport: route({
    method: "GET",
    path: "/api/audit/export.csv",
    summary: "Every audit event matching the filters, as CSV (the export itself is audited)",
    access: ADMIN,
    query: AuditFilter,
    response: { file: "text/csv; charset=utf-8" },
    errors: ["FORBIDDEN"],
  }),
};
