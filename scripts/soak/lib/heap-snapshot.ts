// Reading a V8 heap snapshot (.heapsnapshot, as HeapProbe.writeSnapshot or DevTools write it):
// the objects grouped by constructor (count, self size), and for a chosen set of objects the path
// that keeps each alive (the retainer nearest to the GC roots at every step, as DevTools shows).
// Snapshot ids stay with an object for the life of the process, so two snapshots of the same
// process say which objects are new; three say which objects made between the first two survive.
import fs from "node:fs";

interface RawSnapshot {
  snapshot: {
    meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

export interface HeapGroup {
  /** constructor name, or "(string)", "(closure) name", "(array)", "(code)"... */
  key: string;
  count: number;
  selfBytes: number;
}

export class HeapSnapshot {
  readonly nodeCount: number;
  readonly #nf: number;
  readonly #ef: number;
  readonly #nodes: number[];
  readonly #edges: number[];
  readonly #strings: string[];
  readonly #nodeTypes: string[];
  readonly #edgeTypes: string[];
  readonly #idx: { type: number; name: number; id: number; self: number; edges: number };
  readonly #eIdx: { type: number; name: number; to: number };
  /** first edge index (in edge records) of each node */
  readonly #firstEdge: Uint32Array;
  #retainers: { start: Uint32Array; from: Uint32Array; edge: Uint32Array } | null = null;
  #distance: Int32Array | null = null;
  #byId: Map<number, number> | null = null;

  constructor(raw: RawSnapshot) {
    const m = raw.snapshot.meta;
    this.#nf = m.node_fields.length;
    this.#ef = m.edge_fields.length;
    this.#nodes = raw.nodes;
    this.#edges = raw.edges;
    this.#strings = raw.strings;
    this.#nodeTypes = m.node_types[0];
    this.#edgeTypes = m.edge_types[0];
    const f = (name: string, fields: string[]) => {
      const i = fields.indexOf(name);
      if (i < 0) throw new Error(`heap snapshot without ${name}`);
      return i;
    };
    this.#idx = {
      type: f("type", m.node_fields),
      name: f("name", m.node_fields),
      id: f("id", m.node_fields),
      self: f("self_size", m.node_fields),
      edges: f("edge_count", m.node_fields),
    };
    this.#eIdx = { type: f("type", m.edge_fields), name: f("name_or_index", m.edge_fields), to: f("to_node", m.edge_fields) };
    this.nodeCount = raw.nodes.length / this.#nf;
    this.#firstEdge = new Uint32Array(this.nodeCount + 1);
    for (let n = 0, e = 0; n < this.nodeCount; n++) {
      this.#firstEdge[n] = e;
      e += raw.nodes[n * this.#nf + this.#idx.edges]!;
      this.#firstEdge[n + 1] = e;
    }
  }

  static read(file: string): HeapSnapshot {
    return new HeapSnapshot(JSON.parse(fs.readFileSync(file, "utf8")) as RawSnapshot);
  }

  id(n: number): number {
    return this.#nodes[n * this.#nf + this.#idx.id]!;
  }

  type(n: number): string {
    return this.#nodeTypes[this.#nodes[n * this.#nf + this.#idx.type]!]!;
  }

  name(n: number): string {
    return this.#strings[this.#nodes[n * this.#nf + this.#idx.name]!]!;
  }

  selfSize(n: number): number {
    return this.#nodes[n * this.#nf + this.#idx.self]!;
  }

  /** How DevTools' summary groups a node. */
  key(n: number): string {
    const type = this.type(n);
    const name = this.name(n);
    switch (type) {
      case "object":
      case "native":
        return name;
      case "string":
      case "concatenated string":
      case "sliced string":
        return "(string)";
      case "closure":
        return `(closure) ${name || "anonymous"}`;
      case "array":
        return `(array)${name ? ` ${name}` : ""}`;
      case "number":
      case "bigint":
        return `(${type})`;
      default:
        return `(${type}) ${name.length > 40 ? `${name.slice(0, 40)}…` : name}`;
    }
  }

  /** Node index by snapshot id. */
  byId(): Map<number, number> {
    if (!this.#byId) {
      this.#byId = new Map();
      for (let n = 0; n < this.nodeCount; n++) this.#byId.set(this.id(n), n);
    }
    return this.#byId;
  }

  /** Objects grouped by key, biggest self size first; only the nodes `keep` accepts. */
  groups(keep: (n: number) => boolean = () => true): HeapGroup[] {
    const g = new Map<string, HeapGroup>();
    for (let n = 0; n < this.nodeCount; n++) {
      if (!keep(n)) continue;
      const key = this.key(n);
      const x = g.get(key) ?? { key, count: 0, selfBytes: 0 };
      x.count++;
      x.selfBytes += this.selfSize(n);
      g.set(key, x);
    }
    return [...g.values()].sort((a, b) => b.selfBytes - a.selfBytes);
  }

  #edgeType(e: number): string {
    return this.#edgeTypes[this.#edges[e * this.#ef + this.#eIdx.type]!]!;
  }

  #edgeName(e: number): string {
    const type = this.#edgeType(e);
    const v = this.#edges[e * this.#ef + this.#eIdx.name]!;
    return type === "element" || type === "hidden" ? `[${v}]` : this.#strings[v]!;
  }

