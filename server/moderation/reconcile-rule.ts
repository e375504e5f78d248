// Whether the two markings of a question agree by themselves (#16 item 3), pure: within the exam's
// tolerance the exam's rule gives the agreed mark; beyond it, or when a layer left the question
// unmarked, the question waits for a supervisor. The mean is rounded to the question's grain (the
// coarsest step its maximum and rubric points are written in), half up: in the student's favour.
export type ModerationRule = "FIRST" | "MEAN" | "HIGHER";

export type RuleOutcome = { readonly state: "agreed"; readonly mark: number } | { readonly state: "pending" };

const GRAINS = [0.5, 0.25, 0.1, 0.05, 0.01] as const;
const EPS = 1e-9;

const multipleOf = (x: number, step: number) => Math.abs(x / step - Math.round(x / step)) < 1e-6;

/** The coarsest step (≤ 0.5) that writes every given number exactly; 0.01 (the scale's precision) at worst. */
export function questionGrain(values: readonly number[]): number {
  return GRAINS.find((g) => values.every((v) => multipleOf(v, g))) ?? 0.01;
}

/** x rounded to a multiple of grain, halves upwards; free of binary noise (0.1 + 0.2). */
export function roundToGrain(x: number, grain: number): number {
  const n = Math.floor(x / grain + 0.5 + EPS);
  return Math.round(n * grain * 1e6) / 1e6;
}

export function reconcileQuestion(input: { tolerance: number; rule: ModerationRule; first: number | null; second: number | null; grain: number }): RuleOutcome {
  const { first, second } = input;
  if (first === null || second === null) return { state: "pending" };
  if (Math.abs(first - second) > input.tolerance + EPS) return { state: "pending" };
  if (input.rule === "FIRST") return { state: "agreed", mark: first };
  if (input.rule === "HIGHER") return { state: "agreed", mark: Math.max(first, second) };
  return { state: "agreed", mark: roundToGrain((first + second) / 2, input.grain) };
}
