// Regrade requests (#17) as the client sees them: the student's requests on a copy, the staff
// queue, answers, an exam's settings — the routes and shapes of the contract.
import type { z } from "zod";
import { regradeApi as api, type AnswerRegradeInput, type RegradeSettings } from "../../../collab/contract/api/regrade.ts";
import type { RegradeStatus as Status } from "../../../collab/contract/common.ts";
import { call, urlOf } from "./call.ts";

export {
  REGRADE_MESSAGE_MAX,
  type RegradeRequest,
  type RegradeSettings,
  type RegradeStaffRequest,
  type RegradeWindow,
} from "../../../collab/contract/api/regrade.ts";

export type RegradeStatus = z.infer<typeof Status>;

/** One question of a released copy, as the portal's copy carries it (`marks`). */
export interface RegradeQuestion {
  questionId: string;
  label: string;
  path: string;
}

/** `regrade:changed` on the /grading socket (docs/protocol.md) */
export interface RegradeChanged {
  examId: string;
  copyId: string;
  requestId: string;
  questionId: string;
  status: RegradeStatus;
}

export const myRegradeRequests = (copyId: string) => call(api.myRegradeRequests, { params: { id: copyId } });

export const askRegrade = async (copyId: string, questionId: string, message: string) =>
  (await call(api.askRegrade, { params: { id: copyId }, body: { questionId, message } })).request;

export const withdrawRegrade = async (requestId: string) => (await call(api.withdrawRegrade, { params: { id: requestId } })).request;

export const regradeQueue = async (examId: string | null) =>
  (examId ? await call(api.examRegradeQueue, { params: { examId } }) : await call(api.regradeQueue)).requests;

export type RegradeAnswer = AnswerRegradeInput;

export const answerRegrade = async (requestId: string, answer: RegradeAnswer) =>
  (await call(api.answerRegrade, { params: { id: requestId }, body: answer })).request;

export const regradeSettings = async (examId: string) => (await call(api.regradeSettings, { params: { examId } })).settings;

export const saveRegradeSettings = async (examId: string, settings: RegradeSettings) =>
  (await call(api.saveRegradeSettings, { params: { examId }, body: settings })).settings;

export const regradeExportUrl = (examId: string) => urlOf(api.exportRegrades, { examId });
