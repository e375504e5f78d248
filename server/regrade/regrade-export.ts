// The office's export of an exam's regrade requests with their outcomes: one CSV line per request
// (French spreadsheet dialect: ';', UTF-8 BOM; cells typed by people are neutralized against
// formula injection by csv-writer.ts). It names the students, so the office only; audited.
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { Db } from "../db/client.ts";
import { csvLine, BOM, FRENCH_CSV } from "../exports/csv-writer.ts";
import { asciiPart } from "../exports/pdf-zip.ts";
import { AppError } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";
import { questionLabels } from "./question-labels.ts";

const HEADER = [
  "code_anonyme",
  "nom",
  "prenom",
  "classe",
  "question",
  "demande_le",
  "message",
  "statut",
  "reponse",
  "repondu_par",
  "repondu_le",
  "version_demandee",
  "version_resolue",
];
const iso = (d: Date | null) => d?.toISOString() ?? null;

export async function exportRegradeRequests(db: Db, actor: Actor, examId: string, audit: AuditContext): Promise<{ fileName: string; body: string }> {
  authorize(actor, "export.regrades");
  const exam = await db.exam.findUnique({ where: { id: examId }, select: { title: true } });
  if (!exam) throw new AppError("NOT_FOUND", "Exam not found");
  const rows = await db.regradeRequest.findMany({
    where: { copy: { examId } },
    orderBy: [{ copy: { seq: "asc" } }, { createdAt: "asc" }],
    select: {
      questionId: true,
      message: true,
      status: true,
      answer: true,
      answeredById: true,
      answeredAt: true,
      fromVersion: true,
      resolvedVersion: true,
      createdAt: true,
      copy: { select: { anonymousCode: true, student: { select: { lastName: true, firstName: true, className: true } } } },
    },
  });
  const labels = await questionLabels(db, [examId]);
  const names = new Map(
    (
      await db.user.findMany({ where: { id: { in: rows.flatMap((r) => (r.answeredById ? [r.answeredById] : [])) } }, select: { id: true, displayName: true } })
    ).map((u) => [u.id, u.displayName]),
  );
  let body = BOM + csvLine(HEADER, FRENCH_CSV);
  for (const r of rows) {
    const s = r.copy.student;
    body += csvLine(
      [
        r.copy.anonymousCode,
        s?.lastName,
        s?.firstName,
        s?.className,
        labels.get(r.questionId) ?? r.questionId,
        iso(r.createdAt),
        r.message,
        r.status,
        r.answer,
        r.answeredById ? (names.get(r.answeredById) ?? null) : null,
        iso(r.answeredAt),
        r.fromVersion,
        r.resolvedVersion,
      ],
      FRENCH_CSV,
    );
  }
  await recordAudit(db, audit, { action: "export.regrades", targetType: "Exam", targetId: examId, details: { requests: rows.length } });
  return { fileName: `${asciiPart(exam.title) || "examen"}_revisions.csv`, body };
}
