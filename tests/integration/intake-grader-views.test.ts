// What graders see: their exams with progress, their copies by anonymous code, state, page count
// and lock holder — never a student's identity.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { examWithReadyCopies, startIntake, type IntakeEnv } from "../helpers/intake-setup.ts";

let env: IntakeEnv;
beforeAll(async () => {
  env = await startIntake();
});
afterAll(async () => env?.close());

describe("grader views", () => {
  it("lists the grader's exams and copies without identities", async () => {
    const { examId, copyIds } = await examWithReadyCopies(env, 4, "Philo");
    const grader = await env.as("GRADER");
    const other = await env.as("GRADER");
    const student = await env.tdb.db.student.create({ data: { lastName: "SECRET", firstName: "Nom", ine: "999999999Z" } });
    await env.admin.request("PUT", `/api/copies/${copyIds[0]}/student`, { json: { studentId: student.id } });
    await env.admin.post(`/api/exams/${examId}/dispatch`, { mode: "copies", graderIds: [grader.userId, other.userId] });
    await env.tdb.db.copy.update({ where: { id: copyIds[0] }, data: { state: "GRADED" } });
    await env.tdb.db.copyLock.create({
      data: { copyId: copyIds[2]!, holderId: grader.userId, sessionId: "s", nodeId: "n", expiresAt: new Date(Date.now() + 60_000) },
    });

    const exams = await grader.get("/api/grader/exams");
    expect(exams.status).toBe(200);
    expect(exams.body.exams).toEqual([
      expect.objectContaining({ exam: expect.objectContaining({ id: examId, title: "Philo" }), progress: { done: 1, total: 2 } }),
    ]);

    const copies = await grader.get(`/api/grader/copies?examId=${examId}`);
    expect(copies.body.copies.map((c: { id: string }) => c.id)).toEqual([copyIds[0], copyIds[2]]);
    expect(copies.body.copies[0]).toMatchObject({ state: "GRADED", pageCount: 1, scope: "copy", lock: null });
    expect(copies.body.copies[0].anonymousCode).toMatch(/^[0-9A-F]{4}-001$/);
    expect(copies.body.copies[1].lock).toMatchObject({ mine: true, holderName: expect.stringContaining("GRADER") });
    expect(JSON.stringify(copies.body)).not.toMatch(/SECRET|999999999Z|student/i);
    expect(JSON.stringify(await grader.get(`/api/copies/${copyIds[0]}`))).not.toMatch(/SECRET|999999999Z/);

    expect((await other.get(`/api/grader/copies?examId=${examId}`)).body.copies).toHaveLength(2);
    expect((await grader.get(`/api/exams/${examId}/copies`)).status).toBe(403);
  });
});
