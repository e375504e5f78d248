// The demo's 25 students share one known first password, but each has a hash of its own (its own
// salt): one leaked hash must not unlock the others, nor show they share a password.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../server/auth/password-hash.ts";
import { DEMO_STUDENT_PASSWORD, seedDemo } from "../../server/seed/demo-seed.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
});

describe("demo seed", () => {
  it("salts each demo student's password: distinct hashes, each verifying the demo password", async () => {
    await seedDemo(tdb.db, fs.mkdtempSync(path.join(os.tmpdir(), "korrigo-seed-")));
    const students = await tdb.db.user.findMany({ where: { role: "STUDENT" }, select: { passwordHash: true } });
    expect(students.length).toBeGreaterThanOrEqual(25);
    expect(new Set(students.map((s) => s.passwordHash)).size).toBe(students.length);
    expect(await verifyPassword(students[0]!.passwordHash!, DEMO_STUDENT_PASSWORD)).toBe(true);
  });
});
