// What every notice template receives besides its parameters.
import type { MailLocale } from "../email-layout.ts";
import type { NoticeLinks } from "../notice-links.ts";

export interface TemplateEnv {
  readonly locale: MailLocale;
  readonly userId: string;
  /** the recipient's display name, already on one line */
  readonly name: string;
  readonly links: NoticeLinks;
  readonly passwordResetTtlMin: number;
}

/** the French or the English text */
export const pick = (env: Pick<TemplateEnv, "locale">, texts: { fr: string; en: string }): string => texts[env.locale];
