// Factories over the real database.
import crypto from "node:crypto";
import type { Db, Role } from "../../server/db/client.ts";
import argon2 from "argon2";
import { hashPassword } from "../../server/auth/password-hash.ts";

export const TEST_PASSWORD = "Correct-Horse-Battery-9";
let cachedHash: Promise<string> | undefined;

/**
 * The factories' default password hash: argon2id as the server stores it, at the smallest cost
 * (1 MiB, 1 pass) so that each of the suite's sign-ins verifies in ~1 ms instead of ~40 ms of CPU.
 * The server verifies any argon2 hash by the parameters written in it, so sign-in takes the same
 * path; a user made with an explicit password, the demo seed and the roster import hash with the
 * server's own parameters (tests/unit/auth/password-hash.test.ts checks them).
 */
const cheapTestHash = (plain: string) => argon2.hash(plain, { type: argon2.argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 });

export async function createUser(
  db: Db,
  role: Role,
  over: { username?: string; password?: string; mustChangePassword?: boolean; active?: boolean; email?: string } = {},
) {
  const username = over.username ?? `${role.toLowerCase()}-${crypto.randomBytes(4).toString("hex")}`;
  const passwordHash = over.password ? await hashPassword(over.password) : await (cachedHash ??= cheapTestHash(TEST_PASSWORD));
  const user = await db.user.create({
    data: {
      username,
      email: over.email ?? (role === "STUDENT" ? `${username}@eleves.test` : null),
      displayName: `Test ${role} ${username}`,
      role,
      passwordHash,
      mustChangePassword: over.mustChangePassword ?? false,
      active: over.active ?? true,
    },
  });
  return { ...user, password: over.password ?? TEST_PASSWORD };
}
