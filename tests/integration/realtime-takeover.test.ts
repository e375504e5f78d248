// A supervisor takes over a copy's lock: audited, broadcast to the copy's room and to the exam's
// dashboards, and the former holder can no longer write.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { assignCopy, createCopy, createExamWithScale } from "../helpers/grading-factories.ts";
import { openCopy, openSocket, tick, userWithSession, waitFor } from "../helpers/grading-fixture.ts";
import { request } from "../helpers/grading-session.ts";
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

describe("takeover", () => {
  it("moves the lock to the supervisor, audits it, tells the room and the dashboards; a grader cannot take over", async () => {
    const secret = server.ctx.config.sessionSecret;
    const exam = await createExamWithScale(tdb.db);
    const copy = await createCopy(tdb.db, exam.id);
    const grader = await userWithSession(tdb, secret, "GRADER");
    const other = await userWithSession(tdb, secret, "GRADER");
    const supervisor = await userWithSession(tdb, secret, "SUPERVISOR");
    await assignCopy(tdb.db, copy.id, grader.id);
    await assignCopy(tdb.db, copy.id, other.id);

    const writer = await openCopy(server.url, grader, copy.id);
    expect((await writer.takeLock()).ok).toBe(true);
    const dashboard: Socket = await openSocket(server.url, supervisor);
    expect(await request(dashboard, "exam:watch", { examId: exam.id })).toEqual({ ok: true });
    const onDashboard: unknown[] = [];
    dashboard.on("copy:lock", (m) => onDashboard.push(m));

    const rival = await openSocket(server.url, other);
    await request(rival, "copy:join", { copyId: copy.id });
    expect(await request(rival, "copy:takeover", { copyId: copy.id })).toMatchObject({ ok: false, code: "FORBIDDEN" });

    const boss = await openSocket(server.url, supervisor);
    await request(boss, "copy:join", { copyId: copy.id });
    const ack = await request(boss, "copy:takeover", { copyId: copy.id });
    expect(ack).toMatchObject({ ok: true, lock: { holder: { id: supervisor.id } }, previous: { holder: { id: grader.id } } });

    await waitFor(() => writer.lock?.holder.id === supervisor.id, 5000, "copy:lock in the copy room");
    await waitFor(() => onDashboard.length > 0, 5000, "copy:lock on the dashboard");
    expect(onDashboard.at(-1)).toMatchObject({ copyId: copy.id, examId: exam.id, lock: { holder: { id: supervisor.id } } });

    const held = new Promise<string>((resolve) => writer.on("held", (refusal) => resolve(refusal.code)));
    tick(writer.doc);
    expect(await held).toBe("NOT_LOCK_HOLDER");
    expect(writer.pendingCount).toBe(1); // refused NOT_LOCK_HOLDER: kept until the grader holds the lock again
    expect(await tdb.db.copyDocUpdate.count({ where: { copyId: copy.id } })).toBe(0);

    const audit = await tdb.db.auditEvent.findMany({ where: { action: "copy.lock.takeover", targetId: copy.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: supervisor.id, details: { previousHolderId: grader.id } });
    for (const s of [dashboard, rival, boss]) s.disconnect();
    writer.destroy();
  });
});
