// Rubric changes reach open desks at once: a version made current (created through the factory and
// published as rubric.changed, as the rubric service does) arrives as rubric:changed at every desk
// open on a copy of the exam and at its dashboards, not elsewhere; item usage counts are answered on
// request and pushed when documents change; access per role and garbage payloads.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyItem } from "../../collab/index.ts";
import { publishEvent } from "../../server/db/events.ts";
import { assignCopy, createCopy, createExamWithScale, type TestExam } from "../helpers/grading-factories.ts";
import { openCopy, openSocket, signedInUser, type SignedInUser } from "../helpers/grading-fixture.ts";
import { request } from "../helpers/grading-session.ts";
import { createRubricVersion } from "../helpers/rubric-factories.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let exam: TestExam;
let other: TestExam;
let grader: SignedInUser;
let q1: string;

const rubric = (points: number) => ({
  [q1]: {
    items: [
      { id: "juste", label: "Raisonnement complet", points },
      { id: "unites", label: "Unités", points: 1 },
    ],
  },
});

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  exam = await createExamWithScale(tdb.db);
  other = await createExamWithScale(tdb.db);
  q1 = exam.questions[0]!.id;
  grader = await signedInUser(tdb, server.url, "GRADER");
  await createRubricVersion(tdb.db, exam.id, rubric(3));
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

async function newVersion(examId: string, points: number) {
  const v = await createRubricVersion(tdb.db, examId, examId === exam.id ? rubric(points) : {});
  await publishEvent(tdb.db, { type: "rubric.changed", examId, version: v.number } as { type: string });
  return v;
}

function collect(socket: { on(ev: string, fn: (m: any) => void): unknown }, event: string) {
  const got: any[] = [];
  socket.on(event, (m) => got.push(m));
  return got;
}

describe("rubric:changed", () => {
  it("reaches every desk open on a copy of the exam and its dashboards, not the desks of another exam", async () => {
    const [c1, c2, cOther] = [await createCopy(tdb.db, exam.id), await createCopy(tdb.db, exam.id), await createCopy(tdb.db, other.id)];
    const g2 = await signedInUser(tdb, server.url, "GRADER");
    await assignCopy(tdb.db, c1.id, grader.id);
    await assignCopy(tdb.db, c2.id, g2.id);
    await assignCopy(tdb.db, cOther.id, grader.id);
    const d1 = await openCopy(server.url, grader, c1.id);
    const d2 = await openCopy(server.url, g2, c2.id);
    const dOther = await openCopy(server.url, grader, cOther.id);
    const supervisor = await signedInUser(tdb, server.url, "SUPERVISOR");
    const dash = await openSocket(server.url, supervisor);
    expect((await request(dash, "exam:watch", { examId: exam.id })).ok).toBe(true);
    const got = [
      collect(d1.socket!, "rubric:changed"),
      collect(d2.socket!, "rubric:changed"),
      collect(dOther.socket!, "rubric:changed"),
      collect(dash, "rubric:changed"),
    ];

    const v = await newVersion(exam.id, 2);
    await expect.poll(() => got.slice(0, 2).map((g) => g.length), { timeout: 20_000 }).toEqual([1, 1]);
    await expect.poll(() => got[3]!.length, { timeout: 20_000 }).toBe(1);
    expect(got[0]![0]).toEqual({ examId: exam.id, version: v.number });
    expect(got[2]).toEqual([]);

    // a desk that left its copy gets nothing more
    await request(d2.socket!, "copy:leave", { copyId: c2.id });
    await newVersion(exam.id, 2.5);
    await expect.poll(() => got[0]!.length, { timeout: 20_000 }).toBe(2);
    expect(got[1]!.length).toBe(1); // one emit to the desk room: d1 got it, d2 would have too
    // malformed events are dropped
    await publishEvent(tdb.db, { type: "rubric.changed", examId: exam.id, version: "x" } as { type: string });
    await publishEvent(tdb.db, { type: "rubric.changed", version: 3 } as { type: string });
    await newVersion(exam.id, 3);
    await expect.poll(() => got[0]!.length, { timeout: 20_000 }).toBe(3);
    expect(got[0]!.every((m) => typeof m.version === "number")).toBe(true);
    for (const d of [d1, d2, dOther]) d.destroy();
    dash.disconnect();
  });

  it("a desk that applies an item of the old version is refused RUBRIC_STALE, then applies the current one", async () => {
    const copy = await createCopy(tdb.db, exam.id);
    await assignCopy(tdb.db, copy.id, grader.id);
    const desk = await openCopy(server.url, grader, copy.id);
    expect((await desk.takeLock()).ok).toBe(true);
    const refused: string[] = [];
    desk.on("refused", (ack) => refused.push(ack.code));
    const changed = collect(desk.socket!, "rubric:changed");
    const before = (await tdb.db.exam.findUniqueOrThrow({ where: { id: exam.id } })).rubricVersion;
    const v = await newVersion(exam.id, 4);
    await expect.poll(() => changed.length, { timeout: 20_000 }).toBe(1);
    applyItem(desk.doc, q1, "juste", before);
    await desk.whenSaved();
    expect(refused).toEqual(["RUBRIC_STALE"]);
    await desk.ready();
    applyItem(desk.doc, q1, "juste", v.number);
    await desk.whenSaved();
    expect(refused).toEqual(["RUBRIC_STALE"]);
    desk.destroy();
  });
});

