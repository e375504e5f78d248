// The supervisors' end-of-day summary: one row per exam being graded, then the alerts.
import type { EmailContent } from "../email-layout.ts";
import { oneLine } from "../email-text.ts";
import type { NoticeParams, SummaryExam } from "../notice-kinds.ts";
import { pick, type TemplateEnv } from "./template-env.ts";

function alertsOf(e: SummaryExam, env: TemplateEnv): string[] {
  const out: string[] = [];
  if (e.failedRenders) out.push(pick(env, { fr: `${e.failedRenders} copie(s) en échec de rendu`, en: `${e.failedRenders} copy(ies) failed to render` }));
  if (e.stuckFinalizing)
    out.push(pick(env, { fr: `${e.stuckFinalizing} copie(s) bloquée(s) en finalisation`, en: `${e.stuckFinalizing} copy(ies) stuck finalizing` }));
  if (e.idleGraders)
    out.push(pick(env, { fr: `${e.idleGraders} correcteur(s) sans copie finalisée aujourd’hui`, en: `${e.idleGraders} grader(s) finalized no copy today` }));
  return out;
}

export function alertCount(p: NoticeParams<"SUPERVISOR_SUMMARY">): number {
  return p.exams.reduce((n, e) => n + (e.failedRenders ? 1 : 0) + (e.stuckFinalizing ? 1 : 0) + (e.idleGraders ? 1 : 0), 0);
}

export function supervisorSummaryEmail(p: NoticeParams<"SUPERVISOR_SUMMARY">, env: TemplateEnv): EmailContent {
  const day = new Date(`${p.day}T12:00:00Z`).toLocaleDateString(env.locale === "fr" ? "fr-FR" : "en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    timeZone: "UTC",
  });
  const alerts = p.exams.flatMap((e) => alertsOf(e, env).map((a) => `${oneLine(e.title)} : ${a}`.replace(" :", env.locale === "fr" ? " :" : ":")));
  return {
    subject: pick(env, { fr: `Korrigo : bilan de la correction du ${day}`, en: `Korrigo: grading summary for ${day}` }),
    greeting: pick(env, { fr: `Bonjour ${env.name},`, en: `Hello ${env.name},` }),
    paragraphs: [
      pick(env, { fr: `Où en est la correction ce ${day} au soir.`, en: `Where grading stands on the evening of ${day}.` }),
      alerts.length
        ? `${pick(env, { fr: "À surveiller", en: "Needs attention" })}${env.locale === "fr" ? " :" : ":"}\n${alerts.map((a) => `• ${a}`).join("\n")}`
        : pick(env, { fr: "Aucune alerte.", en: "No alerts." }),
    ],
    table: {
      caption: pick(env, { fr: "Épreuves en cours", en: "Exams being graded" }),
      head: env.locale === "fr" ? ["Épreuve", "Corrigées", "Aujourd’hui", "Restantes", "Publiées"] : ["Exam", "Graded", "Today", "Remaining", "Released"],
      rows: p.exams.map((e) => [oneLine(e.title, 60), `${e.graded}/${e.total}`, String(e.gradedToday), String(e.remaining), String(e.released)]),
    },
    action: { label: pick(env, { fr: "Ouvrir le suivi", en: "Open the dashboard" }), url: env.links.supervision() },
    reason: pick(env, {
      fr: "Vous recevez ce bilan parce que vous l’avez demandé dans Korrigo.",
      en: "You receive this summary because you asked for it in Korrigo.",
    }),
    unsubscribe: {
      label: pick(env, { fr: "Ne plus recevoir ce bilan", en: "Stop this summary" }),
      url: env.links.unsubscribePage(env.userId, "SUPERVISOR_SUMMARY"),
    },
  };
}
