// Garbage, truncated, oversized and schema-breaking updates get an error ack with a stable code;
// the stored document stays intact, the node stays up, and a good update still goes through.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import * as Y from "yjs";
import { addAnnotation, newAnnotationId, readCopyDoc } from "../../collab/index.ts";
import { assignCopy, createCopy, createExamWithScale, type TestExam } from "../helpers/grading-factories.ts";
import { openSocket, storedDoc, userWithSession, type SignedInUser } from "../helpers/grading-fixture.ts";
import { request } from "../helpers/grading-session.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let exam: TestExam;
let grader: SignedInUser;
let socket: Socket;
let copyId: string;
/** the writer's view of the doc: only accepted updates are applied to it */
const doc = new Y.Doc();

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  exam = await createExamWithScale(tdb.db);
  grader = await userWithSession(tdb, server.ctx.config.sessionSecret, "GRADER");
  const copy = await createCopy(tdb.db, exam.id);
  copyId = copy.id;
  await assignCopy(tdb.db, copyId, grader.id);
  socket = await openSocket(server.url, grader);
  await request(socket, "copy:join", { copyId });
  expect((await request(socket, "copy:lock", { copyId })).ok).toBe(true);
  expect((await send(edit((d) => addAnnotation(d, annotation())))).ok).toBe(true);
});
afterAll(async () => {
  socket?.disconnect();
  await server?.close();
  await tdb?.drop();
});

function annotation(over: Record<string, unknown> = {}) {
  return {
    id: newAnnotationId(),
    page: 0,
    kind: "box" as const,
    box: { x: 0.2, y: 0.2, w: 0.3, h: 0.1 },
    color: "#1565c0",
    width: 0.003,
    author: grader.id,
    createdAt: 1,
    ...over,
  };
}

