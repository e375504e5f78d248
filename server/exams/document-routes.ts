// Exam documents: upload (multipart: kind + file), list, stream (access-checked), delete.
import { Router } from "express";
import { z } from "zod";
import { auditContext, requireActor } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import type { DocumentService } from "./document-service.ts";
import { ExamIdParam } from "./exam-schema.ts";
import { matchesEtag } from "../http/etag.ts";

const DocParam = z.strictObject({ id: z.uuid(), docId: z.uuid() });

export function documentRoutes(docs: DocumentService): Router {
  const r = Router();
  r.post("/exams/:id/documents", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(ExamIdParam, req.params);
    res.status(201).json({ document: await docs.upload(actor, id, req, auditContext(req)) });
  });
  r.get("/exams/:id/documents", async (req, res) => {
    const { id } = parse(ExamIdParam, req.params);
    res.json({ documents: await docs.list(requireActor(req), id) });
  });
  r.get("/exams/:id/documents/:docId/pdf", async (req, res) => {
    const { id, docId } = parse(DocParam, req.params);
    const d = await docs.open(requireActor(req), id, docId);
    const etag = `"${d.sha256}"`;
    res.setHeader("ETag", etag);
    res.setHeader("Cache-Control", "private, max-age=3600");
    if (matchesEtag(req, etag)) {
      res.status(304).end();
      return;
    }
    res.setHeader("Content-Disposition", `inline; filename*=UTF-8''${encodeURIComponent(d.originalName)}`);
    await new Promise<void>((resolve, reject) =>
      res.sendFile(d.abs, { headers: { "Content-Type": "application/pdf" }, etag: false, lastModified: false, cacheControl: false }, (err) =>
        err && !res.headersSent ? reject(err) : resolve(),
      ),
    );
  });
  r.delete("/exams/:id/documents/:docId", async (req, res) => {
    const { id, docId } = parse(DocParam, req.params);
    await docs.remove(requireActor(req), id, docId, auditContext(req));
    res.status(204).end();
  });
  return r;
}
