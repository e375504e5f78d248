// What the API says about an exam.
import type { ExamStatus } from "../db/client.ts";

export interface ExamView {
  id: string;
  title: string;
  subject: string | null;
  examDate: string | null;
  status: ExamStatus;
  codePrefix: string;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
  /** ascending, in points of the total */
  gradeBoundaries: number[];
  /** pages a complete copy has; null: not checked at release */
  expectedPageCount: number | null;
}

export const EXAM_SELECT = {
  id: true,
  title: true,
  subject: true,
  examDate: true,
  status: true,
  codePrefix: true,
  createdAt: true,
  updatedAt: true,
  archivedAt: true,
  gradeBoundaries: true,
  expectedPageCount: true,
} as const;

interface ExamRow {
  id: string;
  title: string;
  subject: string | null;
  examDate: Date | null;
  status: ExamStatus;
  codePrefix: string;
  createdAt: Date;
  updatedAt: Date;
  archivedAt: Date | null;
  gradeBoundaries: number[];
  expectedPageCount: number | null;
}

export function toExamView(e: ExamRow): ExamView {
  return {
    id: e.id,
    title: e.title,
    subject: e.subject,
    examDate: e.examDate ? e.examDate.toISOString().slice(0, 10) : null,
    status: e.status,
    codePrefix: e.codePrefix,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
    archivedAt: e.archivedAt?.toISOString() ?? null,
    gradeBoundaries: e.gradeBoundaries,
    expectedPageCount: e.expectedPageCount,
  };
}
