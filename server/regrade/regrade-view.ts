// What a request looks like on the wire: the student's view (their own words and the answer) and
// the staff view (plus the copy's anonymous code and state; never the student's name: graders
// grade blind, and the queue is theirs too).
import type { CopyState, RegradeStatus } from "../db/client.ts";

export interface RegradeRow {
  id: string;
  copyId: string;
  questionId: string;
  message: string;
  status: RegradeStatus;
  answer: string | null;
  answeredAt: Date | null;
  fromVersion: number;
  resolvedVersion: number | null;
  createdAt: Date;
}

export interface RegradeView {
  readonly id: string;
  readonly copyId: string;
  readonly questionId: string;
  readonly questionLabel: string;
  readonly message: string;
  readonly status: RegradeStatus;
  readonly answer: string | null;
  readonly answeredAt: string | null;
  readonly fromVersion: number;
  readonly resolvedVersion: number | null;
  readonly createdAt: string;
}

export interface RegradeStaffView extends RegradeView {
  readonly examId: string;
  readonly examTitle: string;
  readonly anonymousCode: string;
  readonly copyState: CopyState;
  readonly answeredBy: string | null;
}

export const REGRADE_ROW_SELECT = {
  id: true,
  copyId: true,
  questionId: true,
  message: true,
  status: true,
  answer: true,
  answeredAt: true,
  fromVersion: true,
  resolvedVersion: true,
  createdAt: true,
} as const;

export function regradeView(r: RegradeRow, labels: ReadonlyMap<string, string>): RegradeView {
  return {
    id: r.id,
    copyId: r.copyId,
    questionId: r.questionId,
    questionLabel: labels.get(r.questionId) ?? "?",
    message: r.message,
    status: r.status,
    answer: r.answer,
    answeredAt: r.answeredAt?.toISOString() ?? null,
    fromVersion: r.fromVersion,
    resolvedVersion: r.resolvedVersion,
    createdAt: r.createdAt.toISOString(),
  };
}
