// Supervisor actions on a finalized copy (docs/render.md): reopen it for grading, or render it again
// after a failed render.
import { renderApi as api } from "../../../collab/contract/api/render.ts";
import { call } from "./call.ts";

export const reopenCopy = (copyId: string) => call(api.reopenCopy, { params: { id: copyId } });
export const retryRender = (copyId: string) => call(api.retryRender, { params: { id: copyId } });
