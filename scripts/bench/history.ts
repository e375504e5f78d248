// npm run bench:history [-- --quick]
// A copy's history on a real PostgreSQL and a real server, over HTTP as the desk calls it: 5,000
// stored changes by 4 graders (strokes, scores, comments, erasures), each validated and summarised by
// the server's own CopyValidator, stored with its author and time, and folded by several
// compactions (rows moved to the history, a history snapshot every 200 changes). Measures:
//   timeline — GET /api/copies/:id/history (the whole timeline, authors and summaries);
//   seek     — GET /api/copies/:id/history/state?page=0&at= at random moments (the page in view and
//              the marks then, as the desk's slider asks);
//   bytes_per_change — history rows + history snapshots + live snapshot, per stored change;
//   join     — copy:join of this copy against a peer copy holding the same live state and no
//              history, in the same run (the live document must not get slower to join).
// The cold figure (first request) comes first; then the median of the repeats.
// Last line: RESULT changes=5000 timeline_ms= seek_ms= bytes_per_change= join_ms= join_peer_ms=
import os from "node:os";
import pg from "pg";
import * as Y from "yjs";
import { addAnnotation, newAnnotationId, removeAnnotation, remoteOrigin, setComment, setScore, type ScaleSpec } from "../../collab/index.ts";
import { createDb } from "../../server/db/client.ts";
import { applyMigrations } from "../../server/db/migrate.ts";
import { CopyValidator } from "../../server/grading/copy-validator.ts";
import { compactCopyDoc } from "../../server/grading/doc-compaction.ts";
import { createUser } from "../../tests/helpers/factories.ts";
import { assignCopy, createCopy, createExamWithScale, sessionCookie } from "../../tests/helpers/grading-factories.ts";
import { openCopy } from "../../tests/helpers/grading-fixture.ts";
import { TEST_ORIGIN } from "../../tests/helpers/http-client.ts";
import { startTestServer } from "../../tests/helpers/test-server.ts";
import { benchDatabase } from "./lib/bench-database.ts";

const quick = process.argv.includes("--quick");
const CHANGE_COUNT = 5000;
const CHANGES = CHANGE_COUNT;
/** a typical graded copy, for the storage figure of docs/history.md */
const TYPICAL = 80;
const AUTHORS = 4;
const COMPACT_EVERY = 1000;
const SEEKS = quick ? 15 : 60;
const TIMELINES = quick ? 5 : 15;
const JOINS = quick ? 5 : 15;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await f();
  return { ms: performance.now() - t, value };
}

function stroke(author: string, n: number) {
  const points: number[] = [];
  for (let i = 0; i < 24; i++) points.push(0.1 + ((n * 7 + i) % 80) / 100, 0.1 + ((n * 3 + i * 2) % 80) / 100);
  return { id: newAnnotationId(), page: n % 2, kind: "pen" as const, points, color: "#d32f2f", width: 0.003, author, createdAt: Date.now() };
}

