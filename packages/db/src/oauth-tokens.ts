// OAuth access tokens of Gatehouse's authorization server (DESIGN §10): signed JWTs (jose, HS256 under a key derived
// from GATEHOUSE_SECRET_KEY), never stored. The dashboard signs them; every gateway replica verifies them without a
// database round trip, then checks the grant and agent in its account cache (revocation within a second).
import { hkdfSync } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";

/** Access tokens live one hour (DESIGN §10); refresh tokens rotate on every use. */
export const ACCESS_TOKEN_TTL_SECONDS = 3600;

const KEY_INFO = "gatehouse/oauth-access-token/v1";

/** The HMAC key for access tokens, derived from the 32-byte GATEHOUSE_SECRET_KEY (so both apps have it). */
export function accessTokenKey(secretKey: Buffer): Uint8Array {
  return new Uint8Array(hkdfSync("sha256", secretKey, Buffer.alloc(0), KEY_INFO, 32));
}

export interface AccessTokenClaims {
  /** The issuer: WEB_PUBLIC_URL. */
  issuer: string;
  /** The one resource the token is for: a gateway OAuth URL (RFC 8707). */
  audience: string;
  /** The user who consented. */
  userId: string;
  /** The OAuth client_id. */
  clientId: string;
  grantId: string;
  agentId: string;
  organizationId: string;
}

export async function signAccessToken(
  key: Uint8Array,
  claims: AccessTokenClaims,
  ttlSeconds = ACCESS_TOKEN_TTL_SECONDS,
): Promise<string> {
  return new SignJWT({
    client_id: claims.clientId,
    gh_grant: claims.grantId,
    gh_agent: claims.agentId,
    gh_org: claims.organizationId,
  })
    .setProtectedHeader({ alg: "HS256", typ: "at+jwt" })
    .setIssuer(claims.issuer)
    .setAudience(claims.audience)
    .setSubject(claims.userId)
    .setIssuedAt()
    .setJti(crypto.randomUUID())
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key);
}

export type VerifyResult =
  | { ok: true; claims: AccessTokenClaims; expiresAt: number }
  | { ok: false; reason: "expired" | "invalid" };

/** Verifies signature, issuer, audience (exactly the expected resource) and expiry. */
export async function verifyAccessToken(
  key: Uint8Array,
  token: string,
  expected: { issuer: string; audience?: string },
): Promise<VerifyResult> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ["HS256"],
      typ: "at+jwt",
      issuer: expected.issuer,
      ...(expected.audience ? { audience: expected.audience } : {}),
    });
    const { client_id, gh_grant, gh_agent, gh_org, sub, aud, iss } = payload;
    if (
      typeof client_id !== "string" ||
      typeof gh_grant !== "string" ||
      typeof gh_agent !== "string" ||
      typeof gh_org !== "string" ||
      typeof sub !== "string" ||
      typeof aud !== "string" ||
      typeof iss !== "string" ||
      typeof payload.exp !== "number"
    ) {
      return { ok: false, reason: "invalid" };
    }
    return {
      ok: true,
      claims: {
        issuer: iss,
        audience: aud,
        userId: sub,
        clientId: client_id,
        grantId: gh_grant,
        agentId: gh_agent,
        organizationId: gh_org,
      },
      expiresAt: payload.exp * 1000,
    };
  } catch (error: unknown) {
    return { ok: false, reason: error instanceof errors.JWTExpired ? "expired" : "invalid" };
  }
}

/** `{gateway}/{account}/{server}/oauth/mcp`: the resource (and audience) of one server's OAuth URL. */
export function oauthResourceUrl(gatewayPublicUrl: string, account: string, server: string): string {
  return `${gatewayPublicUrl.replace(/\/+$/, "")}/${account}/${server}/oauth/mcp`;
}

const SLUG = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/** The account and server of a Gatehouse OAuth URL, or undefined when `resource` is not one. */
export function parseOAuthResource(
  gatewayPublicUrl: string,
  resource: string,
): { account: string; server: string } | undefined {
  const base = gatewayPublicUrl.replace(/\/+$/, "");
  if (!resource.startsWith(`${base}/`)) return undefined;
  const rest = resource.slice(base.length + 1);
  const [account = "", server = "", oauth, mcp, ...more] = rest.split("/");
  if (oauth !== "oauth" || mcp !== "mcp" || more.length > 0) return undefined;
  if (!SLUG.test(account) || !SLUG.test(server)) return undefined;
  return { account, server };
}
