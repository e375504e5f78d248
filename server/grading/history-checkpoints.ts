// Folds a copy's snapshot and rows into one merged state, taking the state every `every` rows
// on the way (the history snapshots): one garbage-collected Y.Doc, as collab's compactState.
import * as Y from "yjs";

export interface Checkpoint {
  readonly seq: bigint;
  readonly data: Uint8Array;
}

/**
 * base: the current snapshot (0 or 1 state); rows: in seq order; already: history rows since the
 * last history snapshot, so the count goes on across compactions.
 */
export function foldWithCheckpoints(
  base: readonly Uint8Array[],
  rows: ReadonlyArray<{ seq: bigint; data: Uint8Array }>,
  every: number,
  already: number,
): { merged: Uint8Array; checkpoints: Checkpoint[] } {
  const doc = new Y.Doc({ gc: true });
  const checkpoints: Checkpoint[] = [];
  try {
    doc.transact(() => {
      for (const b of base) Y.applyUpdate(doc, b);
    });
    let count = already;
    let i = 0;
    while (i < rows.length) {
      const take = Math.min(rows.length - i, Math.max(1, every - count));
      doc.transact(() => {
        for (const r of rows.slice(i, i + take)) Y.applyUpdate(doc, r.data);
      });
      i += take;
      count += take;
      if (count >= every) {
        checkpoints.push({ seq: rows[i - 1]!.seq, data: Y.encodeStateAsUpdate(doc) });
        count = 0;
      }
    }
    return { merged: Y.encodeStateAsUpdate(doc), checkpoints };
  } finally {
    doc.destroy();
  }
}
