// Forgotten password by e-mail, end to end: a real SMTP server in the test receives the link sent
// by the worker; the link works once, for a short while; the answer is the same for any address;
// requests are limited per address and per IP; using the link signs every device out, sockets too.
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type RunningWorker } from "../../server/jobs/worker.ts";
import { createUser } from "../helpers/factories.ts";
import { openSocket } from "../helpers/grading-fixture.ts";
import { TestClient } from "../helpers/http-client.ts";
import { smtpEnv, startSmtpSink, type DeliveredMail, type SmtpSink } from "../helpers/smtp-sink.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let sink: SmtpSink;
let server: Awaited<ReturnType<typeof startTestServer>>;
let shortIdle: Awaited<ReturnType<typeof startTestServer>>;
let worker: RunningWorker;
let ipSeq = 0;
const freshIp = () => `203.0.113.${++ipSeq}`;

beforeAll(async () => {
  tdb = await createTestDatabase();
  sink = await startSmtpSink();
  const env = { ...smtpEnv(sink.port), TRUST_PROXY: "1", PASSWORD_RESET_PER_ADDRESS_PER_HOUR: "2", PASSWORD_RESET_PER_IP_PER_HOUR: "4" };
  server = await startTestServer({ databaseUrl: tdb.url, env });
  // a second node whose socket sweep runs every 1.5 s: it proves the sockets of revoked sessions close
  shortIdle = await startTestServer({ databaseUrl: tdb.url, env: { ...env, SESSION_IDLE_TIMEOUT_MIN: "0.1" } });
  worker = await startWorker(server.ctx, { concurrency: 2, maintenanceCron: "0 0 1 1 *" });
});
afterAll(async () => {
  await worker?.stop();
  await Promise.all([server?.close(), shortIdle?.close()]);
  await sink?.close();
  await tdb?.drop();
});

const request = (email: string, ip = freshIp(), client = new TestClient(server.url)) =>
  client.post("/api/auth/password-reset/request", { email }, { headers: { "x-forwarded-for": ip } });

