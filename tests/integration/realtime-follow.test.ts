// The live lists that are not dashboards (docs/protocol.md): `exam:follow` (a grader's home gets
// `copy:lock` and `copy:state` of an exam it grades, nothing about students, no statistics) and
// `intake:watch` (the office's upload page gets `batch:progress`). Who may, per role; garbage
// payloads; rate limit; each event reaches its room only, once, also with two nodes on one Redis.
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifyBatchProgress } from "../../server/intake/batch-progress.ts";
import { publishCopyState } from "../../server/render/copy-events.ts";
import { assignCopy, createCopy, createExamWithScale, type TestExam } from "../helpers/grading-factories.ts";
import { openSocket, userWithSession, waitFor, type SignedInUser } from "../helpers/grading-fixture.ts";
import { request } from "../helpers/grading-session.ts";
import { createTestDatabase, REDIS_URL, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let exam: TestExam;
let other: TestExam;
let copyId: string;
let admin: SignedInUser;
let supervisor: SignedInUser;
let grader: SignedInUser;
let rival: SignedInUser;
let unassigned: SignedInUser;
const UNKNOWN_EXAM = "6f1d3c55-2b0a-4c39-9d1e-8a51c0f4e2b7";
const sockets: Socket[] = [];

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  const secret = server.ctx.config.sessionSecret;
  [exam, other] = await Promise.all([createExamWithScale(tdb.db), createExamWithScale(tdb.db)]);
  [admin, supervisor, grader, rival, unassigned] = await Promise.all([
    userWithSession(tdb, secret, "ADMIN"),
    userWithSession(tdb, secret, "SUPERVISOR"),
    userWithSession(tdb, secret, "GRADER"),
    userWithSession(tdb, secret, "GRADER"),
    userWithSession(tdb, secret, "GRADER"),
  ]);
  const copy = await createCopy(tdb.db, exam.id);
  copyId = copy.id;
  await assignCopy(tdb.db, copy.id, grader.id);
  await assignCopy(tdb.db, copy.id, rival.id);
  await assignCopy(tdb.db, (await createCopy(tdb.db, other.id)).id, unassigned.id); // grades another exam only
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.close();
  await tdb?.drop();
});

async function socketOf(user: SignedInUser, url = server.url): Promise<Socket> {
  const s = await openSocket(url, user);
  sockets.push(s);
  return s;
}

/** Every message of these events the socket receives, in order. */
function record(s: Socket, ...events: string[]): Array<[string, any]> {
  const got: Array<[string, any]> = [];
  for (const e of events) s.on(e, (m: unknown) => got.push([e, m]));
  return got;
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("the connection was accepted");
}

const progress = (examId: string, processed: number, batchId = "3c1f0b9e-5d0e-4b8a-9a51-0000000000b1") =>
  notifyBatchProgress(tdb.db, { examId, batchId, processed, total: 12, status: processed < 12 ? "PROCESSING" : "DONE" });

