// The desk's PendingStore (copy-sync.ts): un-acknowledged edits of a copy kept in IndexedDB, so a
// crash, a forced reload or a tablet killing the tab (offline or not) loses nothing. Each record is
// one Yjs update of one copy by one user; it is written (durability "strict") before the edit is
// sent and deleted once the server acked it. Records of another user on a shared device are never
// read under a different account; records older than 14 days are purged when the database opens.
import type { PendingStore, StoredEdit } from "./copy-sync.ts";

const DB_NAME = "korrigo-pending";
const EDITS = "edits";
export const MAX_AGE_MS = 14 * 24 * 3600 * 1000;

interface EditRecord {
  key?: number;
  copyId: string;
  userId: string;
  at: number;
  update: Uint8Array;
}

let opening: Promise<IDBDatabase> | null = null;

function database(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      const edits = req.result.createObjectStore(EDITS, { keyPath: "key", autoIncrement: true });
      edits.createIndex("owner", ["copyId", "userId"]);
      edits.createIndex("at", "at");
    };
    req.onsuccess = () => {
      const db = req.result;
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      purgeOld(db);
      resolve(db);
    };
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error("IndexedDB blocked"));
  }).catch((err: unknown) => {
    opening = null;
    throw err;
  });
  return opening;
}

/** Edits nobody came back for in two weeks are dropped (once per page load). */
function purgeOld(db: IDBDatabase): void {
  const tx = db.transaction(EDITS, "readwrite");
  const range = IDBKeyRange.upperBound(Date.now() - MAX_AGE_MS);
  const req = tx.objectStore(EDITS).index("at").openCursor(range);
  req.onsuccess = () => {
    const cursor = req.result;
    if (!cursor) return;
    cursor.delete();
    cursor.continue();
  };
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction aborted"));
  });
}

class IndexedDbPendingStore implements PendingStore {
  constructor(
    readonly copyId: string,
    readonly userId: string,
  ) {}

  async load(): Promise<StoredEdit[]> {
    const db = await database();
    const tx = db.transaction(EDITS, "readonly");
    const req = tx
      .objectStore(EDITS)
      .index("owner")
      .getAll(IDBKeyRange.only([this.copyId, this.userId]));
    await done(tx);
    const cutoff = Date.now() - MAX_AGE_MS;
    // Within one index key, records come in primary-key (insertion) order: oldest first.
    return (req.result as EditRecord[]).filter((r) => r.at >= cutoff).map((r) => ({ key: r.key!, update: new Uint8Array(r.update), at: r.at }));
  }

  async add(update: Uint8Array): Promise<number> {
    const db = await database();
    // "strict": committed to disk before the edit is sent, so that a crash right after keeps it.
    const tx = db.transaction(EDITS, "readwrite", { durability: "strict" });
    const record: EditRecord = { copyId: this.copyId, userId: this.userId, at: Date.now(), update };
    const req = tx.objectStore(EDITS).add(record);
    await done(tx);
    return req.result as number;
  }

  async remove(keys: number[]): Promise<void> {
    const db = await database();
    const tx = db.transaction(EDITS, "readwrite");
    const store = tx.objectStore(EDITS);
    for (const key of keys) store.delete(key);
    await done(tx);
  }
}

/** The store of one copy and one user, or undefined where IndexedDB does not exist. */
export function pendingStore(copyId: string, userId: string): PendingStore | undefined {
  return typeof indexedDB === "undefined" ? undefined : new IndexedDbPendingStore(copyId, userId);
}
