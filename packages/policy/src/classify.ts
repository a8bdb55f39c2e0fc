/**
 * The deterministic risk classifier of DESIGN §3: a tool's category and level, the evidence behind
 * them (name words, description phrases, input-schema fields, annotations) and a one-paragraph
 * rationale. Annotations come from an untrusted server: `destructiveHint` may raise the risk,
 * `readOnlyHint` never lowers it and may only place a tool nothing else places.
 */

import { EXPOSURE_TEXT, type Exposure, findExposure } from "./classify-exposure";
import {
  CATEGORY_ADVICE,
  CATEGORY_MEANING,
  CONNECTORS,
  DESCRIPTION_PHRASES,
  FIELD_WORDS,
  LEVEL_OF,
  RANK,
  type RiskCategory,
  type RiskLevel,
  VERBS,
} from "./classify-vocabulary";

export type { Exposure, RiskCategory, RiskLevel };

export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

export interface ClassifiableTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: unknown;
  annotations?: ToolAnnotations;
}

export interface ToolClassification {
  category: RiskCategory;
  level: RiskLevel;
  evidence: string[];
  rationale: string;
  /** Present when evidence of exposing secrets or changing access raised the level above the category's. */
  exposure?: Exposure[];
}

const LEVEL_RANK: Readonly<Record<RiskLevel, number>> = { low: 1, medium: 2, high: 3, critical: 4 };

