// Notices by e-mail, end to end: the admin releases an exam, the worker sends each student one
// e-mail (French or English, text and HTML, unsubscribe) that a real SMTP server in the test
// receives; the same notice is listed in the app. Names cannot inject headers; a relay that is down
// delays mail without losing it or touching the app; a relay's permanent refusal is not retried.
import { makeWorkerUtils, type WorkerUtils } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type RunningWorker } from "../../server/jobs/worker.ts";
import { enqueueRegradeAnswered } from "../../server/notices/regrade-notices.ts";
import { createUser } from "../helpers/factories.ts";
import { TestClient } from "../helpers/http-client.ts";
import { smtpEnv, startSmtpSink, type DeliveredMail, type SmtpSink } from "../helpers/smtp-sink.ts";
import { createScoredCopy, createStudent, createSupervisedExam, type SupervisedExam } from "../helpers/supervision-factories.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let sink: SmtpSink;
let server: Awaited<ReturnType<typeof startTestServer>>;
let worker: RunningWorker;
let utils: WorkerUtils;
let admin: TestClient;

beforeAll(async () => {
  tdb = await createTestDatabase();
  sink = await startSmtpSink();
  server = await startTestServer({ databaseUrl: tdb.url, env: smtpEnv(sink.port) });
  worker = await startWorker(server.ctx, { concurrency: 2, maintenanceCron: "0 0 1 1 *" });
  utils = await makeWorkerUtils({ pgPool: server.ctx.pool });
  const a = await createUser(tdb.db, "ADMIN");
  admin = new TestClient(server.url);
  await admin.login(a.username, a.password);
});
afterAll(async () => {
  await worker?.stop();
  await utils?.release();
  await server?.close();
  await sink?.close();
  await tdb?.drop();
});

async function gradedCopyOf(exam: SupervisedExam, student: { lastName: string; firstName: string; locale?: string; displayName?: string }) {
  const s = await createStudent(tdb.db, { lastName: student.lastName, firstName: student.firstName, account: true });
  await tdb.db.user.update({
    where: { id: s.user!.id },
    data: { locale: student.locale ?? "fr", displayName: student.displayName ?? `${student.firstName} ${student.lastName}` },
  });
  const copy = await createScoredCopy(tdb.db, server.ctx.config.mediaDir, exam.id, {
    studentId: s.student.id,
    scores: Object.fromEntries(exam.leaves.map((l) => [l.id, 1])),
  });
  return {
    copy,
    user: s.user!,
    client: async () => {
      const c = new TestClient(server.url);
      await c.login(s.user!.username, s.user!.password);
      return c;
    },
  };
}

const release = (examId: string, copyIds?: string[]) => admin.post(`/api/release/exams/${examId}/release`, copyIds ? { copyIds } : {});
const unrelease = (examId: string, copyIds?: string[]) => admin.post(`/api/release/exams/${examId}/unrelease`, copyIds ? { copyIds } : {});

