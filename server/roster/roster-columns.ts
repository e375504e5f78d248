// Header cells → the fields we know, and which of the three accepted formats the file is:
//   korrigo        INE;NOM;PRENOM;CLASSE;EMAIL
//   documented     nom,prenom,email,date_naissance[,numero_etudiant,classe]
//   school-export  Élèves,Né(e) le,Adresse E-mail,Classe,EDS ,Groupe  ("NOM Prénom" in one column)
export type RosterField = "ine" | "lastName" | "firstName" | "fullName" | "className" | "email" | "birthDate" | "ignored";
export type RosterFormat = "korrigo" | "documented" | "school-export";

/** Lower-case ASCII words joined by "_": "Né(e) le" → "ne_e_le", "EDS " → "eds". */
export const headerKey = (cell: string): string =>
  cell
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");

const SYNONYMS: Record<RosterField, string[]> = {
  ine: ["ine", "numero_etudiant", "num_etudiant", "numero_ine", "n_etudiant", "student_number"],
  lastName: ["nom", "nom_de_famille", "last_name", "lastname"],
  firstName: ["prenom", "prenoms", "first_name", "firstname"],
  fullName: ["eleves", "eleve", "nom_prenom", "nom_et_prenom"],
  className: ["classe", "division", "class"],
  email: ["email", "e_mail", "mail", "adresse_e_mail", "adresse_email", "adresse_mail", "courriel"],
  birthDate: ["date_naissance", "date_de_naissance", "ne_e_le", "ne_le", "nee_le", "naissance", "birth_date"],
  ignored: ["eds", "groupe", "groupes", "options", "sexe", "regime", "mef"],
};

const FIELD_OF = new Map(Object.entries(SYNONYMS).flatMap(([field, keys]) => keys.map((k) => [k, field as RosterField])));

export const REQUIRED: Record<RosterFormat, RosterField[]> = {
  korrigo: ["ine", "lastName", "firstName"],
  documented: ["lastName", "firstName", "email", "birthDate"],
  "school-export": ["fullName"],
};

export interface ColumnMap {
  format: RosterFormat | null;
  /** column index → field (null: unknown header) */
  fields: Array<RosterField | null>;
  index: Partial<Record<RosterField, number>>;
  missing: RosterField[];
  unknown: number[];
  duplicated: number[];
}

export function mapColumns(header: string[]): ColumnMap {
  const fields = header.map((h) => FIELD_OF.get(headerKey(h)) ?? null);
  const index: Partial<Record<RosterField, number>> = {};
  const duplicated: number[] = [];
  fields.forEach((f, i) => {
    if (!f || f === "ignored") return;
    if (index[f] !== undefined) duplicated.push(i);
    else index[f] = i;
  });
  const unknown = fields.flatMap((f, i) => (f === null && header[i]!.trim() !== "" ? [i] : []));
  const format: RosterFormat | null =
    index.fullName !== undefined
      ? "school-export"
      : index.lastName !== undefined || index.firstName !== undefined
        ? headerKey(header[0] ?? "") === "ine"
          ? "korrigo"
          : "documented"
        : null;
  const missing = format ? REQUIRED[format].filter((f) => index[f] === undefined) : [];
  return { format, fields, index, missing, unknown, duplicated };
}
