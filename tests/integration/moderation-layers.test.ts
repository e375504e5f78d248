// Per-grader layers and blind second marking (#16 items 1–2) on a real server and PostgreSQL:
// the second marker's layer is a document of its own (own rows, own decisions), and nothing the
// second marker receives — HTTP bodies, acks, socket events — carries the first marking; sampling,
// released copies, withdrawal, both markers finalizing at once, a reopen under second marking, a
// rubric change re-scoring both layers, the layer's compaction and history.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { applyItem, remoteOrigin, setComment, setScore } from "../../collab/index.ts";
import { SECOND_LAYER } from "../../server/grading/decision-projection.ts";
import { compactLayer, readLayerState } from "../../server/moderation/layer-rows.ts";
import { appendLayerUpdate } from "../../server/moderation/layer-store.ts";
import { assignCopy, createCopy, createExamWithScale, type TestExam } from "../helpers/grading-factories.ts";
import { CopySync } from "../helpers/grading-client.ts";
import { tick, waitFor } from "../helpers/grading-fixture.ts";
import { request } from "../helpers/grading-session.ts";
import { person, Recorder, socketOf, type Person } from "../helpers/moderation-world.ts";
import { createRubricVersion } from "../helpers/rubric-factories.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let exam: TestExam;
let sup: Person;
let g1: Person;
let g2: Person;
let g3: Person;
const graders = () => [g1, g2, g3];

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  exam = await createExamWithScale(tdb.db);
  sup = await person(tdb, server.url, "SUPERVISOR");
  [g1, g2, g3] = [await person(tdb, server.url, "GRADER"), await person(tdb, server.url, "GRADER"), await person(tdb, server.url, "GRADER")];
  for (const g of graders()) await assignCopy(tdb.db, (await createCopy(tdb.db, exam.id)).id, g.id); // each grades the exam
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

/** A copy dispatched to `first`, who scores it on the main layer (all questions when `all`). */
async function firstMarked(first: Person, opts: { all?: boolean; state?: "READY" | "GRADED" } = {}) {
  const copy = await createCopy(tdb.db, exam.id, { state: opts.state });
  await assignCopy(tdb.db, copy.id, first.id);
  return copy;
}

async function openMain(p: Person, copyId: string) {
  const socket = await socketOf(server.url, p);
  const sync = new CopySync({ copyId });
  const joined = new Promise<void>((resolve, reject) => {
    sync.on("joined", () => resolve());
    sync.on("refused", (a) => reject(new Error(a.code)));
  });
  sync.attach(socket);
  await joined;
  return sync;
}

async function openLayer(p: Person, copyId: string, rec?: Recorder) {
  const socket = await socketOf(server.url, p, rec);
  const sync = new CopySync({ copyId, layer: "second" });
  const joined = new Promise<void>((resolve, reject) => {
    sync.on("joined", () => resolve());
    sync.on("refused", (a) => reject(new Error(a.code)));
  });
  sync.attach(socket);
  await joined;
  return sync;
}

async function ask(copyIds: string[], extra: Record<string, unknown> = {}) {
  const r = await sup.http.post(`/api/exams/${exam.id}/second-markings`, { mode: "copies", copyIds, ...extra });
  return r;
}

const markerOf = async (copyId: string) => (await tdb.db.secondMarking.findUniqueOrThrow({ where: { copyId } })).markerId!;
const byId = (id: string) => graders().find((g) => g.id === id)!;
const decisions = (copyId: string, layer: string) => tdb.db.questionDecision.findMany({ where: { copyId, layer }, orderBy: { questionId: "asc" } });

