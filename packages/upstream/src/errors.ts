/** The one error type of this package: a code the caller can branch on and a message a person can read. */
import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

export type UpstreamErrorCode =
  | "invalid_target"
  | "private_address"
  | "dns_failure"
  | "stdio_not_allowed"
  | "connect_failed"
  | "timeout"
  | "message_too_large"
  | "no_answer"
  /** OAuth towards the upstream (oauth/): its metadata, registration, sign-in or tokens. */
  | "oauth_discovery"
  | "oauth_registration"
  | "oauth_token"
  /** No connection is made yet for this caller, or its tokens can no longer be refreshed. */
  | "authorization_required"
  | "authorization_expired";

export class UpstreamError extends Error {
  readonly code: UpstreamErrorCode;

  constructor(code: UpstreamErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UpstreamError";
    this.code = code;
  }
}

/** Requests the upstream will not answer: the stream meant to carry their answers ended (or was cut) first. */
export class UnansweredRequests extends UpstreamError {
  constructor(
    readonly requestIds: readonly (string | number)[],
    /** Why: the stream ended, or its next event was larger than the gateway accepts. */
    readonly reason: "stream_ended" | "message_too_large",
    message: string,
  ) {
    super("no_answer", message);
  }
}

export function isUpstreamError(error: unknown): error is UpstreamError {
  return error instanceof UpstreamError;
}

/**
 * The upstream answered a request in an established session with 404: it no longer knows the session (it
 * restarted, or expired it). Its clients must initialize a new one.
 */
export function upstreamSessionGone(error: unknown): boolean {
  return error instanceof StreamableHTTPError && error.code === 404;
}
