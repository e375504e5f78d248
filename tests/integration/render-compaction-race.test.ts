// The renderer and finalize read a copy's document while the worker may be compacting it: the PDF
// must hold every update stored before the read, whenever the compaction commits.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { readCopyDoc } from "../../collab/index.ts";
import type { Db } from "../../server/db/client.ts";
import { compactCopyDoc } from "../../server/grading/doc-compaction.ts";
import { loadCopyDoc } from "../../server/render/load-copy-doc.ts";
import { createCopy, createExamWithScale } from "../helpers/grading-factories.ts";
import { tick } from "../helpers/grading-fixture.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";

let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
});

/** A doc's state as the bytes a CopyDocUpdate row holds. */
const rowBytes = (d: Y.Doc) => new Uint8Array(Y.encodeStateAsUpdate(d));

/** A copy with `n` stored updates (one annotation each, as the grading socket stores them). */
async function copyWithUpdates(n: number): Promise<{ copyId: string; ids: string[] }> {
  const exam = await createExamWithScale(tdb.db);
  const copy = await createCopy(tdb.db, exam.id);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = new Y.Doc();
    ids.push(tick(d));
    await tdb.db.copyDocUpdate.create({ data: { copyId: copy.id, data: rowBytes(d) } });
  }
  return { copyId: copy.id, ids };
}

/** The real database, with a compaction of `copyId` committed right after the reader's first statement returns. */
function compactingAfterFirstRead(copyId: string): Db {
  let reads = 0;
  const afterRead = async <T>(p: Promise<T>): Promise<T> => {
    const out = await p;
    if (reads++ === 0) expect((await compactCopyDoc(tdb.db, copyId)).merged).toBeGreaterThan(0);
    return out;
  };
  const wrap = (target: object): object =>
    new Proxy(target, {
      get(t, prop, receiver) {
        const v = Reflect.get(t, prop, receiver) as unknown;
        if (prop === "copyDocSnapshot" || prop === "copyDocUpdate") return wrap(v as object);
        if (typeof v !== "function") return v;
        if (typeof prop === "string" && /^(\$queryRaw|\$queryRawUnsafe|findUnique|findMany|findFirst)$/.test(prop)) {
          return (...args: unknown[]) => afterRead((v as (...a: unknown[]) => Promise<unknown>).apply(t, args));
        }
        return (v as (...a: unknown[]) => unknown).bind(t);
      },
    });
  return wrap(tdb.db) as Db;
}

describe("reading a copy's document while it is compacted", () => {
  it("keeps every stored update when a compaction commits in the middle of the read", async () => {
    const { copyId, ids } = await copyWithUpdates(12);
    const doc = await loadCopyDoc(compactingAfterFirstRead(copyId), copyId);
    expect(
      readCopyDoc(doc)
        .annotations.map((a) => a.id)
        .sort(),
    ).toEqual([...ids].sort());
    // the compaction did run: the rows are now in the snapshot
    expect(await tdb.db.copyDocUpdate.count({ where: { copyId } })).toBe(0);
    doc.destroy();
  });

  it("keeps them on a compacted copy too (snapshot then rows, compacted again during the read)", async () => {
    const { copyId, ids } = await copyWithUpdates(5);
    await compactCopyDoc(tdb.db, copyId);
    for (let i = 0; i < 5; i++) {
      const d = new Y.Doc();
      ids.push(tick(d));
      await tdb.db.copyDocUpdate.create({ data: { copyId, data: rowBytes(d) } });
    }
    const doc = await loadCopyDoc(compactingAfterFirstRead(copyId), copyId);
    expect(readCopyDoc(doc).annotations).toHaveLength(10);
    expect(
      readCopyDoc(doc)
        .annotations.map((a) => a.id)
        .sort(),
    ).toEqual([...ids].sort());
    doc.destroy();
  });

  it("never misses a row while compactions and reads run side by side", async () => {
    const { copyId } = await copyWithUpdates(1);
    let stored = 1;
    let running = true;
    const writer = (async () => {
      for (let i = 0; i < 80; i++) {
        const d = new Y.Doc();
        tick(d);
        await tdb.db.copyDocUpdate.create({ data: { copyId, data: rowBytes(d) } });
        stored++;
      }
      running = false;
    })();
    const compactor = (async () => {
      while (running) await compactCopyDoc(tdb.db, copyId);
    })();
    while (running) {
      const before = stored;
      const doc = await loadCopyDoc(tdb.db, copyId);
      expect(readCopyDoc(doc).annotations.length).toBeGreaterThanOrEqual(before);
      doc.destroy();
    }
    await Promise.all([writer, compactor]);
  });
});
