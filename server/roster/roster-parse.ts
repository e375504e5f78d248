// A roster CSV → typed rows plus every problem, by line and column. Pure (no database).
import { parse as parseCsv } from "csv-parse/sync";
import { decodeCsv, detectDelimiter, type RosterEncoding } from "./roster-decode.ts";
import { mapColumns, type RosterField, type RosterFormat } from "./roster-columns.ts";
import { isEmail, isIne, parseDate, splitFullName } from "./roster-fields.ts";

export type ProblemCode =
  | "EMPTY_FILE"
  | "UNKNOWN_FORMAT"
  | "MISSING_COLUMN"
  | "UNKNOWN_COLUMN"
  | "DUPLICATE_COLUMN"
  | "MISSING_FIELD"
  | "INVALID_EMAIL"
  | "INVALID_DATE"
  | "INVALID_INE"
  | "NAME_NOT_SPLIT"
  | "EXTRA_FIELDS"
  | "DUPLICATE_INE"
  | "DUPLICATE_EMAIL"
  | "NO_IDENTIFIER"
  | "CONFLICT"
  | "EMAIL_IN_USE"
  | "MALFORMED_CSV";

export interface RosterProblem {
  severity: "error" | "warning";
  code: ProblemCode;
  /** 1-based line of the file (1 = header); null for the whole file */
  line: number | null;
  /** 1-based column and its header; null when the problem is about the row */
  column: number | null;
  columnName: string | null;
  message: string;
}

export interface RosterRow {
  line: number;
  ine: string | null;
  lastName: string;
  firstName: string;
  className: string | null;
  email: string | null;
  birthDate: Date | null;
  /** no error on this row */
  valid: boolean;
}

export interface ParsedRoster {
  format: RosterFormat | null;
  encoding: RosterEncoding;
  delimiter: string;
  columns: Array<{ name: string; field: RosterField | null }>;
  rows: RosterRow[];
  problems: RosterProblem[];
}

const FIELD_LABEL: Record<RosterField, string> = {
  ine: "INE / student number",
  lastName: "last name",
  firstName: "first name",
  fullName: "student (NOM Prénom)",
  className: "class",
  email: "e-mail",
  birthDate: "birth date",
  ignored: "",
};

export const MAX_ROWS = 5000;