describe("who may follow", () => {
  const ROLES = ["admin", "supervisor", "assigned grader", "unassigned grader"] as const;
  const user = (r: (typeof ROLES)[number]) => ({ admin, supervisor, "assigned grader": grader, "unassigned grader": unassigned })[r];
  const FOLLOW = { admin: true, supervisor: true, "assigned grader": true, "unassigned grader": false };
  const INTAKE = { admin: true, supervisor: false, "assigned grader": false, "unassigned grader": false };

  for (const role of ROLES) {
    it(`exam:follow and intake:watch as ${role}`, async () => {
      const s = await socketOf(user(role));
      const follow = await request(s, "exam:follow", { examId: exam.id });
      expect(follow).toEqual(FOLLOW[role] ? { ok: true } : expect.objectContaining({ ok: false, code: "FORBIDDEN", message: expect.any(String) }));
      const watch = await request(s, "intake:watch", { examId: exam.id });
      expect(watch).toEqual(INTAKE[role] ? { ok: true } : expect.objectContaining({ ok: false, code: "FORBIDDEN", message: expect.any(String) }));
      // leaving is always allowed (and harmless when not in the room)
      expect(await request(s, "exam:unfollow", { examId: exam.id })).toEqual({ ok: true });
      expect(await request(s, "intake:unwatch", { examId: exam.id })).toEqual({ ok: true });
    });
  }

  it("answers NOT_FOUND to staff for an unknown exam, FORBIDDEN to a grader (no existence leak)", async () => {
    const a = await socketOf(admin);
    expect(await request(a, "exam:follow", { examId: UNKNOWN_EXAM })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await request(a, "intake:watch", { examId: UNKNOWN_EXAM })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    const g = await socketOf(grader);
    expect(await request(g, "exam:follow", { examId: UNKNOWN_EXAM })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await request(g, "exam:follow", { examId: other.id })).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });

  it("never lets a student or an anonymous socket connect at all", async () => {
    const student = await userWithSession(tdb, server.ctx.config.sessionSecret, "STUDENT");
    expect(await refusal(openSocket(server.url, student))).toBe("FORBIDDEN");
    expect(await refusal(openSocket(server.url, null))).toBe("UNAUTHENTICATED");
  });

  it("answers garbage payloads with VALIDATION_FAILED and joins nothing", async () => {
    const s = await socketOf(admin);
    const got = record(s, "batch:progress", "copy:state");
    for (const event of ["exam:follow", "exam:unfollow", "intake:watch", "intake:unwatch"]) {
      for (const payload of ["garbage", null, 42, [], {}, { examId: "not-a-uuid" }, { examId: 7 }, { exam: exam.id }]) {
        expect(await request(s, event, payload), `${event} ${JSON.stringify(payload)}`).toMatchObject({
          ok: false,
          code: "VALIDATION_FAILED",
          message: expect.any(String),
        });
      }
    }
    // a socket that did follow, as the witness that the events were delivered
    const witness = await socketOf(admin);
    const seen = record(witness, "batch:progress", "copy:state");
    await request(witness, "exam:follow", { examId: exam.id });
    await request(witness, "intake:watch", { examId: exam.id });
    await progress(exam.id, 1);
    await publishCopyState(tdb.db, { examId: exam.id, copyId, state: "READY" });
    await waitFor(() => seen.length === 2, 10_000, "the witness's events");
    expect(got).toEqual([]);
  });

  it("is rate-limited like the other control events", async () => {
    const s = await socketOf(grader);
    const acks = await Promise.all(Array.from({ length: 70 }, () => request(s, "exam:follow", { examId: exam.id })));
    const limited = acks.filter((a) => a.code === "RATE_LIMITED");
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]).toMatchObject({ ok: false, retryAfterMs: expect.any(Number) });
  });
});

