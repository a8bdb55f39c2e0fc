// One error type for the whole web app, with a code → HTTP status table (STYLE rule 6).
import { ZodError } from "zod";

export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  too_many_requests: 429,
  validation_failed: 422,
  upstream_refused: 422,
  upstream_unavailable: 502,
  internal: 500,
} as const;

export type TErrorCode = keyof typeof ERROR_STATUS;

export interface TFieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: TErrorCode;
  readonly errors: TFieldError[] | undefined;

  constructor(code: TErrorCode, message: string, errors?: TFieldError[]) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.errors = errors;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** A JSON Pointer (RFC 6901) for a zod issue path. */
export function toJsonPointer(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "";
  return `/${path.map((part) => String(part).replaceAll("~", "~0").replaceAll("/", "~1")).join("/")}`;
}

export function fromZodError(error: ZodError): AppError {
  const errors = error.issues.map((issue) => ({ path: toJsonPointer(issue.path), message: issue.message }));
  const first = errors[0];
  const message = first ? `${first.path || "body"}: ${first.message}` : "Invalid input";
  return new AppError("validation_failed", message, errors);
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return fromZodError(error);
  return new AppError("internal", "Something went wrong on our side.");
}

export function notFound(what = "Resource"): AppError {
  return new AppError("not_found", `${what} not found`);
}
