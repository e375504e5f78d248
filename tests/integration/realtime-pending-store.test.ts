// Un-acked edits survive the page: with a PendingStore, each local edit is stored before it is
// sent and removed once acked; a new CopySync (a reload, a crash) with the same store resends what
// was stored and the server holds it. A copy that is not writable any more keeps them stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCopyDoc } from "../../collab/index.ts";
import { CopySync, type PendingStore, type StoredEdit } from "../helpers/grading-client.ts";
import { assignCopy, createCopy, createExamWithScale, type TestExam } from "../helpers/grading-factories.ts";
import { openSocket, setScore, signedInUser, storedDoc, tick, waitFor, type SignedInUser } from "../helpers/grading-fixture.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

/** What IndexedDB is to the desk, in memory. */
class MemoryStore implements PendingStore {
  readonly rows = new Map<number, StoredEdit>();
  #next = 1;
  async load(): Promise<StoredEdit[]> {
    return [...this.rows.values()].map((r) => ({ ...r }));
  }
  async add(update: Uint8Array): Promise<number> {
    const key = this.#next++;
    this.rows.set(key, { key, update, at: Date.now() });
    return key;
  }
  async remove(keys: number[]): Promise<void> {
    for (const k of keys) this.rows.delete(k);
  }
}

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let exam: TestExam;
let grader: SignedInUser;

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  exam = await createExamWithScale(tdb.db);
  grader = await signedInUser(tdb, server.url, "GRADER");
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

async function open(copyId: string, store: PendingStore): Promise<CopySync> {
  const sync = new CopySync({ copyId, store });
  sync.attach(await openSocket(server.url, grader));
  await sync.ready();
  return sync;
}

/** Edits made while disconnected, then the page goes away (no ack will ever come). */
async function editOffline(copyId: string, store: MemoryStore): Promise<{ ids: string[] }> {
  const first = await open(copyId, store);
  expect((await first.takeLock()).ok).toBe(true);
  tick(first.doc, grader.id);
  await first.whenSaved();
  await waitFor(() => store.rows.size === 0, 5000, "acked edit removed from the store");
  first.socket!.disconnect();
  const ids = [tick(first.doc, grader.id), tick(first.doc, grader.id)];
  setScore(first.doc, exam.questions[0]!.id, 2);
  await waitFor(() => store.rows.size === 3, 5000, "offline edits stored");
  expect(first.pendingCount).toBe(3);
  first.destroy();
  return { ids };
}

describe("pending edits kept in a store", () => {
  it("stores offline edits, resends them from a new CopySync, and empties the store once acked", async () => {
    const copy = await createCopy(tdb.db, exam.id);
    await assignCopy(tdb.db, copy.id, grader.id);
    const store = new MemoryStore();
    const { ids } = await editOffline(copy.id, store);
    expect(readCopyDoc(await storedDoc(tdb, copy.id)).annotations).toHaveLength(1);

    const again = await open(copy.id, store); // the reload
    expect(again.pendingCount).toBe(3);
    expect(readCopyDoc(again.doc).annotations.map((a) => a.id)).toEqual(expect.arrayContaining(ids));
    expect((await again.takeLock()).ok).toBe(true);
    await again.whenSaved();
    await waitFor(() => store.rows.size === 0, 5000, "store emptied");

    const held = readCopyDoc(await storedDoc(tdb, copy.id));
    expect(held.annotations.map((a) => a.id)).toEqual(expect.arrayContaining(ids));
    expect(held.annotations).toHaveLength(3);
    expect(held.scores).toEqual({ [exam.questions[0]!.id]: 2 });
    again.destroy();
  });

  it("resending edits the server already holds is harmless: acked as duplicates, removed", async () => {
    const copy = await createCopy(tdb.db, exam.id);
    await assignCopy(tdb.db, copy.id, grader.id);
    const store = new MemoryStore();
    const first = await open(copy.id, store);
    await first.takeLock();
    const id = tick(first.doc, grader.id);
    await waitFor(() => store.rows.size === 1);
    const kept = new Map(store.rows);
    await first.whenSaved();
    first.destroy();
    for (const [k, v] of kept) store.rows.set(k, v); // as if the page died between the ack and the removal

    const again = await open(copy.id, store);
    await again.takeLock();
    await again.whenSaved();
    await waitFor(() => store.rows.size === 0, 5000, "store emptied");
    const rows = await tdb.db.copyDocUpdate.count({ where: { copyId: copy.id } });
    expect(rows).toBe(1);
    expect(readCopyDoc(await storedDoc(tdb, copy.id)).annotations.map((a) => a.id)).toEqual([id]);
    again.destroy();
  });

  it("keeps the stored edits when the copy is not writable, and sends them once it is again", async () => {
    const copy = await createCopy(tdb.db, exam.id);
    await assignCopy(tdb.db, copy.id, grader.id);
    const store = new MemoryStore();
    const { ids } = await editOffline(copy.id, store);
    await tdb.db.copy.update({ where: { id: copy.id }, data: { state: "FINALIZING" } });

    const stranded: number[] = [];
    const readOnly = new CopySync({ copyId: copy.id, store });
    readOnly.on("stranded", (n) => stranded.push(n));
    readOnly.attach(await openSocket(server.url, grader));
    await readOnly.ready();
    expect(readOnly.readOnly).toBe(true);
    expect(stranded).toEqual([3]);
    expect(readOnly.stranded).toBe(3);
    expect(readOnly.pendingCount).toBe(0);
    expect(readCopyDoc(readOnly.doc).annotations).toHaveLength(1); // not shown as if they were saved
    expect(store.rows.size).toBe(3);
    readOnly.destroy();

    await tdb.db.copy.update({ where: { id: copy.id }, data: { state: "READY" } }); // reopened
    const again = await open(copy.id, store);
    expect(again.pendingCount).toBe(3);
    await again.takeLock();
    await again.whenSaved();
    await waitFor(() => store.rows.size === 0, 5000, "store emptied");
    expect(readCopyDoc(await storedDoc(tdb, copy.id)).annotations.map((a) => a.id)).toEqual(expect.arrayContaining(ids));
    again.destroy();
  });
});
