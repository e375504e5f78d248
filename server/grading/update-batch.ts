// Decides, inside the commit transaction, the fate of each update of a batch: the checks that
// need the copy's row (state, lock, dispatch) and then validation against the current document.
// Updates of one copy are validated in arrival order, each against the state the previous
// ones left, so a client's second update may depend on its first even in the same batch.
import type { UpdateOrigin } from "../../collab/index.ts";
import type { CopyState } from "../db/client.ts";
import { sessionClosed } from "../auth/session-revocations.ts";
import { AppError } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { can } from "../policy/policy.ts";
import type { ChangeSummary, CopyValidator } from "./copy-validator.ts";
import { GradingError } from "./grading-error.ts";

export interface BatchItem {
  readonly copyId: string;
  readonly update: Uint8Array;
  readonly actor: Actor;
  readonly origin: UpdateOrigin;
  /** the writer's session (a socket's): the update commits only while it is live; none for the server's own writes */
  readonly sessionId?: string;
}

export interface CopyRow {
  readonly examId: string;
  readonly state: CopyState;
  /** the variant (sujet A/B) it sits: its scale is the common questions plus this variant's */
  readonly variant: string | null;
  readonly lockHolderId: string | null;
  readonly lockLive: boolean;
  readonly pageCount: number;
  /** live question claims (grading by question) as `${holderId}|${questionId}` */
  readonly claims: readonly string[] | null;
  /** a version of it was released: a change now is a regrade after a reopen */
  readonly released?: boolean;
}

export interface BatchFacts {
  readonly copies: ReadonlyMap<string, CopyRow>;
  /** `${copyId}|${graderId}` → questionIds of the dispatch */
  readonly assignments: ReadonlyMap<string, readonly string[]>;
  /** the batch's writer sessions still live when the copies were locked */
  readonly liveSessions: ReadonlySet<string>;
  /** each copy's document at its latest stored seq (an Error when it cannot be loaded) */
  readonly validators: ReadonlyMap<string, CopyValidator | Error>;
}

/** Where a change was made, stamped by the server (docs/history.md). */
export type ChangeOrigin = "desk" | "question" | "reopen";

export type ItemOutcome =
  | { ok: true; duplicate: boolean /** set or cleared a score */; scored?: boolean; origin?: ChangeOrigin; summary?: ChangeSummary }
  | { ok: false; error: Error };

/** The questions the actor claims on the copy (grading by question, without the copy's lock). */
function claimedBy(copy: CopyRow, actorId: string): string[] {
  const prefix = `${actorId}|`;
  return (copy.claims ?? []).filter((c) => c.startsWith(prefix)).map((c) => c.slice(prefix.length));
}

/**
 * What an update may touch: the lock holder, the dispatch's range (null: the whole copy); without the
 * lock (nobody holds it), a grader claiming questions of the copy, those questions (within the range).
 */
function writeScope(item: BatchItem, copy: CopyRow, facts: BatchFacts): string[] | null | Error {
  const range = facts.assignments.get(`${item.copyId}|${item.actor.id}`) ?? [];
  if (copy.lockLive && copy.lockHolderId === item.actor.id) return range.length > 0 ? [...range] : null;
  const claimed = copy.lockLive ? [] : claimedBy(copy, item.actor.id);
  if (claimed.length === 0) return new GradingError("NOT_LOCK_HOLDER", "Take the copy's lock before writing");
  return range.length > 0 ? claimed.filter((q) => range.includes(q)) : claimed;
}

function refuseBeforeValidation(item: BatchItem, copy: CopyRow | undefined, facts: BatchFacts): Error | null {
  if (item.sessionId !== undefined && !facts.liveSessions.has(item.sessionId)) {
    return sessionClosed();
  }
  if (!copy) return new AppError("NOT_FOUND", "Copy not found");
  if (copy.state !== "READY") return new GradingError("COPY_READ_ONLY", `The copy is ${copy.state}: it can no longer be changed`, { state: copy.state });
  const questionIds = facts.assignments.get(`${item.copyId}|${item.actor.id}`);
  if (!can(item.actor, "copy.write", { state: copy.state, assignment: questionIds ? { questionIds } : null })) {
    return new AppError("FORBIDDEN", "This copy is not dispatched to you for grading");
  }
  const scope = writeScope(item, copy, facts);
  return scope instanceof Error ? scope : null;
}

function changeOrigin(item: BatchItem, copy: CopyRow): ChangeOrigin {
  if (copy.released) return "reopen";
  return copy.lockLive && copy.lockHolderId === item.actor.id ? "desk" : "question";
}

/** Validators are advanced in place: the caller evicts them if the transaction fails. */
export function planBatch(items: readonly BatchItem[], facts: BatchFacts): ItemOutcome[] {
  return items.map((item): ItemOutcome => {
    const copy = facts.copies.get(item.copyId);
    const refused = refuseBeforeValidation(item, copy, facts);
    if (refused) return { ok: false, error: refused };
    const validator = facts.validators.get(item.copyId);
    if (!validator) return { ok: false, error: new AppError("NOT_FOUND", "Copy not found") };
    if (validator instanceof Error) return { ok: false, error: validator };
    const scope = writeScope(item, copy!, facts) as string[] | null;
    const r = validator.apply(item.update, item.origin, scope, item.actor.id);
    if (r.ok) return { ...r, origin: changeOrigin(item, copy!) };
    return { ok: false, error: new GradingError(r.code, r.message, r.path === undefined ? undefined : { path: r.path }) };
  });
}
