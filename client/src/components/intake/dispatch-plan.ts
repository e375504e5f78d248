// The dispatch preview, computed as the server will do it (server/dispatch/dispatch-plan.ts):
// each copy to the grader of its group with the fewest copies so far, ties in the given order.
import type { DispatchSummary } from "../../api/intake.ts";
import type { User } from "../../api/types.ts";
import type { MessageKey } from "../../i18n/i18n.ts";
import type { ChartRow } from "./ko-dispatch-chart.ts";

export function balanceCounts(copies: number, graderIds: string[], existing: ReadonlyMap<string, number>): Map<string, number> {
  const load = new Map(graderIds.map((g) => [g, existing.get(g) ?? 0]));
  const added = new Map(graderIds.map((g) => [g, 0]));
  for (let i = 0; i < copies && graderIds.length; i++) {
    let best = graderIds[0]!;
    for (const g of graderIds) if (load.get(g)! < load.get(best)!) best = g;
    load.set(best, load.get(best)! + 1);
    added.set(best, added.get(best)! + 1);
  }
  return added;
}

/** Chart rows: every grader already holding copies, plus the chosen ones with what they would get. */
export function plan(summary: DispatchSummary, chosen: User[], groups: string[][]): ChartRow[] {
  const existing = new Map(summary.graders.map((g) => [g.id, g.copies]));
  const planned = new Map<string, number>();
  // in questions mode every group grades every free copy (its own exercises of it)
  for (const group of groups) for (const [id, n] of balanceCounts(summary.unassigned, group, existing)) planned.set(id, (planned.get(id) ?? 0) + n);
  const rows: ChartRow[] = summary.graders.map((g) => ({ name: g.displayName, current: g.copies, planned: planned.get(g.id) ?? 0 }));
  for (const u of chosen) if (!existing.has(u.id)) rows.push({ name: u.displayName, current: 0, planned: planned.get(u.id) ?? 0 });
  return rows;
}

/** Graders with the same exercises form a group; every exercise must belong to exactly one group. */
export function questionGroups(
  graderIds: string[],
  ranges: ReadonlyMap<string, ReadonlySet<string>>,
  exerciseIds: string[],
): { groups: Array<{ graderIds: string[]; exerciseIds: string[] }>; problem: MessageKey | null } {
  const byKey = new Map<string, { graderIds: string[]; exerciseIds: string[] }>();
  for (const g of graderIds) {
    const ex = exerciseIds.filter((e) => ranges.get(g)?.has(e));
    if (!ex.length) return { groups: [], problem: "intake.dispatch.problem.empty" };
    const key = ex.join();
    const group = byKey.get(key) ?? { graderIds: [], exerciseIds: ex };
    group.graderIds.push(g);
    byKey.set(key, group);
  }
  const groups = [...byKey.values()];
  const covered = groups.flatMap((g) => g.exerciseIds);
  if (new Set(covered).size !== covered.length) return { groups, problem: "intake.dispatch.problem.overlap" };
  if (exerciseIds.some((e) => !covered.includes(e))) return { groups, problem: "intake.dispatch.problem.uncovered" };
  return { groups, problem: null };
}
