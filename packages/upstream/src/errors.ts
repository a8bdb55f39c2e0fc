/** The one error type of this package: a code the caller can branch on and a message a person can read. */
export type UpstreamErrorCode =
  | "invalid_target"
  | "private_address"
  | "dns_failure"
  | "stdio_not_allowed"
  | "connect_failed"
  | "timeout";

export class UpstreamError extends Error {
  readonly code: UpstreamErrorCode;

  constructor(code: UpstreamErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UpstreamError";
    this.code = code;
  }
}

export function isUpstreamError(error: unknown): error is UpstreamError {
  return error instanceof UpstreamError;
}
