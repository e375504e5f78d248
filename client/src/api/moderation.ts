// Moderation (#16; docs/moderation.md): blind second marking and its layers, reconciliation of
// double-marked copies and agreement statistics — the routes and shapes of the contract.
import { moderationApi as api, type DecideInput, type SecondMarkingRequest, type SettingsInput } from "../../../collab/contract/api/moderation.ts";
import type { z } from "zod";
import type { ModerationRule as Rule, SecondMarkingStatus } from "../../../collab/contract/common.ts";
import { call } from "./call.ts";
import { get } from "./http.ts";

export type {
  AgreementReport,
  CopyReconciliation,
  LayerOverview,
  LayerQuestion,
  ModerationSettings,
  PairAgreement,
  QueueRow,
  ReconcileList,
  ReconcileListCopy,
  ReconcileQuestion,
  ReconcileSource,
  SecondMarkingRow,
  StaleDetails,
} from "../../../collab/contract/api/moderation.ts";

export type ModerationRule = z.infer<typeof Rule>;
export type MarkingStatus = z.infer<typeof SecondMarkingStatus>;
export type Decision = DecideInput;
export type SampleRequest = SecondMarkingRequest;

export const reconciliations = (examId: string) => call(api.reconciliations, { params: { examId } });
export const agreement = (examId: string) => call(api.agreement, { params: { examId } });
export const saveModerationSettings = (examId: string, settings: SettingsInput) => call(api.saveModerationSettings, { params: { examId }, body: settings });
export const copyReconciliation = (copyId: string) => call(api.copyReconciliation, { params: { copyId } });
export const decide = (copyId: string, questionId: string, decision: Decision) => call(api.decide, { params: { copyId, questionId }, body: decision });

export const askSecondMarking = (examId: string, req: SampleRequest) => call(api.requestSecondMarkings, { params: { examId }, body: req });
export const secondMarkings = (examId: string) => call(api.listSecondMarkings, { params: { examId } });
export const withdrawSecondMarking = (examId: string, copyId: string) => call(api.cancelSecondMarking, { params: { examId, copyId } });
export const mySecondMarkings = () => call(api.mySecondMarkings);
/** The exam's copies (code → id), to ask for chosen copies by their codes. */
export const examCopyCodes = (examId: string) => get<{ copies: Array<{ id: string; anonymousCode: string }> }>(`/api/exams/${examId}/copies`);
export const layerOverview = (copyId: string) => call(api.layerOverview, { params: { id: copyId } });
