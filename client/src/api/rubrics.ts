// The rubric endpoints (#12) as the client sees them: read the current version, preview a change
// set, apply it, undo the last one. Shapes are the contract's (collab/contract/api/rubrics.ts).
import type { z } from "zod";
import { rubricsApi as api } from "../../../collab/contract/api/rubrics.ts";
import type { RubricChangeInput, RubricItemInput as ItemInput, RubricMode as RubricModeSchema } from "../../../collab/contract/api/rubrics.ts";
import { call } from "./call.ts";

export type {
  PreviewCopy,
  QuestionRubric,
  Rubric,
  RubricChangeResult,
  RubricItem,
  RubricPreview,
} from "../../../collab/contract/api/rubrics.ts";
export type RubricMode = z.infer<typeof RubricModeSchema>;

/** an item as the editor sends it (no id: a new item) */
export type RubricItemInput = ItemInput;
/** a change set as the editor builds it: every field given */
export type RubricChange = RubricChangeInput;

export const getRubric = (examId: string) => call(api.getRubric, { params: { id: examId } }).then((r) => r.rubric);
export const previewRubric = (examId: string, change: RubricChange) => call(api.previewRubric, { params: { id: examId }, body: change }).then((r) => r.preview);
export const applyRubric = (examId: string, change: RubricChange) => call(api.applyRubric, { params: { id: examId }, body: change });
export const undoRubric = (examId: string, baseVersion: number) => call(api.undoRubric, { params: { id: examId }, body: { baseVersion } });
