// Agreement between markers on double-marked copies (#16 item 4), pure: per question and per pair
// of markers, the mean absolute difference of their marks, the signed mean difference, the share
// of copies within the exam's tolerance and, for questions scored with rubric items, how often
// they agree on each item (raw agreement and Cohen's kappa over every copy × item decision).
// Marks come from collab's computeMark, one per marker's layer; moderation/agreement-report.ts feeds
// it with both layers of the exam's double-marked copies (docs/moderation.md).
import type { Mark } from "../../collab/index.ts";

export interface DoubleMark {
  readonly copyId: string;
  readonly questionId: string;
  /** the two markers, in any order */
  readonly markers: readonly [string, string];
  /** their marks on the question, in the markers' order */
  readonly marks: readonly [Mark, Mark];
}

export interface ItemAgreement {
  /** share of copy × item decisions (applied or not) the two markers share */
  readonly agreement: number;
  /** Cohen's kappa of those decisions; null when chance agreement is already total */
  readonly kappa: number | null;
}

export interface PairAgreement {
  readonly questionId: string;
  /** sorted: the same pair whichever marked first */
  readonly markers: readonly [string, string];
  /** copies both marked (both marks not null) */
  readonly copies: number;
  readonly meanAbsDiff: number;
  /** mean of markers[0]'s mark − markers[1]'s */
  readonly meanDiff: number;
  /** share of copies whose two marks differ by at most the tolerance */
  readonly withinTolerance: number;
  /** rubric questions only */
  readonly items: ItemAgreement | null;
}

interface Acc {
  questionId: string;
  markers: [string, string];
  diffs: number[];
  within: number;
  /** per copy × item: [applied by first, applied by second] */
  decisions: [boolean, boolean][];
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export function cohenKappa(decisions: readonly (readonly [boolean, boolean])[]): number | null {
  const n = decisions.length;
  if (n === 0) return null;
  const agree = decisions.filter(([a, b]) => a === b).length / n;
  const pA = decisions.filter(([a]) => a).length / n;
  const pB = decisions.filter(([, b]) => b).length / n;
  const chance = pA * pB + (1 - pA) * (1 - pB);
  return chance >= 1 ? null : (agree - chance) / (1 - chance);
}

/**
 * tolerance(q): the largest difference (points) counted as agreement; itemsOf(q): the rubric's item
 * ids of the question (empty: no items), so an item neither marker applied counts as agreement.
 */
export function agreementStatistics(
  marks: readonly DoubleMark[],
  tolerance: (questionId: string) => number,
  itemsOf: (questionId: string) => readonly string[],
): PairAgreement[] {
  const accs = new Map<string, Acc>();
  for (const m of marks) {
    const swap = m.markers[0] > m.markers[1];
    const markers: [string, string] = swap ? [m.markers[1], m.markers[0]] : [m.markers[0], m.markers[1]];
    const [a, b] = swap ? [m.marks[1], m.marks[0]] : [m.marks[0], m.marks[1]];
    if (a.score === null || b.score === null || markers[0] === markers[1]) continue;
    const key = `${m.questionId}|${markers[0]}|${markers[1]}`;
    const acc = accs.get(key) ?? { questionId: m.questionId, markers, diffs: [], within: 0, decisions: [] };
    accs.set(key, acc);
    const diff = a.score - b.score;
    acc.diffs.push(diff);
    if (Math.abs(diff) <= tolerance(m.questionId) + 1e-9) acc.within++;
    const appliedA = new Set(a.applied.map((i) => i.id));
    const appliedB = new Set(b.applied.map((i) => i.id));
    for (const item of itemsOf(m.questionId)) acc.decisions.push([appliedA.has(item), appliedB.has(item)]);
  }
  return [...accs.values()].map((acc) => {
    const n = acc.diffs.length;
    const kappa = cohenKappa(acc.decisions);
    return {
      questionId: acc.questionId,
      markers: acc.markers,
      copies: n,
      meanAbsDiff: r3(acc.diffs.reduce((s, d) => s + Math.abs(d), 0) / n),
      meanDiff: r3(acc.diffs.reduce((s, d) => s + d, 0) / n),
      withinTolerance: r3(acc.within / n),
      items: acc.decisions.length
        ? { agreement: r3(acc.decisions.filter(([x, y]) => x === y).length / acc.decisions.length), kappa: kappa === null ? null : r3(kappa) }
        : null,
    };
  });
}
