// The factories' exam code prefixes: a fresh one drawn again on a clash, as the server draws them
// (server/exams/anonymous-code.ts), or the one a test asks for.
import { withFreshCodePrefix } from "../../server/exams/anonymous-code.ts";

/** Runs `create` with a fresh code prefix, drawing another on a clash (a given prefix is used as is). */
export function withCodePrefix<T>(create: (codePrefix: string) => Promise<T>, given?: string): Promise<T> {
  return given === undefined ? withFreshCodePrefix(create) : create(given);
}
