// Single sign-on against a real OpenID provider in-process: who gets in (matched by e-mail, by
// student id, by the subject bound at the first sign-on; a roster pupil gets an SSO-only account;
// staff are never created), and that the session is then ours (timeouts, revocation, lockout).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../helpers/factories.ts";
import { TestClient } from "../helpers/http-client.ts";
import { ssoRoundTrip, startSsoEnv, type SsoEnv } from "../helpers/sso-setup.ts";
import { createScoredCopy, createStudent, createSupervisedExam } from "../helpers/supervision-factories.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let env: SsoEnv;
let n = 0;
const uniq = (p: string) => `${p}-${process.pid}-${++n}`;

beforeAll(async () => {
  env = await startSsoEnv();
});
afterAll(async () => {
  await env?.close();
});

const audits = (action: string, targetId?: string) =>
  env.tdb.db.auditEvent.findMany({ where: { action, ...(targetId ? { targetId } : {}) }, orderBy: { id: "asc" } });

// long flows on a loaded machine: a generous limit, never a timing assertion
describe("who gets in", { timeout: 90_000 }, () => {
  it("the sign-in page learns that single sign-on is offered, with the provider's name", async () => {
    const r = await new TestClient(env.server.url).get("/api/auth/options");
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ sso: { name: "Mon ENT" }, passwordReset: false });
  });

  it("a student matched by e-mail signs in, lands on the page asked for and reads the released copy", async () => {
    const exam = await createSupervisedExam(env.tdb.db);
    const { student, user } = await createStudent(env.tdb.db, { lastName: "PETIT", firstName: "Léa", account: true });
    const copy = await createScoredCopy(env.tdb.db, env.server.ctx.config.mediaDir, exam.id, {
      studentId: student.id,
      released: true,
      scores: { [exam.leaves[0]!.id]: 3, [exam.leaves[1]!.id]: 5, [exam.leaves[2]!.id]: 8 },
    });
    env.provider.addAccount({ login: "lea", sub: uniq("sub-lea"), email: user!.email!, email_verified: true });

    const browser = new TestClient(env.server.url);
    const trip = await ssoRoundTrip(browser, env.provider, "lea", { next: "/portal" });
    // PKCE S256, state and nonce were all sent to the provider
    expect(trip.authorizationUrl.searchParams.get("code_challenge_method")).toBe("S256");
    expect(trip.authorizationUrl.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(trip.authorizationUrl.searchParams.get("state")).toMatch(/^[\w-]{20,}$/);
    expect(trip.authorizationUrl.searchParams.get("nonce")).toMatch(/^[\w-]{20,}$/);
    expect(trip.location).toBe("/portal");

    const me = await browser.get("/api/me");
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ id: user!.id, role: "STUDENT", ssoOnly: false });
    const list = await browser.get("/api/portal/copies");
    expect(list.status).toBe(200);
    expect(list.body.copies.map((c: { id: string }) => c.id)).toEqual([copy.id]);
    expect((await browser.get(`/api/portal/copies/${copy.id}/pdf`)).status).toBe(200);

    const bound = await env.tdb.db.user.findUniqueOrThrow({ where: { id: user!.id } });
    expect(bound.oidcIssuer).toBe(env.provider.issuer);
    expect(bound.oidcSubject).toMatch(/^sub-lea-/);
    expect((await audits("auth.oidc.linked", user!.id)).map((a) => a.details)).toEqual([expect.objectContaining({ by: "email" })]);
    const ok = await audits("auth.login.succeeded", user!.id);
    expect(ok.at(-1)!.details).toMatchObject({ method: "oidc", account: "linked" });
  });

  it("the next sign-on finds the account by the bound subject, even after the e-mail changed at the provider", async () => {
    const u = await createUser(env.tdb.db, "STUDENT");
    const sub = uniq("sub-moving");
    env.provider.addAccount({ login: "moving", sub, email: u.email!, email_verified: true });
    expect((await ssoRoundTrip(new TestClient(env.server.url), env.provider, "moving")).location).toBe("/");
    env.provider.addAccount({ login: "moving", sub, email: "nouvelle.adresse@ent.example", email_verified: true });
    const browser = new TestClient(env.server.url);
    expect((await ssoRoundTrip(browser, env.provider, "moving")).location).toBe("/");
    expect((await browser.get("/api/me")).body.user.id).toBe(u.id);
    expect((await audits("auth.login.succeeded", u.id)).at(-1)!.details).toMatchObject({ account: "bound" });
  });

  it("another identity claiming the e-mail of an account bound to someone else is refused", async () => {
    const u = await createUser(env.tdb.db, "STUDENT");
    env.provider.addAccount({ login: "first", sub: uniq("sub-first"), email: u.email!, email_verified: true });
    await ssoRoundTrip(new TestClient(env.server.url), env.provider, "first");
    env.provider.addAccount({ login: "usurper", sub: uniq("sub-usurper"), email: u.email!, email_verified: true });
    const browser = new TestClient(env.server.url);
    expect((await ssoRoundTrip(browser, env.provider, "usurper")).location).toBe("/login?sso_error=OIDC_ACCOUNT_CONFLICT");
    expect((await browser.get("/api/me")).status).toBe(401);
  });

  it("a student is matched by the national student id when the provider's e-mail is unknown here", async () => {
    const ine = `${Date.now() % 1e9}AB`.padStart(11, "0");
    const { user } = await createStudent(env.tdb.db, { lastName: "MARTIN", firstName: "Hugo", ine, account: true });
    env.provider.addAccount({ login: "hugo", sub: uniq("sub-hugo"), email: "hugo.martin@ent-personnel.example", email_verified: true, ine });
    const browser = new TestClient(env.server.url);
    expect((await ssoRoundTrip(browser, env.provider, "hugo")).location).toBe("/");
    expect((await browser.get("/api/me")).body.user.id).toBe(user!.id);
    expect((await audits("auth.oidc.linked", user!.id))[0]!.details).toMatchObject({ by: "student_id" });
  });

  it("a pupil of the roster without an account gets an SSO-only student account, linked to the roster entry", async () => {
    const ine = `${(Date.now() + 7) % 1e9}CD`.padStart(11, "0");
    const { student } = await createStudent(env.tdb.db, { lastName: "ROUX", firstName: "Nina", ine });
    env.provider.addAccount({ login: "nina", sub: uniq("sub-nina"), email: `nina.roux.${n}@ent.example`, email_verified: true, ine });
    const browser = new TestClient(env.server.url);
    expect((await ssoRoundTrip(browser, env.provider, "nina")).location).toBe("/");
    const me = (await browser.get("/api/me")).body.user;
    expect(me).toMatchObject({ role: "STUDENT", ssoOnly: true, mustChangePassword: false, displayName: "Nina ROUX" });
    const created = await env.tdb.db.user.findUniqueOrThrow({ where: { id: me.id }, include: { student: true } });
    expect(created.passwordHash).toBeNull();
    expect(created.student?.id).toBe(student.id);
    expect((await audits("user.created", me.id))[0]!.details).toMatchObject({ via: "sso", role: "STUDENT" });
    // no password to guess: the password path refuses whatever is typed, like a wrong password
    const pw = await new TestClient(env.server.url).login(created.username, "any-password-at-all");
    expect(pw.status).toBe(401);
    expect(pw.body.code).toBe("INVALID_CREDENTIALS");
    expect((await browser.post("/api/auth/password", { currentPassword: "x", newPassword: "Un-mot-de-passe-tout-neuf" })).body.code).toBe("SSO_ONLY");
  });

  it("nobody is created without a roster match: an unknown teacher is refused, and the refusal is audited", async () => {
    const email = `nouveau.prof.${n}@ac-test.fr`;
    env.provider.addAccount({ login: "unknown-teacher", sub: uniq("sub-teacher"), email, email_verified: true });
    const users = await env.tdb.db.user.count();
    const browser = new TestClient(env.server.url);
    expect((await ssoRoundTrip(browser, env.provider, "unknown-teacher")).location).toBe("/login?sso_error=OIDC_NO_ACCOUNT");
    expect(await env.tdb.db.user.count()).toBe(users);
    expect((await browser.get("/api/me")).status).toBe(401);
    const failed = (await audits("auth.oidc.failed")).filter((a) => (a.details as { email?: string }).email === email);
    expect(failed.map((a) => (a.details as { code: string }).code)).toEqual(["OIDC_NO_ACCOUNT"]);
  });

  it("a teacher's account is matched by e-mail; the provisional password it never changed is dropped", async () => {
    const email = `prof.durand.${n}@ac-test.fr`;
    const t = await createUser(env.tdb.db, "GRADER", { email, mustChangePassword: true });
    env.provider.addAccount({ login: "durand", sub: uniq("sub-durand"), email, email_verified: true });
    const browser = new TestClient(env.server.url);
    expect((await ssoRoundTrip(browser, env.provider, "durand")).location).toBe("/");
    expect((await browser.get("/api/me")).body.user).toMatchObject({ id: t.id, role: "GRADER", mustChangePassword: false, ssoOnly: true });
    expect((await browser.get("/api/notices")).status).toBe(200); // not held at the forced password change
    expect((await new TestClient(env.server.url).login(t.username, t.password)).status).toBe(401);
    expect(await audits("auth.oidc.provisional_password_dropped", t.id)).toHaveLength(1);
  });

  it("a disabled account is refused, and so is a pair of claims naming two accounts", async () => {
    const off = await createUser(env.tdb.db, "STUDENT", { active: false });
    env.provider.addAccount({ login: "off", sub: uniq("sub-off"), email: off.email!, email_verified: true });
    expect((await ssoRoundTrip(new TestClient(env.server.url), env.provider, "off")).location).toBe("/login?sso_error=OIDC_ACCOUNT_DISABLED");

    const ine = `${(Date.now() + 13) % 1e9}EF`.padStart(11, "0");
    const a = await createUser(env.tdb.db, "STUDENT");
    await createStudent(env.tdb.db, { lastName: "B", firstName: "B", ine, account: true });
    env.provider.addAccount({ login: "two", sub: uniq("sub-two"), email: a.email!, email_verified: true, ine });
    expect((await ssoRoundTrip(new TestClient(env.server.url), env.provider, "two")).location).toBe("/login?sso_error=OIDC_ACCOUNT_CONFLICT");
    expect(await env.tdb.db.user.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ oidcSubject: null });
  });

  it("`next` never leaves the site", async () => {
    const u = await createUser(env.tdb.db, "STUDENT");
    env.provider.addAccount({ login: "next", sub: uniq("sub-next"), email: u.email!, email_verified: true });
    for (const next of ["//evil.example/x", "https://evil.example", "/\\evil.example"]) {
      expect((await ssoRoundTrip(new TestClient(env.server.url), env.provider, "next", { next })).location).toBe("/");
    }
  });
});

