// The grader desk's routes: GET /api/copies/:id/desk and the annotation bank (/api/bank), for every
// role, with the object-level rules: a grader reaches only dispatched copies and only the shared
// bank of exams they grade; personal entries are their owner's alone.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../server/db/client.ts";
import { createHttpApp } from "../../server/http/app.ts";
import { listRoutes } from "../../server/http/route-inventory.ts";
import { createUser } from "../helpers/factories.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";
import { ensureClientBuilt } from "../e2e/support/client-build.ts";
import { withCodePrefix } from "../helpers/exam-code-prefix.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
const clients: Partial<Record<Role | "GRADER2", TestClient>> = {};
let anon: TestClient;
let examId: string;
let otherExamId: string;
let copyId: string;
let notMineCopyId: string;
let questions: { id: string; label: string }[];

async function exam(title: string) {
  const e = await withCodePrefix((codePrefix) => tdb.db.exam.create({ data: { title, subject: "Physique", status: "ACTIVE", codePrefix } }));
  const ex1 = await tdb.db.scaleNode.create({ data: { examId: e.id, kind: "EXERCISE", label: "Exercice 1", position: 0 } });
  const qa = await tdb.db.scaleNode.create({ data: { examId: e.id, parentId: ex1.id, kind: "QUESTION", label: "1.a", position: 0, maxPoints: 2.5 } });
  const qb = await tdb.db.scaleNode.create({ data: { examId: e.id, parentId: ex1.id, kind: "QUESTION", label: "1.b", position: 1, maxPoints: 7.5 } });
  return { id: e.id, codePrefix: e.codePrefix, questions: [qa, qb].map((q) => ({ id: q.id, label: q.label })) };
}

async function copy(examIdOf: string, codePrefix: string, seq: number) {
  return tdb.db.copy.create({
    data: {
      examId: examIdOf,
      seq,
      anonymousCode: `${codePrefix}-${String(seq).padStart(3, "0")}`,
      state: "READY",
      pages: { create: [0, 1].map((i) => ({ position: i, sourcePath: `scans/x.pdf`, sourcePage: i, widthPt: 595, heightPt: 842 })) },
    },
  });
}

