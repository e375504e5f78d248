// Finalize refused because of the scores: a stable code and the questions concerned, by label.
// The codes are not in ERROR_STATUS (server/errors/app-error.ts) yet, so the status is given here;
// once `UNSCORED_QUESTIONS: 422, SCORE_OUT_OF_BOUNDS: 422` are added there, this can be a plain AppError.
import { AppError, type ErrorCode } from "../errors/app-error.ts";
import type { ScoreProblems } from "./copy-scale.ts";

export type FinalizeRefusalCode = "UNSCORED_QUESTIONS" | "SCORE_OUT_OF_BOUNDS";

export class FinalizeRefused extends AppError {
  constructor(code: FinalizeRefusalCode, message: string, details: Record<string, unknown>) {
    super(code as unknown as ErrorCode, message, details);
  }
  override get status(): number {
    return 422;
  }
}

export function finalizeRefusal(p: ScoreProblems): FinalizeRefused | null {
  const unscored = p.unscored.map((q) => ({ id: q.id, label: q.label, path: q.path }));
  const outOfBounds = p.outOfBounds.map((q) => ({ id: q.id, label: q.label, path: q.path, score: q.score, maxPoints: q.maxPoints }));
  const details = { unscored, outOfBounds };
  if (unscored.length) return new FinalizeRefused("UNSCORED_QUESTIONS", `Questions not scored yet: ${unscored.map((q) => q.label).join(", ")}`, details);
  if (outOfBounds.length)
    return new FinalizeRefused(
      "SCORE_OUT_OF_BOUNDS",
      `Scores out of bounds: ${outOfBounds.map((q) => `${q.label} (${q.score} > ${q.maxPoints})`).join(", ")}`,
      details,
    );
  return null;
}
