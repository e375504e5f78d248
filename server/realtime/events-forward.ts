// Forwards the NOTIFY events of `korrigo_events` to the sockets that follow them:
// - `batch:progress` (server/intake/batch-progress.ts) to the exam's intake room (intake:watch);
// - `copy:state` (server/render/copy-events.ts) to the exam's follow room (exam:follow), as the
//   minimal `{ copyId, examId, state }` a grader's home needs, and to the copy's own room (the
//   desks open on it: a reopened copy becomes editable again, a render retried shows its progress);
// - `dispatch:changed` (server/dispatch/dispatch-events.ts) as `grader:assignments { examId }` to
//   the sockets of the graders concerned (their home reloads), and a grader left with no copy of
//   the exam stops following it;
// - `rubric.changed` (a rubric version applied or undone) as `rubric:changed { examId, version }`
//   to every desk open on a copy of the exam and its dashboards: desks reload the rubric at once;
// - `reconciliation:changed` (server/moderation/reconcile-events.ts) to the exam's dashboards.
// - `regrade.changed` (server/regrade/regrade-events.ts) as `regrade:changed` to the exam's
//   dashboards and to the sockets of the graders concerned: their regrade queues reload.
// Every node hears every NOTIFY, so each emits to its OWN sockets only (`nsp.local`): through the
// Redis adapter the event would arrive once per node.
import { BatchStatus, CopyState, RegradeStatus } from "../../collab/contract/common.ts";
import type { GradingNamespace } from "./grading-io.ts";
import type { EventsListener, NotifiedEvent } from "./events-listener.ts";
import { RECONCILIATION_EVENT, reconciliationChangedMessage } from "../moderation/reconcile-events.ts";
import { copyRoom, deskRoom, examRoom, followRoom, intakeRoom, layerDeskRoom, userRoom } from "./rooms.ts";

const str = (v: unknown): v is string => typeof v === "string" && v.length > 0;
const count = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0;
/** a value of one of the contract's enums (the payloads carry the data model's values only) */
const oneOf =
  <T extends string>(e: { options: readonly T[] }) =>
  (v: unknown): v is T =>
    typeof v === "string" && (e.options as readonly string[]).includes(v);
const batchStatus = oneOf(BatchStatus);
const copyState = oneOf(CopyState);
const regradeStatus = oneOf(RegradeStatus);

/** The payload of `batch:progress` as sent to sockets, or null for a malformed event. */
export function batchProgressMessage(e: NotifiedEvent) {
  if (!str(e.examId) || !str(e.batchId) || !count(e.processed) || !count(e.total) || !batchStatus(e.status)) return null;
  return { examId: e.examId, batchId: e.batchId, processed: e.processed, total: e.total, status: e.status };
}

/** The payload of `batch:images` (page images made so far) as sent to sockets, or null for a malformed event. */
export function batchImagesMessage(e: NotifiedEvent) {
  if (!str(e.examId) || !str(e.batchId) || !count(e.ready) || !count(e.failed) || !count(e.total)) return null;
  return { examId: e.examId, batchId: e.batchId, ready: e.ready, failed: e.failed, total: e.total };
}

/** The payload of `copy:state` for followers, or null for a malformed event. */
export function copyStateMessage(e: NotifiedEvent) {
  if (!str(e.examId) || !str(e.copyId) || !copyState(e.state)) return null;
  return { copyId: e.copyId, examId: e.examId, state: e.state };
}

const uuidList = (v: unknown): v is string[] => Array.isArray(v) && v.length <= 1000 && v.every(str);

/** Who `dispatch:changed` concerns, or null for a malformed event. */
export function dispatchChangedMessage(e: NotifiedEvent) {
  if (!str(e.examId) || !(e.graderIds === null || uuidList(e.graderIds)) || !uuidList(e.unassignedIds)) return null;
  return { examId: e.examId, graderIds: e.graderIds, unassignedIds: e.unassignedIds };
}

/** The payload of `rubric:changed`, or null for a malformed event. */
export function rubricChangedMessage(e: NotifiedEvent) {
  if (!str(e.examId) || !count(e.version)) return null;
  return { examId: e.examId, version: e.version };
}

/** The payload of `regrade:changed` and the graders it concerns, or null for a malformed event. */
export function regradeChangedMessage(e: NotifiedEvent) {
  if (!str(e.examId) || !str(e.copyId) || !str(e.requestId) || !str(e.questionId) || !regradeStatus(e.status) || !uuidList(e.graderIds)) return null;
  return { message: { examId: e.examId, copyId: e.copyId, requestId: e.requestId, questionId: e.questionId, status: e.status }, graderIds: e.graderIds };
}

export function forwardEvents(nsp: GradingNamespace, events: EventsListener): () => void {
  const hasLocal = (room: string) => (nsp.adapter.rooms.get(room)?.size ?? 0) > 0;
  return events.subscribe((e) => {
    if (e.type === "batch:progress") {
      const msg = batchProgressMessage(e);
      if (msg && hasLocal(intakeRoom(msg.examId))) nsp.local.to(intakeRoom(msg.examId)).emit("batch:progress", msg);
    } else if (e.type === "batch:images") {
      const msg = batchImagesMessage(e);
      if (msg && hasLocal(intakeRoom(msg.examId))) nsp.local.to(intakeRoom(msg.examId)).emit("batch:images", msg);
    } else if (e.type === "copy:state") {
      const msg = copyStateMessage(e);
      if (!msg) return;
      const rooms = [followRoom(msg.examId), copyRoom(msg.copyId)].filter(hasLocal);
      if (rooms.length) nsp.local.to(rooms).emit("copy:state", msg); // a socket in both gets it once
    } else if (e.type === "rubric.changed") {
      const msg = rubricChangedMessage(e);
      if (!msg) return;
      const rooms = [deskRoom(msg.examId), examRoom(msg.examId), layerDeskRoom(msg.examId)].filter(hasLocal);
      if (rooms.length) nsp.local.to(rooms).emit("rubric:changed", msg);
    } else if (e.type === RECONCILIATION_EVENT) {
      const msg = reconciliationChangedMessage(e);
      if (msg && hasLocal(examRoom(msg.examId))) nsp.local.to(examRoom(msg.examId)).emit(RECONCILIATION_EVENT, msg);
    } else if (e.type === "regrade.changed") {
      const msg = regradeChangedMessage(e);
      if (!msg) return;
      const rooms = [examRoom(msg.message.examId), ...msg.graderIds.map(userRoom)].filter(hasLocal);
      if (rooms.length) nsp.local.to(rooms).emit("regrade:changed", msg.message);
    } else if (e.type === "dispatch:changed") {
      const msg = dispatchChangedMessage(e);
      if (!msg) return;
      const payload = { examId: msg.examId };
      for (const id of msg.unassignedIds) if (hasLocal(userRoom(id))) nsp.local.in(userRoom(id)).socketsLeave(followRoom(msg.examId));
      if (msg.graderIds === null) {
        nsp.local.emit("grader:assignments", payload); // too many to list: every home checks (an exam id says nothing)
      } else {
        const rooms = msg.graderIds.map(userRoom).filter(hasLocal);
        if (rooms.length) nsp.local.to(rooms).emit("grader:assignments", payload);
      }
    }
  });
}
