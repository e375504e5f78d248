// npm run bench:rubric [-- --quick]
// Rubric change sets on a real PostgreSQL and a real server, over HTTP as the editor calls them:
// 1,500 GRADED copies, 8 questions with rubric items, every copy with items applied (documents and
// the QuestionDecision projection seeded in bulk). Measures:
//   preview — POST .../rubric/preview of a points change on one item (every copy re-scored twice);
//   apply   — POST .../rubric/apply of that change (new version, pointer, re-render jobs of every
//             changed GRADED copy enqueued, events, audit — one transaction);
//   undo    — POST .../rubric/undo (the same, back);
//   next_region — grading by question in Chromium (scripts/bench/lib/next-region.ts, when present).
// The copies are put back to GRADED and the jobs cleared between rounds (outside the timings).
// Server, PostgreSQL and the load share the machine's cores: the numbers are upper bounds.
// Last line: RESULT copies=1500 preview_ms= apply_ms= undo_ms= next_region_ms=
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import pino from "pino";
import * as Y from "yjs";
import { applyItem, readDecisions, type CopyDecisions } from "../../collab/index.ts";
import { createDb } from "../../server/db/client.ts";
import { applyMigrations } from "../../server/db/migrate.ts";
import { writeDecisions } from "../../server/grading/decision-projection.ts";
import { installQueueSchema } from "../../server/jobs/worker.ts";
import { createUser } from "../../tests/helpers/factories.ts";
import { TestClient } from "../../tests/helpers/http-client.ts";
import { createRubricVersion } from "../../tests/helpers/rubric-factories.ts";
import { startTestServer } from "../../tests/helpers/test-server.ts";
import { benchDatabase } from "./lib/bench-database.ts";

const quick = process.argv.includes("--quick");
const COPIES = 1500;
const QUESTIONS = 8;
const PREVIEWS = quick ? 3 : 10;
const ROUNDS = quick ? 2 : 5;
const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : NaN);

/** The exam, its scale (8 questions of 2.5 points) and a first rubric of 4 items per question. */
async function seedExam(url: string) {
  const db = createDb(url, { max: 2 });
  const prefix = crypto.randomBytes(2).toString("hex").toUpperCase();
  const exam = await db.exam.create({ data: { title: "Bac blanc (bench)", status: "ACTIVE", codePrefix: prefix, gradeBoundaries: [10, 16] } });
  const ex = await db.scaleNode.create({ data: { examId: exam.id, kind: "EXERCISE", label: "Exercice 1", position: 1 } });
  const leaves = await Promise.all(
    Array.from({ length: QUESTIONS }, (_, i) =>
      db.scaleNode.create({ data: { examId: exam.id, parentId: ex.id, kind: "QUESTION", label: `${i + 1}`, position: i + 1, maxPoints: 2.5 } }),
    ),
  );
  const v = await createRubricVersion(
    db,
    exam.id,
    Object.fromEntries(
      leaves.map((l) => [
        l.id,
        {
          items: [
            { label: "Juste", points: 2, group: "niveau" },
            { label: "Partiel", points: 1, group: "niveau" },
            { label: "Unités", points: 0.5 },
            { label: "Soin", points: 0.5 },
          ],
        },
      ]),
    ),
  );
  await db.$disconnect();
  return { examId: exam.id, prefix, leaves: leaves.map((l) => l.id), content: v.content };
}

/** 1,500 GRADED copies with items applied: documents and projection rows in bulk. */
async function seedCopies(pool: pg.Pool, world: Awaited<ReturnType<typeof seedExam>>): Promise<void> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO "Copy" (id, "examId", seq, "anonymousCode", state, "docHash", "finalizedAt", "updatedAt")
     SELECT gen_random_uuid(), $1::uuid, s, $2 || '-' || lpad(s::text, 4, '0'), 'GRADED', md5(s::text) || md5((s + 1)::text), now(), now()
       FROM generate_series(1, $3::int) s RETURNING id::text`,
    [world.examId, world.prefix, COPIES],
  );
  await pool.query(`UPDATE "Exam" SET "nextCopySeq" = $2 WHERE id = $1::uuid`, [world.examId, COPIES + 1]);
  const decisions = new Map<string, CopyDecisions>();
  const updates: Buffer[] = [];
  rows.forEach((r, n) => {
    const doc = new Y.Doc();
    world.leaves.forEach((q, i) => {
      const items = world.content.questions[q]!.items;
      const pick = (n + i) % 4;
      if (pick < 2) applyItem(doc, q, items[pick]!.id, 1);
      if ((n + i) % 3 === 0) applyItem(doc, q, items[2]!.id, 1);
      if (pick >= 2) applyItem(doc, q, items[3]!.id, 1);
    });
    decisions.set(r.id, readDecisions(doc));
    updates.push(Buffer.from(Y.encodeStateAsUpdate(doc)));
    doc.destroy();
  });
  await pool.query(`INSERT INTO "CopyDocUpdate" ("copyId", data) SELECT * FROM unnest($1::uuid[], $2::bytea[])`, [rows.map((r) => r.id), updates]);
  const client = await pool.connect();
  try {
    await writeDecisions(client, decisions);
  } finally {
    client.release();
  }
}

/** Between rounds, outside the timings: the copies back to GRADED, the render jobs dropped (no worker runs here). */
async function regrade(pool: pg.Pool, examId: string): Promise<void> {
  await pool.query(`UPDATE "Copy" SET state = 'GRADED' WHERE "examId" = $1::uuid`, [examId]);
  await pool.query(`DELETE FROM graphile_worker._private_jobs`);
}

async function timed<T>(fn: () => Promise<{ status: number; body: T }>): Promise<{ ms: number; body: T }> {
  const t = performance.now();
  const r = await fn();
  const ms = performance.now() - t;
  if (r.status !== 200) throw new Error(`HTTP ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
  return { ms, body: r.body };
}

