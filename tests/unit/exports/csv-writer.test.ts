// CSV cells: RFC 4180 quoting, formula neutralization of text, numbers in either decimal style,
// and the ASCII file names of the PDF ZIP.
import { describe, expect, it } from "vitest";
import { csvCell, csvLine, FRENCH_CSV, STANDARD_CSV } from "../../../server/exports/csv-writer.ts";
import { pdfBaseName, UniqueNames } from "../../../server/exports/pdf-zip.ts";

describe("csv cells", () => {
  it("quotes a cell holding the separator, a quote or a line break, doubling quotes", () => {
    expect(csvCell("a,b", STANDARD_CSV)).toBe('"a,b"');
    expect(csvCell("a,b", FRENCH_CSV)).toBe("a,b");
    expect(csvCell("a;b", FRENCH_CSV)).toBe('"a;b"');
    expect(csvCell('say "hi"', STANDARD_CSV)).toBe('"say ""hi"""');
    expect(csvCell("two\nlines", STANDARD_CSV)).toBe('"two\nlines"');
    expect(csvCell("cr\r", STANDARD_CSV)).toBe('"cr\r"');
    expect(csvCell("plain text", STANDARD_CSV)).toBe("plain text");
  });

  it("neutralizes text that a spreadsheet would run as a formula", () => {
    for (const evil of ["=1+1", "+33 6", "-2", "@SUM(A1)", "\t=cmd", "\r=cmd"]) expect(csvCell(evil, FRENCH_CSV).replace(/^"/, "")).toMatch(/^'/);
    expect(csvCell('=HYPERLINK("http://evil","x")', STANDARD_CSV)).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell("a=b", STANDARD_CSV)).toBe("a=b");
  });

  it("writes numbers as numbers, decimal comma in the French dialect, empty for null", () => {
    expect(csvCell(12.5, STANDARD_CSV)).toBe("12.5");
    expect(csvCell(12.5, FRENCH_CSV)).toBe("12,5");
    expect(csvCell(0.1 + 0.2, FRENCH_CSV)).toBe("0,3");
    expect(csvCell(-1, STANDARD_CSV)).toBe("-1");
    expect(csvCell(null, STANDARD_CSV)).toBe("");
    expect(csvCell(Number.NaN, STANDARD_CSV)).toBe("");
    expect(csvLine(["a", 1.5, null, "b;c"], FRENCH_CSV)).toBe('a;1,5;;"b;c"\r\n');
  });
});

describe("pdf names", () => {
  it("are ASCII NOM_Prenom_code, accents and ligatures folded", () => {
    const student = (lastName: string, firstName: string) => ({ lastName, firstName, ine: null, className: null, birthDate: null });
    expect(pdfBaseName({ anonymousCode: "0F8E-001", student: student("GUÉRIN", "Zoé") })).toBe("GUERIN_Zoe_0F8E-001");
    expect(pdfBaseName({ anonymousCode: "0F8E-002", student: student("BEN ALI", "Thi Mai") })).toBe("BEN-ALI_Thi-Mai_0F8E-002");
    expect(pdfBaseName({ anonymousCode: "0F8E-003", student: student("CŒUR", "Ælis/../x") })).toBe("COEUR_AElis-x_0F8E-003");
    expect(pdfBaseName({ anonymousCode: "0F8E-004", student: null })).toBe("0F8E-004");
  });

  it("are unique, case-insensitively", () => {
    const names = new UniqueNames();
    expect(["A_b", "a_B", "A_b", "c"].map((n) => names.take(n, "pdf"))).toEqual(["A_b.pdf", "a_B_2.pdf", "A_b_3.pdf", "c.pdf"]);
  });
});
