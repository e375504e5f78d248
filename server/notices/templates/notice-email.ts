// Kind → template: the e-mail of any notice.
import type { NoticeKind } from "../../db/client.ts";
import { renderEmail, type EmailContent, type RenderedEmail } from "../email-layout.ts";
import { NOTICE_PARAMS, type NoticeParams } from "../notice-kinds.ts";
import { copyReleasedEmail } from "./copy-released-email.ts";
import { passwordResetEmail } from "./password-reset-email.ts";
import { regradeAnsweredEmail } from "./regrade-answered-email.ts";
import { supervisorSummaryEmail } from "./supervisor-summary-email.ts";
import type { TemplateEnv } from "./template-env.ts";

const TEMPLATES: { [K in NoticeKind]: (p: NoticeParams<K>, env: TemplateEnv) => EmailContent } = {
  COPY_RELEASED: copyReleasedEmail,
  REGRADE_ANSWERED: regradeAnsweredEmail,
  SUPERVISOR_SUMMARY: supervisorSummaryEmail,
  PASSWORD_RESET: passwordResetEmail,
};

export function noticeEmail<K extends NoticeKind>(kind: K, rawParams: unknown, env: TemplateEnv): RenderedEmail {
  const params = NOTICE_PARAMS[kind].parse(rawParams) as NoticeParams<K>;
  return renderEmail(TEMPLATES[kind](params, env), env.locale);
}
