// The end-of-day summary for the supervisors who asked for it: per exam being graded, where it
// stands (graded, graded today, remaining, released) and what needs attention (failed renders,
// copies stuck finalizing, graders with copies left who finished nothing today). Exams with
// nothing left, no activity and no alert are left out; with no exam to report, nobody is notified.
import type { AppContext } from "../context.ts";
import type { Queryable } from "../grading/sql.ts";
import { can } from "../policy/policy.ts";
import { enqueueNotice } from "./enqueue-notice.ts";
import type { SummaryExam } from "./notice-kinds.ts";

const STUCK_FINALIZING_MIN = 10;

/** The local calendar day of `at` (server time zone): its start, and YYYY-MM-DD. */
export function localDay(at: Date): { start: Date; day: string } {
  const start = new Date(at);
  start.setHours(0, 0, 0, 0);
  const pad = (n: number) => String(n).padStart(2, "0");
  return { start, day: `${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}` };
}

export async function summarizeExams(q: Queryable, dayStart: Date, at: Date): Promise<SummaryExam[]> {
  const { rows } = await q.query<SummaryExam>(
    `SELECT e.id AS "examId", e.title,
            count(c.id)::int AS total,
            count(c.id) FILTER (WHERE c.state = 'GRADED')::int AS graded,
            count(c.id) FILTER (WHERE c."finalizedAt" >= $1 AND c."finalizedAt" < $2)::int AS "gradedToday",
            count(c.id) FILTER (WHERE c.state IN ('STAGING', 'READY'))::int AS remaining,
            count(c."releasedAt")::int AS released,
            count(c.id) FILTER (WHERE c.state = 'RENDER_FAILED')::int AS "failedRenders",
            count(c.id) FILTER (WHERE c.state = 'FINALIZING' AND c."finalizedAt" < $2::timestamptz - make_interval(mins => $3))::int AS "stuckFinalizing",
            (SELECT count(DISTINCT a."graderId")::int FROM "Assignment" a JOIN "Copy" r ON r.id = a."copyId"
              WHERE r."examId" = e.id AND r.state = 'READY' AND a."partDoneAt" IS NULL
                AND NOT EXISTS (SELECT 1 FROM "Assignment" d JOIN "Copy" dc ON dc.id = d."copyId"
                                 WHERE d."graderId" = a."graderId" AND dc."examId" = e.id
                                   AND ((dc."finalizedAt" >= $1 AND dc."finalizedById" = a."graderId") OR d."partDoneAt" >= $1))) AS "idleGraders"
       FROM "Exam" e JOIN "Copy" c ON c."examId" = e.id
      WHERE e.status <> 'ARCHIVED'
      GROUP BY e.id
      ORDER BY e."examDate" DESC NULLS LAST, e.title`,
    [dayStart, at, STUCK_FINALIZING_MIN],
  );
  return rows.filter((r) => r.remaining > 0 || r.gradedToday > 0 || r.failedRenders > 0 || r.stuckFinalizing > 0).slice(0, 200);
}

/** Creates today's summary notice of every opted-in supervisor; returns how many were created. */
export async function enqueueSupervisorSummaries(ctx: AppContext, at: Date): Promise<number> {
  const { start, day } = localDay(at);
  const exams = await summarizeExams(ctx.pool, start, at);
  if (exams.length === 0) return 0;
  const subscribers = await ctx.db.noticePreference.findMany({
    where: { kind: "SUPERVISOR_SUMMARY", email: true, user: { active: true } },
    select: { user: { select: { id: true, role: true, active: true } } },
  });
  let created = 0;
  for (const { user } of subscribers) {
    if (!can(user, "supervision.view")) continue; // a grader who once opted in and changed role
    const id = await ctx.db.$transaction((tx) =>
      enqueueNotice(tx, { userId: user.id, kind: "SUPERVISOR_SUMMARY", params: { day, exams }, dedupeKey: `supervisor-summary:${user.id}:${day}` }),
    );
    if (id) created++;
  }
  return created;
}
