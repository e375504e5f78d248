// What changed between a student's released versions of a copy (GET /api/portal/copies/:id/changes).
import { portalApi as api } from "../../../collab/contract/api/portal.ts";
import { call } from "./call.ts";

export type { ChangeReason, PortalVersionChanges, PortalVersionSummary, QuestionChange } from "../../../collab/contract/api/portal.ts";

export const portalChanges = (copyId: string, from?: number) => call(api.portalChanges, { params: { id: copyId }, query: from ? { from: String(from) } : {} });
