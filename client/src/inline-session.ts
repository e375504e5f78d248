// The signed-in session the server put in the page (a desk's first navigation:
// server/desk/desk-document-middleware.ts), as GET /api/me gives it. No imports beyond types, so
// the entry chunk (desk/early-desk.ts) can read it before the app's modules load.
import type { SessionPayload } from "./api/types.ts";

/** The inlined session, or null when absent or unreadable; `remove` takes the element out (read once). */
export function readInlineSession(remove: boolean): SessionPayload | null {
  const el = document.getElementById("ko-session");
  if (!el) return null;
  if (remove) el.remove();
  try {
    const payload = JSON.parse(el.textContent ?? "null") as SessionPayload | null;
    return payload?.user && typeof payload.csrfToken === "string" ? payload : null;
  } catch {
    return null;
  }
}
