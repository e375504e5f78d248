// Every area of the HTTP API. A new area: its file here, one line below (docs/api.md).
import { auditApi } from "./audit.ts";
import { authApi } from "./auth.ts";
import { bookletsApi } from "./booklets.ts";
import { imagingApi } from "./imaging.ts";
import { intakeApi } from "./intake.ts";
import { healthApi } from "./health.ts";
import { moderationApi } from "./moderation.ts";
import { noticesApi } from "./notices.ts";
import { opsApi } from "./ops.ts";
import { referenceApi } from "./reference.ts";
import { regradeApi } from "./regrade.ts";
import { dispatchApi } from "./dispatch.ts";
import { examsApi } from "./exams.ts";
import { identificationApi } from "./identification.ts";
import { regionsApi } from "./regions.ts";
import { rosterApi } from "./roster.ts";
import { rubricsApi } from "./rubrics.ts";
import { deskApi } from "./desk.ts";
import { exportsApi } from "./exports.ts";
import { historyApi } from "./history.ts";
import { portalApi } from "./portal.ts";
import { releaseApi } from "./release.ts";
import { renderApi } from "./render.ts";
import { supervisionApi } from "./supervision.ts";
import { usersApi } from "./users.ts";

export const contractAreas = {
  auth: authApi,
  users: usersApi,
  reference: referenceApi,
  intake: intakeApi,
  booklets: bookletsApi,
  imaging: imagingApi,
  moderation: moderationApi,
  regrade: regradeApi,
  notices: noticesApi,
  health: healthApi,
  ops: opsApi,
  exams: examsApi,
  rubrics: rubricsApi,
  regions: regionsApi,
  roster: rosterApi,
  identification: identificationApi,
  dispatch: dispatchApi,
  desk: deskApi,
  history: historyApi,
  render: renderApi,
  supervision: supervisionApi,
  release: releaseApi,
  portal: portalApi,
  exports: exportsApi,
  audit: auditApi,
} as const;