async function mailTo(address: string, after = 0): Promise<DeliveredMail> {
  const until = Date.now() + 30_000;
  for (;;) {
    const found = sink.delivered.slice(after).find((m) => m.envelopeTo.includes(address));
    if (found) return found;
    if (Date.now() > until) throw new Error(`no e-mail to ${address}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** List-Unsubscribe and List-Unsubscribe-Post, as mailparser groups them */
const listHeaders = (mail: DeliveredMail) => mail.parsed.headers.get("list") as { unsubscribe: { url: string }; "unsubscribe-post": { name: string } };

const emailState = (copyId: string) =>
  tdb.db.notice.findMany({
    where: { kind: "COPY_RELEASED", params: { path: ["copyId"], equals: copyId } },
    orderBy: { createdAt: "asc" },
    select: { id: true, emailStatus: true, emailError: true, emailAttempts: true, params: true },
  });

// long flows on a loaded machine: a generous limit, never a timing assertion
describe("copy released", { timeout: 90_000 }, () => {
  it("each student gets one e-mail in their language, text and HTML, with an unsubscribe link, and the notice in the app", async () => {
    const exam = await createSupervisedExam(tdb.db, { title: "Bac blanc de mathématiques" });
    const fr = await gradedCopyOf(exam, { lastName: "PETIT", firstName: "Léa" });
    const en = await gradedCopyOf(exam, { lastName: "SMITH", firstName: "Amy", locale: "en" });
    const before = sink.delivered.length;
    expect((await release(exam.id)).status).toBe(200);

    const mailFr = await mailTo(fr.user.email!, before);
    expect(mailFr.parsed.subject).toBe("Votre copie « Bac blanc de mathématiques » est disponible");
    expect(mailFr.parsed.text).toContain("Bonjour Léa PETIT,");
    expect(mailFr.parsed.text).toContain(`http://localhost:3000/portal/copies/${fr.copy.id}`);
    expect(mailFr.parsed.html).toContain(`href="http://localhost:3000/portal/copies/${fr.copy.id}"`);
    expect(mailFr.parsed.html).toContain('<html lang="fr">');
    expect(mailFr.parsed.from?.text).toBe('"Korrigo" <korrigo@lycee-test.fr>');
    expect(listHeaders(mailFr)).toEqual({
      unsubscribe: { url: expect.stringMatching(/^http:\/\/localhost:3000\/api\/notices\/unsubscribe\?u=[0-9a-f-]{36}&k=COPY_RELEASED&t=[\w-]{43}$/) },
      "unsubscribe-post": { name: "List-Unsubscribe=One-Click" },
    });
    expect(mailFr.parsed.text).toMatch(/Ne plus recevoir ces courriels : http:\/\/localhost:3000\/unsubscribe\?u=/);

    const mailEn = await mailTo(en.user.email!, before);
    expect(mailEn.parsed.subject).toBe("Your copy of “Bac blanc de mathématiques” is available");
    expect(mailEn.parsed.text).toContain("Hello Amy SMITH,");
    expect(sink.delivered.slice(before).filter((m) => m.envelopeTo.includes(fr.user.email!))).toHaveLength(1);

    const student = await fr.client();
    const list = await student.get("/api/notices");
    expect(list.body.unread).toBe(1);
    expect(list.body.notices).toEqual([
      expect.objectContaining({
        kind: "COPY_RELEASED",
        readAt: null,
        emailStatus: "SENT",
        params: expect.objectContaining({ copyId: fr.copy.id, examTitle: "Bac blanc de mathématiques", newVersion: false }),
      }),
    ]);
    expect((await student.post(`/api/notices/${list.body.notices[0].id}/read`)).status).toBe(204);
    expect((await student.get("/api/notices/unread")).body.unread).toBe(0);
  });

  it("releasing the same version again tells nobody twice; a new version is announced as such", async () => {
    const exam = await createSupervisedExam(tdb.db);
    const s = await gradedCopyOf(exam, { lastName: "MOREL", firstName: "Inès" });
    await release(exam.id);
    await expect.poll(async () => (await emailState(s.copy.id)).map((n) => n.emailStatus), { timeout: 30_000 }).toEqual(["SENT"]);
    await unrelease(exam.id);
    await release(exam.id);
    expect(await emailState(s.copy.id)).toHaveLength(1);
    // reopened, graded again and rendered: a new frozen content
    await unrelease(exam.id);
    await tdb.db.copy.update({ where: { id: s.copy.id }, data: { docHash: "f".repeat(64) } });
    await tdb.db.renderedArtifact.updateMany({ where: { copyId: s.copy.id }, data: { docHash: "f".repeat(64) } }); // its PDF
    const before = sink.delivered.length;
    await release(exam.id);
    const mail = await mailTo(s.user.email!, before);
    expect(mail.parsed.subject).toBe(`Nouvelle version de votre copie « ${exam.title} »`);
    expect((await emailState(s.copy.id)).map((n) => (n.params as { newVersion: boolean }).newVersion)).toEqual([false, true]);
  });

  it("a student who unsubscribed (one click from the mail provider) still sees the notice in the app, with no e-mail", async () => {
    const exam = await createSupervisedExam(tdb.db);
    const s = await gradedCopyOf(exam, { lastName: "ROUX", firstName: "Nina" });
    const first = await createScoredCopy(tdb.db, server.ctx.config.mediaDir, (await createSupervisedExam(tdb.db)).id, {
      studentId: (await tdb.db.student.findFirstOrThrow({ where: { userId: s.user.id } })).id,
    });
    const before = sink.delivered.length;
    await release(first.examId);
    const mail = await mailTo(s.user.email!, before);
    const oneClick = listHeaders(mail).unsubscribe.url;
    // RFC 8058: a form POST with no cookie and no Origin
    const r = await fetch(oneClick.replace("http://localhost:3000", server.url), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(r.status).toBe(200);
    const pref = await tdb.db.noticePreference.findUniqueOrThrow({ where: { userId_kind: { userId: s.user.id, kind: "COPY_RELEASED" } } });
    expect(pref.email).toBe(false);
    expect(await tdb.db.auditEvent.count({ where: { action: "notice.unsubscribed", targetId: s.user.id } })).toBe(1);

    await release(exam.id);
    await expect.poll(async () => (await emailState(s.copy.id))[0]?.emailStatus, { timeout: 30_000 }).toBe("SKIPPED");
    expect((await emailState(s.copy.id))[0]!.emailError).toBe("the user turned these e-mails off");
    const student = await s.client();
    expect((await student.get("/api/notices")).body.notices.map((n: { params: { copyId: string } }) => n.params.copyId)).toContain(s.copy.id);
    expect((await student.get("/api/notices/preferences")).body).toEqual({ locale: "fr", email: { COPY_RELEASED: false }, mailEnabled: true });
    expect((await student.request("PUT", "/api/notices/preferences", { json: { email: { COPY_RELEASED: true } } })).body.email).toEqual({
      COPY_RELEASED: true,
    });

    const forged = await fetch(oneClick.replace("http://localhost:3000", server.url).replace(/t=[^&]+/, "t=" + "x".repeat(43)), { method: "POST" });
    expect(forged.status).toBe(400);
    expect((await forged.json()).code).toBe("LINK_INVALID");
  });

  it("names cannot inject headers: an exam title and a display name with line breaks reach one recipient, on one line", async () => {
    const exam = await createSupervisedExam(tdb.db, { title: "Maths\r\nBcc: victim@evil.example\r\n\r\n<script>alert(1)</script>" });
    const s = await gradedCopyOf(exam, { lastName: "X", firstName: "Eve", displayName: "Eve\r\nBcc: spy@evil.example\nX-Injected: yes" });
    const before = sink.delivered.length;
    await release(exam.id);
    const mail = await mailTo(s.user.email!, before);
    expect(mail.envelopeTo).toEqual([s.user.email!]);
    const head = mail.raw.slice(0, mail.raw.indexOf("\r\n\r\n"));
    expect(head).not.toMatch(/^(Bcc|X-Injected):/im);
    expect(mail.parsed.bcc).toBeUndefined();
    expect(mail.parsed.headers.has("x-injected")).toBe(false);
    expect(mail.parsed.subject).toBe("Votre copie « Maths Bcc: victim@evil.example <script>alert(1)</script> » est disponible");
    expect([mail.parsed.to].flat()[0]?.text).toBe(`"Eve Bcc: spy@evil.example X-Injected: yes" <${s.user.email}>`);
    expect(mail.parsed.html).not.toContain("<script>");
    expect(mail.parsed.html).toContain("&lt;script&gt;");
    expect(
      sink.delivered
        .slice(before)
        .flatMap((m) => m.envelopeTo)
        .filter((a) => a.includes("evil.example")),
    ).toEqual([]);
  });
});

