// The soak's data: one exam with a 3-question scale, copies with a real 2-page scan in the media
// store (so renders do real work), graders and supervisors with real passwords (signing in is
// part of the loop). Copies are created and dispatched on demand, as an office would.
import path from "node:path";
import { setScore } from "../../../collab/index.ts";
import { hashPassword } from "../../../server/auth/password-hash.ts";
import type { Db } from "../../../server/db/client.ts";
import { MediaStore } from "../../../server/storage/media-store.ts";
import { assignCopy, createCopy, createExamWithScale, type TestExam } from "../../../tests/helpers/grading-factories.ts";
import { a4Pdf } from "../../../tests/helpers/intake-pdfs.ts";

export const SOAK_PASSWORD = "Soak-korrigo-2026!";

export interface SoakUser {
  id: string;
  username: string;
}

export interface World {
  exam: TestExam;
  graders: SoakUser[];
  supervisors: SoakUser[];
  /** a fresh copy dispatched to the grader */
  nextCopy(graderId: string): Promise<string>;
  /** every score of the copy set, so it can be finalized */
  scoreAll: (doc: import("yjs").Doc) => void;
}

export async function createWorld(db: Db, dataDir: string, o: { graders: number; supervisors: number }): Promise<World> {
  const exam = await createExamWithScale(db);
  const media = new MediaStore(path.join(dataDir, "media"));
  const scan = await media.putBytes("scans", await a4Pdf(2, { label: "Soak page " }), "pdf");
  const passwordHash = await hashPassword(SOAK_PASSWORD);
  const stamp = Date.now().toString(36);
  const make = async (role: "GRADER" | "SUPERVISOR", i: number) => {
    const u = await db.user.create({ data: { username: `soak-${role.toLowerCase()}-${i}-${stamp}`, displayName: `Soak ${role} ${i}`, role, passwordHash } });
    return { id: u.id, username: u.username };
  };
  const graders = await Promise.all(Array.from({ length: o.graders }, (_, i) => make("GRADER", i)));
  const supervisors = await Promise.all(Array.from({ length: o.supervisors }, (_, i) => make("SUPERVISOR", i)));
  return {
    exam,
    graders,
    supervisors,
    async nextCopy(graderId) {
      const copy = await createCopy(db, exam.id, { pages: 0 });
      await db.page.createMany({
        data: [0, 1].map((p) => ({ copyId: copy.id, position: p, sourcePath: scan.rel, sourcePage: p, widthPt: 595, heightPt: 842 })),
      });
      await assignCopy(db, copy.id, graderId);
      return copy.id;
    },
    scoreAll(doc) {
      exam.questions.forEach((q, i) => setScore(doc, q.id, (i + 1) % (q.maxPoints + 1)));
    },
  };
}