async function mailTo(address: string, after = 0): Promise<DeliveredMail> {
  const until = Date.now() + 30_000;
  for (;;) {
    const found = sink.delivered.slice(after).find((m) => m.envelopeTo.includes(address));
    if (found) return found;
    if (Date.now() > until) throw new Error(`no e-mail to ${address}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const tokenOf = (mail: DeliveredMail) => /\/password\/reset#token=([\w.-]+)/.exec(mail.parsed.text ?? "")![1]!;

// long flows on a loaded machine: a generous limit, never a timing assertion
describe("forgotten password", { timeout: 90_000 }, () => {
  it("sends a link in the user's language (text and HTML); the link works once and only with a good password", async () => {
    const u = await createUser(tdb.db, "GRADER", { email: `oubli.${process.pid}@lycee-test.fr` });
    const r = await request(u.email!);
    expect(r.status).toBe(202);
    const mail = await mailTo(u.email!);
    expect(mail.parsed.subject).toBe("Korrigo : mot de passe oublié");
    expect(mail.parsed.html).toContain("Choisir un nouveau mot de passe");
    expect(mail.parsed.text).toContain("valable 30 minutes");
    const token = tokenOf(mail);
    expect(mail.parsed.html).toContain(`/password/reset#token=${token}`);
    expect(mail.parsed.messageId).toMatch(/^<notice-[0-9a-f-]{36}@localhost>$/);

    const c = new TestClient(server.url);
    expect((await c.post("/api/auth/password-reset/check", { token })).status).toBe(200);
    const weak = await c.post("/api/auth/password-reset", { token, newPassword: "azertyuiop12" });
    expect(weak.status).toBe(400);
    expect(weak.body.code).toBe("WEAK_PASSWORD");
    const done = await c.post("/api/auth/password-reset", { token, newPassword: "Un-tout-nouveau-secret-42" });
    expect(done.status).toBe(200);
    expect((await new TestClient(server.url).login(u.username, u.password)).status).toBe(401);
    expect((await new TestClient(server.url).login(u.username, "Un-tout-nouveau-secret-42")).status).toBe(200);

    const again = await c.post("/api/auth/password-reset", { token, newPassword: "Encore-un-autre-secret-43" });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe("LINK_INVALID");
    const actions = (await tdb.db.auditEvent.findMany({ where: { action: { startsWith: "auth.password_reset" } }, orderBy: { id: "asc" } })).map(
      (a) => a.action,
    );
    expect(actions).toEqual(expect.arrayContaining(["auth.password_reset.requested", "auth.password_reset.completed", "auth.password_reset.refused"]));
  });

  it("answers an unknown address exactly like a known one, and sends nothing", async () => {
    const known = await createUser(tdb.db, "STUDENT");
    const a = await request(known.email!);
    const b = await request(`personne.${process.pid}@nulle-part.example`);
    expect([b.status, b.body]).toEqual([a.status, a.body]);
    await mailTo(known.email!);
    await expect
      .poll(() => tdb.db.auditEvent.count({ where: { action: "auth.password_reset.requested", actorName: `personne.${process.pid}@nulle-part.example` } }), {
        timeout: 10_000,
      })
      .toBe(1);
    expect(sink.delivered.some((m) => m.envelopeTo.includes(`personne.${process.pid}@nulle-part.example`))).toBe(false);
    expect(await tdb.db.notice.count({ where: { kind: "PASSWORD_RESET", user: { email: `personne.${process.pid}@nulle-part.example` } } })).toBe(0);
  });

  it("an account without a password is told to use the school sign-in, with no link", async () => {
    const u = await createUser(tdb.db, "STUDENT");
    await tdb.db.user.update({ where: { id: u.id }, data: { passwordHash: null, ssoOnly: true, locale: "en" } });
    await request(u.email!);
    const mail = await mailTo(u.email!);
    expect(mail.parsed.subject).toBe("Korrigo: forgotten password");
    expect(mail.parsed.text).toContain("Your account has no password");
    expect(mail.parsed.text).not.toContain("#token=");
  });

  it("limits requests per address (whatever the IP) and per IP (whatever the address)", async () => {
    const u = await createUser(tdb.db, "STUDENT");
    expect((await request(u.email!)).status).toBe(202);
    expect((await request(u.email!)).status).toBe(202);
    const third = await request(u.email!);
    expect(third.status).toBe(429);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
    const ip = freshIp();
    for (let i = 0; i < 4; i++) expect((await request(`someone-${i}.${process.pid}@nulle-part.example`, ip)).status).toBe(202);
    expect((await request(`someone-5.${process.pid}@nulle-part.example`, ip)).status).toBe(429);
  });

  it("refuses forged, expired and malformed links and changes nothing", async () => {
    const u = await createUser(tdb.db, "STUDENT");
    const before = sink.delivered.length;
    await request(u.email!);
    const token = tokenOf(await mailTo(u.email!, before));
    const [id] = token.split(".");
    const c = new TestClient(server.url, null);
    for (const bad of [`${id}.${"A".repeat(43)}`, `${id}`, "garbage", "", `${"0".repeat(8)}-0000-0000-0000-${"0".repeat(12)}.${token.split(".")[1]}`]) {
      const r = await c.post(
        "/api/auth/password-reset",
        { token: bad, newPassword: "Un-tout-nouveau-secret-44" },
        { headers: { "x-forwarded-for": freshIp() } },
      );
      expect([bad, r.status, r.body.code]).toEqual([bad, 400, "LINK_INVALID"]);
    }
    await tdb.db.passwordReset.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await c.post(
      "/api/auth/password-reset",
      { token, newPassword: "Un-tout-nouveau-secret-45" },
      { headers: { "x-forwarded-for": freshIp() } },
    );
    expect(expired.body.code).toBe("LINK_INVALID");
    expect((await new TestClient(server.url).login(u.username, u.password)).status).toBe(200);
  });

  it("using the link signs every device out, and their sockets are closed", async () => {
    const u = await createUser(tdb.db, "GRADER", { email: `sockets.${process.pid}@lycee-test.fr` });
    const laptop = new TestClient(shortIdle.url);
    const tablet = new TestClient(server.url);
    await laptop.login(u.username, u.password);
    await tablet.login(u.username, u.password);
    const socket: Socket = await openSocket(shortIdle.url, { cookie: laptop.cookieHeader });
    const closed = new Promise<boolean>((resolve) => {
      let expired = false;
      socket.once("session:expired", () => (expired = true));
      socket.once("disconnect", () => resolve(expired));
    });
    const before = sink.delivered.length;
    await request(u.email!);
    const token = tokenOf(await mailTo(u.email!, before));
    expect((await new TestClient(server.url).post("/api/auth/password-reset", { token, newPassword: "Apres-la-tablette-46" })).status).toBe(200);
    expect((await laptop.get("/api/me")).status).toBe(401);
    expect((await tablet.get("/api/me")).status).toBe(401);
    expect(await closed).toBe(true);
    expect(await tdb.db.session.count({ where: { userId: u.id } })).toBe(0);
  });
});

describe("without a mail relay", { timeout: 90_000 }, () => {
  it("the sign-in page offers no forgotten-password link and the route says so", async () => {
    const plain = await startTestServer({ databaseUrl: tdb.url });
    try {
      const c = new TestClient(plain.url);
      expect((await c.get("/api/auth/options")).body.passwordReset).toBe(false);
      const r = await c.post("/api/auth/password-reset/request", { email: "a@b.example" });
      expect(r.status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
