// The forgotten-password link (or, for an account without a password, the way to sign in).
import type { EmailContent } from "../email-layout.ts";
import type { NoticeParams } from "../notice-kinds.ts";
import { pick, type TemplateEnv } from "./template-env.ts";

export function passwordResetEmail(p: NoticeParams<"PASSWORD_RESET">, env: TemplateEnv): EmailContent {
  const ignore = pick(env, {
    fr: "Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : rien ne change sur votre compte.",
    en: "If you did not ask for this, ignore this message: nothing changes on your account.",
  });
  const base = {
    subject: pick(env, { fr: "Korrigo : mot de passe oublié", en: "Korrigo: forgotten password" }),
    greeting: pick(env, { fr: `Bonjour ${env.name},`, en: `Hello ${env.name},` }),
    reason: pick(env, {
      fr: "Vous recevez ce message parce qu’un nouveau mot de passe a été demandé pour votre adresse.",
      en: "You receive this message because a new password was asked for your address.",
    }),
  };
  if (p.ssoOnly) {
    return {
      ...base,
      paragraphs: [
        pick(env, {
          fr: "Votre compte n’a pas de mot de passe : connectez-vous avec le bouton « Se connecter avec l’ENT » de la page de connexion.",
          en: "Your account has no password: sign in with the “Sign in with the school account” button of the sign-in page.",
        }),
        ignore,
      ],
      action: { label: pick(env, { fr: "Aller à la page de connexion", en: "Go to the sign-in page" }), url: env.links.signIn() },
    };
  }
  return {
    ...base,
    paragraphs: [
      pick(env, {
        fr: `Pour choisir un nouveau mot de passe, ouvrez le lien ci-dessous. Il est valable ${env.passwordResetTtlMin} minutes et ne sert qu’une fois.`,
        en: `To choose a new password, open the link below. It is valid for ${env.passwordResetTtlMin} minutes and works once.`,
      }),
      ignore,
    ],
    action: { label: pick(env, { fr: "Choisir un nouveau mot de passe", en: "Choose a new password" }), url: env.links.passwordReset(p.resetId) },
  };
}
