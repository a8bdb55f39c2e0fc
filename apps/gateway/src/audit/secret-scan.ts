/**
 * Finds secrets anywhere inside the strings of a call's stored arguments, with secretlint's recommended rule preset
 * (a maintained set: cloud keys, GitHub/GitLab/Slack/npm/OpenAI/Anthropic tokens, private keys, basic-auth and
 * database URLs, …) plus the formats secretlint cannot know: Gatehouse's own keys and tokens, and bearer JWTs.
 * Every string of one call is scanned in one pass (joined by newlines), since secretlint's cost is mostly per
 * pass and per rule, not per character.
 */
import { lintSource } from "@secretlint/core";
import { creator as recommendedRules } from "@secretlint/secretlint-rule-preset-recommend";

const CONFIG = { rules: [{ id: recommendedRules.meta.id, rule: recommendedRules }] };
/** Ours (agent keys, account API tokens) and JWTs, which no secretlint rule looks for. */
const OWN_FORMATS = /gate_(?:ak|at)_[\w-]{8,}|eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]*/g;
/**
 * What every secret the rules find has: a run of 20 or more characters without a space (every token, key and PEM
 * line they match is longer), or a URL (credentials in basic-auth and database URLs can be short). A string with
 * neither is not scanned, which keeps ordinary prose free of the scan's cost (~150 µs of CPU a pass).
 */
const MIGHT_HOLD_SECRET = /\S{20,}|:\/\//;
export const REDACTED = "[redacted]";

/** [start, end) offsets of secrets in `text`. */
export async function findSecrets(text: string): Promise<Array<[number, number]>> {
  const found: Array<[number, number]> = [];
  for (const match of text.matchAll(OWN_FORMATS)) found.push([match.index, match.index + match[0].length]);
  const result = await lintSource({
    source: { content: text, filePath: "arguments", ext: "", contentType: "text" },
    options: { config: CONFIG, noPhysicFilePath: true },
  });
  for (const message of result.messages) found.push([message.range[0], endOfWord(text, message.range[1])]);
  return found;
}

/**
 * A reported range, ended at the end of the word it ends in: a few rules (AWS secret keys, secretlint 12) report the
 * secret's length from where the whole pattern starts, which would leave the secret's tail in place.
 */
function endOfWord(text: string, end: number): number {
  const rest = text.slice(end).search(/[\s"'`]/);
  return rest === -1 ? text.length : end + rest;
}

/** Each string with every secret in it replaced by [redacted] (the text around a secret is kept). */
export async function redactSecretsInStrings(strings: string[]): Promise<string[]> {
  const scanned = strings.flatMap((text, index) => (MIGHT_HOLD_SECRET.test(text) ? [index] : []));
  if (scanned.length === 0) return strings;
  const starts = new Map<number, number>();
  let offset = 0;
  for (const index of scanned) {
    starts.set(index, offset);
    offset += (strings[index] ?? "").length + 1;
  }
  const secrets = await findSecrets(scanned.map((index) => strings[index]).join("\n"));
  if (secrets.length === 0) return strings;
  return strings.map((text, index) => {
    const start = starts.get(index);
    return start === undefined ? text : replaceRanges(text, start, secrets);
  });
}

/** `text` (which starts at `start` in the scanned whole) with the parts the ranges cover replaced. */
function replaceRanges(text: string, start: number, secrets: Array<[number, number]>): string {
  const inside = secrets
    .map(([from, to]): [number, number] => [Math.max(from - start, 0), Math.min(to - start, text.length)])
    .filter(([from, to]) => from < to)
    .sort((a, b) => a[0] - b[0]);
  let out = "";
  let done = 0;
  for (const [from, to] of inside) {
    if (to <= done) continue; // inside a secret already replaced
    out += text.slice(done, Math.max(from, done)) + (from >= done ? REDACTED : "");
    done = to;
  }
  return out + text.slice(done);
}
