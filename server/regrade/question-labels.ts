// "Exercice 1 › 1.a": how the queue, the portal and the export name a question.
import type { Db } from "../db/client.ts";

export async function questionLabels(db: Pick<Db, "scaleNode">, examIds: readonly string[]): Promise<Map<string, string>> {
  const nodes = await db.scaleNode.findMany({ where: { examId: { in: [...new Set(examIds)] } }, select: { id: true, label: true, parentId: true } });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out = new Map<string, string>();
  for (const n of nodes) {
    const parts = [n.label];
    for (let p = n.parentId ? byId.get(n.parentId) : undefined; p; p = p.parentId ? byId.get(p.parentId) : undefined) parts.unshift(p.label);
    out.set(n.id, parts.join(" › "));
  }
  return out;
}
