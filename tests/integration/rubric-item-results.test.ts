// Rubric items wherever results show, besides the portal and the PDF: the per-item CSV export (one
// row per counted item or adjustment; formula-safe; admins only), the per-item statistics on the
// supervisor's dashboard (share of copies that got each item, per question), pushed live when a
// grader applies an item, and the marks CSV keeping one total per copy computed from the rubric.
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyItem, setAdjustment, setScore } from "../../collab/index.ts";
import { assignCopy, createCopy, createExamWithScale, type TestExam } from "../helpers/grading-factories.ts";
import { openCopy, openSocket, signedInUser, waitFor, type SignedInUser } from "../helpers/grading-fixture.ts";
import { request } from "../helpers/grading-session.ts";
import { createRubricVersion } from "../helpers/rubric-factories.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let exam: TestExam;
let grader: SignedInUser;
let supervisor: SignedInUser;
let admin: SignedInUser;
let q1: string;
let q2: string;
let q3: string;
const codes: string[] = [];

const get = (user: { cookie: string }, url: string) => fetch(server.url + url, { headers: { cookie: user.cookie } });

async function grade(apply: (doc: import("yjs").Doc) => void) {
  const copy = await createCopy(tdb.db, exam.id);
  codes.push(copy.anonymousCode);
  await assignCopy(tdb.db, copy.id, grader.id);
  const desk = await openCopy(server.url, grader, copy.id);
  expect((await desk.takeLock()).ok).toBe(true);
  const refused: string[] = [];
  desk.on("refused", (ack) => refused.push(ack.code));
  apply(desk.doc);
  await desk.whenSaved();
  expect(refused).toEqual([]);
  desk.destroy();
  return copy;
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  exam = await createExamWithScale(tdb.db);
  [q1, q2, q3] = exam.questions.map((q) => q.id) as [string, string, string];
  [grader, supervisor, admin] = await Promise.all([
    signedInUser(tdb, server.url, "GRADER"),
    signedInUser(tdb, server.url, "SUPERVISOR"),
    signedInUser(tdb, server.url, "ADMIN"),
  ]);
  await createRubricVersion(tdb.db, exam.id, {
    [q1]: {
      items: [
        { id: "juste", label: "Raisonnement complet", points: 3, group: "niveau" },
        { id: "partiel", label: "=Partiel", points: 1.5, group: "niveau" },
        { id: "unites", label: "Unités", points: 1 },
      ],
    },
    [q2]: { mode: "negative", items: [{ id: "signe", label: "Erreur de signe", points: -1 }] },
  });
  await grade((d) => {
    applyItem(d, q1, "juste", 1);
    applyItem(d, q1, "unites", 1);
    applyItem(d, q2, "signe", 1);
    setScore(d, q3, 4);
  });
  await grade((d) => {
    applyItem(d, q1, "partiel", 1);
    setAdjustment(d, q2, { points: -0.5, comment: "=présentation" });
  });
  await grade((d) => setScore(d, q3, 2)); // q1, q2 not graded yet
}, 120_000);
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

describe("per-item statistics", () => {
  it("gives per question the share of graded copies that got each item, in the rubric's order", async () => {
    const r = await get(supervisor, `/api/supervision/exams/${exam.id}/stats`);
    expect(r.status).toBe(200);
    const { items } = (await r.json()) as { items: any[] };
    expect(items.map((q) => [q.questionId, q.graded])).toEqual([
      [q1, 2],
      [q2, 2],
    ]);
    expect(items[0].items.map((i: any) => [i.id, i.count, i.share])).toEqual([
      ["juste", 1, 0.5],
      ["partiel", 1, 0.5],
      ["unites", 1, 0.5],
    ]);
    expect(items[1].items.map((i: any) => [i.label, i.points, i.count, i.share])).toEqual([["Erreur de signe", -1, 1, 0.5]]);
  });

  it("is pushed live to the exam's dashboards when a grader applies an item", async () => {
    const watcher: Socket = await openSocket(server.url, supervisor);
    try {
      expect(await request(watcher, "exam:watch", { examId: exam.id })).toEqual({ ok: true });
      const pushes: any[] = [];
      watcher.on("exam:stats", (m) => pushes.push(m));
      await grade((d) => applyItem(d, q1, "unites", 1));
      await waitFor(() => pushes.some((p) => p.stats.items[0]?.items.find((i: any) => i.id === "unites")?.count === 2), 20_000, "exam:stats with the new item");
      const last = pushes.at(-1).stats.items[0];
      expect(last.graded).toBe(3);
    } finally {
      watcher.disconnect();
    }
  });
});

describe("per-item export", () => {
  it("one row per counted item and adjustment, in copy and scale order, formula-safe", async () => {
    const r = await get(admin, `/api/exports/exams/${exam.id}/items.csv`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(r.headers.get("content-disposition")).toMatch(/attachment; filename=".*_items\.csv"/);
    const lines = (await r.text()).split("\r\n").filter(Boolean);
    const path1 = exam.questions[0]!;
    expect(lines[0]).toBe("code_anonyme,etat,question,item,points");
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(new RegExp(`^${codes[0]},READY,.*,Raisonnement complet,3$`)),
      expect.stringMatching(new RegExp(`^${codes[0]},READY,.*,Unités,1$`)),
      expect.stringMatching(new RegExp(`^${codes[0]},READY,.*,Erreur de signe,-1$`)),
      expect.stringMatching(new RegExp(`^${codes[1]},READY,.*,'=Partiel,1.5$`)),
      expect.stringMatching(new RegExp(`^${codes[1]},READY,.*,Ajustement : =présentation,-0.5$`)),
      expect.stringMatching(new RegExp(`^${codes[3]},READY,.*,Unités,1$`)),
    ]);
    expect(path1.id).toBe(q1);
    const audit = await tdb.db.auditEvent.count({ where: { action: "export.items", targetId: exam.id } });
    expect(audit).toBe(1);
  });

  it("answers 404 for an unknown exam, 400 for a malformed id, 403 for anyone but an admin", async () => {
    expect((await get(admin, `/api/exports/exams/6f1d3c55-2b0a-4c39-9d1e-8a51c0f4e2b7/items.csv`)).status).toBe(404);
    expect((await get(admin, `/api/exports/exams/nope/items.csv`)).status).toBe(400);
    for (const u of [grader, supervisor, await signedInUser(tdb, server.url, "STUDENT")])
      expect((await get(u, `/api/exports/exams/${exam.id}/items.csv`)).status).toBe(403);
    expect((await fetch(`${server.url}/api/exports/exams/${exam.id}/items.csv`)).status).toBe(401);
  });
});
