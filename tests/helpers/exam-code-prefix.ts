// An exam's code prefix is 4 hex digits, unique (anonymous codes are "<prefix>-<seq>"): 65,536 of
// them, so random prefixes clash now and then in a test database that holds many exams (the birthday
// bound: one clash in ~300 exams is likely). The factories draw a prefix and draw again on a clash,
// as the server does (server/exams/exam-service.ts).
import crypto from "node:crypto";

export const randomCodePrefix = (): string => crypto.randomBytes(2).toString("hex").toUpperCase();

function isPrefixClash(e: unknown): boolean {
  const err = e as { code?: string; meta?: { target?: unknown }; message?: string };
  return err?.code === "P2002" && `${JSON.stringify(err.meta?.target ?? "")} ${err.message ?? ""}`.includes("codePrefix");
}

/** Runs `create` with a random code prefix, drawing another on a clash (a given prefix is used as is). */
export async function withCodePrefix<T>(create: (codePrefix: string) => Promise<T>, given?: string): Promise<T> {
  if (given !== undefined) return create(given);
  for (let attempt = 1; ; attempt++) {
    try {
      return await create(randomCodePrefix());
    } catch (e) {
      if (attempt >= 50 || !isPrefixClash(e)) throw e;
    }
  }
}
