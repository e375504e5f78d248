// A copy's blind second markers must not learn who holds its main lock (docs/moderation.md): the
// lock broadcasts to an exam's followers (graders' homes) leave their sockets out. Looked up per
// broadcast (lock changes are rare), chained per copy so the broadcasts keep their order.
import type pg from "pg";
import type { GradingNamespace } from "./grading-io.ts";
import { BLIND_STATUSES } from "../moderation/blind-facts.ts";

type Lookup = (copyId: string) => Promise<string[]>;

const lookups = new WeakMap<GradingNamespace, Lookup>();
const chains = new Map<string, Promise<void>>();

export function useBlindMarkers(nsp: GradingNamespace, pool: pg.Pool): void {
  lookups.set(nsp, async (copyId) => {
    const { rows } = await pool.query<{ markerId: string }>(
      `SELECT "markerId" FROM "SecondMarking" WHERE "copyId" = $1::uuid AND "markerId" IS NOT NULL AND status::text = ANY($2::text[])`,
      [copyId, [...BLIND_STATUSES]],
    );
    return rows.map((r) => r.markerId);
  });
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