describe("blind second marking", () => {
  it("the second marker marks their own layer and never receives anything of the first marking", async () => {
    const copy = await firstMarked(g1);
    const main = await openMain(g1, copy.id);
    expect((await main.takeLock()).ok).toBe(true);
    const firstAnnotation = tick(main.doc, g1.id);
    setComment(main.doc, exam.questions[0]!.id, "COMMENTAIRE-PREMIER-CORRECTEUR");
    setScore(main.doc, exam.questions[0]!.id, 3.25);
    await main.whenSaved();

    const asked = await ask([copy.id]);
    expect(asked.status).toBe(201);
    expect(asked.body.created).toHaveLength(1);
    const marker = byId(await markerOf(copy.id));
    expect(marker.id).not.toBe(g1.id); // never the first marker
    const other = graders().find((g) => g !== marker && g !== g1)!;

    // everything the second marker receives from here on is recorded
    const rec = new Recorder();
    const home = await socketOf(server.url, marker, rec);
    expect((await rec.ask(home, "exam:follow", { examId: exam.id })).ok).toBe(true);
    const otherHome = await socketOf(server.url, other);
    const otherLocks: string[] = [];
    otherHome.on("copy:lock", (m) => otherLocks.push(JSON.stringify(m)));
    expect((await request(otherHome, "exam:follow", { examId: exam.id })).ok).toBe(true);

    // the main layer is closed to them, answering like a missing copy
    expect(await rec.ask(home, "copy:join", { copyId: copy.id })).toMatchObject({ ok: false, code: "NOT_FOUND", message: "Copy not found" });
    expect(await rec.ask(home, "copy:lock", { copyId: copy.id })).toMatchObject({ ok: false });
    expect((await rec.get(marker, `/api/copies/${copy.id}/desk`)).status).toBe(404);
    expect((await rec.get(marker, `/api/copies/${copy.id}/history`)).status).toBe(404);
    expect((await rec.get(marker, `/api/copies/${copy.id}/history/state?seq=1`)).status).toBe(404);
    expect((await rec.get(marker, `/api/copies/${copy.id}/history/who?question=${exam.questions[0]!.id}`)).status).toBe(404);
    expect((await rec.get(marker, `/api/copies/${copy.id}/layers`)).status).toBe(403);
    expect((await rec.get(marker, `/api/copies/${copy.id}/render`)).status).toBeGreaterThanOrEqual(400);
    const rubricUsage = await rec.ask(home, "rubric:usage", { examId: exam.id });
    expect(rubricUsage.ok === false || !JSON.stringify(rubricUsage).includes(copy.id)).toBe(true);

    // their queue, the blind desk and the bare scan
    const queue = await rec.get(marker, "/api/second-markings/mine");
    expect(queue.body.markings.map((m: { copyId: string }) => m.copyId)).toContain(copy.id);
    const desk = await rec.get(marker, `/api/copies/${copy.id}/layers/second`);
    expect(desk.status).toBe(200);
    expect(desk.body).toMatchObject({ canWrite: true, layer: "second", copy: { id: copy.id, anonymousCode: copy.anonymousCode } });
    expect((await rec.get(marker, `/api/copies/${copy.id}`)).status).toBe(200);

    // the second layer: its own document and its own decisions
    const layer = await openLayer(marker, copy.id, rec);
    expect(layer.readOnly).toBe(false);
    tick(layer.doc, marker.id);
    setComment(layer.doc, exam.questions[0]!.id, "AVIS-SECOND");
    setScore(layer.doc, exam.questions[0]!.id, 2);
    setScore(layer.doc, exam.questions[1]!.id, 4);
    await layer.whenSaved();
    expect((await decisions(copy.id, SECOND_LAYER)).map((d) => d.score)).toHaveLength(2);
    expect((await decisions(copy.id, "")).map((d) => d.score)).toEqual([3.25]); // the main layer's rows untouched
    expect(layer.doc.getMap("annotations").has(firstAnnotation)).toBe(false);

    // the first marker keeps working on the main layer meanwhile: locks, strokes, marks
    const secondTick = tick(main.doc, g1.id);
    setScore(main.doc, exam.questions[1]!.id, 5.5);
    await main.whenSaved();
    await request(main.socket!, "copy:unlock", { copyId: copy.id });
    expect((await main.takeLock()).ok).toBe(true);
    await waitFor(() => otherLocks.some((m) => m.includes(g1.displayName)), 10_000, "a follower told who holds the lock");

    // unscored → refused; then finalized by the marker (socket), read-only afterwards
    const refused = await rec.ask(layer.socket!, "copy:finalize", { copyId: copy.id, layer: "second" });
    expect(refused).toMatchObject({ ok: false, code: "UNSCORED_QUESTIONS" });
    setScore(layer.doc, exam.questions[2]!.id, 7);
    await layer.whenSaved();
    const done = await rec.ask(layer.socket!, "copy:finalize", { copyId: copy.id, layer: "second" });
    expect(done).toMatchObject({ ok: true, status: "DONE", alreadyFinalized: false });
    expect((await tdb.db.secondMarking.findUniqueOrThrow({ where: { copyId: copy.id } })).status).toBe("DONE");
    expect((await rec.post(marker, `/api/copies/${copy.id}/layers/second/finalize`)).body).toMatchObject({ alreadyFinalized: true });
    expect((await rec.get(marker, `/api/copies/${copy.id}/layers/second/history`)).body.entries.length).toBeGreaterThanOrEqual(2);

    const leaks = rec.leaks([firstAnnotation, secondTick, "COMMENTAIRE-PREMIER-CORRECTEUR", "3.25", "5.5", g1.displayName, g1.id]);
    expect(leaks).toEqual([]);
    expect(rec.seen.length).toBeGreaterThan(10);

    // the supervisor sees both layers side by side
    const view = await sup.http.get(`/api/copies/${copy.id}/layers`);
    expect(view.status).toBe(200);
    expect(view.body.questions.map((q: { first: number | null; second: number | null }) => [q.first, q.second])).toEqual([
      [3.25, 2],
      [5.5, 4],
      [null, 7],
    ]);
    expect(view.body.marking).toMatchObject({ status: "DONE", firstMarker: { id: g1.id }, marker: { id: marker.id } });
    expect(view.body.questions[0].comments).toEqual({ first: "COMMENTAIRE-PREMIER-CORRECTEUR", second: "AVIS-SECOND" });
    expect(view.body.annotations).toEqual({ first: 2, second: 1 });
    // marks more than the tolerance apart: nothing agreed yet, each question waits for the supervisor
    expect(view.body.questions.map((q: { agreed: unknown }) => q.agreed)).toEqual([null, null, null]);
    for (const s of [home, otherHome, layer.socket!, main.socket!]) s.disconnect();
  });

  it("a supervisor joins the second layer read-only and sees its updates live", async () => {
    const copy = await firstMarked(g2);
    await ask([copy.id]);
    const marker = byId(await markerOf(copy.id));
    const layer = await openLayer(marker, copy.id);
    const watcher = await openLayer(sup, copy.id);
    expect(watcher.readOnly).toBe(true);
    setScore(layer.doc, exam.questions[0]!.id, 1.5);
    await layer.whenSaved();
    await waitFor(() => watcher.doc.getMap("scores").get(exam.questions[0]!.id) === 1.5, 10_000, "the supervisor's copy of the layer");
    const refused = await request(watcher.socket!, "copy:update", { copyId: copy.id, layer: "second", update: new Uint8Array([0, 0]) });
    expect(refused.ok).toBe(false);
    layer.destroy();
    watcher.destroy();
  });
});

