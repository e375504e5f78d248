// Supervisor actions on a finalized copy (docs/render.md): reopen it for grading, or render it again
// after a failed render.
import type { CopyState } from "./grading.ts";
import { post } from "./http.ts";

export const reopenCopy = (copyId: string) => post<{ copyId: string; state: CopyState }>(`/api/copies/${encodeURIComponent(copyId)}/reopen`);
export const retryRender = (copyId: string) =>
  post<{ copyId: string; state: CopyState; docHash: string }>(`/api/copies/${encodeURIComponent(copyId)}/render/retry`);
