// The release screen's table: every copy of an exam with its state, student, total and whether it
// is released. Totals come from the frozen documents of graded copies.
import type { CopyState, Db } from "../db/client.ts";
import type { Queryable } from "../grading/sql.ts";
import { AppError } from "../http/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";
import { loadExamMarks } from "../supervision/exam-marks.ts";
import { readFrozen, sharedFrozenDocs } from "../supervision/frozen-docs.ts";

export interface ReleaseCopyRow {
  readonly id: string;
  readonly anonymousCode: string;
  readonly state: CopyState;
  readonly releasedAt: string | null;
  readonly student: { readonly lastName: string; readonly firstName: string; readonly className: string | null } | null;
  /** graded copies only */
  readonly total: number | null;
  readonly maxPoints: number;
  /** why the last render failed (RENDER_FAILED copies only) */
  readonly renderError: string | null;
}

export interface ReleaseOverview {
  readonly exam: { readonly id: string; readonly title: string };
  readonly copies: readonly ReleaseCopyRow[];
}

export async function releaseOverview(db: Db, pool: Queryable, actor: Actor, examId: string): Promise<ReleaseOverview> {
  authorize(actor, "release.read");
  const exam = await db.exam.findUnique({ where: { id: examId }, select: { id: true, title: true } });
  if (!exam) throw new AppError("NOT_FOUND", "Exam not found");
  const marks = await loadExamMarks(db, pool, examId);
  const copies = await db.copy.findMany({
    where: { examId },
    orderBy: { seq: "asc" },
    select: { id: true, anonymousCode: true, state: true, releasedAt: true, docHash: true, renderError: true, variant: true, student: { select: { lastName: true, firstName: true, className: true } } },
  });
  const frozen = copies.filter((c) => c.state === "GRADED" && c.docHash).map((c) => ({ id: c.id, docHash: c.docHash! }));
  const contents = await readFrozen(pool, sharedFrozenDocs, frozen);
  return {
    exam,
    copies: copies.map((c) => {
      const content = c.state === "GRADED" ? contents.get(c.id) : undefined;
      return {
        id: c.id,
        anonymousCode: c.anonymousCode,
        state: c.state,
        releasedAt: c.releasedAt?.toISOString() ?? null,
        student: c.student,
        total: content ? marks.questions.totalFor(c.variant, marks.scoresOf(c.variant, content.decisions)) : null,
        maxPoints: marks.questions.maxFor(c.variant),
        renderError: c.state === "RENDER_FAILED" ? c.renderError : null,
      };
    }),
  };
}