/** 5,000 changes by 4 graders, validated like the server does, stored with author, time and summary; compacted every 1,000. */
async function seed(
  pool: pg.Pool,
  db: ReturnType<typeof createDb>,
  copyId: string,
  scale: ScaleSpec,
  authors: string[],
  CHANGES = CHANGE_COUNT,
): Promise<{ first: Date; last: Date }> {
  const docs = authors.map(() => new Y.Doc());
  const validator = new CopyValidator(null, scale, 2);
  const mine: string[][] = authors.map(() => []);
  const start = Date.now() - CHANGES * 1000;
  await pool.query(`UPDATE "Copy" SET "createdAt" = $2 WHERE id = $1::uuid`, [copyId, new Date(start - 60_000)]); // graded over the last ~1.4 h
  let batch: Array<[string, Buffer, string, Date, string]> = [];
  for (let i = 0; i < CHANGES; i++) {
    const w = Math.floor(i / 50) % authors.length; // a grader works a while, then another takes over
    const doc = docs[w]!;
    let update: Uint8Array | null = null;
    const grab = (u: Uint8Array) => (update = u);
    doc.once("update", grab);
    const roll = i % 20;
    if (roll < 14) mine[w]!.push(addAnnotation(doc, stroke(authors[w]!, i)));
    else if (roll < 17) setScore(doc, scale.questions[i % scale.questions.length]!.id, (i % 4) as number);
    else if (roll < 19) setComment(doc, scale.questions[i % scale.questions.length]!.id, `Revoir la justification (${i})`);
    else if (mine[w]!.length > 0) removeAnnotation(doc, mine[w]!.shift()!);
    else mine[w]!.push(addAnnotation(doc, stroke(authors[w]!, i)));
    if (!update) throw new Error(`change ${i} made no update`);
    for (const other of docs) if (other !== doc) Y.applyUpdate(other, update, remoteOrigin());
    const r = validator.apply(update, remoteOrigin(), null, authors[w]!);
    if (!r.ok) throw new Error(`change ${i} refused: ${r.code} ${r.message}`);
    batch.push([authors[w]!, Buffer.from(update), JSON.stringify(r.summary), new Date(start + i * 1000), "desk"]);
    if (batch.length === COMPACT_EVERY || i === CHANGES - 1) {
      await pool.query(
        `INSERT INTO "CopyDocUpdate" ("copyId", "authorId", data, summary, "createdAt", origin)
         SELECT $1::uuid, * FROM unnest($2::uuid[], $3::bytea[], $4::jsonb[], $5::timestamptz[], $6::text[])`,
        [copyId, ...[0, 1, 2, 3, 4].map((k) => batch.map((b) => b[k]))],
      );
      batch = [];
      if (i < CHANGES - 1) await compactCopyDoc(db, copyId); // several compactions; the last rows stay live
    }
  }
  for (const d of docs) d.destroy();
  validator.destroy();
  return { first: new Date(start), last: new Date(start + (CHANGES - 1) * 1000) };
}

