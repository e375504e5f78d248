// Enqueue inside the caller's transaction: the job exists if and only if the state change committed.
import type { z } from "zod";
import type { Db } from "../db/client.ts";
import type { JobDefinition } from "./job-definition.ts";

type Tx = Pick<Db, "$executeRaw">;

export interface EnqueueOptions {
  /** Deduplicates: a pending job with the same key is replaced, not doubled. */
  jobKey?: string;
  runAt?: Date;
  maxAttempts?: number;
  priority?: number;
  queueName?: string;
}

export async function enqueueJob<S extends z.ZodType>(tx: Tx, def: JobDefinition<S>, payload: z.input<S>, opts: EnqueueOptions = {}): Promise<void> {
  const parsed = def.payload.parse(payload);
  await tx.$executeRaw`SELECT graphile_worker.add_job(
    ${def.name}::text,
    ${JSON.stringify(parsed)}::json,
    queue_name => ${opts.queueName ?? null}::text,
    run_at => ${opts.runAt ?? null}::timestamptz,
    max_attempts => ${opts.maxAttempts ?? def.maxAttempts}::int,
    job_key => ${opts.jobKey ?? null}::text,
    priority => ${opts.priority ?? 0}::int
  )`;
}
