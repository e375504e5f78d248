// A copy's blind second markers must not learn who holds its main lock (docs/moderation.md): the
// lock broadcasts to an exam's followers (graders' homes) leave their sockets out. Looked up per
// broadcast, chained per copy so the broadcasts keep their order; the lookups of one I/O turn go
// in one query (a mass disconnect ends many graces at once: one query, not one per copy).
import type pg from "pg";
import { KeyedBatcher } from "../grading/keyed-batcher.ts";
import type { GradingNamespace } from "./grading-io.ts";
import { BLIND_STATUSES } from "../moderation/blind-facts.ts";

type Lookup = (copyId: string) => Promise<string[]>;

const lookups = new WeakMap<GradingNamespace, Lookup>();
const chains = new Map<string, Promise<void>>();

export function useBlindMarkers(nsp: GradingNamespace, pool: pg.Pool): void {
  const batch = new KeyedBatcher<string, string[]>(async (copyIds) => {
    const { rows } = await pool.query<{ copyId: string; markerId: string }>(
      `SELECT "copyId", "markerId" FROM "SecondMarking" WHERE "copyId" = ANY($1::uuid[]) AND "markerId" IS NOT NULL AND status::text = ANY($2::text[])`,
      [copyIds, [...BLIND_STATUSES]],
    );
    const out = new Map<string, string[]>(copyIds.map((id) => [id, []]));
    for (const r of rows) out.get(r.copyId)?.push(r.markerId);
    return out;
  });
  lookups.set(nsp, (copyId) => batch.get(copyId.toLowerCase())); // the rows' ids come back in lower case
}

/** Runs `send` with the copy's blind markers, after the previous broadcast of the same copy; on a failed lookup, `send(null)`. */
export function withBlindMarkers(nsp: GradingNamespace, copyId: string, send: (blind: string[] | null) => void): void {
  const lookup = lookups.get(nsp);
  if (!lookup) return send([]);
  const prev = chains.get(copyId) ?? Promise.resolve();
  const next = prev.then(() => lookup(copyId).then(send, () => send(null)));
  chains.set(copyId, next);
  void next.finally(() => {
    if (chains.get(copyId) === next) chains.delete(copyId);
  });
}
