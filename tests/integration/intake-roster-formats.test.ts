// Roster import in each accepted format and encoding: preview, then commit — students upserted,
// portal accounts created with one-time passwords returned as CSV and PDF, never stored in clear.
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIntake, type IntakeEnv } from "../helpers/intake-setup.ts";
import { fixture } from "../helpers/intake-pdfs.ts";
import { TestClient } from "../helpers/http-client.ts";

let env: IntakeEnv;
beforeAll(async () => {
  env = await startIntake();
});
afterAll(async () => env?.close());

const csv = (c: TestClient, step: "preview" | "import", body: Uint8Array | string) =>
  c.request("POST", `/api/roster/${step}`, { body: typeof body === "string" ? new TextEncoder().encode(body) : body, headers: { "content-type": "text/csv" } });

describe("roster formats", () => {
  it("Korrigo's INE;NOM;PRENOM;CLASSE;EMAIL: preview, commit, accounts with one-time passwords", async () => {
    const preview = await csv(env.admin, "preview", fixture("students.csv"));
    expect(preview.status).toBe(200);
    expect(preview.body.preview).toMatchObject({ format: "korrigo", encoding: "utf-8", delimiter: ";", problems: [] });
    expect(preview.body.preview.summary).toMatchObject({ rows: 3, valid: 3, create: 3, accountsToCreate: 3, errors: 0 });
    expect(preview.body.preview.rows[2]).toMatchObject({
      line: 4,
      ine: "112233445C",
      lastName: "BEN ALI",
      firstName: "Ahmed",
      className: "TG4",
      email: "ahmed.benali@test.com",
      action: "create",
      account: "create",
    });
    expect(await env.tdb.db.student.count()).toBe(0); // a dry run

    const done = await csv(env.admin, "import", fixture("students.csv"));
    expect(done.status).toBe(200);
    expect(done.headers.get("cache-control")).toBe("no-store");
    const { credentials, summary } = done.body.import;
    expect(summary).toMatchObject({ create: 3, accountsToCreate: 3 });
    expect(credentials.count).toBe(3);
    expect(credentials.accounts.map((a: { login: string }) => a.login).sort()).toEqual([
      "ahmed.benali@test.com",
      "jean.dupont@test.com",
      "sophie.martin@test.com",
    ]);
    expect(credentials.csv.content.split("\r\n")[0]).toBe("\uFEFFclasse;nom;prenom;identifiant;mot_de_passe");
    const pdf = await PDFDocument.load(Buffer.from(credentials.pdf.base64, "base64"));
    expect(pdf.getPageCount()).toBe(1);
    expect(Math.round(pdf.getPage(0).getWidth())).toBe(595);

    const jean = credentials.accounts.find((a: { login: string }) => a.login === "jean.dupont@test.com");
    const login = await new TestClient(env.server.url).login(jean.login, jean.password);
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ role: "STUDENT", mustChangePassword: true });
    const user = await env.tdb.db.user.findUniqueOrThrow({ where: { username: "jean.dupont@test.com" }, include: { student: true } });
    expect(user.passwordHash?.startsWith("$argon2id$")).toBe(true);
    expect(user.student).toMatchObject({ ine: "123456789A", lastName: "DUPONT", firstName: "Jean" });
    const audit = await env.tdb.db.auditEvent.findMany({ where: { action: "roster.imported" } });
    expect(JSON.stringify(audit.map((e) => e.details))).not.toContain(jean.password);

    // re-import: nothing new, no account twice
    const again = await csv(env.admin, "import", fixture("students.csv"));
    expect(again.body.import.summary).toMatchObject({ create: 0, unchanged: 3, accountsToCreate: 0 });
    expect(again.body.import.credentials.count).toBe(0);
  });

  it("the documented nom,prenom,email,date_naissance[,numero_etudiant,classe] with commas; updates by INE", async () => {
    const text =
      'nom,prenom,email,date_naissance,numero_etudiant,classe\nLefèvre,Chloé,chloe.lefevre@lycee.fr,03/04/2008,111222333D,1G2\n"Martin, dit Tin",Léo,,2008-12-31,444555666E,1G2\n';
    const p = await csv(env.admin, "preview", text);
    expect(p.body.preview.format).toBe("documented");
    expect(p.body.preview.delimiter).toBe(",");
    // the second row has no e-mail, which this format requires
    expect(p.body.preview.problems).toEqual([expect.objectContaining({ code: "MISSING_FIELD", line: 3, column: 3, columnName: "email", severity: "error" })]);
    const fixed = text.replace(",Léo,,", ",Léo,leo.martin@lycee.fr,");
    expect((await csv(env.admin, "import", fixed)).status).toBe(200);
    const s = await env.tdb.db.student.findUniqueOrThrow({ where: { ine: "111222333D" } });
    expect(s).toMatchObject({ lastName: "Lefèvre", firstName: "Chloé", className: "1G2" });
    expect(s.birthDate?.toISOString().slice(0, 10)).toBe("2008-04-03");
    const moved = await csv(env.admin, "import", fixed.replace(/1G2/g, "TG1"));
    expect(moved.body.import.summary).toMatchObject({ update: 2, create: 0 });
    expect((await env.tdb.db.student.findUniqueOrThrow({ where: { ine: "111222333D" } })).className).toBe("TG1");
  });

  it('the school export (UTF-8 with BOM, "NOM Prénom", DD/MM/YYYY, header cells with trailing spaces)', async () => {
    const text =
      "\uFEFFÉlèves,Né(e) le,Adresse E-mail,Classe,EDS ,Groupe\nDE LA FONTAINE Jean-Pierre,12/05/2008,jp.dlf@lycee.fr,TG3,MATHS PHYS,G1\nNGUYEN Thi Mai,01/09/2008,,TG3,SES HGGSP,G2\n";
    const p = await csv(env.admin, "preview", text);
    expect(p.body.preview).toMatchObject({ format: "school-export", encoding: "utf-8-bom", delimiter: "," });
    expect(p.body.preview.rows.map((r: { lastName: string; firstName: string }) => [r.lastName, r.firstName])).toEqual([
      ["DE LA FONTAINE", "Jean-Pierre"],
      ["NGUYEN", "Thi Mai"],
    ]);
    expect(p.body.preview.problems.map((x: { code: string }) => x.code)).toEqual(["NO_IDENTIFIER"]); // a warning
    const done = await csv(env.admin, "import", text);
    expect(done.body.import.summary).toMatchObject({ create: 2, accountsToCreate: 1 });
    // matched on name + birth date when there is neither INE nor e-mail: no duplicate
    expect((await csv(env.admin, "import", text)).body.import.summary).toMatchObject({ create: 0, unchanged: 2 });
  });

  it("ISO-8859-1 / Windows-1252 files are decoded (accents intact)", async () => {
    const latin1 = Buffer.from("INE;NOM;PRENOM;CLASSE;EMAIL\n555666777F;GUÉRIN;Zoé;TG2;zoe.guerin@lycee.fr\n", "latin1");
    const p = await csv(env.admin, "preview", latin1);
    expect(p.body.preview.encoding).toBe("windows-1252");
    expect(p.body.preview.rows[0]).toMatchObject({ lastName: "GUÉRIN", firstName: "Zoé" });
  });
});
