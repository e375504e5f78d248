// Sends a notice's e-mail at most once per successful relay hand-over. The row is the outbox:
// claimed (QUEUED → SENDING) in its own committed statement, sent, then marked SENT. A job that runs
// again after a success finds SENT and sends nothing; a job whose worker died mid-send finds
// SENDING and sends again with the same Message-ID, so the one message the relay might have taken
// before the crash and this one are the same message to every mail system downstream.
import type { Logger } from "pino";
import type { AppContext } from "../context.ts";
import type { EmailStatus, NoticeKind } from "../db/client.ts";
import { mailLocale } from "./email-layout.ts";
import { oneLine } from "./email-text.ts";
import { isPermanentMailError } from "./mailer.ts";
import { isOptionalNotice } from "./notice-kinds.ts";
import { NoticeLinks } from "./notice-links.ts";
import { emailWanted } from "./notice-preferences.ts";
import { noticeEmail } from "./templates/notice-email.ts";

interface Claimed {
  id: string;
  kind: NoticeKind;
  params: unknown;
  userId: string;
  previous: EmailStatus;
}

async function claim(ctx: AppContext, noticeId: string): Promise<Claimed | null> {
  const rows = await ctx.db.$queryRaw<Claimed[]>`
    UPDATE "Notice" n SET "emailStatus" = 'SENDING', "emailAttempts" = n."emailAttempts" + 1
      FROM (SELECT id, "emailStatus" AS previous FROM "Notice" WHERE id = ${noticeId}::uuid FOR UPDATE) o
     WHERE n.id = o.id AND o.previous IN ('QUEUED', 'SENDING')
    RETURNING n.id, n.kind, n.params, n."userId", o.previous`;
  return rows[0] ?? null;
}

const finish = (ctx: AppContext, id: string, status: EmailStatus, data: { error?: string | null; to?: string | null } = {}) =>
  ctx.db.notice.update({
    where: { id },
    data: {
      emailStatus: status,
      emailError: data.error?.slice(0, 500) ?? null,
      ...(status === "SENT" ? { emailSentAt: new Date(), emailTo: data.to ?? null } : {}),
    },
  });

/** Why this notice gets no e-mail, or null when it should be sent. */
async function skipReason(ctx: AppContext, n: Claimed, user: { active: boolean; email: string | null } | null): Promise<string | null> {
  if (!ctx.mailer) return "no mail relay configured (SMTP_HOST unset): shown in the app only";
  if (!user || !user.active) return "account disabled";
  if (!user.email) return "no e-mail address on the account";
  if (isOptionalNotice(n.kind) && !(await emailWanted(ctx.db, n.userId, n.kind))) return "the user turned these e-mails off";
  if (n.kind === "PASSWORD_RESET") {
    const resetId = (n.params as { resetId?: string }).resetId ?? "";
    const reset = await ctx.db.passwordReset.findUnique({ where: { id: resetId }, select: { usedAt: true, expiresAt: true } });
    if (!reset || reset.usedAt || reset.expiresAt <= new Date()) return "the link expired or was used before it could be sent";
  }
  return null;
}

export async function sendNoticeEmail(ctx: AppContext, noticeId: string, opts: { log: Logger; lastAttempt: boolean }): Promise<void> {
  const n = await claim(ctx, noticeId);
  if (!n) return; // already sent, skipped or given up: a re-run job sends nothing
  if (n.previous === "SENDING") opts.log.warn({ noticeId }, "a previous attempt stopped mid-send: sending again with the same Message-ID");
  const user = await ctx.db.user.findUnique({ where: { id: n.userId }, select: { active: true, email: true, displayName: true, locale: true } });
  const skip = await skipReason(ctx, n, user);
  if (skip || !user?.email || !ctx.mailer) {
    await finish(ctx, n.id, "SKIPPED", { error: skip });
    return;
  }
  const name = oneLine(user.displayName, 100);
  const links = new NoticeLinks(ctx.config.publicUrl, ctx.tokens);
  let mail: ReturnType<typeof noticeEmail>;
  try {
    mail = noticeEmail(n.kind, n.params, {
      locale: mailLocale(user.locale),
      userId: n.userId,
      name,
      links,
      passwordResetTtlMin: Math.round(ctx.config.passwordReset.ttlMs / 60_000),
    });
  } catch (e) {
    // parameters no template can render will not render better later
    await finish(ctx, n.id, "FAILED", { error: `cannot render: ${e instanceof Error ? e.message : String(e)}` });
    opts.log.error({ noticeId, err: e }, "notice e-mail cannot be rendered");
    return;
  }
  const headers: Record<string, string> = isOptionalNotice(n.kind)
    ? { "List-Unsubscribe": `<${links.unsubscribeOneClick(n.userId, n.kind)}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }
    : {};
  try {
    await ctx.mailer.send({ to: { name, address: user.email }, ...mail, messageId: `<notice-${n.id}@${new URL(ctx.config.publicUrl).hostname}>`, headers });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (isPermanentMailError(e) || opts.lastAttempt) {
      await finish(ctx, n.id, "FAILED", { error: message });
      opts.log.error({ noticeId, err: message }, "notice e-mail given up");
      return; // a permanent refusal is not retried
    }
    await finish(ctx, n.id, "QUEUED", { error: message });
    throw e; // graphile-worker retries later
  }
  await finish(ctx, n.id, "SENT", { to: user.email });
}
