// Joining a copy returns the diff the client lacks; an update is acked with its seq only once
// committed, and reaches the other sockets in the room.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { readCopyDoc } from "../../collab/index.ts";
import { CopySync } from "../helpers/grading-client.ts";
import { assignCopy, createCopy, createExamWithScale, type TestExam } from "../helpers/grading-factories.ts";
import { openCopy, openSocket, signedInUser, tick, waitFor, type SignedInUser } from "../helpers/grading-fixture.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let exam: TestExam;
let grader: SignedInUser;
let supervisor: SignedInUser;

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  exam = await createExamWithScale(tdb.db);
  grader = await signedInUser(tdb, server.url, "GRADER");
  supervisor = await signedInUser(tdb, server.url, "SUPERVISOR");
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

describe("copy sync", () => {
  it("acks an update with its seq after commit, broadcasts it, and serves later joins from the database", async () => {
    const copy = await createCopy(tdb.db, exam.id);
    await assignCopy(tdb.db, copy.id, grader.id);
    const writer = await openCopy(server.url, grader, copy.id);
    const watcher = await openCopy(server.url, supervisor, copy.id);
    expect(watcher.readOnly).toBe(true);
    expect((await writer.takeLock()).ok).toBe(true);

    const id = tick(writer.doc);
    writer.doc.getMap("scores").set(exam.questions[0]!.id, 3.5);
    await writer.whenSaved();
    expect(writer.lastSeq).toBeGreaterThan(0);
    const rows = await tdb.db.copyDocUpdate.findMany({ where: { copyId: copy.id } });
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.map((r) => Number(r.seq))).toContain(writer.lastSeq);

    await waitFor(() => readCopyDoc(watcher.doc).annotations.length === 1, 5000, "broadcast");
    expect(readCopyDoc(watcher.doc).scores).toEqual({ [exam.questions[0]!.id]: 3.5 });

    const late = await openCopy(server.url, supervisor, copy.id);
    expect(readCopyDoc(late.doc).annotations.map((a) => a.id)).toEqual([id]);
    for (const s of [writer, watcher, late]) s.destroy();
  });

  it("a re-join with a state vector gets only what it lacks", async () => {
    const copy = await createCopy(tdb.db, exam.id);
    await assignCopy(tdb.db, copy.id, grader.id);
    const writer = await openCopy(server.url, grader, copy.id);
    await writer.takeLock();
    tick(writer.doc);
    await writer.whenSaved();
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(writer.doc));
    tick(writer.doc);
    await writer.whenSaved();
    let joinUpdate: Uint8Array | ArrayBuffer | undefined;
    const again = new CopySync({ copyId: copy.id, doc: offline });
    again.on("joined", (ack) => (joinUpdate = ack.update));
    again.attach(await openSocket(server.url, supervisor));
    await waitFor(() => joinUpdate !== undefined);
    expect(joinUpdate!.byteLength).toBeLessThan(Y.encodeStateAsUpdate(writer.doc).byteLength);
    expect(readCopyDoc(offline)).toEqual(readCopyDoc(writer.doc));
    writer.destroy();
    again.destroy();
  });
});
