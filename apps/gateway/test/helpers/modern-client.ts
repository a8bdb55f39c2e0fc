/** A `@modelcontextprotocol/client` 2.x on MCP 2026-07-28, for the tests of the stateless path. */
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";

/** A 2026-07-28 client (it probes with server/discover and never falls back to initialize); it accepts every elicitation. */
export async function modernClient(url: URL | string, key?: string): Promise<Client> {
  const client = new Client(
    { name: "modern-test", version: "1.0.0" },
    { capabilities: { elicitation: { form: {} } }, versionNegotiation: { mode: { pin: "2026-07-28" } } },
  );
  client.setRequestHandler("elicitation/create", async () => ({ action: "accept", content: { yes: true } }));
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}
