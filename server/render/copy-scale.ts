// A copy's grading scale as the finalize check and the score sheet need it: the ScaleNode tree of
// its exam (nodes of another variant left out), its questions (leaves with maxPoints, the ids of
// the copy document's `scores`) and the score checks run at finalize.
import { roundScore, type CopyMarks } from "../../collab/index.ts";
import type { Db } from "../db/client.ts";
import type { ScoreSheetRow, SheetItem } from "./render-types.ts";

export interface ScaleTreeNode {
  id: string;
  label: string;
  maxPoints: number | null;
  children: ScaleTreeNode[];
}

export interface ScaleQuestion {
  id: string;
  label: string;
  /** "Exercice 2 › 2.a" */
  path: string;
  maxPoints: number;
}

export interface CopyScale {
  roots: ScaleTreeNode[];
  questions: ScaleQuestion[];
  max: number;
}

export async function loadCopyScale(db: Pick<Db, "scaleNode">, examId: string, variant: string | null): Promise<CopyScale> {
  const nodes = await db.scaleNode.findMany({ where: { examId }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] });
  const kept = nodes.filter((n) => n.variant === null || n.variant === variant);
  const byId = new Map(
    kept.map((n) => [n.id, { id: n.id, label: n.label, maxPoints: n.maxPoints === null ? null : Number(n.maxPoints), children: [] as ScaleTreeNode[] }]),
  );
  const roots: ScaleTreeNode[] = [];
  for (const n of kept) {
    const node = byId.get(n.id)!;
    if (n.parentId === null) roots.push(node);
    else byId.get(n.parentId)?.children.push(node); // a child of a node of another variant goes with it
  }
  const questions: ScaleQuestion[] = [];
  const walk = (node: ScaleTreeNode, trail: string[]) => {
    const path = [...trail, node.label];
    if (node.children.length) node.children.forEach((c) => walk(c, path));
    else if (node.maxPoints !== null) questions.push({ id: node.id, label: node.label, path: path.join(" › "), maxPoints: node.maxPoints });
  };
  roots.forEach((r) => walk(r, []));
  return { roots, questions, max: roundScore(questions.reduce((s, q) => s + q.maxPoints, 0)) };
}

export interface ScoreProblems {
  unscored: ScaleQuestion[];
  outOfBounds: Array<ScaleQuestion & { score: number }>;
}

/**
 * What keeps a copy from being finalized: questions without a mark, and typed scores above the
 * max (a max lowered after they were typed: the grader types them again). Rubric marks are
 * bounded by their own rule and never count as out of bounds.
 */
export function checkScores(scale: CopyScale, marks: CopyMarks): ScoreProblems {
  const byId = new Map(marks.marks.map((m) => [m.questionId, m]));
  const unscored: ScaleQuestion[] = [];
  const outOfBounds: ScoreProblems["outOfBounds"] = [];
  for (const q of scale.questions) {
    const m = byId.get(q.id);
    if (!m || m.score === null) unscored.push(q);
    else if (m.source === "typed" && m.clipped !== null && m.raw !== null) outOfBounds.push({ ...q, score: m.raw });
  }
  return { unscored, outOfBounds };
}

/** The mark of one question as the score sheet shows it. */
export interface SheetMark {
  readonly questionId: string;
  readonly score: number | null;
  readonly items: readonly SheetItem[];
  readonly adjustment: { readonly points: number; readonly comment: string } | null;
}

/** The score sheet's table: one row per node, groups carrying the sum of their questions. */
export function scoreSheetRows(scale: CopyScale, marks: readonly SheetMark[], comments: Readonly<Record<string, string>>): ScoreSheetRow[] {
  const byId = new Map(marks.map((m) => [m.questionId, m]));
  const rows: ScoreSheetRow[] = [];
  const sums = (node: ScaleTreeNode): { points: number; max: number } => {
    if (!node.children.length) return { points: byId.get(node.id)?.score ?? 0, max: node.maxPoints ?? 0 };
    return node.children.map(sums).reduce((a, b) => ({ points: a.points + b.points, max: a.max + b.max }), { points: 0, max: 0 });
  };
  const walk = (node: ScaleTreeNode, depth: number) => {
    const comment = comments[node.id]?.trim() || undefined;
    if (node.children.length) {
      const s = sums(node);
      rows.push({ depth, label: node.label, group: true, points: roundScore(s.points), max: roundScore(s.max), comment });
      node.children.forEach((c) => walk(c, depth + 1));
      return;
    }
    const m = byId.get(node.id);
    const row: ScoreSheetRow = { depth, label: node.label, group: false, points: m?.score ?? null, max: node.maxPoints, comment };
    if (m?.items.length) row.items = m.items.map((i) => ({ label: i.label, points: i.points, feedback: i.feedback }));
    if (m?.adjustment) row.adjustment = { points: m.adjustment.points, comment: m.adjustment.comment };
    rows.push(row);
  };
  scale.roots.forEach((r) => walk(r, 0));
  return rows;
}
