/**
 * Data exposure for the risk classifier (DESIGN §3): evidence that a tool returns secrets or credentials
 * (environment variables, tokens, passwords, keys) or changes who has access (passwords, firewall or
 * security-group rules, permissions, roles, SSH keys). Such evidence raises the severity to `high` whatever the
 * category says (`get-env` is Read but high); it never lowers anything. Access words count only for tools that
 * change state: listing security groups changes nobody's access.
 */
import type { RiskCategory } from "./classify-vocabulary";

export type Exposure = "secrets" | "access";

export interface ExposureFinding {
  exposure: Exposure;
  evidence: string;
}

const words = (text: string): string[] => text.trim().split(/\s+/);

/** Single name words that say the tool handles secrets. */
const SECRET_WORDS = new Set(
  words(
    "env environ dotenv secret secrets password passwords passwd credential credentials apikey apikeys secretkey " +
      "privatekey keychain",
  ),
);
/** Adjacent name words that say the same (`get_api_key`, `createAccessToken`). */
const SECRET_PAIRS = new Set(
  words(
    "api:key api:keys access:key access:keys secret:key secret:keys private:key private:keys access:token " +
      "access:tokens auth:token auth:tokens api:token api:tokens bearer:token refresh:token refresh:tokens " +
      "session:token session:tokens env:vars environment:variables",
  ),
);
/** Single name words that say the tool changes access (for tools that change state). */
const ACCESS_WORDS = new Set(
  words(
    "password passwords passwd firewall permission permissions acl acls role roles grant revoke iam ingress egress " +
      "keypair sshkey invite collaborator collaborators",
  ),
);
const ACCESS_PAIRS = new Set(
  words("security:group security:groups ssh:key ssh:keys key:pair key:pairs static:nat port:forwarding"),
);

const SECRET_PHRASE =
  /\b(environment variables?|env vars?|secrets?|credentials?|passwords?|api[ _-]?keys?|access keys?|secret keys?|private keys?|(?:access|auth|bearer|refresh|api|session) tokens?)\b/i;
const ACCESS_PHRASE =
  /\b(passwords?|firewall(?: rules?)?|security groups?(?: (?:ingress |egress )?rules?)?|permissions?|access control|acls?|ssh keys?|key pairs?|ingress|egress|static nat|port forwarding|roles?|grants? access|revokes? access)\b/i;

/** Input fields that set a credential or an access rule. */
const ACCESS_FIELDS = new Set(
  words(
    "password passwd newpassword new_password publickey public_key sshkey ssh_key permissions role roles acl",
  ),
);

function fromName(tokens: readonly string[], single: Set<string>, pairs: Set<string>): string | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const pair = `${tokens[i]}:${tokens[i + 1]}`;
    if (i + 1 < tokens.length && pairs.has(pair)) return `${tokens[i]} ${tokens[i + 1]}`;
    if (single.has(tokens[i]!)) return tokens[i];
  }
  return undefined;
}

/**
 * The exposure evidence of a tool, at most one finding per kind. `tokens` are the name's words;
 * `changesState` is whether its category is above Read.
 */
export function findExposure(options: {
  tokens: readonly string[];
  description: string | undefined;
  fields: readonly string[];
  category: RiskCategory;
}): ExposureFinding[] {
  const { tokens, fields, category } = options;
  const description = (options.description ?? "").slice(0, 4_000);
  const findings: ExposureFinding[] = [];
  const secretName = fromName(tokens, SECRET_WORDS, SECRET_PAIRS);
  const secretText = SECRET_PHRASE.exec(description)?.[1];
  if (secretName) findings.push({ exposure: "secrets", evidence: `name says "${secretName}"` });
  else if (secretText) findings.push({ exposure: "secrets", evidence: `description says "${secretText}"` });
  if (category === "Read") return findings;
  const accessName = fromName(tokens, ACCESS_WORDS, ACCESS_PAIRS);
  const accessText = ACCESS_PHRASE.exec(description)?.[1];
  const accessField = fields.find((field) => ACCESS_FIELDS.has(field.toLowerCase()));
  if (accessName) findings.push({ exposure: "access", evidence: `name says "${accessName}"` });
  else if (accessText) findings.push({ exposure: "access", evidence: `description says "${accessText}"` });
  else if (accessField) findings.push({ exposure: "access", evidence: `input has field "${accessField}"` });
  return findings;
}

export const EXPOSURE_TEXT: Readonly<Record<Exposure, string>> = {
  secrets: "may expose secrets or credentials",
  access: "changes who has access",
};
