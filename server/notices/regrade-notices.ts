// "Your regrade request was answered": for the regrade feature to call inside the transaction that
// records the answer (one notice per request and answer).
import { enqueueNotice, type NoticeTx } from "./enqueue-notice.ts";

export interface RegradeAnswer {
  /** the student's account */
  readonly userId: string;
  readonly requestId: string;
  readonly copyId: string;
  readonly examId: string;
  readonly examTitle: string;
  readonly marksChanged: boolean;
  /** distinguishes a second answer to the same request (e.g. the answer's id or revision) */
  readonly answerKey?: string;
}

export function enqueueRegradeAnswered(tx: NoticeTx, a: RegradeAnswer): Promise<string | null> {
  return enqueueNotice(tx, {
    userId: a.userId,
    kind: "REGRADE_ANSWERED",
    params: { copyId: a.copyId, examId: a.examId, examTitle: a.examTitle, requestId: a.requestId, marksChanged: a.marksChanged },
    dedupeKey: `regrade-answered:${a.requestId}:${a.answerKey ?? "1"}`,
  });
}
