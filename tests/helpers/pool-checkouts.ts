// How many times a node's pool hands out a connection while `work` runs: a burst of many
// sockets (a classroom disconnecting, a reconnection storm) should cost a few queries, not one each.
import type pg from "pg";

export async function countPoolCheckouts<T>(pool: pg.Pool, work: () => Promise<T>): Promise<{ result: T; checkouts: number }> {
  let checkouts = 0;
  const count = () => checkouts++;
  pool.on("acquire", count);
  try {
    const result = await work();
    return { result, checkouts };
  } finally {
    pool.off("acquire", count);
  }
}
