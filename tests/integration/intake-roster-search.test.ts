// Roster search for the identification desk: accents, case, word order and typos forgiven.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { damerauLevenshtein, searchRoster } from "../../server/identification/fuzzy-match.ts";
import { createExam, startIntake, type IntakeEnv } from "../helpers/intake-setup.ts";

const ROSTER = [
  ["DUPONT", "Jean"],
  ["DUPONT", "Jean-Pierre"],
  ["DUPOND", "Marie"],
  ["MARTIN", "Sophie"],
  ["BEN ALI", "Ahmed"],
  ["GUÉRIN", "Zoé"],
  ["NGUYEN", "Thi Mai"],
  ["LEFÈVRE", "Chloé"],
].map(([lastName, firstName], i) => ({ id: `s${i}`, lastName: lastName!, firstName: firstName!, ine: `12345678${i}A`, email: null }));

const top = (q: string) => searchRoster(ROSTER, q, 3).map((h) => `${h.row.lastName} ${h.row.firstName}`);

describe("fuzzy roster search", () => {
  it.each([
    ["DUPONT Jean", "DUPONT Jean"],
    ["Dupont Jean", "DUPONT Jean"],
    ["dupond jean", "DUPONT Jean"],
    ["jean dupont", "DUPONT Jean"],
    ["jaen dupnot", "DUPONT Jean"],
    ["guerin zoe", "GUÉRIN Zoé"],
    ["Zoé Guérin", "GUÉRIN Zoé"],
    ["benali", "BEN ALI Ahmed"],
    ["ben ali", "BEN ALI Ahmed"],
    ["lefevre", "LEFÈVRE Chloé"],
    ["marti", "MARTIN Sophie"],
    ["123456783A", "MARTIN Sophie"],
  ])("%s → %s first", (q, expected) => {
    expect(top(q)[0]).toBe(expected);
  });

  it("finds nothing for an unrelated name", () => {
    expect(top("Zidane Zinedine")).toEqual([]);
  });

  it("counts a transposition as one edit", () => {
    expect(damerauLevenshtein("dupnot", "dupont")).toBe(1);
    expect(damerauLevenshtein("martin", "martin")).toBe(0);
  });
});

describe("GET /api/exams/:id/roster/search", () => {
  let env: IntakeEnv;
  beforeAll(async () => {
    env = await startIntake();
  });
  afterAll(async () => env?.close());

  it("ranks the students and says who is already linked or absent", async () => {
    const examId = await createExam(env.admin);
    const [jean, jp] = await Promise.all([
      env.tdb.db.student.create({ data: { lastName: "DUPONT", firstName: "Jean", className: "TG4", ine: "123456789A" } }),
      env.tdb.db.student.create({ data: { lastName: "DUPONT", firstName: "Jean-Pierre", className: "TG2" } }),
      env.tdb.db.student.create({ data: { lastName: "MARTIN", firstName: "Sophie", className: "TG4" } }),
    ]);
    await env.admin.request("PUT", `/api/exams/${examId}/absences/${jp!.id}`);
    const r = await env.admin.get(`/api/exams/${examId}/roster/search?q=${encodeURIComponent("dupond jean")}`);
    expect(r.status).toBe(200);
    expect(r.body.results.map((x: { student: { id: string } }) => x.student.id)).toEqual([jean!.id, jp!.id]);
    expect(r.body.results[0]).toMatchObject({ linkedCopy: null, absent: false });
    expect(r.body.results[0].score).toBeGreaterThan(r.body.results[1].score);
    expect(r.body.results[1].absent).toBe(true);
    const inClass = await env.admin.get(`/api/exams/${examId}/roster/search?q=dupont&className=TG2`);
    expect(inClass.body.results.map((x: { student: { id: string } }) => x.student.id)).toEqual([jp!.id]);
    expect((await env.admin.get(`/api/exams/${examId}/roster/search?q=`)).status).toBe(400);
  });
});
