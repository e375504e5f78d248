// The production topology here: sign in through nginx, grade one copy with sockets spread over
// the three nodes, stop one node, carry on through the others.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCopyDoc, setScore } from "../../collab/index.ts";
import { createDb, type Db } from "../../server/db/client.ts";
import { startCluster, type Cluster } from "../../scripts/lib/cluster.ts";
import { createUser } from "../helpers/factories.ts";
import { CopySync } from "../helpers/grading-client.ts";
import { assignCopy, createCopy, createExamWithScale, type TestExam } from "../helpers/grading-factories.ts";
import { tick, waitFor } from "../helpers/grading-fixture.ts";
import { connectGrading } from "../helpers/grading-session.ts";
import { TestClient } from "../helpers/http-client.ts";
import { clusterGround, type ClusterGround } from "../helpers/cluster-setup.ts";

let cluster: Cluster;
let db: Db;
let dataDir: string;
let ground: ClusterGround;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "korrigo-cluster-"));
  ground = await clusterGround("cluster-test");
  cluster = await startCluster({ dataDir, nodes: 3, seed: false, databaseUrl: ground.databaseUrl, serverEntry: ground.serverEntry });
  db = createDb(cluster.databaseUrl, { max: 2 });
}, 120_000);
afterAll(async () => {
  await db?.$disconnect();
  await cluster?.stop();
  await ground?.remove();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function openThrough(baseUrl: string, cookie: string, copyId: string): Promise<CopySync> {
  const sync = new CopySync({ copyId });
  const joined = new Promise<void>((resolve, reject) => {
    sync.on("joined", () => resolve());
    sync.on("refused", (a) => reject(new Error(a.code)));
  });
  sync.attach(connectGrading(baseUrl, { cookie, origin: cluster.url, reconnection: true }));
  await joined;
  return sync;
}

describe("local cluster", () => {
  it("grades a copy through nginx across nodes and survives a node stopping", async () => {
    const exam: TestExam = await createExamWithScale(db);
    const copy = await createCopy(db, exam.id);
    const grader = await createUser(db, "GRADER");
    const supervisor = await createUser(db, "SUPERVISOR");
    await assignCopy(db, copy.id, grader.id);

    const web = new TestClient(cluster.url, cluster.url);
    expect((await web.login(grader.username, grader.password)).status).toBe(200);
    const watcherWeb = new TestClient(cluster.url, cluster.url);
    expect((await watcherWeb.login(supervisor.username, supervisor.password)).status).toBe(200);

    // the grader's socket via nginx; watchers straight on each node, so all three nodes take part
    const desk = await openThrough(cluster.url, web.cookieHeader, copy.id);
    expect((await desk.takeLock()).ok).toBe(true);
    const watchers = await Promise.all(cluster.nodes.map((n) => openThrough(`http://127.0.0.1:${n.port}`, watcherWeb.cookieHeader, copy.id)));

    tick(desk.doc, grader.id);
    setScore(desk.doc, exam.questions[0]!.id, 3);
    await desk.whenSaved();
    for (const w of watchers)
      await waitFor(
        () => readCopyDoc(w.doc).annotations.length === 1 && readCopyDoc(w.doc).scores[exam.questions[0]!.id] === 3,
        10_000,
        "fan-out to every node",
      );

    // stop the node the grader is on (or the first one) and carry on
    const victim = cluster.nodes[0]!;
    await victim.kill("SIGTERM");
    tick(desk.doc, grader.id);
    setScore(desk.doc, exam.questions[1]!.id, 5);
    await waitFor(() => desk.pendingCount === 0 && desk.joined, 30_000, "grader saved after the node stopped");
    const survivors = watchers.slice(1);
    for (const w of survivors) await waitFor(() => readCopyDoc(w.doc).annotations.length === 2, 10_000, "survivors see the new stroke");
    expect(await db.copyDocUpdate.count({ where: { copyId: copy.id } })).toBeGreaterThanOrEqual(2);
    expect((await web.get("/api/me")).status).toBe(200); // HTTP still answered through nginx

    for (const s of [desk, ...watchers]) {
      s.socket?.close();
      s.destroy();
    }
    await victim.restart();
  }, 120_000);
});
