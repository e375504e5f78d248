// Finalize a copy (its document frozen, its PDF rendered), reopen it, render it again after a
// failure, where its render stands and the final PDF itself (docs/render.md).
import { z } from "zod";
import { CopyState, Id, IdParam, IsoDateTime, MANAGERS, STAFF } from "../common.ts";
import { route } from "./route.ts";

export const FinalizeResult = z.object({
  copyId: Id,
  state: CopyState,
  docHash: z.string().nullable(),
  /** true when the copy was already finalized (a repeated request): nothing was done */
  alreadyFinalized: z.boolean(),
});
export type FinalizeResult = z.infer<typeof FinalizeResult>;

export const CopyStateAnswer = z.object({ copyId: Id, state: CopyState });

export const RenderStatus = z.object({
  copyId: Id,
  state: CopyState,
  docHash: z.string().nullable(),
  finalizedAt: IsoDateTime.nullable(),
  renderAttempts: z.number().int(),
  renderError: z.string().nullable(),
  /** `downloadUrl` is null for graders: the PDF names the student (supervisors and admins download it) */
  artifact: z.object({ sha256: z.string(), sizeBytes: z.number().int(), createdAt: IsoDateTime, downloadUrl: z.string().nullable() }).nullable(),
});
export type RenderStatus = z.infer<typeof RenderStatus>;

export const renderApi = {
  finalizeCopy: route({
    method: "POST",
    path: "/api/copies/:id/finalize",
    summary: "Finalize a copy: every question scored, its document frozen, its PDF rendered (202; 200 when it already was)",
    access: STAFF,
    params: IdParam,
    status: 202,
    response: FinalizeResult,
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE", "LOCKED", "UNSCORED_QUESTIONS", "SCORE_OUT_OF_BOUNDS"],
  }),
  reopenCopy: route({
    method: "POST",
    path: "/api/copies/:id/reopen",
    summary: "Reopen a finalized copy for grading, its document intact; its rendered PDF is forgotten",
    access: MANAGERS,
    params: IdParam,
    response: CopyStateAnswer,
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  }),
  retryRender: route({
    method: "POST",
    path: "/api/copies/:id/render/retry",
    summary: "Render a copy whose render failed again, from the same frozen document",
    access: MANAGERS,
    params: IdParam,
    status: 202,
    response: CopyStateAnswer.extend({ docHash: z.string() }),
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  }),
  renderStatus: route({
    method: "GET",
    path: "/api/copies/:id/render",
    summary: "Where a copy's final PDF stands: state, attempts, last error, the file once rendered",
    access: STAFF,
    params: IdParam,
    response: RenderStatus,
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  renderedPdf: route({
    method: "GET",
    path: "/api/copies/:id/render/pdf",
    summary: "The copy's final PDF (it names the student): ETag of its content, 304 when unchanged",
    access: MANAGERS,
    params: IdParam,
    response: { file: "application/pdf" },
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  }),
};
