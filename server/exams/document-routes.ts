// Exam documents: upload (multipart: kind + file), list, stream (access-checked), delete.
import { Router } from "express";
import { examsApi as api } from "../../collab/contract/api/exams.ts";
import { handle, handleRaw } from "../http/contract-route.ts";
import { matchesEtag } from "../http/etag.ts";
import { auditContext } from "../http/request-context.ts";
import type { DocumentService } from "./document-service.ts";

export function documentRoutes(docs: DocumentService): Router {
  const r = Router();
  handle(r, api.uploadDocument, async ({ actor, params }, req) => ({ document: await docs.upload(actor, params.id, req, auditContext(req)) }));
  handle(r, api.listDocuments, async ({ actor, params }) => ({ documents: await docs.list(actor, params.id) }));
  handleRaw(r, api.documentPdf, async ({ actor, params }, req, res) => {
    const d = await docs.open(actor, params.id, params.docId);
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
  handleRaw(r, api.deleteDocument, async ({ actor, params }, req, res) => {
    await docs.remove(actor, params.id, params.docId, auditContext(req));
    res.status(204).end();
  });
  return r;
}
