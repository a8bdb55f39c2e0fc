/**
 * The relay's JSON-RPC checks must accept exactly what the SDK's zod schemas accept: compared on generated messages
 * that are valid, nearly valid (one field of the wrong type, one extra key) and random JSON.
 */
import {
  InitializedNotificationSchema,
  InitializeRequestSchema,
  isJSONRPCErrorResponse,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  JSONRPCMessageSchema,
  RELATED_TASK_META_KEY,
} from "@modelcontextprotocol/sdk/types.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  isInitializedMessage,
  isInitializeMessage,
  isJsonRpcMessage,
  isRpcRequest,
  isRpcResponse,
  isRpcResult,
  parseJsonRpcMessage,
} from "../src/jsonrpc.js";

const oddValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.string({ maxLength: 4 }),
  fc.integer(),
  fc.double(),
  fc.constant(2 ** 60),
  fc.constant([]),
  fc.constant({}),
  fc.constant("2.0"),
);
const id = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), oddValue);
const meta = fc.oneof(
  fc.record(
    {
      progressToken: id,
      [RELATED_TASK_META_KEY]: fc.oneof(fc.record({ taskId: id }), oddValue),
      other: oddValue,
    },
    { requiredKeys: [] },
  ),
  oddValue,
);
const params = fc.oneof(
  fc.record({ _meta: meta, name: fc.string({ maxLength: 4 }), arguments: oddValue }, { requiredKeys: [] }),
  oddValue,
);
const method = fc.oneof(
  fc.constantFrom("tools/call", "initialize", "notifications/initialized", "ping"),
  fc.string({ maxLength: 5 }),
  oddValue,
);
const jsonrpc = fc.oneof(fc.constant("2.0"), fc.constant("2.0"), fc.constant("1.0"), oddValue);
const errorBody = fc.oneof(
  fc.record(
    { code: fc.oneof(fc.integer(), oddValue), message: fc.oneof(fc.string(), oddValue), data: oddValue },
    {
      requiredKeys: [],
    },
  ),
  oddValue,
);
const result = fc.oneof(fc.record({ _meta: meta, content: oddValue }, { requiredKeys: [] }), oddValue);
const initializeParams = fc.record(
  {
    protocolVersion: fc.oneof(fc.constant("2025-06-18"), oddValue),
    capabilities: fc.oneof(fc.constant({}), oddValue),
    clientInfo: fc.oneof(fc.constant({ name: "c", version: "1" }), oddValue),
  },
  { requiredKeys: [] },
);

/** Mostly the valid value, sometimes an odd one. */
function usually<T>(valid: fc.Arbitrary<T>) {
  return fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: oddValue, weight: 1 });
}
const validId = fc.oneof(fc.string({ maxLength: 6 }), fc.integer());
const validMeta = fc.record({ progressToken: validId }, { requiredKeys: [] });
const validParams = fc.record(
  { _meta: usually(validMeta), name: fc.string({ maxLength: 4 }) },
  { requiredKeys: [] },
);
const stray = fc.record({ extra: oddValue, id: id }, { requiredKeys: [] });
const base = { jsonrpc: usually(fc.constant("2.0")) };
/** One message of each kind, each field usually valid, sometimes with a stray key. */
const message = fc
  .oneof(
    fc.record(
      { ...base, id: usually(validId), method, params: usually(fc.oneof(validParams, initializeParams)) },
      {
        requiredKeys: ["jsonrpc", "id", "method"],
      },
    ),
    fc.record({ ...base, method, params: usually(validParams) }, { requiredKeys: ["jsonrpc", "method"] }),
    fc.record({
      ...base,
      id: usually(validId),
      result: usually(fc.record({ _meta: usually(validMeta) }, { requiredKeys: [] })),
    }),
    fc.record(
      {
        ...base,
        id: usually(validId),
        error: usually(fc.record({ code: usually(fc.integer()), message: usually(fc.string()) })),
      },
      { requiredKeys: ["jsonrpc", "error"] },
    ),
    fc.record({ jsonrpc, id, method, params, result, error: errorBody }, { requiredKeys: [] }),
  )
  .chain((value) =>
    fc.oneof(
      { arbitrary: fc.constant(value), weight: 4 },
      stray.map((more) => ({ ...value, ...more })),
    ),
  );
const anything = fc.oneof(message, fc.jsonValue({ maxDepth: 3 }));

function zodAccepts(value: unknown): boolean {
  return JSONRPCMessageSchema.safeParse(value).success;
}

describe("JSON-RPC checks agree with the SDK's schemas", () => {
  it("accepts exactly the messages JSONRPCMessageSchema accepts", () => {
    let accepted = 0;
    fc.assert(
      fc.property(anything, (value) => {
        const ours = isJsonRpcMessage(value);
        expect(ours).toBe(zodAccepts(value));
        if (ours) accepted += 1;
      }),
      { numRuns: 20_000 },
    );
    expect(accepted).toBeGreaterThan(2000); // the generator reaches valid messages, not only refusals
  });

  it("classifies requests, results and errors as the SDK's guards do", () => {
    fc.assert(
      fc.property(anything, (value) => {
        expect(isRpcRequest(value)).toBe(isJSONRPCRequest(value));
        expect(isRpcResult(value)).toBe(isJSONRPCResultResponse(value));
        expect(isRpcResponse(value)).toBe(isJSONRPCResultResponse(value) || isJSONRPCErrorResponse(value));
        expect(isInitializeMessage(value)).toBe(InitializeRequestSchema.safeParse(value).success);
        expect(isInitializedMessage(value)).toBe(InitializedNotificationSchema.safeParse(value).success);
      }),
      { numRuns: 20_000 },
    );
  });

  it("returns the message itself, keeping what the schema would strip", () => {
    const sent = { jsonrpc: "2.0", id: 1, error: { code: -1, message: "x", vendor: { detail: true } } };
    expect(parseJsonRpcMessage(sent)).toBe(sent);
    expect(() => parseJsonRpcMessage({ jsonrpc: "2.0", id: null, method: "ping" })).toThrow(
      "Invalid JSON-RPC message",
    );
  });

  it("refuses the shapes a careless check lets through", () => {
    const refused = [
      { jsonrpc: "2.0", id: 1.5, method: "ping" },
      { jsonrpc: "2.0", id: 1, method: "ping", params: [] },
      { jsonrpc: "2.0", method: "notifications/x", id: null },
      { jsonrpc: "2.0", id: 1, result: [] },
      { jsonrpc: "2.0", id: 1, result: {}, error: { code: 1, message: "m" } },
      { jsonrpc: "2.0", id: 1, method: "ping", params: { _meta: { progressToken: 1.5 } } },
      JSON.parse('{"jsonrpc":"2.0","id":1,"method":"ping","__proto__":{}}'),
    ];
    for (const value of refused) {
      expect(isJsonRpcMessage(value)).toBe(false);
      expect(zodAccepts(value)).toBe(false);
    }
  });
});
