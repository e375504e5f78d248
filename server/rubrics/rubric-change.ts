// Turns a change set into the content of the next rubric version (pure): checks question and item
// ids, the group rule and the max points, keeps each unchanged item's revision and gives changed
// and new items the new version's number, so a grader who saw an item before the change gets
// RUBRIC_STALE instead of a score computed from a mixed version.
import { AppError } from "../errors/app-error.ts";
import type { QuestionRubricContent, RubricContent, RubricItem } from "./rubric-content.ts";
import type { QuestionRubricInput, RubricChangeInput } from "../../collab/contract/api/rubrics.ts";

export interface Leaf {
  id: string;
  maxPoints: number;
  variant: string | null;
}

const sameItem = (a: RubricItem, b: Omit<RubricItem, "rev">) =>
  a.label === b.label && a.points === b.points && a.feedback === b.feedback && a.group === b.group;

function questionContent(
  qid: string,
  input: QuestionRubricInput,
  current: QuestionRubricContent | undefined,
  number: number,
  newId: () => string,
): QuestionRubricContent {
  const known = new Map((current?.items ?? []).map((i) => [i.id, i]));
  const seen = new Set<string>();
  const items = input.items.map((i): RubricItem => {
    if (i.id !== undefined && !known.has(i.id))
      throw new AppError("UNKNOWN_ITEM", `Item ${i.id} is not in this question's current rubric: leave the id out for a new item`, {
        questionId: qid,
        itemId: i.id,
      });
    const id = i.id ?? newId();
    if (seen.has(id))
      throw new AppError("VALIDATION_FAILED", `Item ${id} appears twice in question ${qid}`, {
        issues: [{ path: `questions.${qid}.items`, message: `item ${id} twice` }],
      });
    seen.add(id);
    const next = { id, label: i.label, points: i.points, feedback: i.feedback, group: i.group };
    const before = known.get(id);
    return { ...next, rev: before && sameItem(before, next) ? before.rev : number };
  });
  const groups = new Map<string, number>();
  for (const i of items) if (i.group !== null) groups.set(i.group, (groups.get(i.group) ?? 0) + 1);
  const lonely = [...groups].filter(([, n]) => n < 2).map(([g]) => g);
  if (lonely.length)
    throw new AppError("RUBRIC_GROUP_INVALID", `A group "one item at most" needs at least two items (question ${qid}: ${lonely.join(", ")})`, {
      questionId: qid,
      groups: lonely,
    });
  return { mode: input.mode, bonusMax: input.bonusMax, items };
}

/** The next version's content; throws UNKNOWN_QUESTION, UNKNOWN_ITEM, RUBRIC_GROUP_INVALID or RUBRIC_UNCHANGED. */
export function nextRubricContent(
  current: RubricContent,
  leaves: readonly Leaf[],
  input: RubricChangeInput,
  number: number,
  newId: () => string,
): RubricContent {
  const leafMax = new Map(leaves.map((l) => [l.id, l.maxPoints]));
  for (const qid of [...Object.keys(input.questions), ...Object.keys(input.maxPoints)]) {
    if (!leafMax.has(qid)) throw new AppError("UNKNOWN_QUESTION", `Question ${qid} is not a question of this exam's scale`, { questionId: qid });
  }
  const questions: Record<string, QuestionRubricContent> = {};
  for (const [qid, q] of Object.entries(current.questions)) if (leafMax.has(qid) && !Object.hasOwn(input.questions, qid)) questions[qid] = q;
  for (const [qid, q] of Object.entries(input.questions)) {
    const next = questionContent(qid, q, Object.hasOwn(current.questions, qid) ? current.questions[qid] : undefined, number, newId);
    if (next.items.length > 0) questions[qid] = next;
  }
  const maxPoints = Object.fromEntries(leaves.map((l) => [l.id, Object.hasOwn(input.maxPoints, l.id) ? input.maxPoints[l.id]! : l.maxPoints]));
  const next: RubricContent = { questions, maxPoints };
  const maxChanged = leaves.some((l) => maxPoints[l.id] !== l.maxPoints);
  if (!maxChanged && canonical(next.questions) === canonical(current.questions)) throw new AppError("RUBRIC_UNCHANGED", "This change set changes nothing");
  return next;
}

/** Key-order independent JSON of the questions, to tell "nothing changed". */
export function canonical(questions: RubricContent["questions"]): string {
  return JSON.stringify(
    Object.keys(questions)
      .sort()
      .map((k) => [k, questions[k]]),
  );
}

/** The max points a change moves (leaf → {from, to}). */
export function maxChanges(leaves: readonly Leaf[], next: RubricContent): Array<{ questionId: string; from: number; to: number }> {
  return leaves
    .filter((l) => next.maxPoints[l.id] !== undefined && next.maxPoints[l.id] !== l.maxPoints)
    .map((l) => ({ questionId: l.id, from: l.maxPoints, to: next.maxPoints[l.id]! }));
}
