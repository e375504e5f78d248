// Database errors a caller can retry: the interactive transaction outlived Prisma's limit (P2028,
// e.g. finalize waiting on a row lock under load), the pool had no free connection, the server
// was unreachable, restarting or out of connections, or a serialization conflict. They become
// UNAVAILABLE (503, Retry-After) in the HTTP and socket error layers instead of a bare 500.
import { Prisma } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";

/** Prisma codes: transaction API / expired (P2028), pool timeout (P2024), write conflict (P2034), unreachable / closed server (P1xxx). */
const PRISMA_RETRYABLE = new Set(["P2028", "P2024", "P2034", "P1001", "P1002", "P1008", "P1017"]);
/** PostgreSQL SQLSTATEs (admin shutdown, crash shutdown, cannot connect now, too many connections, serialization, deadlock) and socket errors. */
const PG_RETRYABLE = new Set([
  "57P01",
  "57P02",
  "57P03",
  "53300",
  "40001",
  "40P01",
  "08000",
  "08003",
  "08006",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
]);

export const RETRY_AFTER_SECONDS = 2;

export function databaseUnavailable(err: unknown): AppError | null {
  if (!isRetryable(err)) return null;
  return new AppError("UNAVAILABLE", "The database is busy: please try again in a moment", { retryable: true }, { "Retry-After": String(RETRY_AFTER_SECONDS) });
}

function isRetryable(err: unknown, depth = 0): boolean {
  if (!(err instanceof Error) || depth > 3) return false;
  if (err instanceof Prisma.PrismaClientKnownRequestError) return PRISMA_RETRYABLE.has(err.code);
  if (err instanceof Prisma.PrismaClientInitializationError) return true;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && PG_RETRYABLE.has(code)) return true;
  if (/Connection terminated|Transaction already closed|expired transaction/i.test(err.message)) return true;
  return isRetryable((err as { cause?: unknown }).cause, depth + 1);
}
