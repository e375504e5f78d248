// Job: render the final PDF of a finalized copy. Keyed by copy + document hash, so finalizing
// twice yields one job; graphile-worker retries a failed render with exponential backoff.
import { z } from "zod";
import { defineJob } from "../jobs/job-definition.ts";
import { handleRenderCopy } from "./render-copy-handler.ts";

export const RENDER_MAX_ATTEMPTS = 5;

export const RenderCopyPayload = z.object({
  copyId: z.string().uuid(),
  docHash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type RenderCopyPayload = z.output<typeof RenderCopyPayload>;

export const renderJobKey = (copyId: string, docHash: string): string => `render:${copyId}:${docHash}`;

export const renderCopyJob = defineJob({
  name: "render-copy",
  payload: RenderCopyPayload,
  maxAttempts: RENDER_MAX_ATTEMPTS,
  handler: handleRenderCopy,
});
