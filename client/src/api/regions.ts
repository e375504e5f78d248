// Question regions of an exam (grading by question): where each question is answered on the copies.
import { regionsApi as api, type Region } from "../../../collab/contract/api/regions.ts";
import { call } from "./call.ts";

export type { Box, Region, RegionPage, RegionQuestion, RegionsView } from "../../../collab/contract/api/regions.ts";

export const fetchRegions = (examId: string) => call(api.getRegions, { params: { id: examId } });

export const saveRegions = (examId: string, questions: Record<string, Region[]>) => call(api.putRegions, { params: { id: examId }, body: { questions } });

/** A question without regions shows its copy's first page whole. */
export const regionsOrWholePage = (q: { regions: Region[] }): Region[] => (q.regions.length > 0 ? q.regions : [{ page: 1, box: { x: 0, y: 0, w: 1, h: 1 } }]);
