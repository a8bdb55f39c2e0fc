/**
 * Account-URL names (issue 20, DESIGN §5): the names an agent sees through its account URL
 * (`/{account}/mcp`), which gathers every server it is scoped to, and the exact way back to
 * (server, upstream name). Pure and deterministic — the gateway and the dashboard's preview
 * compute the same names from the same input, whatever its order.
 *
 * Tools and prompts (two separate namespaces, each with the same rule):
 * 1. The candidate is `{serverSlug}__{name}` with every character outside `[A-Za-z0-9_-]`
 *    replaced by `_` (clients accept tool names of `[A-Za-z0-9_-]{1,64}`).
 * 2. A candidate of at most 64 characters is used as it is when no other name has the same
 *    candidate, or when it is the only one of those left unchanged by step 1 (so `a_b` keeps its
 *    name when `a.b` also exists; `a.b` moves).
 * 3. Every other name — too long, or colliding after step 1 — becomes the candidate's first 55
 *    characters, `_` and 8 hex digits: the FNV-1a 32-bit hash of the UTF-8 `{serverSlug}/{name}`.
 *    Should that still meet a name already given (vanishingly rare), `#1`, `#2`, … is appended to
 *    the hashed text until it does not; such names are settled in (slug, name) code-unit order, so
 *    the outcome never depends on the order of the input.
 * Dashboard slugs (`[a-z0-9-]`, at most 40 characters) contain no `_`, so everything before the
 * first `__` is the slug and names never meet across servers: one server's names depend only on
 * its own tools. Other slugs are still handled (collisions are settled across all servers).
 *
 * Resources: `gatehouse://{serverSlug}/{upstream URI verbatim}` — e.g.
 * `gatehouse://server-filesystem/file:///tmp/a.txt`. Resource templates get the same prefix, so a
 * URI the client expands from a template maps back too. Mapping back strips the prefix only for a
 * slug of the agent's scope (a `Map` lookup; slugs contain no `/`), and the rest is the upstream
 * URI unchanged.
 *
 * Mapping back is a lookup in the tables built here, never a parse of the name.
 */

/** The longest name clients accept for a tool (and, by the same rule, a prompt). */
export const ACCOUNT_NAME_MAX_LENGTH = 64;
/** Between server slug and upstream name. */
export const ACCOUNT_NAME_SEPARATOR = "__";
/** The scheme of resource URIs on an account URL. */
export const ACCOUNT_RESOURCE_SCHEME = "gatehouse";

const HASH_DIGITS = 8;
const HASHED_PREFIX_LENGTH = ACCOUNT_NAME_MAX_LENGTH - 1 - HASH_DIGITS;
const RESOURCE_PREFIX = `${ACCOUNT_RESOURCE_SCHEME}://`;

/** A server of the agent's scope with the names its upstream lists. */
export interface AccountServerNames {
  slug: string;
  tools?: readonly string[];
  prompts?: readonly string[];
}

/** Where an account-URL name points: the server and the upstream's own name (or URI). */
export interface AccountNameTarget {
  slug: string;
  name: string;
}

/** One namespace (tools or prompts) of an account URL, both ways. */
export interface AccountNameTable {
  /** The account-URL name of a server's upstream name, if that name was given to the table. */
  nameOf(slug: string, name: string): string | undefined;
  /** The server and upstream name an account-URL name stands for; `undefined` when none. */
  resolve(accountName: string): AccountNameTarget | undefined;
  /** Every (account name → target), in the order the names were given. */
  entries(): ReadonlyArray<readonly [string, AccountNameTarget]>;
}

/** Both namespaces plus the resource mapping for one agent's scope. */
export interface AccountNames {
  tools: AccountNameTable;
  prompts: AccountNameTable;
  /** The account-URL form of a resource URI (or URI template) of a scoped server. */
  resourceUri(slug: string, uri: string): string;
  /** The server and upstream URI of an account-URL resource URI; `undefined` when it names no scoped server. */
  resolveResourceUri(accountUri: string): { slug: string; uri: string } | undefined;
}

/** `{slug}__{name}` with every character outside `[A-Za-z0-9_-]` replaced by `_` (no length limit). */
export function accountNameCandidate(slug: string, name: string): string {
  return `${slug}${ACCOUNT_NAME_SEPARATOR}${name}`.replace(/[^A-Za-z0-9_-]/gu, "_");
}

/** FNV-1a 32-bit of the UTF-8 bytes, as 8 lower-case hex digits: small, stable, browser-safe. */
export function shortNameHash(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(HASH_DIGITS, "0");
}

