// The slice of node-postgres the grading services use: a pool or a client inside a transaction.
// The hot path (group commit, joins) talks to pg directly: bytea arrays and explicit BEGIN/COMMIT.
import type pg from "pg";

export type Queryable = Pick<pg.PoolClient, "query">;

/** bytea from pg arrives as a Buffer; hand Yjs a plain view of the same bytes. */
export function bytes(b: Buffer | Uint8Array): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

interface RawQuerying {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/** A Prisma client or transaction seen as a Queryable, to share the pg-level readers inside a Prisma transaction. */
export function prismaQueryable(db: RawQuerying): Queryable {
  const query = async (text: string, values: unknown[] = []) => ({ rows: await db.$queryRawUnsafe<unknown[]>(text, ...values) });
  return { query } as unknown as Queryable;
}
