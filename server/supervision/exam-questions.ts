// An exam's questions as statistics and exports need them: every leaf of the scale in tree order
// (the columns of a marks export, variants included), and per variant the leaves a copy of that
// variant is graded on (its total and maximum).
import { roundScore } from "../../collab/index.ts";
import type { Db } from "../db/client.ts";

export interface ExamQuestion {
  readonly id: string;
  readonly label: string;
  /** "Exercice 2 / 2.a" */
  readonly path: string;
  readonly maxPoints: number;
  /** null: common to every variant */
  readonly variant: string | null;
}

export interface ExamQuestions {
  readonly all: readonly ExamQuestion[];
  /** the leaves of a copy of this variant (common ones plus its own) */
  forVariant(variant: string | null): readonly ExamQuestion[];
  maxFor(variant: string | null): number;
  totalFor(variant: string | null, scores: Readonly<Record<string, number | null>>): number;
}

interface NodeRow {
  id: string;
  parentId: string | null;
  label: string;
  maxPoints: unknown;
  variant: string | null;
}

export async function loadExamQuestions(db: Pick<Db, "scaleNode">, examId: string): Promise<ExamQuestions> {
  const nodes: NodeRow[] = await db.scaleNode.findMany({
    where: { examId },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: { id: true, parentId: true, label: true, maxPoints: true, variant: true },
  });
  const children = new Map<string | null, NodeRow[]>();
  for (const n of nodes) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n]);
  const all: ExamQuestion[] = [];
  const walk = (n: NodeRow, trail: string[], variant: string | null) => {
    const v = n.variant ?? variant; // a node of a variant takes its subtree with it
    const kids = children.get(n.id) ?? [];
    if (kids.length) kids.forEach((k) => walk(k, [...trail, n.label], v));
    else if (n.maxPoints !== null) all.push({ id: n.id, label: n.label, path: [...trail, n.label].join(" / "), maxPoints: Number(n.maxPoints), variant: v });
  };
  (children.get(null) ?? []).forEach((n) => walk(n, [], null));

  const byVariant = new Map<string, readonly ExamQuestion[]>();
  const forVariant = (variant: string | null) => {
    const key = variant ?? "";
    let list = byVariant.get(key);
    if (!list) {
      list = all.filter((q) => q.variant === null || q.variant === variant);
      byVariant.set(key, list);
    }
    return list;
  };
  return {
    all,
    forVariant,
    maxFor: (variant) => roundScore(forVariant(variant).reduce((s, q) => s + q.maxPoints, 0)),
    totalFor: (variant, scores) => roundScore(forVariant(variant).reduce((s, q) => s + (typeof scores[q.id] === "number" ? scores[q.id]! : 0), 0)),
  };
}