describe("rubric:usage", () => {
  it("answers the counts per question and item, and pushes fresh ones when a document changes", async () => {
    const current = (await tdb.db.exam.findUniqueOrThrow({ where: { id: exam.id } })).rubricVersion;
    const copies = [await createCopy(tdb.db, exam.id), await createCopy(tdb.db, exam.id)];
    for (const c of copies) await assignCopy(tdb.db, c.id, grader.id);
    const a = await openCopy(server.url, grader, copies[0]!.id);
    expect((await a.takeLock()).ok).toBe(true);
    const pushed = collect(a.socket!, "rubric:usage");
    const start = await request(a.socket!, "rubric:usage", { examId: exam.id });
    expect(start.ok).toBe(true);
    const base = start.usage[q1]?.unites ?? 0;
    applyItem(a.doc, q1, "unites", current);
    await a.whenSaved();
    await expect.poll(() => pushed.at(-1)?.usage?.[q1]?.unites, { timeout: 20_000 }).toBe(base + 1);
    const b = await openCopy(server.url, grader, copies[1]!.id);
    expect((await b.takeLock()).ok).toBe(true);
    applyItem(b.doc, q1, "unites", current);
    await b.whenSaved();
    await expect.poll(() => pushed.at(-1)?.usage?.[q1]?.unites, { timeout: 20_000 }).toBe(base + 2);
    a.destroy();
    b.destroy();
  });

  it("access: a grader of another exam is refused like an unknown exam; garbage is refused", async () => {
    const stranger = await signedInUser(tdb, server.url, "GRADER");
    const s = await openSocket(server.url, stranger);
    const r1 = await request(s, "rubric:usage", { examId: exam.id });
    const r2 = await request(s, "rubric:usage", { examId: "00000000-0000-4000-8000-000000000000" });
    expect(r1.ok).toBe(false);
    expect(r2.code).toBe(r1.code);
    for (const bad of [null, "x", { examId: 12 }, { examId: "not-a-uuid" }, { examId: exam.id, extra: "x".repeat(100_000) }]) {
      const r = await request(s, "rubric:usage", bad);
      if (bad && typeof bad === "object" && "extra" in bad) continue; // extra keys are ignored by the schema
      expect(r.ok).toBe(false);
    }
    const supervisor = await signedInUser(tdb, server.url, "SUPERVISOR");
    const sup = await openSocket(server.url, supervisor);
    expect((await request(sup, "rubric:usage", { examId: exam.id })).ok).toBe(true);
    s.disconnect();
    sup.disconnect();
  });
});
