// What the pure renderer needs, as plain data (it crosses a worker-thread boundary by structured clone).
import type { Annotation } from "../../collab/index.ts";
import type { Half } from "./page-geometry.ts";

export interface RenderPage {
  /** index into RenderInput.sources */
  source: number;
  /** 0-based page of that source PDF */
  sourcePage: number;
  /** extra clockwise rotation chosen at intake (multiple of 90), on top of the source page's /Rotate */
  rotation: number;
  half: Half;
}

/** A rubric item applied to a question, as the student reads it. */
export interface SheetItem {
  label: string;
  points: number;
  /** shown to the student under the item */
  feedback: string | null;
}

export interface ScoreSheetRow {
  /** 0 for an exercise, 1 for its questions, … */
  depth: number;
  label: string;
  /** a group (exercise) shows the sum of its questions */
  group: boolean;
  points: number | null;
  max: number | null;
  comment?: string;
  /** questions graded with rubric items: the items that count, in the rubric's order */
  items?: SheetItem[];
  /** the signed points given outside any item, with the grader's reason */
  adjustment?: { points: number; comment: string };
}

export interface ScoreSheetData {
  examTitle: string;
  subject?: string;
  examDate?: string;
  anonymousCode: string;
  studentName?: string;
  className?: string;
  rows: ScoreSheetRow[];
  total: number;
  max: number;
  general: string;
  graders: string[];
  /** date of the finalization, already formatted (dd/mm/yyyy) */
  dateText: string;
}

/** A question of the scale with its score, for the marks drawn on the pages (scale order). */
export interface QuestionMark {
  id: string;
  label: string;
  points: number | null;
  max: number;
}

export interface RenderMeta {
  title: string;
  subject: string;
  keywords: string[];
  /** epoch ms: fixed by the caller so the same input gives the same bytes */
  createdAt: number;
}

export interface RenderInput {
  sources: Uint8Array[];
  pages: RenderPage[];
  annotations: Annotation[];
  /** every question of the copy's scale: `mark` annotations show theirs, the others go in the margin */
  questions: QuestionMark[];
  sheet: ScoreSheetData;
  meta: RenderMeta;
}
