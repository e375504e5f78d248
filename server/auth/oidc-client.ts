// The relying-party side of OpenID Connect, over openid-client (a maintained, certified library):
// discovery (cached, retried after a failure), the authorization URL with PKCE S256 + state +
// nonce, and the code exchange whose ID token openid-client verifies (signature, issuer, audience,
// expiry, nonce). Every failure becomes one OidcFailure with a stable code.
import * as oidc from "openid-client";
import type { OidcConfig } from "../config/sign-in-mail-config.ts";

export type OidcFailureCode =
  | "OIDC_STATE_MISMATCH"
  | "OIDC_NONCE_MISMATCH"
  | "OIDC_CODE_REJECTED"
  | "OIDC_TOKEN_INVALID"
  | "OIDC_EMAIL_UNVERIFIED"
  | "OIDC_NO_ACCOUNT"
  | "OIDC_ACCOUNT_CONFLICT"
  | "OIDC_ACCOUNT_DISABLED"
  | "OIDC_TOO_MANY_ATTEMPTS"
  | "OIDC_CANCELLED"
  | "OIDC_PROVIDER_ERROR"
  | "OIDC_PROVIDER_UNAVAILABLE"
  | "OIDC_FAILED";

export class OidcFailure extends Error {
  constructor(
    readonly code: OidcFailureCode,
    message: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "OidcFailure";
  }
}

/** What the sign-in must remember between the redirect to the provider and the callback. */
export interface PendingOidc {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  readonly next: string | null;
  readonly startedAt: number;
}

export type OidcClaims = Readonly<Record<string, unknown>> & { readonly sub: string };

/** Walks an error's causes for the claim a JWT check refused (oauth4webapi puts it in cause.claim). */
function refusedClaim(e: unknown): string | null {
  for (let c: unknown = e, i = 0; c && typeof c === "object" && i < 5; c = (c as { cause?: unknown }).cause, i++) {
    const claim = (c as { claim?: unknown }).claim;
    if (typeof claim === "string") return claim;
  }
  return null;
}

function classify(e: unknown): OidcFailure {
  if (e instanceof OidcFailure) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof oidc.AuthorizationResponseError) {
    const cancelled = ["access_denied", "login_required", "consent_required", "interaction_required"].includes(e.error);
    return new OidcFailure(cancelled ? "OIDC_CANCELLED" : "OIDC_PROVIDER_ERROR", `the provider answered ${e.error}`, {
      error: e.error,
      description: e.error_description,
    });
  }
  if (e instanceof oidc.ResponseBodyError) {
    if (e.error === "invalid_grant")
      return new OidcFailure("OIDC_CODE_REJECTED", "the provider refused the authorization code (expired, used or not ours)", {
        error: e.error,
        description: e.error_description,
      });
    return new OidcFailure("OIDC_PROVIDER_ERROR", `the token endpoint answered ${e.error}`, { error: e.error, description: e.error_description });
  }
  const code = (e as { code?: unknown }).code;
  if (code === "OAUTH_JWT_CLAIM_COMPARISON_FAILED") {
    const claim = refusedClaim(e);
    if (claim === "nonce") return new OidcFailure("OIDC_NONCE_MISMATCH", "the ID token's nonce is not the one this sign-in asked for", { claim });
    return new OidcFailure("OIDC_TOKEN_INVALID", `the ID token's ${claim ?? "claims"} do not match`, { claim });
  }
  if (typeof code === "string" && code.startsWith("OAUTH_")) return new OidcFailure("OIDC_TOKEN_INVALID", message, { code });
  return new OidcFailure("OIDC_PROVIDER_UNAVAILABLE", `the provider could not be reached: ${message}`);
}

export class OidcClient {
  #configuration: Promise<oidc.Configuration> | null = null;

  constructor(private readonly cfg: OidcConfig) {}

  /** Discovery once; a failed discovery is tried again at the next sign-in. */
  #config(): Promise<oidc.Configuration> {
    this.#configuration ??= oidc
      .discovery(
        new URL(this.cfg.issuerUrl),
        this.cfg.clientId,
        { client_secret: this.cfg.clientSecret },
        this.cfg.tokenAuthMethod === "client_secret_post" ? oidc.ClientSecretPost(this.cfg.clientSecret) : oidc.ClientSecretBasic(this.cfg.clientSecret),
        { timeout: 10, ...(this.cfg.allowInsecure ? { execute: [oidc.allowInsecureRequests] } : {}) },
      )
      .catch((e: unknown) => {
        this.#configuration = null;
        throw new OidcFailure("OIDC_PROVIDER_UNAVAILABLE", `discovery of ${this.cfg.issuerUrl} failed: ${e instanceof Error ? e.message : String(e)}`);
      });
    return this.#configuration;
  }

  async begin(next: string | null): Promise<{ url: URL; pending: PendingOidc }> {
    const config = await this.#config();
    const pending: PendingOidc = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier(), next, startedAt: Date.now() };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.cfg.redirectUri,
      scope: this.cfg.scopes,
      response_type: "code",
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: "S256",
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url, pending };
  }

  /** Exchanges the code of a callback whose state the caller already matched; returns the verified claims. */
  async finish(query: string, pending: PendingOidc): Promise<OidcClaims> {
    try {
      const config = await this.#config();
      const current = new URL(this.cfg.redirectUri);
      current.search = query;
      const tokens = await oidc.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new OidcFailure("OIDC_TOKEN_INVALID", "no ID token in the provider's answer");
      const wanted = [this.cfg.emailClaim, ...(this.cfg.studentIdClaim ? [this.cfg.studentIdClaim] : [])];
      if (wanted.every((c) => claims[c] !== undefined) || !tokens.access_token) return claims;
      // many school providers put the e-mail and ids in userinfo only; the subject must be the ID token's
      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      return { ...info, ...claims }; // the ID token wins where both say something
    } catch (e) {
      throw classify(e);
    }
  }
}
