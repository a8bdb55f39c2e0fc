// Calling the REST API's route handlers in-process, as a client with an account API token would.
import type { DbClient } from "@gatehouse/db";
import { generateApiToken } from "@gatehouse/db/secrets";
import type { TRole } from "@/server/context";

type THandler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** A fresh `gate_at_…` token of this account with this role. */
export async function apiToken(db: DbClient, organizationId: string, role: TRole): Promise<string> {
  const credential = generateApiToken();
  await db.apiToken.create({
    data: {
      organizationId,
      name: `${role}-token`,
      role,
      prefix: credential.prefix,
      tokenHash: credential.hash,
    },
  });
  return credential.value;
}

/** `module` is the route's folder under app/api/v1, e.g. `agents/[id]`. */
export async function callApi(
  module: string,
  method: string,
  options: { token: string; body?: unknown; params?: Record<string, string> },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const handlers = (await import(/* @vite-ignore */ `@/app/api/v1/${module}/route`)) as Record<
    string,
    THandler
  >;
  const handler = handlers[method];
  if (!handler) throw new Error(`${module} has no ${method}`);
  const request = new Request(`http://web.test/api/v1/${module}`, {
    method,
    headers: { authorization: `Bearer ${options.token}`, "content-type": "application/json" },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
