// A broken roster: the preview lists every problem by line and column, and the commit refuses the
// whole file (422 ROSTER_INVALID) without writing anything.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIntake, type IntakeEnv } from "../helpers/intake-setup.ts";

let env: IntakeEnv;
beforeAll(async () => {
  env = await startIntake();
});
afterAll(async () => env?.close());

const post = (step: "preview" | "import", text: string) =>
  env.admin.request("POST", `/api/roster/${step}`, { body: new TextEncoder().encode(text), headers: { "content-type": "text/csv" } });
const problems = async (text: string) =>
  ((await post("preview", text)).body.preview.problems as Array<{ code: string; line: number | null; column: number | null; severity: string }>).map((p) => [
    p.code,
    p.line,
    p.column,
    p.severity,
  ]);

describe("roster problems", () => {
  it("reports each problem with its line and column", async () => {
    const text = [
      "INE;NOM;PRENOM;CLASSE;EMAIL;Remarque",
      "123456789A;DUPONT;Jean;TG4;jean.dupont@test.com;",
      "123456789A;MARTIN;Sophie;TG4;sophie.martin@test;",
      ";PETIT;Léa;TG4;jean.dupont@test.com;",
      "98765;ROUX;;TG4;nathan.roux@test.com;",
    ].join("\n");
    expect(await problems(text)).toEqual([
      ["UNKNOWN_COLUMN", 1, 6, "warning"],
      ["DUPLICATE_INE", 3, 1, "error"],
      ["INVALID_EMAIL", 3, 5, "error"],
      ["MISSING_FIELD", 4, 1, "error"],
      ["DUPLICATE_EMAIL", 4, 5, "error"],
      ["INVALID_INE", 5, 1, "error"],
      ["MISSING_FIELD", 5, 3, "error"],
    ]);
  });

  it("reports invalid dates, names it cannot split, and a missing required column", async () => {
    const school = "Élèves,Né(e) le,Adresse E-mail,Classe\nDUPONT Jean,31/02/2008,,TG1\nmartin sophie,01/01/2008,,TG1\n";
    expect(await problems(school)).toEqual([
      ["NO_IDENTIFIER", 2, null, "warning"],
      ["INVALID_DATE", 2, 2, "error"],
      ["NAME_NOT_SPLIT", 3, 1, "error"],
    ]);
    expect(await problems("nom,prenom,email\nDupont,Jean,j@x.fr\n")).toEqual([["MISSING_COLUMN", 1, null, "error"]]);
    expect(await problems("foo;bar\n1;2\n")).toEqual([
      ["UNKNOWN_FORMAT", 1, null, "error"],
      ["UNKNOWN_COLUMN", 1, 1, "warning"],
      ["UNKNOWN_COLUMN", 1, 2, "warning"],
    ]);
    expect(await problems("")).toEqual([["EMPTY_FILE", null, null, "error"]]);
  });

  it("a quoted field spanning lines keeps the following line numbers right", async () => {
    const text = 'INE;NOM;PRENOM;CLASSE;EMAIL\n123456789A;"DU\nPONT";Jean;TG4;jean@x.fr\n987654321B;MARTIN;Sophie;TG4;bad-email\n';
    expect(await problems(text)).toEqual([["INVALID_EMAIL", 4, 5, "error"]]);
  });

  it("refuses to commit a file with errors and writes nothing", async () => {
    const r = await post("import", "INE;NOM;PRENOM;CLASSE;EMAIL\n123456789A;DUPONT;Jean;TG4;not-an-email\n987654321B;MARTIN;Sophie;TG4;sophie@x.fr\n");
    expect(r.status).toBe(422);
    expect(r.body.code).toBe("ROSTER_INVALID");
    expect(r.body.details.problems[0]).toMatchObject({ code: "INVALID_EMAIL", line: 2, column: 5, columnName: "EMAIL" });
    expect(await env.tdb.db.student.count()).toBe(0);
    expect(await env.tdb.db.user.count({ where: { role: "STUDENT" } })).toBe(0);
  });

  it("reports a row that matches two different students in the database as a conflict", async () => {
    await env.tdb.db.student.createMany({
      data: [
        { ine: "111111111A", lastName: "A", firstName: "A", email: "a@x.fr" },
        { ine: "222222222B", lastName: "B", firstName: "B", email: "b@x.fr" },
      ],
    });
    expect(await problems("INE;NOM;PRENOM;CLASSE;EMAIL\n111111111A;A;A;T1;b@x.fr\n")).toEqual([["CONFLICT", 2, null, "error"]]);
  });

  it("refuses a JSON body: the CSV file itself is the body", async () => {
    const r = await env.admin.post("/api/roster/preview", { csv: "x" });
    expect(r.status).toBe(415);
  });
});
