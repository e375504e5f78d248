// Roster problems in the UI language: the stable `code` says what, the server's message carries
// the offending value ("…") or the other line, kept as they are.
import type { RosterField, RosterProblem } from "../../api/intake.ts";
import { fr } from "../../i18n/fr.ts";
import { t, type MessageKey } from "../../i18n/i18n.ts";

const FIELD_KEYS: Record<string, MessageKey> = {
  "INE / student number": "intake.roster.col.ine",
  "last name": "intake.roster.col.lastName",
  "first name": "intake.roster.col.firstName",
  "student (NOM Prénom)": "intake.roster.col.fullName",
  class: "intake.roster.col.className",
  "e-mail": "intake.roster.col.email",
  "birth date": "intake.roster.col.birthDate",
};

export const FIELD_LABEL: Record<Exclude<RosterField, "ignored">, MessageKey> = {
  ine: "intake.roster.col.ine",
  lastName: "intake.roster.col.lastName",
  firstName: "intake.roster.col.firstName",
  fullName: "intake.roster.col.fullName",
  className: "intake.roster.col.className",
  email: "intake.roster.col.email",
  birthDate: "intake.roster.col.birthDate",
};

export function problemText(p: RosterProblem): string {
  const key = `intake.roster.problem.${p.code}` as MessageKey;
  if (!(key in fr)) return p.message; // a code this client does not know yet
  const text = t(key);
  const quoted = /"([^"]*)"/.exec(p.message)?.[1];
  const otherLine = /already on line (\d+)/.exec(p.message)?.[1];
  const missing = /^Missing (?:column: )?(.+)$/.exec(p.message)?.[1];
  if (otherLine) return `${text} ${t("intake.roster.alsoLine", { line: otherLine })}`;
  if ((p.code === "MISSING_COLUMN" || p.code === "MISSING_FIELD") && missing && FIELD_KEYS[missing]) return `${text} : ${t(FIELD_KEYS[missing])}`;
  return quoted !== undefined && p.code !== "UNKNOWN_FORMAT" ? `${text} : « ${quoted} »` : text;
}

/** "Ligne 4, colonne EMAIL" — where the problem is. */
export function problemPlace(p: RosterProblem): string {
  if (p.line === null) return t("intake.roster.wholeFile");
  if (p.column === null) return t("intake.roster.atLine", { line: p.line });
  return t("intake.roster.atCell", { line: p.line, column: p.columnName ?? String(p.column) });
}
