// The supervisors' end-of-day summary: opt-in, for those who supervise grading only; one per day;
// progress per exam being graded and the alerts (failed renders, copies stuck finalizing, graders
// with copies left who finished nothing today), by e-mail and in the app.
import { makeWorkerUtils, type WorkerUtils } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type RunningWorker } from "../../server/jobs/worker.ts";
import { createUser } from "../helpers/factories.ts";
import { TestClient } from "../helpers/http-client.ts";
import { smtpEnv, startSmtpSink, type SmtpSink } from "../helpers/smtp-sink.ts";
import { createScoredCopy, createSupervisedExam } from "../helpers/supervision-factories.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let sink: SmtpSink;
let server: Awaited<ReturnType<typeof startTestServer>>;
let worker: RunningWorker;
let utils: WorkerUtils;

beforeAll(async () => {
  tdb = await createTestDatabase();
  sink = await startSmtpSink();
  server = await startTestServer({ databaseUrl: tdb.url, env: smtpEnv(sink.port) });
  worker = await startWorker(server.ctx, { concurrency: 2, maintenanceCron: "0 0 1 1 *" });
  utils = await makeWorkerUtils({ pgPool: server.ctx.pool });
});
afterAll(async () => {
  await worker?.stop();
  await utils?.release();
  await server?.close();
  await sink?.close();
  await tdb?.drop();
});

async function signedIn(role: "SUPERVISOR" | "GRADER" | "ADMIN" | "STUDENT", email?: string) {
  const u = await createUser(tdb.db, role, { email: email ?? `${role.toLowerCase()}.${Math.random().toString(36).slice(2, 8)}@lycee-test.fr` });
  const c = new TestClient(server.url);
  await c.login(u.username, u.password);
  return { user: u, client: c };
}

const choose = (c: TestClient, email: Record<string, boolean>) => c.request("PUT", "/api/notices/preferences", { json: { email } });

// long flows on a loaded machine: a generous limit, never a timing assertion
describe("end-of-day summary", { timeout: 90_000 }, () => {
  it("is offered to those who supervise, opt-in, and refused to the others", async () => {
    const sup = await signedIn("SUPERVISOR");
    expect((await sup.client.get("/api/notices/preferences")).body).toEqual({ locale: "fr", email: { SUPERVISOR_SUMMARY: false }, mailEnabled: true });
    const grader = await signedIn("GRADER");
    expect((await grader.client.get("/api/notices/preferences")).body.email).toEqual({});
    const refused = await choose(grader.client, { SUPERVISOR_SUMMARY: true });
    expect(refused.status).toBe(403);
    const student = await signedIn("STUDENT");
    expect((await choose(student.client, { SUPERVISOR_SUMMARY: true })).status).toBe(403);
    expect((await choose(sup.client, { BOGUS: true })).status).toBe(400);
  });

  it("tells the supervisors who asked where grading stands and what needs attention, once a day", async () => {
    const asked = await signedIn("SUPERVISOR");
    const silent = await signedIn("SUPERVISOR");
    expect((await choose(asked.client, { SUPERVISOR_SUMMARY: true })).body.email).toEqual({ SUPERVISOR_SUMMARY: true });
    const grader = await createUser(tdb.db, "GRADER");

    const exam = await createSupervisedExam(tdb.db, { title: "Bac blanc de physique" });
    const media = server.ctx.config.mediaDir;
    for (let i = 0; i < 2; i++) {
      const ready = await createScoredCopy(tdb.db, media, exam.id, { state: "READY" });
      await tdb.db.assignment.create({ data: { copyId: ready.id, graderId: grader.id } });
    }
    await createScoredCopy(tdb.db, media, exam.id, { state: "GRADED" });
    await createScoredCopy(tdb.db, media, exam.id, { state: "RENDER_FAILED" });
    await createScoredCopy(tdb.db, media, exam.id, { state: "FINALIZING", finalizedAt: new Date(Date.now() - 30 * 60_000) });
    const done = await createSupervisedExam(tdb.db, { title: "Épreuve terminée" });
    await createScoredCopy(tdb.db, media, done.id, { state: "GRADED", released: true, finalizedAt: new Date(Date.now() - 3 * 86_400_000) });

    const at = new Date().toISOString();
    await utils.addJob("supervisor-summary", { at });
    const [mail] = await sink.waitFor(1);
    expect(mail!.envelopeTo).toEqual([asked.user.email]);
    expect(mail!.parsed.subject).toMatch(/^Korrigo : bilan de la correction du \w+ \d+ \w+/);
    const text = mail!.parsed.text!;
    expect(text).toMatch(/Bac blanc de physique\s+1\/5\s+\d+\s+2\s+0/);
    expect(text).not.toContain("Épreuve terminée");
    expect(text).toContain("Bac blanc de physique : 1 copie(s) en échec de rendu");
    expect(text).toContain("Bac blanc de physique : 1 copie(s) bloquée(s) en finalisation");
    expect(text).toContain("Bac blanc de physique : 1 correcteur(s) sans copie finalisée aujourd’hui");
    expect(text).toMatch(/Ne plus recevoir ce bilan : http:\/\/localhost:3000\/unsubscribe\?u=[0-9a-f-]{36}&k=SUPERVISOR_SUMMARY&t=/);
    expect(mail!.parsed.html).toContain("<caption");
    expect((await asked.client.get("/api/notices")).body.notices).toEqual([
      expect.objectContaining({
        kind: "SUPERVISOR_SUMMARY",
        params: expect.objectContaining({ exams: [expect.objectContaining({ title: "Bac blanc de physique", idleGraders: 1 })] }),
      }),
    ]);
    expect((await silent.client.get("/api/notices")).body.notices).toEqual([]);

    await utils.addJob("supervisor-summary", { at });
    await expect
      .poll(() => server.ctx.pool.query(`SELECT 1 FROM graphile_worker.jobs WHERE task_identifier = 'supervisor-summary'`).then((r) => r.rowCount), {
        timeout: 30_000,
      })
      .toBe(0);
    expect(await tdb.db.notice.count({ where: { kind: "SUPERVISOR_SUMMARY" } })).toBe(1);
  });
});
