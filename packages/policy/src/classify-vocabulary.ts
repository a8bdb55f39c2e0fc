/**
 * The words the risk classifier (DESIGN §3) recognises: verbs in tool names, phrases in descriptions,
 * input-schema field names. Kept apart from the logic so the vocabulary can grow without touching it.
 */

export type RiskCategory = "Read" | "Write" | "Execute" | "Destructive" | "Financial";
export type RiskLevel = "low" | "medium" | "high" | "critical";

export const LEVEL_OF: Readonly<Record<RiskCategory, RiskLevel>> = {
  Read: "low",
  Write: "medium",
  Execute: "high",
  Destructive: "critical",
  Financial: "critical",
};

/** Raising order; Destructive and Financial are equally critical, so neither replaces the other. */
export const RANK: Readonly<Record<RiskCategory, number>> = {
  Read: 1,
  Write: 2,
  Execute: 3,
  Destructive: 4,
  Financial: 4,
};

const words = (text: string): string[] => text.trim().split(/\s+/);

/** Verbs (and a few verb-like nouns) of tool names and of the first word of titles and descriptions. */
export const VERBS: ReadonlyMap<string, RiskCategory> = new Map<string, RiskCategory>([
  ...words(
    "list get describe read search find query fetch show view lookup inspect count status info browse open retrieve " +
      "return echo print tail head watch explain preview summarize summarise check lookup peek poll download export " +
      "diff compare validate verify calculate compute estimate resolve translate sum ping test whoami",
  ).map((w): [string, RiskCategory] => [w, "Read"]),
  ...words(
    "create update set put post add attach detach edit modify change patch insert upsert rename move copy upload " +
      "write save associate disassociate enable disable start stop reboot restart resume pause suspend scale migrate " +
      "resize toggle assign unassign register import tag untag label mark configure install publish send submit " +
      "approve merge reset acquire allocate release grant revoke invite schedule sync link unlink lock unlock clone " +
      "fork push commit apply replace archive restore snapshot backup subscribe unsubscribe notify email message " +
      "comment reply gzip zip compress make generate build cancel close reopen upgrade downgrade provision rotate " +
      "share accept reject",
  ).map((w): [string, RiskCategory] => [w, "Write"]),
  ...words(
    "run exec execute eval evaluate invoke call spawn shell command script launch trigger deploy bash sh " +
      "powershell python sql repl terminal cmd",
  ).map((w): [string, RiskCategory] => [w, "Execute"]),
  ...words(
    "delete del rm destroy expunge drop terminate wipe remove purge erase truncate kill shred uninstall " +
      "deprovision decommission nuke overwrite",
  ).map((w): [string, RiskCategory] => [w, "Destructive"]),
  ...words("pay charge refund transfer invoice payout purchase buy sell withdraw deposit bill checkout").map(
    (w): [string, RiskCategory] => [w, "Financial"],
  ),
]);

/** Description phrases that raise the category whatever the name says. */
export const DESCRIPTION_PHRASES: readonly { pattern: RegExp; category: RiskCategory }[] = [
  {
    pattern:
      /\b(cannot be undone|can ?not be undone|can't be undone|irreversibl[ey]|irrecoverabl[ey]|unrecoverable|permanently (?:delet|remov|destroy|eras)\w*|overwrit(?:e|es|ing|ten)|data loss|wipes? (?:out|all|the)\w*)/i,
    category: "Destructive",
  },
  {
    pattern:
      /\b(arbitrary (?:code|commands?|scripts?)|shell commands?|(?:execut|run)(?:e|es|s|ing)? (?:a |an |the |any )?(?:shell |system |arbitrary )?(?:commands?|scripts?|code)|evaluates? (?:code|expressions?|javascript|python))/i,
    category: "Execute",
  },
  {
    pattern:
      /\b((?:charg|refund|pay|transferr?|purchas|withdraw)(?:e|es|s|ed|ing)?\b.{0,30}\b(?:funds|money|payments?|cards?|customers?|invoices?|balances?|amounts?)\b|send(?:s|ing)? money|make (?:a )?payments?)/i,
    category: "Financial",
  },
];

/** Input-schema property names (split into words) that raise the category. */
export const FIELD_WORDS: ReadonlyMap<string, RiskCategory> = new Map<string, RiskCategory>([
  ...words("command cmd commands script scripts code shell exec eval bash powershell sql program").map(
    (w): [string, RiskCategory] => [w, "Execute"],
  ),
  ...words("amount price currency payment iban card_number cardnumber").map((w): [string, RiskCategory] => [
    w,
    "Financial",
  ]),
  ...words("expunge purge wipe").map((w): [string, RiskCategory] => [w, "Destructive"]),
]);

/** Words joining two verbs in a name (`get_or_create`), after which a second verb counts too. */
export const CONNECTORS: ReadonlySet<string> = new Set(["and", "or", "then"]);

export const CATEGORY_MEANING: Readonly<Record<RiskCategory, string>> = {
  Read: "Read tools retrieve information without changing anything; misuse can at most expose data the agent may already see",
  Write:
    "Write tools change state (create, update, attach, start or stop things); mistakes are usually reversible but still change what others see",
  Execute:
    "Execute tools run code, commands or workloads, whose effects are open-ended and hard to predict from the call alone",
  Destructive:
    "Destructive tools delete or irreversibly alter data or infrastructure; a mistaken or manipulated call cannot be taken back",
  Financial:
    "Financial tools move money or create financial obligations; a mistaken or manipulated call has a direct monetary cost",
};

export const CATEGORY_ADVICE: Readonly<Record<RiskCategory, string>> = {
  Read: "It is generally safe to allow, optionally with a rate limit.",
  Write: "Allow it with a rate limit, or require approval where the data matters.",
  Execute: "Require a person's approval, or deny it unless an agent truly needs it.",
  Destructive: "Deny it, or require a person's approval for each call.",
  Financial: "Require a person's approval for each call, or deny it.",
};
