// A copy's document as stored: its snapshot (if compacted) then the updates after it, in seq order.
// Read in ONE statement (doc-rows.ts): two reads would let a compaction commit between them, and
// the rows it folded would be in neither the snapshot read before nor the rows read after.
// Applied into one Y.Doc inside a single transaction (cheaper than Y.mergeUpdates on many updates).
import * as Y from "yjs";
import { rowsSince } from "../grading/doc-rows.ts";
import { prismaQueryable } from "../grading/sql.ts";

interface RawQuerying {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

export async function loadCopyDoc(db: RawQuerying, copyId: string): Promise<Y.Doc> {
  const stored = (await rowsSince(prismaQueryable(db), new Map([[copyId, -1]]))).get(copyId)!;
  const doc = new Y.Doc();
  doc.transact(() => {
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot.data);
    for (const u of stored.rows) Y.applyUpdate(doc, u.data);
  });
  return doc;
}
