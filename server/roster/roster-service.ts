// Roster import: a dry-run preview (every problem by line and column, what would change), then
// the commit — students upserted and portal accounts created in one transaction, the initial
// passwords returned once in the response (CSV + PDF) and never stored in clear.
import crypto from "node:crypto";
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import { generatePassword, hashPassword } from "../auth/password-hash.ts";
import type { AppContext } from "../context.ts";
import { AppError } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";
import { consumeOrThrow } from "../intake/rate-limit.ts";
import type { Credential } from "./credentials.ts";
import { parseRoster, type ParsedRoster, type RosterProblem } from "./roster-parse.ts";
import { planRoster, type PlannedRow } from "./roster-plan.ts";

export const IMPORTS_PER_HOUR = 10;
/** argon2 runs on libuv's pool (4 threads): 4 hashes at a time keeps 300 students to seconds */
const HASH_CONCURRENCY = 4;

export interface RosterSummary {
  rows: number;
  valid: number;
  create: number;
  update: number;
  unchanged: number;
  accountsToCreate: number;
  accountsToLink: number;
  errors: number;
  warnings: number;
}

export interface RosterPreview {
  format: ParsedRoster["format"];
  encoding: ParsedRoster["encoding"];
  delimiter: string;
  columns: ParsedRoster["columns"];
  summary: RosterSummary;
  problems: RosterProblem[];
  rows: Array<Omit<PlannedRow, "birthDate" | "linkUserId"> & { birthDate: string | null }>;
}

export interface RosterImportResult {
  summary: RosterSummary;
  problems: RosterProblem[];
  credentials: {
    count: number;
    accounts: Credential[];
    csv: { fileName: string; contentType: string; content: string };
    pdf: { fileName: string; contentType: string; base64: string };
  };
}

async function mapChunked<T, R>(items: T[], size: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

function summarize(rows: PlannedRow[], problems: RosterProblem[]): RosterSummary {
  const valid = rows.filter((r) => r.valid);
  const count = (f: (r: PlannedRow) => boolean) => valid.filter(f).length;
  return {
    rows: rows.length,
    valid: valid.length,
    create: count((r) => r.action === "create"),
    update: count((r) => r.action === "update"),
    unchanged: count((r) => r.action === "unchanged"),
    accountsToCreate: count((r) => r.account === "create"),
    accountsToLink: count((r) => r.account === "link"),
    errors: problems.filter((p) => p.severity === "error").length,
    warnings: problems.filter((p) => p.severity === "warning").length,
  };
}

const byLine = (a: RosterProblem, b: RosterProblem) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);

export class RosterService {
  private readonly importLimiter;
  private readonly previewLimiter;

  constructor(private readonly ctx: AppContext) {
    this.importLimiter = ctx.limiters({ keyPrefix: "roster-import", points: IMPORTS_PER_HOUR, durationSec: 3600 });
    this.previewLimiter = ctx.limiters({ keyPrefix: "roster-preview", points: 120, durationSec: 3600 });
  }

  async preview(actor: Actor, bytes: Uint8Array): Promise<RosterPreview> {
    authorize(actor, "roster.import");
    await consumeOrThrow(this.previewLimiter, actor.id, "roster previews");
    const { parsed, rows, problems } = await this.analyze(bytes);
    return {
      format: parsed.format,
      encoding: parsed.encoding,
      delimiter: parsed.delimiter,
      columns: parsed.columns,
      summary: summarize(rows, problems),
      problems,
      rows: rows.map(({ birthDate, linkUserId: _l, ...r }) => ({ ...r, birthDate: birthDate ? birthDate.toISOString().slice(0, 10) : null })),
    };
  }

  async commit(actor: Actor, bytes: Uint8Array, audit: AuditContext): Promise<RosterImportResult> {
    authorize(actor, "roster.import");
    await consumeOrThrow(this.importLimiter, actor.id, "roster imports");
    const { parsed, rows, problems } = await this.analyze(bytes);
    const summary = summarize(rows, problems);
    if (summary.errors > 0 || !parsed.format)
      throw new AppError("ROSTER_INVALID", `The file has ${summary.errors} problem(s): fix them and preview again`, { problems, summary });
    const toCreate = rows.filter((r) => r.account === "create");
    const passwords = toCreate.map(() => generatePassword());
    const hashes = await mapChunked(passwords, HASH_CONCURRENCY, hashPassword);
    const accounts = toCreate.map((r, i) => ({ row: r, userId: crypto.randomUUID(), password: passwords[i]!, hash: hashes[i]! }));
    await this.ctx.db.$transaction(
      async (tx) => {
        if (accounts.length) {
          await tx.user.createMany({
            data: accounts.map((a) => ({
              id: a.userId,
              username: a.row.email!,
              email: a.row.email!,
              displayName: `${a.row.firstName} ${a.row.lastName}`.slice(0, 200),
              role: "STUDENT" as const,
              passwordHash: a.hash,
              mustChangePassword: true,
            })),
          });
        }
        const userOf = new Map<number, string>([
          ...accounts.map((a) => [a.row.line, a.userId] as const),
          ...rows.filter((r) => r.account === "link").map((r) => [r.line, r.linkUserId!] as const),
        ]);
        const fresh = rows.filter((r) => r.action === "create");
        if (fresh.length) {
          await tx.student.createMany({
            data: fresh.map((r) => ({
              ine: r.ine,
              lastName: r.lastName,
              firstName: r.firstName,
              className: r.className,
              email: r.email,
              birthDate: r.birthDate,
              userId: userOf.get(r.line) ?? null,
            })),
          });
        }
        for (const r of rows.filter((x) => x.action !== "create" && (x.changes.length || userOf.has(x.line)))) {
          await tx.student.update({
            where: { id: r.studentId! },
            data: {
              ...(r.ine ? { ine: r.ine } : {}),
              ...(r.lastName ? { lastName: r.lastName } : {}),
              ...(r.firstName ? { firstName: r.firstName } : {}),
              ...(r.className ? { className: r.className } : {}),
              ...(r.email ? { email: r.email } : {}),
              ...(r.birthDate ? { birthDate: r.birthDate } : {}),
              ...(userOf.has(r.line) ? { userId: userOf.get(r.line)! } : {}),
            },
          });
        }
        await recordAudit(tx, audit, { action: "roster.imported", targetType: "roster", details: { format: parsed.format, ...summary } });
      },
      { timeout: 120_000, maxWait: 10_000 },
    );
    const list: Credential[] = accounts.map((a) => ({
      className: a.row.className,
      lastName: a.row.lastName,
      firstName: a.row.firstName,
      login: a.row.email!,
      password: a.password,
    }));
    const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, "");
    // loaded when first needed (pdf-lib): a school imports its roster a few times a year
    const { credentialsCsv, credentialsPdf } = await import("./credentials.ts");
    return {
      summary,
      problems,
      credentials: {
        count: list.length,
        accounts: list,
        csv: { fileName: `identifiants-eleves-${stamp}.csv`, contentType: "text/csv; charset=utf-8", content: credentialsCsv(list) },
        pdf: {
          fileName: `identifiants-eleves-${stamp}.pdf`,
          contentType: "application/pdf",
          base64: Buffer.from(await credentialsPdf(list, "Identifiants élèves — Korrigo")).toString("base64"),
        },
      },
    };
  }

  private async analyze(bytes: Uint8Array) {
    const parsed = parseRoster(bytes);
    const planned = await planRoster(this.ctx.db, parsed.rows);
    return { parsed, rows: planned.rows, problems: [...parsed.problems, ...planned.problems].sort(byLine) };
  }
}
