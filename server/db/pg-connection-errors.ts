// A PostgreSQL connection can die at any moment (a restart, a failover, an admin's
// pg_terminate_backend). node-postgres reports it as an 'error' event: on the pool while the client
// is idle in it, on the client itself while it is checked out between two statements (a
// transaction planning in JavaScript). An 'error' event nobody listens to ends the process, so
// every pool the server makes listens to both; the statement in flight or the next one fails and
// its caller answers as for any database error, and the pool replaces the connection.
import type pg from "pg";
import type { Logger } from "pino";

export function logConnectionErrors(pool: pg.Pool, log: Logger, what: string): pg.Pool {
  pool.on("error", (err) => log.warn({ err }, `${what}: an idle PostgreSQL connection was lost`));
  pool.on("connect", (client) => client.on("error", (err) => log.warn({ err }, `${what}: a PostgreSQL connection was lost`)));
  return pool;
}
