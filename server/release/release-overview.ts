// The release screen's table: every copy of an exam with its state, student, total, whether it is
// released and its last released version (flagged when the copy changed since). Totals come from the
// frozen decisions of graded copies under the current rubric.
import type { CopyState, Db } from "../db/client.ts";
import type { Queryable } from "../grading/sql.ts";
import { AppError } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";
import { agreedOverlay, withAgreed } from "../moderation/agreed-marks.ts";
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
  /** the last released version (what the student sees while released), null: never released */
  readonly releasedVersion: { readonly number: number; readonly total: number; readonly releasedAt: string } | null;
  /** a GRADED copy whose document or total differs from its last released version: release it again to show the change */
  readonly changedSinceRelease: boolean;
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
    select: {
      id: true,
      anonymousCode: true,
      state: true,
      releasedAt: true,
      docHash: true,
      renderError: true,
      variant: true,
      student: { select: { lastName: true, firstName: true, className: true } },
    },
  });
  const frozen = copies.filter((c) => c.state === "GRADED" && c.docHash).map((c) => ({ id: c.id, docHash: c.docHash! }));
  const [contents, agreed] = await Promise.all([
    readFrozen(pool, sharedFrozenDocs, frozen),
    agreedOverlay(
      pool,
      frozen.map((c) => c.id),
    ),
  ]);
  const { rows: versions } = await pool.query<{ copyId: string; number: number; total: number; docHash: string; releasedAt: Date }>(
    `SELECT DISTINCT ON (v."copyId") v."copyId", v.number, v.total, v."docHash", v."releasedAt"
       FROM "ReleasedVersion" v JOIN "Copy" c ON c.id = v."copyId"
      WHERE c."examId" = $1::uuid ORDER BY v."copyId", v.number DESC`,
    [examId],
  );
  const latest = new Map(versions.map((v) => [v.copyId, v]));
  return {
    exam,
    copies: copies.map((c) => {
      const content = c.state === "GRADED" ? contents.get(c.id) : undefined;
      const total = content ? marks.questions.totalFor(c.variant, withAgreed(marks.scoresOf(c.variant, content.decisions), agreed.get(c.id))) : null;
      const v = latest.get(c.id);
      return {
        id: c.id,
        anonymousCode: c.anonymousCode,
        state: c.state,
        releasedAt: c.releasedAt?.toISOString() ?? null,
        student: c.student,
        total,
        maxPoints: marks.questions.maxFor(c.variant),
        renderError: c.state === "RENDER_FAILED" ? c.renderError : null,
        releasedVersion: v ? { number: v.number, total: v.total, releasedAt: v.releasedAt.toISOString() } : null,
        changedSinceRelease: !!v && c.state === "GRADED" && (v.docHash !== c.docHash || v.total !== total),
      };
    }),
  };
}
