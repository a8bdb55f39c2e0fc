/**
 * `@gatehouse/policy/hash` — Node-only (node:crypto) hashing: canonical JSON, tool-definition hashes
 * for rug-pull detection (DESIGN §3) and call hashes that bind an approval to agent, tool and
 * arguments (DESIGN §4).
 */
import { createHash } from "node:crypto";

/**
 * JSON with object keys sorted (by UTF-16 code units) at every level, no whitespace. `undefined`
 * properties are dropped as JSON.stringify does; non-finite numbers become `null`. Throws on cycles.
 */
export function canonicalJson(value: unknown): string {
  const seen = new Set<object>();
  const write = (node: unknown): string => {
    if (node === null || node === undefined) return "null";
    switch (typeof node) {
      case "string":
        return JSON.stringify(node);
      case "number":
        return Number.isFinite(node) ? JSON.stringify(node) : "null";
      case "boolean":
        return node ? "true" : "false";
      case "bigint":
        return JSON.stringify(node.toString());
      case "object":
        break;
      default:
        return "null";
    }
    const object = node as object;
    if (seen.has(object)) throw new TypeError("canonicalJson: cyclic value");
    seen.add(object);
    let out: string;
    if (Array.isArray(object)) {
      out = `[${object.map((item) => (item === undefined ? "null" : write(item))).join(",")}]`;
    } else {
      const record = object as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((key) => record[key] !== undefined && typeof record[key] !== "function")
        .sort();
      out = `{${keys.map((key) => `${JSON.stringify(key)}:${write(record[key])}`).join(",")}}`;
    }
    seen.delete(object);
    return out;
  };
  return write(value);
}

function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export interface HashableToolDefinition {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: unknown;
  outputSchema?: unknown;
  annotations?: unknown;
}

/** sha256 (hex) of the canonical JSON of the parts of a tool definition an agent relies on. */
export function toolDefinitionHash(tool: HashableToolDefinition): string {
  return sha256Hex(
    canonicalJson({
      name: tool.name,
      title: tool.title ?? null,
      description: tool.description ?? null,
      inputSchema: tool.inputSchema ?? null,
      outputSchema: tool.outputSchema ?? null,
      annotations: tool.annotations ?? null,
    }),
  );
}
