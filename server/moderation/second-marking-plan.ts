// Which copies get a blind second marking, and who marks each (pure: the service reads the facts
// and writes the plan). The sample is stratified by first marker — every marker's copies are
// sampled, in proportion — and each copy goes to the least-loaded grader who is not its first marker.

export interface Candidate {
  readonly copyId: string;
  /** null: nobody marked it yet (only chosen copies may be) */
  readonly firstMarkerId: string | null;
  /** everyone else who marked part of it (question-range dispatches): never its second marker either */
  readonly otherMarkers?: readonly string[];
}

export type SampleRequest =
  | { readonly mode: "percent"; readonly percent: number }
  | { readonly mode: "count"; readonly count: number }
  | { readonly mode: "copies"; readonly copyIds: readonly string[] };

export interface PlannedMarking {
  readonly copyId: string;
  readonly firstMarkerId: string | null;
  /** null: no grader other than the first marker is available (the marking waits) */
  readonly markerId: string | null;
}

export interface PlanInput {
  readonly candidates: readonly Candidate[];
  /** the exam's graders who may second-mark */
  readonly graders: readonly string[];
  /** second markings each grader already has under way */
  readonly load?: ReadonlyMap<string, number>;
  /** uniform in [0, 1): injected so that tests are reproducible */
  readonly random?: () => number;
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Copies per stratum for a total of `total`: at least one per stratum when the total allows it, the rest by largest remainder. */
export function allocate(sizes: readonly number[], total: number): number[] {
  const n = sizes.reduce((a, b) => a + b, 0);
  const want = Math.min(Math.max(0, Math.floor(total)), n);
  if (want === 0) return sizes.map(() => 0);
  const base: number[] = sizes.map((s) => (s > 0 && want >= sizes.filter((x) => x > 0).length ? 1 : 0));
  let left = want - base.reduce((a, b) => a + b, 0);
  const room = sizes.map((s, i) => s - base[i]!);
  const roomTotal = room.reduce((a, b) => a + b, 0);
  const exact = room.map((r) => (roomTotal > 0 ? (r * left) / roomTotal : 0));
  const out = base.map((b, i) => b + Math.floor(exact[i]!));
  left = want - out.reduce((a, b) => a + b, 0);
  const order = sizes
    .map((_, i) => i)
    .sort((a, b) => exact[b]! - Math.floor(exact[b]!) - (exact[a]! - Math.floor(exact[a]!)) || sizes[b]! - sizes[a]! || a - b);
  for (const i of order) {
    if (left === 0) break;
    if (out[i]! < sizes[i]!) {
      out[i]!++;
      left--;
    }
  }
  return out;
}

/** The copies drawn: stratified by first marker (percent: of each stratum, at least one; count: shared in proportion). */
export function drawSample(candidates: readonly Candidate[], req: SampleRequest, random: () => number): Candidate[] {
  if (req.mode === "copies") {
    const wanted = new Set(req.copyIds);
    return candidates.filter((c) => wanted.has(c.copyId));
  }
  const strata = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const key = c.firstMarkerId ?? "";
    strata.set(key, [...(strata.get(key) ?? []), c]);
  }
  const keys = [...strata.keys()].sort();
  const sizes = keys.map((k) => strata.get(k)!.length);
  const counts =
    req.mode === "percent"
      ? sizes.map((s) => (req.percent <= 0 ? 0 : Math.min(s, Math.max(1, Math.round((s * req.percent) / 100)))))
      : allocate(sizes, req.count);
  return keys.flatMap((k, i) => shuffle(strata.get(k)!, random).slice(0, counts[i]));
}

/** One copy of each first marker in turn: the greedy dispatch below then keeps the loads level. */
function interleave(drawn: readonly Candidate[]): Candidate[] {
  const strata = new Map<string, Candidate[]>();
  for (const c of drawn) strata.set(c.firstMarkerId ?? "", [...(strata.get(c.firstMarkerId ?? "") ?? []), c]);
  const lists = [...strata.values()];
  const out: Candidate[] = [];
  for (let i = 0; out.length < drawn.length; i++) for (const l of lists) if (i < l.length) out.push(l[i]!);
  return out;
}

/** Each drawn copy to the least-loaded grader other than its first marker (ties: at random). */
export function dispatchSample(
  drawn: readonly Candidate[],
  graders: readonly string[],
  load: ReadonlyMap<string, number>,
  random: () => number,
): PlannedMarking[] {
  const count = new Map(graders.map((g) => [g, load.get(g) ?? 0]));
  // copies still to dispatch whose first marker is g: g cannot take them, so on a tie g takes this one
  const ownLeft = new Map<string, number>();
  for (const c of drawn) if (c.firstMarkerId) ownLeft.set(c.firstMarkerId, (ownLeft.get(c.firstMarkerId) ?? 0) + 1);
  return interleave(drawn).map((c) => {
    if (c.firstMarkerId) ownLeft.set(c.firstMarkerId, ownLeft.get(c.firstMarkerId)! - 1);
    const eligible = shuffle(
      graders.filter((g) => g !== c.firstMarkerId && !c.otherMarkers?.includes(g)),
      random,
    );
    if (eligible.length === 0) return { copyId: c.copyId, firstMarkerId: c.firstMarkerId, markerId: null };
    const better = (g: string, best: string) =>
      count.get(g)! < count.get(best)! || (count.get(g) === count.get(best) && (ownLeft.get(g) ?? 0) > (ownLeft.get(best) ?? 0));
    const markerId = eligible.reduce((best, g) => (better(g, best) ? g : best));
    count.set(markerId, count.get(markerId)! + 1);
    return { copyId: c.copyId, firstMarkerId: c.firstMarkerId, markerId };
  });
}

export function planSecondMarkings(req: SampleRequest, input: PlanInput): PlannedMarking[] {
  const random = input.random ?? Math.random;
  return dispatchSample(drawSample(input.candidates, req, random), input.graders, input.load ?? new Map(), random);
}
