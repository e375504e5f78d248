// The identification desk: exam copies with their identification state, roster search, link /
// unlink, the copy's variant (sujet A/B), absences.
import { Router } from "express";
import type { AppContext } from "../context.ts";
import { auditContext, requireActor } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import { AbsenceParam, CopiesQuery, CopyParam, ExamParam, LinkInput, SearchQuery, VariantInput } from "./identification-schema.ts";
import { IdentificationService } from "./identification-service.ts";

export function identificationRoutes(ctx: AppContext): Router {
  const ident = new IdentificationService(ctx.db);
  const r = Router();
  r.get("/exams/:id/copies", async (req, res) => {
    const { id } = parse(ExamParam, req.params);
    res.json(await ident.copies(requireActor(req), id, parse(CopiesQuery, req.query)));
  });
  r.get("/exams/:id/roster/search", async (req, res) => {
    const { id } = parse(ExamParam, req.params);
    const q = parse(SearchQuery, req.query);
    res.json({ results: await ident.search(requireActor(req), id, q.q, q.limit, q.className) });
  });
  r.put("/copies/:id/student", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(CopyParam, req.params);
    res.json(await ident.link(actor, id, parse(LinkInput, req.body).studentId, auditContext(req)));
  });
  r.delete("/copies/:id/student", async (req, res) => {
    const { id } = parse(CopyParam, req.params);
    res.json(await ident.unlink(requireActor(req), id, auditContext(req)));
  });
  r.put("/copies/:id/variant", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(CopyParam, req.params);
    res.json(await ident.setVariant(actor, id, parse(VariantInput, req.body).variant, auditContext(req)));
  });
  r.put("/exams/:id/absences/:studentId", async (req, res) => {
    const { id, studentId } = parse(AbsenceParam, req.params);
    res.json(await ident.setAbsent(requireActor(req), id, studentId, true, auditContext(req)));
  });
  r.delete("/exams/:id/absences/:studentId", async (req, res) => {
    const { id, studentId } = parse(AbsenceParam, req.params);
    res.json(await ident.setAbsent(requireActor(req), id, studentId, false, auditContext(req)));
  });
  return r;
}
