// An audited override of the release gate holds for each copy it named for as long as what blocked
// that copy is unchanged — the same reasons and, for missing pages, the same count of the same expected —
// so the next "publish all" does not ask again about a copy someone already vouched for. Any change
// (the copy identified and then detached, a page added or lost, the expected count edited) makes
// it a new question. The audit trail is the record: the latest `release.override` event of the exam
// that names the copy says what was accepted.
import type { Prisma } from "../db/client.ts";
import type { BlockedCopy } from "./release-gate.ts";

/** What an override accepted about one copy: its reasons, and for missing pages how many it had of how many. */
export const blockKey = (b: Pick<BlockedCopy, "reasons" | "pages" | "expectedPages" | "missingPages">): string =>
  `${[...b.reasons].sort().join(",")}${b.reasons.includes("PAGES_MISSING") ? `|${b.pages}/${b.expectedPages}${b.missingPages.length ? `|${b.missingPages.join(",")}` : ""}` : ""}`;

/** The audit details of an override: each copy with what was accepted about it. */
export const overrideDetail = (b: BlockedCopy) => ({
  copyId: b.copyId,
  anonymousCode: b.anonymousCode,
  reasons: b.reasons,
  pages: b.pages,
  expectedPages: b.expectedPages,
  ...(b.missingPages.length ? { missingPages: b.missingPages } : {}),
});

interface Entry {
  copyId?: unknown;
  reasons?: unknown;
  pages?: unknown;
  expectedPages?: unknown;
  /** a QR booklet's printed pages not scanned */
  missingPages?: unknown;
}

/** The blocked copies an earlier override of this exam still covers. */
export async function stillOverridden(tx: Prisma.TransactionClient, examId: string, blocked: readonly BlockedCopy[]): Promise<Set<string>> {
  if (blocked.length === 0) return new Set();
  const events = await tx.auditEvent.findMany({
    where: { action: "release.override", targetType: "Exam", targetId: examId },
    orderBy: { id: "asc" },
    select: { details: true },
  });
  const accepted = new Map<string, string>(); // the latest override naming a copy wins
  for (const e of events) {
    const list = (e.details as { blocked?: Entry[] } | null)?.blocked ?? [];
    for (const b of list) {
      if (typeof b.copyId !== "string" || !Array.isArray(b.reasons) || typeof b.pages !== "number") continue; // older events: no page count recorded
      accepted.set(
        b.copyId,
        blockKey({
          reasons: b.reasons as BlockedCopy["reasons"],
          pages: b.pages,
          expectedPages: typeof b.expectedPages === "number" ? b.expectedPages : null,
          missingPages: Array.isArray(b.missingPages) ? b.missingPages.filter((n): n is number => typeof n === "number") : [],
        }),
      );
    }
  }
  return new Set(blocked.filter((b) => accepted.get(b.copyId) === blockKey(b)).map((b) => b.copyId));
}
