// Two servers in one process (the test workers share a module graph, tools start several):
// each signs in and reads sessions against its own database, whatever the other does.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../helpers/factories.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

type Server = Awaited<ReturnType<typeof startTestServer>>;
let dbA: TestDatabase;
let dbB: TestDatabase;
let serverA: Server | undefined;
let serverB: Server;

beforeAll(async () => {
  dbA = await createTestDatabase();
  dbB = await createTestDatabase();
  serverA = await startTestServer({ databaseUrl: dbA.url });
  serverB = await startTestServer({ databaseUrl: dbB.url });
});
afterAll(async () => {
  await serverA?.close();
  await serverB?.close();
  await dbA?.drop();
  await dbB?.drop();
});

describe("two servers in one process", () => {
  it("each signs its own users in and reads their sessions from its own database", async () => {
    const a = await createUser(dbA.db, "GRADER");
    const b = await createUser(dbB.db, "SUPERVISOR");
    const onA = new TestClient(serverA!.url);
    const onB = new TestClient(serverB.url);
    expect((await onA.login(a.username, a.password)).status).toBe(200);
    expect((await onB.login(b.username, b.password)).status).toBe(200);
    expect((await onA.get("/api/me")).body.user).toMatchObject({ id: a.id, role: "GRADER" });
    expect((await onB.get("/api/me")).body.user).toMatchObject({ id: b.id, role: "SUPERVISOR" });
    // a user of one school is unknown to the other
    expect((await new TestClient(serverB.url).login(a.username, a.password)).status).toBe(401);
    expect((await new TestClient(serverA!.url).login(b.username, b.password)).status).toBe(401);
  });

  it("a server still reads its sessions after its neighbour stopped and its database is gone", async () => {
    const b = await createUser(dbB.db, "GRADER");
    const onB = new TestClient(serverB.url);
    expect((await onB.login(b.username, b.password)).status).toBe(200);
    await serverA!.close();
    serverA = undefined;
    await dbA.drop();
    const me = await onB.get("/api/me");
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(b.id);
  });
});