function compareTargets(a: AccountNameTarget, b: AccountNameTarget): number {
  if (a.slug !== b.slug) return a.slug < b.slug ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return 0;
}

/** Builds one namespace's table from (slug, name) pairs; duplicates of a pair count once. */
export function buildAccountNameTable(targets: Iterable<AccountNameTarget>): AccountNameTable {
  const unique = new Map<string, AccountNameTarget>();
  for (const target of targets) {
    // JSON of the pair is an unambiguous key (slugs and names may hold any character).
    const key = JSON.stringify([target.slug, target.name]);
    if (!unique.has(key)) unique.set(key, { slug: target.slug, name: target.name });
  }
  const items = [...unique.entries()].map(([key, target]) => ({
    key,
    target,
    candidate: accountNameCandidate(target.slug, target.name),
  }));
  const byCandidate = new Map<string, typeof items>();
  for (const item of items) {
    const group = byCandidate.get(item.candidate);
    if (group) group.push(item);
    else byCandidate.set(item.candidate, [item]);
  }

  const given = new Map<string, string>(); // pair key → account name
  const taken = new Set<string>();
  const toHash: typeof items = [];
  for (const group of byCandidate.values()) {
    const first = group[0];
    if (!first || first.candidate.length > ACCOUNT_NAME_MAX_LENGTH) {
      toHash.push(...group);
      continue;
    }
    const unchanged = group.filter(
      (item) => item.candidate === `${item.target.slug}${ACCOUNT_NAME_SEPARATOR}${item.target.name}`,
    );
    const keeper = group.length === 1 ? first : unchanged.length === 1 ? unchanged[0] : undefined;
    for (const item of group) {
      if (item === keeper) {
        given.set(item.key, item.candidate);
        taken.add(item.candidate);
      } else {
        toHash.push(item);
      }
    }
  }
  toHash.sort((a, b) => compareTargets(a.target, b.target));
  for (const item of toHash) {
    const prefix = item.candidate.slice(0, HASHED_PREFIX_LENGTH);
    const original = `${item.target.slug}/${item.target.name}`;
    let name = `${prefix}_${shortNameHash(original)}`;
    for (let attempt = 1; taken.has(name); attempt += 1) {
      name = `${prefix}_${shortNameHash(`${original}#${attempt}`)}`;
    }
    given.set(item.key, name);
    taken.add(name);
  }

  const forward = new Map<string, string>();
  const back = new Map<string, AccountNameTarget>();
  const ordered: Array<readonly [string, AccountNameTarget]> = [];
  for (const { key, target } of items) {
    const name = given.get(key);
    if (name === undefined) continue;
    forward.set(key, name);
    back.set(name, target);
    ordered.push([name, target]);
  }
  return {
    nameOf: (slug, name) => forward.get(JSON.stringify([slug, name])),
    resolve: (accountName) => {
      const target = back.get(accountName);
      return target ? { slug: target.slug, name: target.name } : undefined;
    },
    entries: () => ordered,
  };
}

/** The account-URL form of a scoped server's resource URI or URI template. */
export function accountResourceUri(slug: string, uri: string): string {
  return `${RESOURCE_PREFIX}${slug}/${uri}`;
}

/**
 * The server and upstream URI of an account-URL resource URI, for a server in `slugs` only;
 * `undefined` for anything else (another scheme, an unscoped or unknown server).
 */
export function resolveAccountResourceUri(
  accountUri: string,
  slugs: ReadonlySet<string>,
): { slug: string; uri: string } | undefined {
  if (!accountUri.startsWith(RESOURCE_PREFIX)) return undefined;
  const slash = accountUri.indexOf("/", RESOURCE_PREFIX.length);
  if (slash < 0) return undefined;
  const slug = accountUri.slice(RESOURCE_PREFIX.length, slash);
  if (!slugs.has(slug)) return undefined;
  return { slug, uri: accountUri.slice(slash + 1) };
}

/** Every name an agent sees through its account URL, for the servers it is scoped to. */
export function buildAccountNames(servers: readonly AccountServerNames[]): AccountNames {
  const slugs = new Set(servers.map((server) => server.slug));
  const pairs = (pick: (server: AccountServerNames) => readonly string[] | undefined) =>
    servers.flatMap((server) => (pick(server) ?? []).map((name) => ({ slug: server.slug, name })));
  return {
    tools: buildAccountNameTable(pairs((server) => server.tools)),
    prompts: buildAccountNameTable(pairs((server) => server.prompts)),
    resourceUri: accountResourceUri,
    resolveResourceUri: (accountUri) => resolveAccountResourceUri(accountUri, slugs),
  };
}
