// Exams: list, create, read, edit, archive / unarchive.
import { Router } from "express";
import { examsApi as api } from "../../collab/contract/api/exams.ts";
import { handle } from "../http/contract-route.ts";
import { auditContext } from "../http/request-context.ts";
import type { ExamService } from "./exam-service.ts";

export function examRoutes(exams: ExamService): Router {
  const r = Router();
  handle(r, api.listExams, async ({ actor, query }) => ({ exams: await exams.list(actor, query.archived) }));
  handle(r, api.createExam, async ({ actor, body }, req) => ({ exam: await exams.create(actor, body, auditContext(req)) }));
  handle(r, api.getExam, async ({ actor, params }) => ({ exam: await exams.get(actor, params.id) }));
  handle(r, api.updateExam, async ({ actor, params, body }, req) => ({ exam: await exams.update(actor, params.id, body, auditContext(req)) }));
  handle(r, api.archiveExam, async ({ actor, params }, req) => ({ exam: await exams.setArchived(actor, params.id, true, auditContext(req)) }));
  handle(r, api.unarchiveExam, async ({ actor, params }, req) => ({ exam: await exams.setArchived(actor, params.id, false, auditContext(req)) }));
  return r;
}
