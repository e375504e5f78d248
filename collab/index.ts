// Public API of collab/: the copy document shared by server and browser client.
export * from "./schema.ts";
export * from "./scale.ts";
export * from "./rubric.ts";
export * from "./origin.ts";
export { CollabError, type CollabErrorCode } from "./errors.ts";
export type { DecisionRefusalCode } from "./annotation-read.ts";
export { adjustOf, annotationsOf, checkedOf, commentsOf, decisionTypesOf, generalOf, itemsOf, scoresOf } from "./doc-roots.ts";
export {
  addAnnotation,
  newAnnotationId,
  removeAnnotation,
  setComment,
  setGeneralComment,
  setScore,
  updateAnnotation,
} from "./doc-helpers.ts";
export { applyItem, clearQuestion, readDecisions, removeItem, setAdjustment, setChecked } from "./decisions.ts";
export { computeMark, computeMarks, NO_DECISIONS, scoresOfMarks, type AppliedItem, type CopyMarks, type IgnoredItem, type Mark } from "./marks.ts";
export { copyMarks, readAnnotations, readComments, readCopyDoc, readScores, unscoredQuestions } from "./doc-read.ts";
export { checkWholeDoc, checkContext, type CheckContext, type Violation } from "./doc-check.ts";
export {
  validateUpdate,
  DEFAULT_MAX_DOC_BYTES,
  DEFAULT_MAX_UPDATE_BYTES,
  type UpdateRefusal,
  type UpdateRefusalCode,
  type ValidateOptions,
  type ValidationResult,
} from "./validate-update.ts";
export { ValidatedCopyDoc } from "./validated-doc.ts";
export { authorsWritten } from "./update-authors.ts";
export { decodeUpdateSafely, type DecodedUpdate } from "./update-apply.ts";
export {
  assertStateVector,
  compactState,
  diffFromState,
  emptyUpdate,
  encodeStateVector,
  mergeUpdates,
  stateVectorOfState,
} from "./sync.ts";
export { canonicalJson, contentFingerprint, docContentFingerprint, stateFingerprint } from "./fingerprint.ts";
