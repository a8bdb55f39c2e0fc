// Client ID metadata documents (MCP authorization 2025-11-25; draft-ietf-oauth-client-id-metadata-document): a
// client_id that is an https URL names a JSON document describing the client. It is fetched through the upstream
// SSRF guard (packages/upstream: resolved addresses checked, no redirects), bounded in size and time, and must name
// itself as client_id. The store caches the result (see clients-store.ts).

import { createUpstreamFetch } from "@gatehouse/upstream";
import {
  InvalidClientError,
  InvalidClientMetadataError,
} from "@modelcontextprotocol/sdk/server/auth/errors.js";
import {
  type OAuthClientMetadata,
  OAuthClientMetadataSchema,
} from "@modelcontextprotocol/sdk/shared/auth.js";
import { redirectUriProblem } from "./redirect-uris";

export const MAX_METADATA_DOCUMENT_BYTES = 5 * 1024;
export const METADATA_FETCH_TIMEOUT_MS = 5_000;

/** Whether a client_id is meant as a metadata document URL (https, with a path). */
export function isMetadataDocumentUrl(clientId: string): boolean {
  if (!clientId.startsWith("https://")) return false;
  try {
    const url = new URL(clientId);
    return url.pathname !== "/" && !url.hash && !url.username && !url.password;
  } catch {
    return false;
  }
}

const fetchers = new Map<boolean, ReturnType<typeof createUpstreamFetch>>();

/** Fetches and validates the document; every failure is the OAuth error the client sees (invalid_client). */
export async function fetchClientMetadata(
  clientId: string,
  options: { allowPrivate: boolean; timeoutMs?: number },
): Promise<OAuthClientMetadata> {
  let fetcher = fetchers.get(options.allowPrivate);
  if (!fetcher) {
    fetcher = createUpstreamFetch({
      allowPrivate: options.allowPrivate,
      maxMessageBytes: MAX_METADATA_DOCUMENT_BYTES,
    });
    fetchers.set(options.allowPrivate, fetcher);
  }
  let text: string;
  try {
    const answer = await fetcher(clientId, {
      headers: { accept: "application/json" },
      signal: AbortSignal.timeout(options.timeoutMs ?? METADATA_FETCH_TIMEOUT_MS),
    });
    if (answer.status !== 200) throw new Error(`answered HTTP ${answer.status}`);
    const length = Number(answer.headers.get("content-length") ?? "0");
    if (length > MAX_METADATA_DOCUMENT_BYTES) throw new Error("is too large");
    text = await answer.text();
    if (Buffer.byteLength(text) > MAX_METADATA_DOCUMENT_BYTES) throw new Error("is too large");
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidClientError(`The client ID metadata document could not be fetched: ${reason}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InvalidClientError("The client ID metadata document is not JSON");
  }
  const parsed = OAuthClientMetadataSchema.safeParse(json);
  if (!parsed.success)
    throw new InvalidClientMetadataError(
      `The client ID metadata document is invalid: ${parsed.error.message}`,
    );
  if ((json as { client_id?: unknown }).client_id !== clientId) {
    throw new InvalidClientError("The client ID metadata document names a different client_id than its URL");
  }
  const metadata = parsed.data;
  const method = metadata.token_endpoint_auth_method ?? "none";
  if (method !== "none") {
    throw new InvalidClientMetadataError(
      "A client ID metadata document client authenticates with none (no secret)",
    );
  }
  for (const uri of metadata.redirect_uris) {
    const problem = redirectUriProblem(uri);
    if (problem) throw new InvalidClientMetadataError(problem);
  }
  return { ...metadata, token_endpoint_auth_method: "none" };
}
