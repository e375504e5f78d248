// Marks in the shape French school software imports (Pronote): semicolon, decimal comma, UTF-8
// with BOM, students identified by NOM / PRENOM / DATE_NAISSANCE (dd/mm/yyyy), the total in NOTE.
// Only identified copies; students marked absent follow with "Abs", Pronote's absence code.
// With variants (sujet A/B) the copies are not all marked out of the same maximum: NOTE stays the
// raw total and a SUR column follows with the copy's own maximum (common part + its variant), so
// the school imports NOTE "sur" SUR (or rescales it); without variants the file is unchanged.
import type { ExamMarks } from "../supervision/exam-marks.ts";
import { BOM, csvLine, FRENCH_CSV } from "./csv-writer.ts";
import type { ExportDeps } from "./export-deps.ts";
import { examCopyBatches } from "./exam-copy-rows.ts";
import { batchContents, questionHeader, scoreCells } from "./marks-csv.ts";

export function frenchDate(d: Date | null): string {
  if (!d) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`; // a @db.Date arrives at UTC midnight
}

export async function* pronoteCsv(deps: ExportDeps, examId: string, exam: ExamMarks): AsyncGenerator<string> {
  const d = FRENCH_CSV;
  const questions = exam.questions;
  const variants = questions.all.some((q) => q.variant !== null);
  yield BOM + csvLine(["NOM", "PRENOM", "DATE_NAISSANCE", ...questions.all.map((q) => questionHeader(q, d)), "NOTE", ...(variants ? ["SUR"] : [])], d);
  for await (const batch of examCopyBatches(deps.pool, examId, { batchSize: deps.batchSize, identifiedOnly: true })) {
    const { contents, agreed } = await batchContents(deps, batch);
    let chunk = "";
    for (const c of batch)
      chunk += csvLine(
        [
          c.student!.lastName,
          c.student!.firstName,
          frenchDate(c.student!.birthDate),
          ...scoreCells(exam, c, contents.get(c.id), agreed.get(c.id)),
          ...(variants ? [questions.maxFor(c.variant)] : []),
        ],
        d,
      );
    yield chunk;
  }
  // absences are a few students per exam: one read
  const absents = await deps.db.examAbsence.findMany({
    where: { examId },
    orderBy: [{ student: { lastName: "asc" } }, { student: { firstName: "asc" } }],
    select: { student: { select: { lastName: true, firstName: true, birthDate: true } } },
  });
  if (absents.length)
    yield absents
      .map(({ student: s }) =>
        csvLine([s.lastName, s.firstName, frenchDate(s.birthDate), ...questions.all.map(() => null), "Abs", ...(variants ? [null] : [])], d),
      )
      .join("");
}
