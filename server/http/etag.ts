// If-None-Match against our ETag (RFC 9110 §13.1.2, weak comparison). Not req.fresh: that also
// honours a request's "Cache-Control: no-cache", which fetch() adds to every conditional request.
import type { Request } from "express";

export function matchesEtag(req: Request, etag: string): boolean {
  const header = req.get("if-none-match");
  if (!header) return false;
  if (header.trim() === "*") return true;
  const bare = (t: string) => t.trim().replace(/^W\//, "");
  return header.split(",").some((t) => bare(t) === bare(etag));
}
