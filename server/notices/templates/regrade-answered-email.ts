// "Your regrade request was answered": the answer itself is read in the app, behind sign-in.
import type { EmailContent } from "../email-layout.ts";
import { oneLine } from "../email-text.ts";
import type { NoticeParams } from "../notice-kinds.ts";
import { pick, type TemplateEnv } from "./template-env.ts";

export function regradeAnsweredEmail(p: NoticeParams<"REGRADE_ANSWERED">, env: TemplateEnv): EmailContent {
  const title = oneLine(p.examTitle);
  return {
    subject: pick(env, { fr: `Réponse à votre demande de révision : « ${title} »`, en: `Your regrade request was answered: “${title}”` }),
    greeting: pick(env, { fr: `Bonjour ${env.name},`, en: `Hello ${env.name},` }),
    paragraphs: [
      p.marksChanged
        ? pick(env, {
            fr: `Votre demande de révision de la copie « ${title} » a reçu une réponse : vos notes ont été modifiées.`,
            en: `Your regrade request for “${title}” was answered: your marks were changed.`,
          })
        : pick(env, {
            fr: `Votre demande de révision de la copie « ${title} » a reçu une réponse : vos notes sont inchangées.`,
            en: `Your regrade request for “${title}” was answered: your marks are unchanged.`,
          }),
    ],
    action: { label: pick(env, { fr: "Lire la réponse", en: "Read the answer" }), url: env.links.copy(p.copyId) },
    reason: pick(env, {
      fr: "Vous recevez ce message en réponse à votre demande de révision.",
      en: "You receive this message in answer to your regrade request.",
    }),
  };
}
