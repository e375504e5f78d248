// Marks of an exam as standard CSV (RFC 4180: comma, decimal point, UTF-8 without BOM): one row per
// copy — anonymous code, student identity, state, a column per question, total. Marks come from
// each finalized copy's frozen decisions (collab's computeMarks, current rubric); a copy not finalized yet has empty score cells.
import { agreedOverlay, withAgreed, type AgreedOverlay } from "../moderation/agreed-marks.ts";
import type { ExamMarks } from "../supervision/exam-marks.ts";
import type { ExamQuestion } from "../supervision/exam-questions.ts";
import { readFrozen, type FrozenContent } from "../supervision/frozen-docs.ts";
import { csvLine, formatNumber, STANDARD_CSV, type CsvDialect, type CsvValue } from "./csv-writer.ts";
import type { ExportDeps } from "./export-deps.ts";
import { examCopyBatches, type ExportCopyRow } from "./exam-copy-rows.ts";

/** the `etat` column speaks the language of its French headers */
export const STATE_LABEL_FR: Readonly<Record<ExportCopyRow["state"], string>> = {
  STAGING: "en préparation",
  READY: "à corriger",
  FINALIZING: "PDF en cours",
  GRADED: "corrigée",
  RENDER_FAILED: "PDF en échec",
};

export function questionHeader(q: ExamQuestion, dialect: CsvDialect): string {
  return `${q.path}${q.variant ? ` [${q.variant}]` : ""} (/${formatNumber(q.maxPoints, dialect)})`;
}

/** The score cells of one copy, in column order: a question of another variant, or not scored, is empty. */
export function scoreCells(exam: ExamMarks, copy: ExportCopyRow, content: FrozenContent | undefined, agreed?: ReadonlyMap<string, number>): CsvValue[] {
  const questions = exam.questions;
  const own = new Set(questions.forVariant(copy.variant).map((q) => q.id));
  const scores = content ? withAgreed(exam.scoresOf(copy.variant, content.decisions), agreed) : {};
  const cells: CsvValue[] = questions.all.map((q) => (content && own.has(q.id) ? (scores[q.id] ?? null) : null));
  cells.push(content ? questions.totalFor(copy.variant, scores) : null);
  return cells;
}

/** Reads the frozen contents of a batch's finalized copies (one query for those not cached) and the agreed marks of its double-marked ones. */
export async function batchContents(
  deps: ExportDeps,
  batch: readonly ExportCopyRow[],
): Promise<{ contents: Map<string, FrozenContent>; agreed: AgreedOverlay }> {
  const finalized = batch.filter((c) => c.docHash !== null);
  const [contents, agreed] = await Promise.all([
    readFrozen(
      deps.pool,
      deps.frozen,
      finalized.map((c) => ({ id: c.id, docHash: c.docHash! })),
    ),
    agreedOverlay(
      deps.pool,
      finalized.map((c) => c.id),
    ),
  ]);
  return { contents, agreed };
}

export async function* marksCsv(deps: ExportDeps, examId: string, exam: ExamMarks): AsyncGenerator<string> {
  const d = STANDARD_CSV;
  const questions = exam.questions;
  // with variants (sujet A/B) each copy has its own maximum: a "sujet" column and a "sur" column
  // (common part + its variant) instead of one maximum in the total's header
  const variants = questions.all.some((q) => q.variant !== null);
  const max = Math.max(questions.maxFor(null), ...questions.all.map((q) => (q.variant ? questions.maxFor(q.variant) : 0)));
  const head = ["code_anonyme", "nom", "prenom", "ine", "classe", "etat", ...(variants ? ["sujet"] : [])];
  yield csvLine([...head, ...questions.all.map((q) => questionHeader(q, d)), ...(variants ? ["total", "sur"] : [`total (/${formatNumber(max, d)})`])], d);
  for await (const batch of examCopyBatches(deps.pool, examId, { batchSize: deps.batchSize })) {
    const { contents, agreed } = await batchContents(deps, batch);
    let chunk = "";
    for (const c of batch) {
      const s = c.student;
      const own = variants ? [c.variant] : [];
      chunk += csvLine(
        [
          c.anonymousCode,
          s?.lastName,
          s?.firstName,
          s?.ine,
          s?.className,
          STATE_LABEL_FR[c.state],
          ...own,
          ...scoreCells(exam, c, contents.get(c.id), agreed.get(c.id)),
          ...(variants ? [questions.maxFor(c.variant)] : []),
        ],
        d,
      );
    }
    yield chunk;
  }
}
