// "Your copy is available" (or: a new version of it), with an unsubscribe link.
import type { EmailContent } from "../email-layout.ts";
import { oneLine } from "../email-text.ts";
import type { NoticeParams } from "../notice-kinds.ts";
import { pick, type TemplateEnv } from "./template-env.ts";

export function copyReleasedEmail(p: NoticeParams<"COPY_RELEASED">, env: TemplateEnv): EmailContent {
  const title = oneLine(p.examTitle);
  return {
    subject: p.newVersion
      ? pick(env, { fr: `Nouvelle version de votre copie « ${title} »`, en: `A new version of your copy of “${title}”` })
      : pick(env, { fr: `Votre copie « ${title} » est disponible`, en: `Your copy of “${title}” is available` }),
    greeting: pick(env, { fr: `Bonjour ${env.name},`, en: `Hello ${env.name},` }),
    paragraphs: [
      p.newVersion
        ? pick(env, {
            fr: `Votre copie de l’épreuve « ${title} » a été revue : une nouvelle version est publiée.`,
            en: `Your copy of “${title}” was reviewed: a new version is published.`,
          })
        : pick(env, {
            fr: `Votre copie corrigée de l’épreuve « ${title} » est publiée : vos notes, les commentaires et la copie annotée vous attendent.`,
            en: `Your graded copy of “${title}” is published: your marks, the comments and the annotated copy are waiting for you.`,
          }),
    ],
    action: { label: pick(env, { fr: "Voir ma copie", en: "View my copy" }), url: env.links.copy(p.copyId) },
    reason: pick(env, {
      fr: "Vous recevez ce message parce qu’une de vos copies a été publiée.",
      en: "You receive this message because one of your copies was published.",
    }),
    unsubscribe: {
      label: pick(env, { fr: "Ne plus recevoir ces courriels", en: "Stop these e-mails" }),
      url: env.links.unsubscribePage(env.userId, "COPY_RELEASED"),
    },
  };
}
