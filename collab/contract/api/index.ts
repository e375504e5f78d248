// Every area of the HTTP API. A new area: its file here, one line below (docs/api.md).
import { authApi } from "./auth.ts";
import { dispatchApi } from "./dispatch.ts";
import { examsApi } from "./exams.ts";
import { identificationApi } from "./identification.ts";
import { referenceApi } from "./reference.ts";
import { regionsApi } from "./regions.ts";
import { rosterApi } from "./roster.ts";
import { rubricsApi } from "./rubrics.ts";
import { usersApi } from "./users.ts";

export const contractAreas = {
  auth: authApi,
  users: usersApi,
  reference: referenceApi,
  exams: examsApi,
  rubrics: rubricsApi,
  regions: regionsApi,
  roster: rosterApi,
  identification: identificationApi,
  dispatch: dispatchApi,
} as const;
