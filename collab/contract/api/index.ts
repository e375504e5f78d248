// Every area of the HTTP API. A new area: its file here, one line below (docs/api.md).
import { auditApi } from "./audit.ts";
import { authApi } from "./auth.ts";
import { deskApi } from "./desk.ts";
import { exportsApi } from "./exports.ts";
import { historyApi } from "./history.ts";
import { portalApi } from "./portal.ts";
import { referenceApi } from "./reference.ts";
import { releaseApi } from "./release.ts";
import { renderApi } from "./render.ts";
import { supervisionApi } from "./supervision.ts";
import { usersApi } from "./users.ts";

export const contractAreas = {
  auth: authApi,
  users: usersApi,
  reference: referenceApi,
  desk: deskApi,
  history: historyApi,
  render: renderApi,
  supervision: supervisionApi,
  release: releaseApi,
  portal: portalApi,
  exports: exportsApi,
  audit: auditApi,
} as const;