export function parseRoster(bytes: Uint8Array): ParsedRoster {
  const { text, encoding } = decodeCsv(bytes);
  const delimiter = detectDelimiter(text);
  const base = { encoding, delimiter, format: null, columns: [], rows: [] };
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parseCsv(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as typeof records;
  } catch (e) {
    return {
      ...base,
      problems: [
        {
          severity: "error",
          code: "MALFORMED_CSV",
          line: null,
          column: null,
          columnName: null,
          message: `The file is not a readable CSV: ${(e as Error).message}`,
        },
      ],
    };
  }
  const startLine = (r: { record: string[]; info: { lines: number } }) => r.info.lines - r.record.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
  records = records.filter((r) => r.record.some((c) => c !== ""));
  const headerRec = records[0];
  if (!headerRec)
    return { ...base, problems: [{ severity: "error", code: "EMPTY_FILE", line: null, column: null, columnName: null, message: "The file is empty" }] };
  const header = headerRec.record;
  const map = mapColumns(header);
  const problems: RosterProblem[] = [];
  const at = (severity: RosterProblem["severity"], code: ProblemCode, line: number | null, col: number | null, message: string) =>
    problems.push({ severity, code, line, column: col === null ? null : col + 1, columnName: col === null ? null : (header[col]?.trim() ?? null), message });
  const columns = header.map((name, i) => ({ name: name.trim(), field: map.fields[i] ?? null }));
  const hl = startLine(headerRec);
  for (const i of map.unknown) at("warning", "UNKNOWN_COLUMN", hl, i, `Unknown column "${header[i]!.trim()}": it is ignored`);
  for (const i of map.duplicated) at("warning", "DUPLICATE_COLUMN", hl, i, `Column "${header[i]!.trim()}" appears twice: the first one is used`);
  if (!map.format) {
    at(
      "error",
      "UNKNOWN_FORMAT",
      hl,
      null,
      "Unrecognized header: expected INE;NOM;PRENOM;CLASSE;EMAIL, nom,prenom,email,date_naissance[,numero_etudiant,classe] or the school export (Élèves, Né(e) le, Adresse E-mail, Classe …)",
    );
    return { ...base, columns, problems };
  }
  for (const f of map.missing) at("error", "MISSING_COLUMN", hl, null, `Missing column: ${FIELD_LABEL[f]}`);
  if (map.missing.length) return { ...base, format: map.format, columns, problems };
  if (records.length - 1 > MAX_ROWS) at("error", "MALFORMED_CSV", null, null, `At most ${MAX_ROWS} students per file`);

  const required = new Set<RosterField>(
    map.format === "korrigo" ? ["ine", "lastName", "firstName"] : map.format === "documented" ? ["lastName", "firstName", "email", "birthDate"] : ["fullName"],
  );
  const rows: RosterRow[] = [];
  const seenIne = new Map<string, number>();
  const seenEmail = new Map<string, number>();
  for (const rec of records.slice(1)) {
    const line = startLine(rec);
    const before = problems.filter((p) => p.severity === "error").length;
    const cell = (f: RosterField) => (map.index[f] === undefined ? "" : (rec.record[map.index[f]!] ?? "").trim());
    const col = (f: RosterField) => map.index[f] ?? null;
    if (rec.record.length > header.length && rec.record.slice(header.length).some((c) => c !== ""))
      at("warning", "EXTRA_FIELDS", line, header.length, `${rec.record.length} fields but ${header.length} columns: the extra ones are ignored`);
    for (const f of required) if (!cell(f)) at("error", "MISSING_FIELD", line, col(f), `Missing ${FIELD_LABEL[f]}`);

    let lastName = cell("lastName");
    let firstName = cell("firstName");
    if (map.format === "school-export" && cell("fullName")) {
      const split = splitFullName(cell("fullName"));
      if (split) ({ lastName, firstName } = split);
      else
        at(
          "error",
          "NAME_NOT_SPLIT",
          line,
          col("fullName"),
          `Cannot tell the last name from the first name in "${cell("fullName")}": write the last name in CAPITALS, then the first name`,
        );
    }
    const ine = cell("ine").toUpperCase().replace(/\s+/g, "") || null;
    if (ine && !isIne(ine)) at("error", "INVALID_INE", line, col("ine"), `Invalid INE / student number "${cell("ine")}"`);
    const email = cell("email").toLowerCase() || null;
    if (email && !isEmail(email)) at("error", "INVALID_EMAIL", line, col("email"), `Invalid e-mail address "${cell("email")}"`);
    const rawDate = cell("birthDate");
    const birthDate = rawDate ? parseDate(rawDate) : null;
    if (rawDate && !birthDate) at("error", "INVALID_DATE", line, col("birthDate"), `Invalid date "${rawDate}": expected DD/MM/YYYY`);
    if (ine && seenIne.has(ine)) at("error", "DUPLICATE_INE", line, col("ine"), `INE ${ine} already on line ${seenIne.get(ine)}`);
    else if (ine) seenIne.set(ine, line);
    if (email && seenEmail.has(email)) at("error", "DUPLICATE_EMAIL", line, col("email"), `E-mail ${email} already on line ${seenEmail.get(email)}`);
    else if (email) seenEmail.set(email, line);
    if (!ine && !email && lastName)
      at("warning", "NO_IDENTIFIER", line, null, "No INE and no e-mail: matched on name and birth date only, and no portal account");
    const valid = problems.filter((p) => p.severity === "error").length === before;
    rows.push({
      line,
      ine,
      lastName: lastName.slice(0, 120),
      firstName: firstName.slice(0, 120),
      className: cell("className").slice(0, 60) || null,
      email,
      birthDate,
      valid,
    });
  }
  return { format: map.format, encoding, delimiter, columns, rows, problems };
}
