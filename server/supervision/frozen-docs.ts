// What a finalized copy says (decisions, comments, general comment), read from its frozen document.
// A finalized doc never changes while its hash stands (updates are refused past READY; a reopen
// clears the hash), so the content is cached per docHash: dashboards and exports of a 1,000-copy
// exam decode each document once. Documents are loaded in batches (one SQL statement each).
// Bounded by count and by idleness: the documents of an exam nobody looked at for `idleMs`
// (a dashboard polls every few seconds while it is open; decoding an exam's 300 documents
// again costs a fraction of a second) go (docs/operations.md, "Soak").
import * as Y from "yjs";
import { generalOf, NO_DECISIONS, readComments, readDecisions, type CopyDecisions } from "../../collab/index.ts";
import { DocStateCache } from "../grading/doc-state-cache.ts";
import { loadStates } from "../grading/doc-state-loader.ts";
import type { Queryable } from "../grading/sql.ts";

export interface FrozenContent {
  /** what the graders decided (items, adjustments, typed scores): marks come from collab's computeMarks */
  readonly decisions: CopyDecisions;
  /** typed scores (questions without rubric items) */
  readonly scores: Readonly<Record<string, number | null>>;
  readonly comments: Readonly<Record<string, string>>;
  readonly general: string;
}

export interface FrozenRef {
  readonly id: string;
  readonly docHash: string;
}

const EMPTY: FrozenContent = Object.freeze({ decisions: NO_DECISIONS, scores: {}, comments: {}, general: "" });
const BATCH = 200;

export interface FrozenDocCacheOptions {
  readonly maxEntries?: number;
  /** an entry not read for this long is dropped (default 10 minutes) */
  readonly idleMs?: number;
  readonly now?: () => number;
}

export class FrozenDocCache {
  /** Map order is the recency order: the least recently used first */
  readonly #entries = new Map<string, { content: FrozenContent; usedAt: number }>();
  readonly #maxEntries: number;
  readonly #idleMs: number;
  readonly #now: () => number;

  constructor(o: FrozenDocCacheOptions = {}) {
    this.#maxEntries = o.maxEntries ?? 20_000;
    this.#idleMs = o.idleMs ?? 10 * 60_000;
    this.#now = o.now ?? Date.now;
  }

  get(docHash: string): FrozenContent | undefined {
    const now = this.#now();
    this.#expire(now);
    const hit = this.#entries.get(docHash);
    if (hit) {
      this.#entries.delete(docHash);
      this.#entries.set(docHash, { content: hit.content, usedAt: now });
    }
    return hit?.content;
  }

  set(docHash: string, content: FrozenContent): void {
    const now = this.#now();
    this.#entries.delete(docHash);
    this.#entries.set(docHash, { content, usedAt: now });
    this.#expire(now);
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries) break;
      this.#entries.delete(key);
    }
  }

  #expire(now: number): void {
    for (const [key, e] of this.#entries) {
      if (now - e.usedAt < this.#idleMs) break;
      this.#entries.delete(key);
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}

function contentOf(state: Uint8Array | null): FrozenContent {
  if (!state) return EMPTY;
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    const decisions = readDecisions(doc);
    return Object.freeze({ decisions, scores: decisions.scores, comments: readComments(doc), general: generalOf(doc).toString() });
  } finally {
    doc.destroy();
  }
}

/** copy id → content, for copies frozen under the given hashes (cached ones cost no query). */
export async function readFrozen(q: Queryable, cache: FrozenDocCache, copies: readonly FrozenRef[]): Promise<Map<string, FrozenContent>> {
  const out = new Map<string, FrozenContent>();
  const missing: FrozenRef[] = [];
  for (const c of copies) {
    const hit = cache.get(c.docHash);
    if (hit) out.set(c.id, hit);
    else missing.push(c);
  }
  for (let i = 0; i < missing.length; i += BATCH) {
    const batch = missing.slice(i, i + BATCH);
    // a throwaway state cache: merged states are needed once, only the decoded content is kept
    const states = await loadStates(
      q,
      batch.map((c) => c.id),
      new DocStateCache(),
    );
    for (const c of batch) {
      const content = contentOf(states.get(c.id)?.state ?? null);
      cache.set(c.docHash, content);
      out.set(c.id, content);
    }
  }
  return out;
}

/** One cache per process: every feature reading frozen docs shares it. */
export const sharedFrozenDocs = new FrozenDocCache();