describe("the mail relay", { timeout: 90_000 }, () => {
  it("down: the release answers at once, the e-mail waits in the queue, retried until the relay is back; nothing lost", async () => {
    const exam = await createSupervisedExam(tdb.db);
    const s = await gradedCopyOf(exam, { lastName: "BLANC", firstName: "Paul" });
    await sink.stop();
    try {
      const r = await release(exam.id);
      expect(r.status).toBe(200);
      expect(r.body.changed).toEqual([s.copy.id]);
      await expect
        .poll(async () => (await emailState(s.copy.id))[0], { timeout: 30_000 })
        .toMatchObject({ emailStatus: "QUEUED", emailAttempts: 1, emailError: expect.stringMatching(/ECONNREFUSED|connect/i) });
      const [job] = (
        await server.ctx.pool.query<{ id: string; attempts: number; last_error: string; run_at: Date }>(
          `SELECT id, attempts, last_error, run_at FROM graphile_worker.jobs WHERE task_identifier = 'send-notice-email' AND key = $1`,
          [`notice-email:${(await emailState(s.copy.id))[0]!.id}`],
        )
      ).rows;
      expect(job).toMatchObject({ attempts: 1, last_error: expect.any(String) });
      expect(job!.run_at.getTime()).toBeGreaterThan(Date.now()); // backed off, not dropped
      expect((await (await s.client()).get("/api/notices/unread")).body.unread).toBe(1); // the app is unaffected
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(Number(/^korrigo_notice_emails_waiting (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1); // what an operator's alert watches
    } finally {
      await sink.start();
    }
    const before = sink.delivered.length;
    const queued = await server.ctx.pool.query<{ id: string }>(`SELECT id FROM graphile_worker.jobs WHERE task_identifier = 'send-notice-email'`);
    await utils.rescheduleJobs(
      queued.rows.map((j) => j.id),
      { runAt: new Date() },
    ); // instead of waiting for the backoff
    const mail = await mailTo(s.user.email!, before);
    expect(mail.parsed.subject).toContain("est disponible");
    await expect
      .poll(async () => (await emailState(s.copy.id))[0], { timeout: 30_000 })
      .toMatchObject({ emailStatus: "SENT", emailAttempts: 2, emailError: null });
  });

  it("a permanent refusal (5xx) is recorded as failed and not retried", async () => {
    const exam = await createSupervisedExam(tdb.db);
    const s = await gradedCopyOf(exam, { lastName: "NOIR", firstName: "Zoé" });
    sink.onMessage = async (m) => (m.envelopeTo.includes(s.user.email!) ? "reject" : "accept");
    try {
      await release(exam.id);
      await expect
        .poll(async () => (await emailState(s.copy.id))[0], { timeout: 30_000 })
        .toMatchObject({ emailStatus: "FAILED", emailAttempts: 1, emailError: expect.stringContaining("550") });
    } finally {
      sink.onMessage = null;
    }
    const id = (await emailState(s.copy.id))[0]!.id;
    const left = await server.ctx.pool.query(`SELECT 1 FROM graphile_worker.jobs WHERE key = $1`, [`notice-email:${id}`]);
    expect(left.rowCount).toBe(0);
  });
});

describe("regrade request answered", { timeout: 90_000 }, () => {
  it("the feature's enqueue call sends one e-mail per answer, in the student's language", async () => {
    const exam = await createSupervisedExam(tdb.db, { title: "Philosophie" });
    const s = await gradedCopyOf(exam, { lastName: "LEROY", firstName: "Tom", locale: "en" });
    const answer = { userId: s.user.id, requestId: "req-1", copyId: s.copy.id, examId: exam.id, examTitle: exam.title, marksChanged: true };
    const before = sink.delivered.length;
    const ids = await tdb.db.$transaction(async (tx) => [await enqueueRegradeAnswered(tx, answer), await enqueueRegradeAnswered(tx, answer)]);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).toBeNull();
    const mail = await mailTo(s.user.email!, before);
    expect(mail.parsed.subject).toBe("Your regrade request was answered: “Philosophie”");
    expect(mail.parsed.text).toContain("your marks were changed");
    expect(mail.parsed.headers.has("list")).toBe(false); // an answer to the user's own request: no unsubscribe
  });
});

describe("without a mail relay", { timeout: 90_000 }, () => {
  it("notices are only shown in the app, and the e-mail is marked as not sent, with the reason", async () => {
    const plain = await startTestServer({ databaseUrl: tdb.url });
    const plainWorker = await startWorker(plain.ctx, { concurrency: 1, maintenanceCron: "0 0 1 1 *" });
    await worker.stop(); // only the relay-less worker runs here
    try {
      const exam = await createSupervisedExam(tdb.db);
      const s = await gradedCopyOf(exam, { lastName: "VIDAL", firstName: "Jules" });
      const before = sink.delivered.length;
      await release(exam.id);
      await expect
        .poll(async () => (await emailState(s.copy.id))[0], { timeout: 30_000 })
        .toMatchObject({ emailStatus: "SKIPPED", emailError: expect.stringContaining("SMTP_HOST unset") });
      expect(sink.delivered.length).toBe(before);
      const c = new TestClient(plain.url);
      await c.login(s.user.username, s.user.password);
      const list = await c.get("/api/notices");
      expect(list.body).toMatchObject({ unread: 1, mailEnabled: false });
    } finally {
      await plainWorker.stop();
      await plain.close();
      worker = await startWorker(server.ctx, { concurrency: 2, maintenanceCron: "0 0 1 1 *" });
    }
  });
});
