// The soak's data: one exam with a 3-question scale, copies with a real 2-page scan in the media
// store (so renders do real work), graders and supervisors with real passwords (signing in is
// part of the loop). Copies are created and dispatched on demand, as an office would; after
// COPIES_PER_EXAM copies the next ones belong to a new exam (a school's exams are a class or a
// year group: 30 to 300 copies), so what is computed per exam (dashboards, drift) stays the size
// it has in a school instead of growing with the length of the run.
import path from "node:path";
import { setScore } from "../../../collab/index.ts";
import { hashPassword } from "../../../server/auth/password-hash.ts";
import type { Db } from "../../../server/db/client.ts";
import { MediaStore } from "../../../server/storage/media-store.ts";
import { assignCopy, createCopy, createExamWithScale, type TestExam } from "../../../tests/helpers/grading-factories.ts";
import { a4Pdf } from "../../../tests/helpers/intake-pdfs.ts";

export const SOAK_PASSWORD = "Soak-korrigo-2026!";
export const COPIES_PER_EXAM = 200;

export interface SoakUser {
  id: string;
  username: string;
}

export interface World {
  /** the exam new copies go to (the one supervisors watch) */
  readonly exam: TestExam;
  /** every exam of the run so far */
  readonly exams: readonly TestExam[];
  graders: SoakUser[];
  supervisors: SoakUser[];
  /** a fresh copy dispatched to the grader, and its exam */
  nextCopy(graderId: string): Promise<{ copyId: string; exam: TestExam }>;
  /** every score of the copy set, so it can be finalized */
  scoreAll: (doc: import("yjs").Doc, exam: TestExam) => void;
}

export async function createWorld(db: Db, dataDir: string, o: { graders: number; supervisors: number }): Promise<World> {
  const exams = [await createExamWithScale(db)];
  let copiesInExam = 0;
  let opening: Promise<TestExam> | null = null;
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
  const currentExam = async (): Promise<TestExam> => {
    if (copiesInExam < COPIES_PER_EXAM) return exams[exams.length - 1]!;
    opening ??= createExamWithScale(db).then((e) => {
      exams.push(e);
      copiesInExam = 0;
      opening = null;
      return e;
    });
    return opening;
  };
  return {
    get exam() {
      return exams[exams.length - 1]!;
    },
    exams,
    graders,
    supervisors,
    async nextCopy(graderId) {
      const exam = await currentExam();
      copiesInExam++;
      const copy = await createCopy(db, exam.id, { pages: 0 });
      await db.page.createMany({
        data: [0, 1].map((p) => ({ copyId: copy.id, position: p, sourcePath: scan.rel, sourcePage: p, widthPt: 595, heightPt: 842 })),
      });
      await assignCopy(db, copy.id, graderId);
      return { copyId: copy.id, exam };
    },
    scoreAll(doc, exam) {
      exam.questions.forEach((q, i) => setScore(doc, q.id, (i + 1) % (q.maxPoints + 1)));
    },
  };
}
