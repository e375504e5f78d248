// How many statements of one kind a node's pool runs while `work` runs: a burst of many sockets (a
// classroom disconnecting, a reconnection storm) should cost a few queries, not one each. Counting
// every checkout instead also counted the node's background work sharing the pool (lock and claim
// renewals every lease/3, sweeps), whose number grows with how long a loaded machine takes.
import type pg from "pg";

type Counter = { match: RegExp; statements: number };
const counters = new Set<Counter>();
const wrapped = new WeakSet<pg.PoolClient>();

function statementText(args: unknown[]): string {
  const first = args[0];
  if (typeof first === "string") return first;
  if (first && typeof first === "object" && "text" in first && typeof first.text === "string") return first.text;
  return "";
}

/** Wraps a checked-out client's `query` once: each statement it runs is offered to the live counters. */
function watch(client: pg.PoolClient): void {
  if (wrapped.has(client)) return;
  wrapped.add(client);
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    if (counters.size > 0) {
      const text = statementText(args);
      for (const c of counters) if (c.match.test(text)) c.statements++;
    }
    return query(...args);
  };
}

export async function countPoolStatements<T>(pool: pg.Pool, match: RegExp, work: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const counter: Counter = { match, statements: 0 };
  counters.add(counter);
  pool.on("acquire", watch);
  try {
    const result = await work();
    return { result, statements: counter.statements };
  } finally {
    counters.delete(counter);
    if (counters.size === 0) pool.off("acquire", watch);
  }
}
