// argon2id with OWASP's parameters (m=19 MiB, t=2, p=1).
import crypto from "node:crypto";
import argon2 from "argon2";

const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (plain: string): Promise<string> => argon2.hash(plain, OPTIONS);

/** False for an account without a password (SSO only), after the same work as a real check. */
export async function verifyPassword(hash: string | null, plain: string): Promise<boolean> {
  if (hash === null) return (await burnVerifyTime(plain), false);
  try {
    return await argon2.verify(hash, plain);
  } catch {
    return false;
  }
}

// Verifying against a fixed hash when the user does not exist keeps timing from revealing it.
let dummyHash: Promise<string> | null = null;
export async function burnVerifyTime(plain: string): Promise<void> {
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString("hex"));
  await verifyPassword(await dummyHash, plain);
}

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/** A readable random password (no 0/O/1/l), 16 characters in groups of four: ~93 bits. */
export function generatePassword(): string {
  const bytes = crypto.randomBytes(16);
  let out = "";
  for (let i = 0; i < 16; i++) {
    out += ALPHABET[bytes[i]! % ALPHABET.length];
    if (i % 4 === 3 && i < 15) out += "-";
  }
  return out;
}
