// A join storm: many sockets joining at once share their state reads (server/grading/state-reader.ts),
// and none of them misses an update committed while the storm goes on, nor gets another copy's state.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAnnotations } from "../../collab/index.ts";
import type { CopySync } from "../helpers/grading-client.ts";
import { assignCopy, createCopy, createExamWithScale } from "../helpers/grading-factories.ts";
import { openCopy, storedDoc, tick, userWithSession, waitFor } from "../helpers/grading-fixture.ts";
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

const ids = (sync: CopySync) => new Set(readAnnotations(sync.doc).map((a) => a.id));

describe("join storm", () => {
  it("gives every watcher joining during a stream of edits the whole document, and each copy its own", async () => {
    const secret = server.ctx.config.sessionSecret;
    const exam = await createExamWithScale(tdb.db);
    const supervisor = await userWithSession(tdb, secret, "SUPERVISOR");
    const writers: CopySync[] = [];
    for (let i = 0; i < 3; i++) {
      const copy = await createCopy(tdb.db, exam.id);
      const grader = await userWithSession(tdb, secret, "GRADER");
      await assignCopy(tdb.db, copy.id, grader.id);
      const sync = await openCopy(server.url, grader, copy.id);
      expect((await sync.takeLock()).ok).toBe(true);
      for (let k = 0; k <= i; k++) tick(sync.doc); // copies of different sizes: a mixed-up state would show
      await sync.whenSaved();
      writers.push(sync);
    }

    // the writers keep editing while 30 watchers (8 per copy) join at once
    let editing = true;
    const edits = Promise.all(
      writers.map(async (w) => {
        while (editing) {
          tick(w.doc);
          await w.whenSaved();
        }
      }),
    );
    const watchers = await Promise.all(Array.from({ length: 24 }, (_, i) => openCopy(server.url, supervisor, writers[i % 3]!.copyId)));
    editing = false;
    await edits;

    for (const [i, w] of watchers.entries()) {
      const writer = writers[i % 3]!;
      const expected = new Set(readAnnotations(await storedDoc(tdb, writer.copyId)).map((a) => a.id));
      expect(ids(writer)).toEqual(expected);
      await waitFor(() => ids(w).size === expected.size, 15_000, `watcher ${i} converges`);
      expect(ids(w)).toEqual(expected);
    }
    for (const s of [...writers, ...watchers]) {
      s.socket?.close();
      s.destroy();
    }
  }, 180_000); // 27 sockets and a stream of commits on a loaded 2-core machine
});
