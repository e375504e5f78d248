// What a notice says in the list and where it leads, from its kind and parameters.
import type { Notice } from "../../api/notices.ts";
import { getLocale, t } from "../../i18n/i18n.ts";
import { resultsPaths } from "../../router.ts";

interface SummaryExam {
  examId: string;
  title: string;
  total: number;
  graded: number;
  gradedToday: number;
  remaining: number;
  released: number;
  failedRenders: number;
  stuckFinalizing: number;
  idleGraders: number;
}

export const summaryExams = (n: Notice): SummaryExam[] => (Array.isArray(n.params.exams) ? (n.params.exams as SummaryExam[]) : []);

export const alertsOf = (e: SummaryExam) => (e.failedRenders ? 1 : 0) + (e.stuckFinalizing ? 1 : 0) + (e.idleGraders ? 1 : 0);

const text = (v: unknown) => (typeof v === "string" ? v : "");

export function noticeMessage(n: Notice): string {
  switch (n.kind) {
    case "COPY_RELEASED":
      return t(n.params.newVersion ? "notices.COPY_RELEASED.new" : "notices.COPY_RELEASED", { exam: text(n.params.examTitle) });
    case "REGRADE_ANSWERED":
      return t("notices.REGRADE_ANSWERED", { exam: text(n.params.examTitle) });
    case "SUPERVISOR_SUMMARY": {
      const exams = summaryExams(n);
      const day = new Date(`${text(n.params.day)}T12:00:00Z`).toLocaleDateString(getLocale() === "fr" ? "fr-FR" : "en-GB", {
        day: "numeric",
        month: "long",
        timeZone: "UTC",
      });
      return t("notices.SUPERVISOR_SUMMARY", { day, exams: exams.length, alerts: exams.reduce((s, e) => s + alertsOf(e), 0) });
    }
    default:
      return t("notices.PASSWORD_RESET");
  }
}

export function noticeLink(n: Notice): string | null {
  if ((n.kind === "COPY_RELEASED" || n.kind === "REGRADE_ANSWERED") && typeof n.params.copyId === "string") return resultsPaths.portalCopy(n.params.copyId);
  if (n.kind === "SUPERVISOR_SUMMARY") return resultsPaths.supervision;
  return null;
}
