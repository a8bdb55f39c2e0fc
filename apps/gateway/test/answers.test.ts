// The gateway's answers are written once (src/answers.ts): no other source file spells a JSON-RPC error code, and
// the table's codes are the SDK's ErrorCode where it names one.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ErrorCode } from "@modelcontextprotocol/sdk/types.js";
import { ProtocolErrorCode } from "@modelcontextprotocol/server";
import { describe, expect, it } from "vitest";
import { GatewayErrorCode, HTTP_ANSWERS, RPC_ANSWERS } from "../src/answers.js";

const SRC = path.join(import.meta.dirname, "../src");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

describe("the gateway's answers", () => {
  it("are spelled in answers.ts only: no JSON-RPC error code literal anywhere else in src", () => {
    const offenders = sources(SRC)
      .filter((file) => path.basename(file) !== "answers.ts")
      .flatMap((file) =>
        readFileSync(file, "utf8")
          .split("\n")
          .map((line, index) => ({ line, where: `${path.relative(SRC, file)}:${index + 1}` }))
          .filter(({ line }) => /-3[12]\d{3}\b/.test(line) && !/^\s*(\*|\/\/)/.test(line)),
      )
      .map(({ where }) => where);
    expect(offenders).toEqual([]);
  });

  it("use the SDK's ErrorCode for the standard JSON-RPC errors", () => {
    expect(HTTP_ANSWERS.invalidMessage.code).toBe(ErrorCode.ParseError);
    expect(HTTP_ANSWERS.duplicateRequestId.code).toBe(ErrorCode.InvalidRequest);
    expect(RPC_ANSWERS.toolNameRequired.code).toBe(ErrorCode.InvalidParams);
    expect(RPC_ANSWERS.upstreamUnavailable("x").code).toBe(ErrorCode.InternalError);
    expect(GatewayErrorCode.UnsupportedProtocolVersion).toBe(ProtocolErrorCode.UnsupportedProtocolVersion);
  });

  it("refuse a reused request id with one answer, in the transport and in the relay", () => {
    expect(RPC_ANSWERS.duplicateRequestId).toEqual({
      code: HTTP_ANSWERS.duplicateRequestId.code,
      message: HTTP_ANSWERS.duplicateRequestId.message,
    });
  });
});
