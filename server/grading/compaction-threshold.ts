// How many rows a copy's document gathers past its snapshot before a node asks the worker to compact
// it: about `base`, spread over [¾·base, 1¼·base) by the copy's id. Copies that start together (a
// class whose graders begin at the same minute, a benchmark's writers) would otherwise all cross
// the same count in the same second, and their compactions would hit the worker and PostgreSQL as
// one burst that takes the nodes' CPU from the fan-out (docs/operations.md « Planning per batch,
// compaction bursts… »). The same copy always gets the same threshold.
export function compactionThreshold(copyId: string, base: number): number {
  const spread = Math.floor(base / 2);
  if (spread < 2) return base;
  let h = 0x811c9dc5; // FNV-1a over the id's characters
  for (let i = 0; i < copyId.length; i++) {
    h ^= copyId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return base - Math.floor(spread / 2) + ((h >>> 0) % spread);
}
