// Factories over the real database.
import crypto from "node:crypto";
import type { Db, Role } from "../../server/db/client.ts";
import { hashPassword } from "../../server/auth/password-hash.ts";

export const TEST_PASSWORD = "Correct-Horse-Battery-9";
let cachedHash: Promise<string> | undefined;

export async function createUser(
  db: Db,
  role: Role,
  over: { username?: string; password?: string; mustChangePassword?: boolean; active?: boolean; email?: string } = {},
) {
  const username = over.username ?? `${role.toLowerCase()}-${crypto.randomBytes(4).toString("hex")}`;
  const passwordHash = over.password ? await hashPassword(over.password) : await (cachedHash ??= hashPassword(TEST_PASSWORD));
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
