// Rubric use cases. Reading is open to whoever may read the exam's material (its graders too).
import type { Db } from "../db/client.ts";
import { findExam, isGraderOfExam } from "../exams/exam-lookup.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";
import { currentRubricView, type RubricView } from "./rubric-view.ts";

export class RubricService {
  constructor(private readonly db: Db) {}

  async current(actor: Actor, examId: string): Promise<RubricView> {
    await findExam(this.db, examId);
    authorize(actor, "exam.readMaterial", { assigned: await isGraderOfExam(this.db, actor.id, examId) });
    return currentRubricView(this.db, examId);
  }
}
