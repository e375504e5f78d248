import pino, { type Logger } from "pino";
import type { Config } from "./config/config.ts";

export function createLogger(config: Pick<Config, "logLevel">, bindings: Record<string, unknown> = {}): Logger {
  return pino({
    level: config.logLevel,
    base: { pid: process.pid, ...bindings },
    redact: { paths: ["req.headers.cookie", "password", "*.password", "*.passwordHash", "sessionSecret"], remove: true },
  });
}