  #edgeTo(e: number): number {
    return this.#edges[e * this.#ef + this.#eIdx.to]! / this.#nf;
  }

  /** Distance from the root (node 0) over strong edges; -1: reachable only through weak edges. */
  #distances(): Int32Array {
    if (this.#distance) return this.#distance;
    const d = new Int32Array(this.nodeCount).fill(-1);
    d[0] = 0;
    let frontier = [0];
    while (frontier.length) {
      const next: number[] = [];
      for (const n of frontier) {
        for (let e = this.#firstEdge[n]!; e < this.#firstEdge[n + 1]!; e++) {
          if (this.#edgeType(e) === "weak") continue;
          const to = this.#edgeTo(e);
          if (d[to] !== -1) continue;
          d[to] = d[n]! + 1;
          next.push(to);
        }
      }
      frontier = next;
    }
    this.#distance = d;
    return d;
  }

  #retainerIndex(): { start: Uint32Array; from: Uint32Array; edge: Uint32Array } {
    if (this.#retainers) return this.#retainers;
    const edgeCount = this.#edges.length / this.#ef;
    const count = new Uint32Array(this.nodeCount + 1);
    for (let e = 0; e < edgeCount; e++) count[this.#edgeTo(e) + 1]!++;
    for (let n = 0; n < this.nodeCount; n++) count[n + 1]! += count[n]!;
    const start = count.slice();
    const fill = count.slice();
    const from = new Uint32Array(edgeCount);
    const edge = new Uint32Array(edgeCount);
    for (let n = 0; n < this.nodeCount; n++) {
      for (let e = this.#firstEdge[n]!; e < this.#firstEdge[n + 1]!; e++) {
        const slot = fill[this.#edgeTo(e)]!++;
        from[slot] = n;
        edge[slot] = e;
      }
    }
    this.#retainers = { start, from, edge };
    return this.#retainers;
  }

  /**
   * What the nodes hold on their own (what would be freed without them): the bytes reachable
   * from them but not from the roots around them. Two walks of the whole graph per call.
   */
  retainedSize(nodes: readonly number[]): number {
    const held = new Set(nodes);
    const fromRoots = this.#reach([0], held).seen;
    let bytes = 0;
    for (const n of this.#reach(nodes, new Set()).order) if (!fromRoots[n]) bytes += this.selfSize(n);
    return bytes;
  }

  /** Indexes of the nodes reachable from `start` over strong edges, not entering `stop`. */
  #reach(start: readonly number[], stop: ReadonlySet<number>): { seen: Uint8Array; order: number[] } {
    const seen = new Uint8Array(this.nodeCount);
    const order: number[] = [];
    const stack = [...start];
    for (const n of start) seen[n] = 1;
    while (stack.length) {
      const n = stack.pop()!;
      order.push(n);
      for (let e = this.#firstEdge[n]!; e < this.#firstEdge[n + 1]!; e++) {
        if (this.#edgeType(e) === "weak") continue;
        const to = this.#edgeTo(e);
        if (seen[to] || stop.has(to)) continue;
        seen[to] = 1;
        stack.push(to);
      }
    }
    return { seen, order };
  }

  /** Node indexes of the objects grouped under `key` (see key()). */
  nodesOf(key: string): number[] {
    const out: number[] = [];
    for (let n = 0; n < this.nodeCount; n++) if (this.key(n) === key) out.push(n);
    return out;
  }

  /**
   * What keeps node n alive, from n up towards the roots: at each step the strong retainer
   * nearest to the roots, as "Key.edge"; at most `depth` steps.
   */
  retainerPath(n: number, depth = 8): string[] {
    const d = this.#distances();
    const r = this.#retainerIndex();
    const path: string[] = [];
    let cur = n;
    for (let step = 0; step < depth && cur !== 0; step++) {
      let best = -1;
      let bestEdge = -1;
      for (let i = r.start[cur]!; i < r.start[cur + 1]!; i++) {
        const e = r.edge[i]!;
        const from = r.from[i]!;
        if (this.#edgeType(e) === "weak" || d[from] === -1) continue;
        if (best === -1 || d[from]! < d[best]!) {
          best = from;
          bestEdge = e;
        }
      }
      if (best === -1) {
        path.push("(weak only)");
        break;
      }
      path.push(`${this.key(best)}.${this.#edgeName(bestEdge).replace(/^\[\d+\]$/, "[i]")}`);
      cur = best;
    }
    return path;
  }
}

export interface HeapDiff {
  /** snapshot ids: what the first snapshot had */
  newGroups: HeapGroup[];
  /** the new objects' retainer paths, most objects first */
  paths: Array<{ path: string; count: number; selfBytes: number }>;
  before: HeapGroup[];
  after: HeapGroup[];
}

/**
 * The objects of `after` that `before` did not have (with `survivedTo`: the objects made between
 * `before` and `after` that are still alive in `survivedTo`, the ones a leak is made of), grouped
 * by constructor and by the path that retains them.
 */
export function diffSnapshots(before: HeapSnapshot, after: HeapSnapshot, survivedTo?: HeapSnapshot, pathDepth = 8): HeapDiff {
  const old = before.byId();
  const final = survivedTo ?? after;
  const made = survivedTo ? after.byId() : null;
  const isNew = (n: number) => {
    const id = final.id(n);
    return !old.has(id) && (made === null || made.has(id));
  };
  const paths = new Map<string, { path: string; count: number; selfBytes: number }>();
  for (let n = 0; n < final.nodeCount; n++) {
    if (!isNew(n)) continue;
    const path = `${final.key(n)} ← ${final.retainerPath(n, pathDepth).join(" ← ")}`;
    const x = paths.get(path) ?? { path, count: 0, selfBytes: 0 };
    x.count++;
    x.selfBytes += final.selfSize(n);
    paths.set(path, x);
  }
  return {
    newGroups: final.groups(isNew),
    paths: [...paths.values()].sort((a, b) => b.selfBytes - a.selfBytes),
    before: before.groups(),
    after: final.groups(),
  };
}
