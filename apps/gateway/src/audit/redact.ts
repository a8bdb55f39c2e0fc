/** Argument values for accounts that opt in: anything that looks like a secret is replaced before it is stored. */
const SECRET_NAME = /pass(word)?|secret|token|api[-_]?key|^key$|auth|credential|cookie|private/i;
/**
 * What an audit event keeps of names an agent chose (tool, method, argument keys): the first MAX_NAME characters of
 * each, and at most MAX_KEYS keys per object. A name of any length would otherwise reach the audit table's indexes,
 * whose entries Postgres limits to about 2.7 kB, and one refused event costs its whole batch a retry.
 */
export const MAX_NAME = 200;
const MAX_KEYS = 100;
const SECRET_VALUE = /^(gate_(ak|at)_|sk-|ghp_|github_pat_|xox[bp]-|AKIA)|^eyJ[\w-]+\.[\w-]+\./;

export function redactArguments(value: unknown, depth = 0): unknown {
  if (depth > 8) return "[truncated]";
  if (typeof value === "string") return SECRET_VALUE.test(value) ? "[redacted]" : value.slice(0, 2000);
  if (Array.isArray(value)) return value.slice(0, 100).map((item) => redactArguments(item, depth + 1));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value).slice(0, MAX_KEYS)) {
      out[key.slice(0, MAX_NAME)] = SECRET_NAME.test(key) ? "[redacted]" : redactArguments(item, depth + 1);
    }
    return out;
  }
  return value;
}

export function argumentKeys(args: unknown): string[] {
  if (!args || typeof args !== "object" || Array.isArray(args)) return [];
  return Object.keys(args)
    .slice(0, MAX_KEYS)
    .map((key) => key.slice(0, MAX_NAME));
}
