// Folds a copy's snapshot and rows into one merged state, taking the state every `every` rows
// on the way (the history snapshots): one garbage-collected Y.Doc, as collab's compactState.
import * as Y from "yjs";

export interface Checkpoint {
  readonly seq: bigint;
  readonly data: Uint8Array;
}

/** Where the count stands since the last history snapshot (it goes on across compactions). */
export interface SinceCheckpoint {
  readonly rows: number;
  readonly bytes: number;
  /** size of the last history snapshot (0: none yet) */
  readonly lastBytes: number;
}

/**
 * base: the current snapshot (0 or 1 state); rows: in seq order. A checkpoint is due once `every`
 * rows AND rows weighing a quarter of the last checkpoint have come since it: the snapshots then
 * never weigh more than 4× the changes themselves, so storage stays linear in the changes.
 */
export function foldWithCheckpoints(
  base: readonly Uint8Array[],
  rows: ReadonlyArray<{ seq: bigint; data: Uint8Array }>,
  every: number,
  since: SinceCheckpoint,
): { merged: Uint8Array; checkpoints: Checkpoint[] } {
  const doc = new Y.Doc({ gc: true });
  const checkpoints: Checkpoint[] = [];
  try {
    doc.transact(() => {
      for (const b of base) Y.applyUpdate(doc, b);
    });
    let count = since.rows;
    let weight = since.bytes;
    let lastBytes = since.lastBytes;
    let i = 0;
    while (i < rows.length) {
      const take = Math.min(rows.length - i, Math.max(1, every - count));
      doc.transact(() => {
        for (const r of rows.slice(i, i + take)) {
          Y.applyUpdate(doc, r.data);
          weight += r.data.byteLength;
        }
      });
      i += take;
      count += take;
      if (count >= every && weight * 4 >= lastBytes) {
        const data = Y.encodeStateAsUpdate(doc);
        checkpoints.push({ seq: rows[i - 1]!.seq, data });
        count = 0;
        weight = 0;
        lastBytes = data.byteLength;
      }
    }
    // a checkpoint taken at the last row is the merged state itself: encode the document once
    const last = checkpoints[checkpoints.length - 1];
    const atEnd = last !== undefined && rows.length > 0 && last.seq === rows[rows.length - 1]!.seq;
    return { merged: atEnd ? last.data : Y.encodeStateAsUpdate(doc), checkpoints };
  } finally {
    doc.destroy();
  }
}
