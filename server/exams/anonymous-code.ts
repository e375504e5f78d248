// Anonymous codes like "0F8E-001": a per-exam 4-hex prefix (unique column) + the copy's sequence
// number in that exam (unique per exam), so two copies can never share a code.
import crypto from "node:crypto";

export const newCodePrefix = (): string => crypto.randomBytes(2).toString("hex").toUpperCase();

/** A unique-constraint failure on the exam's code prefix (Prisma's P2002 naming it). */
function isCodePrefixClash(e: unknown): boolean {
  const err = e as { code?: string; meta?: { target?: unknown }; message?: string } | null;
  return err?.code === "P2002" && `${JSON.stringify(err.meta?.target ?? "")} ${err.message ?? ""}`.includes("codePrefix");
}

/**
 * Runs `create` with a fresh code prefix, drawing another when it clashes with an exam's: 65,536
 * prefixes, so a clash is rare but happens (the birthday bound: likely once in ~300 exams).
 */
export async function withFreshCodePrefix<T>(create: (codePrefix: string) => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create(newCodePrefix());
    } catch (e) {
      if (attempt >= attempts || !isCodePrefixClash(e)) throw e;
    }
  }
}

export const formatAnonymousCode = (prefix: string, seq: number): string => `${prefix}-${String(seq).padStart(3, "0")}`;
