// A background job is a small typed definition (name + zod payload) and a handler (Documenso's shape).
import type { z } from "zod";
import type { Logger } from "pino";
import type { AppContext } from "../context.ts";

export interface JobHelpersLite {
  readonly log: Logger;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly jobId: string;
  /** when the job became runnable (its run_at): the queue age is now minus this */
  readonly queuedAt?: Date;
}

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly payload: S;
  /** Default retry budget (graphile-worker backs off exponentially between attempts). */
  readonly maxAttempts: number;
  readonly handler: (payload: z.output<S>, ctx: AppContext, job: JobHelpersLite) => Promise<void>;
}

export const defineJob = <S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> => def;
