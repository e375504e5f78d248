// Pure checks and totals of a grading scale tree (no database): depth ≤ 3, max points > 0 with at
// most 2 decimals on leaves only, labels unique among siblings, one variant per branch.
import type { ScaleNodeKind } from "../db/client.ts";
import type { ScaleNodeInput } from "../../collab/contract/api/exams.ts";

export const MAX_DEPTH = 3;
export const MAX_NODES = 500;
const KINDS: ScaleNodeKind[] = ["EXERCISE", "QUESTION", "SUBQUESTION"];

export interface ScaleIssue {
  path: string;
  message: string;
}

/** One node, flattened with its place in the tree. */
export interface FlatNode {
  id: string | undefined;
  parentIndex: number | null;
  kind: ScaleNodeKind;
  label: string;
  position: number;
  maxPoints: number | null;
  variant: string | null;
  /** the variant that applies (own or inherited) */
  effectiveVariant: string | null;
  leaf: boolean;
}

const hasTwoDecimalsAtMost = (x: number) => Math.abs(Math.round(x * 100) - x * 100) < 1e-6;

export function flattenScale(exercises: ScaleNodeInput[]): { nodes: FlatNode[]; issues: ScaleIssue[] } {
  const nodes: FlatNode[] = [];
  const issues: ScaleIssue[] = [];
  const seenIds = new Set<string>();
  const walk = (list: ScaleNodeInput[], depth: number, parentIndex: number | null, inherited: string | null, path: string) => {
    const labels = new Map<string, number>();
    list.forEach((n, position) => {
      const here = `${path}.${position}`;
      const key = n.label.trim().toLocaleLowerCase("fr");
      if (labels.has(key))
        issues.push({ path: `${here}.label`, message: `label "${n.label}" is used twice at this level (also at position ${labels.get(key)! + 1})` });
      else labels.set(key, position);
      if (n.id) {
        if (seenIds.has(n.id)) issues.push({ path: `${here}.id`, message: "this node id appears twice" });
        seenIds.add(n.id);
      }
      const variant = n.variant || null;
      if (variant && !/^[A-Z]$/.test(variant)) issues.push({ path: `${here}.variant`, message: "a variant is one capital letter (A, B …)" });
      else if (variant && inherited && variant !== inherited)
        issues.push({ path: `${here}.variant`, message: `variant ${variant} inside a branch of variant ${inherited}` });
      const children = n.children ?? [];
      const leaf = children.length === 0;
      const maxPoints = n.maxPoints ?? null;
      if (leaf) {
        if (maxPoints === null) issues.push({ path: `${here}.maxPoints`, message: "a question without sub-questions needs max points" });
        else if (maxPoints <= 0) issues.push({ path: `${here}.maxPoints`, message: "max points must be greater than 0" });
        else if (!hasTwoDecimalsAtMost(maxPoints)) issues.push({ path: `${here}.maxPoints`, message: "max points take at most 2 decimals" });
        else if (maxPoints > 9999.99) issues.push({ path: `${here}.maxPoints`, message: "max points must be below 10000" });
      } else if (maxPoints !== null) {
        issues.push({ path: `${here}.maxPoints`, message: "only the last level carries max points: the total of a node is the sum of its children" });
      }
      if (depth >= MAX_DEPTH && !leaf) issues.push({ path: `${here}.children`, message: `at most ${MAX_DEPTH} levels (exercise → question → sub-question)` });
      const index = nodes.length;
      nodes.push({
        id: n.id,
        parentIndex,
        kind: KINDS[Math.min(depth, MAX_DEPTH) - 1]!,
        label: n.label.trim(),
        position,
        maxPoints: leaf ? maxPoints : null,
        variant,
        effectiveVariant: variant ?? inherited,
        leaf,
      });
      if (depth < MAX_DEPTH) walk(children, depth + 1, index, variant ?? inherited, `${here}.children`);
    });
  };
  walk(exercises, 1, null, null, "exercises");
  if (nodes.length > MAX_NODES) issues.push({ path: "exercises", message: `at most ${MAX_NODES} nodes` });
  return { nodes, issues };
}

export interface ScaleTotals {
  /** the highest total a copy can get (common part + the largest variant) */
  total: number;
  /** per variant: common part + that variant's part; empty without variants */
  byVariant: Record<string, number>;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function scaleTotals(leaves: Array<{ maxPoints: number; variant: string | null }>): ScaleTotals {
  let common = 0;
  const parts = new Map<string, number>();
  for (const l of leaves) {
    if (l.variant) parts.set(l.variant, (parts.get(l.variant) ?? 0) + l.maxPoints);
    else common += l.maxPoints;
  }
  const byVariant = Object.fromEntries([...parts].sort(([a], [b]) => a.localeCompare(b)).map(([v, p]) => [v, round2(common + p)]));
  const total = round2(common + Math.max(0, ...parts.values()));
  return { total, byVariant };
}
