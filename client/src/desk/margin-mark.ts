// A question's mark on the page (the `mark` annotation): which question the next click places, and
// the text it shows. The text is derived from the score at display time, never stored.
import { formatScore } from "./score-format.ts";

export interface MarkQuestion {
  id: string;
  label: string;
  maxPoints: number;
}

/** "1.b  2,5 / 4" in French, "1.b  2.5 / 4" in English, "1.b  — / 4" while unscored. */
export function markText(q: MarkQuestion, score: unknown, locale: string): string {
  const points = typeof score === "number" ? formatScore(score, locale) : "—";
  return `${q.label}  ${points} / ${formatScore(q.maxPoints, locale)}`;
}

/**
 * The question a click with the mark tool places: the one selected in the scoring panel when it is
 * one's own, otherwise the first of one's questions without a score, otherwise the first of them.
 */
export function markTarget(
  selected: string | null,
  questions: readonly MarkQuestion[],
  scope: readonly string[] | null,
  scoreOf: (id: string) => unknown,
): MarkQuestion | null {
  const mine = questions.filter((q) => scope === null || scope.includes(q.id));
  const chosen = mine.find((q) => q.id === selected);
  if (chosen) return chosen;
  return mine.find((q) => typeof scoreOf(q.id) !== "number") ?? mine[0] ?? null;
}
