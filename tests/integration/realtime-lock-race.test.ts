// 50 graders race for one copy's lock: exactly one wins, every other one is told who holds it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { assignCopy, createCopy, createExamWithScale } from "../helpers/grading-factories.ts";
import { openSocket, userWithSession } from "../helpers/grading-fixture.ts";
import { request } from "../helpers/grading-session.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

const RACERS = 50;
let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
const sockets: Socket[] = [];

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.close();
  await tdb?.drop();
});

describe("lock race", () => {
  it("50 clients racing for one lock: exactly one winner", async () => {
    const exam = await createExamWithScale(tdb.db);
    const copy = await createCopy(tdb.db, exam.id);
    const graders = await Promise.all(
      Array.from({ length: RACERS }, async () => {
        const g = await userWithSession(tdb, server.ctx.config.sessionSecret, "GRADER");
        await assignCopy(tdb.db, copy.id, g.id);
        return g;
      }),
    );
    sockets.push(...(await Promise.all(graders.map((g) => openSocket(server.url, g)))));
    const joins = await Promise.all(sockets.map((s) => request(s, "copy:join", { copyId: copy.id })));
    expect(joins.every((j) => j.ok)).toBe(true);

    const acks = await Promise.all(sockets.map((s) => request(s, "copy:lock", { copyId: copy.id })));

    const winners = acks.filter((a) => a.ok);
    expect(winners).toHaveLength(1);
    const holderId = winners[0].lock.holder.id;
    const losers = acks.filter((a) => !a.ok);
    expect(losers).toHaveLength(RACERS - 1);
    for (const a of losers) {
      expect(a.code).toBe("LOCKED");
      expect(a.holder.id).toBe(holderId);
    }
    const rows = await tdb.db.copyLock.findMany({ where: { copyId: copy.id } });
    expect(rows.map((r) => r.holderId)).toEqual([holderId]);
  }, 60_000);
});
