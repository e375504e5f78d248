// Statements sent together in one write: node-postgres writes each pipelined statement on its own
// (a syscall each, and on loopback the kernel's TCP work with it). Queries submitted inside `fn`
// (pg submits on the call, synchronously, in pipeline mode) leave in one write when it returns.
import type pg from "pg";

interface Corkable {
  cork?(): void;
  uncork?(): void;
}

export function corked<T>(client: pg.PoolClient, fn: () => T): T {
  const stream = (client as unknown as { connection?: { stream?: Corkable } }).connection?.stream;
  stream?.cork?.();
  try {
    return fn();
  } finally {
    stream?.uncork?.();
  }
}
