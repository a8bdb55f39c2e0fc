/**
 * The words and snippets of a catalogue tool page, written from the tool's classification and evidence: what
 * an agent uses it for on that server, why it needs a policy, how to rate-limit, hold or deny it (policies that
 * validate), its related tools and the questions people ask. Pure; the dashboard only lays it out.
 */
import type { RiskCategory, TPolicy, TToolEntry } from "@gatehouse/policy";
import type { CatalogEntry, CatalogTool } from "./entry-types";

export interface CatalogQuestion {
  question: string;
  answer: string;
}

export interface CatalogToolPage {
  /** What an agent does with this tool on this server. */
  usage: string;
  /** Why it needs a policy: what a misused call can do (the classifier's rationale follows it on the page). */
  blastRadius: string;
  rateLimitPolicy: TPolicy;
  approvalPolicy: TPolicy;
  denyPolicy: TPolicy;
  /** Other tools of the server: the same category first, then the riskiest of the rest. */
  related: readonly CatalogTool[];
  questions: readonly CatalogQuestion[];
}

const RELATED_COUNT = 8;
const LEVEL_RANK = { low: 1, medium: 2, high: 3, critical: 4 } as const;

const USAGE: Record<RiskCategory, (name: string, server: string) => string> = {
  Read: (name, server) =>
    `AI agents call ${name} to retrieve information from ${server} without modifying anything — typically the context-gathering step in research, monitoring and reporting workflows, before the agent acts elsewhere.`,
  Write: (name, server) =>
    `AI agents call ${name} to change what ${server} manages — creating, updating or attaching things as one step of an automated workflow. Each call leaves an effect behind after the agent's session ends.`,
  Execute: (name, server) =>
    `AI agents call ${name} to run code, commands or workloads through ${server}. What runs is decided by the arguments the agent chooses, so the effect of a call cannot be read from the tool's name alone.`,
  Destructive: (name, server) =>
    `AI agents call ${name} to remove or irreversibly change resources on ${server}, usually as a clean-up step. A call that was mistaken, or prompted by injected text, cannot be taken back.`,
  Financial: (name, server) =>
    `AI agents call ${name} to move money or create charges through ${server}. Every call has a cost that someone has to answer for.`,
};

const BLAST_RADIUS: Record<RiskCategory, string> = {
  Read: "It has no side effects: it does not execute commands, modify anything or delete resources. The blast radius of misuse is what it returns — an agent with access can only read.",
  Write:
    "It changes state. A looping or manipulated agent can make the same change many times, and every change is visible to the people and systems that rely on the server.",
  Execute:
    "It runs whatever the agent asks for. A prompt-injected agent with this tool can do anything the server's credentials allow, so the blast radius is the whole of what the server can reach.",
  Destructive:
    "It destroys or irreversibly alters data or infrastructure. One call is enough to cause lasting damage, and there is no undo on the server's side.",
  Financial: "It spends or moves money. Misuse costs real money, and a repeated call multiplies it.",
};

function singleTool(name: string, entry: TToolEntry): TPolicy {
  return { version: "1", default: "deny", tools: { [name]: entry } };
}

function relatedTools(entry: CatalogEntry, tool: CatalogTool): CatalogTool[] {
  const others = entry.tools.filter((other) => other.name !== tool.name);
  const same = others.filter((other) => other.classification.category === tool.classification.category);
  const rest = others
    .filter((other) => other.classification.category !== tool.classification.category)
    .sort((a, b) => LEVEL_RANK[b.classification.level] - LEVEL_RANK[a.classification.level]);
  return [...same, ...rest].slice(0, RELATED_COUNT);
}

function questionsOf(entry: CatalogEntry, tool: CatalogTool): CatalogQuestion[] {
  const { name } = tool;
  const { category, level } = tool.classification;
  return [
    {
      question: `What does the ${name} tool do?`,
      answer: `${tool.description ?? "Its server does not describe it."} It is categorised as a ${category} tool on ${entry.name}: ${USAGE[category](name, entry.name).replace(/^AI agents call \S+ to /, "agents use it to ")}`,
    },
    {
      question: `How do I enforce a policy on ${name}?`,
      answer: `Register ${entry.name} in Gatehouse and add a rule for ${name}: allow, deny, rate-limit or require approval. Point your MCP client at the server's gateway URL and the rule is enforced on every call, before it reaches ${entry.name}. Nothing to install.`,
    },
    {
      question: `What risk level is ${name}?`,
      answer: `${name} is a ${category} tool with ${level} risk. ${tool.recommendationSummary}`,
    },
    {
      question: `Can I rate-limit ${name}?`,
      answer: `Yes. Add a "rate_limit" block to its rule: "max": 10 and "window": 60 allow ten calls per minute. The counter is per agent session unless you set "scope" to "agent" or "account", and it resets by itself at the end of each window.`,
    },
    {
      question: `How do I block ${name} completely?`,
      answer: `Set "action": "deny" in its rule, with a "reason" the agent reads in the refusal. To keep it out of the agent's tool list altogether, add it to "hide". With "default": "deny", leaving it out of the policy also blocks it.`,
    },
    {
      question: `What MCP server provides ${name}?`,
      answer: `${name} is provided by ${entry.name} (${entry.publisher}). Gatehouse sits in front of it as a gateway and enforces your policy before a call reaches the server.`,
    },
  ];
}

export function catalogToolPage(entry: CatalogEntry, tool: CatalogTool): CatalogToolPage {
  const { category } = tool.classification;
  const exposure = tool.classification.exposure?.length
    ? " What it returns or changes can include secrets, credentials or who has access, which is why it is rated above what its verb alone says."
    : "";
  return {
    usage: `${USAGE[category](tool.name, entry.name)}${exposure}`,
    blastRadius: BLAST_RADIUS[category],
    rateLimitPolicy: singleTool(tool.name, { rate_limit: { max: 10, window: 60 } }),
    approvalPolicy: singleTool(tool.name, {
      action: "require_approval",
      reason: `A person approves each ${tool.name} call`,
    }),
    denyPolicy: singleTool(tool.name, {
      action: "deny",
      reason: `${tool.name} is not available to agents`,
    }),
    related: relatedTools(entry, tool),
    questions: questionsOf(entry, tool),
  };
}
