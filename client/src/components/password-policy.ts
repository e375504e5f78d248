// The server's password policy (server/auth/password-policy.ts), evaluated live while typing.
// The server stays the judge: its list of common passwords is larger than this sample.

export type PolicyReason = "TOO_SHORT" | "TOO_LONG" | "SAME_AS_USERNAME" | "COMMON_PASSWORD" | "SAME_AS_CURRENT";

export const POLICY_REASONS: readonly PolicyReason[] = ["TOO_SHORT", "TOO_LONG", "SAME_AS_USERNAME", "COMMON_PASSWORD", "SAME_AS_CURRENT"];
export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 256;

const COMMON = new Set(
  (
    "123456789012 000000000000 111111111111 123412341234 azerty azertyuiop qwerty qwertyuiop " +
    "motdepasse password passwordpassword motdepassemotdepasse azertyazerty qwertyqwerty bonjour " +
    "soleil bienvenue iloveyou administrateur administrator changeme changemenow korrigo " +
    "professeur enseignant etudiant education correction examen vacances chocolat marseille " +
    "admin root user utilisateur test demo school teacher student eleve lycee college ecole secret"
  ).split(" "),
);

const normalize = (s: string) => s.normalize("NFKC").toLowerCase();
// "Azerty123!" counts as "azerty", as on the server.
const stripDecoration = (s: string) =>
  normalize(s)
    .replace(/[\d\W_]+$/u, "")
    .replace(/^[\d\W_]+/u, "");

export interface PolicyInput {
  password: string;
  current: string;
  username: string;
  email: string | null;
}

export function violations({ password, current, username, email }: PolicyInput): Set<PolicyReason> {
  const reasons = new Set<PolicyReason>();
  const p = normalize(password);
  if ([...password].length < MIN_PASSWORD_LENGTH) reasons.add("TOO_SHORT");
  if (password.length > MAX_PASSWORD_LENGTH) reasons.add("TOO_LONG");
  const ids = [username, email ?? "", (email ?? "").split("@")[0] ?? ""].map(normalize).filter((s) => s.length >= 3);
  if (p && ids.some((id) => p.includes(id))) reasons.add("SAME_AS_USERNAME");
  if (p && (COMMON.has(p) || COMMON.has(stripDecoration(password)) || /^(.)\1+$/u.test(p))) {
    reasons.add("COMMON_PASSWORD");
  }
  if (password && password === current) reasons.add("SAME_AS_CURRENT");
  return reasons;
}

export function isPolicyReason(value: unknown): value is PolicyReason {
  return (POLICY_REASONS as readonly unknown[]).includes(value);
}
