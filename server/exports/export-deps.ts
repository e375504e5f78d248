// What the export streams read from: Prisma for small look-ups, pg for the batched copy reads,
// the shared cache of frozen documents.
import type { Db } from "../db/client.ts";
import type { Queryable } from "../grading/sql.ts";
import type { FrozenDocCache } from "../supervision/frozen-docs.ts";

export interface ExportDeps {
  readonly db: Db;
  readonly pool: Queryable;
  readonly frozen: FrozenDocCache;
  /** copies per read (default 200) */
  readonly batchSize?: number;
}
