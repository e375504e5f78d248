// The commit's insert sends a batch's updates as one binary parameter cut by (start, length)
// (server/grading/commit-statements.ts): each stored row must hold exactly its update's bytes —
// whatever their size or content (NUL, backslash, 0xff), in the batch's order, across copies.
import crypto from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVER_ORIGIN } from "../../collab/index.ts";
import { insertUpdates } from "../../server/grading/commit-statements.ts";
import type { BatchItem, ItemOutcome } from "../../server/grading/update-batch.ts";
import { createUser } from "../helpers/factories.ts";
import { createCopy, createExamWithScale } from "../helpers/grading-factories.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
});

describe("the commit's insert", () => {
  it("stores each update of a batch byte for byte, with its copy, author and summary", async () => {
    const exam = await createExamWithScale(tdb.db);
    const [a, b] = [await createCopy(tdb.db, exam.id), await createCopy(tdb.db, exam.id)];
    const grader = await createUser(tdb.db, "GRADER");
    const actor = { id: grader.id, role: grader.role, active: true };
    const updates = [
      Uint8Array.of(0),
      new Uint8Array(crypto.randomBytes(1623)),
      Uint8Array.of(0x5c, 0x00, 0xff, 0x27, 0x22, 0x5c, 0x78), // \ NUL ÿ ' " \x
      new Uint8Array(crypto.randomBytes(37)),
      new Uint8Array(crypto.randomBytes(70_000)),
    ];
    // a view into a larger buffer, as socket.io hands an attachment: only its own bytes are stored
    const backing = new Uint8Array(crypto.randomBytes(64));
    updates.push(backing.subarray(10, 20));
    const batch: BatchItem[] = updates.map((update, i) => ({ copyId: i % 2 === 0 ? a.id : b.id, update, actor, origin: SERVER_ORIGIN }));
    const outcomes: ItemOutcome[] = updates.map((_, i) =>
      i === 3 ? { ok: true, duplicate: true } : { ok: true, duplicate: false, summary: { q: [], k: ["annotations"], a: ["pen"], r: i } },
    );
    const client = new pg.Client({ connectionString: tdb.url });
    await client.connect();
    try {
      await client.query("BEGIN");
      const { seqs, stale } = await insertUpdates(client, batch, outcomes, new Map());
      await client.query("COMMIT");
      expect(stale.size).toBe(0);
      expect([...seqs.keys()].sort()).toEqual([0, 1, 2, 4, 5]); // the duplicate is not stored
      const { rows } = await client.query<{ seq: string; copyId: string; data: Buffer; authorId: string; summary: { r: number } }>(
        'SELECT seq, "copyId", data, "authorId", summary FROM "CopyDocUpdate" ORDER BY seq',
      );
      expect(rows.map((r) => Number(r.seq))).toEqual([...seqs.values()].sort((x, y) => x - y));
      for (const [i, seq] of seqs) {
        const row = rows.find((r) => Number(r.seq) === seq)!;
        expect(row.copyId).toBe(batch[i]!.copyId);
        expect(row.authorId).toBe(grader.id);
        expect(row.summary.r).toBe(i);
        expect(Buffer.compare(row.data, Buffer.from(updates[i]!))).toBe(0);
      }
    } finally {
      await client.end();
    }
  });
});