/** An update made on a copy of the accepted doc (so it has all its dependencies). */
function edit(change: (d: Y.Doc) => void): Uint8Array {
  const d = new Y.Doc();
  Y.applyUpdate(d, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(d);
  change(d);
  return Y.encodeStateAsUpdate(d, before);
}

async function send(update: Uint8Array | unknown) {
  const ack = await request(socket, "copy:update", { copyId, update });
  if (ack.ok) Y.applyUpdate(doc, update as Uint8Array);
  return ack;
}

async function expectIntact() {
  expect(readCopyDoc(await storedDoc(tdb, copyId))).toEqual(readCopyDoc(doc));
  expect((await fetch(`${server.url}/api/health/live`)).ok).toBe(true);
}

describe("bad updates", () => {
  it("refuses garbage bytes and a non-binary payload", async () => {
    expect(await send(new Uint8Array([0xff, 0xfe, 0x01, 0x02, 0x03]))).toMatchObject({ ok: false, code: "UPDATE_MALFORMED" });
    expect(await send(new Uint8Array(0))).toMatchObject({ ok: false, code: "UPDATE_MALFORMED" });
    expect(await send("not bytes")).toMatchObject({ ok: false, code: "VALIDATION_FAILED" });
    await expectIntact();
  });

  it("refuses a Yjs v2 update and an update carrying no content, instead of acknowledging them as saved", async () => {
    const rowsBefore = await tdb.db.copyDocUpdate.count({ where: { copyId } });
    const d = new Y.Doc();
    Y.applyUpdate(d, Y.encodeStateAsUpdate(doc));
    const before = Y.encodeStateVector(d);
    addAnnotation(d, annotation());
    const v2 = Y.encodeStateAsUpdateV2(d, before);
    expect(await send(v2)).toMatchObject({ ok: false, code: "UPDATE_V2_UNSUPPORTED", message: expect.stringMatching(/v1/) });
    expect(await send(Y.encodeStateAsUpdate(new Y.Doc()))).toMatchObject({ ok: false, code: "UPDATE_EMPTY" }); // [0, 0]
    expect(await send(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc)))).toMatchObject({ ok: false, code: "UPDATE_EMPTY" });
    await expectIntact();
    expect(await tdb.db.copyDocUpdate.count({ where: { copyId } })).toBe(rowsBefore);
  });

  it("refuses a truncated update", async () => {
    const { box: _box, ...common } = annotation();
    const good = edit((d) => addAnnotation(d, { ...common, kind: "pen", points: [0.1, 0.1, 0.2, 0.2, 0.3, 0.25] }));
    expect(await send(good.slice(0, Math.floor(good.length / 2)))).toMatchObject({ ok: false, code: "UPDATE_MALFORMED" });
    await expectIntact();
  });

  it("refuses an update over the size cap, and a frame over the transport limit closes only that connection", async () => {
    const big = edit((d) => d.getText("general").insert(0, "x".repeat(300 * 1024)));
    expect(await send(big)).toMatchObject({ ok: false, code: "UPDATE_TOO_LARGE" });
    const other = await openSocket(server.url, grader);
    const closed = new Promise((resolve) => other.once("disconnect", resolve));
    other.emit("copy:update", { copyId, update: new Uint8Array(2 * 1024 * 1024) });
    await closed;
    await expectIntact();
  });

  it("refuses updates that break the schema", async () => {
    const [q1] = exam.questions;
    const cases: [string, (d: Y.Doc) => void][] = [
      ["score above the maximum", (d) => d.getMap("scores").set(q1!.id, q1!.maxPoints + 1)],
      ["negative score", (d) => d.getMap("scores").set(q1!.id, -1)],
      ["unknown question", (d) => d.getMap("scores").set("00000000-0000-4000-8000-000000000000", 1)],
      [
        "coordinates out of the page",
        (d) => {
          const m = new Y.Map<unknown>();
          d.getMap("annotations").set(newAnnotationId(), m);
          for (const [k, v] of Object.entries({
            page: 0,
            kind: "box",
            box: { x: 0.9, y: 0.5, w: 0.5, h: 0.1 },
            color: "#000000",
            width: 0.002,
            author: grader.id,
            createdAt: 1,
          }))
            m.set(k, v);
        },
      ],
      ["page beyond the copy", (d) => addAnnotation(d, annotation({ page: 7 }))],
      ["unknown top-level type", (d) => d.getMap("evil").set("x", 1)],
      ["formatted general comment", (d) => d.getText("general").insert(0, "gras", { bold: true })],
    ];
    for (const [what, change] of cases) {
      const ack = await send(edit(change));
      expect(ack, what).toMatchObject({ ok: false, code: "SCHEMA_VIOLATION" });
    }
    await expectIntact();
  });

  it("holds an annotation's author to the sender: a forged author is refused, at creation and by an edit", async () => {
    expect(await send(edit((d) => addAnnotation(d, annotation({ author: "someone-else" }))))).toMatchObject({ ok: false, code: "AUTHOR_MISMATCH" });
    const other = crypto.randomUUID();
    expect(await send(edit((d) => addAnnotation(d, annotation({ author: other }))))).toMatchObject({ ok: false, code: "AUTHOR_MISMATCH" });
    const mine = annotation();
    expect(await send(edit((d) => addAnnotation(d, mine)))).toMatchObject({ ok: true });
    const forged = edit((d) => (d.getMap("annotations").get(mine.id) as Y.Map<unknown>).set("author", other));
    expect(await send(forged)).toMatchObject({ ok: false, code: "AUTHOR_MISMATCH" });
    await expectIntact();
    const stored = readCopyDoc(await storedDoc(tdb, copyId)).annotations;
    expect(stored.every((a) => a.author === grader.id)).toBe(true);
  });

  it("refuses an update whose dependencies the server never saw", async () => {
    const d = new Y.Doc();
    Y.applyUpdate(d, Y.encodeStateAsUpdate(doc));
    d.getText("general").insert(0, "never sent");
    const sv = Y.encodeStateVector(d);
    d.getText("general").insert(0, "depends on it: ");
    expect(await send(Y.encodeStateAsUpdate(d, sv))).toMatchObject({ ok: false, code: "UPDATE_MISSING_DEPS" });
    await expectIntact();
  });

  it("still takes a good update, and acknowledges a resend without storing it twice", async () => {
    const good = edit((d) => d.getMap("scores").set(exam.questions[1]!.id, 5.5));
    const first = await send(good);
    expect(first).toMatchObject({ ok: true, seq: expect.any(Number) });
    const rows = await tdb.db.copyDocUpdate.count({ where: { copyId } });
    expect(await send(good)).toMatchObject({ ok: true, seq: first.seq, duplicate: true });
    expect(await tdb.db.copyDocUpdate.count({ where: { copyId } })).toBe(rows);
    await expectIntact();
  });
});
