// Roster import (the school's students and their portal accounts): POST the CSV file itself as the
// request body (Content-Type: text/csv), first to /preview (a dry run), then to /import.
import { z } from "zod";
import { Id } from "../common.ts";
import { route } from "./route.ts";

export const MAX_ROSTER_BYTES = 5 * 1024 * 1024;

export const ROSTER_FIELDS = ["ine", "lastName", "firstName", "fullName", "className", "email", "birthDate", "ignored"] as const;
export const RosterField = z.enum(ROSTER_FIELDS);
export type RosterField = z.infer<typeof RosterField>;

export const ROSTER_FORMATS = ["korrigo", "documented", "school-export"] as const;
export type RosterFormat = (typeof ROSTER_FORMATS)[number];

export const ROSTER_PROBLEM_CODES = [
  "EMPTY_FILE",
  "UNKNOWN_FORMAT",
  "MISSING_COLUMN",
  "UNKNOWN_COLUMN",
  "DUPLICATE_COLUMN",
  "MISSING_FIELD",
  "INVALID_EMAIL",
  "INVALID_DATE",
  "INVALID_INE",
  "NAME_NOT_SPLIT",
  "EXTRA_FIELDS",
  "DUPLICATE_INE",
  "DUPLICATE_EMAIL",
  "NO_IDENTIFIER",
  "CONFLICT",
  "EMAIL_IN_USE",
  "MALFORMED_CSV",
] as const;
export type RosterProblemCode = (typeof ROSTER_PROBLEM_CODES)[number];

export const RosterProblem = z.object({
  severity: z.enum(["error", "warning"]),
  code: z.enum(ROSTER_PROBLEM_CODES),
  /** 1-based line of the file (1 = header); null for the whole file */
  line: z.number().int().nullable(),
  /** 1-based column and its header; null when the problem is about the row */
  column: z.number().int().nullable(),
  columnName: z.string().nullable(),
  message: z.string(),
});
export type RosterProblem = z.infer<typeof RosterProblem>;

export const RosterSummary = z.object({
  rows: z.number().int(),
  valid: z.number().int(),
  create: z.number().int(),
  update: z.number().int(),
  unchanged: z.number().int(),
  accountsToCreate: z.number().int(),
  accountsToLink: z.number().int(),
  errors: z.number().int(),
  warnings: z.number().int(),
});
export type RosterSummary = z.infer<typeof RosterSummary>;

export const RosterRow = z.object({
  line: z.number().int(),
  ine: z.string().nullable(),
  lastName: z.string(),
  firstName: z.string(),
  className: z.string().nullable(),
  email: z.string().nullable(),
  /** YYYY-MM-DD */
  birthDate: z.iso.date().nullable(),
  /** no error on this row */
  valid: z.boolean(),
  action: z.enum(["create", "update", "unchanged"]),
  /** the student the row updates (null: a new one) */
  studentId: Id.nullable(),
  /** the fields an update changes */
  changes: z.array(z.string()),
  account: z.enum(["create", "link", "exists", "none", "conflict"]),
});
export type RosterRow = z.infer<typeof RosterRow>;

export const RosterPreview = z.object({
  format: z.enum(ROSTER_FORMATS).nullable(),
  encoding: z.enum(["utf-8", "utf-8-bom", "windows-1252"]),
  delimiter: z.string(),
  columns: z.array(z.object({ name: z.string(), field: RosterField.nullable() })),
  summary: RosterSummary,
  problems: z.array(RosterProblem),
  rows: z.array(RosterRow),
});
export type RosterPreview = z.infer<typeof RosterPreview>;

/** an initial portal password, handed over once */
export const Credential = z.object({
  className: z.string().nullable(),
  lastName: z.string(),
  firstName: z.string(),
  login: z.string(),
  password: z.string(),
});
export type Credential = z.infer<typeof Credential>;

export const RosterImportResult = z.object({
  summary: RosterSummary,
  problems: z.array(RosterProblem),
  /** the new accounts' initial passwords: in this answer only (never stored in clear) */
  credentials: z.object({
    count: z.number().int(),
    accounts: z.array(Credential),
    csv: z.object({ fileName: z.string(), contentType: z.string(), content: z.string() }),
    pdf: z.object({ fileName: z.string(), contentType: z.string(), base64: z.string() }),
  }),
});
export type RosterImportResult = z.infer<typeof RosterImportResult>;

const ADMIN = ["ADMIN"] as const;
/** the body is the CSV file itself, not JSON nor multipart */
const CSV_ERRORS = ["FORBIDDEN", "RATE_LIMITED"] as const;
const CSV_BODY = { accept: "text/csv", maxBytes: MAX_ROSTER_BYTES } as const;

export const rosterApi = {
  previewRoster: route({
    method: "POST",
    path: "/api/roster/preview",
    summary:
      "Dry run of a roster import: the body is the CSV file itself (Content-Type: text/csv, at most 5 MB); every problem by line and column, what would change",
    access: ADMIN,
    rawBody: CSV_BODY,
    response: z.object({ preview: RosterPreview }),
    errors: [...CSV_ERRORS],
  }),
  importRoster: route({
    method: "POST",
    path: "/api/roster/import",
    summary:
      "Import a roster (the CSV file itself as the body, text/csv): students upserted, portal accounts created; their initial passwords are in this answer only",
    access: ADMIN,
    rawBody: CSV_BODY,
    response: z.object({ import: RosterImportResult }),
    errors: [...CSV_ERRORS, "ROSTER_INVALID"],
  }),
};