async function signedIn(role: Role) {
  const u = await createUser(tdb.db, role);
  const c = new TestClient(server.url);
  expect((await c.login(u.username, u.password)).status).toBe(200);
  return { c, u };
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  const e = await exam("Bac blanc de physique");
  const o = await exam("Brevet blanc");
  examId = e.id;
  otherExamId = o.id;
  questions = e.questions;
  const c1 = await copy(e.id, e.codePrefix, 1);
  const c2 = await copy(e.id, e.codePrefix, 2);
  copyId = c1.id;
  notMineCopyId = c2.id;
  const grader = await signedIn("GRADER");
  const grader2 = await signedIn("GRADER");
  await tdb.db.assignment.create({ data: { copyId: c1.id, graderId: grader.u.id, questionIds: [e.questions[1]!.id] } });
  await tdb.db.assignment.create({ data: { copyId: c2.id, graderId: grader2.u.id } });
  clients.GRADER = grader.c;
  clients.GRADER2 = grader2.c;
  clients.SUPERVISOR = (await signedIn("SUPERVISOR")).c;
  clients.ADMIN = (await signedIn("ADMIN")).c;
  clients.STUDENT = (await signedIn("STUDENT")).c;
  anon = new TestClient(server.url);
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

describe("desk routes", () => {
  it("are all covered here", () => {
    const routes = listRoutes(createHttpApp(server.ctx).apiRouter).filter((r) => /\/desk$|^[A-Z]+ \/bank/.test(r));
    expect(routes.sort()).toEqual(["DELETE /bank/:id", "GET /bank", "GET /copies/:id/desk", "POST /bank"]);
  });

  it("GET /copies/:id/desk gives the dispatched grader the copy, the scale and their question range", async () => {
    const r = await clients.GRADER!.get(`/api/copies/${copyId}/desk`);
    expect(r.status).toBe(200);
    expect(r.headers.get("cache-control")).toContain("no-store");
    expect(r.body).toEqual({
      copy: expect.objectContaining({ id: copyId, state: "READY", pageCount: 2, pdfUrl: `/api/copies/${copyId}/pdf` }),
      exam: { id: examId, title: "Bac blanc de physique", subject: "Physique" },
      scale: {
        questions: [
          { id: questions[0]!.id, label: "1.a", path: "Exercice 1 › 1.a", maxPoints: 2.5 },
          { id: questions[1]!.id, label: "1.b", path: "Exercice 1 › 1.b", maxPoints: 7.5 },
        ],
        max: 10,
      },
      scope: [questions[1]!.id],
      canWrite: true,
    });
    expect(JSON.stringify(r.body)).not.toMatch(/student|lastName|ine/i); // anonymous grading
  });

  it("GET /copies/:id/desk: read-only for supervisors and admins, refused to others", async () => {
    for (const role of ["SUPERVISOR", "ADMIN"] as const) {
      const r = await clients[role]!.get(`/api/copies/${copyId}/desk`);
      expect(r.status, role).toBe(200);
      expect(r.body.canWrite).toBe(false);
      expect(r.body.scope).toBeNull();
    }
    expect((await clients.GRADER2!.get(`/api/copies/${copyId}/desk`)).status).toBe(404); // not dispatched to them: answered like a missing copy
    expect((await clients.STUDENT!.get(`/api/copies/${copyId}/desk`)).status).toBe(403);
    expect((await anon.get(`/api/copies/${copyId}/desk`)).status).toBe(401);
    expect((await clients.GRADER!.get(`/api/copies/${crypto.randomUUID()}/desk`)).status).toBe(404);
    expect((await clients.GRADER!.get(`/api/copies/not-a-uuid/desk`)).status).toBe(400);
  });

  it("GET /copies/:id (the app's page): the desk's data inlined for whoever may open it, the plain page for anyone else", { timeout: 180_000 }, async () => {
    await ensureClientBuilt();
    const page = async (c: TestClient, id: string) => {
      const r = await fetch(`${server.url}/copies/${id}`, { headers: c.cookieHeader ? { cookie: c.cookieHeader } : {} });
      return { status: r.status, cacheControl: r.headers.get("cache-control"), html: await r.text() };
    };
    const inlined = (html: string) => {
      const m = /<script type="application\/json" id="ko-desk-view" data-copy="([^"]+)"(?: data-pen="1")?>([^<]*)<\/script>/.exec(html);
      return m ? { copy: m[1], view: JSON.parse(m[2]!) } : null;
    };
    const mine = await page(clients.GRADER!, copyId);
    expect(mine.status).toBe(200);
    expect(mine.cacheControl).toBe("private, no-store");
    expect(inlined(mine.html)).toEqual({ copy: copyId, view: (await clients.GRADER!.get(`/api/copies/${copyId}/desk`)).body });
    // the signed-in user as GET /api/me gives it (no round trip before the app starts), and the desk's chunks hinted
    const me = /<script type="application\/json" id="ko-session">([^<]*)<\/script>/.exec(mine.html);
    expect(JSON.parse(me![1]!)).toEqual((await clients.GRADER!.get("/api/me")).body);
    // the app's chunks are not hinted: compiling them as they arrived held the main thread while the
    // copy's first page waited to be painted (docs/anonymity.md, « Desk, twelfth look »)
    expect(mine.html).not.toContain('rel="modulepreload"');
    for (const role of ["SUPERVISOR", "ADMIN"] as const) expect(inlined((await page(clients[role]!, copyId)).html)?.view.canWrite, role).toBe(false); // read-only, as the API says
    const plain = await page(anon, copyId);
    expect(plain.status).toBe(200);
    expect(plain.cacheControl).toBe("no-cache");
    expect(inlined(plain.html)).toBeNull();
    expect(plain.html).not.toMatch(/ko-session|modulepreload/);
    // not dispatched, a student, a missing copy: exactly the anonymous page (nothing tells them apart)
    for (const [c, id] of [
      [clients.GRADER2!, copyId],
      [clients.STUDENT!, copyId],
      [clients.GRADER!, crypto.randomUUID()],
    ] as const) {
      const r = await page(c, id);
      expect(r.status).toBe(200);
      expect(r.html).toBe(plain.html);
      expect(r.cacheControl).toBe("no-cache");
    }
  });

  it("GET /copies/:id: the copy's pages come in the page itself, with a pen only for who would get the copy's lock", { timeout: 180_000 }, async () => {
    await ensureClientBuilt();
    const c = await copy(examId, "PEN", 7);
    const g = await signedIn("GRADER");
    const other = await createUser(tdb.db, "GRADER");
    await tdb.db.assignment.create({ data: { copyId: c.id, graderId: g.u.id } });
    const html = async (query = "") => (await fetch(`${server.url}/copies/${c.id}${query}`, { headers: { cookie: g.c.cookieHeader! } })).text();
    const early = (page: string) => {
      const body = /<body[^>]*>(<div id="ko-early-desk"[^>]*>)((?:<div class="ko-early-page"[^>]*>.*?<\/div>)*)<\/div>/.exec(page);
      const data = /<script type="application\/json" id="ko-desk-view" data-copy="[^"]+"( data-pen="1")?>/.exec(page);
      return body ? { pen: body[1]!.includes(" data-pen"), dataPen: !!data?.[1], pages: body[2]!.match(/class="ko-early-page"/g)!.length } : null;
    };
    // free: the pages, first in the body (both pages of the copy, each its shape and its reading image), and the pen
    const free = await html();
    expect(early(free)).toEqual({ pen: true, dataPen: true, pages: 2 });
    expect(free).toMatch(/<div class="ko-early-page" data-index="0"><img src="\/api\/pages\/[\w-]+\/images\/read[^"]*" width="1000" height="1415" alt=""/);
    const lock = (holderId: string, expiresAt: Date) =>
      tdb.db.copyLock.upsert({
        where: { copyId: c.id },
        create: { copyId: c.id, holderId, sessionId: "s", nodeId: "n", expiresAt },
        update: { holderId, expiresAt },
      });
    // someone else holds it: the pages, no pen (what would be written could not be sent)
    await lock(other.id, new Date(Date.now() + 600_000));
    expect(early(await html())).toEqual({ pen: false, dataPen: false, pages: 2 });
    // their lease ran out, or the lock is this grader's own (another tab): the pen
    await lock(other.id, new Date(Date.now() - 1_000));
    expect(early(await html())).toEqual({ pen: true, dataPen: true, pages: 2 });
    await lock(g.u.id, new Date(Date.now() + 600_000));
    expect(early(await html())).toEqual({ pen: true, dataPen: true, pages: 2 });
    // a moderation layer's desk writes another document: no pen on these pages
    expect(early(await html("?layer=second"))).toEqual({ pen: false, dataPen: false, pages: 2 });
    // a supervisor reads: the pages, never a pen
    const sup = await fetch(`${server.url}/copies/${c.id}`, { headers: { cookie: clients.SUPERVISOR!.cookieHeader! } });
    expect(early(await sup.text())).toEqual({ pen: false, dataPen: false, pages: 2 });
  });

  it("the bank: personal entries stay personal, exam entries reach the exam's graders", async () => {
    const g = clients.GRADER!;
    const personal = await g.post("/api/bank", { text: "  Bien vu, mais justifiez.  " });
    expect(personal.status).toBe(201);
    expect(personal.body.entry).toEqual(expect.objectContaining({ text: "Bien vu, mais justifiez.", scope: "personal", examId: null, mine: true }));
    const shared = await g.post("/api/bank", { text: "Unité manquante", examId });
    expect(shared.status).toBe(201);
    expect(shared.body.entry.scope).toBe("exam");

    expect((await g.get(`/api/bank?examId=${examId}`)).body.entries.map((e: { text: string }) => e.text)).toEqual([
      "Bien vu, mais justifiez.",
      "Unité manquante",
    ]);
    // Grader 2 grades the same exam: sees the shared entry, not the personal one.
    const g2 = await clients.GRADER2!.get(`/api/bank?examId=${examId}`);
    expect(g2.body.entries).toEqual([expect.objectContaining({ text: "Unité manquante", mine: false })]);
    // …and may neither delete it nor learn that the personal one exists.
    expect((await clients.GRADER2!.request("DELETE", `/api/bank/${shared.body.entry.id}`)).status).toBe(403);
    expect((await clients.GRADER2!.request("DELETE", `/api/bank/${personal.body.entry.id}`)).status).toBe(404);
    // A grader of none of its copies gets nothing of an exam and may not add to it.
    expect((await g.get(`/api/bank?examId=${otherExamId}`)).body.entries.map((e: { scope: string }) => e.scope)).toEqual(["personal"]);
    expect((await g.post("/api/bank", { text: "x", examId: otherExamId })).status).toBe(403);
    expect((await g.post("/api/bank", { text: "x", examId: crypto.randomUUID() })).status).toBe(404);
    // Supervisors moderate the shared bank.
    expect((await clients.SUPERVISOR!.get(`/api/bank?examId=${examId}`)).body.entries.map((e: { text: string }) => e.text)).toEqual(["Unité manquante"]);
    expect((await clients.SUPERVISOR!.request("DELETE", `/api/bank/${shared.body.entry.id}`)).status).toBe(204);
    expect((await g.request("DELETE", `/api/bank/${personal.body.entry.id}`)).status).toBe(204);
    expect((await g.get(`/api/bank?examId=${examId}`)).body.entries).toEqual([]);
  });

  it("the bank refuses students, anonymous requests, bad input and missing CSRF", async () => {
    expect((await clients.STUDENT!.get("/api/bank")).status).toBe(403);
    expect((await clients.STUDENT!.post("/api/bank", { text: "x" })).status).toBe(403);
    expect((await anon.get("/api/bank")).status).toBe(401);
    expect((await clients.GRADER!.post("/api/bank", { text: "" })).status).toBe(400);
    expect((await clients.GRADER!.post("/api/bank", { text: "x".repeat(501) })).status).toBe(400);
    expect((await clients.GRADER!.post("/api/bank", { text: "x", owner: "me" })).status).toBe(400);
    expect((await clients.GRADER!.post("/api/bank", { text: "x" }, { csrf: false })).status).toBe(403);
    expect((await clients.GRADER!.request("DELETE", `/api/bank/${crypto.randomUUID()}`)).status).toBe(404);
  });

  it("not dispatched means not in the grader's copy either", async () => {
    expect((await clients.GRADER!.get(`/api/copies/${notMineCopyId}/desk`)).status).toBe(404); // exactly like a missing copy;
  });
});
