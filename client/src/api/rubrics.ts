// The rubric endpoints (#12) as the client sees them: read the current version, preview a change
// set, apply it, undo the last one. Shapes follow server/rubrics/*.
import { get, post } from "./http.ts";

export type RubricMode = "positive" | "negative";

export interface RubricItem {
  id: string;
  label: string;
  points: number;
  feedback: string | null;
  group: string | null;
  rev: number;
}

export interface QuestionRubric {
  mode: RubricMode;
  bonusMax: number;
  items: RubricItem[];
}

export interface Rubric {
  examId: string;
  version: number;
  parentNumber: number | null;
  questions: Record<string, QuestionRubric>;
}

export interface RubricItemInput {
  id?: string;
  label: string;
  points: number;
  feedback: string | null;
  group: string | null;
}

export interface RubricChange {
  baseVersion: number;
  questions: Record<string, { mode: RubricMode; bonusMax: number; items: RubricItemInput[] }>;
  maxPoints: Record<string, number>;
}

export interface PreviewCopy {
  copyId: string;
  code: string;
  state: string;
  released: boolean;
  before: number;
  after: number;
  maxBefore: number;
  maxAfter: number;
  crossed: number[];
  groupIgnored: Array<{ questionId: string; itemId: string }>;
}

export interface RubricPreview {
  examId: string;
  baseVersion: number;
  boundaries: number[];
  copiesWithDecisions: number;
  changed: number;
  crossing: number;
  graded: number;
  released: number;
  groupConflicts: number;
  maxChanges: Array<{ questionId: string; from: number; to: number }>;
  copies: PreviewCopy[];
}

export interface RubricChangeResult {
  version: number;
  rerendered: number;
  preview: RubricPreview;
  rubric: Rubric;
}

const rubricUrl = (examId: string, rest = "") => `/api/exams/${encodeURIComponent(examId)}/rubric${rest}`;

export const getRubric = (examId: string) => get<{ rubric: Rubric }>(rubricUrl(examId)).then((r) => r.rubric);
export const previewRubric = (examId: string, change: RubricChange) =>
  post<{ preview: RubricPreview }>(rubricUrl(examId, "/preview"), change).then((r) => r.preview);
export const applyRubric = (examId: string, change: RubricChange) => post<RubricChangeResult>(rubricUrl(examId, "/apply"), change);
export const undoRubric = (examId: string, baseVersion: number) => post<RubricChangeResult>(rubricUrl(examId, "/undo"), { baseVersion });
