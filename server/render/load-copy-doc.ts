// A copy's document as stored: its snapshot (if compacted) then the updates after it, in seq order.
// Applied into one Y.Doc inside a single transaction (cheaper than Y.mergeUpdates on many updates).
import * as Y from "yjs";
import type { Db } from "../db/client.ts";

type DocTables = Pick<Db, "copyDocSnapshot" | "copyDocUpdate">;

export async function loadCopyDoc(db: DocTables, copyId: string): Promise<Y.Doc> {
  const snapshot = await db.copyDocSnapshot.findUnique({ where: { copyId }, select: { data: true, upToSeq: true } });
  const updates = await db.copyDocUpdate.findMany({
    where: { copyId, ...(snapshot ? { seq: { gt: snapshot.upToSeq } } : {}) },
    orderBy: { seq: "asc" },
    select: { data: true },
  });
  const doc = new Y.Doc();
  doc.transact(() => {
    if (snapshot) Y.applyUpdate(doc, snapshot.data);
    for (const u of updates) Y.applyUpdate(doc, u.data);
  });
  return doc;
}
