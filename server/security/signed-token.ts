// Secrets that need no storage: an HMAC of a value under a key derived from SESSION_SECRET for one
// purpose. A database dump (or the job queue) then holds no usable link: the links are rebuilt from
// ids by whoever knows the secret, and checked in constant time.
import crypto from "node:crypto";

export type TokenPurpose = "password-reset" | "notice-unsubscribe";

export class TokenSigner {
  readonly #keys = new Map<TokenPurpose, Buffer>();

  constructor(private readonly secret: string) {}

  #key(purpose: TokenPurpose): Buffer {
    let key = this.#keys.get(purpose);
    if (!key) {
      key = Buffer.from(crypto.hkdfSync("sha256", this.secret, "korrigo", `korrigo/${purpose}/v1`, 32));
      this.#keys.set(purpose, key);
    }
    return key;
  }

  sign(purpose: TokenPurpose, value: string): string {
    return crypto.createHmac("sha256", this.#key(purpose)).update(value).digest("base64url");
  }

  verify(purpose: TokenPurpose, value: string, mac: string): boolean {
    const want = Buffer.from(this.sign(purpose, value));
    const got = Buffer.from(mac);
    return got.length === want.length && crypto.timingSafeEqual(got, want);
  }
}
