// The scales the group commit validates against, kept per node between batches. The lock statement
// reads each exam's scale fingerprint (its scale nodes hashed, plus the current rubric version: a
// rubric version is immutable) with the copies it locks; a scale is read again only when its exam's
// fingerprint changed, so a scale, variant or rubric edit still applies to the very next update
// while a batch of strokes costs no scale query at all (two round trips per batch before).
import type { ScaleSpec } from "../../collab/index.ts";
import { loadScales, scaleKey } from "./exam-scale.ts";
import type { Queryable } from "./sql.ts";

/** One exam's fingerprint, computed in SQL next to the lock. */
export const SCALE_FINGERPRINT_SQL = `e."rubricVersion"::text || ':' || COALESCE((
    SELECT md5(string_agg(concat_ws('|', n.id, n."parentId", n."maxPoints", n.variant, n.position), ',' ORDER BY n.id))
      FROM "ScaleNode" n WHERE n."examId" = e.id), '')`;

export interface ScaledCopy {
  readonly examId: string;
  readonly variant: string | null;
  /** the exam's fingerprint read with the copy's lock */
  readonly scaleFp: string;
}

export class ScaleCache {
  readonly #entries = new Map<string, { fp: string; spec: ScaleSpec }>();

  constructor(private readonly maxEntries = 256) {}

  /** The copies' scales by scaleKey: cached when the fingerprint still matches, else read (one pair of queries for every exam that changed). */
  async scales(q: Queryable, copies: readonly ScaledCopy[]): Promise<Map<string, ScaleSpec>> {
    const out = new Map<string, ScaleSpec>();
    const stale: ScaledCopy[] = [];
    for (const c of copies) {
      const key = scaleKey(c.examId, c.variant);
      const hit = this.#entries.get(key);
      if (hit && hit.fp === c.scaleFp) out.set(key, hit.spec);
      else stale.push(c);
    }
    if (stale.length === 0) return out;
    const loaded = await loadScales(q, stale);
    if (this.#entries.size + loaded.size > this.maxEntries) this.#entries.clear();
    for (const c of stale) {
      const key = scaleKey(c.examId, c.variant);
      const spec = loaded.get(key)!;
      this.#entries.set(key, { fp: c.scaleFp, spec });
      out.set(key, spec);
    }
    return out;
  }

  clear(): void {
    this.#entries.clear();
  }
}
