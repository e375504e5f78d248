// The in-app notices of the signed-in user, their choices, and unsubscribing from an e-mail link.
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { Db, EmailStatus, NoticeKind } from "../db/client.ts";
import { AppError, notFound } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize, authorizeOrHide, can } from "../policy/policy.ts";
import type { TokenSigner } from "../security/signed-token.ts";
import { OPTIONAL_NOTICE_KINDS, type OptionalNoticeKind } from "./notice-kinds.ts";
import { unsubscribeValue } from "./notice-links.ts";
import { emailChoices, setEmailChoice } from "./notice-preferences.ts";
import type { PreferencesInput } from "../../collab/contract/api/notices.ts";

export const NOTICES_LISTED = 100;

export interface NoticeView {
  readonly id: string;
  readonly kind: NoticeKind;
  readonly params: unknown;
  readonly createdAt: string;
  readonly readAt: string | null;
  readonly emailStatus: EmailStatus;
  readonly emailSentAt: string | null;
}

export interface NoticePreferencesView {
  readonly locale: "fr" | "en";
  /** only the optional notices this user's role receives */
  readonly email: Partial<Record<OptionalNoticeKind, boolean>>;
  /** whether e-mails go out at all (SMTP configured) */
  readonly mailEnabled: boolean;
}

export class NoticeService {
  constructor(
    private readonly db: Db,
    private readonly tokens: TokenSigner,
    private readonly mailEnabled: boolean,
  ) {}

  async list(actor: Actor): Promise<{ notices: NoticeView[]; unread: number; mailEnabled: boolean }> {
    authorize(actor, "notice.list");
    const [rows, unread] = await Promise.all([
      this.db.notice.findMany({
        where: { userId: actor.id, inApp: true },
        orderBy: { createdAt: "desc" },
        take: NOTICES_LISTED,
        select: { id: true, kind: true, params: true, createdAt: true, readAt: true, emailStatus: true, emailSentAt: true },
      }),
      this.unread(actor),
    ]);
    const notices = rows.map((n) => ({
      ...n,
      createdAt: n.createdAt.toISOString(),
      readAt: n.readAt?.toISOString() ?? null,
      emailSentAt: n.emailSentAt?.toISOString() ?? null,
    }));
    return { notices, unread, mailEnabled: this.mailEnabled };
  }

  async unread(actor: Actor): Promise<number> {
    authorize(actor, "notice.list");
    return this.db.notice.count({ where: { userId: actor.id, inApp: true, readAt: null } });
  }

  async markRead(actor: Actor, id: string): Promise<void> {
    const n = await this.db.notice.findUnique({ where: { id }, select: { userId: true, inApp: true } });
    if (!n || !n.inApp) throw notFound("Notice");
    authorizeOrHide(actor, "notice.read", n);
    await this.db.notice.updateMany({ where: { id, readAt: null }, data: { readAt: new Date() } });
  }

  async markAllRead(actor: Actor): Promise<number> {
    authorize(actor, "notice.list");
    const r = await this.db.notice.updateMany({ where: { userId: actor.id, inApp: true, readAt: null }, data: { readAt: new Date() } });
    return r.count;
  }

  async preferences(actor: Actor): Promise<NoticePreferencesView> {
    authorize(actor, "notice.list");
    const [user, choices] = await Promise.all([
      this.db.user.findUniqueOrThrow({ where: { id: actor.id }, select: { locale: true } }),
      emailChoices(this.db, actor.id),
    ]);
    const email = Object.fromEntries(OPTIONAL_NOTICE_KINDS.filter((kind) => can(actor, "notice.choose", { kind })).map((k) => [k, choices[k]]));
    return { locale: user.locale === "en" ? "en" : "fr", email, mailEnabled: this.mailEnabled };
  }

  async setPreferences(actor: Actor, input: PreferencesInput): Promise<NoticePreferencesView> {
    authorize(actor, "notice.list");
    const kinds = Object.keys(input.email ?? {}) as OptionalNoticeKind[];
    for (const kind of kinds) authorize(actor, "notice.choose", { kind });
    await this.db.$transaction(async (tx) => {
      if (input.locale) await tx.user.update({ where: { id: actor.id }, data: { locale: input.locale } });
      for (const kind of kinds) await setEmailChoice(tx, actor.id, kind, input.email![kind]!);
    });
    return this.preferences(actor);
  }

  /** From an e-mail's link (no session needed): the HMAC proves the link came from us. */
  async unsubscribe(userId: string, kind: OptionalNoticeKind, token: string, audit: AuditContext): Promise<{ kind: OptionalNoticeKind }> {
    if (!this.tokens.verify("notice-unsubscribe", unsubscribeValue(userId, kind), token))
      throw new AppError("LINK_INVALID", "This unsubscribe link is not valid");
    const user = await this.db.user.findUnique({ where: { id: userId }, select: { id: true } });
    if (!user) throw new AppError("LINK_INVALID", "This unsubscribe link is not valid");
    await setEmailChoice(this.db, userId, kind, false);
    await recordAudit(this.db, { ...audit, actorId: userId }, { action: "notice.unsubscribed", targetType: "user", targetId: userId, details: { kind } });
    return { kind };
  }
}
