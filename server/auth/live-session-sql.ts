// What "this session may still act" means in SQL, shared by the socket's periodic check, the group
// commit's lock statement and the moderation layer's commit: the row exists (a revocation deletes
// it in the transaction that publishes it), has not expired, and its user is active and not held
// to a password change. `s` is "Session", `u` its "User".
export const LIVE_SESSION_WHERE = `s."expiresAt" > now() AND u.active AND NOT u."mustChangePassword"`;

/** Rows `id` of the live sessions among `$n::varchar[]`. */
export const liveSessionsAmong = (param: string): string =>
  `SELECT s.id FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE s.id = ANY(${param}::varchar[]) AND ${LIVE_SESSION_WHERE}`;
