// Decides, inside the commit transaction, the fate of each update of a batch: the checks that
// need the copy's row (state, lock, dispatch) and then validation against the current state.
// Updates of one copy are validated in arrival order, each against the state the previous
// ones left, so a client's second update may depend on its first even in the same batch.
import { CollabError, type ScaleSpec, type UpdateOrigin } from "../../collab/index.ts";
import type { CopyState } from "../db/client.ts";
import { AppError } from "../http/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { can } from "../policy/policy.ts";
import { CopyValidator } from "./copy-validator.ts";
import type { LoadedState } from "./doc-state-loader.ts";
import { GradingError } from "./grading-error.ts";

export interface BatchItem {
  readonly copyId: string;
  readonly update: Uint8Array;
  readonly actor: Actor;
  readonly origin: UpdateOrigin;
}

export interface CopyRow {
  readonly examId: string;
  readonly state: CopyState;
  readonly lockHolderId: string | null;
  readonly lockLive: boolean;
  readonly pageCount: number;
}

export interface BatchFacts {
  readonly copies: ReadonlyMap<string, CopyRow>;
  /** `${copyId}|${graderId}` → questionIds of the dispatch */
  readonly assignments: ReadonlyMap<string, readonly string[]>;
  readonly scales: ReadonlyMap<string, ScaleSpec>;
  readonly states: ReadonlyMap<string, LoadedState>;
}

export type ItemOutcome = { ok: true; duplicate: boolean } | { ok: false; error: Error };

export interface BatchPlan {
  readonly outcomes: ItemOutcome[];
  /** copy → its state after the accepted updates (only copies that changed) */
  readonly nextStates: Map<string, Uint8Array>;
}

function refuseBeforeValidation(item: BatchItem, copy: CopyRow | undefined, facts: BatchFacts): Error | null {
  if (!copy) return new AppError("NOT_FOUND", "Copy not found");
  if (copy.state !== "READY") return new GradingError("COPY_READ_ONLY", `The copy is ${copy.state}: it can no longer be changed`, { state: copy.state });
  const questionIds = facts.assignments.get(`${item.copyId}|${item.actor.id}`);
  if (!can(item.actor, "copy.write", { state: copy.state, assignment: questionIds ? { questionIds } : null })) {
    return new AppError("FORBIDDEN", "This copy is not dispatched to you for grading");
  }
  if (!copy.lockLive || copy.lockHolderId !== item.actor.id) return new GradingError("NOT_LOCK_HOLDER", "Take the copy's lock before writing");
  return null;
}

function openValidator(copyId: string, copy: CopyRow, facts: BatchFacts): CopyValidator | Error {
  const scale = facts.scales.get(copy.examId) ?? { questions: [] };
  try {
    return new CopyValidator(facts.states.get(copyId)?.state ?? null, scale, copy.pageCount > 0 ? copy.pageCount : undefined);
  } catch (e) {
    if (e instanceof CollabError) return new GradingError("STATE_CORRUPT", `The stored document no longer satisfies the scale: ${e.message}`);
    throw e;
  }
}

export function planBatch(items: readonly BatchItem[], facts: BatchFacts): BatchPlan {
  const validators = new Map<string, CopyValidator | Error>();
  const outcomes = items.map((item): ItemOutcome => {
    const copy = facts.copies.get(item.copyId);
    const refused = refuseBeforeValidation(item, copy, facts);
    if (refused) return { ok: false, error: refused };
    let validator = validators.get(item.copyId);
    if (!validator) validators.set(item.copyId, (validator = openValidator(item.copyId, copy!, facts)));
    if (validator instanceof Error) return { ok: false, error: validator };
    const questionIds = facts.assignments.get(`${item.copyId}|${item.actor.id}`) ?? [];
    const r = validator.apply(item.update, item.origin, questionIds.length > 0 ? questionIds : null);
    if (r.ok) return r;
    return { ok: false, error: new GradingError(r.code, r.message, r.path === undefined ? undefined : { path: r.path }) };
  });
  const nextStates = new Map<string, Uint8Array>();
  for (const [copyId, v] of validators) {
    if (v instanceof Error) continue;
    if (v.changed) nextStates.set(copyId, v.encodeState());
    v.destroy();
  }
  return { outcomes, nextStates };
}
