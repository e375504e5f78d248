// A Korrigo server wired to a real in-process OpenID provider (tests/helpers/oidc-provider.ts),
// and the browser-like round trip of a single sign-on: start → the provider's pages → callback.
import { type TestClient, TEST_ORIGIN } from "./http-client.ts";
import { startOidcProvider, type TestOidcProvider } from "./oidc-provider.ts";
import { createTestDatabase, type TestDatabase } from "./test-db.ts";
import { startTestServer } from "./test-server.ts";

export const CLIENT_ID = "korrigo-lycee";
export const CLIENT_SECRET = "issued-by-the-provider-7f3a9c21d4";
export const REDIRECT_URI = `${TEST_ORIGIN}/api/auth/oidc/callback`;

export interface SsoEnv {
  tdb: TestDatabase;
  provider: TestOidcProvider;
  server: Awaited<ReturnType<typeof startTestServer>>;
  close(): Promise<void>;
}

export async function startSsoEnv(env: Record<string, string> = {}): Promise<SsoEnv> {
  const tdb = await createTestDatabase();
  const provider = await startOidcProvider([
    { client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [REDIRECT_URI] },
    { client_id: "autre-application", client_secret: "another-client-secret-0000", redirect_uris: ["http://autre.example/callback"] },
  ]);
  const server = await startTestServer({
    databaseUrl: tdb.url,
    env: {
      OIDC_ISSUER_URL: provider.issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_STUDENT_ID_CLAIM: "ine",
      OIDC_SCOPES: "openid email profile ine",
      OIDC_DISPLAY_NAME: "Mon ENT",
      ...env,
    },
  });
  return {
    tdb,
    provider,
    server,
    async close() {
      await server.close();
      await provider.close();
      await tdb.drop();
    },
  };
}

export interface SsoRoundTrip {
  /** the provider's authorization URL Korrigo sent the browser to */
  authorizationUrl: URL;
  /** where the provider sent the browser back (Korrigo's callback with code and state) */
  callback: URL;
  /** Korrigo's answer to the callback: a redirect to the page asked for, or to /login?sso_error= */
  location: string;
}

export interface RoundTripOptions {
  next?: string;
  /** change the authorization request before the provider sees it */
  alterRequest?(url: URL): void;
  /** change the callback before Korrigo sees it, or wait (an expired code) */
  beforeCallback?(callback: URL): Promise<void> | void;
}

export async function ssoRoundTrip(client: TestClient, provider: TestOidcProvider, login: string, opts: RoundTripOptions = {}): Promise<SsoRoundTrip> {
  const start = await client.get(`/api/auth/oidc/start${opts.next ? `?next=${encodeURIComponent(opts.next)}` : ""}`);
  if (start.status !== 303) throw new Error(`start answered ${start.status}: ${JSON.stringify(start.body)}`);
  const authorizationUrl = new URL(start.headers.get("location")!);
  opts.alterRequest?.(authorizationUrl);
  const callback = await provider.signIn(authorizationUrl.href, login);
  await opts.beforeCallback?.(callback);
  const r = await client.get(callback.pathname + callback.search);
  if (r.status !== 303) throw new Error(`callback answered ${r.status}: ${JSON.stringify(r.body)}`);
  return { authorizationUrl, callback, location: r.headers.get("location")! };
}