/** Splits a name in any style (snake, kebab, camel, Pascal, dotted) into lower-case words. */
export function splitWords(name: string): string[] {
  return name
    .slice(0, 512)
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/([a-zA-Z])([0-9])/g, "$1 $2")
    .split(/[^a-zA-Z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}

/** The category of a word, trying simple English inflections ("Lists", "Creates", "Echoes", "Copies"). */
function verbCategory(word: string): { verb: string; category: RiskCategory } | undefined {
  const candidates = [word, word.replace(/s$/, ""), word.replace(/es$/, ""), word.replace(/ies$/, "y")];
  for (const candidate of candidates) {
    const category = VERBS.get(candidate);
    if (category) return { verb: candidate, category };
  }
  return undefined;
}

interface Finding {
  category: RiskCategory;
  evidence: string;
}

/** What the tool's name says: its leading verb (and verbs after `and`/`or`), else any verb in it. */
function fromName(name: string): Finding | undefined {
  const tokens = splitWords(name);
  const first = tokens[0];
  const lead = first === undefined ? undefined : verbCategory(first);
  if (lead && first !== undefined) {
    const rest = name.slice(first.length, first.length + 1);
    let best: Finding = {
      category: lead.category,
      evidence: `name starts with ${name.slice(0, first.length)}${/[-_.\s]/.test(rest) ? rest : ""}`,
    };
    for (let i = 1; i < tokens.length - 1; i++) {
      if (!CONNECTORS.has(tokens[i]!)) continue;
      const next = verbCategory(tokens[i + 1]!);
      if (next && RANK[next.category] > RANK[best.category]) {
        best = { category: next.category, evidence: `name also says "${tokens[i]} ${tokens[i + 1]}"` };
      }
    }
    return best;
  }
  let best: Finding | undefined;
  for (const token of tokens) {
    const found = verbCategory(token);
    if (found && (!best || RANK[found.category] > RANK[best.category])) {
      best = { category: found.category, evidence: `name contains "${token}"` };
    }
  }
  return best;
}

/** The first word of a title or description, read as a verb ("Returns …", "Get a recursive …"). */
function fromLeadingWord(text: string | undefined, what: "title" | "description"): Finding | undefined {
  if (!text) return undefined;
  const match = /^\s*([A-Za-z]+)/.exec(text.slice(0, 200));
  if (!match) return undefined;
  const found = verbCategory(match[1]!.toLowerCase());
  return found ? { category: found.category, evidence: `${what} starts with "${match[1]}"` } : undefined;
}

function fromDescriptionPhrases(description: string | undefined): Finding[] {
  if (!description) return [];
  const text = description.slice(0, 4_000);
  const findings: Finding[] = [];
  for (const { pattern, category } of DESCRIPTION_PHRASES) {
    const match = pattern.exec(text);
    if (match) findings.push({ category, evidence: `description says "${match[1] ?? match[0]}"` });
  }
  return findings;
}

/** Property names of the input schema (top level and one level down), at most 200. */
function schemaFields(schema: unknown): string[] {
  const out: string[] = [];
  const visit = (node: unknown, depth: number) => {
    if (typeof node !== "object" || node === null || depth > 1) return;
    const properties = (node as { properties?: unknown }).properties;
    if (typeof properties !== "object" || properties === null) return;
    for (const [key, child] of Object.entries(properties)) {
      if (out.length >= 200) return;
      out.push(key);
      visit(child, depth + 1);
      const items = (child as { items?: unknown } | null)?.items;
      if (items) visit(items, depth + 1);
    }
  };
  visit(schema, 0);
  return out;
}

function fromFields(schema: unknown): Finding[] {
  const findings: Finding[] = [];
  for (const field of schemaFields(schema)) {
    const lower = field.toLowerCase();
    const category =
      FIELD_WORDS.get(lower) ??
      splitWords(field).reduce<RiskCategory | undefined>((acc, word) => {
        const c = FIELD_WORDS.get(word);
        return c && (!acc || RANK[c] > RANK[acc]) ? c : acc;
      }, undefined);
    if (category) findings.push({ category, evidence: `input has field "${field}"` });
  }
  return findings;
}

export function classifyTool(tool: ClassifiableTool): ToolClassification {
  const evidence: string[] = [];
  const name = typeof tool.name === "string" ? tool.name : "";
  const placed =
    fromName(name) ??
    fromLeadingWord(tool.title, "title") ??
    fromLeadingWord(tool.description, "description");
  let category: RiskCategory | undefined = placed?.category;
  if (placed) evidence.push(placed.evidence);
  const raise = (finding: Finding) => {
    if (category === undefined || RANK[finding.category] > RANK[category]) {
      category = finding.category;
      evidence.push(`${finding.evidence} (raises to ${finding.category})`);
    } else if (!evidence.includes(finding.evidence)) {
      evidence.push(finding.evidence);
    }
  };
  for (const finding of fromDescriptionPhrases(tool.description)) raise(finding);
  for (const finding of fromFields(tool.inputSchema)) raise(finding);

  const annotations = tool.annotations ?? {};
  if (annotations.destructiveHint === true) {
    raise({ category: "Destructive", evidence: "annotation destructiveHint: true" });
  }
  if (annotations.readOnlyHint === true) {
    if (category === undefined) {
      category = "Read";
      evidence.push("annotation readOnlyHint: true (places an otherwise unknown tool in Read)");
    } else if (category !== "Read") {
      evidence.push(
        `annotation readOnlyHint: true ignored (annotations never lower the risk below ${category})`,
      );
    }
  }
  if (category === undefined) {
    category = "Write";
    evidence.push("effect unknown");
  }
  let level = LEVEL_OF[category];
  const exposure: Exposure[] = [];
  const findings = findExposure({
    tokens: splitWords(name),
    description: tool.description,
    fields: schemaFields(tool.inputSchema),
    category,
  });
  for (const finding of findings) {
    // Severity rises to high, never falls: Execute is high already, Destructive and Financial critical.
    if (LEVEL_RANK[level] < LEVEL_RANK.high) {
      evidence.push(`${finding.evidence}: ${EXPOSURE_TEXT[finding.exposure]} (raises to high)`);
      level = "high";
    } else evidence.push(`${finding.evidence}: ${EXPOSURE_TEXT[finding.exposure]}`);
    exposure.push(finding.exposure);
  }
  const raised = level !== LEVEL_OF[category];
  return {
    category,
    level,
    evidence,
    rationale: rationale(name, category, level, evidence, raised ? exposure : []),
    ...(raised ? { exposure } : {}),
  };
}

function rationale(
  name: string,
  category: RiskCategory,
  level: RiskLevel,
  evidence: readonly string[],
  exposure: readonly Exposure[],
): string {
  const subject = name || "This tool";
  const because = evidence.includes("effect unknown")
    ? "what it lacks: neither its name nor its description says what it does, so it is treated as changing state until someone reviews it"
    : `the evidence: ${evidence.join("; ")}`;
  const raised =
    exposure.length > 0
      ? ` It is rated ${level} rather than ${LEVEL_OF[category]} because it ${exposure.map((e) => EXPOSURE_TEXT[e]).join(" and ")}; a person should see each call.`
      : "";
  return `${subject} is classified ${category} (${level} risk) because of ${because}. ${CATEGORY_MEANING[category]}.${raised} ${CATEGORY_ADVICE[category]}`;
}
