// The server's password hashes: argon2id at OWASP's parameters, verified by what the hash says.
// (The test factories' default user hashes at a lower cost to keep the suite fast: tests/helpers/factories.ts.)
import { describe, expect, it } from "vitest";
import argon2 from "argon2";
import { hashPassword, verifyPassword } from "../../../server/auth/password-hash.ts";

describe("password hashes", () => {
  it("are argon2id with m=19 MiB, t=2, p=1, salted per hash", async () => {
    const a = await hashPassword("Correct-Horse-Battery-9");
    const b = await hashPassword("Correct-Horse-Battery-9");
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
  });

  it("verify the right password only, whatever cost the stored hash was made at", async () => {
    const server = await hashPassword("s3cret-pass");
    const cheap = await argon2.hash("s3cret-pass", { type: argon2.argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 });
    for (const stored of [server, cheap]) {
      expect(await verifyPassword(stored, "s3cret-pass")).toBe(true);
      expect(await verifyPassword(stored, "s3cret-pasS")).toBe(false);
    }
    expect(await verifyPassword("not a hash", "s3cret-pass")).toBe(false);
    expect(await verifyPassword(null, "s3cret-pass")).toBe(false);
  });
});
