// One test file's grading world: a database, a server (or several), and signed-in users.
import * as Y from "yjs";
import { addAnnotation, newAnnotationId, setScore } from "../../collab/index.ts";
import type { Role } from "../../server/db/client.ts";
import { createUser } from "./factories.ts";
import { CopySync } from "./grading-client.ts";
import { sessionCookie } from "./grading-factories.ts";
import { connectGrading, connected, signIn, type ConnectOptions } from "./grading-session.ts";
import type { TestDatabase } from "./test-db.ts";

export interface SignedInUser {
  id: string;
  username: string;
  password: string;
  cookie: string;
}

/** A user signed in over HTTP (the real sign-in). */
export async function signedInUser(tdb: TestDatabase, baseUrl: string, role: Role): Promise<SignedInUser> {
  const u = await createUser(tdb.db, role);
  return { id: u.id, username: u.username, password: u.password, cookie: await signIn(baseUrl, u) };
}

/** A user with a session written straight to the database (fast: for many users). */
export async function userWithSession(
  tdb: TestDatabase,
  sessionSecret: string,
  role: Role,
  over: Parameters<typeof createUser>[2] = {},
): Promise<SignedInUser> {
  const u = await createUser(tdb.db, role, over);
  return { id: u.id, username: u.username, password: u.password, cookie: await sessionCookie(tdb.db, u.id, sessionSecret) };
}

export async function openSocket(baseUrl: string, user: { cookie: string } | null, opts: ConnectOptions = {}) {
  return connected(connectGrading(baseUrl, { cookie: user?.cookie, ...opts }));
}

/** Whose doc is whose: the server holds an annotation's author to the sender (tick's default). */
const ownerOfDoc = new WeakMap<Y.Doc, string>();

/** A CopySync on a fresh connection, joined. */
export async function openCopy(baseUrl: string, user: { cookie: string; id?: string }, copyId: string, opts: ConnectOptions = {}): Promise<CopySync> {
  const socket = await openSocket(baseUrl, user, opts);
  const sync = new CopySync({ copyId });
  if (user.id) ownerOfDoc.set(sync.doc, user.id);
  const joined = new Promise<void>((resolve, reject) => {
    sync.on("joined", () => resolve());
    sync.on("refused", (ack) => reject(new Error(`${ack.code}: ${ack.message}`)));
  });
  sync.attach(socket);
  await joined;
  return sync;
}

/** A valid small annotation (a tick on page 0), by the doc's owner (openCopy) unless told. */
export function tick(doc: Y.Doc, author = ownerOfDoc.get(doc) ?? "test"): string {
  return addAnnotation(doc, {
    id: newAnnotationId(),
    page: 0,
    kind: "tick",
    box: { x: 0.1, y: 0.2, w: 0.05, h: 0.05 },
    color: "#d32f2f",
    width: 0.004,
    author,
    createdAt: Date.now(),
  });
}

export { setScore };

export function waitFor(cond: () => boolean, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tickFn = () => {
      if (cond()) return resolve();
      if (Date.now() - start > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tickFn, 20);
    };
    tickFn();
  });
}

/** The copy's document as PostgreSQL holds it (snapshot + rows after it). */
export async function storedDoc(tdb: TestDatabase, copyId: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const snap = await tdb.db.copyDocSnapshot.findUnique({ where: { copyId } });
  if (snap) Y.applyUpdate(doc, snap.data);
  const rows = await tdb.db.copyDocUpdate.findMany({ where: { copyId, seq: { gt: snap?.upToSeq ?? 0n } }, orderBy: { seq: "asc" } });
  for (const r of rows) Y.applyUpdate(doc, r.data);
  return doc;
}
