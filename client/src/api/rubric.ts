// The exam's current rubric as the desk reads it (GET /api/exams/:id/rubric), and what the desk
// derives from it: the scoring spec of each question (collab's computeMark needs it).
import type { QuestionSpec } from "../../../collab/index.ts";
import type { QuestionRubric, Rubric, RubricItem } from "../../../collab/contract/api/rubrics.ts";
import { rubricsApi as api } from "../../../collab/contract/api/rubrics.ts";
import { call } from "./call.ts";
import type { DeskQuestion } from "./grading.ts";

export type RubricItemView = RubricItem;
export type QuestionRubricView = QuestionRubric;
export type RubricView = Rubric;

export async function fetchRubric(examId: string): Promise<RubricView> {
  return (await call(api.getRubric, { params: { id: examId } })).rubric;
}

/** The question's rubric when it has items (else it keeps the typed score). */
export function rubricOf(rubric: RubricView | null, questionId: string): QuestionRubricView | null {
  const q = rubric && Object.hasOwn(rubric.questions, questionId) ? rubric.questions[questionId]! : null;
  return q && q.items.length > 0 ? q : null;
}

/** The scale as collab scores it: each question with its current rubric when it has items. */
export function questionSpecs(questions: readonly DeskQuestion[], rubric: RubricView | null): QuestionSpec[] {
  return questions.map((q) => {
    const r = rubricOf(rubric, q.id);
    return r
      ? {
          id: q.id,
          maxPoints: q.maxPoints,
          rubric: { mode: r.mode, bonusMax: r.bonusMax, items: r.items.map((i) => ({ id: i.id, points: i.points, group: i.group, rev: i.rev })) },
        }
      : { id: q.id, maxPoints: q.maxPoints };
  });
}

/** Keys 1–9 apply the first nine items, Shift+1–9 the next nine (top row or numeric keypad, any layout). */
export function itemIndexOfKey(e: Pick<KeyboardEvent, "code" | "shiftKey" | "ctrlKey" | "metaKey" | "altKey">): number | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const m = /^(?:Digit|Numpad)([1-9])$/.exec(e.code);
  if (!m) return null;
  return Number(m[1]) - 1 + (e.shiftKey ? 9 : 0);
}

/** How the desk shows an item's key ("1", "⇧2"); null past the eighteenth item. */
export function itemKeyLabel(index: number): string | null {
  if (index < 9) return String(index + 1);
  if (index < 18) return `⇧${index - 8}`;
  return null;
}
