// The editor's working copy of a rubric (pure): per scale leaf, its mode, bonus, max and items as
// typed (strings, French decimal commas accepted), and the change set it makes against the
// current version — only the questions that differ, so a preview says exactly what would move.
import type { Rubric, RubricChange, RubricItemInput, RubricMode } from "../../api/rubrics.ts";
import type { ScaleNode } from "../../api/intake.ts";

export interface DraftItem {
  /** local key, stable while editing */
  key: string;
  /** absent for a new item */
  id?: string;
  label: string;
  points: string;
  feedback: string;
  group: string;
}

export interface DraftQuestion {
  id: string;
  /** "Exercice 1 › 1.a" */
  path: string;
  max: number;
  maxText: string;
  mode: RubricMode;
  bonusText: string;
  items: DraftItem[];
}

export interface DraftProblem {
  questionId: string;
  itemKey?: string;
  field: "label" | "points" | "bonus" | "max";
}

let counter = 0;
export const newKey = () => `k${++counter}`;

const num = (n: number) => String(n).replace(".", ",");

export function parseNumber(text: string): number | null {
  const t = text.trim().replace(",", ".");
  if (!/^[-+]?\d+(\.\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

export function leavesOf(exercises: ScaleNode[], prefix = ""): Array<{ id: string; path: string; max: number }> {
  return exercises.flatMap((n) => {
    const path = prefix ? `${prefix} › ${n.label}` : n.label;
    return n.children.length ? leavesOf(n.children, path) : [{ id: n.id, path, max: n.maxPoints ?? 0 }];
  });
}

export function draftFrom(exercises: ScaleNode[], rubric: Rubric): DraftQuestion[] {
  return leavesOf(exercises).map((l) => {
    const q = rubric.questions[l.id];
    return {
      id: l.id,
      path: l.path,
      max: l.max,
      maxText: num(l.max),
      mode: q?.mode ?? "positive",
      bonusText: num(q?.bonusMax ?? 0),
      items: (q?.items ?? []).map((i) => ({
        key: newKey(),
        id: i.id,
        label: i.label,
        points: num(i.points),
        feedback: i.feedback ?? "",
        group: i.group ?? "",
      })),
    };
  });
}

const sameQuestion = (
  a: { mode: RubricMode; bonusMax: number; items: RubricItemInput[] },
  b: { mode: RubricMode; bonusMax: number; items: RubricItemInput[] },
) => JSON.stringify(a) === JSON.stringify(b);

/** The change set of the draft against `rubric`, or the problems that keep it from being sent. */
export function changeOf(draft: DraftQuestion[], rubric: Rubric): { change: RubricChange; problems: DraftProblem[]; empty: boolean } {
  const problems: DraftProblem[] = [];
  const change: RubricChange = { baseVersion: rubric.version, questions: {}, maxPoints: {} };
  for (const q of draft) {
    const bonusMax = parseNumber(q.bonusText);
    if (bonusMax === null || bonusMax < 0) problems.push({ questionId: q.id, field: "bonus" });
    const max = parseNumber(q.maxText);
    if (max === null || max <= 0) problems.push({ questionId: q.id, field: "max" });
    else if (max !== q.max) change.maxPoints[q.id] = max;
    const items: RubricItemInput[] = q.items.map((i) => {
      const points = parseNumber(i.points);
      if (!i.label.trim()) problems.push({ questionId: q.id, itemKey: i.key, field: "label" });
      if (points === null) problems.push({ questionId: q.id, itemKey: i.key, field: "points" });
      return { ...(i.id ? { id: i.id } : {}), label: i.label.trim(), points: points ?? 0, feedback: i.feedback.trim() || null, group: i.group.trim() || null };
    });
    const next = { mode: q.mode, bonusMax: bonusMax ?? 0, items };
    const server = rubric.questions[q.id];
    const before = server
      ? {
          mode: server.mode,
          bonusMax: server.bonusMax,
          items: server.items.map((i) => ({ id: i.id, label: i.label, points: i.points, feedback: i.feedback, group: i.group })),
        }
      : { mode: "positive" as const, bonusMax: 0, items: [] };
    if (!server && items.length === 0) continue;
    if (!sameQuestion(next, before)) change.questions[q.id] = next;
  }
  return { change, problems, empty: Object.keys(change.questions).length === 0 && Object.keys(change.maxPoints).length === 0 };
}
