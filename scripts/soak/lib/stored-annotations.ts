// The annotation ids PostgreSQL holds for a copy (snapshot + the update rows after it).
import * as Y from "yjs";
import { readCopyDoc } from "../../../collab/index.ts";
import type { Db } from "../../../server/db/client.ts";

export async function storedAnnotationIds(db: Db, copyId: string): Promise<Set<string>> {
  const snap = await db.copyDocSnapshot.findUnique({ where: { copyId } });
  const rows = await db.copyDocUpdate.findMany({
    where: { copyId, ...(snap ? { seq: { gt: snap.upToSeq } } : {}) },
    orderBy: { seq: "asc" },
    select: { data: true },
  });
  const doc = new Y.Doc();
  try {
    for (const u of [...(snap ? [snap.data] : []), ...rows.map((r) => r.data)]) Y.applyUpdate(doc, u);
    return new Set(readCopyDoc(doc).annotations.map((a) => a.id));
  } finally {
    doc.destroy();
  }
}
