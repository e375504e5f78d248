// Roster import: POST the CSV file itself as the body (text/csv), first to /preview, then to /import.
import { Router, type Request } from "express";
import { MAX_ROSTER_BYTES, rosterApi as api } from "../../collab/contract/api/roster.ts";
import type { AppContext } from "../context.ts";
import { AppError } from "../errors/app-error.ts";
import { handle } from "../http/contract-route.ts";
import { auditContext } from "../http/request-context.ts";
import { RosterService } from "./roster-service.ts";

/** The raw body: encoding detection needs the bytes, not text decoded by a body parser. */
async function csvBody(req: Request): Promise<Uint8Array> {
  if (req.is("application/json") || req.is("multipart/form-data"))
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the CSV file itself as the request body (Content-Type: text/csv)");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_ROSTER_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", `A roster file is at most ${MAX_ROSTER_BYTES / 1024 / 1024} MB`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function rosterRoutes(ctx: AppContext): Router {
  const roster = new RosterService(ctx);
  const r = Router();
  handle(r, api.previewRoster, async ({ actor }, req) => ({ preview: await roster.preview(actor, await csvBody(req)) }));
  handle(r, api.importRoster, async ({ actor }, req, res) => {
    const result = await roster.commit(actor, await csvBody(req), auditContext(req));
    res.setHeader("Cache-Control", "no-store"); // initial passwords inside
    return { import: result };
  });
  return r;
}
