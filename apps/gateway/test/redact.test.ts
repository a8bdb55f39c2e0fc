// Stored argument values (an account's storeArgumentValues): secrets are found wherever they sit in a string, by
// secretlint's maintained rules, and replaced in place; the text around them is kept.
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redactArguments } from "../src/audit/redact.js";
import { type FixtureAccount, seedFixtureAccount } from "./helpers/fixture-account.js";
import { connectClient, mcpUrl, type RunningGateway, startGateway, waitFor } from "./helpers/gateway.js";

/** Deterministic letters and digits, so the test holds no real token yet each one has its format's shape. */
function chars(length: number, step = 7): string {
  const alphabet = "aB3dE5fG7hJ9kLmN2pQ4rS6tU8vW0xYz";
  return Array.from({ length }, (_, i) => alphabet[(i * step + 3) % alphabet.length]).join("");
}

const rsaKey = generateKeyPairSync("rsa", { modulusLength: 1024 })
  .privateKey.export({ type: "pkcs1", format: "pem" })
  .toString();

// Each secret sits in the middle of ordinary text, under a key whose name does not sound secret.
const SECRETS: Record<string, { text: string; secret: string }> = {};
function embed(name: string, secret: string, before = "please use ", after = " for the deploy") {
  SECRETS[name] = { text: `${before}${secret}${after}`, secret };
}
embed("github", `ghp_${chars(36)}`);
embed("slack", `xoxb-1234567890123-1234567890123-${chars(24)}`);
embed("openai", `sk-proj-${chars(58)}T3BlbkFJ${chars(58, 5)}`);
embed("anthropic", `sk-ant-api03-${chars(93)}AA`);
embed("npm", `npm_${chars(36)}`, "//registry.npmjs.org/:_authToken=");
embed("database", `postgres://admin:${chars(14)}@db.internal:5432/app`, "connect to ");
embed("aws", `wJalrXUtnFEMI/K7MDENG/bPxRfiCY${chars(10, 3)}`, 'aws_secret_access_key = "', '" in ~/.aws');
embed("pem", rsaKey, "the key is\n", "\nkeep it safe");
embed("gatehouse", `gate_ak_${chars(32)}`, "my agent key is ");
embed("jwt", `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.${chars(43)}`, "Authorization: Bearer ");

describe("redactArguments", () => {
  it("replaces every secret inside a string and keeps the words around it", async () => {
    const args = Object.fromEntries(Object.entries(SECRETS).map(([name, { text }]) => [name, text]));
    const stored = (await redactArguments(args)) as Record<string, string>;
    for (const [name, { text, secret }] of Object.entries(SECRETS)) {
      const value = stored[name] ?? "";
      expect(value, name).toContain("[redacted]");
      // No piece of the secret that is long enough to matter remains.
      for (let i = 0; i + 12 <= secret.length; i += 6) {
        const piece = secret.slice(i, i + 12);
        if (!/\s|-----/.test(piece)) expect(value, `${name}: ${piece}`).not.toContain(piece);
      }
      const after = text.slice(text.indexOf(secret) + secret.length);
      expect(value.endsWith(after), name).toBe(true);
    }
    expect(stored.github).toBe("please use [redacted] for the deploy");
  });

  it("finds secrets in nested values and arrays, and leaves ordinary text alone", async () => {
    const token = SECRETS.github?.secret ?? "";
    const stored = await redactArguments({
      path: "/etc/hosts",
      query: "count the lines in README.md and the words of CHANGELOG, then sum them",
      steps: [{ run: `git clone https://x-access:${token}@github.com/acme/app` }, 42, true, null],
      nested: { deeper: { still: `header: ${token}` } },
    });
    expect(stored).toEqual({
      path: "/etc/hosts",
      query: "count the lines in README.md and the words of CHANGELOG, then sum them",
      steps: [{ run: expect.stringContaining("[redacted]") }, 42, true, null],
      nested: { deeper: { still: "header: [redacted]" } },
    });
    expect(JSON.stringify(stored)).not.toContain(token.slice(4, 20));
  });

  it("still replaces the whole value of a secret-sounding key, and bounds what it keeps", async () => {
    const stored = (await redactArguments({
      password: "hunter2",
      apiKey: "x",
      long: "a".repeat(5000),
    })) as Record<string, string>;
    expect(stored.password).toBe("[redacted]");
    expect(stored.apiKey).toBe("[redacted]");
    expect(stored.long).toHaveLength(2000);
  });
});

describe("the gateway stores argument values redacted", () => {
  let fx: FixtureAccount;
  let gw: RunningGateway;

  beforeAll(async () => {
    fx = await seedFixtureAccount({ version: "1", default: "allow" }, { storeArgumentValues: true });
    gw = await startGateway(fx.database.url);
  }, 60_000);

  afterAll(async () => {
    await gw?.stop();
    await fx?.close();
  });

  it("audits a call whose message carries a token mid-sentence without the token", async () => {
    const client = await connectClient(mcpUrl(gw.base, fx.account, fx.server), fx.key);
    const message = SECRETS.slack?.text ?? "";
    await client.callTool({ name: "echo", arguments: { message } });
    const event = await waitFor(async () => {
      const rows = await fx.database.db.auditEvent.findMany({
        where: { organizationId: fx.orgId, method: "tools/call", tool: "echo" },
      });
      return rows[0];
    }, 10_000);
    expect(event.arguments).toEqual({ message: "please use [redacted] for the deploy" });
    await client.close();
  });
});
