// A real OpenID provider in-process (oidc-provider, the certified implementation), standing in for a
// school's ENT: registered clients, accounts with their claims, the provider's own login and consent
// pages (devInteractions) and a driver that goes through them over plain HTTP, like a browser.
import http from "node:http";
import Provider, { type Configuration } from "oidc-provider";
import { freePort } from "./free-port.ts";

export interface OidcAccount {
  /** what the user types on the provider's login page */
  login: string;
  sub: string;
  email?: string;
  email_verified?: boolean;
  /** the national student id (INE), under the claim `ine` */
  ine?: string;
  name?: string;
}

export interface OidcClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
}

export interface TestOidcProvider {
  readonly issuer: string;
  readonly provider: Provider;
  /** authorization codes expire after this many seconds (mutable: an "expired code" test lowers it) */
  codeTtlSec: number;
  addAccount(a: OidcAccount): void;
  /** From the authorization URL to the redirect back to the client (the callback URL with code and state). */
  signIn(authorizationUrl: string, login: string): Promise<URL>;
  /** The next ID tokens are issued for another registered client (a token-substitution attack). */
  issueIdTokensFor(clientId: string | null): void;
  close(): Promise<void>;
}

export async function startOidcProvider(clients: OidcClient[], opts: { host?: string } = {}): Promise<TestOidcProvider> {
  const port = await freePort();
  // another host name than the app's 127.0.0.1: the browser keeps the two sites' cookies apart
  const issuer = `http://${opts.host ?? "localhost"}:${port}`;
  const accounts = new Map<string, OidcAccount>();
  const state = { codeTtlSec: 60, idTokenAudience: null as string | null };
  const configuration: Configuration = {
    clients: clients.map((c) => ({ ...c, grant_types: ["authorization_code"], response_types: ["code"], token_endpoint_auth_method: "client_secret_basic" })),
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], ine: ["ine"] },
    scopes: ["openid", "email", "profile", "ine"],
    // claims in the ID token itself, as most school providers do (no userinfo round trip)
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: ["test-provider-cookie-key-0123456789"] },
    ttl: { AuthorizationCode: () => state.codeTtlSec, IdToken: 600, AccessToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    async findAccount(_ctx, id) {
      const a = [...accounts.values()].find((x) => x.sub === id) ?? accounts.get(id);
      if (!a) return undefined;
      return {
        accountId: a.sub,
        async claims() {
          return {
            sub: a.sub,
            ...(a.email !== undefined ? { email: a.email } : {}),
            ...(a.email_verified !== undefined ? { email_verified: a.email_verified } : {}),
            ...(a.ine ? { ine: a.ine } : {}),
            ...(a.name ? { name: a.name } : {}),
          };
        },
      };
    },
  };
  const provider = new Provider(issuer, configuration);
  provider.on("server_error", (_ctx, err) => console.error("test OIDC provider error", err));
  // a token-substitution attack: the ID token carries another client as audience, signed by the real keys
  const IdToken = provider.IdToken as unknown as { prototype: { issue(this: { client: unknown }, o: unknown): Promise<string> } };
  const issue = IdToken.prototype.issue;
  IdToken.prototype.issue = async function (this: { client: unknown }, o: unknown) {
    if (!state.idTokenAudience) return issue.call(this, o);
    const other = await provider.Client.find(state.idTokenAudience);
    const original = this.client;
    this.client = other;
    try {
      return await issue.call(this, o);
    } finally {
      this.client = original;
    }
  };
  const server = http.createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));

  return {
    issuer,
    provider,
    get codeTtlSec() {
      return state.codeTtlSec;
    },
    set codeTtlSec(v: number) {
      state.codeTtlSec = v;
    },
    addAccount(a) {
      accounts.set(a.login, a);
    },
    issueIdTokensFor(clientId) {
      state.idTokenAudience = clientId;
    },
    async signIn(authorizationUrl, login) {
      const account = accounts.get(login);
      if (!account) throw new Error(`no test account ${login}`);
      return driveInteractions(new URL(authorizationUrl), account.sub);
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** Follows the provider's redirects and answers its login and consent forms until it sends the user back. */
async function driveInteractions(start: URL, accountId: string): Promise<URL> {
  const jar = new Map<string, string>(); // one value per cookie name: the provider refuses duplicates
  const origin = start.origin;
  let url = start;
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 20; hop++) {
    const res = await fetch(url, {
      method: body ? "POST" : "GET",
      redirect: "manual",
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "), ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
      body,
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      const value = pair!.slice(i + 1);
      if (value === "" || /expires=Thu, 01 Jan 1970/i.test(c)) jar.delete(pair!.slice(0, i));
      else jar.set(pair!.slice(0, i), value);
    }
    body = undefined;
    const location = res.headers.get("location");
    if (location) {
      const next = new URL(location, url);
      await res.arrayBuffer();
      if (next.origin !== origin) return next; // back to the client
      url = next;
      continue;
    }
    const html = await res.text();
    if (res.status >= 400) throw new Error(`provider answered ${res.status}: ${html.slice(0, 300)}`);
    const action = /<form[^>]+action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`provider page without a form: ${html.slice(0, 300)}`);
    url = new URL(action.replace(/&amp;/g, "&"), url);
    body = /name="prompt" value="login"/.test(html)
      ? new URLSearchParams({ prompt: "login", login: accountId, password: "any" })
      : new URLSearchParams({ prompt: "consent" });
  }
  throw new Error("too many hops at the provider");
}
