// The identification desk: copies with their state, link / unlink (a student once per exam),
// absences, progress n/total; each copy keeps its collision-free anonymous code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { examCopies, examWithReadyCopies, startIntake, type IntakeEnv } from "../helpers/intake-setup.ts";

let env: IntakeEnv;
beforeAll(async () => {
  env = await startIntake();
});
afterAll(async () => env?.close());

let made = 0;
async function students(n: number) {
  const out = [];
  for (let i = 0; i < n; i++, made++)
    out.push(
      await env.tdb.db.student.create({
        data: { lastName: `NOM${made}`, firstName: `Prénom${made}`, className: "TG1", ine: `1000000${String(made).padStart(2, "0")}X` },
      }),
    );
  return out;
}

describe("identification", () => {
  it("links, refuses a second copy for the same student, unlinks, and counts progress", async () => {
    const { examId, copyIds } = await examWithReadyCopies(env, 3);
    const [s1, s2] = await students(2);
    const before = await examCopies(env.admin, examId);
    expect(before.progress).toEqual({ total: 3, identified: 0, remaining: 3, absent: 0 });
    expect(before.copies[0]).toMatchObject({ state: "READY", pageCount: 1, student: null });

    const linked = await env.admin.request("PUT", `/api/copies/${copyIds[0]}/student`, { json: { studentId: s1!.id } });
    expect(linked.status).toBe(200);
    expect(linked.body.progress).toEqual({ total: 3, identified: 1, remaining: 2, absent: 0 });
    const twice = await env.admin.request("PUT", `/api/copies/${copyIds[1]}/student`, { json: { studentId: s1!.id } });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe("STUDENT_ALREADY_LINKED");
    expect(twice.body.details.copyId).toBe(copyIds[0]);

    // relinking a copy to another student replaces the link
    expect((await env.admin.request("PUT", `/api/copies/${copyIds[0]}/student`, { json: { studentId: s2!.id } })).status).toBe(200);
    expect((await env.admin.request("PUT", `/api/copies/${copyIds[1]}/student`, { json: { studentId: s1!.id } })).status).toBe(200);
    const filtered = await env.admin.get(`/api/exams/${examId}/copies?identified=false`);
    expect(filtered.body.copies.map((c: { id: string }) => c.id)).toEqual([copyIds[2]]);

    const unlinked = await env.admin.request("DELETE", `/api/copies/${copyIds[1]}/student`);
    expect(unlinked.body.progress.identified).toBe(1);
    expect((await examCopies(env.admin, examId)).copies.find((c) => c.id === copyIds[1])!.student).toBeNull();
  });

  it("marks and unmarks absent students; an absent student cannot be linked and a linked one cannot be absent", async () => {
    const { examId, copyIds } = await examWithReadyCopies(env, 1);
    const [s1, s2] = await students(2);
    const marked = await env.admin.request("PUT", `/api/exams/${examId}/absences/${s2!.id}`);
    expect(marked.body.progress.absent).toBe(1);
    expect((await env.admin.request("PUT", `/api/exams/${examId}/absences/${s2!.id}`)).status).toBe(200); // idempotent
    expect((await env.admin.request("PUT", `/api/copies/${copyIds[0]}/student`, { json: { studentId: s2!.id } })).status).toBe(409);
    await env.admin.request("PUT", `/api/copies/${copyIds[0]}/student`, { json: { studentId: s1!.id } });
    expect((await env.admin.request("PUT", `/api/exams/${examId}/absences/${s1!.id}`)).status).toBe(409);
    const listed = await env.admin.get(`/api/exams/${examId}/copies`);
    expect(listed.body.absences.map((a: { student: { id: string } }) => a.student.id)).toEqual([s2!.id]);
    expect((await env.admin.request("DELETE", `/api/exams/${examId}/absences/${s2!.id}`)).body.progress.absent).toBe(0);
  });

  it("gives every copy a distinct anonymous code, even with concurrent uploads and splits", async () => {
    const a = examWithReadyCopies(env, 6, "A");
    const b = examWithReadyCopies(env, 6, "B");
    const [ra, rb] = await Promise.all([a, b]);
    const codes = await env.tdb.db.copy.findMany({
      where: { examId: { in: [ra.examId, rb.examId] } },
      select: { anonymousCode: true, examId: true, seq: true },
    });
    expect(new Set(codes.map((c) => c.anonymousCode)).size).toBe(12);
    for (const id of [ra.examId, rb.examId])
      expect(
        codes
          .filter((c) => c.examId === id)
          .map((c) => c.seq)
          .sort((x, y) => x - y),
      ).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
