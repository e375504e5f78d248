// The password policy as the server applies it, evaluated live while the user types.
// The server stays the judge; its list of common passwords is larger than this sample.

export type PolicyReason = 'TOO_SHORT' | 'SAME_AS_USERNAME' | 'COMMON_PASSWORD';

export const MIN_PASSWORD_LENGTH = 12;

const COMMON = new Set([
  '123456789012', '1234567890123', 'azertyuiop12', 'azertyuiop123', 'qwertyuiop12',
  'qwertyuiop123', 'motdepasse12', 'motdepasse123', 'motdepasse1234', 'password1234',
  'password12345', 'passwordpassword', 'bonjour12345', 'soleil123456', 'iloveyou1234',
  'administrateur', 'administrator', 'korrigo12345', 'korrigo123456', 'aaaaaaaaaaaa',
  '000000000000', '111111111111', 'changeme1234', 'welcome12345', 'letmein12345',
]);

export function violations(password: string, username: string): Set<PolicyReason> {
  const reasons = new Set<PolicyReason>();
  if ([...password].length < MIN_PASSWORD_LENGTH) reasons.add('TOO_SHORT');
  if (username && password.trim().toLowerCase() === username.trim().toLowerCase()) {
    reasons.add('SAME_AS_USERNAME');
  }
  if (COMMON.has(password.toLowerCase())) reasons.add('COMMON_PASSWORD');
  return reasons;
}

export function isPolicyReason(value: unknown): value is PolicyReason {
  return value === 'TOO_SHORT' || value === 'SAME_AS_USERNAME' || value === 'COMMON_PASSWORD';
}
