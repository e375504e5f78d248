// A user's choices for optional notices (absent row: the kind's default) and the e-mail language.
import type { Db } from "../db/client.ts";
import { OPTIONAL_NOTICE_KINDS, OPTIONAL_NOTICES, type OptionalNoticeKind } from "./notice-kinds.ts";

export type EmailChoices = Record<OptionalNoticeKind, boolean>;

export async function emailWanted(db: Pick<Db, "noticePreference">, userId: string, kind: OptionalNoticeKind): Promise<boolean> {
  const row = await db.noticePreference.findUnique({ where: { userId_kind: { userId, kind } }, select: { email: true } });
  return row?.email ?? OPTIONAL_NOTICES[kind].byDefault;
}

export async function emailChoices(db: Pick<Db, "noticePreference">, userId: string): Promise<EmailChoices> {
  const rows = await db.noticePreference.findMany({ where: { userId }, select: { kind: true, email: true } });
  const chosen = new Map(rows.map((r) => [r.kind, r.email]));
  return Object.fromEntries(OPTIONAL_NOTICE_KINDS.map((k) => [k, chosen.get(k) ?? OPTIONAL_NOTICES[k].byDefault])) as EmailChoices;
}

export async function setEmailChoice(db: Pick<Db, "noticePreference">, userId: string, kind: OptionalNoticeKind, email: boolean): Promise<void> {
  await db.noticePreference.upsert({ where: { userId_kind: { userId, kind } }, create: { userId, kind, email }, update: { email } });
}
