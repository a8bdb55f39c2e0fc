// The REST API's adapter: authenticates `Authorization: Bearer gate_at_…` (or, for the dashboard's own fetches,
// the session cookie plus the `X-Gatehouse-Account` header), checks the role, runs the handler and shapes every
// error as `{ error: { code, message }, errors? }` (DESIGN §7).
import { hashToken } from "@gatehouse/db/secrets";
import { getSession, resolveAccountForUser, settings } from "./auth";
import { type AccountContext, hasRole, type TRole } from "./context";
import { db } from "./db";
import { AppError, toAppError } from "./errors";
import { wakeGateways } from "./gateway-wakeup";
import { logger } from "./logger";

export interface TRouteContext<P> {
  params: Promise<P>;
}

type THandler<P> = (ctx: AccountContext, request: Request, params: P) => Promise<Response | unknown>;

export function errorResponse(error: AppError): Response {
  return Response.json(
    {
      error: { code: error.code, message: error.message },
      ...(error.errors ? { errors: error.errors } : {}),
    },
    {
      status: error.status,
      headers: error.code === "unauthorized" ? { "WWW-Authenticate": 'Bearer realm="gatehouse"' } : {},
    },
  );
}

async function contextFromToken(value: string): Promise<AccountContext> {
  if (!value.startsWith("gate_at_")) throw new AppError("unauthorized", "Invalid API token");
  const token = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(value) },
    include: { organization: { select: { slug: true } } },
  });
  const now = new Date();
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now)) {
    throw new AppError("unauthorized", "Invalid API token");
  }
  // Last-use time is best effort and off the answer's critical path.
  void db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } }).catch(() => undefined);
  return {
    db,
    organizationId: token.organizationId,
    accountSlug: token.organization.slug,
    role: token.role,
    actor: { userId: null, tokenId: token.id, label: `token ${token.name}` },
    settings: settings(),
  };
}

async function contextFromSession(request: Request): Promise<AccountContext> {
  // Without a cookie there is no session to look up.
  const user = request.headers.get("cookie") ? await getSession() : null;
  if (!user)
    throw new AppError("unauthorized", "Send Authorization: Bearer gate_at_… (an account API token)");
  // A custom header, never a query parameter: cross-site pages cannot set it without CORS, so a session cookie
  // alone never authorises an API call (CSRF).
  const account = request.headers.get("x-gatehouse-account");
  if (!account) throw new AppError("bad_request", "Name the account in the X-Gatehouse-Account header");
  return resolveAccountForUser(user, account);
}

export async function authenticate(request: Request): Promise<AccountContext> {
  const header = request.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new AppError("unauthorized", "Malformed Authorization header");
    return contextFromToken(match[1]);
  }
  return contextFromSession(request);
}

/** Wraps a route handler: auth, role, JSON answer, error shapes. */
export function withApiAccount<P = Record<string, never>>(handler: THandler<P>, options: { role: TRole }) {
  return async (request: Request, route: TRouteContext<P>): Promise<Response> => {
    try {
      const params = await route.params;
      refuseNul(params, new URL(request.url).searchParams);
      const ctx = await authenticate(request);
      if (!hasRole(ctx.role, options.role)) {
        throw new AppError("forbidden", `This needs the ${options.role} role; the caller has ${ctx.role}`);
      }
      const result = await handler(ctx, request, params);
      if (request.method !== "GET") wakeGateways();
      if (result instanceof Response) return result;
      return Response.json(result ?? null);
    } catch (error: unknown) {
      const appError = toAppError(error);
      if (appError.code === "internal")
        logger.error({ err: error, path: new URL(request.url).pathname }, "API error");
      return errorResponse(appError);
    }
  };
}

/** The largest request body the API reads: a policy of the engine's maximum size fits with room to spare. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Reads the body up to MAX_BODY_BYTES without buffering more (a larger one is a 413). */
async function readBoundedText(request: Request): Promise<string> {
  const tooLarge = () =>
    new AppError("payload_too_large", `The request body is larger than ${MAX_BODY_BYTES} bytes`);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const nulError = () => new AppError("bad_request", "Text may not contain NUL characters (U+0000)");

/**
 * Postgres text cannot hold U+0000, so a NUL anywhere in a path parameter, the query or the body would fail
 * deep inside a query as a 500: it is refused at the door with a 400.
 */
function refuseNul(params: unknown, search: URLSearchParams): void {
  if (params && typeof params === "object") {
    for (const value of Object.values(params)) if (String(value).includes("\u0000")) throw nulError();
  }
  for (const [key, value] of search) if (key.includes("\u0000") || value.includes("\u0000")) throw nulError();
}

/** Walks the parsed body without recursion (a deeply nested body cannot overflow the stack here). */
function containsNul(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === "string") {
      if (value.includes("\u0000")) return true;
    } else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes("\u0000")) return true;
        stack.push(item);
      }
    }
  }
  return false;
}

/** Parses a JSON body; a malformed one (or one too deep for the parser, or with NUL in its text) is a 400. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await readBoundedText(request);
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON");
  }
  if (containsNul(value)) throw nulError();
  return value;
}

/** A JSON body that must be an object (or empty): `null`, arrays and scalars are a 400. */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  const value = await readJson(request);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new AppError("bad_request", "The request body must be a JSON object");
  }
  return value as Record<string, unknown>;
}

export function created(body: unknown): Response {
  return Response.json(body, { status: 201 });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}
