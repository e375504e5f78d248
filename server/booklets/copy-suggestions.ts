// The copies an extra sheet may be attached to, found from what is written on the sheet: the
// student's name (named exams, or a copy already identified), the anonymous code, or the copy's
// number. Closed copies are listed too, marked, so the office sees why one cannot be picked.
import type { CopyState, Db } from "../db/client.ts";
import { MIN_SCORE, nameScore, tokensOf } from "../identification/fuzzy-match.ts";

export interface CopySuggestion {
  id: string;
  anonymousCode: string;
  seq: number;
  state: CopyState;
  /** only STAGING copies take a sheet (COPY_CLOSED otherwise) */
  attachable: boolean;
  student: { name: string; className: string | null } | null;
}

const LIMIT = 8;

export async function suggestCopies(db: Db, examId: string, query: string): Promise<CopySuggestion[]> {
  const rows = await db.copy.findMany({
    where: { examId },
    select: { id: true, anonymousCode: true, seq: true, state: true, student: { select: { lastName: true, firstName: true, className: true } } },
    orderBy: { seq: "asc" },
  });
  const q = query.trim();
  const code = q.toUpperCase().replace(/\s+/g, "");
  const number = /^\d+$/.test(q) ? Number(q) : null;
  const tokens = tokensOf(q);
  const scored = rows.map((c) => {
    if (number !== null && c.seq === number) return { c, score: 2 };
    if (code.length >= 2 && c.anonymousCode.toUpperCase().includes(code)) return { c, score: c.anonymousCode.toUpperCase() === code ? 2 : 1.5 };
    const name = c.student ? nameScore(tokens, tokensOf(`${c.student.lastName} ${c.student.firstName}`)) : 0;
    return { c, score: name >= MIN_SCORE ? name : 0 };
  });
  return scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.c.seq - b.c.seq)
    .slice(0, LIMIT)
    .map(({ c }) => ({
      id: c.id,
      anonymousCode: c.anonymousCode,
      seq: c.seq,
      state: c.state,
      attachable: c.state === "STAGING",
      student: c.student ? { name: `${c.student.lastName} ${c.student.firstName}`, className: c.student.className } : null,
    }));
}
