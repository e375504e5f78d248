// Brings each copy of a batch to its latest stored state, inside the commit transaction (the
// Copy rows are locked, so nothing is appended meanwhile): the cached validator plus the rows
// another node stored since, or a validator built from the stored bytes.
import { CollabError, REDIS_ORIGIN, type ScaleSpec } from "../../collab/index.ts";
import { CopyValidator, validatorKey } from "./copy-validator.ts";
import { rowsSince, type RowsSince } from "./doc-rows.ts";
import type { DocStateCache } from "./doc-state-cache.ts";
import { foldRows } from "./doc-state-loader.ts";
import { scaleKey } from "./exam-scale.ts";
import { GradingError } from "./grading-error.ts";
import type { Queryable } from "./sql.ts";
import type { CopyRow } from "./update-batch.ts";
import type { CachedValidator, ValidatorCache } from "./validator-cache.ts";

export interface ValidatorStores {
  readonly validators: ValidatorCache;
  readonly states: DocStateCache;
}

const pageCountOf = (copy: CopyRow) => (copy.pageCount > 0 ? copy.pageCount : undefined);

export interface PreparedValidators {
  readonly validators: Map<string, CopyValidator | Error>;
  /** the seq each copy's validator includes (what the insert checks: commit-statements.ts) */
  readonly validatedAt: Map<string, number>;
}

/**
 * `trustCache`: a cached validator is used as it is, without reading the rows stored since (the
 * insert then checks that there are none); otherwise it catches up with them here.
 */
export async function prepareValidators(
  q: Queryable,
  copies: ReadonlyMap<string, CopyRow>,
  scales: ReadonlyMap<string, ScaleSpec>,
  stores: ValidatorStores,
  trustCache = false,
): Promise<PreparedValidators> {
  const since = new Map<string, number>();
  const reusable = new Map<string, CachedValidator>();
  const out = new Map<string, CopyValidator | Error>();
  const validatedAt = new Map<string, number>();
  for (const [copyId, copy] of copies) {
    const cached = stores.validators.get(copyId);
    if (cached && cached.validator.key === validatorKey(scaleOf(scales, copy), pageCountOf(copy))) {
      if (trustCache) {
        out.set(copyId, cached.validator);
        validatedAt.set(copyId, cached.seq);
        continue;
      }
      reusable.set(copyId, cached);
      since.set(copyId, cached.seq);
    } else {
      if (cached) stores.validators.evict(copyId); // the scale or the pages changed
      since.set(copyId, stores.states.get(copyId)?.seq ?? 0);
    }
  }
  if (since.size === 0) return { validators: out, validatedAt };
  const fetched = await rowsSince(q, since);
  for (const copyId of since.keys()) {
    const copy = copies.get(copyId)!;
    const f = fetched.get(copyId)!;
    const cached = reusable.get(copyId);
    if (cached && !f.snapshot && catchUp(cached, f)) {
      out.set(copyId, cached.validator);
      validatedAt.set(copyId, cached.seq);
      continue;
    }
    if (cached) stores.validators.evict(copyId);
    // a snapshot newer than the cached validator, or rows that do not apply: start from the bytes
    const full = cached ? (await rowsSince(q, new Map([[copyId, 0]]))).get(copyId)! : f;
    const loaded = foldRows(cached ? undefined : stores.states.get(copyId), full);
    out.set(copyId, build(copyId, copy, scaleOf(scales, copy), loaded, stores));
    validatedAt.set(copyId, loaded.seq);
  }
  return { validators: out, validatedAt };
}

/** Applies the rows another node stored after the cached seq. */
function catchUp(cached: CachedValidator, f: RowsSince): boolean {
  for (const row of f.rows) {
    if (!cached.validator.applyStored(row.data, REDIS_ORIGIN)) return false;
    cached.seq = row.seq;
    cached.rowsSinceSnapshot++;
  }
  return true;
}

function build(copyId: string, copy: CopyRow, scale: ScaleSpec, loaded: ReturnType<typeof foldRows>, stores: ValidatorStores): CopyValidator | Error {
  try {
    const validator = new CopyValidator(loaded.state, scale, pageCountOf(copy));
    stores.validators.set(copyId, { validator, seq: loaded.seq, rowsSinceSnapshot: loaded.rowsSinceSnapshot });
    return validator;
  } catch (e) {
    if (e instanceof CollabError) return new GradingError("STATE_CORRUPT", `The stored document no longer satisfies the scale: ${e.message}`);
    throw e;
  }
}

function scaleOf(scales: ReadonlyMap<string, ScaleSpec>, copy: CopyRow): ScaleSpec {
  return scales.get(scaleKey(copy.examId, copy.variant)) ?? { questions: [] };
}