const t0 = Date.now();
console.log(
  `bench:history${quick ? " --quick" : ""}: ${CHANGES} changes by ${AUTHORS} graders, compacted every ${COMPACT_EVERY}; ${TIMELINES} timelines, ${SEEKS} seeks, ${JOINS} joins each`,
);
const dbh = await benchDatabase();
const pool = new pg.Pool({ connectionString: dbh.url, max: 2 });
let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
try {
  await applyMigrations(dbh.url);
  const db = createDb(dbh.url, { max: 2 });
  const exam = await createExamWithScale(db);
  const scale: ScaleSpec = { questions: exam.questions.map((q) => ({ id: q.id, maxPoints: q.maxPoints })), rubricVersion: 0 };
  const copy = await createCopy(db, exam.id);
  const peer = await createCopy(db, exam.id);
  const authors = await Promise.all(Array.from({ length: AUTHORS }, () => createUser(db, "GRADER")));
  for (const a of authors) await assignCopy(db, copy.id, a.id);
  const s0 = performance.now();
  const span = await seed(
    pool,
    db,
    copy.id,
    scale,
    authors.map((a) => a.id),
  );
  await compactCopyDoc(db, copy.id);
  // the peer: the same live state as one snapshot, no history at all
  await pool.query(
    `INSERT INTO "CopyDocSnapshot" ("copyId", data, "upToSeq") SELECT $2::uuid, data, "upToSeq" FROM "CopyDocSnapshot" WHERE "copyId" = $1::uuid`,
    [copy.id, peer.id],
  );
  // a typical graded copy: 80 changes by one grader (strokes, marks, comments, a few erasures), compacted
  const typical = await createCopy(db, exam.id);
  await assignCopy(db, typical.id, authors[0]!.id);
  await seed(pool, db, typical.id, scale, [authors[0]!.id], TYPICAL);
  await compactCopyDoc(db, typical.id);
  const {
    rows: [typ],
  } = await pool.query<{ history: string; live: string }>(
    `SELECT (SELECT sum(octet_length(data) + octet_length(coalesce(summary::text, '')) + 60) FROM "CopyDocHistory" WHERE "copyId" = $1::uuid) AS history,
            (SELECT sum(octet_length(data)) FROM "CopyDocSnapshot" WHERE "copyId" = $1::uuid) AS live`,
    [typical.id],
  );
  console.log(`seeded and compacted in ${((performance.now() - s0) / 1000).toFixed(1)} s`);

  const {
    rows: [size],
  } = await pool.query<{ rows: string; snaps: string; live: string; n: string; nsnap: string }>(
    `SELECT (SELECT coalesce(sum(octet_length(data) + octet_length(coalesce(summary::text, '')) + 60), 0) FROM "CopyDocHistory" WHERE "copyId" = $1::uuid) AS rows,
            (SELECT coalesce(sum(octet_length(data)), 0) FROM "CopyDocHistorySnapshot" WHERE "copyId" = $1::uuid) AS snaps,
            (SELECT coalesce(sum(octet_length(data)), 0) FROM "CopyDocSnapshot" WHERE "copyId" = $1::uuid) AS live,
            (SELECT count(*) FROM "CopyDocHistory" WHERE "copyId" = $1::uuid) AS n,
            (SELECT count(*) FROM "CopyDocHistorySnapshot" WHERE "copyId" = $1::uuid) AS nsnap`,
    [copy.id],
  );
  const total = Number(size!.rows) + Number(size!.snaps) + Number(size!.live);
  const bytesPerChange = total / CHANGES;

  server = await startTestServer({ databaseUrl: dbh.url });
  const supervisor = await createUser(db, "SUPERVISOR");
  const cookie = await sessionCookie(db, supervisor.id, server.ctx.config.sessionSecret);
  const get = async (url: string) => {
    const res = await fetch(server!.url + url, { headers: { cookie, origin: TEST_ORIGIN } });
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<any>;
  };

  const timelines: number[] = [];
  let listed = 0;
  for (let i = 0; i < TIMELINES; i++) {
    const r = await timed(() => get(`/api/copies/${copy.id}/history`));
    timelines.push(r.ms);
    listed = r.value.changes.length;
  }
  if (listed !== CHANGES) throw new Error(`timeline lists ${listed} changes, expected ${CHANGES}`);
  const seeks: number[] = [];
  let rnd = 42;
  for (let i = 0; i < SEEKS; i++) {
    rnd = (rnd * 1103515245 + 12345) % 2 ** 31;
    const at = new Date(span.first.getTime() + (rnd % (span.last.getTime() - span.first.getTime())));
    seeks.push((await timed(() => get(`/api/copies/${copy.id}/history/state?page=0&at=${encodeURIComponent(at.toISOString())}`))).ms);
  }
  const joinOf = async (copyId: string) => {
    const u = await createUser(db, "SUPERVISOR");
    const user = { id: u.id, cookie: await sessionCookie(db, u.id, server!.ctx.config.sessionSecret) };
    const xs: number[] = [];
    for (let i = 0; i < JOINS; i++) {
      const r = await timed(() => openCopy(server!.url, user, copyId));
      xs.push(r.ms);
      r.value.destroy();
    }
    return xs;
  };
  const joinPeer = await joinOf(peer.id);
  const join = await joinOf(copy.id);
  await db.$disconnect();

  const f = (x: number) => x.toFixed(0);
  console.log("");
  console.log(`${"operation (ms)".padEnd(34)}| cold |  p50 |  max | goal`);
  for (const [label, xs, goal] of [
    ["timeline (5,000 changes)", timelines, "500"],
    ["seek (state at a random time)", seeks, "100"],
    ["join, this copy (with history)", join, "peer"],
    ["join, peer (same state, no history)", joinPeer, "—"],
  ] as const) {
    console.log(`${label.padEnd(34)}| ${f(xs[0]!).padStart(4)} | ${f(median(xs)).padStart(4)} | ${f(Math.max(...xs)).padStart(4)} | ${goal}`);
  }
  console.log(
    `storage: ${size!.n} history rows ${(Number(size!.rows) / 1024).toFixed(0)} KiB, ${size!.nsnap} history snapshots ${(Number(size!.snaps) / 1024).toFixed(0)} KiB, live snapshot ${(Number(size!.live) / 1024).toFixed(0)} KiB — ${(total / 1024).toFixed(0)} KiB per copy`,
  );
  console.log(
    `typical graded copy (${TYPICAL} changes): history ${(Number(typ!.history) / 1024).toFixed(1)} KiB + live snapshot ${(Number(typ!.live) / 1024).toFixed(1)} KiB`,
  );
  console.log(
    `load average: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}; run took ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
  console.log(
    `RESULT changes=${CHANGES} timeline_ms=${f(median(timelines))} seek_ms=${f(median(seeks))} bytes_per_change=${f(bytesPerChange)} join_ms=${f(median(join))} join_peer_ms=${f(median(joinPeer))}`,
  );
} finally {
  await server?.close();
  await pool.end();
  await dbh.stop();
}
