// Exports of an exam for the exam office (they carry every student's identity): marks as CSV
// (standard or Pronote), the rubric items applied per copy as CSV, the final PDFs as a ZIP. Streamed.
import { z } from "zod";
import { route } from "./route.ts";

export const ExamIdParam = z.strictObject({ examId: z.uuid() });

const ADMIN = ["ADMIN"] as const;
const CSV = "text/csv; charset=utf-8";

export const exportsApi = {
  marksCsv: route({
    method: "GET",
    path: "/api/exports/exams/:examId/marks.csv",
    summary: "The marks of an exam's copies, per question, as CSV (audited)",
    access: ADMIN,
    params: ExamIdParam,
    response: { file: CSV },
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  pronoteCsv: route({
    method: "GET",
    path: "/api/exports/exams/:examId/pronote.csv",
    summary: "The totals of an exam's copies as CSV for Pronote's import (audited)",
    access: ADMIN,
    params: ExamIdParam,
    response: { file: CSV },
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  itemsCsv: route({
    method: "GET",
    path: "/api/exports/exams/:examId/items.csv",
    summary: "The rubric items and adjustments applied per copy and question, as CSV (audited)",
    access: ADMIN,
    params: ExamIdParam,
    response: { file: CSV },
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  copiesZip: route({
    method: "GET",
    path: "/api/exports/exams/:examId/copies.zip",
    summary: "The final PDFs of an exam's graded copies as one ZIP (audited)",
    access: ADMIN,
    params: ExamIdParam,
    response: { file: "application/zip" },
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
};
