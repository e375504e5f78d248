// Exports of marks (CSV) and final PDFs (ZIP): they carry every student's identity, so the exam office only.
import { isRole, type Actor } from "./actor.ts";

export const exportRules = {
  "export.marks": (a: Actor | null) => isRole(a, "ADMIN"),
  "export.pdfs": (a: Actor | null) => isRole(a, "ADMIN"),
} as const;
