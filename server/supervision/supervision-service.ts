// The supervisor's dashboard: an exam's copies by state (the RENDER_FAILED ones listed with their
// error), per-grader progress and pace, live locks, and score statistics of the graded copies
// (from their frozen documents).
import type { Db, ExamStatus } from "../db/client.ts";
import type { Queryable } from "../grading/sql.ts";
import { AppError } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";
import { driftReport, type DriftReport } from "./drift-report.ts";
import { loadExamMarks, type ExamMarks } from "./exam-marks.ts";
import { itemStatistics, type QuestionItemStats } from "./item-stats.ts";
import { failedRenders, type FailedRender } from "./failed-renders.ts";
import { readFrozen, sharedFrozenDocs, type FrozenDocCache } from "./frozen-docs.ts";
import { copyCounts, examPace, graderProgress, type CopyCounts, type GraderProgress, type Pace } from "./grading-progress.ts";
import { examLocks, type LockActivity } from "./lock-activity.ts";
import { scoreStatistics, type ScoreStats } from "./score-stats.ts";

export interface ExamHeader {
  readonly id: string;
  readonly title: string;
  readonly subject: string | null;
  readonly examDate: string | null;
  readonly status: ExamStatus;
}

export interface ExamOverview extends ExamHeader {
  readonly copies: number;
  readonly graded: number;
  readonly released: number;
}

export interface ExamStats {
  readonly exam: ExamHeader;
  readonly generatedAt: string;
  readonly copies: CopyCounts;
  /** RENDER_FAILED copies (at most FAILED_RENDERS_LISTED, by seq), with their error */
  readonly failedRenders: readonly FailedRender[];
  readonly pace: Pace;
  readonly graders: readonly GraderProgress[];
  readonly locks: readonly LockActivity[];
  readonly scores: ScoreStats;
  /** per question graded with rubric items: share of copies that got each item */
  readonly items: readonly QuestionItemStats[];
  /** graders whose marks on a question drift from the others' (docs/moderation.md) */
  readonly drift: DriftReport;
}

const day = (d: Date | null) => d?.toISOString().slice(0, 10) ?? null;

export class SupervisionService {
  constructor(
    private readonly db: Db,
    private readonly pool: Queryable,
    private readonly frozen: FrozenDocCache = sharedFrozenDocs,
  ) {}

  async listExams(actor: Actor): Promise<ExamOverview[]> {
    authorize(actor, "supervision.view");
    const { rows } = await this.pool.query<{
      id: string;
      title: string;
      subject: string | null;
      examDate: Date | null;
      status: ExamStatus;
      copies: number;
      graded: number;
      released: number;
    }>(
      `SELECT e.id, e.title, e.subject, e."examDate", e.status::text AS status,
              count(c.id)::int AS copies, count(c.id) FILTER (WHERE c.state = 'GRADED')::int AS graded,
              count(c."releasedAt")::int AS released
         FROM "Exam" e LEFT JOIN "Copy" c ON c."examId" = e.id
        WHERE e.status <> 'ARCHIVED'
        GROUP BY e.id ORDER BY e."examDate" DESC NULLS LAST, e."createdAt" DESC`,
    );
    return rows.map((r) => ({ ...r, examDate: day(r.examDate) }));
  }

  async stats(actor: Actor, examId: string): Promise<ExamStats> {
    authorize(actor, "supervision.view");
    return this.compute(examId);
  }

  async locks(actor: Actor, examId: string): Promise<LockActivity[]> {
    authorize(actor, "supervision.view");
    await this.header(examId);
    return examLocks(this.pool, examId);
  }

  /** No permission check: for pushes to an exam room whose members were checked when they joined. */
  async compute(examId: string): Promise<ExamStats> {
    const exam = await this.header(examId);
    const copies = await copyCounts(this.pool, examId);
    const remaining = copies.byState.STAGING + copies.byState.READY;
    const failed = copies.byState.RENDER_FAILED ? failedRenders(this.pool, examId) : Promise.resolve([]);
    const [pace, graders, locks, { scores, items, drift }, failedList] = await Promise.all([
      examPace(this.pool, examId, remaining),
      graderProgress(this.pool, examId),
      examLocks(this.pool, examId),
      this.scores(examId),
      failed,
    ]);
    return { exam, generatedAt: new Date().toISOString(), copies, failedRenders: failedList, pace, graders, locks, scores, items, drift };
  }

  private async header(examId: string): Promise<ExamHeader> {
    const e = await this.db.exam.findUnique({ where: { id: examId }, select: { id: true, title: true, subject: true, examDate: true, status: true } });
    if (!e) throw new AppError("NOT_FOUND", "Exam not found");
    return { ...e, examDate: day(e.examDate) };
  }

  private async scores(examId: string): Promise<{ scores: ScoreStats; items: QuestionItemStats[]; drift: DriftReport }> {
    const exam = await loadExamMarks(this.db, this.pool, examId);
    const [scores, items, drift] = await Promise.all([
      this.totals(examId, exam),
      itemStatistics(this.pool, examId, exam.questions),
      driftReport(this.pool, this.frozen, examId, exam),
    ]);
    return { scores, items, drift };
  }

  private async totals(examId: string, exam: ExamMarks): Promise<ScoreStats> {
    const { rows } = await this.pool.query<{ id: string; docHash: string; variant: string | null }>(
      `SELECT id, "docHash", variant FROM "Copy" WHERE "examId" = $1::uuid AND state = 'GRADED' AND "docHash" IS NOT NULL`,
      [examId],
    );
    const contents = await readFrozen(this.pool, this.frozen, rows);
    return scoreStatistics(
      exam.questions,
      rows.map((r) => ({ variant: r.variant, scores: exam.scoresOf(r.variant, contents.get(r.id)?.decisions) })),
    );
  }
}
