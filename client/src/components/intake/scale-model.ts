// The grading scale as the editor holds it: a tree of rows whose points are still text being
// typed. Pure: conversions from and to the API, live totals, and the row moves.
import type { Scale, ScaleIssue, ScaleNode, ScaleNodeInput } from "../../api/intake.ts";

export const MAX_DEPTH = 3;

export interface DraftNode {
  /** stable key for rendering and focus; the server id once saved */
  key: string;
  id?: string;
  label: string;
  /** as typed: "2", "1,5", "" */
  points: string;
  /** "" = none, else one capital letter */
  variant: string;
  children: DraftNode[];
}

/** A row's place: indexes from the top level down. */
export type NodePath = number[];

let counter = 0;
export const newKey = () => `n${++counter}`;

export function fromScale(scale: Scale, locale = "fr"): DraftNode[] {
  const conv = (n: ScaleNode): DraftNode => ({
    key: n.id,
    id: n.id,
    label: n.label,
    points: n.children.length === 0 && n.maxPoints !== null ? formatPoints(n.maxPoints, locale) : "",
    variant: n.variant ?? "",
    children: n.children.map(conv),
  });
  return scale.exercises.map(conv);
}

export function toInput(nodes: DraftNode[]): ScaleNodeInput[] {
  return nodes.map((n) => {
    const leaf = n.children.length === 0;
    const points = parsePoints(n.points);
    return {
      ...(n.id ? { id: n.id } : {}),
      label: n.label.trim(),
      maxPoints: leaf ? (Number.isNaN(points) ? null : points) : null,
      variant: n.variant || null,
      ...(leaf ? {} : { children: toInput(n.children) }),
    };
  });
}

/** "1,5" and "1.5" both mean 1.5; "" is NaN. */
export function parsePoints(text: string): number {
  const clean = text.trim().replace(",", ".");
  return clean === "" || !/^\d*\.?\d*$/.test(clean) ? Number.NaN : Number(clean);
}

/** 2.5 → "2,5" in French: what the user reads and types back (parsePoints takes both). */
export const formatPoints = (n: number, locale = "fr") =>
  new Intl.NumberFormat(locale === "fr" ? "fr-FR" : "en-GB", { maximumFractionDigits: 2, useGrouping: false }).format(Math.round(n * 100) / 100);

/** Sum of the leaves below (the leaf's own points for a leaf); unreadable points count 0. */
export function subtotal(n: DraftNode): number {
  if (n.children.length === 0) {
    const p = parsePoints(n.points);
    return Number.isNaN(p) ? 0 : p;
  }
  return round2(n.children.reduce((s, c) => s + subtotal(c), 0));
}

/** As the server counts: the common part plus the largest variant part. */
export function totals(nodes: DraftNode[]): { total: number; byVariant: Record<string, number> } {
  let common = 0;
  const parts = new Map<string, number>();
  const walk = (list: DraftNode[], inherited: string) => {
    for (const n of list) {
      const variant = n.variant || inherited;
      if (n.children.length) walk(n.children, variant);
      else if (variant) parts.set(variant, (parts.get(variant) ?? 0) + subtotal(n));
      else common += subtotal(n);
    }
  };
  walk(nodes, "");
  const byVariant = Object.fromEntries([...parts].sort(([a], [b]) => a.localeCompare(b)).map(([v, p]) => [v, round2(common + p)]));
  return { total: round2(common + Math.max(0, ...parts.values())), byVariant };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

// ── edits: each returns a new tree ──
const clone = (nodes: DraftNode[]): DraftNode[] => structuredClone(nodes);

/** The sibling list that holds `path`, and the index in it. */
function place(root: DraftNode[], path: NodePath): { list: DraftNode[]; index: number } {
  let list = root;
  for (const i of path.slice(0, -1)) list = list[i]!.children;
  return { list, index: path[path.length - 1]! };
}

export function nodeAt(root: DraftNode[], path: NodePath): DraftNode {
  const { list, index } = place(root, path);
  return list[index]!;
}

export const blank = (label = ""): DraftNode => ({ key: newKey(), label, points: "", variant: "", children: [] });

/** A new row right after `path`, at the same level; returns the tree and the new row's path. */
export function insertAfter(root: DraftNode[], path: NodePath, node = blank()): [DraftNode[], NodePath] {
  const next = clone(root);
  const { list, index } = place(next, path);
  list.splice(index + 1, 0, node);
  return [next, [...path.slice(0, -1), index + 1]];
}

/** A new last child of `path` (its points move to the children: a parent has none). */
export function addChild(root: DraftNode[], path: NodePath, node = blank()): [DraftNode[], NodePath] {
  const next = clone(root);
  const parent = nodeAt(next, path);
  if (parent.children.length === 0) parent.points = "";
  parent.children.push(node);
  return [next, [...path, parent.children.length - 1]];
}

export function addTop(root: DraftNode[], node = blank()): [DraftNode[], NodePath] {
  return [[...clone(root), node], [root.length]];
}

export function remove(root: DraftNode[], path: NodePath): DraftNode[] {
  const next = clone(root);
  const { list, index } = place(next, path);
  list.splice(index, 1);
  return next;
}

/** Swaps a row with its previous (-1) or next (+1) sibling; null when it cannot move. */
export function move(root: DraftNode[], path: NodePath, delta: -1 | 1): [DraftNode[], NodePath] | null {
  const next = clone(root);
  const { list, index } = place(next, path);
  const to = index + delta;
  if (to < 0 || to >= list.length) return null;
  [list[index], list[to]] = [list[to]!, list[index]!];
  return [next, [...path.slice(0, -1), to]];
}

export function update(root: DraftNode[], path: NodePath, patch: Partial<Pick<DraftNode, "label" | "points" | "variant">>): DraftNode[] {
  const next = clone(root);
  Object.assign(nodeAt(next, path), patch);
  return next;
}

/** Server issues by row key and field ("label", "maxPoints", "variant", "children", "row"). */
export function issuesByKey(root: DraftNode[], issues: ScaleIssue[]): Map<string, Array<{ field: string; message: string }>> {
  const out = new Map<string, Array<{ field: string; message: string }>>();
  for (const issue of issues) {
    const indexes = issue.path.match(/\d+/g)?.map(Number) ?? [];
    if (!issue.path.startsWith("exercises.") || indexes.length === 0) continue;
    const field = /\.(label|maxPoints|variant|children|id)$/.exec(issue.path)?.[1] ?? "row";
    try {
      const node = nodeAt(root, indexes);
      out.set(node.key, [...(out.get(node.key) ?? []), { field, message: issue.message }]);
    } catch {
      // a path the tree no longer has (edited since): shown in the summary only
    }
  }
  return out;
}

/** Every row in reading order with its path and depth (1 = exercise). */
export function flatten(root: DraftNode[]): Array<{ node: DraftNode; path: NodePath; depth: number; siblings: number }> {
  const out: Array<{ node: DraftNode; path: NodePath; depth: number; siblings: number }> = [];
  const walk = (list: DraftNode[], prefix: NodePath) =>
    list.forEach((node, i) => {
      const path = [...prefix, i];
      out.push({ node, path, depth: path.length, siblings: list.length });
      walk(node.children, path);
    });
  walk(root, []);
  return out;
}
