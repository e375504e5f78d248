// npx tsx scripts/soak/heap-diff.ts A.heapsnapshot B.heapsnapshot [C.heapsnapshot] [--top N] [--depth N] [--retained Name,Name]
// Compares heap snapshots of one process (`npm run soak -- --heap-snapshots DIR` writes them):
// what grew by constructor from A to the last one, and what keeps the new objects alive. With C:
// only the objects made between A and B that are still alive in C (a leak; a cache that turns
// over lets them go). --retained: what the objects of these constructors hold, in every snapshot
// (e.g. --retained ValidatorCache,DocStateCache: how full the caches are). Big snapshots want memory: NODE_OPTIONS=--max-old-space-size=4096.
import { diffSnapshots, HeapSnapshot, type HeapGroup } from "./lib/heap-snapshot.ts";

const args = process.argv.slice(2);
const opt = (name: string, d: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d);
const top = opt("--top", 25);
const depth = opt("--depth", 8);
const retained = args.includes("--retained") ? args[args.indexOf("--retained") + 1]!.split(",") : [];
const files = args.filter((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--"));
if (files.length < 2 || files.length > 3) {
  console.error("usage: heap-diff.ts A.heapsnapshot B.heapsnapshot [C.heapsnapshot] [--top N] [--depth N]");
  process.exit(2);
}
const snaps = files.map((f) => {
  const s = HeapSnapshot.read(f);
  console.log(`${f}: ${s.nodeCount.toLocaleString("en")} objects`);
  return s;
});
const d = diffSnapshots(snaps[0]!, snaps[1]!, snaps[2]);
const mb = (b: number) => (b / 2 ** 20).toFixed(2);
const total = (g: HeapGroup[]) => g.reduce((s, x) => s + x.selfBytes, 0);
console.log(`\nself size: ${mb(total(d.before))} MB → ${mb(total(d.after))} MB`);

const before = new Map(d.before.map((g) => [g.key, g]));
const grown = d.after
  .map((g) => ({ ...g, dCount: g.count - (before.get(g.key)?.count ?? 0), dBytes: g.selfBytes - (before.get(g.key)?.selfBytes ?? 0) }))
  .sort((a, b) => b.dBytes - a.dBytes)
  .slice(0, top);
console.log(`\ngrowth by constructor (first → last)\n${"Δ KB".padStart(10)} ${"Δ count".padStart(9)} ${"count".padStart(9)}  constructor`);
for (const g of grown) console.log(`${(g.dBytes / 1024).toFixed(0).padStart(10)} ${String(g.dCount).padStart(9)} ${String(g.count).padStart(9)}  ${g.key}`);

const what = snaps[2] ? "made between the first two and alive in the third" : "new in the second";
console.log(`\nobjects ${what}: ${d.newGroups.reduce((s, g) => s + g.count, 0).toLocaleString("en")}, ${mb(total(d.newGroups))} MB`);
for (const g of d.newGroups.slice(0, top)) console.log(`${(g.selfBytes / 1024).toFixed(0).padStart(10)} KB ${String(g.count).padStart(9)}  ${g.key}`);

console.log(`\nwhat keeps them alive (nearest retainer towards the roots, ${depth} steps)`);
for (const p of d.paths.slice(0, top)) console.log(`${(p.selfBytes / 1024).toFixed(0).padStart(10)} KB ${String(p.count).padStart(9)}  ${p.path}`);

if (retained.length) {
  console.log(`\nretained by (MB, per snapshot)`);
  for (const key of retained) {
    const sizes = snaps.map((s) => {
      const nodes = s.nodesOf(key);
      return `${mb(s.retainedSize(nodes))} (${nodes.length})`;
    });
    console.log(`${key.padEnd(24)} ${sizes.join("  →  ")}`);
  }
}
