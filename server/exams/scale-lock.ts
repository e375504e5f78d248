// Once grading has started, the scale's structure is frozen: scores are keyed by leaf ids, so
// adding, removing or moving nodes would orphan them. Labels stay editable here; a max change
// re-scores copies, so it goes through the rubric change set (preview, apply, undo).
import type { Db } from "../db/client.ts";
import type { FlatNode } from "./scale-check.ts";

type Reader = Pick<Db, "copy" | "copyDocSnapshot" | "$queryRaw">;

/** Grading started = a copy beyond READY, or any stored edit of a copy document. */
export async function gradingStarted(db: Reader, examId: string): Promise<boolean> {
  const [beyond, update, snapshot] = await Promise.all([
    db.copy.findFirst({ where: { examId, state: { in: ["FINALIZING", "GRADED", "RENDER_FAILED"] } }, select: { id: true } }),
    // "CopyDocUpdate" has no relation to Copy in the schema (no foreign key on the hot append path): joined here
    db.$queryRaw<
      { edited: boolean }[]
    >`SELECT EXISTS (SELECT 1 FROM "CopyDocUpdate" u JOIN "Copy" c ON c.id = u."copyId" WHERE c."examId" = ${examId}::uuid) AS edited`.then(
      (rows) => rows[0]!.edited,
    ),
    db.copyDocSnapshot.findFirst({ where: { copy: { examId } }, select: { copyId: true } }),
  ]);
  return !!(beyond || update || snapshot);
}

export interface StoredNode {
  id: string;
  parentId: string | null;
  kind: string;
  position: number;
  variant: string | null;
}

/** The structural differences between the stored scale and the proposed one (empty = labels/max only). */
export function structuralChanges(stored: StoredNode[], proposed: FlatNode[]): string[] {
  const changes: string[] = [];
  const byId = new Map(stored.map((n) => [n.id, n]));
  const proposedIds = new Set<string>();
  for (const p of proposed) {
    if (!p.id) {
      changes.push(`new node "${p.label}"`);
      continue;
    }
    proposedIds.add(p.id);
    const s = byId.get(p.id);
    if (!s) continue;
    const parentId = p.parentIndex === null ? null : (proposed[p.parentIndex]!.id ?? "new");
    if (s.parentId !== parentId || s.kind !== p.kind) changes.push(`"${p.label}" moved`);
    else if (s.position !== p.position) changes.push(`"${p.label}" reordered`);
    if (s.variant !== p.variant) changes.push(`"${p.label}" variant changed`);
  }
  for (const s of stored) if (!proposedIds.has(s.id)) changes.push(`node ${s.id} removed`);
  return changes;
}

/** Leaves whose max points the proposed scale moves (questionId, from, to). */
export function maxPointChanges(
  stored: Array<{ id: string; maxPoints: { toString(): string } | null }>,
  proposed: FlatNode[],
): Array<{ questionId: string; from: number; to: number }> {
  const before = new Map(stored.map((n) => [n.id, n.maxPoints === null ? null : Number(n.maxPoints.toString())]));
  return proposed.flatMap((p) => {
    const from = p.id ? before.get(p.id) : undefined;
    if (!p.id || from === undefined || from === null || p.maxPoints === null || p.maxPoints === from) return [];
    return [{ questionId: p.id, from, to: p.maxPoints }];
  });
}
