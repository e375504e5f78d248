// What changed for a student between two released versions of their copy, per question: the mark
// before and after, and why. Pure: it reads only what the versions froze (their marks per question,
// the document hash, the rubric version) and the regrade requests settled by a release.
// Why, step by step between consecutive versions (a question may change at several steps):
// - "regrade": a regrade request on that question was resolved by the later version;
// - "rubric": the grader's decisions on the question did not change (same document, or same items
//   and adjustment, or a typed score held by a lowered max): the rubric or the max re-scored it;
// - "correction": anything else (a reopen, a mark changed by staff).
// Over several steps the strongest reason wins (regrade > correction > rubric); all are listed.

export type ChangeReason = "regrade" | "correction" | "rubric";
const PRECEDENCE: readonly ChangeReason[] = ["regrade", "correction", "rubric"];

/** What a released version froze of one question (a subset of the portal's QuestionMarkView). */
export interface FrozenMark {
  readonly questionId: string;
  readonly label: string;
  readonly path?: string;
  readonly score: number | null;
  readonly max: number;
  readonly items: readonly { readonly id: string }[];
  readonly adjustment: { readonly points: number; readonly comment: string } | null;
  readonly clipped?: "low" | "high" | null;
}

export interface FrozenVersion {
  readonly number: number;
  readonly docHash: string;
  readonly rubricVersion: number;
  readonly total: number;
  readonly maxPoints: number;
  readonly marks: readonly FrozenMark[];
}

/** A regrade request settled by a release: RESOLVED with resolvedVersion. */
export interface SettledRegrade {
  readonly questionId: string;
  readonly resolvedVersion: number;
}

export interface QuestionChange {
  readonly questionId: string;
  readonly label: string;
  readonly path: string;
  /** the max of the later version (maxBefore when it moved) */
  readonly max: number;
  readonly maxBefore: number;
  /** null: not graded (or not in that version's scale) */
  readonly before: number | null;
  readonly after: number | null;
  readonly reason: ChangeReason;
  /** every reason met on the way, strongest first (several when versions lie between) */
  readonly reasons: readonly ChangeReason[];
}

export interface VersionChanges {
  readonly from: number;
  readonly to: number;
  readonly changes: readonly QuestionChange[];
  readonly total: { readonly before: number; readonly after: number; readonly maxBefore: number; readonly maxAfter: number };
}

const moved = (a: FrozenMark | undefined, b: FrozenMark | undefined) => (a?.score ?? null) !== (b?.score ?? null) || (a?.max ?? null) !== (b?.max ?? null);

const sameItems = (a: FrozenMark, b: FrozenMark) => {
  const ids = (m: FrozenMark) =>
    m.items
      .map((i) => i.id)
      .sort()
      .join("\u0000");
  return ids(a) === ids(b);
};

const sameAdjustment = (a: FrozenMark, b: FrozenMark) =>
  (a.adjustment === null && b.adjustment === null) ||
  (a.adjustment !== null && b.adjustment !== null && a.adjustment.points === b.adjustment.points && a.adjustment.comment === b.adjustment.comment);

/** The grader's decisions on the question are the same in both versions (as far as what was frozen tells). */
function sameDecisions(a: FrozenMark, b: FrozenMark): boolean {
  if (!sameAdjustment(a, b)) return false;
  if (a.items.length > 0 || b.items.length > 0) return sameItems(a, b);
  // a typed score: the same, or held by a max that moved
  return a.score === b.score || (a.max !== b.max && b.clipped === "high");
}

function stepReason(
  prev: FrozenVersion,
  next: FrozenVersion,
  a: FrozenMark | undefined,
  b: FrozenMark | undefined,
  regraded: ReadonlySet<string>,
): ChangeReason {
  const questionId = (b ?? a)!.questionId;
  if (regraded.has(`${questionId}\u0000${next.number}`)) return "regrade";
  if (prev.docHash === next.docHash) return "rubric"; // the document did not change: only the scale or the rubric can have
  if (a && b && sameDecisions(a, b)) return "rubric";
  return "correction";
}

/**
 * The questions whose mark (or max) differs between the first and the last of `versions`, with why.
 * `versions`: every released version from `from` to `to` inclusive, in ascending order.
 */
export function versionChanges(versions: readonly FrozenVersion[], regrades: readonly SettledRegrade[]): VersionChanges {
  if (versions.length === 0) throw new Error("versionChanges: no version");
  const first = versions[0]!;
  const last = versions[versions.length - 1]!;
  const regraded = new Set(regrades.map((r) => `${r.questionId}\u0000${r.resolvedVersion}`));
  const byQuestion = versions.map((v) => new Map(v.marks.map((m) => [m.questionId, m])));
  // the later version's order, then questions only the earlier one had
  const ids = [...new Set([...last.marks.map((m) => m.questionId), ...first.marks.map((m) => m.questionId)])];
  const changes: QuestionChange[] = [];
  for (const id of ids) {
    const a = byQuestion[0]!.get(id);
    const b = byQuestion[byQuestion.length - 1]!.get(id);
    if (!moved(a, b)) continue;
    const met = new Set<ChangeReason>();
    for (let i = 1; i < versions.length; i++) {
      const x = byQuestion[i - 1]!.get(id);
      const y = byQuestion[i]!.get(id);
      if (moved(x, y)) met.add(stepReason(versions[i - 1]!, versions[i]!, x, y, regraded));
    }
    const reasons = PRECEDENCE.filter((r) => met.has(r));
    const shown = (b ?? a)!;
    changes.push({
      questionId: id,
      label: shown.label,
      path: shown.path ?? shown.label,
      max: b?.max ?? a!.max,
      maxBefore: a?.max ?? b!.max,
      before: a?.score ?? null,
      after: b?.score ?? null,
      reason: reasons[0] ?? "correction",
      reasons: reasons.length ? reasons : ["correction"],
    });
  }
  return {
    from: first.number,
    to: last.number,
    changes,
    total: { before: first.total, after: last.total, maxBefore: first.maxPoints, maxAfter: last.maxPoints },
  };
}
