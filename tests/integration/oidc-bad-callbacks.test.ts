// Forged and replayed single sign-on callbacks against a real OpenID provider: each one is refused
// with a clear code on the sign-in page, leaves an audit event, and opens no session.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../helpers/factories.ts";
import { TestClient } from "../helpers/http-client.ts";
import { ssoRoundTrip, startSsoEnv, type SsoEnv } from "../helpers/sso-setup.ts";

let env: SsoEnv;
let student: Awaited<ReturnType<typeof createUser>>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  env = await startSsoEnv();
  student = await createUser(env.tdb.db, "STUDENT");
  env.provider.addAccount({ login: "eleve", sub: "sub-eleve", email: student.email!, email_verified: true });
  env.provider.addAccount({ login: "unverified", sub: "sub-unverified", email: student.email!, email_verified: false });
});
afterAll(async () => {
  await env?.close();
});

/** The refusal a user sees, the audit event it left, and proof that no session was opened. */
async function expectRefused(browser: TestClient, location: string, code: string) {
  expect(location).toBe(`/login?sso_error=${code}`);
  expect((await browser.get("/api/me")).status).toBe(401);
  const last = await env.tdb.db.auditEvent.findFirstOrThrow({ where: { action: "auth.oidc.failed" }, orderBy: { id: "desc" } });
  expect(last.details).toMatchObject({ code });
  expect(typeof (last.details as { reason?: unknown }).reason).toBe("string");
  expect(await env.tdb.db.session.count({ where: { userId: student.id } })).toBe(0);
}

// long flows on a loaded machine: a generous limit, never a timing assertion
describe("forged or replayed callbacks", { timeout: 90_000 }, () => {
  it("a callback whose state is not the one this browser sent", async () => {
    const browser = new TestClient(env.server.url);
    const trip = await ssoRoundTrip(browser, env.provider, "eleve", { beforeCallback: (cb) => cb.searchParams.set("state", "forged-state-value-0123456789") });
    await expectRefused(browser, trip.location, "OIDC_STATE_MISMATCH");
  });

  it("a callback in a browser that never started a sign-in (a code stolen and replayed elsewhere)", async () => {
    const victim = new TestClient(env.server.url);
    let stolen: URL | null = null;
    await ssoRoundTrip(victim, env.provider, "eleve", {
      beforeCallback: (cb) => {
        stolen = new URL(cb);
      },
    });
    await env.tdb.db.session.deleteMany({ where: { userId: student.id } }); // the victim's own session is not the point here
    const attacker = new TestClient(env.server.url);
    const r = await attacker.get(stolen!.pathname + stolen!.search);
    expect(r.status).toBe(303);
    await expectRefused(attacker, r.headers.get("location")!, "OIDC_STATE_MISMATCH");
  });

  it("the same callback used twice: the second use finds no sign-in waiting", async () => {
    const browser = new TestClient(env.server.url);
    const trip = await ssoRoundTrip(browser, env.provider, "eleve");
    expect(trip.location).toBe("/");
    await browser.get("/api/me");
    expect((await browser.post("/api/auth/logout")).status).toBe(204);
    const again = await browser.get(trip.callback.pathname + trip.callback.search);
    expect(again.status).toBe(303);
    await expectRefused(browser, again.headers.get("location")!, "OIDC_STATE_MISMATCH");
  });

  it("an ID token whose nonce is not the one this sign-in asked for", async () => {
    const browser = new TestClient(env.server.url);
    const trip = await ssoRoundTrip(browser, env.provider, "eleve", { alterRequest: (u) => u.searchParams.set("nonce", "nonce-of-another-sign-in-000") });
    await expectRefused(browser, trip.location, "OIDC_NONCE_MISMATCH");
  });

  it("an authorization code that expired before it came back", async () => {
    env.provider.codeTtlSec = 1;
    try {
      const browser = new TestClient(env.server.url);
      const trip = await ssoRoundTrip(browser, env.provider, "eleve", { beforeCallback: async () => void (await sleep(2500)) });
      await expectRefused(browser, trip.location, "OIDC_CODE_REJECTED");
    } finally {
      env.provider.codeTtlSec = 60;
    }
  });

  it("an ID token issued for another application (audience)", async () => {
    env.provider.issueIdTokensFor("autre-application");
    try {
      const browser = new TestClient(env.server.url);
      const trip = await ssoRoundTrip(browser, env.provider, "eleve");
      await expectRefused(browser, trip.location, "OIDC_TOKEN_INVALID");
      const last = await env.tdb.db.auditEvent.findFirstOrThrow({ where: { action: "auth.oidc.failed" }, orderBy: { id: "desc" } });
      expect(last.details).toMatchObject({ claim: "aud" });
    } finally {
      env.provider.issueIdTokensFor(null);
    }
  });

  it("an e-mail the provider says is not verified", async () => {
    const browser = new TestClient(env.server.url);
    const trip = await ssoRoundTrip(browser, env.provider, "unverified");
    await expectRefused(browser, trip.location, "OIDC_EMAIL_UNVERIFIED");
  });

  it("the provider's error answer (the user cancelled) with the right state", async () => {
    const browser = new TestClient(env.server.url);
    const start = await browser.get("/api/auth/oidc/start");
    const state = new URL(start.headers.get("location")!).searchParams.get("state")!;
    const r = await browser.get(
      `/api/auth/oidc/callback?error=access_denied&state=${encodeURIComponent(state)}&iss=${encodeURIComponent(env.provider.issuer)}`,
    );
    expect(r.status).toBe(303);
    await expectRefused(browser, r.headers.get("location")!, "OIDC_CANCELLED");
  });

  it("garbage callbacks change nothing and crash nothing", async () => {
    const browser = new TestClient(env.server.url);
    await browser.get("/api/auth/oidc/start");
    for (const q of ["", "?code=", "?state=%", "?code=x&state=y&state=z", `?code=${"A".repeat(5000)}&state=y`]) {
      const r = await browser.get(`/api/auth/oidc/callback${q}`);
      expect(r.status, q).toBe(303);
      expect(r.headers.get("location")).toMatch(/^\/login\?sso_error=OIDC_/);
    }
    expect((await browser.get("/api/health/live")).status).toBe(200);
    expect((await browser.get("/api/me")).status).toBe(401);
  });

  it("after all that, the real pupil still signs in", async () => {
    const browser = new TestClient(env.server.url);
    expect((await ssoRoundTrip(browser, env.provider, "eleve")).location).toBe("/");
    expect((await browser.get("/api/me")).body.user.id).toBe(student.id);
  });
});
