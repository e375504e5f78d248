// The preview of a rubric change (pure): every copy's total under the current rubric and scale
// and under the proposed ones, both computed by the one scoring function (collab/marks.ts); the
// copies whose total changes, those crossing a grade boundary, and how many are GRADED or released.
import { computeMarks, type ScaleSpec } from "../../collab/index.ts";
import type { CopyState } from "../db/client.ts";
import { rubricSpecOf, type RubricContent } from "./rubric-content.ts";
import type { Leaf } from "./rubric-change.ts";
import type { CopyDecisionRow } from "./rubric-exam-data.ts";

export interface PreviewCopy {
  copyId: string;
  code: string;
  state: CopyState;
  released: boolean;
  before: number;
  after: number;
  maxBefore: number;
  maxAfter: number;
  /** the boundaries between the old and the new total */
  crossed: number[];
  /** items applied on this copy that the new rubric ignores because another item of their group counts */
  groupIgnored: Array<{ questionId: string; itemId: string }>;
}

export interface RubricPreview {
  examId: string;
  baseVersion: number;
  boundaries: number[];
  /** copies holding at least one decision */
  copiesWithDecisions: number;
  /** copies whose total changes */
  changed: number;
  crossing: number;
  /** among the changed copies: GRADED (their PDF is rendered again on apply), already released */
  graded: number;
  released: number;
  /** copies (changed or not) where a group "one at most" now holds two applied items: the first in the rubric's order counts */
  groupConflicts: number;
  maxChanges: Array<{ questionId: string; from: number; to: number }>;
  /** the changed copies, in copy order */
  copies: PreviewCopy[];
}

/** The scale a copy of `variant` is marked on, with `content`'s rubric and max points (or the leaves' own). */
export function specFor(leaves: readonly Leaf[], content: RubricContent, variant: string | null, useContentMax: boolean): ScaleSpec {
  const questions = leaves
    .filter((l) => l.variant === null || l.variant === variant)
    .map((l) => {
      const maxPoints = useContentMax ? (content.maxPoints[l.id] ?? l.maxPoints) : l.maxPoints;
      const rubric = rubricSpecOf(content, l.id);
      return rubric ? { id: l.id, maxPoints, rubric } : { id: l.id, maxPoints };
    });
  return { questions };
}

export interface PreviewInput {
  examId: string;
  baseVersion: number;
  boundaries: readonly number[];
  leaves: readonly Leaf[];
  current: RubricContent;
  next: RubricContent;
  copies: readonly CopyDecisionRow[];
  maxChanges: RubricPreview["maxChanges"];
}

export function previewChange(p: PreviewInput): RubricPreview {
  const specs = new Map<string, [ScaleSpec, ScaleSpec]>();
  const specsOf = (variant: string | null) => {
    const key = variant ?? "";
    if (!specs.has(key)) specs.set(key, [specFor(p.leaves, p.current, variant, false), specFor(p.leaves, p.next, variant, true)]);
    return specs.get(key)!;
  };
  const changed: PreviewCopy[] = [];
  let groupConflicts = 0;
  for (const c of p.copies) {
    const [oldSpec, newSpec] = specsOf(c.variant);
    const before = computeMarks(oldSpec, c.decisions);
    const after = computeMarks(newSpec, c.decisions);
    const groupIgnored = after.marks.flatMap((m) => m.ignored.filter((i) => i.reason === "group").map((i) => ({ questionId: m.questionId, itemId: i.id })));
    if (groupIgnored.length) groupConflicts++;
    if (before.total === after.total && before.max === after.max) continue;
    const crossed = p.boundaries.filter((b) => before.total < b !== after.total < b);
    changed.push({
      copyId: c.copyId,
      code: c.code,
      state: c.state,
      released: c.released,
      before: before.total,
      after: after.total,
      maxBefore: before.max,
      maxAfter: after.max,
      crossed,
      groupIgnored,
    });
  }
  return {
    examId: p.examId,
    baseVersion: p.baseVersion,
    boundaries: [...p.boundaries],
    copiesWithDecisions: p.copies.length,
    changed: changed.length,
    crossing: changed.filter((c) => c.crossed.length > 0).length,
    graded: changed.filter((c) => c.state === "GRADED").length,
    released: changed.filter((c) => c.released).length,
    groupConflicts,
    maxChanges: p.maxChanges,
    copies: changed,
  };
}