describe("what each room receives", () => {
  it("sends batch:progress to the exam's intake watchers only", async () => {
    const office = await socketOf(admin);
    const elsewhere = await socketOf(admin);
    const dashboard = await socketOf(supervisor);
    const home = await socketOf(grader);
    expect(await request(office, "intake:watch", { examId: exam.id })).toEqual({ ok: true });
    expect(await request(elsewhere, "intake:watch", { examId: other.id })).toEqual({ ok: true });
    expect(await request(dashboard, "exam:watch", { examId: exam.id })).toEqual({ ok: true });
    expect(await request(home, "exam:follow", { examId: exam.id })).toEqual({ ok: true });
    const [got, leakedElsewhere, leakedDashboard, leakedHome] = [office, elsewhere, dashboard, home].map((s) => record(s, "batch:progress"));

    await progress(exam.id, 4);
    await progress(exam.id, 12);
    await waitFor(() => got!.length === 2, 10_000, "batch:progress");
    expect(got!.map(([, m]) => m)).toEqual([
      { examId: exam.id, batchId: expect.any(String), processed: 4, total: 12, status: "PROCESSING" },
      { examId: exam.id, batchId: expect.any(String), processed: 12, total: 12, status: "DONE" },
    ]);
    expect([leakedElsewhere, leakedDashboard, leakedHome]).toEqual([[], [], []]);

    // after intake:unwatch, nothing more
    expect(await request(office, "intake:unwatch", { examId: exam.id })).toEqual({ ok: true });
    const witness = await socketOf(admin);
    const seen = record(witness, "batch:progress");
    await request(witness, "intake:watch", { examId: exam.id });
    await progress(exam.id, 5);
    await waitFor(() => seen.length === 1, 10_000, "the witness's batch:progress");
    expect(got).toHaveLength(2);
  });

  it("sends a grader's home the copy's state and lock changes, minimal, and no statistics", async () => {
    const home = await socketOf(grader);
    const outsider = await socketOf(unassigned);
    expect(await request(home, "exam:follow", { examId: exam.id })).toEqual({ ok: true });
    expect((await request(home, "exam:watch", { examId: exam.id })).code).toBe("FORBIDDEN");
    expect((await request(outsider, "exam:follow", { examId: exam.id })).code).toBe("FORBIDDEN");
    const got = record(home, "copy:lock", "copy:state", "exam:stats", "exam:progress", "batch:progress");
    const leaked = record(outsider, "copy:lock", "copy:state");

    // another grader takes the lock, then releases it
    const other = await socketOf(rival);
    expect((await request(other, "copy:join", { copyId })).ok).toBe(true);
    expect((await request(other, "copy:lock", { copyId })).ok).toBe(true);
    await waitFor(() => got.length === 1, 10_000, "copy:lock taken");
    expect(got[0]).toEqual([
      "copy:lock",
      {
        copyId,
        examId: exam.id,
        lock: {
          copyId,
          examId: exam.id,
          holder: { id: rival.id, displayName: expect.any(String) },
          acquiredAt: expect.any(String),
          expiresAt: expect.any(String),
        },
      },
    ]);
    expect((await request(other, "copy:unlock", { copyId })).ok).toBe(true);
    await waitFor(() => got.length === 2, 10_000, "copy:lock released");
    expect(got[1]).toEqual(["copy:lock", { copyId, examId: exam.id, lock: null }]);

    // the copy changes state (finalized, rendered, reopened): published with NOTIFY
    await publishCopyState(tdb.db, { examId: exam.id, copyId, state: "FINALIZING" });
    await publishCopyState(tdb.db, { examId: exam.id, copyId, state: "GRADED" });
    await publishCopyState(tdb.db, { examId: exam.id, copyId, state: "READY" });
    await waitFor(() => got.length === 5, 10_000, "copy:state");
    expect(got.slice(2)).toEqual([
      ["copy:state", { copyId, examId: exam.id, state: "FINALIZING" }],
      ["copy:state", { copyId, examId: exam.id, state: "GRADED" }],
      ["copy:state", { copyId, examId: exam.id, state: "READY" }],
    ]);
    expect(leaked).toEqual([]);
  });

  it("delivers a lock change once to a socket that both watches and follows the exam", async () => {
    const both = await socketOf(supervisor);
    await request(both, "exam:watch", { examId: exam.id });
    await request(both, "exam:follow", { examId: exam.id });
    const got = record(both, "copy:lock");
    const other = await socketOf(rival);
    await request(other, "copy:join", { copyId });
    await request(other, "copy:lock", { copyId });
    await request(other, "copy:unlock", { copyId });
    await waitFor(() => got.some(([, m]) => m.lock === null), 10_000, "the release");
    expect(got.map(([, m]) => (m.lock ? "taken" : "released"))).toEqual(["taken", "released"]);
  });
});

describe("two nodes on one Redis", () => {
  let nodeB: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    await server.close();
    server = await startTestServer({ databaseUrl: tdb.url, env: { REDIS_URL } });
    nodeB = await startTestServer({ databaseUrl: tdb.url, env: { REDIS_URL, SESSION_SECRET: server.ctx.config.sessionSecret } });
  });
  afterAll(async () => nodeB?.close());

  it("delivers each NOTIFY event once to each follower, whichever node it is connected to", async () => {
    const onA = await socketOf(admin, server.url);
    const onB = await socketOf(admin, nodeB.url);
    for (const s of [onA, onB]) {
      expect(await request(s, "intake:watch", { examId: exam.id })).toEqual({ ok: true });
      expect(await request(s, "exam:follow", { examId: exam.id })).toEqual({ ok: true });
    }
    const [gotA, gotB] = [onA, onB].map((s) => record(s, "batch:progress", "copy:state"));
    await progress(exam.id, 7);
    await publishCopyState(tdb.db, { examId: exam.id, copyId, state: "READY" });
    // a last event as the marker: what came before it has been delivered
    await progress(exam.id, 12);
    await waitFor(() => gotA!.some(([, m]) => m.processed === 12) && gotB!.some(([, m]) => m.processed === 12), 10_000, "the marker on both nodes");
    for (const got of [gotA!, gotB!])
      expect(got.map(([e, m]) => `${e} ${m.processed ?? m.state}`)).toEqual(["batch:progress 7", "copy:state READY", "batch:progress 12"]);
  });
});
