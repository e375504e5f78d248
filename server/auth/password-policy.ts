// Password policy: at least 12 characters, not the username, not a common password.
import { COMMON_PASSWORDS } from "./common-passwords.ts";

export const MIN_PASSWORD_LENGTH = 12;
export type WeakReason = "TOO_SHORT" | "SAME_AS_USERNAME" | "COMMON_PASSWORD" | "TOO_LONG";

const normalize = (s: string) => s.normalize("NFKC").toLowerCase();
const stripDecoration = (s: string) =>
  normalize(s)
    .replace(/[\d\W_]+$/u, "")
    .replace(/^[\d\W_]+/u, "");

export function passwordProblems(password: string, username: string, email?: string | null): WeakReason[] {
  const reasons: WeakReason[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH) reasons.push("TOO_SHORT");
  if (password.length > 256) reasons.push("TOO_LONG");
  const p = normalize(password);
  const ids = [username, email ?? "", (email ?? "").split("@")[0] ?? ""].map(normalize).filter((s) => s.length >= 3);
  if (ids.some((id) => p === id || stripDecoration(password) === id || p.includes(id))) reasons.push("SAME_AS_USERNAME");
  if (COMMON_PASSWORDS.has(p) || COMMON_PASSWORDS.has(stripDecoration(password)) || /^(.)\1+$/u.test(p)) reasons.push("COMMON_PASSWORD");
  return reasons;
}
