// A grader's home learns at once that it was given copies (or lost them): dispatch publishes who
// changed, each node tells those graders' sockets `grader:assignments { examId }`, and a grader left
// with no copy of the exam stops receiving its live events.
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishCopyState } from "../../server/render/copy-events.ts";
import { createCopy } from "../helpers/grading-factories.ts";
import { openSocket, waitFor } from "../helpers/grading-fixture.ts";
import { createExam, startIntake, type IntakeEnv } from "../helpers/intake-setup.ts";

let env: IntakeEnv;
const sockets: Socket[] = [];
beforeAll(async () => {
  env = await startIntake();
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await env?.close();
});

async function graderWithSocket() {
  const client = await env.as("GRADER");
  const socket = await openSocket(env.server.url, { cookie: client.cookieHeader });
  sockets.push(socket);
  const told: string[] = [];
  const states: string[] = [];
  socket.on("grader:assignments", (m: { examId: string }) => told.push(m.examId));
  socket.on("copy:state", (m: { copyId: string }) => states.push(m.copyId));
  return { id: client.userId, socket, told, states };
}

/** A round trip on the socket: whatever the node sent it before is received by then (one connection is ordered). */
const roundTrip = (socket: Socket) => socket.timeout(5_000).emitWithAck("exam:follow", { examId: "00000000-0000-4000-8000-000000000000" });

describe("grader:assignments", () => {
  it("tells the graders given copies, and only them; a grader who lost every copy stops following", async () => {
    const examId = await createExam(env.admin);
    const copies = [await createCopy(env.tdb.db, examId), await createCopy(env.tdb.db, examId)];
    const [martin, bernard, bystander] = [await graderWithSocket(), await graderWithSocket(), await graderWithSocket()];

    expect((await env.admin.post(`/api/exams/${examId}/dispatch`, { mode: "copies", graderIds: [martin.id] })).status).toBe(200);
    await waitFor(() => martin.told.length === 1, 10_000, "martin told");
    expect(martin.told).toEqual([examId]);
    const follow = (await martin.socket.timeout(5_000).emitWithAck("exam:follow", { examId })) as { ok: boolean };
    expect(follow.ok).toBe(true);
    await publishCopyState(env.tdb.db, { examId, copyId: copies[1]!.id, state: "READY" });
    await waitFor(() => martin.states.length === 1, 10_000, "martin follows");

    // everything goes to Bernard: Martin is told too (his list changed) and no longer follows the exam
    const again = await env.admin.post(`/api/exams/${examId}/dispatch`, { mode: "copies", graderIds: [bernard.id], redispatch: true });
    expect(again.status).toBe(200);
    await waitFor(() => bernard.told.length === 1 && martin.told.length === 2, 10_000, "both told");
    expect(((await bernard.socket.timeout(5_000).emitWithAck("exam:follow", { examId })) as { ok: boolean }).ok).toBe(true);
    await publishCopyState(env.tdb.db, { examId, copyId: copies[0]!.id, state: "FINALIZING" });
    // the exam's followers got it (Bernard), and the node has sent Martin everything it had for him
    await waitFor(() => bernard.states.includes(copies[0]!.id), 10_000, "bernard follows");
    await roundTrip(martin.socket);
    expect(martin.states).toEqual([copies[1]!.id]); // nothing since he lost his copies
    expect(bystander.told).toEqual([]);
  });

  it("a dispatch that changes nothing tells nobody", async () => {
    const examId = await createExam(env.admin);
    const g = await graderWithSocket();
    expect((await env.admin.post(`/api/exams/${examId}/dispatch`, { mode: "copies", graderIds: [g.id] })).status).toBe(200); // no READY copy
    // a dispatch that does give g a copy, through the same path: had the first one told g, g would have heard it first
    await createCopy(env.tdb.db, examId);
    expect((await env.admin.post(`/api/exams/${examId}/dispatch`, { mode: "copies", graderIds: [g.id] })).status).toBe(200);
    await waitFor(() => g.told.length > 0, 10_000, "g told of the second dispatch");
    await roundTrip(g.socket);
    expect(g.told).toEqual([examId]);
  });
});
