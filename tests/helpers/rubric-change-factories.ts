// Copies with decided documents for rubric change-set tests, written around the DocStore (one
// update row each, then projected), in the state a test needs (GRADED with its frozen hash …).
import type pg from "pg";
import * as Y from "yjs";
import { applyItem, docContentFingerprint, setChecked, setScore } from "../../collab/index.ts";
import type { CopyState, Db } from "../../server/db/client.ts";
import { projectCopies } from "../../server/grading/decision-backfill.ts";
import { createCopy } from "./grading-factories.ts";

export interface Decide {
  items?: Array<[questionId: string, itemId: string, rev: number]>;
  scores?: Record<string, number>;
  checked?: string[];
}

export async function decidedCopy(db: Db, pool: pg.Pool, examId: string, decide: Decide, opts: { state?: CopyState; released?: boolean } = {}) {
  const copy = await createCopy(db, examId, { pages: 0 });
  const doc = new Y.Doc();
  for (const [q, item, rev] of decide.items ?? []) applyItem(doc, q, item, rev);
  for (const [q, s] of Object.entries(decide.scores ?? {})) setScore(doc, q, s);
  for (const q of decide.checked ?? []) setChecked(doc, q, true);
  await db.copyDocUpdate.create({ data: { copyId: copy.id, data: Buffer.from(Y.encodeStateAsUpdate(doc)) } });
  const state = opts.state ?? "READY";
  const frozen = state !== "READY";
  await db.copy.update({
    where: { id: copy.id },
    data: {
      state,
      docHash: frozen ? docContentFingerprint(doc) : null,
      finalizedAt: frozen ? new Date() : null,
      releasedAt: opts.released ? new Date() : null,
    },
  });
  doc.destroy();
  await projectCopies(pool, [copy.id]);
  return copy;
}