describe("the session is ours afterwards", { timeout: 90_000 }, () => {
  it("it lives in our store with the password path's timeouts", async () => {
    const u = await createUser(env.tdb.db, "STUDENT");
    env.provider.addAccount({ login: "timeouts", sub: uniq("sub-timeouts"), email: u.email!, email_verified: true });
    await ssoRoundTrip(new TestClient(env.server.url), env.provider, "timeouts");
    const [s] = await env.tdb.db.session.findMany({ where: { userId: u.id } });
    const idle = env.server.ctx.config.session.idleTimeoutMs;
    expect(s!.expiresAt.getTime() - Date.now()).toBeGreaterThan(idle - 60_000);
    expect(s!.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(idle + 1000);
  });

  it("signing out, an admin's deactivation and a password reset by an admin end it", async () => {
    const admin = await createUser(env.tdb.db, "ADMIN");
    const adminClient = new TestClient(env.server.url);
    await adminClient.login(admin.username, admin.password);
    const u = await createUser(env.tdb.db, "GRADER", { email: `revoked.${n}@ac-test.fr` });
    env.provider.addAccount({ login: "revoked", sub: uniq("sub-revoked"), email: u.email!, email_verified: true });

    const one = new TestClient(env.server.url);
    await ssoRoundTrip(one, env.provider, "revoked");
    expect((await one.get("/api/me")).status).toBe(200); // the page reads its CSRF token there, as after a password sign-in
    expect((await one.post("/api/auth/logout")).status).toBe(204);
    expect((await one.get("/api/me")).status).toBe(401);

    const two = new TestClient(env.server.url);
    await ssoRoundTrip(two, env.provider, "revoked");
    expect((await adminClient.post(`/api/users/${u.id}/reset-password`)).status).toBe(200);
    expect((await two.get("/api/me")).status).toBe(401);

    await env.tdb.db.user.update({ where: { id: u.id }, data: { mustChangePassword: false } });
    const three = new TestClient(env.server.url);
    await ssoRoundTrip(three, env.provider, "revoked");
    expect((await adminClient.post(`/api/users/${u.id}/deactivate`)).status).toBe(200);
    expect((await three.get("/api/me")).status).toBe(401);
    expect((await ssoRoundTrip(new TestClient(env.server.url), env.provider, "revoked")).location).toBe("/login?sso_error=OIDC_ACCOUNT_DISABLED");
  });

  it("an account locked out by failed passwords from this network is refused through the provider too", async () => {
    const u = await createUser(env.tdb.db, "STUDENT");
    env.provider.addAccount({ login: "locked", sub: uniq("sub-locked"), email: u.email!, email_verified: true });
    const guesser = new TestClient(env.server.url);
    for (let i = 0; i < env.server.ctx.config.login.maxConsecutiveFailures; i++) await guesser.login(u.username, `wrong-guess-${i}`);
    expect((await guesser.login(u.username, u.password)).status).toBe(429);
    const browser = new TestClient(env.server.url);
    expect((await ssoRoundTrip(browser, env.provider, "locked")).location).toBe("/login?sso_error=OIDC_TOO_MANY_ATTEMPTS");
    expect((await browser.get("/api/me")).status).toBe(401);
  });

  it("an admin marks an account SSO only: its password stops working, its sessions stay", async () => {
    const admin = await createUser(env.tdb.db, "ADMIN");
    const adminClient = new TestClient(env.server.url);
    await adminClient.login(admin.username, admin.password);
    const u = await createUser(env.tdb.db, "GRADER");
    const working = new TestClient(env.server.url);
    await working.login(u.username, u.password);
    const r = await adminClient.post(`/api/users/${u.id}/sso-only`);
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ id: u.id, ssoOnly: true });
    expect((await working.get("/api/me")).status).toBe(200);
    expect((await new TestClient(env.server.url).login(u.username, u.password)).status).toBe(401);
    expect((await adminClient.post(`/api/users/${admin.id}/sso-only`)).status).toBe(403); // not one's own
    const created = await adminClient.post("/api/users", { username: `ent-only-${n}`, displayName: "ENT only", role: "GRADER", ssoOnly: true });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ initialPassword: null, user: { ssoOnly: true, mustChangePassword: false } });
  });
});

describe("without OIDC settings", { timeout: 90_000 }, () => {
  let tdb: TestDatabase;
  let plain: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    plain = await startTestServer({ databaseUrl: tdb.url });
  });
  afterAll(async () => {
    await plain?.close();
    await tdb?.drop();
  });

  it("nothing changes: no single sign-on offered, its routes do not exist", async () => {
    const c = new TestClient(plain.url);
    expect((await c.get("/api/auth/options")).body).toEqual({ sso: null, passwordReset: false });
    expect((await c.get("/api/auth/oidc/start")).status).toBe(404);
    expect((await c.get("/api/auth/oidc/callback?code=x&state=y")).status).toBe(404);
  });
});
