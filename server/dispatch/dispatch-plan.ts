// Balanced round-robin: each copy goes to the chosen grader with the fewest copies so far
// (existing assignments included), ties broken by the order the graders were given. Counts end
// up differing by at most one whenever the existing load allows it. Pure.

export function balance(copyIds: string[], graderIds: string[], existing: ReadonlyMap<string, number> = new Map()): Map<string, string> {
  const load = new Map(graderIds.map((g) => [g, existing.get(g) ?? 0]));
  const out = new Map<string, string>();
  for (const copyId of copyIds) {
    let best = graderIds[0]!;
    for (const g of graderIds) if (load.get(g)! < load.get(best)!) best = g;
    out.set(copyId, best);
    load.set(best, load.get(best)! + 1);
  }
  return out;
}

/** Leaf ids under each given node (a leaf is its own leaf), from parent links. */
export function leavesUnder(nodes: ReadonlyArray<{ id: string; parentId: string | null; position: number }>, roots: string[]): Map<string, string[]> {
  const children = new Map<string | null, Array<{ id: string; position: number }>>();
  for (const n of nodes) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n]);
  const walk = (id: string): string[] => {
    const kids = (children.get(id) ?? []).sort((a, b) => a.position - b.position);
    return kids.length ? kids.flatMap((k) => walk(k.id)) : [id];
  };
  return new Map(roots.map((r) => [r, walk(r)]));
}
