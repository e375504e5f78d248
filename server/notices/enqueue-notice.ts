// The one way to notify a user: inside the caller's transaction, the notice row (the in-app list
// and the e-mail outbox) and the job that sends its e-mail. Idempotent by dedupeKey: enqueueing the
// same event twice (a retried transaction, a re-release of the same version) notifies once.
import type { Db, NoticeKind } from "../db/client.ts";
import { enqueueJob } from "../jobs/enqueue.ts";
import { NOTICE_PARAMS, type NoticeParams } from "./notice-kinds.ts";
import { sendNoticeEmailJob } from "./send-notice-email-job.ts";

export type NoticeTx = Pick<Db, "$queryRaw" | "$executeRaw">;

export interface NoticeInput<K extends NoticeKind> {
  readonly userId: string;
  readonly kind: K;
  readonly params: NoticeParams<K>;
  /** one notice per key, ever: e.g. `copy-released:<copyId>:<docHash>` */
  readonly dedupeKey: string;
  /** false: e-mail only (a password-reset link is not listed in the app) */
  readonly inApp?: boolean;
}

/** Returns the new notice's id, or null when a notice with this dedupeKey already exists. */
export async function enqueueNotice<K extends NoticeKind>(tx: NoticeTx, input: NoticeInput<K>): Promise<string | null> {
  const params = NOTICE_PARAMS[input.kind].parse(input.params);
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "Notice" (id, "userId", kind, params, "dedupeKey", "inApp")
    VALUES (gen_random_uuid(), ${input.userId}::uuid, ${input.kind}::"NoticeKind", ${JSON.stringify(params)}::jsonb, ${input.dedupeKey.slice(0, 200)}, ${input.inApp ?? true})
    ON CONFLICT ("dedupeKey") DO NOTHING
    RETURNING id`;
  const id = rows[0]?.id;
  if (!id) return null;
  // always queued: the worker decides (relay configured, address known, not opted out) and says why not
  await enqueueJob(tx, sendNoticeEmailJob, { noticeId: id }, { jobKey: `notice-email:${id}` });
  return id;
}