describe("asking for second markings", () => {
  it("samples every first marker, never dispatches to the first marker, skips copies already asked", async () => {
    const e = await createExamWithScale(tdb.db);
    const firsts: Record<string, string> = {};
    for (const [g, n] of [
      [g1, 6],
      [g2, 4],
      [g3, 2],
    ] as const) {
      for (let i = 0; i < n; i++) {
        const c = await createCopy(tdb.db, e.id);
        await assignCopy(tdb.db, c.id, g.id);
        firsts[c.id] = g.id;
      }
    }
    const r = await sup.http.post(`/api/exams/${e.id}/second-markings`, { mode: "percent", percent: 25 });
    expect(r.status).toBe(201);
    const created = r.body.created as Array<{ copyId: string; markerId: string }>;
    const perFirst = created.reduce<Record<string, number>>((m, c) => ({ ...m, [firsts[c.copyId]!]: (m[firsts[c.copyId]!] ?? 0) + 1 }), {});
    expect(perFirst).toEqual({ [g1.id]: 2, [g2.id]: 1, [g3.id]: 1 });
    for (const c of created) expect(c.markerId).not.toBe(firsts[c.copyId]);

    const again = await sup.http.post(`/api/exams/${e.id}/second-markings`, { mode: "copies", copyIds: created.map((c) => c.copyId) });
    expect(again.status).toBe(201);
    expect(again.body.created).toEqual([]);
    expect(again.body.skipped.map((s: { copyId: string }) => s.copyId).sort()).toEqual(created.map((c) => c.copyId).sort());

    const list = await sup.http.get(`/api/exams/${e.id}/second-markings`);
    expect(list.body.markings).toHaveLength(created.length);
    expect(list.body.markings[0]).toMatchObject({ status: "GRADING", firstMarker: { id: expect.any(String) }, marker: { id: expect.any(String) } });
    expect(await tdb.db.auditEvent.count({ where: { action: "moderation.secondMarkingRequested", targetId: e.id } })).toBe(2);
  });

  it("refuses a released copy unless reopened explicitly", async () => {
    const copy = await firstMarked(g1);
    await tdb.db.copy.update({ where: { id: copy.id }, data: { releasedAt: new Date() } });
    const refused = await ask([copy.id]);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("COPY_RELEASED");
    expect(await tdb.db.secondMarking.count({ where: { copyId: copy.id } })).toBe(0);
    const reopened = await ask([copy.id], { reopen: true });
    expect(reopened.status).toBe(201);
    expect(reopened.body.reopened).toEqual([copy.id]);
  });

  it("refuses bad input and forged ids without changing anything", async () => {
    const before = await tdb.db.secondMarking.count();
    for (const body of [
      { mode: "percent", percent: 0 },
      { mode: "percent", percent: 101 },
      { mode: "count", count: 1.5 },
      { mode: "copies", copyIds: [] },
      { mode: "copies", copyIds: ["nope"] },
      { mode: "what" },
      { mode: "count", count: 2, extra: 1 },
    ]) {
      expect((await sup.http.post(`/api/exams/${exam.id}/second-markings`, body)).status).toBe(400);
    }
    const foreign = await createCopy(tdb.db, (await createExamWithScale(tdb.db)).id);
    expect((await ask([foreign.id])).status).toBe(404);
    expect((await sup.http.post(`/api/exams/00000000-0000-4000-8000-000000000000/second-markings`, { mode: "count", count: 1 })).status).toBe(404);
    expect(await tdb.db.secondMarking.count()).toBe(before);
  });

  it("a withdrawn marking closes the layer to its marker and leaves the projection", async () => {
    const copy = await firstMarked(g3);
    await ask([copy.id]);
    const marker = byId(await markerOf(copy.id));
    const layer = await openLayer(marker, copy.id);
    setScore(layer.doc, exam.questions[0]!.id, 1);
    await layer.whenSaved();
    expect(await decisions(copy.id, SECOND_LAYER)).toHaveLength(1);
    const del = await sup.http.request("DELETE", `/api/exams/${exam.id}/second-markings/${copy.id}`);
    expect(del.status).toBe(200);
    expect(del.body.status).toBe("CANCELLED");
    expect(await decisions(copy.id, SECOND_LAYER)).toHaveLength(0);
    const refused = await request(layer.socket!, "copy:update", { copyId: copy.id, layer: "second", update: new Uint8Array([0, 0]) });
    expect(refused).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await request(layer.socket!, "copy:join", { copyId: copy.id, layer: "second" })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    // asked again: a blank layer for the new marker
    await ask([copy.id]);
    const again = await tdb.db.secondMarking.findUniqueOrThrow({ where: { copyId: copy.id } });
    expect(again.status).toBe("GRADING");
    expect((await readLayerState(server.ctx.pool, copy.id, SECOND_LAYER)).state).toBeNull();
    layer.destroy();
  });
});