/**
 * The grading-by-question figure: bench:next-region's cold pass, in a process of its own (its own
 * server, database and browser), started at once so that its setup (seeding, page images, the
 * browser) overlaps this bench's; the timed parts run one after the other: this bench's HTTP
 * timings wait for `ready` (the child set up), the child's moves wait for `go()`.
 */
function startNextRegion(): { ready: Promise<void>; result: Promise<string>; go(): void; stop(): void } {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, "next-region.ts"), ...(quick ? ["--quick"] : []), "--cold-only", "--wait-signal"],
    {
      stdio: ["pipe", "pipe", "inherit"],
      env: process.env,
    },
  );
  let out = "";
  let setUp: () => void = () => {};
  const ready = new Promise<void>((r) => (setUp = r));
  child.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
    if (out.includes("NEXT_REGION_SET_UP")) setUp();
  });
  const result = new Promise<string>((resolve) => {
    child.on("exit", () => {
      setUp();
      const m = /RESULT next_region_ms=(\S+)/.exec(out);
      if (!m) console.error(`next region not measured:\n${out.split("\n").slice(-6).join("\n")}`);
      resolve(m?.[1] ?? "NA");
    });
  });
  let sent = false;
  const go = () => {
    if (sent) return;
    sent = true;
    child.stdin!.end("go\n");
  };
  // this bench failed: the child is not left running on its own
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  };
  return { ready, result, go, stop };
}

const t0 = Date.now();
console.log(
  `bench:rubric${quick ? " --quick" : ""}: ${COPIES} GRADED copies × ${QUESTIONS} questions with items, ${PREVIEWS} previews, ${ROUNDS} apply/undo rounds`,
);
const regionRun = startNextRegion();
const dbh = await benchDatabase();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "korrigo-bench-rubric-"));
const pool = new pg.Pool({ connectionString: dbh.url, max: 2 });
let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
try {
  await applyMigrations(dbh.url);
  await installQueueSchema(dbh.url, pino({ level: "warn" }));
  const world = await seedExam(dbh.url);
  const s0 = performance.now();
  await seedCopies(pool, world);
  console.log(`seeded ${COPIES} copies in ${((performance.now() - s0) / 1000).toFixed(1)} s`);
  server = await startTestServer({ databaseUrl: dbh.url, env: { DATA_DIR: dataDir } });
  const adminDb = createDb(dbh.url, { max: 1 });
  const u = await createUser(adminDb, "ADMIN");
  await adminDb.$disconnect();
  const admin = new TestClient(server.url);
  if ((await admin.login(u.username, u.password)).status !== 200) throw new Error("sign-in failed");

  await regionRun.ready; // the next-region process set up: nothing else runs during the timings
  const q = world.leaves[0]!;
  const changeOn = async (points: number) => {
    const rubric = (await admin.get(`/api/exams/${world.examId}/rubric`)).body.rubric;
    const items = rubric.questions[q].items.map(({ rev: _r, ...i }: { rev: number; id: string; points: number }) =>
      i.id === world.content.questions[q]!.items[0]!.id ? { ...i, points } : i,
    );
    return { baseVersion: rubric.version as number, questions: { [q]: { mode: "positive", bonusMax: 0, items } } };
  };

  const previews: number[] = [];
  let changed = 0;
  const change = await changeOn(1.5);
  for (let i = 0; i < PREVIEWS; i++) {
    const r = await timed(() => admin.post<{ preview: { changed: number } }>(`/api/exams/${world.examId}/rubric/preview`, change));
    previews.push(r.ms);
    changed = r.body.preview.changed;
  }
  const applies: number[] = [];
  const undos: number[] = [];
  let rerendered = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const a = await timed(() => admin.post<{ version: number; rerendered: number }>(`/api/exams/${world.examId}/rubric/apply`, change));
    applies.push(a.ms);
    rerendered = a.body.rerendered;
    await regrade(pool, world.examId);
    const u2 = await timed(() => admin.post(`/api/exams/${world.examId}/rubric/undo`, { baseVersion: a.body.version }));
    undos.push(u2.ms);
    await regrade(pool, world.examId);
    change.baseVersion = (await admin.get(`/api/exams/${world.examId}/rubric`)).body.rubric.version;
  }
  await server.close();
  server = undefined;
  regionRun.go();
  const region = await regionRun.result;

  const f = (x: number) => x.toFixed(0);
  console.log("");
  console.log(`${"operation (HTTP, ms)".padEnd(36)}|  p50 |  min |  max | goal`);
  for (const [label, xs, goal] of [
    ["preview (points of one item)", previews, "1000"],
    ["apply (+ re-render jobs enqueued)", applies, "5000"],
    ["undo", undos, "—"],
  ] as const) {
    console.log(`${label.padEnd(36)}| ${f(median(xs)).padStart(4)} | ${f(Math.min(...xs)).padStart(4)} | ${f(Math.max(...xs)).padStart(4)} | ${goal}`);
  }
  console.log(`copies changed by the edit: ${changed} of ${COPIES}; GRADED copies re-enqueued per apply: ${rerendered}; next region (p50): ${region}`);
  console.log(
    `load average: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}; run took ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
  console.log(`RESULT copies=${COPIES} preview_ms=${f(median(previews))} apply_ms=${f(median(applies))} undo_ms=${f(median(undos))} next_region_ms=${region}`);
} finally {
  regionRun.stop();
  await server?.close();
  await pool.end();
  await dbh.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
