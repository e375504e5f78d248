// pino: JSON lines for log collectors; readable colored lines when a person watches the terminal.
import pino, { type DestinationStream, type Logger } from "pino";
import pretty from "pino-pretty";
import type { Config } from "./config/config.ts";

type Output = DestinationStream & { isTTY?: boolean };

export function createLogger(config: Pick<Config, "logLevel">, bindings: Record<string, unknown> = {}, out: Output = process.stdout): Logger {
  const options = {
    level: config.logLevel,
    base: { pid: process.pid, ...bindings },
    redact: { paths: ["req.headers.cookie", "password", "*.password", "*.passwordHash", "sessionSecret"], remove: true },
  };
  if (!out.isTTY) return pino(options, out);
  // same thread, synchronous: a crash's last lines are not lost in a transport's buffer
  return pino(options, pretty({ destination: out, sync: true, colorize: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" }));
}
