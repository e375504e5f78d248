// A worker process killed (-9) in the middle of sending a notice's e-mail. The notice row is the
// outbox: another worker takes the job over once the dead one's jobs are reclaimed, and the
// recipient ends up with one message — either because the relay never took the first attempt, or,
// when it took it just before the crash, because the resend carries the same Message-ID (mail
// systems keep one message per Message-ID). A job run again after a success sends nothing.
import { spawn, type ChildProcess } from "node:child_process";
import { makeWorkerUtils, type WorkerUtils } from "graphile-worker";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { reclaimDeadWorkers } from "../../server/jobs/worker-heartbeat.ts";
import { startWorker, type RunningWorker } from "../../server/jobs/worker.ts";
import { sendNoticeEmail } from "../../server/notices/send-notice-email.ts";
import { createUser } from "../helpers/factories.ts";
import { TestClient } from "../helpers/http-client.ts";
import { smtpEnv, startSmtpSink, type DeliveredMail, type SmtpSink } from "../helpers/smtp-sink.ts";
import { createScoredCopy, createStudent, createSupervisedExam } from "../helpers/supervision-factories.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let sink: SmtpSink;
let server: Awaited<ReturnType<typeof startTestServer>>;
let utils: WorkerUtils;
let admin: TestClient;
let child: ChildProcess | null = null;
let inProcess: RunningWorker | null = null;

beforeAll(async () => {
  tdb = await createTestDatabase();
  sink = await startSmtpSink();
  server = await startTestServer({ databaseUrl: tdb.url, env: smtpEnv(sink.port) });
  utils = await makeWorkerUtils({ pgPool: server.ctx.pool });
  const a = await createUser(tdb.db, "ADMIN");
  admin = new TestClient(server.url);
  await admin.login(a.username, a.password);
});
afterEach(async () => {
  child?.kill("SIGKILL");
  child = null;
  await inProcess?.stop();
  inProcess = null;
  sink.onMessage = null;
});
afterAll(async () => {
  await utils?.release();
  await server?.close();
  await sink?.close();
  await tdb?.drop();
});

/** `npm run worker` as its own process, so that it can be killed like a crashed machine. */
function workerProcess(): ChildProcess {
  const p = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: {
      ...process.env,
      ...smtpEnv(sink.port),
      NODE_ENV: "test",
      ROLE: "worker",
      DATABASE_URL: tdb.url,
      PUBLIC_URL: "http://localhost:3000",
      SEED_DEMO: "false",
      LOG_LEVEL: "warn",
      DATA_DIR: server.dataDir,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return p;
}

async function releasedCopy() {
  const exam = await createSupervisedExam(tdb.db);
  const s = await createStudent(tdb.db, { lastName: "DURAND", firstName: "Lou", account: true });
  const copy = await createScoredCopy(tdb.db, server.ctx.config.mediaDir, exam.id, {
    studentId: s.student.id,
    scores: Object.fromEntries(exam.leaves.map((l) => [l.id, 2])),
  });
  expect((await admin.post(`/api/release/exams/${exam.id}/release`, {})).status).toBe(200);
  const notice = await tdb.db.notice.findFirstOrThrow({ where: { kind: "COPY_RELEASED", params: { path: ["copyId"], equals: copy.id } } });
  return { email: s.user!.email!, notice };
}

/** Stops at the end of DATA until `go` is called; resolves `arrived` with the message. */
function holdNextMessage() {
  let arrived!: (m: DeliveredMail) => void;
  let go!: (v: "accept" | "defer") => void;
  const arrival = new Promise<DeliveredMail>((r) => (arrived = r));
  const decision = new Promise<"accept" | "defer">((r) => (go = r));
  sink.onMessage = async (m) => {
    sink.onMessage = null;
    arrived(m);
    return decision;
  };
  return { arrival, go };
}

async function takeOverWithAnotherWorker(): Promise<void> {
  // what a live worker's maintenance does for a worker silent for 90 s, without waiting 90 s
  const ids = await reclaimDeadWorkers(tdb.db, utils, 0);
  expect(ids.some((id) => id.startsWith("pool-"))).toBe(true); // graphile-worker locks jobs with the pool's id
  inProcess = await startWorker(server.ctx, { concurrency: 1, maintenanceCron: "0 0 1 1 *" });
}

const deliveredTo = (email: string) => sink.delivered.filter((m) => m.envelopeTo.includes(email));

describe("a worker killed mid-send", () => {
  it("before the relay took the message: the next worker sends it, once", async () => {
    const { email, notice } = await releasedCopy();
    const held = holdNextMessage();
    child = workerProcess();
    const first = await held.arrival; // the dead-to-be worker is waiting for the relay's answer
    expect(first.envelopeTo).toEqual([email]);
    child.kill("SIGKILL");
    await new Promise((r) => child!.once("exit", r));
    held.go("defer"); // the connection is gone: the relay keeps nothing of it
    expect((await tdb.db.notice.findUniqueOrThrow({ where: { id: notice.id } })).emailStatus).toBe("SENDING");

    await takeOverWithAnotherWorker();
    await sink.waitFor(1, 60_000);
    await expect.poll(async () => (await tdb.db.notice.findUniqueOrThrow({ where: { id: notice.id } })).emailStatus, { timeout: 30_000 }).toBe("SENT");
    expect(deliveredTo(email)).toHaveLength(1);
    expect((await tdb.db.notice.findUniqueOrThrow({ where: { id: notice.id } })).emailAttempts).toBe(2);
  }, 180_000);

  it("after the relay took it but before the worker wrote it down: the resend is the same message (same Message-ID)", async () => {
    const { email, notice } = await releasedCopy();
    const before = deliveredTo(email).length;
    const held = holdNextMessage();
    child = workerProcess();
    await held.arrival;
    child.kill("SIGKILL"); // dies while the relay is answering 250
    await new Promise((r) => child!.once("exit", r));
    held.go("accept");
    await takeOverWithAnotherWorker();
    await expect.poll(async () => (await tdb.db.notice.findUniqueOrThrow({ where: { id: notice.id } })).emailStatus, { timeout: 60_000 }).toBe("SENT");
    const copies = deliveredTo(email).slice(before);
    expect(copies).toHaveLength(2);
    expect(new Set(copies.map((m) => m.parsed.messageId)).size).toBe(1);
    expect(copies[0]!.parsed.messageId).toBe(`<notice-${notice.id}@localhost>`);
  }, 180_000);

  it("a job run again after a success sends nothing", async () => {
    const { email, notice } = await releasedCopy();
    inProcess = await startWorker(server.ctx, { concurrency: 1, maintenanceCron: "0 0 1 1 *" });
    await expect.poll(async () => (await tdb.db.notice.findUniqueOrThrow({ where: { id: notice.id } })).emailStatus, { timeout: 30_000 }).toBe("SENT");
    const sent = deliveredTo(email).length;
    await sendNoticeEmail(server.ctx, notice.id, { log: pino({ level: "silent" }), lastAttempt: false });
    await utils.addJob("send-notice-email", { noticeId: notice.id });
    await new Promise((r) => setTimeout(r, 1500));
    expect(deliveredTo(email)).toHaveLength(sent);
    expect((await tdb.db.notice.findUniqueOrThrow({ where: { id: notice.id } })).emailAttempts).toBe(1);
  }, 60_000);
});
