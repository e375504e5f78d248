// HTTP for regrade requests: the contract's routes (collab/contract/api/regrade.ts) — the student's
// (under the portal), the staff queue and answers, the exam's settings and the office's CSV export.
import { Router } from "express";
import { regradeApi as api } from "../../collab/contract/api/regrade.ts";
import type { AppContext } from "../context.ts";
import { contentDisposition } from "../exports/content-disposition.ts";
import { handle, handleRaw } from "../http/contract-route.ts";
import { auditContext } from "../http/request-context.ts";
import { exportRegradeRequests } from "./regrade-export.ts";
import { getRegradeSettings, setRegradeSettings } from "./regrade-settings-service.ts";
import { RegradeStaffService } from "./regrade-staff-service.ts";
import { RegradeStudentService } from "./regrade-student-service.ts";

export function regradeRoutes(ctx: AppContext): Router {
  const student = new RegradeStudentService(ctx.db);
  const staff = new RegradeStaffService(ctx.db);
  const r = Router();

  handle(r, api.myRegradeRequests, ({ actor, params }, _req, res) => {
    res.setHeader("Cache-Control", "private, no-store");
    return student.list(actor, params.id);
  });
  handle(r, api.askRegrade, async ({ actor, params, body }, req) => ({ request: await student.create(actor, params.id, body, auditContext(req)) }));
  handle(r, api.withdrawRegrade, async ({ actor, params }, req) => ({ request: await student.withdraw(actor, params.id, auditContext(req)) }));

  handle(r, api.regradeQueue, async ({ actor, query }) => ({ requests: await staff.queue(actor, null, query.status) }));
  handle(r, api.examRegradeQueue, async ({ actor, params, query }) => ({ requests: await staff.queue(actor, params.examId, query.status) }));
  handle(r, api.answerRegrade, async ({ actor, params, body }, req) => ({ request: await staff.answer(actor, params.id, body, auditContext(req)) }));
  handle(r, api.regradeSettings, async ({ actor, params }) => ({ settings: await getRegradeSettings(ctx.db, actor, params.examId) }));
  handle(r, api.saveRegradeSettings, async ({ actor, params, body }, req) => ({
    settings: await setRegradeSettings(ctx.db, actor, params.examId, body, auditContext(req)),
  }));

  handleRaw(r, api.exportRegrades, async ({ actor, params }, req, res) => {
    const out = await exportRegradeRequests(ctx.db, actor, params.examId, auditContext(req));
    res.setHeader("Content-Type", "text/csv; charset=utf-8");
    res.setHeader("Content-Disposition", contentDisposition("attachment", out.fileName));
    res.setHeader("Cache-Control", "private, no-store");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.send(out.body);
  });
  return r;
}
