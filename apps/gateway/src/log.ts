/** Structured JSON logs (pino). Never log a secret, a key or an argument value: log ids, names and counts. */
import pino, { type Logger } from "pino";

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "gateway" },
    redact: { paths: ["*.authorization", "*.headers", "*.arguments", "*.key"], censor: "[redacted]" },
  });
}
