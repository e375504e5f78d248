// Broadcasts are at-most-once (Redis pub/sub): a client that missed one notices when the next
// update cannot be integrated, and re-joins by state vector to get what it lacks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCopyDoc } from "../../collab/index.ts";
import { assignCopy, createCopy, createExamWithScale } from "../helpers/grading-factories.ts";
import { openCopy, userWithSession, waitFor } from "../helpers/grading-fixture.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

describe("lost broadcast", () => {
  it("a watcher that missed an update resyncs by itself when the next one depends on it", async () => {
    const secret = server.ctx.config.sessionSecret;
    const exam = await createExamWithScale(tdb.db);
    const copy = await createCopy(tdb.db, exam.id);
    const grader = await userWithSession(tdb, secret, "GRADER");
    const supervisor = await userWithSession(tdb, secret, "SUPERVISOR");
    await assignCopy(tdb.db, copy.id, grader.id);
    const writer = await openCopy(server.url, grader, copy.id);
    await writer.takeLock();
    const watcher = await openCopy(server.url, supervisor, copy.id);

    // the watcher's socket drops the next broadcast on the floor
    const socket = watcher.socket!;
    const [deliver] = socket.listeners("copy:update");
    socket.off("copy:update", deliver!);
    let dropped = 0;
    const drop = () => dropped++;
    socket.on("copy:update", drop);
    writer.doc.getText("general").insert(0, "Bon travail");
    await writer.whenSaved();
    await waitFor(() => dropped === 1, 5000, "the dropped broadcast");
    socket.off("copy:update", drop);
    socket.on("copy:update", deliver!);

    writer.doc.getText("general").insert(11, ", mais justifiez.");
    await writer.whenSaved();
    await waitFor(() => readCopyDoc(watcher.doc).general === "Bon travail, mais justifiez.", 5000, "resync");
    expect(readCopyDoc(watcher.doc)).toEqual(readCopyDoc(writer.doc));
    writer.destroy();
    watcher.destroy();
  });
});
