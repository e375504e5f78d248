// An inaccessible copy answers exactly like a missing one: a grader not dispatched a copy gets,
// on every copy route and socket event, the same status, code and message as for an id that
// does not exist, so probing ids reveals nothing.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCopy, createExamWithScale } from "../helpers/grading-factories.ts";
import { openSocket, signedInUser, type SignedInUser } from "../helpers/grading-fixture.ts";
import { request } from "../helpers/grading-session.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let grader: SignedInUser;
let http: TestClient;
let foreignId: string;
const missingId = crypto.randomUUID();

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  const exam = await createExamWithScale(tdb.db);
  foreignId = (await createCopy(tdb.db, exam.id)).id; // dispatched to nobody
  grader = await signedInUser(tdb, server.url, "GRADER");
  http = new TestClient(server.url);
  expect((await http.login(grader.username, grader.password)).status).toBe(200);
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

const ROUTES: Array<[string, (id: string) => string, unknown?]> = [
  ["GET", (id) => `/api/copies/${id}`],
  ["GET", (id) => `/api/copies/${id}/pdf`],
  ["GET", (id) => `/api/copies/${id}/desk`],
  ["GET", (id) => `/api/copies/${id}/render`],
  ["GET", (id) => `/api/copies/${id}/render/pdf`],
  ["POST", (id) => `/api/copies/${id}/finalize`, {}],
  ["POST", (id) => `/api/copies/${id}/reopen`, {}],
  ["POST", (id) => `/api/copies/${id}/render/retry`, {}],
];

const EVENTS = ["copy:join", "copy:lock", "copy:unlock", "copy:takeover", "copy:finalize", "copy:leave"];

describe("a copy not dispatched to the grader answers like a missing one", () => {
  it.each(ROUTES)("%s %s", async (method, path, json) => {
    const answer = async (id: string) => {
      const r = await http.request(method, path(id), json === undefined ? {} : { json });
      return { status: r.status, code: r.body?.code, message: r.body?.message };
    };
    const [foreign, missing] = [await answer(foreignId), await answer(missingId)];
    expect(foreign).toEqual(missing);
    expect([403, 404]).toContain(missing.status);
  });

  it("every copy socket event", async () => {
    const socket = await openSocket(server.url, grader);
    for (const event of EVENTS) {
      const strip = (a: any) => ({ ok: a.ok, code: a.code, message: a.message });
      const foreign = strip(await request(socket, event, { copyId: foreignId }));
      const missing = strip(await request(socket, event, { copyId: missingId }));
      expect({ event, ...foreign }).toEqual({ event, ...missing });
    }
    const update = { update: new Uint8Array([0, 0]) };
    expect(await request(socket, "copy:update", { copyId: foreignId, ...update })).toEqual(
      await request(socket, "copy:update", { copyId: missingId, ...update }),
    );
    socket.disconnect();
  });
});