describe("revoked sessions", () => {
  it("a layer write whose session was revoked before this node heard of it is refused and stores nothing", async () => {
    const copy = await firstMarked(g1);
    await ask([copy.id]);
    const marker = byId(await markerOf(copy.id));
    const doc = new Y.Doc();
    setScore(doc, exam.questions[0]!.id, 1);
    const input = {
      copyId: copy.id,
      layer: SECOND_LAYER,
      update: Y.encodeStateAsUpdate(doc),
      actor: { id: marker.id, role: "GRADER" as const, active: true },
      origin: remoteOrigin("s"),
    };
    // a session id with no row: what a node sees after the revocation committed and before its notice arrived
    await expect(appendLayerUpdate(server.ctx.pool, { ...input, sessionId: "revoked-session" })).rejects.toMatchObject({ code: "SESSION_EXPIRED" });
    expect((await readLayerState(server.ctx.pool, copy.id, SECOND_LAYER)).state).toBeNull();
    expect(await decisions(copy.id, SECOND_LAYER)).toHaveLength(0);
    doc.destroy();
  });
});

describe("races", () => {
  it("both markers finalizing at the same moment: both succeed, once each", async () => {
    const copy = await firstMarked(g1);
    const main = await openMain(g1, copy.id);
    expect((await main.takeLock()).ok).toBe(true);
    exam.questions.forEach((q, i) => setScore(main.doc, q.id, i + 1));
    await main.whenSaved();
    await ask([copy.id]);
    const marker = byId(await markerOf(copy.id));
    const layer = await openLayer(marker, copy.id);
    exam.questions.forEach((q, i) => setScore(layer.doc, q.id, i + 0.5));
    await layer.whenSaved();

    const [mainDone, layerHttp, layerSocket] = await Promise.all([
      g1.http.post(`/api/copies/${copy.id}/finalize`),
      marker.http.post(`/api/copies/${copy.id}/layers/second/finalize`),
      request(layer.socket!, "copy:finalize", { copyId: copy.id, layer: "second" }),
    ]);
    expect(mainDone.status).toBe(202);
    expect(layerHttp.status).toBe(200);
    expect(layerSocket.ok).toBe(true);
    expect([layerHttp.body.alreadyFinalized, layerSocket.alreadyFinalized].sort()).toEqual([false, true]);
    expect((await tdb.db.copy.findUniqueOrThrow({ where: { id: copy.id } })).state).toMatch(/FINALIZING|GRADED|RENDER_FAILED/);
    expect((await tdb.db.secondMarking.findUniqueOrThrow({ where: { copyId: copy.id } })).status).toBe("DONE");
    expect(await tdb.db.auditEvent.count({ where: { action: "moderation.secondMarkingFinalized", targetId: copy.id } })).toBe(1);
    // both markings settled, in whichever order: the reconciliation is there, every question within
    // the exam's tolerance (0.5 apart) agreed by its rule, with the two marks it was made on
    const rec = await sup.http.get(`/api/copies/${copy.id}/reconciliation`);
    expect(rec.status).toBe(200);
    expect(rec.body.questions.map((q: { first: number; second: number; state: string; auto: boolean }) => [q.first, q.second, q.state, q.auto])).toEqual(
      exam.questions.map((_q, i) => [i + 1, i + 0.5, "agreed", true]),
    );
    expect(rec.body.pending).toBe(0);
    main.destroy();
    layer.destroy();
  });

  it("the first marking changed beyond the tolerance before its finalize: its question waits for the supervisor", async () => {
    const copy = await firstMarked(g1);
    const main = await openMain(g1, copy.id);
    expect((await main.takeLock()).ok).toBe(true);
    exam.questions.forEach((q, i) => setScore(main.doc, q.id, i + 1));
    await main.whenSaved();
    await ask([copy.id]);
    const marker = byId(await markerOf(copy.id));
    const layer = await openLayer(marker, copy.id);
    exam.questions.forEach((q, i) => setScore(layer.doc, q.id, i + 1));
    await layer.whenSaved();
    expect((await marker.http.post(`/api/copies/${copy.id}/layers/second/finalize`)).status).toBe(200);
    const states = async () => ((await sup.http.get(`/api/copies/${copy.id}/reconciliation`)).body.questions as Array<{ state: string }>).map((q) => q.state);
    expect(await states()).toEqual(exam.questions.map(() => "agreed"));

    // the first marker, still at work, moves question 1 by a point, then finalizes: the finalize refreshes
    setScore(main.doc, exam.questions[0]!.id, 2);
    await main.whenSaved();
    expect((await g1.http.post(`/api/copies/${copy.id}/finalize`)).status).toBe(202);
    expect(await states()).toEqual(exam.questions.map((_q, i) => (i === 0 ? "pending" : "agreed")));
    main.destroy();
    layer.destroy();
  });

  it("reopening a copy under second marking keeps the marking going, blind", async () => {
    const copy = await firstMarked(g2, { state: "GRADED" });
    await ask([copy.id]);
    const marker = byId(await markerOf(copy.id));
    const layer = await openLayer(marker, copy.id);
    const reopened = await sup.http.post(`/api/copies/${copy.id}/reopen`);
    expect(reopened.status).toBe(200);
    expect(reopened.body.state).toBe("READY");
    expect((await tdb.db.secondMarking.findUniqueOrThrow({ where: { copyId: copy.id } })).status).toBe("GRADING");
    setScore(layer.doc, exam.questions[0]!.id, 2);
    await layer.whenSaved(); // still writable
    expect(await request(layer.socket!, "copy:join", { copyId: copy.id })).toMatchObject({ ok: false, code: "NOT_FOUND" }); // and still blind
    layer.destroy();
  });

  it("a rubric change re-scores both layers", async () => {
    const e = await createExamWithScale(tdb.db);
    const q0 = e.questions[0]!.id;
    const itemId = crypto.randomUUID();
    await createRubricVersion(tdb.db, e.id, { [q0]: { items: [{ id: itemId, label: "Méthode", points: 1 }] } });
    const copy = await createCopy(tdb.db, e.id);
    await assignCopy(tdb.db, copy.id, g1.id);
    await assignCopy(tdb.db, (await createCopy(tdb.db, e.id)).id, g2.id);
    const main = await openMain(g1, copy.id);
    expect((await main.takeLock()).ok).toBe(true);
    applyItem(main.doc, q0, itemId, 1);
    await main.whenSaved();
    const asked = await sup.http.post(`/api/exams/${e.id}/second-markings`, { mode: "copies", copyIds: [copy.id] });
    expect(asked.body.created[0].markerId).toBe(g2.id);
    const layer = await openLayer(g2, copy.id);
    applyItem(layer.doc, q0, itemId, 1);
    await layer.whenSaved();
    const marks = async () => (await sup.http.get(`/api/copies/${copy.id}/layers`)).body.questions[0];
    expect(await marks()).toMatchObject({ first: 1, second: 1 });
    // the supervisor changes the item's points through the rubric editor's route (the re-score path)
    const applied = await sup.http.post(`/api/exams/${e.id}/rubric/apply`, {
      baseVersion: 1,
      questions: { [q0]: { mode: "positive", bonusMax: 0, items: [{ id: itemId, label: "Méthode", points: 3 }] } },
    });
    expect(applied.status).toBe(200);
    expect(await marks()).toMatchObject({ first: 3, second: 3 });
    main.destroy();
    layer.destroy();
  });
});

describe("the layer's store", () => {
  it("compaction folds the layer into a snapshot and keeps its updates as history", async () => {
    const copy = await firstMarked(g3);
    await ask([copy.id]);
    const marker = byId(await markerOf(copy.id));
    const layer = await openLayer(marker, copy.id);
    for (let i = 0; i < 5; i++) {
      tick(layer.doc, marker.id);
      await layer.whenSaved();
    }
    const before = await readLayerState(server.ctx.pool, copy.id, SECOND_LAYER);
    expect(await compactLayer(server.ctx.pool, copy.id, SECOND_LAYER)).toEqual({ upToSeq: before.seq });
    expect(await tdb.db.layerDocUpdate.count({ where: { copyId: copy.id } })).toBe(5);
    const fresh = await openLayer(marker, copy.id);
    expect(fresh.doc.getMap("annotations").size).toBe(5);
    tick(layer.doc, marker.id);
    await layer.whenSaved();
    await waitFor(() => fresh.doc.getMap("annotations").size === 6, 10_000, "the update after the snapshot");
    expect((await marker.http.get(`/api/copies/${copy.id}/layers/second/history`)).body.entries).toHaveLength(6);
    layer.destroy();
    fresh.destroy();
  });
});
