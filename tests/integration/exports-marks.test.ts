// Exports: marks CSV (standard and Pronote) byte for byte against tests/fixtures/exports/, the ZIP of
// final PDFs named by student, the access rules, and streaming: a 1,000-copy export is read in
// batches, the first bytes leaving before most copies are read.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Queryable } from "../../server/grading/sql.ts";
import { marksCsv } from "../../server/exports/marks-csv.ts";
import { FrozenDocCache } from "../../server/supervision/frozen-docs.ts";
import { loadExamMarks } from "../../server/supervision/exam-marks.ts";
import { createUser } from "../helpers/factories.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createManyGradedCopies, createScoredCopy, createStudent, createSupervisedExam, type SupervisedExam } from "../helpers/supervision-factories.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";
import { readZip } from "../helpers/zip-reader.ts";

const FIXTURES = path.resolve("tests/fixtures/exports");

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let exam: SupervisedExam;
let admin: TestClient;
const pdfs = new Map<string, Uint8Array>();

async function signedIn(user: { username: string; password: string }) {
  const c = new TestClient(server.url);
  expect((await c.login(user.username, user.password)).status).toBe(200);
  return c;
}

async function download(url: string) {
  const res = await fetch(server.url + url, { headers: { cookie: admin.cookieHeader } });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  const media = path.join(server.dataDir, "media");
  exam = await createSupervisedExam(tdb.db, { title: "Bac blanc de maths", codePrefix: "0F8E" });
  const [q1, q2, q3] = exam.leaves.map((l) => l.id) as [string, string, string];
  const score = (a: number, b: number, c: number) => ({ [q1]: a, [q2]: b, [q3]: c });
  const legrand = await createStudent(tdb.db, { lastName: 'LEGRAND "junior"', firstName: "Chloé, Anne", birthDate: "2007-12-31", className: "TG2" });
  const dupont = await createStudent(tdb.db, { lastName: "DUPONT", firstName: "Jean", birthDate: "2008-03-14", ine: "123456789AB", className: "TG2" });
  const adams = await createStudent(tdb.db, { lastName: "+ADAMS", firstName: "=1+1", birthDate: "2008-01-02", className: "TG1" });
  const nguyen = await createStudent(tdb.db, { lastName: "NGUYEN", firstName: "Thi Mai", birthDate: "2008-07-09", className: "TG2" });
  const roux = await createStudent(tdb.db, { lastName: "ROUX", firstName: "Nathan", birthDate: "2008-05-06", className: "TG2" });
  const copies = [
    await createScoredCopy(tdb.db, media, exam.id, { studentId: legrand.student.id, scores: score(0.5, 0, 1) }),
    await createScoredCopy(tdb.db, media, exam.id, { studentId: dupont.student.id, scores: score(3.5, 6, 7.25) }),
    await createScoredCopy(tdb.db, media, exam.id, { studentId: adams.student.id, scores: score(4, 6, 10) }),
    await createScoredCopy(tdb.db, media, exam.id, { studentId: nguyen.student.id, state: "READY", scores: score(1, 1, 1) }),
    await createScoredCopy(tdb.db, media, exam.id, { scores: score(2, 3, 4) }),
  ];
  for (const c of copies) if (c.pdfBytes) pdfs.set(c.anonymousCode, c.pdfBytes);
  await tdb.db.examAbsence.create({ data: { examId: exam.id, studentId: roux.student.id } });
  admin = await signedIn(await createUser(tdb.db, "ADMIN"));
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

describe("marks exports", () => {
  it("standard CSV matches tests/fixtures/exports/marks.csv byte for byte", async () => {
    const { res, bytes } = await download(`/api/exports/exams/${exam.id}/marks.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="Bac-blanc-de-maths_notes.csv"/);
    expect(bytes.toString("utf8")).toBe(fs.readFileSync(path.join(FIXTURES, "marks.csv"), "utf8"));
    expect(bytes.equals(fs.readFileSync(path.join(FIXTURES, "marks.csv")))).toBe(true);
  });

  it("Pronote CSV (BOM, semicolons, decimal commas, absences) matches tests/fixtures/exports/pronote.csv byte for byte", async () => {
    const { res, bytes } = await download(`/api/exports/exams/${exam.id}/pronote.csv`);
    expect(res.status).toBe(200);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString("utf8")).toBe(fs.readFileSync(path.join(FIXTURES, "pronote.csv"), "utf8"));
    expect(bytes.equals(fs.readFileSync(path.join(FIXTURES, "pronote.csv")))).toBe(true);
  });

  it("ZIP holds each graded copy's final PDF, named by student, ASCII only", async () => {
    const { res, bytes } = await download(`/api/exports/exams/${exam.id}/copies.zip`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    const entries = readZip(bytes);
    expect(entries.map((e) => e.name)).toEqual([
      "ADAMS_1-1_0F8E-003.pdf",
      "DUPONT_Jean_0F8E-002.pdf",
      "LEGRAND-JUNIOR_Chloe-Anne_0F8E-001.pdf",
      "0F8E-005.pdf",
    ]);
    for (const e of entries) expect(new Uint8Array(e.data)).toEqual(pdfs.get(e.name.match(/0F8E-\d{3}/)![0]));
  });

  it("audits every export and refuses everyone but admins", async () => {
    const events = await admin.get(`/api/audit?target=${exam.id}&action=export.`);
    expect(events.body.events.map((e: { action: string }) => e.action).sort()).toEqual(["export.marks.pronote", "export.marks.standard", "export.pdfs"]);
    for (const role of ["SUPERVISOR", "GRADER", "STUDENT"] as const) {
      const other = await signedIn(await createUser(tdb.db, role));
      for (const kind of ["marks.csv", "pronote.csv", "copies.zip"]) expect((await other.get(`/api/exports/exams/${exam.id}/${kind}`)).status).toBe(403);
    }
    expect((await admin.get(`/api/exports/exams/6f1d3c55-2b0a-4c39-9d1e-8a51c0f4e2b7/marks.csv`)).status).toBe(404);
  });
});

describe("Pronote CSV of an exam with variants", () => {
  it("keeps NOTE and adds SUR, each copy's own maximum (common part + its variant), decimal comma", async () => {
    const v = await tdb.db.exam.create({ data: { title: "Bac blanc à sujets", status: "ACTIVE", codePrefix: "7A2B" } });
    const node = (label: string, position: number, extra: { parentId?: string; variant?: string; maxPoints?: number } = {}) =>
      tdb.db.scaleNode.create({ data: { examId: v.id, kind: extra.maxPoints === undefined ? "EXERCISE" : "QUESTION", label, position, ...extra } });
    const ex1 = await node("Exercice 1", 1);
    const q1 = await node("1", 1, { parentId: ex1.id, maxPoints: 4 });
    const exA = await node("Sujet A", 2, { variant: "A" });
    const a1 = await node("A.1", 1, { parentId: exA.id, maxPoints: 6.5 });
    const exB = await node("Sujet B", 3, { variant: "B" });
    const b1 = await node("B.1", 1, { parentId: exB.id, maxPoints: 10 });
    const media = path.join(server.dataDir, "media");
    const bernard = await createStudent(tdb.db, { lastName: "BERNARD", firstName: "Lucie", birthDate: "2008-02-03" });
    const martin = await createStudent(tdb.db, { lastName: "MARTIN", firstName: "Paul", birthDate: "2008-04-05" });
    const petit = await createStudent(tdb.db, { lastName: "PETIT", firstName: "Zoé", birthDate: "2008-06-06" });
    const copyA = await createScoredCopy(tdb.db, media, v.id, { studentId: bernard.student.id, pdf: false, scores: { [q1.id]: 3, [a1.id]: 5.5 } });
    const copyB = await createScoredCopy(tdb.db, media, v.id, { studentId: martin.student.id, pdf: false, scores: { [q1.id]: 2, [b1.id]: 7.5 } });
    await tdb.db.copy.update({ where: { id: copyA.id }, data: { variant: "A" } });
    await tdb.db.copy.update({ where: { id: copyB.id }, data: { variant: "B" } });
    await tdb.db.examAbsence.create({ data: { examId: v.id, studentId: petit.student.id } });

    const { res, bytes } = await download(`/api/exports/exams/${v.id}/pronote.csv`);
    expect(res.status).toBe(200);
    expect(bytes.toString("utf8")).toBe(
      "\ufeffNOM;PRENOM;DATE_NAISSANCE;Exercice 1 / 1 (/4);Sujet A / A.1 [A] (/6,5);Sujet B / B.1 [B] (/10);NOTE;SUR\r\n" +
        "BERNARD;Lucie;03/02/2008;3;5,5;;8,5;10,5\r\n" +
        "MARTIN;Paul;05/04/2008;2;;7,5;9,5;14\r\n" +
        "PETIT;Zoé;06/06/2008;;;;Abs;\r\n",
    );
  });
});

describe("streaming a 1,000-copy exam", () => {
  let big: SupervisedExam;
  beforeAll(async () => {
    big = await createSupervisedExam(tdb.db);
    await createManyGradedCopies(tdb.db, big.id, big.leaves, 1000);
  }, 60_000);

  it("produces its first bytes after reading one batch, and reads the rest only as it is consumed", async () => {
    let copyReads = 0;
    const counting: Queryable = {
      query: ((text: string, values?: unknown[]) => {
        if (/FROM "Copy" c/.test(text)) copyReads++;
        return server.ctx.pool.query(text, values);
      }) as Queryable["query"],
    };
    const marks = await loadExamMarks(tdb.db, server.ctx.pool, big.id);
    const stream = marksCsv({ db: tdb.db, pool: counting, frozen: new FrozenDocCache(), batchSize: 100 }, big.id, marks);
    expect((await stream.next()).value).toMatch(/^code_anonyme,/);
    const first = await stream.next();
    expect(first.value!.split("\r\n").length - 1).toBe(100);
    expect(copyReads).toBe(1); // one batch of 100 read, 900 copies still in the database
    let rows = 100;
    for await (const chunk of stream) rows += chunk.split("\r\n").length - 1;
    expect(rows).toBe(1000);
    expect(copyReads).toBe(12); // ten full pages, the empty one that ends them, one (empty) page of unidentified copies
  });

  it("serves the whole export over HTTP with one line per copy", async () => {
    const { res, bytes } = await download(`/api/exports/exams/${big.id}/marks.csv`);
    expect(res.status).toBe(200);
    const lines = bytes.toString("utf8").split("\r\n");
    expect(lines.length).toBe(1002); // header + 1,000 rows + the final empty string
    expect(lines[1]).toMatch(new RegExp(`^${big.codePrefix}-\\d{4},ELEVE0000,Test,,,corrigée,0,1,1,2$`));
  });
});
